#include "rtnl_addr.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <string.h>

#include "nlmsg.h"

struct nlmsghdr *rtnl_addr_dump(void *buf, int family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	return nlh;
}

struct nlmsghdr *rtnl_addr_new(void *buf, int ifindex, const struct ipaddr *addr,
			       unsigned prefixlen)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)addr->family;
	ifa->ifa_prefixlen = (unsigned char)prefixlen;
	ifa->ifa_index = (unsigned)ifindex;
	if (addr->family == AF_INET6)
		ifa->ifa_flags = IFA_F_NODAD;
	mnl_attr_put(nlh, IFA_LOCAL, ipaddr_len(addr), &addr->u);
	mnl_attr_put(nlh, IFA_ADDRESS, ipaddr_len(addr), &addr->u);
	return nlh;
}

struct addr_attrs {
	const struct nlattr *local, *address;
};

static int addr_attr_cb(const struct nlattr *a, void *data)
{
	struct addr_attrs *t = data;
	if (mnl_attr_get_type(a) == IFA_LOCAL)
		t->local = a;
	else if (mnl_attr_get_type(a) == IFA_ADDRESS)
		t->address = a;
	return MNL_CB_OK;
}

int addr_parse(const struct nlmsghdr *nlh, size_t len, struct addr_entry *out, struct vxerr *err)
{
	memset(out, 0, sizeof(*out));
	int vrc = nlmsg_validate(nlh, len, RTM_NEWADDR, "RTM_NEWADDR",
				 sizeof(struct ifaddrmsg), err);
	if (vrc)
		return vrc;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	size_t alen;
	if (ifa->ifa_family == AF_INET)
		alen = 4;
	else if (ifa->ifa_family == AF_INET6)
		alen = 16;
	else
		return vxerr_set(err, EAFNOSUPPORT, "address family %u not IPv4/IPv6",
				 ifa->ifa_family);
	if (ifa->ifa_prefixlen > alen * 8 || ifa->ifa_index == 0 || ifa->ifa_index > INT32_MAX)
		return vxerr_set(err, EBADMSG, "RTM_NEWADDR with bad prefix length or ifindex");
	struct addr_attrs t = {0};
	mnl_attr_parse(nlh, sizeof(*ifa), addr_attr_cb, &t);
	/* IFA_LOCAL is the interface's own address on point-to-point links; prefer it. */
	const struct nlattr *a = t.local ? t.local : t.address;
	if (!a)
		return vxerr_set(err, EBADMSG, "RTM_NEWADDR without an address attribute");
	if (mnl_attr_get_payload_len(a) != alen)
		return vxerr_set(err, EBADMSG, "RTM_NEWADDR address of length %u, expected %zu",
				 mnl_attr_get_payload_len(a), alen);
	out->ifindex = (int)ifa->ifa_index;
	out->prefixlen = ifa->ifa_prefixlen;
	out->addr.family = ifa->ifa_family;
	memcpy(&out->addr.u, mnl_attr_get_payload(a), alen);
	return 0;
}
