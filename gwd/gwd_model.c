#include "gwd_model.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "gwd_show.h"

/* FDB entries are bucketed to VNIs through their device: the VXLAN device, or the
 * master bridge of a host port. */
struct devmap {
	int ifindex;
	size_t vni; /* position in out->vnis */
};

static int cmp_devmap(const void *a, const void *b)
{
	int x = ((const struct devmap *)a)->ifindex, y = ((const struct devmap *)b)->ifindex;
	return (x > y) - (x < y);
}

static const struct devmap *dev_lookup(const struct devmap *m, size_t n, int ifindex)
{
	struct devmap key = {ifindex, 0};
	return ifindex > 0 ? bsearch(&key, m, n, sizeof(*m), cmp_devmap) : NULL;
}

/* Links by ifindex (gwd_node_link_by_index is a linear scan: once per VNI it made a
 * build with 16,000 VNIs quadratic, about a second). */
static int cmp_link_index(const void *a, const void *b)
{
	int x = (*(const struct link_state *const *)a)->ifindex;
	int y = (*(const struct link_state *const *)b)->ifindex;
	return (x > y) - (x < y);
}

static const struct link_state *link_at_index(const struct link_state *const *idx, size_t n,
					      int ifindex)
{
	struct link_state key = {.ifindex = ifindex};
	const struct link_state *k = &key;
	const struct link_state *const *hit = bsearch(&k, idx, n, sizeof(*idx), cmp_link_index);
	return hit ? *hit : NULL;
}

static int cmp_mib_vni(const void *a, const void *b)
{
	uint32_t x = ((const struct gwd_mib_vni *)a)->vni, y = ((const struct gwd_mib_vni *)b)->vni;
	return (x > y) - (x < y);
}

/* One FDB entry that names a remote VTEP: aggregated per VTEP after sorting. */
struct vtep_ref {
	struct gwd_mib_peer key;
	size_t vni;  /* position in out->vnis */
	bool is_mac; /* a remote MAC (else a flood-list entry) */
};

static int cmp_peer_addr(const void *a, const void *b)
{
	const struct gwd_mib_peer *x = a, *y = b;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return memcmp(x->addr, y->addr, 16);
}

static int cmp_ref(const void *a, const void *b)
{
	const struct vtep_ref *x = a, *y = b;
	int c = cmp_peer_addr(&x->key, &y->key);
	if (c)
		return c;
	return (x->vni > y->vni) - (x->vni < y->vni);
}

static int peer_of(const struct ipaddr *a, struct gwd_mib_peer *p)
{
	memset(p, 0, sizeof(*p));
	if (a->family == AF_INET) {
		p->type = 1;
		memcpy(p->addr, &a->u.v4, 4);
	} else if (a->family == AF_INET6) {
		p->type = 2;
		memcpy(p->addr, &a->u.v6, 16);
	} else {
		return -1;
	}
	return 0;
}

int gwd_model_build(const struct gwd_config *cfg, const struct gwd_node *node,
		    const struct fdb_vec *fdb, const struct gwd_model_status *st,
		    const struct gwd_mib_model *prev, uint64_t now_ms, struct gwd_mib_model *out)
{
	memset(out, 0, sizeof(*out));
	out->generation = st->generation;
	out->last_apply = st->last_apply;
	out->last_result = st->last_ok ? 1 : 2;
	snprintf(out->last_error, sizeof(out->last_error), "%s", st->last_error ? st->last_error : "");
	out->now_ms = now_ms;
	size_t nb = 0;
	for (size_t i = 0; i < cfg->nsegments; i++)
		nb += cfg->segments[i].nports;
	out->vnis = calloc(cfg->nsegments + 1, sizeof(*out->vnis));
	out->bindings = calloc(nb + 1, sizeof(*out->bindings));
	struct devmap *dm = calloc(2 * cfg->nsegments + 1, sizeof(*dm));
	struct vtep_ref *refs = NULL;
	size_t nrefs = 0, ndm = 0;
	const struct link_state **byidx = calloc(node->links.n + 1, sizeof(*byidx));
	if (!out->vnis || !out->bindings || !dm || !byidx)
		goto oom;
	for (size_t i = 0; i < node->links.n; i++)
		byidx[i] = &node->links.v[i];
	if (node->links.n)
		qsort(byidx, node->links.n, sizeof(*byidx), cmp_link_index);
	struct gwd_view view = {.cfg = cfg, .node = node};
	for (size_t i = 0; i < cfg->nsegments; i++) {
		const struct gwd_segment *seg = &cfg->segments[i];
		struct gwd_mib_vni *r = &out->vnis[out->nvnis++];
		r->vni = seg->vni;
		snprintf(r->name, sizeof(r->name), "%s", seg->name);
		const struct vtep_info *vt = gwd_node_vtep(node, seg->vni);
		r->oper = !vt || !vt->vxlan_ifindex || !vt->bridge_ifindex ? MIB_OPER_MISSING
			  : vt->vxlan_up && vt->bridge_up && vt->enslaved  ? MIB_OPER_UP
									   : MIB_OPER_DOWN;
		if (vt) {
			r->bridge_ifindex = vt->bridge_ifindex;
			r->vxlan_ifindex = vt->vxlan_ifindex;
			const struct link_state *vx =
				vt->vxlan_ifindex ? link_at_index(byidx, node->links.n, vt->vxlan_ifindex)
						  : NULL;
			if (vx && vx->has_stats) {
				r->in_pkts = vx->stats.rx_packets;
				r->in_octets = vx->stats.rx_bytes;
				r->out_pkts = vx->stats.tx_packets;
				r->out_octets = vx->stats.tx_bytes;
			}
			if (vt->vxlan_ifindex)
				dm[ndm++] = (struct devmap){vt->vxlan_ifindex, out->nvnis - 1};
			if (vt->bridge_ifindex)
				dm[ndm++] = (struct devmap){vt->bridge_ifindex, out->nvnis - 1};
		}
		/* A re-created VXLAN device restarts its counters. */
		const struct gwd_mib_vni *was =
			prev && prev->nvnis
				? bsearch(r, prev->vnis, prev->nvnis, sizeof(*r), cmp_mib_vni)
				: NULL; /* prev is sorted (gwd_mib_sort) */
		if (was) {
			r->discontinuity = was->discontinuity;
			if (was->vxlan_ifindex != r->vxlan_ifindex)
				r->discontinuity = (uint32_t)(now_ms / 10);
		}
		for (size_t k = 0; k < seg->nports; k++) {
			const struct gwd_port *p = &seg->ports[k];
			struct gwd_mib_binding *b = &out->bindings[out->nbindings++];
			b->vni = seg->vni;
			snprintf(b->port, sizeof(b->port), "%s", p->name);
			b->vlan = p->vlan;
			char ifname[IFNAMSIZ];
			/* The validator rejects names that do not fit; never look up garbage. */
			const struct link_state *l =
				plan_vlan_ifname(p->name, p->vlan, ifname) == 0 ? gwd_node_link(node, ifname)
										: NULL;
			b->ifindex = l ? l->ifindex : 0;
			const char *s = gwd_binding_state(&view, seg, p);
			b->oper = !strcmp(s, "up")	   ? MIB_BIND_UP
				  : !strcmp(s, "down")	   ? MIB_BIND_DOWN
				  : !strcmp(s, "absent") ? MIB_BIND_ABSENT
							 : MIB_BIND_UNBOUND;
		}
	}
	if (ndm)
		qsort(dm, ndm, sizeof(*dm), cmp_devmap);
	/* The FDB: per VNI local and remote MAC counts; every entry naming a remote VTEP
	 * is collected, then sorted by (VTEP, VNI) and aggregated in one pass. */
	refs = calloc((fdb ? fdb->n : 0) + 1, sizeof(*refs));
	if (!refs)
		goto oom;
	for (size_t i = 0; fdb && i < fdb->n; i++) {
		const struct fdb_entry *e = &fdb->v[i];
		const struct devmap *d = dev_lookup(dm, ndm, e->master);
		if (!d)
			d = dev_lookup(dm, ndm, e->ifindex);
		if (!d)
			continue;
		struct gwd_mib_vni *r = &out->vnis[d->vni];
		enum fdb_class c = fdb_classify(e, r->vxlan_ifindex);
		if (c == FDB_LOCAL)
			r->local_macs++;
		if (c == FDB_REMOTE)
			r->remote_macs++;
		if ((c == FDB_REMOTE || c == FDB_REMOTE_VTEP) && e->dst.family &&
		    peer_of(&e->dst, &refs[nrefs].key) == 0) {
			refs[nrefs].vni = d->vni;
			refs[nrefs++].is_mac = c == FDB_REMOTE;
		}
	}
	if (nrefs)
		qsort(refs, nrefs, sizeof(*refs), cmp_ref);
	out->peers = calloc(nrefs + 1, sizeof(*out->peers));
	if (!out->peers)
		goto oom;
	for (size_t i = 0; i < nrefs; i++) {
		bool new_peer = i == 0 || cmp_peer_addr(&refs[i].key, &refs[i - 1].key) != 0;
		if (new_peer) {
			struct gwd_mib_peer *p = &out->peers[out->npeers++];
			*p = refs[i].key;
			p->ipsec = MIB_IPSEC_NONE;
			p->since_ms = now_ms;
			const struct gwd_mib_peer *was =
				prev && prev->npeers
					? bsearch(p, prev->peers, prev->npeers, sizeof(*p), cmp_peer_addr)
					: NULL;
			if (was)
				p->since_ms = was->since_ms;
		}
		struct gwd_mib_peer *p = &out->peers[out->npeers - 1];
		if (refs[i].is_mac) {
			p->macs++;
		} else if (new_peer || refs[i].vni != refs[i - 1].vni || refs[i - 1].is_mac) {
			/* count each VNI once: flood entries of one VNI are adjacent after sorting,
			 * but a MAC of the same VNI may sit between them */
			bool counted = false;
			for (size_t k = i; k-- > 0 && cmp_ref(&refs[k], &refs[i]) == 0;)
				counted |= !refs[k].is_mac;
			if (!counted) {
				p->vnis++;
				out->vnis[refs[i].vni].remote_vteps++;
			}
		}
	}
	free(refs);
	free(dm);
	free(byidx);
	gwd_mib_sort(out);
	return 0;
oom:
	free(refs);
	free(dm);
	free(byidx);
	gwd_mib_free(out);
	return -ENOMEM;
}

void gwd_model_diff(const struct gwd_mib_model *old, const struct gwd_mib_model *new,
		    const struct gwd_model_events *ev)
{
	/* Both models are sorted in index order: merge. Peers: membership. */
	size_t i = 0, k = 0;
	while (i < new->npeers || k < old->npeers) {
		int c = i == new->npeers   ? 1
			: k == old->npeers ? -1
					   : gwd_mib_peer_cmp(&new->peers[i], &old->peers[k]);
		if (c < 0 && ev->peer)
			ev->peer(ev->ctx, &new->peers[i], true);
		if (c > 0 && ev->peer)
			ev->peer(ev->ctx, &old->peers[k], false);
		i += c <= 0;
		k += c >= 0;
	}
	/* Bindings: transitions into and out of up; an up binding that goes away goes down
	 * (reported as unbound). */
	i = k = 0;
	while (i < new->nbindings || k < old->nbindings) {
		int c = i == new->nbindings   ? 1
			: k == old->nbindings ? -1
					      : gwd_mib_binding_cmp(&new->bindings[i], &old->bindings[k]);
		if (c < 0 && new->bindings[i].oper == MIB_BIND_UP && ev->binding)
			ev->binding(ev->ctx, &new->bindings[i], true);
		if (c > 0 && old->bindings[k].oper == MIB_BIND_UP && ev->binding) {
			struct gwd_mib_binding gone = old->bindings[k];
			gone.oper = MIB_BIND_UNBOUND;
			ev->binding(ev->ctx, &gone, false);
		}
		if (c == 0) {
			bool up_now = new->bindings[i].oper == MIB_BIND_UP;
			bool up_before = old->bindings[k].oper == MIB_BIND_UP;
			if (up_now != up_before && ev->binding)
				ev->binding(ev->ctx, &new->bindings[i], up_now);
		}
		i += c <= 0;
		k += c >= 0;
	}
}
