#include "nlmsg.h"

#include <errno.h>

int nlmsg_validate(const struct nlmsghdr *nlh, size_t len, uint16_t type, const char *type_name,
		   size_t hdrlen, struct vxerr *err)
{
	if (len < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) || nlh->nlmsg_len > len)
		return vxerr_set(err, EBADMSG, "truncated netlink message");
	/* The kernel pads every attribute, so its messages have aligned lengths; libmnl
	 * bounds attributes by the aligned tail, which would read past an unaligned end. */
	if (nlh->nlmsg_len % NLMSG_ALIGNTO)
		return vxerr_set(err, EBADMSG, "netlink message length %u is not 4-byte aligned",
				 nlh->nlmsg_len);
	if (nlh->nlmsg_type != type)
		return vxerr_set(err, EBADMSG, "expected %s, got message type %u", type_name,
				 nlh->nlmsg_type);
	if (nlh->nlmsg_len < NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen))
		return vxerr_set(err, EBADMSG, "%s too short for its header", type_name);
	return 0;
}
