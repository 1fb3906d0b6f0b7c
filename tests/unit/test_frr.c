/* FRR roles: rendered configs against reviewed golden files; validation; state
 * parsing of recorded FRR 8.4 JSON (and malformed variants); frr-reload diff reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../evpn/frr_conf.h"
#include "../../evpn/frr_ctl.h"
#include "../../evpn/frr_state.h"

#ifndef DATA_DIR
#define DATA_DIR "tests/unit/data"
#endif

static char *slurp(const char *rel, size_t *len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", DATA_DIR, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static struct ipaddr ip(const char *s)
{
	struct ipaddr a;
	assert_int_equal(ipaddr_parse_vtep(s, &a, NULL), 0);
	return a;
}

static void golden(const struct frr_conf *c, const char *file)
{
	static char out[8192];
	struct vxerr err = {0};
	if (frr_conf_render(c, out, sizeof(out), &err))
		fail_msg("render: %s", err.msg);
	const char *want = slurp(file, NULL);
	if (strcmp(out, want) != 0)
		fail_msg("%s differs:\n--- got\n%s--- want\n%s", file, out, want);
}

static void render_rr(void **state)
{
	(void)state;
	struct frr_conf c = {.role = FRR_ROLE_RR, .asn = 65000, .listen_len = 24};
	strcpy(c.hostname, "rr");
	c.router_id = ip("10.0.0.1");
	c.listen_prefix = ip("10.0.0.0");
	golden(&c, "golden/rr.conf");
}

static void render_worker(void **state)
{
	(void)state;
	struct frr_conf c = {.role = FRR_ROLE_WORKER, .asn = 65000, .nrr = 2, .keepalive = 5,
			     .holdtime = 15};
	strcpy(c.hostname, "w1");
	c.router_id = ip("10.0.0.2");
	c.rr[0] = ip("10.0.0.1");
	c.rr[1] = ip("10.0.0.9");
	golden(&c, "golden/worker.conf");
}

static void render_gateway(void **state)
{
	(void)state;
	struct frr_conf c = {.role = FRR_ROLE_GATEWAY, .asn = 65000, .nrr = 1, .npeers = 2};
	strcpy(c.hostname, "gw");
	strcpy(c.password, "s3cret-Key");
	c.router_id = ip("10.0.0.4");
	c.rr[0] = ip("10.0.0.1");
	c.peer[0] = (struct frr_peer){.address = ip("10.1.0.1"), .asn = 65100, .multihop = 2};
	strcpy(c.peer[0].password, "s3cret-Key");
	c.peer[1] = (struct frr_peer){.address = ip("10.1.0.2")};
	golden(&c, "golden/gateway.conf");
}

/* A physical router in our own AS, whether its AS is given or left out, is a route-
 * reflector client of the gateway (else iBGP would not pass routes between it and the
 * cluster's RR); an eBGP router gets no such line and nothing that touches next hops. */
static void render_gateway_router_sessions(void **state)
{
	(void)state;
	static char out[8192];
	struct vxerr err = {0};
	struct frr_conf c = {.role = FRR_ROLE_GATEWAY, .asn = 65000, .nrr = 1, .npeers = 3};
	strcpy(c.hostname, "gw");
	c.router_id = ip("10.0.0.4");
	c.rr[0] = ip("10.0.0.1");
	c.peer[0] = (struct frr_peer){.address = ip("10.1.0.1"), .asn = 65100};
	c.peer[1] = (struct frr_peer){.address = ip("10.1.0.2"), .asn = 65000};
	c.peer[2] = (struct frr_peer){.address = ip("10.1.0.3")};
	assert_int_equal(frr_conf_render(&c, out, sizeof(out), &err), 0);
	assert_non_null(strstr(out, " neighbor 10.1.0.2 remote-as 65000\n"));
	assert_non_null(strstr(out, " neighbor 10.1.0.3 remote-as 65000\n"));
	assert_non_null(strstr(out, "  neighbor 10.1.0.2 route-reflector-client\n"));
	assert_non_null(strstr(out, "  neighbor 10.1.0.3 route-reflector-client\n"));
	assert_null(strstr(out, "10.1.0.1 route-reflector-client"));
	assert_null(strstr(out, "next-hop"));
	assert_null(strstr(out, "attribute-unchanged"));
	assert_null(strstr(out, "autort"));
	/* Only the gateway's own physical peers: the RR group is never a client here. */
	assert_null(strstr(out, "neighbor rr route-reflector-client"));
}

static void render_rejects_bad_input(void **state)
{
	(void)state;
	static char out[8192];
	struct frr_conf base = {.role = FRR_ROLE_WORKER, .asn = 65000, .nrr = 1};
	strcpy(base.hostname, "w1");
	base.router_id = ip("10.0.0.2");
	base.rr[0] = ip("10.0.0.1");
	struct frr_conf c;
	struct vxerr err;
#define BAD(stmt, text)                                                                       \
	do {                                                                                  \
		c = base;                                                                     \
		stmt;                                                                         \
		strcpy(out, "untouched");                                                     \
		assert_int_equal(frr_conf_render(&c, out, sizeof(out), &err), -EINVAL);       \
		if (!strstr(err.msg, text))                                                   \
			fail_msg("'%s' lacks '%s'", err.msg, text);                           \
		assert_string_equal(out, "untouched");                                        \
	} while (0)
	BAD(c.asn = 0, "AS number 0");
	BAD(c.router_id = ip("2001:db8::1"), "router id must be an IPv4");
	BAD(strcpy(c.hostname, "a b"), "hostname 'a b'");
	BAD(c.hostname[0] = '\0', "hostname must be");
	BAD(c.nrr = 0, "needs 1-32 route reflectors");
	BAD((c.nrr = 2, c.rr[1] = c.rr[0]), "listed twice");
	BAD(strcpy(c.password, "with space"), "password contains");
	BAD(strcpy(c.password, "bang!"), "password contains");
	BAD((c.npeers = 1, c.peer[0].address = ip("10.1.0.1")), "worker role takes no");
	BAD((c.role = FRR_ROLE_GATEWAY, c.npeers = 1, c.peer[0].address = c.rr[0]),
	    "also a route reflector");
	BAD((c.keepalive = 10, c.holdtime = 20), "at least 3 x keepalive");
	BAD(c.role = FRR_ROLE_RR, "rr role needs a listen range");
	BAD((c.role = FRR_ROLE_RR, c.listen_prefix = ip("10.0.0.0"), c.listen_len = 24),
	    "rr role takes no route reflectors");
	/* Too small a buffer: error, and the buffer holds no partial config. */
	c = base;
	assert_int_equal(frr_conf_render(&c, out, 64, &err), -ENOSPC);
	assert_string_equal(out, "");
	enum frr_role r;
	assert_int_equal(frr_role_parse("gateway", &r, &err), 0);
	assert_int_equal(r, FRR_ROLE_GATEWAY);
	assert_int_equal(frr_role_parse("router", &r, &err), -EINVAL);
}

static void parse_peers_recorded(void **state)
{
	(void)state;
	struct frr_peer_state p[8];
	size_t n, len;
	struct vxerr err;
	char *j = slurp("frr/rr-evpn-summary.json", &len);
	assert_int_equal(frr_parse_peers(j, len, p, 8, &n, &err), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		assert_true(p[i].established);
		assert_true(p[i].dynamic);
		assert_int_equal(p[i].remote_as, 65000);
		assert_int_equal(p[i].address.family, AF_INET);
	}
	assert_true(strcmp(p[0].hostname, "w1") == 0 || strcmp(p[1].hostname, "w1") == 0);
	j = slurp("frr/w1-evpn-summary.json", &len);
	assert_int_equal(frr_parse_peers(j, len, p, 8, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "10.90.0.1");
	assert_false(p[0].dynamic);
	assert_int_equal(frr_parse_peers("{}", 2, p, 8, &n, &err), 0);
	assert_int_equal(n, 0);
	j = slurp("frr/rr-evpn-summary.json", &len);
	assert_int_equal(frr_parse_peers(j, len, p, 1, &n, &err), -E2BIG);
}

static void parse_vnis_recorded(void **state)
{
	(void)state;
	struct frr_vni_state v[8];
	size_t n, len;
	struct vxerr err;
	char *j = slurp("frr/w2-evpn-vni.json", &len);
	assert_int_equal(frr_parse_vnis(j, len, v, 8, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].vni, 100); /* sorted */
	assert_int_equal(v[1].vni, 200);
	assert_string_equal(v[0].vxlan_if, "vx100");
	assert_int_equal(v[0].nremote_vteps, 1);
	/* Per-VNI output carries the list under numRemoteVteps. */
	j = slurp("frr/w1-evpn-vni-100.json", &len);
	static char wrapped[4096];
	snprintf(wrapped, sizeof(wrapped), "{\"100\":%s}", j);
	assert_int_equal(frr_parse_vnis(wrapped, strlen(wrapped), v, 8, &n, &err), 0);
	assert_int_equal(v[0].nremote_vteps, 1);
	char a[IPADDR_STRLEN];
	assert_string_equal(ipaddr_format(&v[0].remote_vtep[0], a), "10.90.0.3");
	/* FRR prints nothing when there are no VNIs. */
	j = slurp("frr/rr-evpn-vni-empty.txt", &len);
	assert_int_equal(frr_parse_vnis(j, len, v, 8, &n, &err), 0);
	assert_int_equal(n, 0);
	/* MAC counts. */
	j = slurp("frr/w1-evpn-vni.json", &len);
	assert_int_equal(frr_parse_vnis(j, len, v, 8, &n, &err), 0);
	j = slurp("frr/w1-evpn-mac.json", &len);
	assert_int_equal(frr_parse_macs(j, len, v, n, &err), 0);
	assert_int_equal(v[0].local_macs, 1);
	assert_int_equal(v[0].remote_macs, 1);
}

static void parse_rejects_malformed(void **state)
{
	(void)state;
	struct frr_vni_state v[4];
	struct frr_peer_state p[4];
	size_t n;
	struct vxerr err;
	static const char *const bad_vnis[] = {
		"[1]", "{\"100\":1}", "{\"100\":{\"vni\":0}}", "{\"100\":{\"vni\":16777216}}",
		"{\"100\":{\"vni\":\"100\"}}", "{\"100\":{\"vni\":100,\"remoteVteps\":[\"x\"]}}",
		"{\"100\":{\"vni\":100,\"remoteVteps\":[7]}}", "% Unknown command: show evpn",
		"{\"100\":{\"vni\":100}"};
	for (size_t i = 0; i < sizeof(bad_vnis) / sizeof(bad_vnis[0]); i++) {
		if (frr_parse_vnis(bad_vnis[i], strlen(bad_vnis[i]), v, 4, &n, &err) == 0)
			fail_msg("accepted %s", bad_vnis[i]);
	}
	static const char *const bad_peers[] = {"{\"peers\":[]}", "{\"peers\":{\"x\":1}}",
						"{\"peers\":{\"10.0.0.1\":{}}}", "null"};
	for (size_t i = 0; i < sizeof(bad_peers) / sizeof(bad_peers[0]); i++)
		if (frr_parse_peers(bad_peers[i], strlen(bad_peers[i]), p, 4, &n, &err) == 0)
			fail_msg("accepted %s", bad_peers[i]);
	assert_int_equal(frr_parse_macs("{\"x\":{}}", 8, v, 0, &err), -EBADMSG);
	assert_int_equal(frr_parse_macs("{\"100\":{\"macs\":[]}}", 20, v, 0, &err), -EBADMSG);
}

static void reload_diff_ignores_unmanaged_lines(void **state)
{
	(void)state;
	char diff[1024];
	const char *same = "\nLines To Delete\n===============\nno hostname vm\nip forwarding\n\n"
			   "Lines To Add\n============\nhostname rr\nipv6 forwarding\n";
	assert_int_equal(frr_reload_diff(same, diff, sizeof(diff)), 0);
	const char *changed = "\nLines To Delete\n===============\nrouter bgp 65000\n no bgp "
			      "listen range 10.0.0.0/24 peer-group fabric\n\nLines To Add\n=====\n"
			      "router bgp 65000\n bgp listen range 10.0.0.0/16 peer-group fabric\n";
	assert_int_equal(frr_reload_diff(changed, diff, sizeof(diff)), 2);
	assert_non_null(strstr(diff, "+  bgp listen range 10.0.0.0/16"));
	assert_int_equal(frr_reload_diff("", diff, sizeof(diff)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_rr),
		cmocka_unit_test(render_worker),
		cmocka_unit_test(render_gateway),
		cmocka_unit_test(render_gateway_router_sessions),
		cmocka_unit_test(render_rejects_bad_input),
		cmocka_unit_test(parse_peers_recorded),
		cmocka_unit_test(parse_vnis_recorded),
		cmocka_unit_test(parse_rejects_malformed),
		cmocka_unit_test(reload_diff_ignores_unmanaged_lines),
	};
	return cmocka_run_group_tests_name("frr", tests, NULL, NULL);
}
