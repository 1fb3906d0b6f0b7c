#include "nl_stub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nlmsg_build.h"

struct fake_kernel fake;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.next_ifindex = 2;
	fake.fail_errno = EIO;
}

struct nl_conn *fake_conn(void)
{
	static int token;
	return (struct nl_conn *)&token;
}

int fake_add(struct link_state l)
{
	if (!l.ifindex)
		l.ifindex = fake.next_ifindex++;
	if (!l.mtu)
		l.mtu = 1500;
	fake.link[fake.nlinks++] = l;
	return l.ifindex;
}

struct link_state *fake_find(const char *name)
{
	for (int i = 0; i < fake.nlinks; i++)
		if (strcmp(fake.link[i].name, name) == 0)
			return &fake.link[i];
	return NULL;
}

struct link_state *fake_by_index(int ifindex)
{
	for (int i = 0; i < fake.nlinks; i++)
		if (fake.link[i].ifindex == ifindex)
			return &fake.link[i];
	return NULL;
}

void fake_add_addr(int ifindex, const char *addr, unsigned prefixlen)
{
	struct addr_entry *a = &fake.addr[fake.naddrs++];
	memset(a, 0, sizeof(*a));
	a->ifindex = ifindex;
	a->prefixlen = prefixlen;
	if (inet_pton(AF_INET, addr, &a->addr.u.v4) == 1)
		a->addr.family = AF_INET;
	else if (inet_pton(AF_INET6, addr, &a->addr.u.v6) == 1)
		a->addr.family = AF_INET6;
}

int nl_open(struct nl_conn **out, struct vxerr *err)
{
	(void)err;
	*out = fake_conn();
	return 0;
}

int nl_open_netns(struct nl_conn **out, const char *netns_path, struct vxerr *err)
{
	(void)netns_path;
	return nl_open(out, err);
}

int nl_disable_ipv6(const char *ifname, struct vxerr *err)
{
	(void)err;
	struct link_state *l = fake_find(ifname);
	if (l)
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_NONE; /* the fake has no separate flag */
	return 0;
}

void nl_close(struct nl_conn *conn)
{
	(void)conn;
}

/* ---- request decoding ------------------------------------------------------- */

struct tb {
	const struct nlattr *a[IFLA_MAX + 1];
};

static int tb_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **t = data;
	t[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static void set_master(struct link_state *l, int master)
{
	l->master = master;
	if (master) {
		strcpy(l->slave_kind, "bridge");
		l->has_brport = true;
		l->brport.learning = true; /* kernel default for a new port */
		l->brport.neigh_suppress = false;
	} else {
		l->slave_kind[0] = '\0';
		l->has_brport = false;
		memset(&l->brport, 0, sizeof(l->brport));
	}
}

static int do_create(const struct nlmsghdr *nlh, const struct nlattr **tb, struct vxerr *err)
{
	struct link_state l = {0};
	l.addr_gen_mode = IN6_ADDR_GEN_MODE_EUI64;
	if (!tb[IFLA_IFNAME])
		return vxerr_set(err, EINVAL, "fake: create without name");
	strncpy(l.name, mnl_attr_get_str(tb[IFLA_IFNAME]), IFNAMSIZ - 1);
	if (fake_find(l.name))
		return vxerr_set(err, EEXIST, "fake: %s exists", l.name);
	const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
	if (tb[IFLA_LINKINFO])
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], tb_cb, info);
	if (!info[IFLA_INFO_KIND])
		return vxerr_set(err, EINVAL, "fake: create without kind");
	strncpy(l.kind, mnl_attr_get_str(info[IFLA_INFO_KIND]), LINK_KIND_MAX - 1);
	if (strcmp(l.kind, "vxlan") == 0) {
		const struct nlattr *vx[IFLA_VXLAN_MAX + 1] = {0};
		mnl_attr_parse_nested(info[IFLA_INFO_DATA], tb_cb, vx);
		l.has_vxlan = true;
		l.vxlan.vni = mnl_attr_get_u32(vx[IFLA_VXLAN_ID]);
		if (vx[IFLA_VXLAN_LOCAL]) {
			l.vxlan.local.family = AF_INET;
			memcpy(&l.vxlan.local.u.v4, mnl_attr_get_payload(vx[IFLA_VXLAN_LOCAL]), 4);
		} else if (vx[IFLA_VXLAN_LOCAL6]) {
			l.vxlan.local.family = AF_INET6;
			memcpy(&l.vxlan.local.u.v6, mnl_attr_get_payload(vx[IFLA_VXLAN_LOCAL6]), 16);
		}
		l.vxlan.port = vx[IFLA_VXLAN_PORT] ? ntohs(mnl_attr_get_u16(vx[IFLA_VXLAN_PORT])) : 8472;
		l.vxlan.learning = vx[IFLA_VXLAN_LEARNING] ? mnl_attr_get_u8(vx[IFLA_VXLAN_LEARNING]) : 1;
		for (int i = 0; i < fake.nlinks; i++)
			if (fake.link[i].has_vxlan && fake.link[i].vxlan.vni == l.vxlan.vni &&
			    fake.link[i].vxlan.port == l.vxlan.port)
				return vxerr_set(err, EEXIST,
						 "A VXLAN device with the specified VNI already exists");
	}
	if (tb[IFLA_MTU])
		l.mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_LINK])
		l.link = (int)mnl_attr_get_u32(tb[IFLA_LINK]);
	if (strcmp(l.kind, "vlan") == 0 && fake.no_vlan)
		return vxerr_set(err, EOPNOTSUPP, "Unknown device type");
	if (tb[IFLA_MASTER]) {
		int m = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
		if (!fake_by_index(m))
			return vxerr_set(err, EINVAL, "fake: master %d missing", m);
		set_master(&l, m);
	}
	(void)nlh;
	fake_add(l);
	return 0;
}

static int do_change(const struct nlmsghdr *nlh, const struct nlattr **tb, struct vxerr *err)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_state *l = fake_by_index(ifi->ifi_index);
	if (!l)
		return vxerr_set(err, ENODEV, "fake: no ifindex %d", ifi->ifi_index);
	if (tb[IFLA_MASTER]) {
		int m = (int)mnl_attr_get_u32(tb[IFLA_MASTER]);
		if (m && !fake_by_index(m))
			return vxerr_set(err, EINVAL, "fake: master %d missing", m);
		if (m != l->master)
			set_master(l, m);
	}
	if (tb[IFLA_MTU])
		l->mtu = mnl_attr_get_u32(tb[IFLA_MTU]);
	if (tb[IFLA_IFALIAS])
		strncpy(l->alias, mnl_attr_get_str(tb[IFLA_IFALIAS]), LINK_ALIAS_MAX - 1);
	if (ifi->ifi_change & IFF_UP)
		l->flags = (l->flags & ~(unsigned)IFF_UP) | (ifi->ifi_flags & IFF_UP);
	if (tb[IFLA_AF_SPEC])
		l->addr_gen_mode = IN6_ADDR_GEN_MODE_NONE;
	if (tb[IFLA_LINKINFO]) {
		const struct nlattr *info[IFLA_INFO_MAX + 1] = {0};
		mnl_attr_parse_nested(tb[IFLA_LINKINFO], tb_cb, info);
		if (info[IFLA_INFO_SLAVE_DATA]) {
			if (!l->master)
				return vxerr_set(err, EOPNOTSUPP, "fake: slave data without master");
			const struct nlattr *bp[IFLA_BRPORT_MAX + 1] = {0};
			mnl_attr_parse_nested(info[IFLA_INFO_SLAVE_DATA], tb_cb, bp);
			if (bp[IFLA_BRPORT_LEARNING])
				l->brport.learning = mnl_attr_get_u8(bp[IFLA_BRPORT_LEARNING]);
			if (bp[IFLA_BRPORT_NEIGH_SUPPRESS])
				l->brport.neigh_suppress =
					mnl_attr_get_u8(bp[IFLA_BRPORT_NEIGH_SUPPRESS]);
		}
	}
	return 0;
}

static int do_delete(const struct nlmsghdr *nlh, struct vxerr *err)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	int idx = ifi->ifi_index;
	for (int i = 0; i < fake.nlinks; i++) {
		if (fake.link[i].ifindex != idx)
			continue;
		memmove(&fake.link[i], &fake.link[i + 1],
			sizeof(fake.link[0]) * (size_t)(fake.nlinks - i - 1));
		fake.nlinks--;
		for (int k = 0; k < fake.nlinks; k++)
			if (fake.link[k].master == idx)
				set_master(&fake.link[k], 0);
		return 0;
	}
	return vxerr_set(err, ENODEV, "fake: no ifindex %d", idx);
}

static char replybuf[NL_BUFSZ] __attribute__((aligned(8)));

static int reply_link(const struct link_state *l, nl_reply_cb cb, void *data, struct vxerr *err)
{
	struct nlmsghdr *m = nlmsg_build_link(replybuf, l, 0);
	return cb ? cb(m, data, err) : 0;
}

int nl_transact(struct nl_conn *conn, struct nlmsghdr *req, nl_reply_cb cb, void *data,
		struct vxerr *err)
{
	(void)conn;
	fake.requests++;
	const struct nlattr *tb[IFLA_MAX + 1] = {0};
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;

	switch (req->nlmsg_type) {
	case RTM_GETLINK: {
		mnl_attr_parse(req, sizeof(struct ifinfomsg), tb_cb, tb);
		if (dump) {
			if (fake.dump_intr > 0) {
				fake.dump_intr--;
				return vxerr_set(err, EINTR, "fake: dump interrupted");
			}
			int master = tb[IFLA_MASTER] ? (int)mnl_attr_get_u32(tb[IFLA_MASTER]) : 0;
			for (int i = 0; i < fake.nlinks; i++) {
				if (master && fake.link[i].master != master)
					continue;
				int rc = reply_link(&fake.link[i], cb, data, err);
				if (rc)
					return rc;
			}
			return 0;
		}
		const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(req);
		const struct link_state *l =
			ifi->ifi_index ? fake_by_index(ifi->ifi_index)
				       : (tb[IFLA_IFNAME] ? fake_find(mnl_attr_get_str(tb[IFLA_IFNAME]))
							  : NULL);
		if (!l)
			return vxerr_set(err, ENODEV, "No such device");
		return reply_link(l, cb, data, err);
	}
	case RTM_GETADDR: {
		const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(req);
		for (int i = 0; i < fake.naddrs; i++) {
			if (ifa->ifa_family && fake.addr[i].addr.family != ifa->ifa_family)
				continue;
			struct nlmsghdr *m = nlmsg_build_addr(replybuf, &fake.addr[i], 0);
			int rc = cb ? cb(m, data, err) : 0;
			if (rc)
				return rc;
		}
		return 0;
	}
	case RTM_NEWLINK:
	case RTM_DELLINK:
		fake.modifications++;
		if (fake.fail_mod && fake.modifications == fake.fail_mod)
			return vxerr_set(err, fake.fail_errno, "fake: injected failure");
		if (req->nlmsg_type == RTM_DELLINK)
			return do_delete(req, err);
		mnl_attr_parse(req, sizeof(struct ifinfomsg), tb_cb, tb);
		if (req->nlmsg_flags & NLM_F_CREATE)
			return do_create(req, tb, err);
		return do_change(req, tb, err);
	default:
		return vxerr_set(err, EOPNOTSUPP, "fake: message type %u", req->nlmsg_type);
	}
}
