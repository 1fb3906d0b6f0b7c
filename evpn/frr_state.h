/* frr_state: EVPN state read from FRR's JSON (vtysh `show ... json`), parsed
 * defensively: FRR output is untrusted input. Every field used is type-checked;
 * unknown fields are ignored; FRR's own inconsistencies (numRemoteVteps is a number
 * in `show evpn vni json` but a list in `show evpn vni <N> json`) are both accepted.
 *
 *   frr_parse_peers  `show bgp l2vpn evpn summary json`  -> EVPN BGP peers
 *   frr_parse_vnis   `show evpn vni json`                -> VNIs, remote VTEPs, MAC count
 *   frr_parse_macs   `show evpn mac vni all json`        -> local/remote MAC counts per VNI */
#ifndef VXGW_FRR_STATE_H
#define VXGW_FRR_STATE_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "vxerr.h"

#define FRR_MAX_VTEPS 64

struct frr_peer_state {
	char name[64];         /* FRR's key: address, or interface for unnumbered */
	struct ipaddr address; /* family 0 when the key is not an address */
	char hostname[64];
	char state[24];
	bool established;
	bool dynamic;
	uint32_t remote_as;
	uint64_t uptime_ms;
	uint32_t prefixes_received;
};

struct frr_vni_state {
	uint32_t vni;
	char vxlan_if[IFNAMSIZ];
	uint32_t macs;
	uint32_t local_macs, remote_macs; /* filled by frr_parse_macs */
	struct ipaddr remote_vtep[FRR_MAX_VTEPS];
	int nremote_vteps;
};

int frr_parse_peers(const char *json, size_t len, struct frr_peer_state *out, size_t max,
		    size_t *n, struct vxerr *err);
/* Sorted by VNI. */
int frr_parse_vnis(const char *json, size_t len, struct frr_vni_state *out, size_t max,
		   size_t *n, struct vxerr *err);
/* Adds local/remote MAC counts to the matching entries of vnis[0..n). */
int frr_parse_macs(const char *json, size_t len, struct frr_vni_state *vnis, size_t n,
		   struct vxerr *err);

#endif
