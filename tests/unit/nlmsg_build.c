#include "nlmsg_build.h"

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

struct nlmsghdr *nlmsg_build_link(void *buf, const struct link_state *l, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_seq = seq;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = l->ifindex;
	ifi->ifi_flags = l->flags;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, l->name);
	mnl_attr_put_u32(nlh, IFLA_MTU, l->mtu);
	if (l->master)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)l->master);
	if (l->alias[0])
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, l->alias);
	mnl_attr_put_u8(nlh, IFLA_OPERSTATE, l->operstate);
	if (l->has_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, l->mac);
	if (l->link)
		mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)l->link);
	if (l->kind[0] || l->slave_kind[0]) {
		struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
		if (l->kind[0])
			mnl_attr_put_strz(nlh, IFLA_INFO_KIND, l->kind);
		if (l->has_vxlan) {
			struct nlattr *d = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
			mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, l->vxlan.vni);
			if (l->vxlan.local.family == AF_INET)
				mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, &l->vxlan.local.u.v4);
			else if (l->vxlan.local.family == AF_INET6)
				mnl_attr_put(nlh, IFLA_VXLAN_LOCAL6, 16, &l->vxlan.local.u.v6);
			mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(l->vxlan.port));
			mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, l->vxlan.learning);
			mnl_attr_nest_end(nlh, d);
		}
		if (l->slave_kind[0])
			mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, l->slave_kind);
		if (l->has_brport) {
			struct nlattr *d = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
			mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, l->brport.learning);
			mnl_attr_put_u8(nlh, IFLA_BRPORT_NEIGH_SUPPRESS, l->brport.neigh_suppress);
			mnl_attr_nest_end(nlh, d);
		}
		mnl_attr_nest_end(nlh, info);
	}
	if (l->addr_gen_mode >= 0) {
		struct nlattr *af = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
		struct nlattr *in6 = mnl_attr_nest_start(nlh, AF_INET6);
		mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, (uint8_t)l->addr_gen_mode);
		mnl_attr_nest_end(nlh, in6);
		mnl_attr_nest_end(nlh, af);
	}
	return nlh;
}

struct nlmsghdr *nlmsg_build_addr(void *buf, const struct addr_entry *a, uint32_t seq)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_seq = seq;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)a->addr.family;
	ifa->ifa_prefixlen = (unsigned char)a->prefixlen;
	ifa->ifa_index = (unsigned)a->ifindex;
	mnl_attr_put(nlh, a->addr.family == AF_INET ? IFA_LOCAL : IFA_ADDRESS, ipaddr_len(&a->addr),
		     &a->addr.u);
	return nlh;
}
