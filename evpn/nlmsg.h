/* nlmsg: the checks every parser of kernel replies makes before trusting a message:
 * within the bytes we have, 4-byte aligned length, the expected type, and room for
 * the family header. Untrusted bytes in, -EBADMSG with a message out. */
#ifndef VXGW_NLMSG_H
#define VXGW_NLMSG_H

#include <linux/netlink.h>
#include <stddef.h>
#include <stdint.h>

#include "vxerr.h"

int nlmsg_validate(const struct nlmsghdr *nlh, size_t len, uint16_t type, const char *type_name,
		   size_t hdrlen, struct vxerr *err);

#endif
