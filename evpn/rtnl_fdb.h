/* rtnl_fdb: bridge forwarding-database entries. A static entry for a known MAC on a
 * bridge port lets EVPN (zebra) advertise that MAC at once instead of waiting for
 * the host behind the port to send a frame. */
#ifndef VXGW_RTNL_FDB_H
#define VXGW_RTNL_FDB_H

#include <linux/netlink.h>
#include <stdint.h>

/* Static (never aged) entry for mac on bridge port ifindex; replaces an existing one. */
struct nlmsghdr *rtnl_fdb_add_static(void *buf, int port_ifindex, const uint8_t mac[6]);

#endif
