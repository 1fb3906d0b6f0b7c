/* gwd_apply: execute a plan against the kernel, all or nothing.
 *
 * Steps run in plan order. If one fails, the steps already done are undone newest
 * first and the node is back where it was (best effort: an undo the kernel refuses is
 * reported in the error text, never silently ignored). On success the caller gets an
 * undo handle too, so a later failure of the same transaction (FRR refusing its part,
 * the config file not being writable) can still roll the kernel back.
 *
 * What each step's undo does: bind <-> unbind (to the VNI it was on), VLAN interface
 * create <-> delete, VTEP create -> delete (only if it did not exist before the step),
 * VTEP delete -> create with the old address/port/MTU, MTU -> old MTU. */
#ifndef VXGW_GWD_APPLY_H
#define VXGW_GWD_APPLY_H

#include "../evpn/nl.h"
#include "gwd_node.h"
#include "gwd_plan.h"

struct gwd_undo {
	struct plan_step *steps; /* inverse steps, in the order they must run */
	struct vtep_info *old_vteps; /* for re-creating deleted VTEPs */
	size_t n, cap, nold;
	struct ipaddr local;
	uint16_t port;
};

/* Kernel changes made (netlink requests that changed something) or -errno; err names
 * the step that failed ("step 3/7 (bind eth1 to VNI 100): ...") and the rollback. */
int gwd_apply(struct nl_conn *nl, const struct gwd_config *cfg, const struct plan *p,
	      const struct gwd_node *before, struct gwd_undo *undo, struct vxerr *err);
/* Roll back what a successful gwd_apply did; 0 or -errno (err lists what failed). */
int gwd_undo_run(struct nl_conn *nl, struct gwd_undo *undo, struct vxerr *err);
void gwd_undo_free(struct gwd_undo *undo);

#endif
