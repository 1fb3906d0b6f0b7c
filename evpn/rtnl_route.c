#include "rtnl_route.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nlmsg.h"

struct nlmsghdr *rtnl_route_new(void *buf, const struct ipaddr *dst, unsigned dst_len,
				const struct ipaddr *gw, int oif, int family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	rtm->rtm_dst_len = (unsigned char)dst_len;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = gw && gw->family ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	if (dst && dst->family && dst_len)
		mnl_attr_put(nlh, RTA_DST, ipaddr_len(dst), &dst->u);
	if (gw && gw->family)
		mnl_attr_put(nlh, RTA_GATEWAY, ipaddr_len(gw), &gw->u);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)oif);
	return nlh;
}

struct nlmsghdr *rtnl_route_dump(void *buf, int family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)family;
	return nlh;
}

struct route_attrs {
	const struct nlattr *a[RTA_MAX + 1];
};

static int route_attr_cb(const struct nlattr *attr, void *data)
{
	struct route_attrs *t = data;
	int type = mnl_attr_get_type(attr);
	if (type <= RTA_MAX)
		t->a[type] = attr;
	return MNL_CB_OK;
}

static int get_addr(const struct nlattr *a, int family, struct ipaddr *out, const char *what,
		    struct vxerr *err)
{
	size_t want = family == AF_INET ? 4 : 16;
	if (mnl_attr_get_payload_len(a) != want)
		return vxerr_set(err, EBADMSG, "route %s of length %u, expected %zu", what,
				 mnl_attr_get_payload_len(a), want);
	out->family = family;
	memcpy(&out->u, mnl_attr_get_payload(a), want);
	return 0;
}

int route_parse(const struct nlmsghdr *nlh, size_t len, struct route_entry *out,
		struct vxerr *err)
{
	memset(out, 0, sizeof(*out));
	int vrc = nlmsg_validate(nlh, len, RTM_NEWROUTE, "RTM_NEWROUTE",
				 sizeof(struct rtmsg), err);
	if (vrc)
		return vrc;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return vxerr_set(err, EAFNOSUPPORT, "route family %u not IPv4/IPv6", rtm->rtm_family);
	unsigned maxlen = rtm->rtm_family == AF_INET ? 32 : 128;
	if (rtm->rtm_dst_len > maxlen)
		return vxerr_set(err, EBADMSG, "route prefix length %u > %u", rtm->rtm_dst_len,
				 maxlen);
	out->family = rtm->rtm_family;
	out->dst_len = rtm->rtm_dst_len;
	out->table = rtm->rtm_table;
	out->type = rtm->rtm_type;
	struct route_attrs t = {0};
	mnl_attr_parse(nlh, sizeof(*rtm), route_attr_cb, &t);
	int rc;
	if (t.a[RTA_TABLE]) {
		if (mnl_attr_validate(t.a[RTA_TABLE], MNL_TYPE_U32) < 0)
			return vxerr_set(err, EBADMSG, "bad RTA_TABLE");
		out->table = mnl_attr_get_u32(t.a[RTA_TABLE]);
	}
	if (t.a[RTA_OIF]) {
		if (mnl_attr_validate(t.a[RTA_OIF], MNL_TYPE_U32) < 0 ||
		    mnl_attr_get_u32(t.a[RTA_OIF]) > INT32_MAX)
			return vxerr_set(err, EBADMSG, "bad RTA_OIF");
		out->oif = (int)mnl_attr_get_u32(t.a[RTA_OIF]);
	}
	if (t.a[RTA_PRIORITY]) {
		if (mnl_attr_validate(t.a[RTA_PRIORITY], MNL_TYPE_U32) < 0)
			return vxerr_set(err, EBADMSG, "bad RTA_PRIORITY");
		out->priority = mnl_attr_get_u32(t.a[RTA_PRIORITY]);
	}
	if (t.a[RTA_DST] && (rc = get_addr(t.a[RTA_DST], out->family, &out->dst, "RTA_DST", err)))
		return rc;
	if (t.a[RTA_GATEWAY] &&
	    (rc = get_addr(t.a[RTA_GATEWAY], out->family, &out->gw, "RTA_GATEWAY", err)))
		return rc;
	if (t.a[RTA_PREFSRC] &&
	    (rc = get_addr(t.a[RTA_PREFSRC], out->family, &out->prefsrc, "RTA_PREFSRC", err)))
		return rc;
	return 0;
}
