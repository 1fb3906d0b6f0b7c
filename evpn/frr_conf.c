#include "frr_conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const role_names[] = {[FRR_ROLE_RR] = "rr", [FRR_ROLE_WORKER] = "worker",
					 [FRR_ROLE_GATEWAY] = "gateway"};

const char *frr_role_name(enum frr_role role)
{
	return role_names[role];
}

int frr_role_parse(const char *s, enum frr_role *role, struct vxerr *err)
{
	for (int r = FRR_ROLE_RR; r <= FRR_ROLE_GATEWAY; r++)
		if (s && strcmp(s, role_names[r]) == 0) {
			*role = (enum frr_role)r;
			return 0;
		}
	return vxerr_set(err, EINVAL, "role '%.32s' is not rr, worker or gateway", s ? s : "");
}

/* FRR's CLI would take a password with spaces or '!' as something else entirely. */
static int check_password(const char *pw, const char *what, struct vxerr *err)
{
	for (const char *p = pw; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == '!' || *p == '#')
			return vxerr_set(err, EINVAL,
					 "%s password contains a space, control character, '!' or '#'",
					 what);
	return 0;
}

static int check_hostname(const char *h, struct vxerr *err)
{
	size_t n = strlen(h);
	if (n == 0 || n > 63)
		return vxerr_set(err, EINVAL, "hostname must be 1-63 characters");
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '-' && h[i] != '.')
			return vxerr_set(err, EINVAL, "hostname '%s' may only hold letters, digits, "
						      "'-' and '.'",
					 h);
	return 0;
}

static int validate(const struct frr_conf *c, struct vxerr *err)
{
	char a[IPADDR_STRLEN];
	int rc;
	if ((rc = check_hostname(c->hostname, err)))
		return rc;
	if (c->asn == 0)
		return vxerr_set(err, EINVAL, "AS number 0 is reserved");
	if (c->router_id.family != AF_INET)
		return vxerr_set(err, EINVAL, "router id must be an IPv4 address");
	if ((rc = check_password(c->password, "RR session", err)))
		return rc;
	if (c->keepalive && (c->holdtime < 3 * c->keepalive || c->holdtime > 65535))
		return vxerr_set(err, EINVAL, "hold time %u must be at least 3 x keepalive %u",
				 c->holdtime, c->keepalive);
	if (c->role == FRR_ROLE_RR) {
		if (!c->listen_prefix.family)
			return vxerr_set(err, EINVAL, "rr role needs a listen range (prefix/len)");
		if (c->listen_len > (c->listen_prefix.family == AF_INET ? 32u : 128u))
			return vxerr_set(err, EINVAL, "listen range length %u too long", c->listen_len);
		if (c->cluster_id.family && c->cluster_id.family != AF_INET)
			return vxerr_set(err, EINVAL, "cluster id must be an IPv4 address");
		if (c->nrr || c->npeers)
			return vxerr_set(err, EINVAL, "rr role takes no route reflectors or peers");
		return 0;
	}
	if (c->nrr < 1 || c->nrr > FRR_MAX_PEERS)
		return vxerr_set(err, EINVAL, "%s role needs 1-%d route reflectors",
				 role_names[c->role], FRR_MAX_PEERS);
	for (int i = 0; i < c->nrr; i++) {
		if ((rc = ipaddr_check_vtep(&c->rr[i], err)))
			return vxerr_prefix(err, "route reflector %d", i + 1);
		for (int k = 0; k < i; k++)
			if (ipaddr_equal(&c->rr[i], &c->rr[k]))
				return vxerr_set(err, EINVAL, "route reflector %s listed twice",
						 ipaddr_format(&c->rr[i], a));
	}
	if (c->role == FRR_ROLE_WORKER && c->npeers)
		return vxerr_set(err, EINVAL, "worker role takes no physical-router peers");
	if (c->npeers < 0 || c->npeers > FRR_MAX_PEERS)
		return vxerr_set(err, EINVAL, "at most %d physical-router peers", FRR_MAX_PEERS);
	for (int i = 0; i < c->npeers; i++) {
		const struct frr_peer *p = &c->peer[i];
		if ((rc = ipaddr_check_vtep(&p->address, err)))
			return vxerr_prefix(err, "peer %d", i + 1);
		if ((rc = check_password(p->password, "peer", err)))
			return vxerr_prefix(err, "peer %s", ipaddr_format(&p->address, a));
		for (int k = 0; k < c->nrr; k++)
			if (ipaddr_equal(&p->address, &c->rr[k]))
				return vxerr_set(err, EINVAL, "peer %s is also a route reflector",
						 ipaddr_format(&p->address, a));
		for (int k = 0; k < i; k++)
			if (ipaddr_equal(&p->address, &c->peer[k].address))
				return vxerr_set(err, EINVAL, "peer %s listed twice",
						 ipaddr_format(&p->address, a));
	}
	return 0;
}

int frr_password_read(const char *path, char out[FRR_PASSWORD_MAX + 1], struct vxerr *err)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return vxerr_set(err, errno, "cannot read password file %s: %s", path, strerror(errno));
	char buf[FRR_PASSWORD_MAX + 3];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n == 0 || n > FRR_PASSWORD_MAX || strlen(buf) != n)
		return vxerr_set(err, EINVAL, "password file %s must hold one line of 1-%d characters",
				 path, FRR_PASSWORD_MAX);
	memcpy(out, buf, n + 1);
	return 0;
}

struct out {
	char *buf;
	size_t size, len;
	bool overflow;
};

static void emit(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->buf + o->len, o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0 || o->len + (size_t)n >= o->size)
		o->overflow = true;
	else
		o->len += (size_t)n;
}

static void emit_group(struct out *o, const char *group, uint32_t asn, const char *password,
		       unsigned ka, unsigned hold)
{
	emit(o, " neighbor %s peer-group\n", group);
	emit(o, " neighbor %s remote-as %u\n", group, asn);
	emit(o, " neighbor %s timers %u %u\n", group, ka, hold);
	if (*password)
		emit(o, " neighbor %s password %s\n", group, password);
}

int frr_conf_render(const struct frr_conf *c, char *buf, size_t size, struct vxerr *err)
{
	int rc = validate(c, err);
	if (rc)
		return rc;
	struct out o = {buf, size, 0, false};
	char a[IPADDR_STRLEN], b[IPADDR_STRLEN];
	unsigned ka = c->keepalive ? c->keepalive : 3, hold = c->keepalive ? c->holdtime : 9;

	emit(&o, "! Generated by vxgw (role %s). Changes made here are overwritten.\n",
	     role_names[c->role]);
	emit(&o, "frr defaults datacenter\n");
	emit(&o, "hostname %s\n", c->hostname);
	emit(&o, "log syslog informational\n");
	/* zebra's defaults, stated so a reload never turns forwarding off on a node that
	 * needs it (Kubernetes workers do). */
	if (c->agentx)
		emit(&o, "agentx\n");
	emit(&o, "ip forwarding\n");
	emit(&o, "ipv6 forwarding\n");
	emit(&o, "!\n");
	emit(&o, "router bgp %u\n", c->asn);
	emit(&o, " bgp router-id %s\n", ipaddr_format(&c->router_id, a));
	emit(&o, " no bgp default ipv4-unicast\n");
	if (c->role == FRR_ROLE_RR) {
		emit(&o, " bgp cluster-id %s\n",
		     ipaddr_format(c->cluster_id.family ? &c->cluster_id : &c->router_id, a));
		emit_group(&o, "fabric", c->asn, c->password, ka, hold);
		emit(&o, " bgp listen range %s/%u peer-group fabric\n",
		     ipaddr_format(&c->listen_prefix, b), c->listen_len);
		if (c->listen_limit)
			emit(&o, " bgp listen limit %u\n", c->listen_limit);
		emit(&o, " !\n address-family l2vpn evpn\n");
		emit(&o, "  neighbor fabric activate\n");
		emit(&o, "  neighbor fabric route-reflector-client\n");
		emit(&o, " exit-address-family\n");
	} else {
		emit_group(&o, "rr", c->asn, c->password, ka, hold);
		for (int i = 0; i < c->nrr; i++)
			emit(&o, " neighbor %s peer-group rr\n", ipaddr_format(&c->rr[i], a));
		for (int i = 0; i < c->npeers; i++) {
			const struct frr_peer *p = &c->peer[i];
			ipaddr_format(&p->address, a);
			emit(&o, " neighbor %s remote-as %u\n", a, p->asn ? p->asn : c->asn);
			emit(&o, " neighbor %s timers %u %u\n", a, ka, hold);
			if (p->password[0])
				emit(&o, " neighbor %s password %s\n", a, p->password);
			if (p->multihop)
				emit(&o, " neighbor %s ebgp-multihop %u\n", a, p->multihop);
		}
		emit(&o, " !\n address-family l2vpn evpn\n");
		emit(&o, "  neighbor rr activate\n");
		/* What a physical-router peer needs, as measured with FRR 8.4 on both ends
		 * (tests/ns/t_evpn_router.sh):
		 * - iBGP router: the gateway is a plain client of the cluster's RR, and iBGP
		 *   does not pass on what it learned over iBGP, so without this the router
		 *   never hears of the pods and the cluster never hears of the router's
		 *   hosts. As a route reflector for the router, the gateway passes routes
		 *   both ways with next hop and originator untouched (its own router id is
		 *   the cluster id, distinct from the RR's).
		 * - eBGP router: nothing extra. FRR keeps the next hop of EVPN routes it
		 *   passes on to any EVPN peer (next-hop-unchanged is on by default for
		 *   l2vpn evpn; saying so with "attribute-unchanged next-hop" is not shown in
		 *   the running config, so every apply would see a change), so MACs point at
		 *   the VTEP that has them, never at the gateway. Auto-derived route targets
		 *   (AS:VNI) are matched without their AS on import, so 65100:100 imports
		 *   into VNI 100 here and 65000:100 there; "autort rfc8365-compatible" would
		 *   instead change the RTs the workers must match. */
		for (int i = 0; i < c->npeers; i++) {
			const struct frr_peer *p = &c->peer[i];
			ipaddr_format(&p->address, a);
			emit(&o, "  neighbor %s activate\n", a);
			if (!p->asn || p->asn == c->asn)
				emit(&o, "  neighbor %s route-reflector-client\n", a);
		}
		emit(&o, "  advertise-all-vni\n");
		emit(&o, " exit-address-family\n");
	}
	emit(&o, "exit\n!\n");
	if (o.overflow) {
		if (size)
			buf[0] = '\0';
		return vxerr_set(err, ENOSPC, "rendered FRR configuration exceeds %zu bytes", size);
	}
	return 0;
}
