/* frr_ctl: talk to a running FRR through its own tools, bounded in time.
 *   frr_show   vtysh [-N pathspace] -c CMD, stdout returned (untrusted: parse it with
 *              frr_state); FRR down, timeouts and errors become specific messages
 *   frr_apply  whole-config reload with frr-reload.py: first --test; only if it shows
 *              real differences, --reload. Lines vxgw does not manage (hostname,
 *              forwarding defaults, vtysh service lines) do not count as differences,
 *              so applying an unchanged config is a no-op. */
#ifndef VXGW_FRR_CTL_H
#define VXGW_FRR_CTL_H

#include <stdbool.h>
#include <stddef.h>

#include "vxerr.h"

#define FRR_VTYSH "/usr/bin/vtysh"
#define FRR_RELOAD "/usr/lib/frr/frr-reload.py"

/* pathspace NULL or "" = the default FRR instance. *out is malloc'd. */
int frr_show(const char *pathspace, const char *cmd, int timeout_ms, char **out, size_t *len,
	     struct vxerr *err);
int frr_apply(const char *pathspace, const char *conf_path, int timeout_ms, bool *changed,
	      struct vxerr *err);
/* The differences frr-reload --test reported, one per line, without ignored lines
 * (for tests and for `vxgw-evpn apply --dry-run`). */
int frr_reload_diff(const char *test_output, char *diff, size_t size);

#endif
