/* vni: VXLAN network identifiers, the device name scheme and the ownership mark.
 *
 * Name scheme (documented in README): VNI N owns two devices,
 *   vx<N>  the VXLAN device (the VTEP), and
 *   br<N>  its companion bridge,
 * with N in decimal without leading zeros. The longest, vx16777215, is 10 bytes
 * and fits IFNAMSIZ (16 with NUL) for every valid VNI.
 *
 * Ownership: every device vxgw creates carries ifalias "vxgw:vni=<N>:<role>"
 * (role "vxlan" or "bridge"). A device without exactly that mark is foreign and
 * is never modified or deleted, even if its name matches the scheme. */
#ifndef VXGW_VNI_H
#define VXGW_VNI_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "vxerr.h"

#define VNI_MIN 1u
#define VNI_MAX 16777215u /* 24 bits */

enum vni_role { VNI_ROLE_VXLAN, VNI_ROLE_BRIDGE };

/* Parse a decimal VNI ("100"); rejects empty, signs, hex, junk, 0 and > VNI_MAX. */
int vni_parse(const char *s, uint32_t *vni, struct vxerr *err);
bool vni_valid(uint32_t vni);
/* -EINVAL with a message naming the value when vni is out of range. */
int vni_check(uint32_t vni, struct vxerr *err);

/* Device name for a VNI's role; buf must hold IFNAMSIZ bytes. */
int vni_ifname(uint32_t vni, enum vni_role role, char buf[IFNAMSIZ], struct vxerr *err);
/* Inverse of vni_ifname: true, with vni and role set, when name follows the scheme. */
bool vni_from_ifname(const char *name, uint32_t *vni, enum vni_role *role);

/* Ownership mark for a VNI's role; buf must hold VNI_ALIAS_MAX bytes. */
#define VNI_ALIAS_MAX 64
void vni_alias(uint32_t vni, enum vni_role role, char buf[VNI_ALIAS_MAX]);
/* True when alias is exactly the mark of some vni/role (both returned). */
bool vni_alias_parse(const char *alias, uint32_t *vni, enum vni_role *role);

const char *vni_role_name(enum vni_role role);

#endif
