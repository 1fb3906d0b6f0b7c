/* rtnetlink message contents (what we send) and the link parser (what we read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "../../evpn/nl.h"
#include "../../evpn/rtnl_addr.h"
#include "../../evpn/rtnl_link.h"
#include "nlmsg_build.h"

static char buf[NL_BUFSZ] __attribute__((aligned(8)));
static char buf2[NL_BUFSZ] __attribute__((aligned(8)));

struct attrs {
	const struct nlattr *a[64];
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *t = data;
	int type = mnl_attr_get_type(attr);
	assert_true(type < 64);
	assert_null(t->a[type]); /* each attribute exactly once */
	t->a[type] = attr;
	return MNL_CB_OK;
}

static struct attrs top_attrs(const struct nlmsghdr *nlh)
{
	struct attrs t = {0};
	assert_true(mnl_attr_parse(nlh, sizeof(struct ifinfomsg), attrs_cb, &t) >= 0);
	return t;
}

static struct attrs nested(const struct nlattr *a)
{
	struct attrs t = {0};
	assert_non_null(a);
	assert_true(mnl_attr_parse_nested(a, attrs_cb, &t) >= 0);
	return t;
}

static void vxlan_create_message_ipv4(void **state)
{
	(void)state;
	struct vxlan_params p = {.name = "vx100", .vni = 100, .port = 4789, .mtu = 1450,
				 .master = 7};
	ipaddr_parse_vtep("10.0.0.2", &p.local, NULL);
	struct nlmsghdr *nlh = rtnl_link_new_vxlan(buf, &p);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_index, 0);
	struct attrs t = top_attrs(nlh);
	assert_string_equal(mnl_attr_get_str(t.a[IFLA_IFNAME]), "vx100");
	assert_int_equal(mnl_attr_get_u32(t.a[IFLA_MTU]), 1450);
	assert_int_equal(mnl_attr_get_u32(t.a[IFLA_MASTER]), 7);
	struct attrs info = nested(t.a[IFLA_LINKINFO]);
	assert_string_equal(mnl_attr_get_str(info.a[IFLA_INFO_KIND]), "vxlan");
	struct attrs vx = nested(info.a[IFLA_INFO_DATA]);
	assert_int_equal(mnl_attr_get_u32(vx.a[IFLA_VXLAN_ID]), 100);
	assert_int_equal(mnl_attr_get_payload_len(vx.a[IFLA_VXLAN_LOCAL]), 4);
	struct in_addr local;
	memcpy(&local, mnl_attr_get_payload(vx.a[IFLA_VXLAN_LOCAL]), 4);
	assert_int_equal(local.s_addr, inet_addr("10.0.0.2"));
	assert_null(vx.a[IFLA_VXLAN_LOCAL6]);
	/* The kernel wants the port in network byte order. */
	assert_int_equal(mnl_attr_get_u16(vx.a[IFLA_VXLAN_PORT]), htons(4789));
	assert_int_equal(mnl_attr_get_u8(vx.a[IFLA_VXLAN_LEARNING]), 0);
	/* No remote/group: EVPN programs the FDB, no multicast flooding. */
	assert_null(vx.a[IFLA_VXLAN_GROUP]);
	assert_null(vx.a[IFLA_VXLAN_GROUP6]);
}

static void vxlan_create_message_ipv6_max_vni(void **state)
{
	(void)state;
	struct vxlan_params p = {.name = "vx16777215", .vni = 16777215, .port = 4789};
	ipaddr_parse_vtep("2001:db8::7", &p.local, NULL);
	struct nlmsghdr *nlh = rtnl_link_new_vxlan(buf, &p);
	struct attrs t = top_attrs(nlh);
	assert_null(t.a[IFLA_MTU]);    /* 0 = kernel default, not sent */
	assert_null(t.a[IFLA_MASTER]); /* no master requested */
	struct attrs vx = nested(nested(t.a[IFLA_LINKINFO]).a[IFLA_INFO_DATA]);
	assert_int_equal(mnl_attr_get_u32(vx.a[IFLA_VXLAN_ID]), 16777215);
	assert_null(vx.a[IFLA_VXLAN_LOCAL]);
	assert_int_equal(mnl_attr_get_payload_len(vx.a[IFLA_VXLAN_LOCAL6]), 16);
	assert_memory_equal(mnl_attr_get_payload(vx.a[IFLA_VXLAN_LOCAL6]), &p.local.u.v6, 16);
}

static void bridge_create_message(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_link_new_bridge(buf, "br100");
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct attrs t = top_attrs(nlh);
	assert_string_equal(mnl_attr_get_str(t.a[IFLA_IFNAME]), "br100");
	assert_string_equal(mnl_attr_get_str(nested(t.a[IFLA_LINKINFO]).a[IFLA_INFO_KIND]),
			    "bridge");
}

static void brport_message_sets_learning_off_neigh_suppress_on(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_link_set_brport(buf, 9, false, true);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK); /* never CREATE */
	assert_int_equal(((struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index, 9);
	struct attrs info = nested(top_attrs(nlh).a[IFLA_LINKINFO]);
	assert_string_equal(mnl_attr_get_str(info.a[IFLA_INFO_SLAVE_KIND]), "bridge");
	assert_null(info.a[IFLA_INFO_KIND]);
	struct attrs bp = nested(info.a[IFLA_INFO_SLAVE_DATA]);
	assert_int_equal(mnl_attr_get_u8(bp.a[IFLA_BRPORT_LEARNING]), 0);
	assert_int_equal(mnl_attr_get_u8(bp.a[IFLA_BRPORT_NEIGH_SUPPRESS]), 1);
}

static void change_message_sends_only_selected_fields(void **state)
{
	(void)state;
	struct link_change c = {.ifindex = 5, .up_set = true, .up = true};
	struct nlmsghdr *nlh = rtnl_link_change(buf, &c);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_change, IFF_UP);
	assert_int_equal(ifi->ifi_flags, IFF_UP);
	struct attrs t = top_attrs(nlh);
	for (int i = 0; i < 64; i++)
		assert_null(t.a[i]);

	struct link_change d = {.ifindex = 5, .master_set = true, .master = 0, .mtu_set = true,
				.mtu = 1400, .alias_set = true, .alias = "vxgw:vni=1:bridge",
				.addr_gen_none = true};
	nlh = rtnl_link_change(buf, &d);
	ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_change, 0); /* up state untouched */
	t = top_attrs(nlh);
	assert_int_equal(mnl_attr_get_u32(t.a[IFLA_MASTER]), 0); /* explicit release */
	assert_int_equal(mnl_attr_get_u32(t.a[IFLA_MTU]), 1400);
	assert_string_equal(mnl_attr_get_str(t.a[IFLA_IFALIAS]), "vxgw:vni=1:bridge");
	struct attrs in6 = nested(nested(t.a[IFLA_AF_SPEC]).a[AF_INET6]);
	assert_int_equal(mnl_attr_get_u8(in6.a[IFLA_INET6_ADDR_GEN_MODE]), IN6_ADDR_GEN_MODE_NONE);
}

static void vlan_create_message(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_link_new_vlan(buf, "eth2.10", 7, 10);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK);
	struct attrs t = top_attrs(nlh);
	assert_string_equal(mnl_attr_get_str(t.a[IFLA_IFNAME]), "eth2.10");
	assert_int_equal(mnl_attr_get_u32(t.a[IFLA_LINK]), 7);
	struct attrs info = nested(t.a[IFLA_LINKINFO]);
	assert_string_equal(mnl_attr_get_str(info.a[IFLA_INFO_KIND]), "vlan");
	struct attrs v = nested(info.a[IFLA_INFO_DATA]);
	assert_int_equal(mnl_attr_get_u16(v.a[IFLA_VLAN_ID]), 10);
	assert_int_equal(mnl_attr_get_u16(v.a[IFLA_VLAN_PROTOCOL]), htons(0x8100));
}

static void delete_and_get_messages(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_link_del(buf, 12);
	assert_int_equal(nlh->nlmsg_type, RTM_DELLINK);
	assert_int_equal(((struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_index, 12);
	nlh = rtnl_link_get_by_name(buf, "br7");
	assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
	assert_false(nlh->nlmsg_flags & NLM_F_DUMP);
	assert_string_equal(mnl_attr_get_str(top_attrs(nlh).a[IFLA_IFNAME]), "br7");
	nlh = rtnl_link_dump(buf, 4);
	assert_int_equal(nlh->nlmsg_flags & NLM_F_DUMP, NLM_F_DUMP);
	assert_int_equal(mnl_attr_get_u32(top_attrs(nlh).a[IFLA_MASTER]), 4);
	nlh = rtnl_link_dump(buf, 0);
	assert_null(top_attrs(nlh).a[IFLA_MASTER]);
}

static struct link_state sample_vxlan(void)
{
	struct link_state l = {.ifindex = 5, .mtu = 1450, .master = 4, .flags = IFF_UP,
			       .has_vxlan = true, .has_brport = true, .addr_gen_mode = 1};
	strcpy(l.name, "vx100");
	strcpy(l.alias, "vxgw:vni=100:vxlan");
	strcpy(l.kind, "vxlan");
	strcpy(l.slave_kind, "bridge");
	l.vxlan.vni = 100;
	l.vxlan.port = 4789;
	ipaddr_parse_vtep("10.0.0.2", &l.vxlan.local, NULL);
	l.brport.neigh_suppress = true;
	return l;
}

static void parse_round_trip(void **state)
{
	(void)state;
	struct link_state in = sample_vxlan(), out;
	struct nlmsghdr *nlh = nlmsg_build_link(buf, &in, 1);
	struct vxerr err = {0};
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), 0);
	assert_int_equal(out.ifindex, 5);
	assert_string_equal(out.name, "vx100");
	assert_string_equal(out.alias, "vxgw:vni=100:vxlan");
	assert_string_equal(out.kind, "vxlan");
	assert_string_equal(out.slave_kind, "bridge");
	assert_int_equal(out.master, 4);
	assert_int_equal(out.mtu, 1450);
	assert_true(out.flags & IFF_UP);
	assert_true(out.has_vxlan);
	assert_int_equal(out.vxlan.vni, 100);
	assert_int_equal(out.vxlan.port, 4789);
	assert_true(ipaddr_equal(&out.vxlan.local, &in.vxlan.local));
	assert_false(out.vxlan.learning);
	assert_true(out.has_brport);
	assert_false(out.brport.learning);
	assert_true(out.brport.neigh_suppress);
	assert_int_equal(out.addr_gen_mode, 1);
}

/* Rebuild a message with one attribute replaced by raw bytes. */
static struct nlmsghdr *with_raw_attr(uint16_t type, const void *data, size_t len)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf2);
	nlh->nlmsg_type = RTM_NEWLINK;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_index = 3;
	if (type != IFLA_IFNAME)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
	mnl_attr_put(nlh, type, len, data);
	return nlh;
}

static void parse_rejects_malformed(void **state)
{
	(void)state;
	struct link_state out;
	struct vxerr err = {0};
	struct link_state in = sample_vxlan();
	struct nlmsghdr *nlh = nlmsg_build_link(buf, &in, 1);

	/* Truncated: length claims more than we have, or less than a header. */
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len - 1, &out, &err), -EBADMSG);
	assert_int_equal(link_parse(nlh, 8, &out, &err), -EBADMSG);
	/* Wrong type. */
	nlh->nlmsg_type = RTM_NEWADDR;
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "expected RTM_NEWLINK"));
	nlh->nlmsg_type = RTM_NEWLINK;
	/* Name without NUL, name too long, missing name. */
	nlh = with_raw_attr(IFLA_IFNAME, "abcd", 4);
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "IFLA_IFNAME"));
	nlh = with_raw_attr(IFLA_IFNAME, "0123456789abcdefXYZ", 20);
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	{
		struct nlmsghdr *m = mnl_nlmsg_put_header(buf2);
		m->nlmsg_type = RTM_NEWLINK;
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(m, sizeof(*ifi));
		ifi->ifi_index = 3;
		assert_int_equal(link_parse(m, m->nlmsg_len, &out, &err), -EBADMSG);
		assert_non_null(strstr(err.msg, "without IFLA_IFNAME"));
	}
	/* u32 attribute of the wrong size. */
	nlh = with_raw_attr(IFLA_MTU, "\x01\x02", 2);
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "IFLA_MTU"));
	/* Invalid ifindex. */
	in.ifindex = 0;
	nlh = nlmsg_build_link(buf, &in, 1);
	assert_int_equal(link_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	/* VXLAN data with a 3-byte local address. */
	{
		struct nlmsghdr *m = mnl_nlmsg_put_header(buf2);
		m->nlmsg_type = RTM_NEWLINK;
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(m, sizeof(*ifi));
		ifi->ifi_index = 3;
		mnl_attr_put_strz(m, IFLA_IFNAME, "vx1");
		struct nlattr *li = mnl_attr_nest_start(m, IFLA_LINKINFO);
		mnl_attr_put_strz(m, IFLA_INFO_KIND, "vxlan");
		struct nlattr *d = mnl_attr_nest_start(m, IFLA_INFO_DATA);
		mnl_attr_put_u32(m, IFLA_VXLAN_ID, 1);
		mnl_attr_put(m, IFLA_VXLAN_LOCAL, 3, "abc");
		mnl_attr_nest_end(m, d);
		mnl_attr_nest_end(m, li);
		assert_int_equal(link_parse(m, m->nlmsg_len, &out, &err), -EBADMSG);
		assert_non_null(strstr(err.msg, "IFLA_VXLAN_LOCAL"));
	}
	/* VXLAN data without an id. */
	{
		struct nlmsghdr *m = mnl_nlmsg_put_header(buf2);
		m->nlmsg_type = RTM_NEWLINK;
		struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(m, sizeof(*ifi));
		ifi->ifi_index = 3;
		mnl_attr_put_strz(m, IFLA_IFNAME, "vx1");
		struct nlattr *li = mnl_attr_nest_start(m, IFLA_LINKINFO);
		mnl_attr_put_strz(m, IFLA_INFO_KIND, "vxlan");
		struct nlattr *d = mnl_attr_nest_start(m, IFLA_INFO_DATA);
		mnl_attr_put_u16(m, IFLA_VXLAN_PORT, htons(4789));
		mnl_attr_nest_end(m, d);
		mnl_attr_nest_end(m, li);
		assert_int_equal(link_parse(m, m->nlmsg_len, &out, &err), -EBADMSG);
		assert_non_null(strstr(err.msg, "IFLA_VXLAN_ID"));
	}
}

/* Found by fuzz_netlink: nlmsg_len 65 (unaligned) with IFLA_IFNAME reaching into the
 * padding; must be rejected without reading past the 65 bytes. */
static void parse_rejects_unaligned_length(void **state)
{
	(void)state;
	static const unsigned char crash[] = {
		0x41, 0, 0, 0, 0x10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0, 0,
		0, 1, 0, 0, 0, 0, 0, 0, 0, 0x24, 0, 3, 0, 0x76, 0x7a, 0x31, 0x3a, 0x30, 0, 0, 0,
		8, 0, 4, 0, 0xaa, 5, 0, 0, 8, 0, 0x0a, 0, 4, 0, 0, 0x80, 5, 0, 2, 0, 0};
	unsigned char *copy = malloc(sizeof(crash)); /* exact size: ASan sees any overread */
	memcpy(copy, crash, sizeof(crash));
	struct link_state out;
	struct vxerr err = {0};
	assert_int_equal(link_parse((const struct nlmsghdr *)copy, sizeof(crash), &out, &err),
			 -EBADMSG);
	assert_non_null(strstr(err.msg, "not 4-byte aligned"));
	free(copy);
}

static void addr_parse_cases(void **state)
{
	(void)state;
	struct addr_entry in = {.ifindex = 3, .prefixlen = 24}, out;
	ipaddr_parse_vtep("10.0.0.2", &in.addr, NULL);
	struct vxerr err = {0};
	struct nlmsghdr *nlh = nlmsg_build_addr(buf, &in, 1);
	assert_int_equal(addr_parse(nlh, nlh->nlmsg_len, &out, &err), 0);
	assert_int_equal(out.ifindex, 3);
	assert_int_equal(out.prefixlen, 24);
	assert_true(ipaddr_equal(&out.addr, &in.addr));
	in.prefixlen = 33;
	nlh = nlmsg_build_addr(buf, &in, 1);
	assert_int_equal(addr_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
	in.prefixlen = 64;
	ipaddr_parse_vtep("2001:db8::2", &in.addr, NULL);
	nlh = nlmsg_build_addr(buf, &in, 1);
	assert_int_equal(addr_parse(nlh, nlh->nlmsg_len, &out, &err), 0);
	assert_int_equal(out.addr.family, AF_INET6);
	nlh = rtnl_addr_dump(buf, AF_INET);
	assert_int_equal(nlh->nlmsg_type, RTM_GETADDR);
	assert_int_equal(addr_parse(nlh, nlh->nlmsg_len, &out, &err), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vxlan_create_message_ipv4),
		cmocka_unit_test(vxlan_create_message_ipv6_max_vni),
		cmocka_unit_test(bridge_create_message),
		cmocka_unit_test(brport_message_sets_learning_off_neigh_suppress_on),
		cmocka_unit_test(change_message_sends_only_selected_fields),
		cmocka_unit_test(vlan_create_message),
		cmocka_unit_test(delete_and_get_messages),
		cmocka_unit_test(parse_round_trip),
		cmocka_unit_test(parse_rejects_malformed),
		cmocka_unit_test(parse_rejects_unaligned_length),
		cmocka_unit_test(addr_parse_cases),
	};
	return cmocka_run_group_tests_name("rtnl_link", tests, NULL, NULL);
}
