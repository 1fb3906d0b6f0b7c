/* gwd_model: gwd's state as VXGW-MIB rows (gwd_mib.h), built from the configuration,
 * one node read (links) and one FDB dump; and the differences between two models as
 * the events the MIB's notifications report (remote VTEP up/down, binding up/down).
 * Pure: no kernel access, unit-tested on hand-made inputs. */
#ifndef VXGW_GWD_MODEL_H
#define VXGW_GWD_MODEL_H

#include "../evpn/fdb.h"
#include "gwd_config.h"
#include "gwd_mib.h"
#include "gwd_node.h"

struct gwd_model_status {
	uint32_t generation;
	time_t last_apply;
	bool last_ok;
	const char *last_error;
};

/* prev (may be NULL) carries peer first-seen times across rebuilds. 0 or -ENOMEM. */
int gwd_model_build(const struct gwd_config *cfg, const struct gwd_node *node,
		    const struct fdb_vec *fdb, const struct gwd_model_status *st,
		    const struct gwd_mib_model *prev, uint64_t now_ms, struct gwd_mib_model *out);

struct gwd_model_events {
	void *ctx;
	void (*peer)(void *ctx, const struct gwd_mib_peer *p, bool up);
	/* b carries the new state (unbound for a binding that went away). */
	void (*binding)(void *ctx, const struct gwd_mib_binding *b, bool up);
};

/* Report what changed from old to new (both sorted). */
void gwd_model_diff(const struct gwd_mib_model *old, const struct gwd_mib_model *new,
		    const struct gwd_model_events *ev);

#endif
