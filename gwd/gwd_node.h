/* gwd_node: what the gateway node has, read from the kernel in one pass — owned VTEPs,
 * the interfaces enslaved to owned VNI bridges (bindings), and every link (for port
 * presence and link state). This is the "actual" side of gwd's plan.
 *
 * Ownership rule: gwd owns the bridges br<N> it marked; every port of such a bridge
 * except its VXLAN device is a binding that the configuration decides about. A port
 * enslaved anywhere else is never touched. VLAN sub-interfaces are recognised by their
 * own mark ("vxgw:vlan=<port>.<vid>"), so the port and VLAN of a binding are known
 * without parsing names. */
#ifndef VXGW_GWD_NODE_H
#define VXGW_GWD_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "../evpn/link.h"
#include "../evpn/vtep.h"
#include "gwd_plan.h"

struct gwd_node {
	struct vtep_info *vteps; /* sorted by VNI */
	size_t nvteps;
	struct gwd_binding *bindings;
	size_t nbindings;
	struct link_vec links;
	struct link_state **by_name; /* links sorted by name, for lookups */
};

int gwd_node_read(struct nl_conn *nl, struct gwd_node *out, struct vxerr *err);
void gwd_node_free(struct gwd_node *n);
/* The view plan_compute takes (pointers into n; valid while n is). */
void gwd_node_actual(const struct gwd_node *n, struct gwd_actual *a);
const struct link_state *gwd_node_link(const struct gwd_node *n, const char *name);
const struct link_state *gwd_node_link_by_index(const struct gwd_node *n, int ifindex);
const struct vtep_info *gwd_node_vtep(const struct gwd_node *n, uint32_t vni);
/* Link state of an interface for display: "up", "down" (admin or carrier) or "absent". */
const char *gwd_node_link_state(const struct gwd_node *n, const char *ifname);
/* Parse a VLAN sub-interface mark; true with port and vlan set. */
bool gwd_vlan_mark_parse(const char *alias, char port[IFNAMSIZ], uint16_t *vlan);

#endif
