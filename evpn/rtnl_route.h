/* rtnl_route: routes — add a route in a (pod) namespace, and find the default route
 * to pick a node's VTEP source address. route_parse accepts any byte string and
 * rejects malformed input with -EBADMSG. */
#ifndef VXGW_RTNL_ROUTE_H
#define VXGW_RTNL_ROUTE_H

#include <linux/netlink.h>
#include <stddef.h>

#include "ipaddr.h"
#include "vxerr.h"

struct route_entry {
	int family;
	struct ipaddr dst; /* unset for a default route */
	unsigned dst_len;
	unsigned table;
	unsigned type; /* RTN_* */
	int oif;       /* 0 when absent (multipath, blackhole) */
	struct ipaddr gw;
	struct ipaddr prefsrc;
	unsigned priority;
};

/* Unicast route in the main table; gw may be unset (on-link), dst unset = default. */
struct nlmsghdr *rtnl_route_new(void *buf, const struct ipaddr *dst, unsigned dst_len,
				const struct ipaddr *gw, int oif, int family);
struct nlmsghdr *rtnl_route_dump(void *buf, int family);
int route_parse(const struct nlmsghdr *nlh, size_t len, struct route_entry *out,
		struct vxerr *err);

#endif
