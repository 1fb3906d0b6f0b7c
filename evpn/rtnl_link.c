#include "rtnl_link.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/if_ether.h>
#include <linux/veth.h>
#include <string.h>

#include "nlmsg.h"

static struct nlmsghdr *link_msg(void *buf, uint16_t type, uint16_t flags, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	return nlh;
}

struct nlmsghdr *rtnl_link_get_by_name(void *buf, const char *name)
{
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nlh;
}

struct nlmsghdr *rtnl_link_get_by_index(void *buf, int ifindex)
{
	return link_msg(buf, RTM_GETLINK, NLM_F_ACK, ifindex);
}

struct nlmsghdr *rtnl_link_dump(void *buf, int master)
{
	struct nlmsghdr *nlh = link_msg(buf, RTM_GETLINK, NLM_F_DUMP, 0);
	if (master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	return nlh;
}

struct nlmsghdr *rtnl_link_new_bridge(void *buf, const char *name)
{
	struct nlmsghdr *nlh =
		link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bridge");
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *rtnl_link_new_vxlan(void *buf, const struct vxlan_params *p)
{
	struct nlmsghdr *nlh =
		link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, p->name);
	if (p->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, p->mtu);
	if (p->master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)p->master);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vxlan");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u32(nlh, IFLA_VXLAN_ID, p->vni);
	if (p->local.family == AF_INET)
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL, 4, &p->local.u.v4);
	else
		mnl_attr_put(nlh, IFLA_VXLAN_LOCAL6, 16, &p->local.u.v6);
	mnl_attr_put_u16(nlh, IFLA_VXLAN_PORT, htons(p->port));
	/* EVPN fills the FDB from BGP; data-plane learning would fight zebra. */
	mnl_attr_put_u8(nlh, IFLA_VXLAN_LEARNING, 0);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *rtnl_link_change(void *buf, const struct link_change *c)
{
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, NLM_F_ACK, c->ifindex);
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	if (c->up_set) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = c->up ? IFF_UP : 0;
	}
	if (c->master_set)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)c->master);
	if (c->mtu_set)
		mnl_attr_put_u32(nlh, IFLA_MTU, c->mtu);
	if (c->alias_set)
		mnl_attr_put_strz(nlh, IFLA_IFALIAS, c->alias ? c->alias : "");
	if (c->addr_gen_none) {
		struct nlattr *af = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
		struct nlattr *in6 = mnl_attr_nest_start(nlh, AF_INET6);
		mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
		mnl_attr_nest_end(nlh, in6);
		mnl_attr_nest_end(nlh, af);
	}
	return nlh;
}

struct nlmsghdr *rtnl_link_set_brport(void *buf, int ifindex, bool learning, bool neigh_suppress)
{
	struct nlmsghdr *nlh = link_msg(buf, RTM_NEWLINK, NLM_F_ACK, ifindex);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bridge");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_SLAVE_DATA);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_LEARNING, learning);
	mnl_attr_put_u8(nlh, IFLA_BRPORT_NEIGH_SUPPRESS, neigh_suppress);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *rtnl_link_new_veth(void *buf, const struct veth_params *p)
{
	struct nlmsghdr *nlh =
		link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, p->name);
	if (p->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, p->mtu);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	struct nlattr *peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's attributes follow its own ifinfomsg header. */
	struct ifinfomsg *pifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifi));
	pifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, p->peer_name);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, (uint32_t)p->peer_netns_fd);
	if (p->mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, p->mtu);
	if (p->peer_mac)
		mnl_attr_put(nlh, IFLA_ADDRESS, 6, p->peer_mac);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *rtnl_link_new_vlan(void *buf, const char *name, int parent_ifindex,
				    uint16_t vlan_id)
{
	struct nlmsghdr *nlh =
		link_msg(buf, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	mnl_attr_put_u32(nlh, IFLA_LINK, (uint32_t)parent_ifindex);
	struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "vlan");
	struct nlattr *data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u16(nlh, IFLA_VLAN_ID, vlan_id);
	mnl_attr_put_u16(nlh, IFLA_VLAN_PROTOCOL, htons(ETH_P_8021Q));
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nlh;
}

struct nlmsghdr *rtnl_link_del(void *buf, int ifindex)
{
	return link_msg(buf, RTM_DELLINK, NLM_F_ACK, ifindex);
}

/* ---- parsing ---------------------------------------------------------------- */

/* Attribute tables are filled by a generic collector; every value is then checked
 * against the length its type needs before it is read. */
struct attr_table {
	const struct nlattr **tb;
	int max;
};

static int collect_cb(const struct nlattr *attr, void *data)
{
	struct attr_table *t = data;
	int type = mnl_attr_get_type(attr);
	if (type >= 0 && type <= t->max)
		t->tb[type] = attr;
	return MNL_CB_OK;
}

static int parse_nested(const struct nlattr *nest, const struct nlattr **tb, int max,
			const char *what, struct vxerr *err)
{
	memset(tb, 0, sizeof(*tb) * (size_t)(max + 1));
	struct attr_table t = {tb, max};
	if (mnl_attr_parse_nested(nest, collect_cb, &t) < 0)
		return vxerr_set(err, EBADMSG, "malformed %s attributes", what);
	return 0;
}

static int get_u32(const struct nlattr *a, const char *what, uint32_t *v, struct vxerr *err)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return vxerr_set(err, EBADMSG, "bad %s attribute (length %u)", what,
				 mnl_attr_get_payload_len(a));
	*v = mnl_attr_get_u32(a);
	return 0;
}

static int get_u16(const struct nlattr *a, const char *what, uint16_t *v, struct vxerr *err)
{
	if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
		return vxerr_set(err, EBADMSG, "bad %s attribute (length %u)", what,
				 mnl_attr_get_payload_len(a));
	*v = mnl_attr_get_u16(a);
	return 0;
}

static int get_u8(const struct nlattr *a, const char *what, uint8_t *v, struct vxerr *err)
{
	if (mnl_attr_validate(a, MNL_TYPE_U8) < 0)
		return vxerr_set(err, EBADMSG, "bad %s attribute (length %u)", what,
				 mnl_attr_get_payload_len(a));
	*v = mnl_attr_get_u8(a);
	return 0;
}

/* Copy a string attribute; must be NUL-terminated within its payload and fit. */
static int get_str(const struct nlattr *a, const char *what, char *dst, size_t dstsz,
		   struct vxerr *err)
{
	size_t n = mnl_attr_get_payload_len(a);
	const char *s = mnl_attr_get_payload(a);
	if (n == 0 || s[n - 1] != '\0')
		return vxerr_set(err, EBADMSG, "bad %s attribute: not NUL-terminated", what);
	if (strlen(s) >= dstsz)
		return vxerr_set(err, EBADMSG, "bad %s attribute: longer than %zu bytes", what,
				 dstsz - 1);
	strcpy(dst, s);
	return 0;
}

static int parse_vxlan_data(const struct nlattr *nest, struct link_state *out, struct vxerr *err)
{
	const struct nlattr *tb[IFLA_VXLAN_MAX + 1];
	int rc = parse_nested(nest, tb, IFLA_VXLAN_MAX, "vxlan", err);
	if (rc)
		return rc;
	if (!tb[IFLA_VXLAN_ID])
		return vxerr_set(err, EBADMSG, "vxlan link %s without IFLA_VXLAN_ID", out->name);
	if ((rc = get_u32(tb[IFLA_VXLAN_ID], "IFLA_VXLAN_ID", &out->vxlan.vni, err)))
		return rc;
	if (tb[IFLA_VXLAN_LOCAL]) {
		if (mnl_attr_get_payload_len(tb[IFLA_VXLAN_LOCAL]) != 4)
			return vxerr_set(err, EBADMSG, "bad IFLA_VXLAN_LOCAL length");
		out->vxlan.local.family = AF_INET;
		memcpy(&out->vxlan.local.u.v4, mnl_attr_get_payload(tb[IFLA_VXLAN_LOCAL]), 4);
	}
	if (tb[IFLA_VXLAN_LOCAL6]) {
		if (mnl_attr_get_payload_len(tb[IFLA_VXLAN_LOCAL6]) != 16)
			return vxerr_set(err, EBADMSG, "bad IFLA_VXLAN_LOCAL6 length");
		struct in6_addr v6;
		memcpy(&v6, mnl_attr_get_payload(tb[IFLA_VXLAN_LOCAL6]), 16);
		/* The kernel reports an all-zero LOCAL6 for IPv4 tunnels on some versions. */
		if (!IN6_IS_ADDR_UNSPECIFIED(&v6) || !out->vxlan.local.family) {
			out->vxlan.local.family = AF_INET6;
			out->vxlan.local.u.v6 = v6;
		}
	}
	if (tb[IFLA_VXLAN_PORT]) {
		uint16_t be = 0;
		if ((rc = get_u16(tb[IFLA_VXLAN_PORT], "IFLA_VXLAN_PORT", &be, err)))
			return rc;
		out->vxlan.port = ntohs(be);
	}
	if (tb[IFLA_VXLAN_LEARNING]) {
		uint8_t v = 0;
		if ((rc = get_u8(tb[IFLA_VXLAN_LEARNING], "IFLA_VXLAN_LEARNING", &v, err)))
			return rc;
		out->vxlan.learning = v != 0;
	}
	out->has_vxlan = true;
	return 0;
}

static int parse_brport_data(const struct nlattr *nest, struct link_state *out,
			     struct vxerr *err)
{
	const struct nlattr *tb[IFLA_BRPORT_MAX + 1];
	int rc = parse_nested(nest, tb, IFLA_BRPORT_MAX, "bridge port", err);
	if (rc)
		return rc;
	uint8_t v = 0;
	if (tb[IFLA_BRPORT_LEARNING]) {
		if ((rc = get_u8(tb[IFLA_BRPORT_LEARNING], "IFLA_BRPORT_LEARNING", &v, err)))
			return rc;
		out->brport.learning = v != 0;
	}
	if (tb[IFLA_BRPORT_NEIGH_SUPPRESS]) {
		if ((rc = get_u8(tb[IFLA_BRPORT_NEIGH_SUPPRESS], "IFLA_BRPORT_NEIGH_SUPPRESS", &v,
				 err)))
			return rc;
		out->brport.neigh_suppress = v != 0;
	}
	out->has_brport = true;
	return 0;
}

static int parse_linkinfo(const struct nlattr *nest, struct link_state *out, struct vxerr *err)
{
	const struct nlattr *tb[IFLA_INFO_MAX + 1];
	int rc = parse_nested(nest, tb, IFLA_INFO_MAX, "IFLA_LINKINFO", err);
	if (rc)
		return rc;
	if (tb[IFLA_INFO_KIND] &&
	    (rc = get_str(tb[IFLA_INFO_KIND], "IFLA_INFO_KIND", out->kind, sizeof(out->kind), err)))
		return rc;
	if (tb[IFLA_INFO_SLAVE_KIND] &&
	    (rc = get_str(tb[IFLA_INFO_SLAVE_KIND], "IFLA_INFO_SLAVE_KIND", out->slave_kind,
			  sizeof(out->slave_kind), err)))
		return rc;
	if (tb[IFLA_INFO_DATA] && strcmp(out->kind, "vxlan") == 0 &&
	    (rc = parse_vxlan_data(tb[IFLA_INFO_DATA], out, err)))
		return rc;
	if (tb[IFLA_INFO_SLAVE_DATA] && strcmp(out->slave_kind, "bridge") == 0 &&
	    (rc = parse_brport_data(tb[IFLA_INFO_SLAVE_DATA], out, err)))
		return rc;
	return 0;
}

static int parse_af_spec(const struct nlattr *nest, struct link_state *out, struct vxerr *err)
{
	const struct nlattr *tb[AF_MAX + 1];
	int rc = parse_nested(nest, tb, AF_MAX, "IFLA_AF_SPEC", err);
	if (rc || !tb[AF_INET6])
		return rc;
	const struct nlattr *in6[IFLA_INET6_MAX + 1];
	if ((rc = parse_nested(tb[AF_INET6], in6, IFLA_INET6_MAX, "AF_INET6", err)))
		return rc;
	if (in6[IFLA_INET6_ADDR_GEN_MODE]) {
		uint8_t v = 0;
		if ((rc = get_u8(in6[IFLA_INET6_ADDR_GEN_MODE], "IFLA_INET6_ADDR_GEN_MODE", &v, err)))
			return rc;
		out->addr_gen_mode = v;
	}
	return 0;
}

int link_parse(const struct nlmsghdr *nlh, size_t len, struct link_state *out,
	       struct vxerr *err)
{
	memset(out, 0, sizeof(*out));
	out->addr_gen_mode = -1;
	int vrc = nlmsg_validate(nlh, len, RTM_NEWLINK, "RTM_NEWLINK",
				 sizeof(struct ifinfomsg), err);
	if (vrc)
		return vrc;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	if (ifi->ifi_index <= 0)
		return vxerr_set(err, EBADMSG, "RTM_NEWLINK with invalid ifindex %d", ifi->ifi_index);
	out->ifindex = ifi->ifi_index;
	out->flags = ifi->ifi_flags;

	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	struct attr_table t = {tb, IFLA_MAX};
	if (mnl_attr_parse(nlh, sizeof(*ifi), collect_cb, &t) < 0)
		return vxerr_set(err, EBADMSG, "malformed RTM_NEWLINK attributes (ifindex %d)",
				 out->ifindex);
	int rc;
	if (!tb[IFLA_IFNAME])
		return vxerr_set(err, EBADMSG, "RTM_NEWLINK without IFLA_IFNAME (ifindex %d)",
				 out->ifindex);
	if ((rc = get_str(tb[IFLA_IFNAME], "IFLA_IFNAME", out->name, sizeof(out->name), err)))
		return rc;
	if (tb[IFLA_IFALIAS] &&
	    (rc = get_str(tb[IFLA_IFALIAS], "IFLA_IFALIAS", out->alias, sizeof(out->alias), err)))
		return rc;
	uint32_t v32 = 0;
	if (tb[IFLA_MTU]) {
		if ((rc = get_u32(tb[IFLA_MTU], "IFLA_MTU", &out->mtu, err)))
			return rc;
	}
	if (tb[IFLA_MASTER]) {
		if ((rc = get_u32(tb[IFLA_MASTER], "IFLA_MASTER", &v32, err)))
			return rc;
		if (v32 > INT32_MAX)
			return vxerr_set(err, EBADMSG, "IFLA_MASTER %u out of range", v32);
		out->master = (int)v32;
	}
	if (tb[IFLA_ADDRESS] && mnl_attr_get_payload_len(tb[IFLA_ADDRESS]) == 6) {
		memcpy(out->mac, mnl_attr_get_payload(tb[IFLA_ADDRESS]), 6);
		out->has_mac = true;
	}
	if (tb[IFLA_LINK]) {
		if ((rc = get_u32(tb[IFLA_LINK], "IFLA_LINK", &v32, err)))
			return rc;
		out->link = v32 > INT32_MAX ? 0 : (int)v32;
	}
	if (tb[IFLA_OPERSTATE] &&
	    (rc = get_u8(tb[IFLA_OPERSTATE], "IFLA_OPERSTATE", &out->operstate, err)))
		return rc;
	if (tb[IFLA_STATS64]) {
		/* The kernel's struct grows over time; the four leading counters are stable. */
		if (mnl_attr_get_payload_len(tb[IFLA_STATS64]) < 4 * sizeof(uint64_t))
			return vxerr_set(err, EBADMSG, "IFLA_STATS64 too short (ifindex %d)", out->ifindex);
		uint64_t st[4];
		memcpy(st, mnl_attr_get_payload(tb[IFLA_STATS64]), sizeof(st));
		out->stats.rx_packets = st[0];
		out->stats.tx_packets = st[1];
		out->stats.rx_bytes = st[2];
		out->stats.tx_bytes = st[3];
		out->has_stats = true;
	}
	if (tb[IFLA_LINKINFO] && (rc = parse_linkinfo(tb[IFLA_LINKINFO], out, err)))
		return rc;
	if (tb[IFLA_AF_SPEC] && (rc = parse_af_spec(tb[IFLA_AF_SPEC], out, err)))
		return rc;
	return 0;
}
