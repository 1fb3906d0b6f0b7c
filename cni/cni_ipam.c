#include "cni_ipam.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Write all of in to fd_in while collecting fd_out, bounded by deadline. */
static int pump(int fd_in, const char *in, size_t inlen, int fd_out, char *out, size_t *outlen,
		long deadline)
{
	size_t off = 0;
	*outlen = 0;
	for (;;) {
		struct pollfd p[2] = {{fd_out, POLLIN, 0}, {fd_in, POLLOUT, 0}};
		int n = fd_in >= 0 ? 2 : 1;
		long left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(p, (nfds_t)n, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 2 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(fd_in, in + off, inlen - off);
			if (w > 0)
				off += (size_t)w;
			if (w < 0 || off == inlen) {
				close(fd_in);
				fd_in = -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (*outlen >= DELEGATE_OUT_MAX)
				return -EMSGSIZE;
			ssize_t r = read(fd_out, out + *outlen, DELEGATE_OUT_MAX - *outlen);
			if (r == 0)
				break;
			if (r < 0 && errno != EINTR)
				return -errno;
			if (r > 0)
				*outlen += (size_t)r;
		}
	}
	if (fd_in >= 0)
		close(fd_in);
	return 0;
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
	char *buf = malloc(DELEGATE_OUT_MAX + 1);
	int pin[2] = {-1, -1}, pout[2] = {-1, -1};
	int rc = -1;
	if (!in || !buf || pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC)) {
		cni_fail(e, CNI_ERR_IO, "cannot start plugin '%s': %s", type, strerror(errno));
		goto done;
	}
	pid_t pid = fork();
	if (pid < 0) {
		cni_fail(e, CNI_ERR_IO, "cannot fork for plugin '%s': %s", type, strerror(errno));
		goto done;
	}
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		setenv("CNI_COMMAND", cmd, 1);
		execl(path, type, (char *)NULL);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	pin[0] = pout[1] = -1;
	signal(SIGPIPE, SIG_IGN); /* a delegate that exits early must not kill us */
	size_t outlen = 0;
	int prc = pump(pin[1], in, strlen(in), pout[0], buf, &outlen, now_ms() + timeout_ms);
	pin[1] = -1; /* closed by pump */
	if (prc == -ETIMEDOUT)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (prc) {
		cni_fail(e, prc == -ETIMEDOUT ? CNI_ERR_TRY_AGAIN : CNI_ERR_IPAM,
			 "plugin '%s' %s: %s", type, cmd,
			 prc == -ETIMEDOUT ? "timed out" : strerror(-prc));
		goto done;
	}
	buf[outlen] = '\0';
	json_t *j = NULL;
	if (outlen) {
		json_error_t jerr;
		j = json_loadb(buf, outlen, 0, &jerr);
		if (!j) {
			cni_fail(e, CNI_ERR_IPAM, "plugin '%s' %s printed invalid JSON: %s", type, cmd,
				 jerr.text);
			goto done;
		}
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
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
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
	}
	free(in);
	free(buf);
	return rc;
}
