/* rtnl_link: rtnetlink link messages as plain values — builders for the requests
 * vxgw sends and a defensive parser for the RTM_NEWLINK messages it reads.
 *
 * Builders write one complete request into a caller buffer of NL_BUFSZ bytes and
 * return its header; they never touch a socket, so unit tests check their bytes.
 * link_parse accepts any byte string: malformed input yields -EBADMSG and a
 * message naming the bad attribute, never a crash or partial trust. */
#ifndef VXGW_RTNL_LINK_H
#define VXGW_RTNL_LINK_H

#include <linux/netlink.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "vxerr.h"

#define LINK_ALIAS_MAX 256 /* IFALIASZ */
#define LINK_KIND_MAX 32

struct link_state {
	int ifindex;
	char name[IFNAMSIZ];
	char alias[LINK_ALIAS_MAX];
	char kind[LINK_KIND_MAX];       /* "" when the link has no IFLA_INFO_KIND */
	char slave_kind[LINK_KIND_MAX]; /* "bridge" when enslaved to a bridge */
	int master;                     /* 0 when not enslaved */
	uint32_t mtu;
	uint32_t flags; /* IFF_* from ifinfomsg */
	uint8_t operstate;
	uint8_t mac[6];
	bool has_mac;
	int link;        /* IFLA_LINK: for a veth, the peer's ifindex (in its namespace) */
	bool has_vxlan;
	struct {
		uint32_t vni;
		struct ipaddr local;
		uint16_t port; /* host order */
		bool learning;
	} vxlan;
	bool has_brport;
	struct {
		bool learning;
		bool neigh_suppress;
	} brport;
	int addr_gen_mode; /* IN6_ADDR_GEN_MODE_*, -1 when not reported */
	bool has_stats;    /* IFLA_STATS64 present */
	struct {
		uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
	} stats;
};

/* Fields of a change to an existing link; the *_set flags select what is sent. */
struct link_change {
	int ifindex;
	bool master_set;
	int master; /* 0 = release from master */
	bool mtu_set;
	uint32_t mtu;
	bool up_set;
	bool up;
	bool alias_set;
	const char *alias;
	bool addr_gen_none; /* disable IPv6 link-local on a pure L2 device */
};

struct vxlan_params {
	const char *name;
	uint32_t vni;
	struct ipaddr local;
	uint16_t port; /* host order */
	uint32_t mtu;  /* 0 = kernel default */
	int master;    /* 0 = none */
};

struct nlmsghdr *rtnl_link_get_by_name(void *buf, const char *name);
struct nlmsghdr *rtnl_link_get_by_index(void *buf, int ifindex);
/* Dump all links, or with master > 0 only the ports of that master. */
struct nlmsghdr *rtnl_link_dump(void *buf, int master);
struct nlmsghdr *rtnl_link_new_bridge(void *buf, const char *name);
struct nlmsghdr *rtnl_link_new_vxlan(void *buf, const struct vxlan_params *p);
struct nlmsghdr *rtnl_link_change(void *buf, const struct link_change *c);
struct nlmsghdr *rtnl_link_set_brport(void *buf, int ifindex, bool learning, bool neigh_suppress);
struct nlmsghdr *rtnl_link_del(void *buf, int ifindex);

/* Parse an RTM_NEWLINK message (any bytes) into *out. */
int link_parse(const struct nlmsghdr *nlh, size_t len, struct link_state *out,
	       struct vxerr *err);

/* veth pair: host end `name` in the caller's namespace, peer `peer_name` created
 * directly inside the namespace open at peer_netns_fd (no rename/move window). */
struct veth_params {
	const char *name;
	const char *peer_name;
	int peer_netns_fd;
	uint32_t mtu;               /* both ends; 0 = kernel default */
	const uint8_t *peer_mac;    /* NULL = random */
};
struct nlmsghdr *rtnl_link_new_veth(void *buf, const struct veth_params *p);

/* 802.1Q sub-interface `name` of parent_ifindex for vlan_id (1-4094). */
struct nlmsghdr *rtnl_link_new_vlan(void *buf, const char *name, int parent_ifindex,
				    uint16_t vlan_id);

#endif
