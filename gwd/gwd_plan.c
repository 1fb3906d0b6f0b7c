#include "gwd_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {
	[PLAN_UNBIND_PORT] = "unbind",	     [PLAN_DELETE_VLAN_IF] = "delete-vlan-if",
	[PLAN_DELETE_VTEP] = "delete-vtep",  [PLAN_CREATE_VTEP] = "create-vtep",
	[PLAN_SET_MTU] = "set-mtu",	     [PLAN_CREATE_VLAN_IF] = "create-vlan-if",
	[PLAN_BIND_PORT] = "bind",
};

const char *plan_op_name(enum plan_op op)
{
	return op_names[op];
}

int plan_vlan_ifname(const char *port, uint16_t vlan, char out[IFNAMSIZ])
{
	char tmp[IFNAMSIZ + 8];
	int n = vlan ? snprintf(tmp, sizeof(tmp), "%.*s.%u", IFNAMSIZ, port, vlan)
		     : snprintf(tmp, sizeof(tmp), "%.*s", IFNAMSIZ, port);
	if (n < 0 || n >= IFNAMSIZ)
		return -1;
	memcpy(out, tmp, (size_t)n + 1);
	return 0;
}

struct vec {
	struct plan_step *v;
	size_t n, cap;
	bool oom;
};

static struct plan_step *push(struct vec *s, enum plan_op op, uint32_t vni)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;
		struct plan_step *v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			s->oom = true;
			return NULL;
		}
		s->v = v;
		s->cap = cap;
	}
	struct plan_step *st = &s->v[s->n++];
	memset(st, 0, sizeof(*st));
	st->op = op;
	st->vni = vni;
	return st;
}

static void set_port(struct plan_step *st, const char *ifname, const char *port, uint16_t vlan)
{
	if (!st)
		return;
	strcpy(st->ifname, ifname);
	strcpy(st->port, port);
	st->vlan = vlan;
}

/* Both lists are sorted by VNI (the validator sorts segments, vtep_list the VTEPs). */
static const struct gwd_segment *segment_of(const struct gwd_config *cfg, uint32_t vni)
{
	size_t lo = 0, hi = cfg->nsegments;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cfg->segments[mid].vni == vni)
			return &cfg->segments[mid];
		if (cfg->segments[mid].vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* VTEPs by VNI through an index sorted here: callers may pass them in any order. */
static const struct vtep_info *vtep_of(const struct vtep_info **idx, size_t n, uint32_t vni)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (idx[mid]->vni == vni)
			return idx[mid];
		if (idx[mid]->vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_vtep_ptr(const void *a, const void *b)
{
	uint32_t x = (*(const struct vtep_info *const *)a)->vni;
	uint32_t y = (*(const struct vtep_info *const *)b)->vni;
	return (x > y) - (x < y);
}

/* Configured bindings by interface name, for lookups in O(log n). */
struct want {
	char ifname[IFNAMSIZ];
	uint32_t vni;
};

static int cmp_want(const void *a, const void *b)
{
	return strcmp(((const struct want *)a)->ifname, ((const struct want *)b)->ifname);
}

static uint32_t wanted_vni(const struct want *w, size_t n, const char *ifname)
{
	struct want key;
	snprintf(key.ifname, sizeof(key.ifname), "%s", ifname);
	const struct want *hit = bsearch(&key, w, n, sizeof(*w), cmp_want);
	return hit ? hit->vni : 0;
}

static const struct gwd_binding *binding_of(const struct gwd_binding **idx, size_t n,
					    const char *ifname)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(idx[mid]->ifname, ifname);
		if (c == 0)
			return idx[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_binding_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct gwd_binding *const *)a)->ifname,
		      (*(const struct gwd_binding *const *)b)->ifname);
}

/* An owned VTEP that cannot serve the configuration as it is: replaced. */
static bool needs_replace(const struct gwd_config *cfg, const struct vtep_info *v)
{
	if (!v || !v->vxlan_ifindex)
		return false;
	uint16_t port = cfg->vtep_port ? cfg->vtep_port : VTEP_DEFAULT_PORT;
	return !ipaddr_equal(&v->local, &cfg->vtep_address) || v->port != port;
}

static int cmp_step(const void *x, const void *y)
{
	const struct plan_step *a = x, *b = y;
	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	int c = strcmp(a->port, b->port);
	if (c)
		return c;
	return (a->vlan > b->vlan) - (a->vlan < b->vlan);
}

static bool add_absent(struct plan *p, size_t *cap, const struct gwd_port *port, uint32_t vni)
{
	if (p->nabsent == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct gwd_port *a = realloc(p->absent, nc * sizeof(*a));
		if (!a)
			return false;
		p->absent = a;
		uint32_t *v = realloc(p->absent_vni, nc * sizeof(*v));
		if (!v)
			return false;
		p->absent_vni = v;
		*cap = nc;
	}
	p->absent[p->nabsent] = *port;
	p->absent_vni[p->nabsent++] = vni;
	return true;
}

int plan_compute(const struct gwd_config *cfg, const struct gwd_actual *act, struct plan *out)
{
	struct vec s = {0};
	struct plan res = {0};
	size_t absent_cap = 0, nwant = 0;
	char name[IFNAMSIZ];
	int rc = -1;
	for (size_t i = 0; i < cfg->nsegments; i++)
		nwant += cfg->segments[i].nports;
	struct want *want = malloc((nwant + 1) * sizeof(*want));
	const struct gwd_binding **bidx = malloc((act->nbindings + 1) * sizeof(*bidx));
	const struct vtep_info **vidx = malloc((act->nvteps + 1) * sizeof(*vidx));
	if (!want || !bidx || !vidx)
		goto out;
	for (size_t i = 0; i < act->nvteps; i++)
		vidx[i] = &act->vteps[i];
	if (act->nvteps)
		qsort(vidx, act->nvteps, sizeof(*vidx), cmp_vtep_ptr);
	nwant = 0;
	for (size_t i = 0; i < cfg->nsegments; i++)
		for (size_t k = 0; k < cfg->segments[i].nports; k++) {
			const struct gwd_port *p = &cfg->segments[i].ports[k];
			if (plan_vlan_ifname(p->name, p->vlan, want[nwant].ifname))
				goto out; /* the validator rejects these; never plan around them */
			want[nwant++].vni = cfg->segments[i].vni;
		}
	if (nwant)
		qsort(want, nwant, sizeof(*want), cmp_want);
	for (size_t i = 0; i < act->nbindings; i++)
		bidx[i] = &act->bindings[i];
	if (act->nbindings)
		qsort(bidx, act->nbindings, sizeof(*bidx), cmp_binding_ptr);

	/* What goes: bindings to the wrong VNI or to none (or to a VTEP being replaced),
	 * their VLAN interfaces, VTEPs no longer configured or replaced. */
	for (size_t i = 0; i < act->nbindings; i++) {
		const struct gwd_binding *b = &act->bindings[i];
		uint32_t want_vni = wanted_vni(want, nwant, b->ifname);
		if (want_vni == b->vni && !needs_replace(cfg, vtep_of(vidx, act->nvteps, b->vni)))
			continue;
		set_port(push(&s, PLAN_UNBIND_PORT, b->vni), b->ifname, b->port, b->vlan);
		if (!want_vni && b->vlan)
			set_port(push(&s, PLAN_DELETE_VLAN_IF, b->vni), b->ifname, b->port, b->vlan);
	}
	for (size_t i = 0; i < act->nvteps; i++)
		if (!segment_of(cfg, act->vteps[i].vni) || needs_replace(cfg, &act->vteps[i]))
			push(&s, PLAN_DELETE_VTEP, act->vteps[i].vni);
	/* What comes: VTEPs (missing, broken or replaced), MTUs, VLAN interfaces, bindings. */
	for (size_t i = 0; i < cfg->nsegments; i++) {
		const struct gwd_segment *seg = &cfg->segments[i];
		const struct vtep_info *v = vtep_of(vidx, act->nvteps, seg->vni);
		bool replace = needs_replace(cfg, v);
		bool whole = v && v->vxlan_ifindex && v->bridge_ifindex && v->enslaved && !replace;
		if (!whole) {
			struct plan_step *st = push(&s, PLAN_CREATE_VTEP, seg->vni);
			if (st)
				st->mtu = seg->mtu;
		} else if (seg->mtu && v->mtu != seg->mtu) {
			struct plan_step *st = push(&s, PLAN_SET_MTU, seg->vni);
			if (st) {
				st->mtu = seg->mtu;
				st->old_mtu = v->mtu;
			}
		}
		for (size_t k = 0; k < seg->nports; k++) {
			const struct gwd_port *p = &seg->ports[k];
			plan_vlan_ifname(p->name, p->vlan, name);
			const struct gwd_binding *b = binding_of(bidx, act->nbindings, name);
			if (b && b->vni == seg->vni && !replace)
				continue;
			if (!b && act->port_present && !act->port_present(act->ctx, p->name)) {
				if (!add_absent(&res, &absent_cap, p, seg->vni))
					goto out;
				continue;
			}
			if (p->vlan && !b)
				set_port(push(&s, PLAN_CREATE_VLAN_IF, seg->vni), name, p->name, p->vlan);
			set_port(push(&s, PLAN_BIND_PORT, seg->vni), name, p->name, p->vlan);
		}
	}
	if (s.oom)
		goto out;
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_step);
	res.steps = s.v;
	res.n = s.n;
	s.v = NULL;
	*out = res;
	memset(&res, 0, sizeof(res));
	rc = 0;
out:
	free(want);
	free(bidx);
	free(vidx);
	free(s.v);
	plan_free(&res);
	return rc;
}

void plan_free(struct plan *p)
{
	free(p->steps);
	free(p->absent);
	free(p->absent_vni);
	memset(p, 0, sizeof(*p));
}

void plan_step_format(const struct plan_step *s, char *buf, size_t size)
{
	switch (s->op) {
	case PLAN_UNBIND_PORT:
		snprintf(buf, size, "unbind %s from VNI %u", s->ifname, s->vni);
		break;
	case PLAN_DELETE_VLAN_IF:
		snprintf(buf, size, "delete VLAN interface %s", s->ifname);
		break;
	case PLAN_DELETE_VTEP:
		snprintf(buf, size, "delete VTEP of VNI %u (vx%u, br%u)", s->vni, s->vni, s->vni);
		break;
	case PLAN_CREATE_VTEP:
		if (s->mtu)
			snprintf(buf, size, "create VTEP of VNI %u (vx%u, br%u), MTU %u", s->vni, s->vni,
				 s->vni, s->mtu);
		else
			snprintf(buf, size, "create VTEP of VNI %u (vx%u, br%u), MTU from the underlay",
				 s->vni, s->vni, s->vni);
		break;
	case PLAN_SET_MTU:
		snprintf(buf, size, "set MTU of VNI %u from %u to %u", s->vni, s->old_mtu, s->mtu);
		break;
	case PLAN_CREATE_VLAN_IF:
		snprintf(buf, size, "create VLAN interface %s (%s, VLAN %u)", s->ifname, s->port,
			 s->vlan);
		break;
	case PLAN_BIND_PORT:
		snprintf(buf, size, "bind %s to VNI %u", s->ifname, s->vni);
		break;
	}
}

void plan_print(const struct plan *p, FILE *f)
{
	char line[128];
	if (!p->n)
		fputs("no changes\n", f);
	for (size_t i = 0; i < p->n; i++) {
		plan_step_format(&p->steps[i], line, sizeof(line));
		fprintf(f, "%s\n", line);
	}
	for (size_t i = 0; i < p->nabsent; i++) {
		plan_vlan_ifname(p->absent[i].name, p->absent[i].vlan, line);
		fprintf(f, "waiting for port %s (absent) to bind %s to VNI %u\n", p->absent[i].name, line,
			p->absent_vni[i]);
	}
}
