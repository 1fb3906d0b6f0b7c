#include "frr_ctl.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"

#define FRR_OUT_MAX (16u << 20)

int frr_show(const char *pathspace, const char *cmd, int timeout_ms, char **out, size_t *len,
	     struct vxerr *err)
{
	const char *argv[8];
	int n = 0;
	argv[n++] = FRR_VTYSH;
	if (pathspace && *pathspace) {
		argv[n++] = "-N";
		argv[n++] = pathspace;
	}
	argv[n++] = "-c";
	argv[n++] = cmd;
	argv[n] = NULL;
	struct proc_result res;
	*out = NULL;
	*len = 0;
	int rc = proc_run(argv, NULL, NULL, 0, timeout_ms, FRR_OUT_MAX, false, &res, err);
	if (rc) {
		free(res.out);
		return vxerr_prefix(err, "vtysh '%s'", cmd);
	}
	if (res.status != 0) {
		/* vtysh exits 1 ("failed to connect to any daemons") when FRR is down. */
		rc = vxerr_set(err, ECONNREFUSED,
			       "FRR%s%s is not reachable (vtysh exit %d): are zebra and bgpd "
			       "running?%s%.200s",
			       pathspace && *pathspace ? " instance " : "",
			       pathspace && *pathspace ? pathspace : "", res.status,
			       res.len ? " " : "", res.out);
		free(res.out);
		return rc;
	}
	*out = res.out;
	*len = res.len;
	return 0;
}

static bool ignored_line(const char *line)
{
	static const char *const ignore[] = {"hostname *",	   "no hostname *",
					     "ip forwarding",	   "no ip forwarding",
					     "ipv6 forwarding",	   "no ipv6 forwarding",
					     "service integrated-vtysh-config",
					     "no service integrated-vtysh-config",
					     "frr version *",	   "frr defaults *",
					     "log *",		   "no log *",
					     "end",		   NULL};
	for (int i = 0; ignore[i]; i++)
		if (fnmatch(ignore[i], line, 0) == 0)
			return true;
	return false;
}

int frr_reload_diff(const char *out, char *diff, size_t size)
{
	/* Sections: "Lines To Delete\n===...\n<lines>\n\nLines To Add\n===...\n<lines>". */
	int count = 0;
	size_t used = 0;
	diff[0] = '\0';
	const char *p = out;
	const char *section = NULL;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), p);
		if (strcmp(line, "Lines To Delete") == 0)
			section = "-";
		else if (strcmp(line, "Lines To Add") == 0)
			section = "+";
		else if (section && line[0] && line[0] != '=') {
			const char *t = line;
			while (*t == ' ')
				t++;
			/* Context lines ("router bgp 65000") head indented changes; keep them. */
			if (!ignored_line(t)) {
				int w = snprintf(diff + used, used < size ? size - used : 0, "%s %s\n",
						 section, line);
				if (w > 0)
					used += (size_t)w;
				if (line[0] == ' ' || strncmp(t, "router ", 7) != 0)
					count++;
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	if (used >= size && size)
		diff[size - 1] = '\0';
	return count;
}

static int run_reload(const char *mode, const char *pathspace, const char *conf_path,
		      int timeout_ms, struct proc_result *res, struct vxerr *err)
{
	const char *argv[10];
	int n = 0;
	argv[n++] = "/usr/bin/python3";
	argv[n++] = FRR_RELOAD;
	argv[n++] = mode;
	if (pathspace && *pathspace) {
		argv[n++] = "--pathspace";
		argv[n++] = pathspace;
	}
	argv[n++] = conf_path;
	argv[n] = NULL;
	int rc = proc_run(argv, NULL, NULL, 0, timeout_ms, FRR_OUT_MAX, true, res, err);
	if (rc)
		return vxerr_prefix(err, "frr-reload %s", mode);
	if (res->status != 0) {
		const char *tail = res->len > 300 ? res->out + res->len - 300 : res->out;
		return vxerr_set(err, EIO, "frr-reload %s failed (exit %d): %s", mode, res->status,
				 tail);
	}
	return 0;
}

int frr_apply(const char *pathspace, const char *conf_path, int timeout_ms, bool *changed,
	      struct vxerr *err)
{
	struct proc_result res;
	*changed = false;
	int rc = run_reload("--test", pathspace, conf_path, timeout_ms, &res, err);
	if (rc == 0) {
		char diff[4096];
		*changed = frr_reload_diff(res.out, diff, sizeof(diff)) > 0;
	}
	free(res.out);
	if (rc || !*changed)
		return rc;
	rc = run_reload("--reload", pathspace, conf_path, timeout_ms, &res, err);
	free(res.out);
	return rc;
}
