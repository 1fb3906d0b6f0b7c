#include "fdb.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"

static bool mac_zero(const uint8_t mac[6])
{
	static const uint8_t zero[6];
	return memcmp(mac, zero, 6) == 0;
}

static bool has_remote(const struct fdb_entry *e)
{
	return e->dst.family != 0 || e->nhid != 0;
}

enum fdb_class fdb_classify(const struct fdb_entry *e, int vxlan_ifindex)
{
	bool on_vxlan = vxlan_ifindex > 0 ? e->ifindex == vxlan_ifindex : has_remote(e);
	if (on_vxlan) {
		if (has_remote(e))
			return mac_zero(e->mac) ? FDB_REMOTE_VTEP : FDB_REMOTE;
		if ((e->state & NUD_PERMANENT) || (e->flags & NTF_SELF))
			return FDB_OWN;
		return FDB_REMOTE;
	}
	if ((e->state & NUD_PERMANENT) || (e->flags & NTF_SELF) || mac_zero(e->mac) ||
	    (e->mac[0] & 1))
		return FDB_OWN;
	return FDB_LOCAL;
}

const char *fdb_class_name(enum fdb_class c)
{
	switch (c) {
	case FDB_LOCAL:
		return "local";
	case FDB_REMOTE:
		return "remote";
	case FDB_REMOTE_VTEP:
		return "remote-vtep";
	case FDB_OWN:
		return "own";
	}
	return "?";
}

/* ---- merge ------------------------------------------------------------------ */

static int cmp_int(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int cmp_addr(const struct ipaddr *a, const struct ipaddr *b)
{
	if (a->family != b->family)
		return cmp_int(a->family, b->family);
	return memcmp(&a->u, &b->u, ipaddr_len(a));
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct fdb_entry *a = pa, *b = pb;
	int c;
	if ((c = cmp_int(a->ifindex, b->ifindex)) || (c = memcmp(a->mac, b->mac, 6)) ||
	    (c = cmp_int(a->vlan, b->vlan)) || (c = cmp_addr(&a->dst, &b->dst)) ||
	    (c = cmp_int(a->nhid, b->nhid)) || (c = cmp_int(a->vni, b->vni)) ||
	    (c = cmp_int(a->port, b->port)) || (c = cmp_int(a->master, b->master)) ||
	    (c = cmp_int(a->flags, b->flags)))
		return c;
	return cmp_int(a->state, b->state);
}

/* The bridge's record for a MAC on a port, as opposed to the port driver's own. */
static bool bridge_record(const struct fdb_entry *e)
{
	return e->master > 0 && !(e->flags & NTF_SELF) && !has_remote(e);
}

static bool self_remote_record(const struct fdb_entry *e)
{
	return (e->flags & NTF_SELF) && e->master == 0 && has_remote(e);
}

#define FDB_MERGED_AWAY (-1)

void fdb_merge(struct fdb_vec *v)
{
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(v->v[0]), entry_cmp);
	for (size_t i = 0, j; i < v->n; i = j) {
		for (j = i + 1; j < v->n && v->v[j].ifindex == v->v[i].ifindex &&
				memcmp(v->v[j].mac, v->v[i].mac, 6) == 0;
		     j++)
			;
		/* Pair the group's bridge records with its remote NTF_SELF records in order. */
		size_t s = i;
		for (size_t b = i; b < j; b++) {
			if (!bridge_record(&v->v[b]))
				continue;
			while (s < j && !self_remote_record(&v->v[s]))
				s++;
			if (s == j)
				break;
			struct fdb_entry *self = &v->v[s++], *br = &v->v[b];
			self->master = br->master;
			self->vlan = br->vlan;
			self->state = br->state;
			self->flags |= br->flags | NTF_MASTER;
			br->ifindex = FDB_MERGED_AWAY;
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < v->n; i++)
		if (v->v[i].ifindex != FDB_MERGED_AWAY)
			v->v[k++] = v->v[i];
	v->n = k;
	/* A merged record keeps its sort position: the key (ifindex, MAC) is unchanged but
	 * vlan may now differ from its neighbours'; re-sort for a stable order. */
	if (v->n > 1)
		qsort(v->v, v->n, sizeof(v->v[0]), entry_cmp);
}

/* ---- dumps ------------------------------------------------------------------ */

struct dump_ctx {
	struct fdb_vec *out;
	int bridge, vxlan; /* filter; both 0 = keep everything */
};

static bool keep(const struct dump_ctx *c, const struct fdb_entry *e)
{
	if (!c->bridge && !c->vxlan)
		return true;
	if (c->bridge > 0 && e->master == c->bridge)
		return true;
	return e->master == 0 &&
	       ((c->bridge > 0 && e->ifindex == c->bridge) ||
		(c->vxlan > 0 && e->ifindex == c->vxlan));
}

static int fdb_vec_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct dump_ctx *c = data;
	struct fdb_vec *v = c->out;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		struct fdb_entry *nv = realloc(v->v, cap * sizeof(*nv));
		if (!nv)
			return vxerr_set(err, ENOMEM, "out of memory reading FDB dump");
		v->v = nv;
		v->cap = cap;
	}
	int rc = fdb_parse(nlh, nlh->nlmsg_len, &v->v[v->n], err);
	if (rc == -ENOENT) { /* not a bridge entry: not ours to judge */
		vxerr_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	if (keep(c, &v->v[v->n]))
		v->n++;
	return 0;
}

/* One dump appended to c->out, restarted from scratch when interrupted. */
static int dump_once(struct nl_conn *nl, int master, int ifindex, struct dump_ctx *c,
		     struct vxerr *err)
{
	size_t start = c->out->n;
	int rc = -EINTR;
	for (int attempt = 0; attempt < 5 && rc == -EINTR; attempt++) {
		c->out->n = start;
		struct nlmsghdr *req = ifindex > 0 ? rtnl_fdb_dump_dev(link_reqbuf(), ifindex)
						   : rtnl_fdb_dump(link_reqbuf(), master);
		rc = nl_transact(nl, req, fdb_vec_cb, c, err);
	}
	if (rc)
		c->out->n = start;
	return rc;
}

int fdb_dump_vni(struct nl_conn *nl, int bridge_ifindex, int vxlan_ifindex, struct fdb_vec *out,
		 struct vxerr *err)
{
	out->n = 0;
	if (bridge_ifindex <= 0 && vxlan_ifindex <= 0)
		return vxerr_set(err, EINVAL, "FDB dump needs a bridge or a VXLAN device");
	struct dump_ctx c = {out, bridge_ifindex > 0 ? bridge_ifindex : 0,
			     vxlan_ifindex > 0 ? vxlan_ifindex : 0};
	int rc;
	if (c.bridge && (rc = dump_once(nl, c.bridge, 0, &c, err)))
		return vxerr_prefix(err, "FDB of bridge ifindex %d", c.bridge);
	if (c.vxlan) {
		bool seen = false;
		for (size_t i = 0; i < out->n && !seen; i++)
			seen = out->v[i].ifindex == c.vxlan;
		/* Not a port of the bridge (or nothing on it at all): ask the device itself. */
		if (!seen && (rc = dump_once(nl, 0, c.vxlan, &c, err)))
			return vxerr_prefix(err, "FDB of VXLAN ifindex %d", c.vxlan);
	}
	fdb_merge(out);
	return 0;
}

int fdb_dump_all(struct nl_conn *nl, struct fdb_vec *out, struct vxerr *err)
{
	out->n = 0;
	struct dump_ctx c = {out, 0, 0};
	int rc = dump_once(nl, 0, 0, &c, err);
	if (rc)
		return vxerr_prefix(err, "FDB dump");
	fdb_merge(out);
	return 0;
}

/* ---- counting --------------------------------------------------------------- */

struct addr_key {
	int family;
	uint8_t a[16];
};

static int u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;
	return a < b ? -1 : a > b;
}

static int addr_key_cmp(const void *pa, const void *pb)
{
	const struct addr_key *a = pa, *b = pb;
	if (a->family != b->family)
		return cmp_int(a->family, b->family);
	return memcmp(a->a, b->a, sizeof(a->a));
}

static uint64_t mac_key(const uint8_t mac[6])
{
	uint64_t k = 0;
	for (int i = 0; i < 6; i++)
		k = k << 8 | mac[i];
	return k;
}

static struct addr_key dst_key(const struct ipaddr *a)
{
	struct addr_key k = {.family = a->family};
	memcpy(k.a, &a->u, ipaddr_len(a));
	return k;
}

void fdb_count(const struct fdb_vec *v, int vxlan_ifindex, struct fdb_counts *out)
{
	memset(out, 0, sizeof(*out));
	if (!v->n)
		return;
	uint64_t *macs = malloc(v->n * sizeof(*macs));
	struct addr_key *dsts = malloc(v->n * sizeof(*dsts));
	size_t nm = 0, nd = 0;
	for (size_t i = 0; i < v->n; i++) {
		const struct fdb_entry *e = &v->v[i];
		enum fdb_class c = fdb_classify(e, vxlan_ifindex);
		if (c == FDB_LOCAL)
			out->local++;
		bool is_mac = c == FDB_REMOTE;
		bool is_vtep = (c == FDB_REMOTE || c == FDB_REMOTE_VTEP) && e->dst.family;
		if (macs && dsts) {
			if (is_mac)
				macs[nm++] = mac_key(e->mac);
			if (is_vtep)
				dsts[nd++] = dst_key(&e->dst);
			continue;
		}
		/* Out of memory: count first occurrences the slow way. */
		bool first_mac = is_mac, first_vtep = is_vtep;
		for (size_t j = 0; j < i && (first_mac || first_vtep); j++) {
			const struct fdb_entry *p = &v->v[j];
			enum fdb_class pc = fdb_classify(p, vxlan_ifindex);
			if (first_mac && pc == FDB_REMOTE && memcmp(p->mac, e->mac, 6) == 0)
				first_mac = false;
			if (first_vtep && (pc == FDB_REMOTE || pc == FDB_REMOTE_VTEP) &&
			    ipaddr_equal(&p->dst, &e->dst))
				first_vtep = false;
		}
		out->remote += first_mac;
		out->remote_vteps += first_vtep;
	}
	if (macs && dsts) {
		qsort(macs, nm, sizeof(*macs), u64_cmp);
		for (size_t i = 0; i < nm; i++)
			out->remote += i == 0 || macs[i] != macs[i - 1];
		qsort(dsts, nd, sizeof(*dsts), addr_key_cmp);
		for (size_t i = 0; i < nd; i++)
			out->remote_vteps += i == 0 || addr_key_cmp(&dsts[i], &dsts[i - 1]) != 0;
	}
	free(macs);
	free(dsts);
}
