#include "cni_ipam.h"

#include "../evpn/proc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DELEGATE_OUT_MAX (1 << 20)

int cni_find_plugin(const char *type, const char *cni_path, char *out, size_t outsz,
		    struct cni_err *e)
{
	if (!cni_path || !*cni_path)
		return cni_fail(e, CNI_ERR_ENV, "CNI_PATH is not set; cannot find plugin '%s'", type);
	const char *p = cni_path;
	while (*p) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		if (n && (size_t)snprintf(out, outsz, "%.*s/%s", (int)n, p, type) < outsz) {
			struct stat st;
			if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
				return 0;
		}
		p += n + (colon ? 1 : 0);
	}
	return cni_fail(e, CNI_ERR_IPAM, "plugin '%s' not found in CNI_PATH %.200s", type,
			cni_path);
}

static int run_plugin(const char *path, const char *type, const char *cmd, json_t *config,
		      int timeout_ms, json_t **out, struct cni_err *e);

/* Highest version both we and the delegate speak, not above the config's own; so a
 * 1.1.0 network can use a delegate that stops at 1.0.0 (Debian 12's plugins do). */
static int negotiate(const char *path, const char *type, const char *cmd, const char *want,
		     char chosen[16], struct cni_err *e)
{
	json_t *req = json_pack("{s:s}", "cniVersion", want), *vout = NULL;
	int rc = run_plugin(path, type, "VERSION", req, 10000, &vout, e);
	json_decref(req);
	if (rc)
		return -1;
	json_t *sv = json_object_get(vout, "supportedVersions");
	chosen[0] = '\0';
	size_t i;
	json_t *v;
	json_array_foreach(sv, i, v)
	{
		const char *s = json_string_value(v);
		if (!s || !cni_version_supported(s) || cni_version_cmp(s, want) > 0 ||
		    (strcmp(cmd, "CHECK") == 0 && cni_version_cmp(s, "0.4.0") < 0))
			continue;
		if (!chosen[0] || cni_version_cmp(s, chosen) > 0)
			snprintf(chosen, 16, "%s", s);
	}
	json_decref(vout);
	if (!chosen[0])
		return cni_fail(e, CNI_ERR_VERSION,
				"plugin '%s' supports no CNI version vxgw-cni can use for %s at or "
				"below %s",
				type, cmd, want);
	return 0;
}

int cni_delegate(const char *type, const char *cmd, const char *cni_path, json_t *config,
		 int timeout_ms, json_t **out, struct cni_err *e)
{
	char path[PATH_MAX], chosen[16];
	*out = NULL;
	if (cni_find_plugin(type, cni_path, path, sizeof(path), e))
		return -1;
	const char *want = json_string_value(json_object_get(config, "cniVersion"));
	if (strcmp(cmd, "VERSION") == 0 || !want)
		return run_plugin(path, type, cmd, config, timeout_ms, out, e);
	if (negotiate(path, type, cmd, want, chosen, e))
		return -1;
	if (strcmp(chosen, want) == 0)
		return run_plugin(path, type, cmd, config, timeout_ms, out, e);
	/* Downgraded copy: prevResult belongs to the chain's version, not the delegate's. */
	json_t *copy = json_deep_copy(config);
	json_object_set_new(copy, "cniVersion", json_string(chosen));
	json_object_del(copy, "prevResult");
	int rc = run_plugin(path, type, cmd, copy, timeout_ms, out, e);
	json_decref(copy);
	return rc;
}

static int run_plugin(const char *path, const char *type, const char *cmd, json_t *config,
		      int timeout_ms, json_t **out, struct cni_err *e)
{
	*out = NULL;
	char *in = json_dumps(config, JSON_COMPACT);
	char envcmd[64];
	snprintf(envcmd, sizeof(envcmd), "CNI_COMMAND=%s", cmd);
	const char *const argv[] = {path, NULL};
	const char *const env[] = {envcmd, NULL};
	struct proc_result res;
	struct vxerr vx = {0};
	int rc = -1;
	if (!in) {
		cni_fail(e, CNI_ERR_IO, "cannot encode config for plugin '%s'", type);
		return -1;
	}
	if (proc_run(argv, env, in, strlen(in), timeout_ms, DELEGATE_OUT_MAX, false, &res, &vx)) {
		cni_fail(e, vx.code == ETIMEDOUT ? CNI_ERR_TRY_AGAIN : CNI_ERR_IPAM, "plugin '%s' %s: %s",
			 type, cmd, vx.msg);
		goto done;
	}
	json_t *j = NULL;
	if (res.len) {
		json_error_t jerr;
		j = json_loadb(res.out, res.len, 0, &jerr);
		if (!j) {
			cni_fail(e, CNI_ERR_IPAM, "plugin '%s' %s printed invalid JSON: %s", type, cmd,
				 jerr.text);
			goto done;
		}
	}
	if (res.status != 0) {
		json_t *code = j ? json_object_get(j, "code") : NULL;
		json_t *msg = j ? json_object_get(j, "msg") : NULL;
		json_t *det = j ? json_object_get(j, "details") : NULL;
		cni_fail(e, json_is_integer(code) ? (int)json_integer_value(code) : CNI_ERR_IPAM,
			 "plugin '%s' %s failed: %s%s%s", type, cmd,
			 json_is_string(msg) ? json_string_value(msg) : "no error message",
			 json_is_string(det) ? ": " : "",
			 json_is_string(det) ? json_string_value(det) : "");
		json_decref(j);
		goto done;
	}
	*out = j;
	rc = 0;
done:
	free(in);
	free(res.out);
	return rc;
}
