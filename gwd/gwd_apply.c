#include "gwd_apply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/vlan.h"

static int undo_push(struct gwd_undo *u, const struct plan_step *st)
{
	if (u->n == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 32;
		struct plan_step *v = realloc(u->steps, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		u->steps = v;
		u->cap = cap;
	}
	u->steps[u->n++] = *st;
	return 0;
}

static int remember_vtep(struct gwd_undo *u, const struct vtep_info *v)
{
	struct vtep_info *nv = realloc(u->old_vteps, (u->nold + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	u->old_vteps = nv;
	u->old_vteps[u->nold++] = *v;
	return 0;
}

static const struct vtep_info *old_vtep(const struct gwd_undo *u, uint32_t vni)
{
	for (size_t i = u->nold; i-- > 0;)
		if (u->old_vteps[i].vni == vni)
			return &u->old_vteps[i];
	return NULL;
}

/* One step (forward or inverse). Returns changes made or -errno. */
static int run_step(struct nl_conn *nl, const struct plan_step *st, const struct ipaddr *local,
		    uint16_t port, const struct gwd_undo *u, struct vxerr *err)
{
	char name[IFNAMSIZ];
	int rc;
	switch (st->op) {
	case PLAN_UNBIND_PORT:
		rc = vtep_detach(nl, st->vni, st->ifname, err);
		return rc < 0 ? rc : 1;
	case PLAN_BIND_PORT:
		rc = vtep_attach(nl, st->vni, st->ifname, err);
		return rc < 0 ? rc : 1;
	case PLAN_DELETE_VLAN_IF:
		return vlan_if_delete(nl, st->port, st->vlan, err);
	case PLAN_CREATE_VLAN_IF:
		return vlan_if_create(nl, st->port, st->vlan, name, err);
	case PLAN_DELETE_VTEP:
		return vtep_delete(nl, st->vni, VTEP_DELETE_FORCE, err);
	case PLAN_CREATE_VTEP:
	case PLAN_SET_MTU: {
		struct vtep_spec spec = {.vni = st->vni, .local = *local, .port = port, .mtu = st->mtu};
		const struct vtep_info *old = u ? old_vtep(u, st->vni) : NULL;
		if (old && st->op == PLAN_CREATE_VTEP) { /* re-creating a deleted one */
			spec.local = old->local;
			spec.port = old->port;
			spec.mtu = old->mtu;
		}
		return vtep_create(nl, &spec, err);
	}
	}
	return vxerr_set(err, EINVAL, "unknown plan step %d", (int)st->op);
}

/* The inverse of st, given what the node looked like before it ran: 1 with *inv set,
 * 0 when the step needs no undo, -ENOMEM. */
static int inverse_of(struct gwd_undo *u, const struct plan_step *st, const struct gwd_node *before,
		      struct plan_step *inv)
{
	*inv = *st;
	switch (st->op) {
	case PLAN_UNBIND_PORT:
		inv->op = PLAN_BIND_PORT;
		return 1;
	case PLAN_BIND_PORT:
		inv->op = PLAN_UNBIND_PORT;
		return 1;
	case PLAN_DELETE_VLAN_IF:
		inv->op = PLAN_CREATE_VLAN_IF;
		return 1;
	case PLAN_CREATE_VLAN_IF:
		if (gwd_node_link(before, st->ifname))
			return 0; /* adopted, not created */
		inv->op = PLAN_DELETE_VLAN_IF;
		return 1;
	case PLAN_DELETE_VTEP: {
		const struct vtep_info *v = gwd_node_vtep(before, st->vni);
		if (!v || !v->vxlan_ifindex)
			return 0; /* only a half-built remnant went: nothing to restore */
		if (remember_vtep(u, v))
			return -ENOMEM;
		inv->op = PLAN_CREATE_VTEP;
		return 1;
	}
	case PLAN_CREATE_VTEP:
		if (gwd_node_vtep(before, st->vni))
			return 0; /* repaired an existing one: nothing to take back */
		inv->op = PLAN_DELETE_VTEP;
		return 1;
	case PLAN_SET_MTU:
		inv->mtu = st->old_mtu;
		inv->old_mtu = st->mtu;
		return 1;
	}
	return 0;
}

static int rollback(struct nl_conn *nl, struct gwd_undo *u, char *report, size_t size)
{
	int failures = 0;
	size_t used = 0;
	report[0] = '\0';
	for (size_t i = u->n; i-- > 0;) {
		struct vxerr e = {0};
		int rc = run_step(nl, &u->steps[i], &u->local, u->port, u, &e);
		if (rc < 0) {
			char what[128];
			plan_step_format(&u->steps[i], what, sizeof(what));
			int n = snprintf(report + used, used < size ? size - used : 0, "%s%s: %s",
					 failures ? "; " : "", what, e.msg);
			if (n > 0)
				used += (size_t)n;
			failures++;
		}
	}
	u->n = 0;
	return failures;
}

int gwd_apply(struct nl_conn *nl, const struct gwd_config *cfg, const struct plan *p,
	      const struct gwd_node *before, struct gwd_undo *undo, struct vxerr *err)
{
	memset(undo, 0, sizeof(*undo));
	undo->local = cfg->vtep_address;
	undo->port = cfg->vtep_port ? cfg->vtep_port : VTEP_DEFAULT_PORT;
	int changes = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_step *st = &p->steps[i];
		struct plan_step inv;
		int has_inv = inverse_of(undo, st, before, &inv);
		int rc = has_inv < 0 ? vxerr_set(err, ENOMEM, "out of memory recording the undo log")
				     : run_step(nl, st, &undo->local, undo->port, NULL, err);
		if (rc >= 0 && has_inv == 1 && undo_push(undo, &inv))
			rc = vxerr_set(err, ENOMEM, "out of memory recording the undo log");
		if (rc >= 0) {
			changes += rc;
			continue;
		}
		/* Every evpn call undoes its own partial work, except a VTEP delete that got
		 * the VXLAN device but not the bridge: re-creating it (idempotent) covers
		 * that. Then roll back the steps before. */
		if (st->op == PLAN_DELETE_VTEP && has_inv == 1)
			undo_push(undo, &inv);
		char what[128], report[1024];
		plan_step_format(st, what, sizeof(what));
		struct vxerr cause = *err;
		int failures = rollback(nl, undo, report, sizeof(report));
		gwd_undo_free(undo);
		if (failures)
			return vxerr_set(err, cause.code,
					 "step %zu/%zu (%s): %s; rollback incomplete (%d undo steps "
					 "failed: %s)",
					 i + 1, p->n, what, cause.msg, failures, report);
		return vxerr_set(err, cause.code, "step %zu/%zu (%s): %s; %zu earlier steps undone",
				 i + 1, p->n, what, cause.msg, i);
	}
	return changes;
}

int gwd_undo_run(struct nl_conn *nl, struct gwd_undo *undo, struct vxerr *err)
{
	char report[1024];
	int failures = rollback(nl, undo, report, sizeof(report));
	if (failures)
		return vxerr_set(err, EIO, "rollback incomplete (%d undo steps failed: %s)", failures,
				 report);
	return 0;
}

void gwd_undo_free(struct gwd_undo *undo)
{
	free(undo->steps);
	free(undo->old_vteps);
	memset(undo, 0, sizeof(*undo));
}
