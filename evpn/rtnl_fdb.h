/* rtnl_fdb: bridge forwarding-database entries as plain values — the builders for the
 * requests vxgw sends (a static entry, dump requests) and a defensive parser for the
 * RTM_NEWNEIGH/RTM_DELNEIGH messages of family AF_BRIDGE the kernel answers with.
 *
 * A static entry for a known MAC on a bridge port lets EVPN (zebra) advertise that MAC
 * at once instead of waiting for the host behind the port to send a frame.
 *
 * Dump filters (verified on Linux 6.18, see evpn/fdb.h for the records a dump holds):
 * the kernel reads an FDB dump request in one of two layouts, chosen by the socket.
 *  - Strict sockets (NETLINK_GET_STRICT_CHK, what iproute2 uses): struct ndmsg with
 *    ndm_ifindex and/or NDA_MASTER.
 *  - Default sockets (what nl_open creates): an ndmsg of 12 bytes, or 12 bytes plus one
 *    u32 attribute, is accepted but its filters are IGNORED — the whole node's FDB comes
 *    back. Filters are only honoured in the legacy layout: struct ifinfomsg with
 *    ifi_index (one device) and IFLA_MASTER (ports of one bridge).
 * The builders below therefore send the ifinfomsg layout (ifi_family AF_BRIDGE, which
 * sits where ndm_family does). Should nl.c ever switch to strict checking, the kernel
 * rejects this layout with EINVAL rather than silently dumping everything.
 * A master that is not a bridge yields an empty dump; one that does not exist too (the
 * kernel puts -ENODEV into NLMSG_DONE, which nl_transact does not read), as does an
 * ifindex that does not exist. Callers that need to tell these apart look the link up. */
#ifndef VXGW_RTNL_FDB_H
#define VXGW_RTNL_FDB_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "vxerr.h"

/* Static (never aged) entry for mac on bridge port ifindex; replaces an existing one. */
struct nlmsghdr *rtnl_fdb_add_static(void *buf, int port_ifindex, const uint8_t mac[6]);

/* Dump request for AF_BRIDGE neighbour (FDB) entries; master_ifindex > 0 limits the dump
 * to the ports of that bridge (the kernel filters with IFLA_MASTER, see above: the
 * NDA_MASTER of an ndmsg request is ignored on our non-strict socket), 0 = all.
 * The filtered dump holds: the bridge's records for each port (NDA_MASTER = bridge), the
 * ports' own NTF_SELF records (a VXLAN port's remote entries with NDA_DST; a veth's
 * multicast receive list) and the bridge device's own NTF_SELF records. */
struct nlmsghdr *rtnl_fdb_dump(void *buf, int master_ifindex);
/* Dump request for the entries of one device (ifindex > 0): its NTF_SELF entries and,
 * when it is a bridge port, the bridge's records for it. */
struct nlmsghdr *rtnl_fdb_dump_dev(void *buf, int ifindex);

struct fdb_entry {
	int ifindex;          /* the port (or VXLAN device) the entry is on */
	int master;           /* NDA_MASTER, 0 if absent */
	uint8_t mac[6];
	uint16_t vlan;        /* NDA_VLAN, 0 if absent */
	struct ipaddr dst;    /* NDA_DST (VXLAN remote), family 0 if absent */
	uint32_t vni;         /* NDA_VNI, 0 if absent */
	uint16_t state;       /* NUD_* */
	uint8_t flags;        /* NTF_* (NTF_SELF, NTF_MASTER, NTF_EXT_LEARNED, NTF_OFFLOADED...) */
	uint16_t port;        /* NDA_PORT (VXLAN remote UDP port), host order, 0 if absent */
	uint32_t nhid;        /* NDA_NH_ID (remote via a nexthop group, EVPN multihoming), 0 if absent */
};

/* Parse RTM_NEWNEIGH/RTM_DELNEIGH of family AF_BRIDGE (any bytes): 0, -EBADMSG with a
 * message naming the bad attribute for malformed input, -ENOENT (no message needed) for
 * a well-formed message that is not an AF_BRIDGE FDB entry (another ndm_family, e.g. an
 * ARP/ND neighbour). Other message types are -EBADMSG, like link_parse.
 * Checked: NDA_LLADDR present and 6 bytes; NDA_MASTER/NDA_VNI/NDA_NH_ID u32 (master
 * <= INT32_MAX, VNI <= 24 bits); NDA_VLAN u16 <= 4094; NDA_DST 4 or 16 bytes; NDA_PORT
 * u16; ndm_ifindex > 0. Other attributes are ignored. */
int fdb_parse(const struct nlmsghdr *nlh, size_t len, struct fdb_entry *out, struct vxerr *err);

/* "aa:bb:cc:dd:ee:ff", always NUL-terminated. */
#define FDB_MAC_STRLEN 18
const char *fdb_mac_format(const uint8_t mac[6], char buf[FDB_MAC_STRLEN]);

#endif
