/* ipaddr: an IPv4 or IPv6 address as used for VTEP endpoints.
 *
 * ipaddr_parse_vtep accepts only addresses a VXLAN tunnel can be sourced from:
 * unicast, not unspecified, not multicast/broadcast, not IPv6 link-local (that
 * would need a bound device) and not IPv4-mapped IPv6 (ambiguous family). */
#ifndef VXGW_IPADDR_H
#define VXGW_IPADDR_H

#include <netinet/in.h>
#include <stdbool.h>

#include "vxerr.h"

struct ipaddr {
	int family; /* AF_INET, AF_INET6, or 0 when unset */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} u;
};

#define IPADDR_STRLEN INET6_ADDRSTRLEN

int ipaddr_parse_vtep(const char *s, struct ipaddr *out, struct vxerr *err);
/* Any IPv4 or IPv6 address (gateways, routes, FRR output); false if s is neither. */
bool ipaddr_parse_any(const char *s, struct ipaddr *out);
/* Same checks for an address that is already binary (e.g. from netlink). */
int ipaddr_check_vtep(const struct ipaddr *a, struct vxerr *err);
bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b);
/* Always NUL-terminates; "-" for an unset address. */
const char *ipaddr_format(const struct ipaddr *a, char buf[IPADDR_STRLEN]);
/* Bytes of the address (4 or 16), 0 when unset. */
size_t ipaddr_len(const struct ipaddr *a);

#endif
