/* link: basic link operations over an nl_conn, shared by vtep and the CNI plugin.
 * Lookups report "absent" as found=false with rc 0; other failures are -errno with
 * err set. Requests are sent one at a time and acknowledged before returning. */
#ifndef VXGW_LINK_H
#define VXGW_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "nl.h"
#include "rtnl_link.h"

struct link_vec {
	struct link_state *v;
	size_t n, cap;
};

int link_by_name(struct nl_conn *nl, const char *name, struct link_state *out, bool *found,
		 struct vxerr *err);
int link_by_index(struct nl_conn *nl, int ifindex, struct link_state *out, bool *found,
		  struct vxerr *err);
/* All links, or only the ports of master when master > 0; retries interrupted dumps.
 * Caller frees lv->v. */
int link_dump(struct nl_conn *nl, int master, struct link_vec *lv, struct vxerr *err);
/* Send one request built in a caller buffer and wait for its ACK. */
int link_request(struct nl_conn *nl, struct nlmsghdr *req, struct vxerr *err);
/* The shared request buffer the helpers above build into (one per thread). */
void *link_reqbuf(void);

#endif
