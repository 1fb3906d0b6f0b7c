#include "gwd_config.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/vni.h"
#include "../evpn/vtep.h"

struct ctx {
	struct gwd_config_errors *errs;
	struct gwd_config *c;
};

static void problem(struct ctx *x, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void problem(struct ctx *x, const char *path, const char *fmt, ...)
{
	struct gwd_config_errors *e = x->errs;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		char **m = realloc(e->msg, cap * sizeof(*m));
		if (!m)
			return;
		e->msg = m;
		e->cap = cap;
	}
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	size_t n = strlen(path) + strlen(text) + 3;
	char *s = malloc(n);
	if (!s)
		return;
	snprintf(s, n, "%s: %s", path, text);
	e->msg[e->n++] = s;
}

/* Every key of o must be in allowed[]; reports each stranger. */
static void only_keys(struct ctx *x, json_t *o, const char *path, const char *const allowed[])
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok) {
			char p[256];
			snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
			problem(x, p, "unknown key");
		}
	}
}

static char *join(char *buf, size_t sz, const char *path, const char *key)
{
	snprintf(buf, sz, "%s%s%s", path, *path ? "." : "", key);
	return buf;
}

static json_t *get_object(struct ctx *x, json_t *parent, const char *path, const char *key,
			  bool required)
{
	char p[256];
	json_t *v = json_object_get(parent, key);
	if (!v) {
		if (required)
			problem(x, join(p, sizeof(p), path, key), "missing");
		return NULL;
	}
	if (!json_is_object(v)) {
		problem(x, join(p, sizeof(p), path, key), "must be an object");
		return NULL;
	}
	return v;
}

static bool get_uint(struct ctx *x, json_t *parent, const char *path, const char *key,
		     uint64_t min, uint64_t max, bool required, uint64_t *out)
{
	char p[256];
	json_t *v = json_object_get(parent, key);
	if (!v) {
		if (required)
			problem(x, join(p, sizeof(p), path, key), "missing");
		return false;
	}
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) < min || (uint64_t)json_integer_value(v) > max) {
		problem(x, join(p, sizeof(p), path, key), "must be an integer in %llu-%llu",
			(unsigned long long)min, (unsigned long long)max);
		return false;
	}
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static const char *get_string(struct ctx *x, json_t *parent, const char *path, const char *key,
			      size_t maxlen, bool required)
{
	char p[256];
	json_t *v = json_object_get(parent, key);
	if (!v) {
		if (required)
			problem(x, join(p, sizeof(p), path, key), "missing");
		return NULL;
	}
	if (!json_is_string(v) || !*json_string_value(v) || strlen(json_string_value(v)) > maxlen) {
		problem(x, join(p, sizeof(p), path, key), "must be a string of 1-%zu characters",
			maxlen);
		return NULL;
	}
	return json_string_value(v);
}

static bool get_vtep_addr(struct ctx *x, json_t *parent, const char *path, const char *key,
			  bool required, struct ipaddr *out)
{
	char p[256];
	const char *s = get_string(x, parent, path, key, 64, required);
	struct vxerr err;
	if (!s)
		return false;
	if (ipaddr_parse_vtep(s, out, &err)) {
		problem(x, join(p, sizeof(p), path, key), "%s", err.msg);
		return false;
	}
	return true;
}

static void get_abs_path(struct ctx *x, json_t *parent, const char *path, const char *key,
			 char out[256])
{
	char p[256];
	const char *s = get_string(x, parent, path, key, 255, false);
	if (s && s[0] != '/')
		problem(x, join(p, sizeof(p), path, key), "'%s' must be an absolute path", s);
	else if (s)
		strcpy(out, s);
}

static void parse_vtep(struct ctx *x, json_t *root)
{
	static const char *const keys[] = {"address", "port", NULL};
	json_t *v = get_object(x, root, "", "vtep", true);
	uint64_t port = VTEP_DEFAULT_PORT;
	if (!v)
		return;
	only_keys(x, v, "vtep", keys);
	get_vtep_addr(x, v, "vtep", "address", true, &x->c->vtep_address);
	get_uint(x, v, "vtep", "port", 1, 65535, false, &port);
	x->c->vtep_port = (uint16_t)port;
}

static bool addr_seen(const struct ipaddr *list, size_t n, const struct ipaddr *a)
{
	for (size_t i = 0; i < n; i++)
		if (ipaddr_equal(&list[i], a))
			return true;
	return false;
}

static void parse_bgp(struct ctx *x, json_t *root)
{
	static const char *const keys[] = {"asn", "router_id", "route_reflectors", "peers", NULL};
	static const char *const rr_keys[] = {"address", NULL};
	static const char *const peer_keys[] = {"address", "asn", "password_file", "multihop", NULL};
	struct gwd_config *c = x->c;
	char p[128];
	uint64_t v;
	json_t *b = get_object(x, root, "", "bgp", true);
	if (!b)
		return;
	only_keys(x, b, "bgp", keys);
	if (get_uint(x, b, "bgp", "asn", 1, UINT32_MAX, true, &v))
		c->asn = (uint32_t)v;
	if (get_vtep_addr(x, b, "bgp", "router_id", true, &c->router_id) &&
	    c->router_id.family != AF_INET)
		problem(x, "bgp.router_id", "must be an IPv4 address");
	json_t *rrs = json_object_get(b, "route_reflectors"), *it;
	size_t i;
	if (!json_is_array(rrs) || json_array_size(rrs) == 0 || json_array_size(rrs) > GWD_MAX_PEERS)
		problem(x, "bgp.route_reflectors", "must be an array of 1-%d objects", GWD_MAX_PEERS);
	else
		json_array_foreach(rrs, i, it)
		{
			snprintf(p, sizeof(p), "bgp.route_reflectors[%zu]", i);
			if (!json_is_object(it)) {
				problem(x, p, "must be an object");
				continue;
			}
			only_keys(x, it, p, rr_keys);
			struct ipaddr a;
			if (!get_vtep_addr(x, it, p, "address", true, &a))
				continue;
			if (addr_seen(c->rr, c->nrr, &a))
				problem(x, p, "route reflector listed twice");
			else
				c->rr[c->nrr++] = a;
		}
	json_t *peers = json_object_get(b, "peers");
	if (peers && (!json_is_array(peers) || json_array_size(peers) > GWD_MAX_PEERS)) {
		problem(x, "bgp.peers", "must be an array of at most %d objects", GWD_MAX_PEERS);
		return;
	}
	json_array_foreach(peers, i, it)
	{
		snprintf(p, sizeof(p), "bgp.peers[%zu]", i);
		if (!json_is_object(it)) {
			problem(x, p, "must be an object");
			continue;
		}
		only_keys(x, it, p, peer_keys);
		struct gwd_bgp_peer *peer = &c->peer[c->npeers];
		memset(peer, 0, sizeof(*peer));
		if (get_vtep_addr(x, it, p, "address", true, &peer->address)) {
			bool dup = addr_seen(c->rr, c->nrr, &peer->address);
			for (size_t k = 0; k < c->npeers; k++)
				dup |= ipaddr_equal(&c->peer[k].address, &peer->address);
			if (dup)
				problem(x, p, "address is already a route reflector or another peer");
		}
		if (get_uint(x, it, p, "asn", 1, UINT32_MAX, false, &v))
			peer->asn = (uint32_t)v;
		if (get_uint(x, it, p, "multihop", 1, 255, false, &v))
			peer->multihop = (uint8_t)v;
		get_abs_path(x, it, p, "password_file", peer->password_file);
		c->npeers++;
	}
}

static bool name_ok(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_.-", *s))
			return false;
	return true;
}

static void parse_ports(struct ctx *x, json_t *seg, const char *path, struct gwd_segment *s)
{
	static const char *const keys[] = {"port", "vlan", NULL};
	char p[160];
	json_t *ports = json_object_get(seg, "ports"), *it;
	size_t i;
	if (!ports)
		return;
	if (!json_is_array(ports) || json_array_size(ports) > GWD_MAX_PORTS) {
		problem(x, join(p, sizeof(p), path, "ports"), "must be an array of at most %d objects",
			GWD_MAX_PORTS);
		return;
	}
	s->ports = calloc(json_array_size(ports) + 1, sizeof(*s->ports));
	json_array_foreach(ports, i, it)
	{
		snprintf(p, sizeof(p), "%s.ports[%zu]", path, i);
		if (!json_is_object(it)) {
			problem(x, p, "must be an object");
			continue;
		}
		only_keys(x, it, p, keys);
		struct gwd_port *port = &s->ports[s->nports];
		const char *name = get_string(x, it, p, "port", IFNAMSIZ - 1, true);
		uint32_t dummy;
		enum vni_role role;
		char pp[192];
		if (name && (strchr(name, '/') || strchr(name, ':') || strpbrk(name, " \t.")))
			problem(x, join(pp, sizeof(pp), p, "port"),
				"'%s' is not an interface name (VLANs go in \"vlan\", not \"%s\")", name,
				strchr(name, '.') ? "eth1.10" : name);
		else if (name && vni_from_ifname(name, &dummy, &role))
			problem(x, join(pp, sizeof(pp), p, "port"), "'%s' is a vxgw device name", name);
		else if (name)
			strcpy(port->name, name);
		json_t *vlan = json_object_get(it, "vlan");
		if (vlan) {
			json_int_t v = json_is_integer(vlan) ? json_integer_value(vlan) : -1;
			join(pp, sizeof(pp), p, "vlan");
			if (v == 0)
				problem(x, pp, "0 is not a VLAN id (omit \"vlan\" to bind the whole port)");
			else if (v == 4095)
				problem(x, pp, "4095 is reserved");
			else if (v < 1 || v > 4094)
				problem(x, pp, "must be an integer in 1-4094");
			else if (port->name[0] &&
				 strlen(port->name) + (v < 10 ? 2 : v < 100 ? 3 : v < 1000 ? 4 : 5) >= IFNAMSIZ)
				problem(x, pp, "VLAN interface name %s.%lld would exceed %d characters",
					port->name, (long long)v, IFNAMSIZ - 1);
			else
				port->vlan = (uint16_t)v;
		}
		if (port->name[0])
			s->nports++;
	}
}

static int cmp_seg(const void *a, const void *b)
{
	uint32_t x = ((const struct gwd_segment *)a)->vni, y = ((const struct gwd_segment *)b)->vni;
	return (x > y) - (x < y);
}

/* One segment or port, for the duplicate checks (ordered by key, then position). */
struct ref {
	uint32_t vni;
	const char *name;
	uint16_t vlan;
	size_t seg, port;
};

static int cmp_ref_pos(const struct ref *a, const struct ref *b)
{
	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	return (a->port > b->port) - (a->port < b->port);
}

static int cmp_ref_vni(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	if (a->vni != b->vni)
		return a->vni < b->vni ? -1 : 1;
	return cmp_ref_pos(a, b);
}

static int cmp_ref_name(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : cmp_ref_pos(a, b);
}

static void cross_check(struct ctx *x, struct gwd_config *c)
{
	size_t nports = 0;
	for (size_t i = 0; i < c->nsegments; i++)
		nports += c->segments[i].nports;
	size_t cap = (c->nsegments > nports ? c->nsegments : nports) + 1;
	struct ref *r = calloc(cap, sizeof(*r));
	if (!r) {
		problem(x, "segments", "out of memory checking for duplicates");
		return;
	}
	char path[96];
	/* VNIs, then names. */
	for (int pass = 0; pass < 2; pass++) {
		size_t n = 0;
		for (size_t i = 0; i < c->nsegments; i++) {
			if (pass == 0 ? !c->segments[i].vni : !c->segments[i].name[0])
				continue;
			r[n++] = (struct ref){.vni = c->segments[i].vni, .name = c->segments[i].name,
					      .seg = i};
		}
		qsort(r, n, sizeof(*r), pass == 0 ? cmp_ref_vni : cmp_ref_name);
		for (size_t g = 0; g < n;) {
			size_t e = g + 1;
			while (e < n && (pass == 0 ? r[e].vni == r[g].vni : !strcmp(r[e].name, r[g].name)))
				e++;
			for (size_t i = g; i < e; i++)
				for (size_t j = i + 1; j < e; j++) {
					snprintf(path, sizeof(path), "segments[%zu]", r[j].seg);
					if (pass == 0)
						problem(x, path, "VNI %u is already used by segments[%zu]",
							r[j].vni, r[i].seg);
					else
						problem(x, path, "name '%s' is already used by segments[%zu]",
							r[j].name, r[i].seg);
				}
			g = e;
		}
	}
	/* Ports: a group is one port name; its bindings are compared pairwise. */
	size_t n = 0;
	for (size_t i = 0; i < c->nsegments; i++)
		for (size_t k = 0; k < c->segments[i].nports; k++)
			r[n++] = (struct ref){.name = c->segments[i].ports[k].name,
					      .vlan = c->segments[i].ports[k].vlan, .seg = i, .port = k};
	qsort(r, n, sizeof(*r), cmp_ref_name);
	for (size_t g = 0; g < n;) {
		size_t e = g + 1;
		while (e < n && !strcmp(r[e].name, r[g].name))
			e++;
		for (size_t i = g; i < e; i++)
			for (size_t j = i + 1; j < e; j++) {
				snprintf(path, sizeof(path), "segments[%zu].ports[%zu]", r[j].seg, r[j].port);
				if (r[i].vlan == r[j].vlan)
					problem(x, path, "%s%s%.0u is already bound in segments[%zu]",
						r[j].name, r[j].vlan ? " VLAN " : "", r[j].vlan, r[i].seg);
				else if (!r[i].vlan || !r[j].vlan)
					problem(x, path,
						"%s is bound whole in one place and per VLAN in another "
						"(segments[%zu])",
						r[j].name, r[i].seg);
			}
		g = e;
	}
	free(r);
}

static void parse_segments(struct ctx *x, json_t *root)
{
	static const char *const keys[] = {"vni", "name", "mtu", "ports", NULL};
	struct gwd_config *c = x->c;
	json_t *segs = json_object_get(root, "segments"), *it;
	size_t i;
	char p[64];
	if (!segs) {
		problem(x, "segments", "missing (an empty list is allowed)");
		return;
	}
	if (!json_is_array(segs) || json_array_size(segs) > GWD_MAX_SEGMENTS) {
		problem(x, "segments", "must be an array of at most %d objects", GWD_MAX_SEGMENTS);
		return;
	}
	c->segments = calloc(json_array_size(segs) + 1, sizeof(*c->segments));
	json_array_foreach(segs, i, it)
	{
		snprintf(p, sizeof(p), "segments[%zu]", i);
		if (!json_is_object(it)) {
			problem(x, p, "must be an object");
			continue;
		}
		only_keys(x, it, p, keys);
		struct gwd_segment *s = &c->segments[c->nsegments++];
		uint64_t v;
		char pp[96];
		if (get_uint(x, it, p, "vni", 0, UINT32_MAX, true, &v)) {
			struct vxerr err;
			if (vni_check((uint32_t)v, &err))
				problem(x, join(pp, sizeof(pp), p, "vni"), "%s", err.msg);
			else
				s->vni = (uint32_t)v;
		}
		const char *name = get_string(x, it, p, "name", GWD_NAME_MAX, true);
		if (name && !name_ok(name))
			problem(x, join(pp, sizeof(pp), p, "name"),
				"'%s' may only hold letters, digits, '_', '.', '-'", name);
		else if (name)
			strcpy(s->name, name);
		if (get_uint(x, it, p, "mtu", VTEP_MTU_MIN, 65535 - VTEP_OVERHEAD_V4, false, &v))
			s->mtu = (uint32_t)v;
		parse_ports(x, it, p, s);
	}
	/* Cross-segment rules: unique VNI and name; a port (+VLAN) in one segment only;
	 * a port bound whole is not also bound per VLAN. Checked within groups of equal
	 * keys after sorting, so thousands of segments cost n log n, not n^2. */
	cross_check(x, c);
	qsort(c->segments, c->nsegments, sizeof(*c->segments), cmp_seg);
}

static void parse_optional_sections(struct ctx *x, json_t *root)
{
	static const char *const fw_keys[] = {"vtep_allowlist", "static_vteps", NULL};
	static const char *const ipsec_keys[] = {"enabled", "psk_file", NULL};
	static const char *const snmp_keys[] = {"enabled", "agentx_socket", "frr_agentx", NULL};
	struct gwd_config *c = x->c;
	json_t *fw = get_object(x, root, "", "firewall", false);
	if (fw) {
		only_keys(x, fw, "firewall", fw_keys);
		const char *mode = get_string(x, fw, "firewall", "vtep_allowlist", 16, false);
		if (!mode || strcmp(mode, "evpn") == 0)
			c->allowlist = GWD_ALLOW_EVPN;
		else if (strcmp(mode, "static") == 0)
			c->allowlist = GWD_ALLOW_STATIC;
		else if (strcmp(mode, "off") == 0)
			c->allowlist = GWD_ALLOW_OFF;
		else
			problem(x, "firewall.vtep_allowlist", "'%s' is not evpn, static or off", mode);
		json_t *sv = json_object_get(fw, "static_vteps"), *it;
		size_t i;
		if (sv && (!json_is_array(sv) || json_array_size(sv) > GWD_MAX_PEERS))
			problem(x, "firewall.static_vteps", "must be an array of at most %d addresses",
				GWD_MAX_PEERS);
		else
			json_array_foreach(sv, i, it)
			{
				char p[64];
				struct vxerr err;
				snprintf(p, sizeof(p), "firewall.static_vteps[%zu]", i);
				if (!json_is_string(it) ||
				    ipaddr_parse_vtep(json_string_value(it), &c->static_vteps[c->nstatic_vteps], &err))
					problem(x, p, "%s", json_is_string(it) ? err.msg : "must be a string");
				else
					c->nstatic_vteps++;
			}
		if (c->allowlist == GWD_ALLOW_STATIC && c->nstatic_vteps == 0)
			problem(x, "firewall.static_vteps", "needed (non-empty) when vtep_allowlist is static");
	}
	json_t *ipsec = get_object(x, root, "", "ipsec", false);
	if (ipsec) {
		only_keys(x, ipsec, "ipsec", ipsec_keys);
		json_t *en = json_object_get(ipsec, "enabled");
		if (en && !json_is_boolean(en))
			problem(x, "ipsec.enabled", "must be true or false");
		c->ipsec_enabled = json_is_true(en);
		get_abs_path(x, ipsec, "ipsec", "psk_file", c->ipsec_psk_file);
		if (c->ipsec_enabled && !c->ipsec_psk_file[0])
			problem(x, "ipsec.psk_file", "needed when ipsec is enabled");
	}
	json_t *snmp = get_object(x, root, "", "snmp", false);
	if (snmp) {
		only_keys(x, snmp, "snmp", snmp_keys);
		json_t *en = json_object_get(snmp, "enabled");
		if (en && !json_is_boolean(en))
			problem(x, "snmp.enabled", "must be true or false");
		c->snmp_enabled = !en || json_is_true(en);
		const char *sock = get_string(x, snmp, "snmp", "agentx_socket", 255, false);
		strcpy(c->agentx_socket, sock ? sock : "/var/agentx/master");
		if (c->agentx_socket[0] != '/')
			problem(x, "snmp.agentx_socket", "must be an absolute path");
		json_t *fa = json_object_get(snmp, "frr_agentx");
		if (fa && !json_is_boolean(fa))
			problem(x, "snmp.frr_agentx", "must be true or false");
		c->frr_agentx = json_is_true(fa);
	}
}

int gwd_config_parse(const char *text, size_t len, struct gwd_config **out,
		     struct gwd_config_errors *errs)
{
	static const char *const keys[] = {"vtep", "bgp", "segments", "firewall", "ipsec", "snmp", NULL};
	memset(errs, 0, sizeof(*errs));
	*out = NULL;
	struct gwd_config *c = calloc(1, sizeof(*c));
	struct ctx x = {errs, c};
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!c) {
		problem(&x, "(file)", "out of memory");
	} else if (memchr(text, '\0', len)) {
		/* jansson skips a NUL between tokens; a C string of the file would end there. */
		problem(&x, "(file)", "contains a NUL byte at offset %zu",
			(size_t)((const char *)memchr(text, '\0', len) - text));
	} else if (!root) {
		problem(&x, "(file)", "line %d column %d: %s", jerr.line, jerr.column, jerr.text);
	} else if (!json_is_object(root)) {
		problem(&x, "(file)", "must be a JSON object");
	} else {
		only_keys(&x, root, "", keys);
		parse_vtep(&x, root);
		parse_bgp(&x, root);
		parse_segments(&x, root);
		parse_optional_sections(&x, root);
	}
	json_decref(root);
	if (errs->n || !c) {
		gwd_config_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

int gwd_config_load(const char *path, struct gwd_config **out, struct gwd_config_errors *errs)
{
	FILE *f = fopen(path, "rb");
	memset(errs, 0, sizeof(*errs));
	*out = NULL;
	if (!f) {
		struct ctx x = {errs, NULL};
		problem(&x, path, "%s", strerror(errno));
		return -1;
	}
	char *buf = malloc(16 << 20);
	size_t n = buf ? fread(buf, 1, 16 << 20, f) : 0;
	bool too_big = buf && n == (16u << 20);
	fclose(f);
	int rc;
	if (!buf || too_big) {
		struct ctx x = {errs, NULL};
		problem(&x, path, "%s", buf ? "larger than 16 MiB" : "out of memory");
		rc = -1;
	} else {
		rc = gwd_config_parse(buf, n, out, errs);
	}
	free(buf);
	return rc;
}

void gwd_config_free(struct gwd_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nsegments; i++)
		free(c->segments[i].ports);
	free(c->segments);
	free(c);
}

void gwd_config_errors_free(struct gwd_config_errors *errs)
{
	for (size_t i = 0; i < errs->n; i++)
		free(errs->msg[i]);
	free(errs->msg);
	memset(errs, 0, sizeof(*errs));
}
