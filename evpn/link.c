#include "link.h"

#include <errno.h>
#include <stdlib.h>

static _Thread_local char reqbuf[NL_BUFSZ] __attribute__((aligned(8)));

void *link_reqbuf(void)
{
	return reqbuf;
}

static int one_link_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	return link_parse(nlh, nlh->nlmsg_len, data, err);
}

static int link_lookup(struct nl_conn *nl, struct nlmsghdr *req, struct link_state *out,
		       bool *found, struct vxerr *err)
{
	int rc = nl_transact(nl, req, one_link_cb, out, err);
	if (rc == -ENODEV) {
		*found = false;
		vxerr_clear(err);
		return 0;
	}
	*found = rc == 0;
	return rc;
}

int link_by_name(struct nl_conn *nl, const char *name, struct link_state *out, bool *found,
		 struct vxerr *err)
{
	return link_lookup(nl, rtnl_link_get_by_name(reqbuf, name), out, found, err);
}

int link_by_index(struct nl_conn *nl, int ifindex, struct link_state *out, bool *found,
		  struct vxerr *err)
{
	return link_lookup(nl, rtnl_link_get_by_index(reqbuf, ifindex), out, found, err);
}

static int link_vec_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct link_vec *lv = data;
	if (lv->n == lv->cap) {
		size_t cap = lv->cap ? lv->cap * 2 : 64;
		struct link_state *v = realloc(lv->v, cap * sizeof(*v));
		if (!v)
			return vxerr_set(err, ENOMEM, "out of memory reading link dump");
		lv->v = v;
		lv->cap = cap;
	}
	int rc = link_parse(nlh, nlh->nlmsg_len, &lv->v[lv->n], err);
	if (rc)
		return rc;
	lv->n++;
	return 0;
}

int link_dump(struct nl_conn *nl, int master, struct link_vec *lv, struct vxerr *err)
{
	int rc = -EINTR;
	for (int attempt = 0; attempt < 5 && rc == -EINTR; attempt++) {
		lv->n = 0;
		rc = nl_transact(nl, rtnl_link_dump(reqbuf, master), link_vec_cb, lv, err);
	}
	if (rc)
		return rc;
	/* Older kernels ignore the master filter: enforce it here. */
	if (master > 0) {
		size_t k = 0;
		for (size_t i = 0; i < lv->n; i++)
			if (lv->v[i].master == master)
				lv->v[k++] = lv->v[i];
		lv->n = k;
	}
	return 0;
}

int link_request(struct nl_conn *nl, struct nlmsghdr *req, struct vxerr *err)
{
	return nl_transact(nl, req, NULL, NULL, err);
}

