/* gwd_config: the gateway's configuration file (JSON), validated into a struct.
 *
 * Every problem is reported with its JSON path ("segments[2].ports[0].vlan: 4095 is
 * reserved"), all of them in one pass, so an operator fixes a file in one go. Unknown
 * keys are errors (a typo must not silently become a default). A config with any
 * error yields no struct at all: callers apply a config wholly or not at all.
 * Sections firewall/ipsec/snmp are validated now and used by later modules. */
#ifndef VXGW_GWD_CONFIG_H
#define VXGW_GWD_CONFIG_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../evpn/ipaddr.h"

#define GWD_MAX_SEGMENTS 16384
#define GWD_MAX_PORTS 64   /* per segment */
#define GWD_MAX_PEERS 32
#define GWD_NAME_MAX 64

struct gwd_port {
	char name[IFNAMSIZ];
	uint16_t vlan; /* 0 = whole port */
};

struct gwd_segment {
	uint32_t vni;
	char name[GWD_NAME_MAX + 1];
	uint32_t mtu; /* 0 = derived from the underlay */
	struct gwd_port *ports;
	size_t nports;
};

struct gwd_bgp_peer {
	struct ipaddr address;
	uint32_t asn; /* 0 = iBGP */
	char password_file[256];
	uint8_t multihop;
};

enum gwd_allowlist { GWD_ALLOW_EVPN, GWD_ALLOW_STATIC, GWD_ALLOW_OFF };

struct gwd_config {
	struct ipaddr vtep_address;
	uint16_t vtep_port;
	uint32_t asn;
	struct ipaddr router_id;
	struct ipaddr rr[GWD_MAX_PEERS];
	size_t nrr;
	struct gwd_bgp_peer peer[GWD_MAX_PEERS];
	size_t npeers;
	struct gwd_segment *segments; /* sorted by VNI */
	size_t nsegments;
	enum gwd_allowlist allowlist;
	struct ipaddr static_vteps[GWD_MAX_PEERS];
	size_t nstatic_vteps;
	bool ipsec_enabled;
	char ipsec_psk_file[256];
	bool snmp_enabled;
	char agentx_socket[256];
	bool frr_agentx; /* bgpd exports BGP4-MIB to the same AgentX master (needs bgpd -M snmp) */
};

struct gwd_config_errors {
	char **msg; /* "path: problem" */
	size_t n, cap;
};

/* 0 and *out allocated when valid; -1 with every problem in errs otherwise. */
int gwd_config_parse(const char *text, size_t len, struct gwd_config **out,
		     struct gwd_config_errors *errs);
int gwd_config_load(const char *path, struct gwd_config **out, struct gwd_config_errors *errs);
void gwd_config_free(struct gwd_config *c);
void gwd_config_errors_free(struct gwd_config_errors *errs);

#endif
