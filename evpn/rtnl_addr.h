/* rtnl_addr: rtnetlink address dumps — find which interface holds an address.
 * Used to derive a VTEP's default MTU from its underlay interface.
 * addr_parse accepts any byte string and rejects malformed input with -EBADMSG. */
#ifndef VXGW_RTNL_ADDR_H
#define VXGW_RTNL_ADDR_H

#include <linux/netlink.h>
#include <stddef.h>

#include "ipaddr.h"
#include "vxerr.h"

struct addr_entry {
	int ifindex;
	struct ipaddr addr;
	unsigned prefixlen;
};

/* Add addr/prefixlen to ifindex (IPv6 without duplicate address detection: the
 * address comes from IPAM, which already guarantees uniqueness). */
struct nlmsghdr *rtnl_addr_new(void *buf, int ifindex, const struct ipaddr *addr,
			       unsigned prefixlen);
/* Dump all addresses of one family (AF_INET or AF_INET6). */
struct nlmsghdr *rtnl_addr_dump(void *buf, int family);
int addr_parse(const struct nlmsghdr *nlh, size_t len, struct addr_entry *out, struct vxerr *err);

#endif
