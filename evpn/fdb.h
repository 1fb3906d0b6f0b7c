/* fdb: the bridge forwarding database of one VNI's devices (bridge br<VNI> with the
 * VXLAN device vx<VNI> and host ports), read and classified the way EVPN uses it —
 * for `show macs`, MAC counters and SNMP.
 *
 * What the kernel holds and dumps (Linux 6.18, verified in a scratch namespace with
 * br100, vx100 nolearning and a veth port; iproute2 6.1):
 *  - Bridge records: one per (port, MAC[, VLAN]), ifindex = port, NDA_MASTER = bridge,
 *    NDA_VLAN on VLAN-aware bridges. ndm_flags does NOT carry NTF_MASTER (iproute2
 *    prints "master br100" from NDA_MASTER). State: NUD_PERMANENT for the ports' own
 *    addresses, NUD_NOARP for static entries, NUD_REACHABLE/STALE for learned ones;
 *    NTF_EXT_LEARNED for extern_learn entries.
 *  - VXLAN records (vxlan driver's own table): NTF_SELF, no NDA_MASTER, NDA_DST (4 or 16
 *    bytes), NDA_PORT/NDA_VNI only when they differ from the device's, ndm_type
 *    RTN_UNICAST. iproute2's default state is NUD_PERMANENT|NUD_NOARP, so "permanent"
 *    here does NOT mean "own address". 00:00:00:00:00:00 records are the flood list,
 *    one record per appended dst.
 *  - NTF_SELF records of other devices: the bridge's and ports' receive (multicast) lists,
 *    e.g. 33:33:00:00:00:01 "self permanent" — not hosts.
 *  - A remote MAC installed the way zebra does it — one RTM_NEWNEIGH on the VXLAN device
 *    with NTF_SELF|NTF_MASTER|NTF_EXT_LEARNED, NUD_REACHABLE and NDA_DST (`bridge fdb add
 *    MAC dev vx100 dst IP self master extern_learn dynamic`) — yields TWO records: the
 *    bridge's (on vx100, NDA_MASTER, NTF_EXT_LEARNED, no dst) and the VXLAN device's
 *    (NTF_SELF|NTF_EXT_LEARNED, NDA_DST). `... self extern_learn` alone yields only the
 *    VXLAN record.
 *  - A dump filtered by master (rtnl_fdb_dump) DOES include the VXLAN device's NTF_SELF
 *    records when the VXLAN device is a port of that bridge (the kernel visits each
 *    port and asks both the bridge and the port's own driver), plus the bridge's own
 *    NTF_SELF records. A detached VXLAN device needs a dump of its own
 *    (rtnl_fdb_dump_dev). Kernels that ignore dump filters are covered by the userspace
 *    filter in fdb_dump_vni (correct, just slower).
 *
 * fdb_dump_vni and fdb_dump_all merge each bridge record on a device with that device's
 * NTF_SELF record for the same MAC that has a dst (or nexthop id), so a remote MAC is
 * reported ONCE with its dst: master and vlan and state come from the bridge record,
 * dst/vni/port/nhid from the VXLAN record, flags are both ORed plus NTF_MASTER (both
 * rows exist). Results are sorted by ifindex, then MAC, VLAN, dst. */
#ifndef VXGW_FDB_H
#define VXGW_FDB_H

#include <stddef.h>

#include "nl.h"
#include "rtnl_fdb.h"
#include "vxerr.h"

/* FDB of one VNI's devices, classified the way EVPN uses it */
enum fdb_class {
	FDB_LOCAL,        /* a MAC learned/static on a non-VXLAN bridge port (a host on our side) */
	FDB_REMOTE,       /* a MAC on the VXLAN device with a dst: behind a remote VTEP (zebra installs these as extern_learn) */
	FDB_REMOTE_VTEP,  /* 00:00:00:00:00:00 with dst on the VXLAN device: a remote VTEP for BUM (zebra's flood list) */
	FDB_OWN,          /* the bridge's/ports' own addresses (permanent, NTF_SELF/permanent local entries): not MACs of hosts */
};

struct fdb_vec {
	struct fdb_entry *v;
	size_t n, cap;
};

/* Rules, in order:
 *  1. On the VXLAN device (ifindex == vxlan_ifindex; with vxlan_ifindex <= 0, any entry
 *     that carries NDA_DST or NDA_NH_ID counts as on a VXLAN device):
 *     with a dst or nexthop id: zero MAC -> FDB_REMOTE_VTEP, else FDB_REMOTE;
 *     without: NUD_PERMANENT or NTF_SELF -> FDB_OWN (the port's own address, a receive
 *     list entry), else FDB_REMOTE (a bridge record whose VXLAN record is missing; dst
 *     unknown, family 0).
 *  2. Elsewhere: NUD_PERMANENT (the bridge treats it as a local address), NTF_SELF (a
 *     device's own receive list), or a zero/multicast MAC -> FDB_OWN; else FDB_LOCAL
 *     (static NUD_NOARP, learned, or extern_learn on a host port). */
enum fdb_class fdb_classify(const struct fdb_entry *e, int vxlan_ifindex);
/* "local", "remote", "remote-vtep", "own". */
const char *fdb_class_name(enum fdb_class c);

/* All entries on the ports of bridge_ifindex AND the VXLAN device's own (NTF_SELF) entries
 * (those carry dst), in one or two dumps; retries an interrupted dump (-EINTR) a few
 * times. Caller frees out->v.
 * One dump filtered by the bridge suffices while the VXLAN device is its port; a second,
 * filtered by the VXLAN device, runs only when the first holds nothing of it. Either
 * index may be <= 0 (device missing), not both (-EINVAL). Kept (also enforced here, for
 * kernels that ignore filters): records with NDA_MASTER == bridge_ifindex, and records
 * without NDA_MASTER on the bridge or the VXLAN device. Dropped: other ports' receive-list
 * NTF_SELF records (not bridge FDB entries; fdb_dump_all keeps them).
 * out: zero-initialised or from an earlier call (its buffer is reused; n is reset). */
int fdb_dump_vni(struct nl_conn *nl, int bridge_ifindex, int vxlan_ifindex, struct fdb_vec *out,
		 struct vxerr *err);
/* The whole node's FDB in one dump, merged and sorted as above, for callers that hold
 * many VNIs and bucket entries by master/ifindex themselves. Same out/retry rules. */
int fdb_dump_all(struct nl_conn *nl, struct fdb_vec *out, struct vxerr *err);
/* Sort and merge bridge+VXLAN record pairs (what the dumps do); for callers that build
 * a vector themselves, e.g. from RTM_NEWNEIGH notifications. */
void fdb_merge(struct fdb_vec *v);

/* Counts per class, for MAC counters: local hosts, remote MACs, distinct remote VTEPs
 * (distinct dst of FDB_REMOTE_VTEP and FDB_REMOTE entries).
 * local counts FDB_LOCAL entries; remote counts distinct MACs among FDB_REMOTE entries
 * (so unmerged input or a MAC with two remotes counts once). */
struct fdb_counts { unsigned local, remote, remote_vteps; };
void fdb_count(const struct fdb_vec *v, int vxlan_ifindex, struct fdb_counts *out);

#endif
