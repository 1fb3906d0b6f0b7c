#include "rtnl_fdb.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nlmsg.h"

struct nlmsghdr *rtnl_fdb_add_static(void *buf, int port_ifindex, const uint8_t mac[6])
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK;
	struct ndmsg *nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_BRIDGE;
	nd->ndm_ifindex = port_ifindex;
	nd->ndm_state = NUD_NOARP; /* "static": not aged, but not the bridge's own address */
	nd->ndm_flags = NTF_MASTER;
	mnl_attr_put(nlh, NDA_LLADDR, 6, mac);
	return nlh;
}

/* The legacy (non-strict) FDB dump layout: ifinfomsg + IFLA_MASTER; see rtnl_fdb.h. */
static struct nlmsghdr *fdb_dump_msg(void *buf, int master, int ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETNEIGH;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_BRIDGE;
	ifi->ifi_index = ifindex > 0 ? ifindex : 0;
	if (master > 0)
		mnl_attr_put_u32(nlh, IFLA_MASTER, (uint32_t)master);
	return nlh;
}

struct nlmsghdr *rtnl_fdb_dump(void *buf, int master_ifindex)
{
	return fdb_dump_msg(buf, master_ifindex, 0);
}

struct nlmsghdr *rtnl_fdb_dump_dev(void *buf, int ifindex)
{
	return fdb_dump_msg(buf, 0, ifindex);
}

const char *fdb_mac_format(const uint8_t mac[6], char buf[FDB_MAC_STRLEN])
{
	snprintf(buf, FDB_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	return buf;
}

/* ---- parsing ---------------------------------------------------------------- */

static int fdb_u32(const struct nlattr *a, const char *what, uint32_t *v, struct vxerr *err)
{
	if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return vxerr_set(err, EBADMSG, "bad %s attribute (length %u)", what,
				 mnl_attr_get_payload_len(a));
	*v = mnl_attr_get_u32(a);
	return 0;
}

static int fdb_u16(const struct nlattr *a, const char *what, uint16_t *v, struct vxerr *err)
{
	if (mnl_attr_validate(a, MNL_TYPE_U16) < 0)
		return vxerr_set(err, EBADMSG, "bad %s attribute (length %u)", what,
				 mnl_attr_get_payload_len(a));
	*v = mnl_attr_get_u16(a);
	return 0;
}

int fdb_parse(const struct nlmsghdr *nlh, size_t len, struct fdb_entry *out, struct vxerr *err)
{
	memset(out, 0, sizeof(*out));
	/* Either type; the name only shows in the "expected ..." message of a mismatch. */
	uint16_t type = RTM_NEWNEIGH;
	const char *name = "RTM_NEWNEIGH/RTM_DELNEIGH";
	if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_DELNEIGH) {
		type = RTM_DELNEIGH;
		name = "RTM_DELNEIGH";
	} else if (len >= sizeof(*nlh) && nlh->nlmsg_type == RTM_NEWNEIGH) {
		name = "RTM_NEWNEIGH";
	}
	int rc = nlmsg_validate(nlh, len, type, name, sizeof(struct ndmsg), err);
	if (rc)
		return rc;
	const struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	if (nd->ndm_family != AF_BRIDGE)
		return vxerr_set(err, ENOENT, "neighbour of family %u, not an AF_BRIDGE FDB entry",
				 nd->ndm_family);
	if (nd->ndm_ifindex <= 0)
		return vxerr_set(err, EBADMSG, "FDB entry with invalid ifindex %d", nd->ndm_ifindex);
	out->ifindex = nd->ndm_ifindex;
	out->state = nd->ndm_state;
	out->flags = nd->ndm_flags;

	/* Walk the attributes ourselves: mnl_attr_parse stops silently at a bad length,
	 * but an attribute that overruns the message or leaves stray bytes is malformed. */
	const struct nlattr *tb[NDA_MAX + 1] = {0};
	const struct nlattr *a;
	mnl_attr_for_each(a, nlh, sizeof(*nd))
	{
		uint16_t at = mnl_attr_get_type(a);
		if (at <= NDA_MAX)
			tb[at] = a;
	}
	if ((const void *)a != mnl_nlmsg_get_payload_tail(nlh))
		return vxerr_set(err, EBADMSG, "malformed FDB entry attributes (ifindex %d)",
				 out->ifindex);
	if (!tb[NDA_LLADDR])
		return vxerr_set(err, EBADMSG, "FDB entry without NDA_LLADDR (ifindex %d)",
				 out->ifindex);
	if (mnl_attr_get_payload_len(tb[NDA_LLADDR]) != 6)
		return vxerr_set(err, EBADMSG, "bad NDA_LLADDR attribute (length %u, expected 6)",
				 mnl_attr_get_payload_len(tb[NDA_LLADDR]));
	memcpy(out->mac, mnl_attr_get_payload(tb[NDA_LLADDR]), 6);

	uint32_t v32 = 0;
	if (tb[NDA_MASTER]) {
		if ((rc = fdb_u32(tb[NDA_MASTER], "NDA_MASTER", &v32, err)))
			return rc;
		if (v32 > INT32_MAX)
			return vxerr_set(err, EBADMSG, "NDA_MASTER %u out of range", v32);
		out->master = (int)v32;
	}
	if (tb[NDA_VLAN]) {
		if ((rc = fdb_u16(tb[NDA_VLAN], "NDA_VLAN", &out->vlan, err)))
			return rc;
		if (out->vlan > 4094)
			return vxerr_set(err, EBADMSG, "NDA_VLAN %u out of range", out->vlan);
	}
	if (tb[NDA_DST]) {
		size_t n = mnl_attr_get_payload_len(tb[NDA_DST]);
		if (n == 4) {
			out->dst.family = AF_INET;
			memcpy(&out->dst.u.v4, mnl_attr_get_payload(tb[NDA_DST]), 4);
		} else if (n == 16) {
			out->dst.family = AF_INET6;
			memcpy(&out->dst.u.v6, mnl_attr_get_payload(tb[NDA_DST]), 16);
		} else {
			return vxerr_set(err, EBADMSG,
					 "bad NDA_DST attribute (length %zu, expected 4 or 16)", n);
		}
	}
	if (tb[NDA_VNI]) {
		if ((rc = fdb_u32(tb[NDA_VNI], "NDA_VNI", &out->vni, err)))
			return rc;
		if (out->vni > 0xffffff)
			return vxerr_set(err, EBADMSG, "NDA_VNI %u exceeds 24 bits", out->vni);
	}
	if (tb[NDA_PORT]) {
		uint16_t be = 0;
		if ((rc = fdb_u16(tb[NDA_PORT], "NDA_PORT", &be, err)))
			return rc;
		out->port = ntohs(be);
	}
	if (tb[NDA_NH_ID] && (rc = fdb_u32(tb[NDA_NH_ID], "NDA_NH_ID", &out->nhid, err)))
		return rc;
	return 0;
}
