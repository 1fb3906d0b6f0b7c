/* proc: run a program with input on stdin, collect stdout, bounded in time and size.
 * Used to drive delegate CNI plugins, vtysh and frr-reload. The child gets the
 * caller's environment plus `setenv` (NULL-terminated "NAME=value" list); its stderr
 * is captured into the same buffer only when merge_stderr is set. A child still
 * running at the deadline is killed (-ETIMEDOUT). */
#ifndef VXGW_PROC_H
#define VXGW_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "vxerr.h"

struct proc_result {
	char *out;     /* NUL-terminated, malloc'd; free() it */
	size_t len;
	int status;    /* exit status, or 128 + signal */
};

int proc_run(const char *const argv[], const char *const setenv[], const char *in, size_t inlen,
	     int timeout_ms, size_t max_out, bool merge_stderr, struct proc_result *res,
	     struct vxerr *err);

#endif
