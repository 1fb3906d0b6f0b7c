/* gwd_plan: the difference between a configuration and what the node has, as an
 * ordered list of steps — a value that `gwctl plan` can print and apply can execute
 * (and undo in reverse). Pure logic: no kernel access.
 *
 * Ordering keeps traffic on untouched bindings flowing and every step valid on its
 * own: unbind ports first, then delete VLAN sub-interfaces and VTEPs no longer
 * wanted, then create VTEPs, adjust MTUs, create VLAN sub-interfaces, bind ports.
 * Steps are sorted within each phase (by VNI, then port, then VLAN) so the same
 * inputs always give the same plan.
 *
 * A VTEP whose local address or UDP port differs from the configuration is replaced
 * (its bindings are unbound first and bound again after), since the kernel cannot
 * change those attributes of a VXLAN device in place.
 *
 * VLAN sub-interface names: "<port>.<vlan>" (what `ip link` users expect); the config
 * validator guarantees they fit IFNAMSIZ. */
#ifndef VXGW_GWD_PLAN_H
#define VXGW_GWD_PLAN_H

#include <stdio.h>

#include "../evpn/vtep.h"
#include "gwd_config.h"

enum plan_op {
	PLAN_UNBIND_PORT,
	PLAN_DELETE_VLAN_IF,
	PLAN_DELETE_VTEP,
	PLAN_CREATE_VTEP,
	PLAN_SET_MTU,
	PLAN_CREATE_VLAN_IF,
	PLAN_BIND_PORT,
};

struct plan_step {
	enum plan_op op;
	uint32_t vni;
	char port[IFNAMSIZ];   /* physical port (bind/unbind/VLAN ops) */
	uint16_t vlan;         /* 0 = whole port */
	char ifname[IFNAMSIZ]; /* the interface enslaved: port, or port.vlan */
	uint32_t mtu;          /* CREATE_VTEP / SET_MTU: 0 = derive from the underlay */
	uint32_t old_mtu;      /* SET_MTU: what it was (for undo and display) */
};

/* What the node has: owned VTEPs, and which interface is bound to which VNI. */
struct gwd_binding {
	char ifname[IFNAMSIZ]; /* enslaved interface: port or port.vlan */
	char port[IFNAMSIZ];
	uint16_t vlan;
	uint32_t vni;
};

struct gwd_actual {
	const struct vtep_info *vteps; /* sorted by VNI */
	size_t nvteps;
	const struct gwd_binding *bindings;
	size_t nbindings;
	/* Does this physical port exist? NULL = assume every port does. A configured port
	 * that is absent (unplugged, not yet renamed by udev) is not an error: the plan
	 * leaves it out and lists it, and a later plan binds it when it appears. */
	bool (*port_present)(void *ctx, const char *port);
	void *ctx;
};

struct plan {
	struct plan_step *steps;
	size_t n;
	struct gwd_port *absent; /* configured ports left out because they do not exist */
	uint32_t *absent_vni;
	size_t nabsent;
};

int plan_compute(const struct gwd_config *cfg, const struct gwd_actual *actual, struct plan *out);
void plan_free(struct plan *p);
const char *plan_op_name(enum plan_op op);
/* One line per step, e.g. "bind eth2.10 to VNI 100"; "no changes" when empty; then one
 * line per absent port. */
void plan_print(const struct plan *p, FILE *f);
/* One step as text (no newline). */
void plan_step_format(const struct plan_step *s, char *buf, size_t size);
/* Sub-interface name for port+vlan ("eth2.10"); -1 if it does not fit IFNAMSIZ. */
int plan_vlan_ifname(const char *port, uint16_t vlan, char out[IFNAMSIZ]);

#endif
