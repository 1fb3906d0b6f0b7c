/* gwd_show: gwd's state as JSON for gwctl (and later SNMP): VNIs, port bindings,
 * EVPN peers, MACs. Kernel state (links, FDB) is read here and is the truth for the
 * data plane; FRR is asked only for BGP peers. Every builder returns a new JSON
 * object or NULL with err set. */
#ifndef VXGW_GWD_SHOW_H
#define VXGW_GWD_SHOW_H

#include <jansson.h>

#include "../evpn/nl.h"
#include "gwd_config.h"
#include "gwd_node.h"

struct gwd_view {
	const struct gwd_config *cfg;
	const struct gwd_node *node;
	const char *frr_pathspace; /* NULL = FRR not managed: no peers to show */
};

/* vni 0 = all configured VNIs. */
json_t *gwd_show_vnis(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err);
json_t *gwd_show_ports(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err);
json_t *gwd_show_peers(const struct gwd_view *v, struct vxerr *err);
json_t *gwd_show_macs(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err);
/* Binding counts for status: total, up, down, absent (configured bindings). */
void gwd_show_binding_counts(const struct gwd_view *v, unsigned out[4]);
/* State of one configured binding: "up", "down", "absent" (port missing) or "unbound"
 * (port present but not in its VNI's bridge, e.g. after a failed apply). */
const char *gwd_binding_state(const struct gwd_view *v, const struct gwd_segment *seg,
			      const struct gwd_port *p);

#endif
