#include "ipaddr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

size_t ipaddr_len(const struct ipaddr *a)
{
	return a->family == AF_INET ? 4 : a->family == AF_INET6 ? 16 : 0;
}

int ipaddr_check_vtep(const struct ipaddr *a, struct vxerr *err)
{
	char s[IPADDR_STRLEN];
	ipaddr_format(a, s);
	if (a->family == AF_INET) {
		uint32_t h = ntohl(a->u.v4.s_addr);
		if (h == 0)
			return vxerr_set(err, EINVAL, "VTEP address %s is unspecified", s);
		if ((h >> 28) == 0xe)
			return vxerr_set(err, EINVAL, "VTEP address %s is multicast, not unicast", s);
		if (h == 0xffffffffu)
			return vxerr_set(err, EINVAL, "VTEP address %s is the broadcast address", s);
		return 0;
	}
	if (a->family == AF_INET6) {
		const struct in6_addr *v6 = &a->u.v6;
		if (IN6_IS_ADDR_UNSPECIFIED(v6))
			return vxerr_set(err, EINVAL, "VTEP address %s is unspecified", s);
		if (IN6_IS_ADDR_MULTICAST(v6))
			return vxerr_set(err, EINVAL, "VTEP address %s is multicast, not unicast", s);
		if (IN6_IS_ADDR_LINKLOCAL(v6))
			return vxerr_set(err, EINVAL,
					 "VTEP address %s is link-local; use a global or ULA address", s);
		if (IN6_IS_ADDR_V4MAPPED(v6))
			return vxerr_set(err, EINVAL,
					 "VTEP address %s is IPv4-mapped; write the IPv4 address", s);
		return 0;
	}
	return vxerr_set(err, EINVAL, "VTEP address missing");
}

bool ipaddr_parse_any(const char *s, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	if (s && inet_pton(AF_INET, s, &out->u.v4) == 1)
		out->family = AF_INET;
	else if (s && inet_pton(AF_INET6, s, &out->u.v6) == 1)
		out->family = AF_INET6;
	return out->family != 0;
}

int ipaddr_parse_vtep(const char *s, struct ipaddr *out, struct vxerr *err)
{
	struct ipaddr a;
	if (!s || !*s)
		return vxerr_set(err, EINVAL, "VTEP address missing");
	if (!ipaddr_parse_any(s, &a))
		return vxerr_set(err, EINVAL, "'%.64s' is not an IPv4 or IPv6 address", s);
	int rc = ipaddr_check_vtep(&a, err);
	if (rc)
		return rc;
	*out = a;
	return 0;
}

bool ipaddr_equal(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family && memcmp(&a->u, &b->u, ipaddr_len(a)) == 0;
}

const char *ipaddr_format(const struct ipaddr *a, char buf[IPADDR_STRLEN])
{
	if (!a->family || !inet_ntop(a->family, &a->u, buf, IPADDR_STRLEN))
		strcpy(buf, "-");
	return buf;
}
