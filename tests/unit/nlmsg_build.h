/* Test support: encode link/address state as the kernel would (RTM_NEWLINK /
 * RTM_NEWADDR), so parsers and the fake kernel speak real netlink bytes. */
#ifndef VXGW_TEST_NLMSG_BUILD_H
#define VXGW_TEST_NLMSG_BUILD_H

#include <linux/netlink.h>

#include "../../evpn/rtnl_addr.h"
#include "../../evpn/rtnl_link.h"

struct nlmsghdr *nlmsg_build_link(void *buf, const struct link_state *l, uint32_t seq);
struct nlmsghdr *nlmsg_build_addr(void *buf, const struct addr_entry *a, uint32_t seq);

#endif
