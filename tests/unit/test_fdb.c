/* FDB read side: dump requests (bytes), the RTM_NEWNEIGH parser on kernel-captured and
 * hand-built messages, classification, merging of bridge+VXLAN record pairs, counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../evpn/fdb.h"
#include "../../evpn/nl.h"
#include "../../evpn/rtnl_fdb.h"
#include "nl_stub.h"

static char buf[NL_BUFSZ] __attribute__((aligned(8)));

/* ---- captured from Linux 6.18 (RTM_GETNEIGH AF_BRIDGE dump, iproute2 6.1 setup):
 * br100 ifindex 2, vx100 ifindex 3 (VNI 100, local 10.0.0.1, dstport 4789). */

/* bridge record: 02:bb:00:00:00:03 dev vx100 extern_learn master br100
 * (from `bridge fdb add 02:bb:00:00:00:03 dev vx100 dst 10.0.0.7 self master extern_learn
 * dynamic`, the way zebra installs a remote MAC) */
static const uint8_t k_bridge_rec[] = {
	0x4c, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x55, 0x1a, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x10, 0x00, 0x0a, 0x00,
	0x02, 0x00, 0x02, 0xbb, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x08, 0x00, 0x09, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x08, 0x00, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x03, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x71, 0x02, 0x00, 0x00, 0x71, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00};
/* its VXLAN record: 02:bb:00:00:00:03 dev vx100 dst 10.0.0.7 self extern_learn */
static const uint8_t k_vxlan_rec[] = {
	0x44, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x55, 0x1a, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x12, 0x01, 0x0a, 0x00,
	0x02, 0x00, 0x02, 0xbb, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x0a,
	0x00, 0x00, 0x07, 0x14, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x71, 0x02, 0x00, 0x00,
	0x71, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
/* 02:bb:00:00:00:04 dev vx100 dst 10.0.0.7 port 8472 vni 300 self permanent */
static const uint8_t k_vxlan_port_vni[] = {
	0x54, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x55, 0x1a, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x00,
	0x02, 0x00, 0x02, 0xbb, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00, 0x0a,
	0x00, 0x00, 0x07, 0x06, 0x00, 0x06, 0x00, 0x21, 0x18, 0x00, 0x00, 0x08, 0x00, 0x07, 0x00,
	0x2c, 0x01, 0x00, 0x00, 0x14, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x70, 0x02, 0x00,
	0x00, 0x70, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
/* 00:00:00:00:00:00 dev vx6 (ifindex 9) dst 2001:db8::9 self permanent */
static const uint8_t k_vxlan6_flood[] = {
	0x50, 0x00, 0x00, 0x00, 0x1c, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00, 0x00, 0x91, 0x2e, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x0a, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x20,
	0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
	0x14, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0xde, 0x0b, 0x00, 0x00, 0x74, 0x42, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00};

/* Parse a byte array from an exact-size heap copy, so ASan sees any overread. */
static int parse_bytes(const void *bytes, size_t len, struct fdb_entry *out, struct vxerr *err)
{
	void *copy = malloc(len ? len : 1);
	memcpy(copy, bytes, len);
	int rc = fdb_parse(copy, len, out, err);
	free(copy);
	return rc;
}

static const uint8_t mac1[6] = {0x02, 0xaa, 0, 0, 0, 1};
static const uint8_t zero_mac[6];

/* A kernel-shaped neighbour message; attributes are appended by the caller. */
static struct nlmsghdr *neigh_msg(uint16_t type, uint8_t family, int ifindex, uint16_t state,
				  uint8_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_MULTI;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = family;
	nd->ndm_ifindex = ifindex;
	nd->ndm_state = state;
	nd->ndm_flags = flags;
	return nlh;
}

/* ---- builders ------------------------------------------------------------- */

static void dump_request_filters_by_master(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_fdb_dump(buf, 7);
	assert_int_equal(nlh->nlmsg_type, RTM_GETNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	/* The legacy layout the kernel honours on non-strict sockets: ifinfomsg (16 bytes)
	 * with IFLA_MASTER. An ndmsg (12) or ndmsg + one u32 attribute (20) would have its
	 * filters ignored (verified on Linux 6.18). */
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(struct ifinfomsg) + 8);
	assert_int_not_equal(nlh->nlmsg_len - NLMSG_HDRLEN, sizeof(struct ndmsg));
	assert_int_not_equal(nlh->nlmsg_len - NLMSG_HDRLEN, sizeof(struct ndmsg) + 8);
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_family, AF_BRIDGE);
	/* ndm_family sits at the same offset: the kernel dispatches to the bridge handler. */
	assert_int_equal(((const struct ndmsg *)ifi)->ndm_family, AF_BRIDGE);
	assert_int_equal(ifi->ifi_index, 0);
	assert_int_equal(ifi->ifi_flags, 0);
	const struct nlattr *a = (const struct nlattr *)((const char *)ifi + sizeof(*ifi));
	assert_int_equal(mnl_attr_get_type(a), IFLA_MASTER);
	assert_int_equal(mnl_attr_get_payload_len(a), 4);
	assert_int_equal(mnl_attr_get_u32(a), 7);

	nlh = rtnl_fdb_dump(buf, 0);
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(struct ifinfomsg));
	assert_int_equal(((const struct ifinfomsg *)mnl_nlmsg_get_payload(nlh))->ifi_family,
			 AF_BRIDGE);
	nlh = rtnl_fdb_dump(buf, -3); /* negative: no filter, not garbage */
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(struct ifinfomsg));
}

static void dump_request_filters_by_device(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_fdb_dump_dev(buf, 12);
	assert_int_equal(nlh->nlmsg_type, RTM_GETNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_len, NLMSG_HDRLEN + sizeof(struct ifinfomsg));
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(ifi->ifi_family, AF_BRIDGE);
	assert_int_equal(ifi->ifi_index, 12);
}

static void add_static_request(void **state)
{
	(void)state;
	struct nlmsghdr *nlh = rtnl_fdb_add_static(buf, 5, mac1);
	assert_int_equal(nlh->nlmsg_type, RTM_NEWNEIGH);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK);
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(nd->ndm_family, AF_BRIDGE);
	assert_int_equal(nd->ndm_ifindex, 5);
	assert_int_equal(nd->ndm_state, NUD_NOARP);
	assert_int_equal(nd->ndm_flags, NTF_MASTER);
	/* Our own request parses back as the entry it asks for. */
	struct fdb_entry e;
	struct vxerr err = {0};
	assert_int_equal(fdb_parse(nlh, nlh->nlmsg_len, &e, &err), 0);
	assert_memory_equal(e.mac, mac1, 6);
	assert_int_equal(fdb_classify(&e, 9), FDB_LOCAL);
}

/* ---- parser: kernel bytes --------------------------------------------------- */

static void parse_kernel_bridge_record(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	assert_int_equal(parse_bytes(k_bridge_rec, sizeof(k_bridge_rec), &e, &err), 0);
	assert_int_equal(e.ifindex, 3);
	assert_int_equal(e.master, 2);
	static const uint8_t mac[6] = {0x02, 0xbb, 0, 0, 0, 3};
	assert_memory_equal(e.mac, mac, 6);
	assert_int_equal(e.state, NUD_REACHABLE);
	assert_int_equal(e.flags, NTF_EXT_LEARNED); /* no NTF_MASTER from the kernel */
	assert_int_equal(e.dst.family, 0);
	assert_int_equal(e.vlan, 0);
	assert_int_equal(e.vni, 0);
	assert_int_equal(e.port, 0);
	assert_int_equal(e.nhid, 0);
	/* On the VXLAN port without its VXLAN record: remote, dst unknown. */
	assert_int_equal(fdb_classify(&e, 3), FDB_REMOTE);
}

static void parse_kernel_vxlan_records(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	char a[IPADDR_STRLEN];
	assert_int_equal(parse_bytes(k_vxlan_rec, sizeof(k_vxlan_rec), &e, &err), 0);
	assert_int_equal(e.ifindex, 3);
	assert_int_equal(e.master, 0);
	assert_int_equal(e.flags, NTF_SELF | NTF_EXT_LEARNED);
	assert_int_equal(e.state, NUD_REACHABLE);
	assert_int_equal(e.dst.family, AF_INET);
	assert_string_equal(ipaddr_format(&e.dst, a), "10.0.0.7");
	assert_int_equal(e.vni, 0);
	assert_int_equal(fdb_classify(&e, 3), FDB_REMOTE);

	assert_int_equal(parse_bytes(k_vxlan_port_vni, sizeof(k_vxlan_port_vni), &e, &err), 0);
	assert_int_equal(e.state, NUD_PERMANENT | NUD_NOARP);
	assert_int_equal(e.vni, 300);
	assert_int_equal(e.port, 8472);
	assert_string_equal(ipaddr_format(&e.dst, a), "10.0.0.7");
	/* "permanent" VXLAN records are remote MACs, not own addresses. */
	assert_int_equal(fdb_classify(&e, 3), FDB_REMOTE);

	assert_int_equal(parse_bytes(k_vxlan6_flood, sizeof(k_vxlan6_flood), &e, &err), 0);
	assert_int_equal(e.ifindex, 9);
	assert_memory_equal(e.mac, zero_mac, 6);
	assert_int_equal(e.dst.family, AF_INET6);
	assert_string_equal(ipaddr_format(&e.dst, a), "2001:db8::9");
	assert_int_equal(fdb_classify(&e, 9), FDB_REMOTE_VTEP);
	/* Without the VXLAN ifindex, a record with a dst is taken as on a VXLAN device. */
	assert_int_equal(fdb_classify(&e, 0), FDB_REMOTE_VTEP);
}

static void parse_kernel_bytes_truncated_anywhere(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	/* Every shorter prefix is rejected (the length field then exceeds the bytes). */
	for (size_t n = 0; n < sizeof(k_vxlan_port_vni); n++)
		assert_int_equal(parse_bytes(k_vxlan_port_vni, n, &e, &err), -EBADMSG);
}

/* ---- parser: hand-built ----------------------------------------------------- */

static void parse_built_ipv4_ipv6_vni_vlan(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	char a[IPADDR_STRLEN];
	struct in_addr v4;
	inet_pton(AF_INET, "192.0.2.44", &v4);
	struct nlmsghdr *nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 4, NUD_NOARP, NTF_SELF);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	mnl_attr_put(nlh, NDA_DST, 4, &v4);
	mnl_attr_put_u32(nlh, NDA_VNI, 16777215);
	mnl_attr_put_u16(nlh, NDA_PORT, htons(4789));
	assert_int_equal(fdb_parse(nlh, nlh->nlmsg_len, &e, &err), 0);
	assert_string_equal(ipaddr_format(&e.dst, a), "192.0.2.44");
	assert_int_equal(e.vni, 16777215);
	assert_int_equal(e.port, 4789);

	struct in6_addr v6;
	inet_pton(AF_INET6, "2001:db8:1::77", &v6);
	nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 4, NUD_REACHABLE, 0);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	mnl_attr_put_u32(nlh, NDA_MASTER, 8);
	mnl_attr_put_u16(nlh, NDA_VLAN, 4094);
	mnl_attr_put(nlh, NDA_DST, 16, &v6);
	mnl_attr_put_u32(nlh, NDA_NH_ID, 77);
	mnl_attr_put_u32(nlh, NDA_FLAGS_EXT, 0); /* ignored */
	assert_int_equal(fdb_parse(nlh, nlh->nlmsg_len, &e, &err), 0);
	assert_int_equal(e.dst.family, AF_INET6);
	assert_string_equal(ipaddr_format(&e.dst, a), "2001:db8:1::77");
	assert_int_equal(e.master, 8);
	assert_int_equal(e.vlan, 4094);
	assert_int_equal(e.nhid, 77);

	/* RTM_DELNEIGH parses the same way. */
	nlh = neigh_msg(RTM_DELNEIGH, AF_BRIDGE, 6, NUD_NOARP, 0);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	mnl_attr_put_u32(nlh, NDA_MASTER, 2);
	assert_int_equal(fdb_parse(nlh, nlh->nlmsg_len, &e, &err), 0);
	assert_int_equal(e.ifindex, 6);
	assert_int_equal(e.master, 2);
}

static void expect_bad(struct nlmsghdr *nlh, const char *needle)
{
	struct fdb_entry e;
	struct vxerr err = {0};
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len, &e, &err), -EBADMSG);
	assert_int_equal(err.code, EBADMSG);
	if (!strstr(err.msg, needle))
		fail_msg("message '%s' does not name '%s'", err.msg, needle);
}

/* A bridge entry with one raw attribute appended. */
static struct nlmsghdr *with_attr(uint16_t type, const void *data, size_t len)
{
	struct nlmsghdr *nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 4, NUD_NOARP, 0);
	if (type != NDA_LLADDR)
		mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	mnl_attr_put(nlh, type, len, data);
	return nlh;
}

static void parse_rejects_bad_attributes(void **state)
{
	(void)state;
	uint32_t big = 0x80000000u, vni = 0x1000000u;
	uint16_t vlan = 4095;
	expect_bad(with_attr(NDA_LLADDR, "\x02\x00\x00\x00\x00", 5), "NDA_LLADDR");
	expect_bad(with_attr(NDA_LLADDR, "\x02\x00\x00\x00\x00\x01\x02\x03", 8), "NDA_LLADDR");
	expect_bad(with_attr(NDA_MASTER, "\x01\x02", 2), "NDA_MASTER");
	expect_bad(with_attr(NDA_MASTER, &big, 4), "NDA_MASTER");
	expect_bad(with_attr(NDA_VLAN, "\x01\x02\x03\x04", 4), "NDA_VLAN");
	expect_bad(with_attr(NDA_VLAN, &vlan, 2), "NDA_VLAN");
	expect_bad(with_attr(NDA_DST, "\x0a\x00\x00\x01\x00", 5), "NDA_DST");
	expect_bad(with_attr(NDA_DST, "", 0), "NDA_DST");
	expect_bad(with_attr(NDA_VNI, "\x01\x02\x03", 3), "NDA_VNI");
	expect_bad(with_attr(NDA_VNI, &vni, 4), "NDA_VNI");
	expect_bad(with_attr(NDA_PORT, "\x01", 1), "NDA_PORT");
	expect_bad(with_attr(NDA_NH_ID, "\x01\x02", 2), "NDA_NH_ID");

	/* No NDA_LLADDR at all. */
	struct nlmsghdr *nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 4, NUD_NOARP, 0);
	mnl_attr_put_u32(nlh, NDA_MASTER, 2);
	expect_bad(nlh, "without NDA_LLADDR");
	/* Invalid ifindex. */
	nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 0, NUD_NOARP, 0);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	expect_bad(nlh, "ifindex 0");
	/* An attribute whose length runs past the message. */
	nlh = neigh_msg(RTM_NEWNEIGH, AF_BRIDGE, 4, NUD_NOARP, 0);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	struct nlattr *last = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, NDA_MASTER, 2);
	last->nla_len = 64;
	expect_bad(nlh, "malformed");
	/* An attribute length below the attribute header. */
	last->nla_len = 2;
	expect_bad(nlh, "malformed");
}

static void parse_rejects_bad_framing(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	/* Truncated header, truncated message, lying length. */
	assert_int_equal(parse_bytes(k_bridge_rec, 8, &e, &err), -EBADMSG);
	assert_int_equal(parse_bytes(k_bridge_rec, 0, &e, &err), -EBADMSG);
	assert_int_equal(parse_bytes(k_bridge_rec, sizeof(k_bridge_rec) - 4, &e, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "truncated"));
	/* Header shorter than an ndmsg. */
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_len = NLMSG_HDRLEN + 8;
	memset(mnl_nlmsg_get_payload(nlh), 0, 8);
	((struct ndmsg *)mnl_nlmsg_get_payload(nlh))->ndm_family = AF_BRIDGE;
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len, &e, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "too short"));
	/* Unaligned length, the attribute reaching into the padding (cf. fuzz_netlink). */
	uint8_t odd[sizeof(k_bridge_rec)];
	memcpy(odd, k_vxlan_rec, sizeof(k_vxlan_rec));
	odd[0] = 0x2e; /* 46: ends inside NDA_DST */
	assert_int_equal(parse_bytes(odd, 46, &e, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "not 4-byte aligned"));
	/* Wrong message type: malformed for this parser, like link_parse. */
	nlh = neigh_msg(RTM_NEWLINK, AF_BRIDGE, 4, 0, 0);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len, &e, &err), -EBADMSG);
	assert_non_null(strstr(err.msg, "expected RTM_NEWNEIGH/RTM_DELNEIGH"));
}

static void parse_other_family_is_enoent(void **state)
{
	(void)state;
	struct fdb_entry e;
	struct vxerr err = {0};
	/* An ARP neighbour (AF_INET, NDA_DST 4 bytes, NDA_LLADDR): well-formed, not ours. */
	struct in_addr v4;
	inet_pton(AF_INET, "10.0.0.5", &v4);
	struct nlmsghdr *nlh = neigh_msg(RTM_NEWNEIGH, AF_INET, 4, NUD_REACHABLE, 0);
	mnl_attr_put(nlh, NDA_DST, 4, &v4);
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac1);
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len, &e, &err), -ENOENT);
	/* Family is judged before attributes: an IPv6 neighbour without LLADDR (FAILED). */
	nlh = neigh_msg(RTM_DELNEIGH, AF_INET6, 4, NUD_FAILED, 0);
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len, &e, &err), -ENOENT);
	/* But framing is checked first. */
	assert_int_equal(parse_bytes(nlh, nlh->nlmsg_len - 1, &e, &err), -EBADMSG);
}

/* ---- classification, merge, counts ----------------------------------------- */

enum { BR = 2, VX = 3, P1 = 5, P2 = 6 };

static struct fdb_entry ent(int ifindex, int master, const char *mac, uint16_t state,
			    uint8_t flags, const char *dst)
{
	struct fdb_entry e = {.ifindex = ifindex, .master = master, .state = state, .flags = flags};
	unsigned m[6];
	assert_int_equal(sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]),
			 6);
	for (int i = 0; i < 6; i++)
		e.mac[i] = (uint8_t)m[i];
	if (dst)
		assert_true(ipaddr_parse_any(dst, &e.dst));
	return e;
}

static void classify_each_class(void **state)
{
	(void)state;
	/* host port: static, learned, extern_learn (e.g. from an MLAG peer) */
	struct fdb_entry e = ent(P1, BR, "02:aa:00:00:00:01", NUD_NOARP, 0, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_LOCAL);
	e.state = NUD_REACHABLE;
	assert_int_equal(fdb_classify(&e, VX), FDB_LOCAL);
	e.state = NUD_STALE;
	e.flags = NTF_EXT_LEARNED | NTF_OFFLOADED;
	assert_int_equal(fdb_classify(&e, VX), FDB_LOCAL);
	/* the port's own address, the bridge's own, receive lists */
	e = ent(P1, BR, "1a:07:52:b8:f8:66", NUD_PERMANENT, 0, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_OWN);
	e = ent(BR, 0, "33:33:00:00:00:01", NUD_PERMANENT, NTF_SELF, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_OWN);
	e = ent(P1, 0, "01:00:5e:00:00:01", NUD_PERMANENT, NTF_SELF, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_OWN);
	e = ent(BR, BR, "02:00:00:00:00:99", NUD_PERMANENT, NTF_SELF, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_OWN);
	/* VXLAN port: its own address in the bridge */
	e = ent(VX, BR, "1a:d9:cd:45:75:54", NUD_PERMANENT, 0, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_OWN);
	/* remote MACs: VXLAN record (any state), merged record, bridge record alone, nhid */
	e = ent(VX, 0, "02:bb:00:00:00:01", NUD_PERMANENT | NUD_NOARP, NTF_SELF, "10.0.0.9");
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE);
	e.master = BR;
	e.flags |= NTF_MASTER | NTF_EXT_LEARNED;
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE);
	e = ent(VX, BR, "02:bb:00:00:00:02", NUD_REACHABLE, NTF_EXT_LEARNED, NULL);
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE);
	e = ent(VX, 0, "02:bb:00:00:00:03", NUD_REACHABLE, NTF_SELF | NTF_EXT_LEARNED, NULL);
	e.nhid = 5;
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE);
	/* flood list */
	e = ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT | NUD_NOARP, NTF_SELF, "10.0.0.8");
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE_VTEP);
	e = ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "2001:db8::8");
	assert_int_equal(fdb_classify(&e, VX), FDB_REMOTE_VTEP);
	/* the same record looked at as another VNI's device is not remote there */
	e = ent(VX, 0, "02:bb:00:00:00:01", NUD_REACHABLE, 0, NULL);
	assert_int_equal(fdb_classify(&e, 77), FDB_LOCAL);
	assert_string_equal(fdb_class_name(FDB_LOCAL), "local");
	assert_string_equal(fdb_class_name(FDB_REMOTE), "remote");
	assert_string_equal(fdb_class_name(FDB_REMOTE_VTEP), "remote-vtep");
	assert_string_equal(fdb_class_name(FDB_OWN), "own");
}

static void merge_pairs_bridge_and_vxlan_records(void **state)
{
	(void)state;
	struct fdb_entry in[] = {
		/* kernel dump order: bridge records first, then the VXLAN device's */
		ent(VX, BR, "02:bb:00:00:00:03", NUD_REACHABLE, NTF_EXT_LEARNED, NULL),
		ent(VX, BR, "02:bb:00:00:00:02", NUD_REACHABLE, NTF_EXT_LEARNED, NULL),
		ent(VX, BR, "1a:d9:cd:45:75:54", NUD_PERMANENT, 0, NULL),
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT | NUD_NOARP, NTF_SELF, "10.0.0.8"),
		ent(VX, 0, "02:bb:00:00:00:03", NUD_REACHABLE, NTF_SELF | NTF_EXT_LEARNED, "10.0.0.7"),
		ent(VX, 0, "02:bb:00:00:00:01", NUD_PERMANENT | NUD_NOARP, NTF_SELF | NTF_EXT_LEARNED,
		    "10.0.0.9"),
		ent(P1, BR, "02:aa:00:00:00:01", NUD_NOARP, 0, NULL),
		ent(BR, 0, "33:33:00:00:00:01", NUD_PERMANENT, NTF_SELF, NULL),
	};
	struct fdb_vec v = {.n = sizeof(in) / sizeof(in[0]), .cap = sizeof(in) / sizeof(in[0])};
	v.v = malloc(sizeof(in));
	memcpy(v.v, in, sizeof(in));
	fdb_merge(&v);
	assert_int_equal(v.n, 7); /* one pair merged */
	/* sorted by ifindex, then MAC */
	for (size_t i = 1; i < v.n; i++)
		assert_true(v.v[i - 1].ifindex < v.v[i].ifindex ||
			    (v.v[i - 1].ifindex == v.v[i].ifindex &&
			     memcmp(v.v[i - 1].mac, v.v[i].mac, 6) < 0));
	int found = 0;
	char a[IPADDR_STRLEN];
	for (size_t i = 0; i < v.n; i++) {
		const struct fdb_entry *e = &v.v[i];
		if (e->mac[1] == 0xbb && e->mac[5] == 3) {
			found++;
			assert_int_equal(e->ifindex, VX);
			assert_int_equal(e->master, BR); /* from the bridge record */
			assert_string_equal(ipaddr_format(&e->dst, a), "10.0.0.7");
			assert_int_equal(e->flags, NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED);
			assert_int_equal(e->state, NUD_REACHABLE);
		}
		if (e->mac[1] == 0xbb && e->mac[5] == 2) { /* bridge record alone stays */
			assert_int_equal(e->dst.family, 0);
			assert_int_equal(fdb_classify(e, VX), FDB_REMOTE);
		}
		if (e->mac[1] == 0xbb && e->mac[5] == 1) /* VXLAN record alone stays */
			assert_int_equal(e->master, 0);
	}
	assert_int_equal(found, 1);
	/* Idempotent. */
	fdb_merge(&v);
	assert_int_equal(v.n, 7);
	struct fdb_counts c;
	fdb_count(&v, VX, &c);
	assert_int_equal(c.local, 1);
	assert_int_equal(c.remote, 3);
	assert_int_equal(c.remote_vteps, 3); /* 10.0.0.7, .8, .9 */
	free(v.v);

	struct fdb_vec empty = {0};
	fdb_merge(&empty);
	fdb_count(&empty, VX, &c);
	assert_int_equal(c.local + c.remote + c.remote_vteps, 0);
}

static void count_with_duplicate_vteps(void **state)
{
	(void)state;
	struct fdb_entry in[] = {
		ent(P1, BR, "02:aa:00:00:00:01", NUD_NOARP, 0, NULL),
		ent(P1, BR, "02:aa:00:00:00:02", NUD_REACHABLE, 0, NULL),
		ent(P2, BR, "02:aa:00:00:00:03", NUD_STALE, 0, NULL),
		ent(P1, BR, "1a:07:52:b8:f8:66", NUD_PERMANENT, 0, NULL), /* own */
		ent(P1, 0, "33:33:00:00:00:01", NUD_PERMANENT, NTF_SELF, NULL), /* own */
		/* flood list: two VTEPs, one of them twice (IPv4) + one IPv6 */
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "10.0.0.8"),
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "10.0.0.9"),
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "10.0.0.8"),
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "2001:db8::8"),
		/* remote MACs behind .9 and a VTEP only seen through a MAC (.7) */
		ent(VX, 0, "02:bb:00:00:00:01", NUD_REACHABLE, NTF_SELF, "10.0.0.9"),
		ent(VX, 0, "02:bb:00:00:00:02", NUD_REACHABLE, NTF_SELF, "10.0.0.7"),
		/* unmerged input: the bridge record of .02 and a second remote of .01 */
		ent(VX, BR, "02:bb:00:00:00:02", NUD_REACHABLE, NTF_EXT_LEARNED, NULL),
		ent(VX, 0, "02:bb:00:00:00:01", NUD_REACHABLE, NTF_SELF, "10.0.0.8"),
		/* 0.0.0.8 as IPv6-mapped is a different address, not a duplicate */
		ent(VX, 0, "00:00:00:00:00:00", NUD_PERMANENT, NTF_SELF, "::ffff:10.0.0.8"),
	};
	struct fdb_vec v = {.v = in, .n = sizeof(in) / sizeof(in[0])};
	struct fdb_counts c;
	fdb_count(&v, VX, &c);
	assert_int_equal(c.local, 3);
	assert_int_equal(c.remote, 2);       /* distinct MACs */
	assert_int_equal(c.remote_vteps, 5); /* .7 .8 .9 2001:db8::8 ::ffff:10.0.0.8 */
	/* Seen from another VNI's VXLAN ifindex, none of it is remote. */
	fdb_count(&v, 99, &c);
	assert_int_equal(c.remote, 0);
	assert_int_equal(c.remote_vteps, 0);
}

static void dump_vni_needs_a_device(void **state)
{
	(void)state;
	fake_reset();
	struct fdb_vec v = {0};
	struct vxerr err = {0};
	assert_int_equal(fdb_dump_vni(fake_conn(), 0, 0, &v, &err), -EINVAL);
	assert_int_equal(v.n, 0);
	/* A transport error is reported with context, and leaves no entries. */
	assert_int_equal(fdb_dump_vni(fake_conn(), 4, 5, &v, &err), -EOPNOTSUPP);
	assert_non_null(strstr(err.msg, "FDB of bridge ifindex 4"));
	assert_int_equal(v.n, 0);
	assert_int_equal(fdb_dump_all(fake_conn(), &v, &err), -EOPNOTSUPP);
	free(v.v);
}

static void mac_format(void **state)
{
	(void)state;
	char b[FDB_MAC_STRLEN];
	static const uint8_t m[6] = {0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a};
	assert_string_equal(fdb_mac_format(m, b), "de:ad:be:ef:00:0a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dump_request_filters_by_master),
		cmocka_unit_test(dump_request_filters_by_device),
		cmocka_unit_test(add_static_request),
		cmocka_unit_test(parse_kernel_bridge_record),
		cmocka_unit_test(parse_kernel_vxlan_records),
		cmocka_unit_test(parse_kernel_bytes_truncated_anywhere),
		cmocka_unit_test(parse_built_ipv4_ipv6_vni_vlan),
		cmocka_unit_test(parse_rejects_bad_attributes),
		cmocka_unit_test(parse_rejects_bad_framing),
		cmocka_unit_test(parse_other_family_is_enoent),
		cmocka_unit_test(classify_each_class),
		cmocka_unit_test(merge_pairs_bridge_and_vxlan_records),
		cmocka_unit_test(count_with_duplicate_vteps),
		cmocka_unit_test(dump_vni_needs_a_device),
		cmocka_unit_test(mac_format),
	};
	return cmocka_run_group_tests_name("fdb", tests, NULL, NULL);
}
