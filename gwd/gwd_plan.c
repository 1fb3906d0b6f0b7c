#include "gwd_plan.h"

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
	int n = vlan ? snprintf(out, IFNAMSIZ, "%s.%u", port, vlan)
		     : snprintf(out, IFNAMSIZ, "%s", port);
	return n < 0 || n >= IFNAMSIZ ? -1 : 0;
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

static const struct gwd_segment *segment_of(const struct gwd_config *cfg, uint32_t vni)
{
	for (size_t i = 0; i < cfg->nsegments; i++)
		if (cfg->segments[i].vni == vni)
			return &cfg->segments[i];
	return NULL;
}

static const struct vtep_info *vtep_of(const struct gwd_actual *a, uint32_t vni)
{
	for (size_t i = 0; i < a->nvteps; i++)
		if (a->vteps[i].vni == vni)
			return &a->vteps[i];
	return NULL;
}

/* The VNI cfg wants ifname bound to, 0 if none. */
static uint32_t wanted_vni(const struct gwd_config *cfg, const char *ifname)
{
	char name[IFNAMSIZ];
	for (size_t i = 0; i < cfg->nsegments; i++)
		for (size_t k = 0; k < cfg->segments[i].nports; k++) {
			const struct gwd_port *p = &cfg->segments[i].ports[k];
			if (plan_vlan_ifname(p->name, p->vlan, name) == 0 && strcmp(name, ifname) == 0)
				return cfg->segments[i].vni;
		}
	return 0;
}

static const struct gwd_binding *binding_of(const struct gwd_actual *a, const char *ifname)
{
	for (size_t i = 0; i < a->nbindings; i++)
		if (strcmp(a->bindings[i].ifname, ifname) == 0)
			return &a->bindings[i];
	return NULL;
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

int plan_compute(const struct gwd_config *cfg, const struct gwd_actual *act, struct plan *out)
{
	struct vec s = {0};
	char name[IFNAMSIZ];
	/* What goes: bindings to the wrong VNI or to none, their VLAN interfaces, VTEPs. */
	for (size_t i = 0; i < act->nbindings; i++) {
		const struct gwd_binding *b = &act->bindings[i];
		uint32_t want = wanted_vni(cfg, b->ifname);
		if (want == b->vni)
			continue;
		set_port(push(&s, PLAN_UNBIND_PORT, b->vni), b->ifname, b->port, b->vlan);
		if (!want && b->vlan)
			set_port(push(&s, PLAN_DELETE_VLAN_IF, b->vni), b->ifname, b->port, b->vlan);
	}
	for (size_t i = 0; i < act->nvteps; i++)
		if (!segment_of(cfg, act->vteps[i].vni))
			push(&s, PLAN_DELETE_VTEP, act->vteps[i].vni);
	/* What comes: VTEPs (missing or broken), MTUs, VLAN interfaces, bindings. */
	for (size_t i = 0; i < cfg->nsegments; i++) {
		const struct gwd_segment *seg = &cfg->segments[i];
		const struct vtep_info *v = vtep_of(act, seg->vni);
		bool whole = v && v->vxlan_ifindex && v->bridge_ifindex && v->enslaved;
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
			if (plan_vlan_ifname(p->name, p->vlan, name)) {
				free(s.v);
				return -1; /* the validator rejects these; never plan around them */
			}
			const struct gwd_binding *b = binding_of(act, name);
			if (b && b->vni == seg->vni)
				continue;
			if (p->vlan && !b)
				set_port(push(&s, PLAN_CREATE_VLAN_IF, seg->vni), name, p->name, p->vlan);
			set_port(push(&s, PLAN_BIND_PORT, seg->vni), name, p->name, p->vlan);
		}
	}
	if (s.oom) {
		free(s.v);
		return -1;
	}
	if (s.n)
		qsort(s.v, s.n, sizeof(*s.v), cmp_step);
	out->steps = s.v;
	out->n = s.n;
	return 0;
}

void plan_free(struct plan *p)
{
	free(p->steps);
	p->steps = NULL;
	p->n = 0;
}

void plan_print(const struct plan *p, FILE *f)
{
	if (!p->n) {
		fputs("no changes\n", f);
		return;
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_step *s = &p->steps[i];
		switch (s->op) {
		case PLAN_UNBIND_PORT:
			fprintf(f, "unbind %s from VNI %u\n", s->ifname, s->vni);
			break;
		case PLAN_DELETE_VLAN_IF:
			fprintf(f, "delete VLAN interface %s\n", s->ifname);
			break;
		case PLAN_DELETE_VTEP:
			fprintf(f, "delete VTEP of VNI %u (vx%u, br%u)\n", s->vni, s->vni, s->vni);
			break;
		case PLAN_CREATE_VTEP:
			if (s->mtu)
				fprintf(f, "create VTEP of VNI %u (vx%u, br%u), MTU %u\n", s->vni, s->vni,
					s->vni, s->mtu);
			else
				fprintf(f, "create VTEP of VNI %u (vx%u, br%u), MTU from the underlay\n",
					s->vni, s->vni, s->vni);
			break;
		case PLAN_SET_MTU:
			fprintf(f, "set MTU of VNI %u from %u to %u\n", s->vni, s->old_mtu, s->mtu);
			break;
		case PLAN_CREATE_VLAN_IF:
			fprintf(f, "create VLAN interface %s (%s, VLAN %u)\n", s->ifname, s->port, s->vlan);
			break;
		case PLAN_BIND_PORT:
			fprintf(f, "bind %s to VNI %u\n", s->ifname, s->vni);
			break;
		}
	}
}
