/* gwd_edit: runtime edits of the gateway configuration (`gwctl bind` / `gwctl unbind`).
 *
 * The config file stays the one source of truth: an edit rewrites the file's text and
 * the daemon reloads it through its normal path, so a restart can never resurrect a
 * binding that an edit removed. Edits are text in, text out (no I/O): the input must
 * already be a valid configuration, the output is validated with gwd_config_parse
 * before it is returned, and on any error nothing is returned (*out = NULL). Every
 * other key and value survives, in its order; the text is re-dumped with a 2-space
 * indent and a trailing newline. Failing calls return -errno with err filled in.
 *
 * Callers serialise edits of one file themselves (read-edit-write is not atomic as a
 * whole; only the final replacement is). */
#ifndef VXGW_GWD_EDIT_H
#define VXGW_GWD_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../evpn/vxerr.h"

/* Bind port (vlan 0 = whole port) to the segment with this VNI in the JSON config
 * text. If that port+vlan is already bound to another segment it is moved (removed
 * there); binding to the segment it is already in is a no-op (*changed = false, *out
 * is still a byte-for-byte copy of text). The segment must exist (-ENOENT: "no segment
 * with VNI 300 in the configuration"). Bad arguments (port name as gwd_config rules
 * it, VLAN above 4094, VNI out of range) are -EINVAL before anything is touched. The
 * result is re-validated with gwd_config_parse; if it is invalid (e.g. VLAN interface
 * name too long, port bound whole and per VLAN) nothing is returned and err carries
 * the validator's first message(s). changed may be NULL. */
int gwd_edit_bind(const char *text, size_t len, const char *port, uint16_t vlan, uint32_t vni,
		  char **out, bool *changed, struct vxerr *err);

/* Remove the binding named by ifname: "eth1" = whole port eth1, "eth2.10" = port eth2
 * VLAN 10 (the sub-interface name, as `gwctl status` shows it; matched against each
 * configured binding's plan_vlan_ifname() rather than split at a dot). -ENOENT when
 * nothing is bound under that name. The segment stays, even with no ports: its VNI is
 * still in use in the cluster. *was_vni (may be NULL) is the segment it was bound to. */
int gwd_edit_unbind(const char *text, size_t len, const char *ifname, char **out,
		    uint32_t *was_vni, struct vxerr *err);

/* Replace the file at path with text atomically, so the daemon reading it concurrently
 * sees the old or the new file, never a mix: write a temporary file in the same
 * directory (same mode and owner as the existing file, 0600 if new), fsync it, rename
 * over path, fsync the directory. A symlink at path is followed (its target is replaced,
 * the link kept). On any error before the rename the original file is untouched and the
 * temporary removed; only a failing directory fsync after the rename reports an error
 * with the new content already in place. */
int gwd_config_write_atomic(const char *path, const char *text, struct vxerr *err);

#endif
