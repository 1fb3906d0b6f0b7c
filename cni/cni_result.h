/* cni_result: the CNI result — parsed from an IPAM plugin or prevResult (any of
 * 0.3.0 .. 1.1.0), and rendered in the version the runtime asked for:
 * 0.3.x/0.4.0 carry "version" in each IP; 1.1.0 adds interface "mtu".
 * Parsing validates everything vxgw uses and ignores fields it does not. */
#ifndef VXGW_CNI_RESULT_H
#define VXGW_CNI_RESULT_H

#include <jansson.h>
#include <limits.h>
#include <net/if.h>

#include "../evpn/ipaddr.h"
#include "cni_conf.h"

#define CNI_MAX_IFACES 8
#define CNI_MAX_IPS 16
#define CNI_MAX_ROUTES 32

struct cni_iface {
	char name[IFNAMSIZ];
	char mac[18];
	uint32_t mtu;
	char sandbox[PATH_MAX];
};

struct cni_ip {
	struct ipaddr addr;
	unsigned prefixlen;
	struct ipaddr gateway; /* family 0 when none */
	int iface;             /* index into interfaces, -1 when none */
};

struct cni_route {
	struct ipaddr dst;
	unsigned dst_len;
	struct ipaddr gw;
};

struct cni_result {
	struct cni_iface iface[CNI_MAX_IFACES];
	int nifaces;
	struct cni_ip ip[CNI_MAX_IPS];
	int nips;
	struct cni_route route[CNI_MAX_ROUTES];
	int nroutes;
	json_t *dns; /* owned, may be NULL */
};

int cni_result_parse(json_t *j, struct cni_result *r, struct cni_err *e);
json_t *cni_result_render(const struct cni_result *r, const char *version);
void cni_result_free(struct cni_result *r);
/* "10.1.2.3/24" -> address + prefix length. */
int cni_parse_cidr(const char *s, struct ipaddr *a, unsigned *len);

#endif
