/* vtep: a VNI's kernel data plane — VXLAN device vx<VNI> enslaved to bridge br<VNI>.
 *
 * Contract (all calls act in the namespace of the nl_conn):
 *  - vtep_create makes or adopts the pair: VXLAN (id, local v4/v6, dstport, nolearning,
 *    MTU) as a bridge port with learning off and neigh_suppress on; IPv6 address
 *    generation off on both (pure L2: nothing of their own leaks into the overlay);
 *    both up. Returns the number of kernel changes
 *    made (0 when everything already matched) or -errno.
 *  - Devices are identified by name (see vni.h) AND ownership mark; a device with our
 *    name but no mark is foreign: error, never touched. An owned VXLAN device whose
 *    VNI, local address or port differs from the request is an error (not reused).
 *  - Every call checks everything before its first change; if a change fails, the
 *    changes already made are undone, so no call leaves a half-built VTEP.
 *  - Mutable properties of owned devices (MTU, master, port flags, up) converge to the
 *    request; the bridge MTU is left to the kernel (min of its ports). */
#ifndef VXGW_VTEP_H
#define VXGW_VTEP_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "nl.h"
#include "vni.h"
#include "vxerr.h"

#define VTEP_DEFAULT_PORT 4789
#define VTEP_OVERHEAD_V4 50 /* outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14 */
#define VTEP_OVERHEAD_V6 70 /* outer IPv6 40 + UDP 8 + VXLAN 8 + inner Ethernet 14 */
#define VTEP_MTU_MIN 68

struct vtep_spec {
	uint32_t vni;
	struct ipaddr local;
	uint16_t port; /* 0 = VTEP_DEFAULT_PORT */
	uint32_t mtu;  /* 0 = keep an existing device's MTU, else underlay MTU - overhead */
};

struct vtep_info {
	uint32_t vni;
	char vxlan_name[IFNAMSIZ];
	char bridge_name[IFNAMSIZ];
	int vxlan_ifindex;  /* 0 when the owned VXLAN device is missing */
	int bridge_ifindex; /* 0 when the owned bridge is missing */
	struct ipaddr local;
	uint16_t port;
	uint32_t mtu;
	uint32_t bridge_mtu;
	bool vxlan_up, bridge_up;
	bool enslaved;      /* VXLAN device is a port of its bridge */
	bool learning;      /* bridge-port learning on the VXLAN port */
	bool neigh_suppress;
	bool vxlan_learning; /* VXLAN device's own learning */
	unsigned nports;    /* bridge ports other than the VXLAN device */
};

/* Flags for vtep_delete. */
#define VTEP_DELETE_FORCE 1u /* delete even when other ports are attached */

int vtep_create(struct nl_conn *nl, const struct vtep_spec *spec, struct vxerr *err);
/* 0/positive changes; deleting a VNI that does not exist is a no-op (0). Without
 * VTEP_DELETE_FORCE, -EBUSY when the bridge has ports besides the VXLAN device. */
int vtep_delete(struct nl_conn *nl, uint32_t vni, unsigned flags, struct vxerr *err);
/* All VNIs with at least one owned device, sorted by VNI; free(*out) after use. */
int vtep_list(struct nl_conn *nl, struct vtep_info **out, size_t *count, struct vxerr *err);
/* The same from links the caller dumped already (one dump serving several readers). */
struct link_vec;
int vtep_list_links(const struct link_vec *links, struct vtep_info **out, size_t *count,
		    struct vxerr *err);
/* One VNI; -ENOENT when neither device exists. */
int vtep_get(struct nl_conn *nl, uint32_t vni, struct vtep_info *out, struct vxerr *err);
/* Like vtep_get but without counting ports (nports stays 0): two lookups, no dump,
 * so its cost does not grow with the number of links on the node. */
int vtep_lookup(struct nl_conn *nl, uint32_t vni, struct vtep_info *out, struct vxerr *err);
/* Enslave ifname to the VNI's bridge and set it up; -EBUSY if it has another master. */
int vtep_attach(struct nl_conn *nl, uint32_t vni, const char *ifname, struct vxerr *err);
/* Release ifname from the VNI's bridge; no-op if not attached; -ENODEV if missing. */
int vtep_detach(struct nl_conn *nl, uint32_t vni, const char *ifname, struct vxerr *err);
/* MTU of the interface holding addr, minus the VXLAN overhead for its family. */
int vtep_underlay_mtu(struct nl_conn *nl, const struct ipaddr *addr, uint32_t *mtu,
		      struct vxerr *err);

#endif
