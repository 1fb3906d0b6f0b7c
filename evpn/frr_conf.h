/* frr_conf: FRR configuration for the three EVPN roles, rendered from a validated
 * description.
 *   rr       route reflector: dynamic peers from a listen range (bgp listen range),
 *            route-reflector-client, cluster-id, optional password
 *   worker   VTEP: iBGP to the route reflector(s), advertise-all-vni
 *   gateway  VTEP: the worker's sessions plus physical-router peers (iBGP or eBGP,
 *            optional password, optional multihop), advertise-all-vni; iBGP routers
 *            are route-reflector clients of the gateway (see frr_conf.c for why, and
 *            why eBGP routers need nothing more)
 * frr_conf_render validates everything first and writes nothing on error. The text
 * is a complete frr.conf for bgpd/zebra (integrated config). */
#ifndef VXGW_FRR_CONF_H
#define VXGW_FRR_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "ipaddr.h"
#include "vxerr.h"

enum frr_role { FRR_ROLE_RR, FRR_ROLE_WORKER, FRR_ROLE_GATEWAY };

#define FRR_MAX_PEERS 32
#define FRR_PASSWORD_MAX 80 /* TCP-MD5 keys are at most 80 bytes */

struct frr_peer {
	struct ipaddr address;
	uint32_t asn;      /* 0 = our own AS (iBGP) */
	char password[FRR_PASSWORD_MAX + 1];
	uint8_t multihop;  /* eBGP multihop TTL, 0 = directly connected */
};

struct frr_conf {
	enum frr_role role;
	char hostname[64];
	uint32_t asn;
	struct ipaddr router_id; /* IPv4 */
	/* worker/gateway: the route reflectors */
	struct ipaddr rr[FRR_MAX_PEERS];
	int nrr;
	/* rr: who may peer, and the cluster id (default: router id) */
	struct ipaddr listen_prefix;
	unsigned listen_len;
	struct ipaddr cluster_id;
	unsigned listen_limit; /* 0 = FRR default */
	char password[FRR_PASSWORD_MAX + 1]; /* sessions to/from the RR; "" = none */
	/* gateway: physical routers */
	struct frr_peer peer[FRR_MAX_PEERS];
	int npeers;
	unsigned keepalive, holdtime; /* 0 = 3/9 s (fast failure detection in a fabric) */
	bool agentx; /* "agentx": bgpd's BGP4-MIB over AgentX (bgpd must run with -M snmp) */
};

const char *frr_role_name(enum frr_role role);
int frr_role_parse(const char *s, enum frr_role *role, struct vxerr *err);
/* Read a TCP-MD5 key from a file (one line; trailing newline dropped): 1-80 bytes.
 * Keys come from files, never from command lines every user can read in ps. The
 * characters are checked when the configuration is rendered. */
int frr_password_read(const char *path, char out[FRR_PASSWORD_MAX + 1], struct vxerr *err);
/* Render into buf (NUL-terminated); -ENOSPC if it does not fit, -EINVAL for bad input. */
int frr_conf_render(const struct frr_conf *c, char *buf, size_t size, struct vxerr *err);

#endif
