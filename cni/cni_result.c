#include "cni_result.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cni_parse_cidr(const char *s, struct ipaddr *a, unsigned *len)
{
	char buf[INET6_ADDRSTRLEN + 5];
	const char *slash = s ? strchr(s, '/') : NULL;
	if (!slash || (size_t)(slash - s) >= INET6_ADDRSTRLEN)
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (!ipaddr_parse_any(buf, a))
		return -1;
	char *end;
	const char *p = slash + 1;
	if (*p < '0' || *p > '9' || strlen(p) > 3)
		return -1;
	unsigned long n = strtoul(p, &end, 10);
	if (*end || n > (a->family == AF_INET ? 32u : 128u))
		return -1;
	*len = (unsigned)n;
	return 0;
}

static int copy_str(json_t *o, const char *key, char *dst, size_t sz, bool required,
		    const char *where, struct cni_err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v) {
		if (required)
			return cni_fail(e, CNI_ERR_DECODE, "%s: '%s' missing", where, key);
		return 0;
	}
	if (!json_is_string(v) || strlen(json_string_value(v)) >= sz)
		return cni_fail(e, CNI_ERR_DECODE, "%s: '%s' must be a string shorter than %zu",
				where, key, sz);
	strcpy(dst, json_string_value(v));
	return 0;
}

int cni_result_parse(json_t *j, struct cni_result *r, struct cni_err *e)
{
	memset(r, 0, sizeof(*r));
	if (!json_is_object(j))
		return cni_fail(e, CNI_ERR_DECODE, "result is not a JSON object");
	json_t *arr, *it;
	size_t i;
	char where[64];
	if ((arr = json_object_get(j, "interfaces"))) {
		if (!json_is_array(arr) || json_array_size(arr) > CNI_MAX_IFACES)
			return cni_fail(e, CNI_ERR_DECODE, "result 'interfaces' must be an array of "
							   "at most %d",
					CNI_MAX_IFACES);
		json_array_foreach(arr, i, it)
		{
			struct cni_iface *f = &r->iface[i];
			snprintf(where, sizeof(where), "result interfaces[%zu]", i);
			if (!json_is_object(it))
				return cni_fail(e, CNI_ERR_DECODE, "%s is not an object", where);
			if (copy_str(it, "name", f->name, sizeof(f->name), true, where, e) ||
			    copy_str(it, "mac", f->mac, sizeof(f->mac), false, where, e) ||
			    copy_str(it, "sandbox", f->sandbox, sizeof(f->sandbox), false, where, e))
				return -1;
			json_t *mtu = json_object_get(it, "mtu");
			if (mtu && (!json_is_integer(mtu) || json_integer_value(mtu) < 0 ||
				    json_integer_value(mtu) > 65535))
				return cni_fail(e, CNI_ERR_DECODE, "%s: bad 'mtu'", where);
			f->mtu = mtu ? (uint32_t)json_integer_value(mtu) : 0;
			r->nifaces++;
		}
	}
	if ((arr = json_object_get(j, "ips"))) {
		if (!json_is_array(arr) || json_array_size(arr) > CNI_MAX_IPS)
			return cni_fail(e, CNI_ERR_DECODE,
					"result 'ips' must be an array of at most %d", CNI_MAX_IPS);
		json_array_foreach(arr, i, it)
		{
			struct cni_ip *ip = &r->ip[i];
			snprintf(where, sizeof(where), "result ips[%zu]", i);
			json_t *addr = json_object_get(it, "address");
			if (!json_is_object(it) || !json_is_string(addr) ||
			    cni_parse_cidr(json_string_value(addr), &ip->addr, &ip->prefixlen))
				return cni_fail(e, CNI_ERR_DECODE, "%s: 'address' must be a CIDR",
						where);
			json_t *gw = json_object_get(it, "gateway");
			if (gw && (!json_is_string(gw) ||
				   !ipaddr_parse_any(json_string_value(gw), &ip->gateway) ||
				   ip->gateway.family != ip->addr.family))
				return cni_fail(e, CNI_ERR_DECODE,
						"%s: 'gateway' must be an address of the same family",
						where);
			json_t *ver = json_object_get(it, "version");
			if (ver && (!json_is_string(ver) ||
				    strcmp(json_string_value(ver),
					   ip->addr.family == AF_INET ? "4" : "6") != 0))
				return cni_fail(e, CNI_ERR_DECODE, "%s: 'version' does not match the "
								   "address",
						where);
			json_t *idx = json_object_get(it, "interface");
			ip->iface = -1;
			if (idx) {
				if (!json_is_integer(idx) || json_integer_value(idx) < 0 ||
				    json_integer_value(idx) >= CNI_MAX_IFACES)
					return cni_fail(e, CNI_ERR_DECODE, "%s: bad 'interface'",
							where);
				ip->iface = (int)json_integer_value(idx);
			}
			r->nips++;
		}
	}
	if ((arr = json_object_get(j, "routes"))) {
		if (!json_is_array(arr) || json_array_size(arr) > CNI_MAX_ROUTES)
			return cni_fail(e, CNI_ERR_DECODE, "result 'routes' must be an array of at "
							   "most %d",
					CNI_MAX_ROUTES);
		json_array_foreach(arr, i, it)
		{
			struct cni_route *rt = &r->route[i];
			snprintf(where, sizeof(where), "result routes[%zu]", i);
			json_t *dst = json_object_get(it, "dst");
			if (!json_is_object(it) || !json_is_string(dst) ||
			    cni_parse_cidr(json_string_value(dst), &rt->dst, &rt->dst_len))
				return cni_fail(e, CNI_ERR_DECODE, "%s: 'dst' must be a CIDR", where);
			json_t *gw = json_object_get(it, "gw");
			if (gw && (!json_is_string(gw) || !ipaddr_parse_any(json_string_value(gw), &rt->gw) ||
				   rt->gw.family != rt->dst.family))
				return cni_fail(e, CNI_ERR_DECODE,
						"%s: 'gw' must be an address of the same family", where);
			r->nroutes++;
		}
	}
	json_t *dns = json_object_get(j, "dns");
	if (dns) {
		if (!json_is_object(dns))
			return cni_fail(e, CNI_ERR_DECODE, "result 'dns' must be an object");
		r->dns = json_incref(dns);
	}
	return 0;
}

json_t *cni_result_render(const struct cni_result *r, const char *version)
{
	bool legacy = cni_version_cmp(version, "1.0.0") < 0;
	bool with_mtu = cni_version_cmp(version, "1.1.0") >= 0;
	json_t *out = json_object(), *ifs = json_array(), *ips = json_array(),
	       *routes = json_array();
	json_object_set_new(out, "cniVersion", json_string(version));
	for (int i = 0; i < r->nifaces; i++) {
		const struct cni_iface *f = &r->iface[i];
		json_t *o = json_pack("{s:s}", "name", f->name);
		if (f->mac[0])
			json_object_set_new(o, "mac", json_string(f->mac));
		if (with_mtu && f->mtu)
			json_object_set_new(o, "mtu", json_integer(f->mtu));
		if (f->sandbox[0])
			json_object_set_new(o, "sandbox", json_string(f->sandbox));
		json_array_append_new(ifs, o);
	}
	for (int i = 0; i < r->nips; i++) {
		const struct cni_ip *ip = &r->ip[i];
		char a[IPADDR_STRLEN], cidr[IPADDR_STRLEN + 5];
		snprintf(cidr, sizeof(cidr), "%s/%u", ipaddr_format(&ip->addr, a), ip->prefixlen);
		json_t *o = json_object();
		if (legacy)
			json_object_set_new(o, "version",
					    json_string(ip->addr.family == AF_INET ? "4" : "6"));
		json_object_set_new(o, "address", json_string(cidr));
		if (ip->gateway.family)
			json_object_set_new(o, "gateway", json_string(ipaddr_format(&ip->gateway, a)));
		if (ip->iface >= 0)
			json_object_set_new(o, "interface", json_integer(ip->iface));
		json_array_append_new(ips, o);
	}
	for (int i = 0; i < r->nroutes; i++) {
		const struct cni_route *rt = &r->route[i];
		char a[IPADDR_STRLEN], cidr[IPADDR_STRLEN + 5];
		struct ipaddr dst = rt->dst;
		snprintf(cidr, sizeof(cidr), "%s/%u", ipaddr_format(&dst, a), rt->dst_len);
		json_t *o = json_pack("{s:s}", "dst", cidr);
		if (rt->gw.family)
			json_object_set_new(o, "gw", json_string(ipaddr_format(&rt->gw, a)));
		json_array_append_new(routes, o);
	}
	json_object_set_new(out, "interfaces", ifs);
	if (json_array_size(ips))
		json_object_set_new(out, "ips", ips);
	else
		json_decref(ips);
	if (json_array_size(routes))
		json_object_set_new(out, "routes", routes);
	else
		json_decref(routes);
	json_object_set_new(out, "dns", r->dns ? json_incref(r->dns) : json_object());
	return out;
}

void cni_result_free(struct cni_result *r)
{
	json_decref(r->dns);
	r->dns = NULL;
}
