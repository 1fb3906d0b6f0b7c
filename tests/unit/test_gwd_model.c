/* gwd_model: VXGW-MIB rows built from a configuration, a hand-made node (VTEPs, links)
 * and a hand-made FDB; and the notification events between two models. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../../gwd/gwd_model.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif
#define UP (IFF_UP | IFF_LOWER_UP)

/* VNI 100: every binding state; 200: IPv6 peer, VXLAN device without stats;
 * 300: bridge only (missing); 400: VXLAN device down; 500: no devices at all. */
static const char cfg_json[] =
	"{\"vtep\": {\"address\": \"10.0.0.4\", \"port\": 4789},"
	" \"bgp\": {\"asn\": 65000, \"router_id\": \"10.0.0.4\","
	"  \"route_reflectors\": [{\"address\": \"10.0.0.1\"}]},"
	" \"segments\": ["
	"  {\"vni\": 100, \"name\": \"core\", \"ports\": [{\"port\": \"eth1\"}, {\"port\": \"eth2\", \"vlan\": 10},"
	"    {\"port\": \"eth9\"}, {\"port\": \"eth10\"}]},"
	"  {\"vni\": 200, \"name\": \"lab\", \"ports\": [{\"port\": \"eth2\", \"vlan\": 20}, {\"port\": \"eth3\"}]},"
	"  {\"vni\": 300, \"name\": \"half\", \"ports\": [{\"port\": \"eth4\"}]},"
	"  {\"vni\": 400, \"name\": \"down\"},"
	"  {\"vni\": 500, \"name\": \"nothing\"}"
	" ],"
	" \"firewall\": {\"vtep_allowlist\": \"evpn\"},"
	" \"ipsec\": {\"enabled\": false},"
	" \"snmp\": {\"enabled\": true, \"agentx_socket\": \"/var/agentx/master\"}}";

static struct gwd_config *config(void)
{
	struct gwd_config *c = NULL;
	struct gwd_config_errors e = {0};
	int rc = gwd_config_parse(cfg_json, strlen(cfg_json), &c, &e);
	for (size_t i = 0; i < e.n; i++)
		print_message("config: %s\n", e.msg[i]);
	assert_int_equal(rc, 0);
	gwd_config_errors_free(&e);
	return c;
}

/* ---- the node ---------------------------------------------------------------------- */

static int cmp_link_name(const void *a, const void *b)
{
	return strcmp((*(struct link_state *const *)a)->name, (*(struct link_state *const *)b)->name);
}

static void add_link(struct gwd_node *n, int ifindex, const char *name, unsigned flags, int master)
{
	if (n->links.n == n->links.cap) {
		n->links.cap = n->links.cap ? 2 * n->links.cap : 16;
		n->links.v = realloc(n->links.v, n->links.cap * sizeof(*n->links.v));
		assert_non_null(n->links.v);
	}
	struct link_state *l = &n->links.v[n->links.n++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifindex;
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->flags = flags;
	l->master = master;
}

/* by_name as gwd_node_read builds it (after all links are added: pointers into links.v). */
static void index_links(struct gwd_node *n)
{
	free(n->by_name);
	n->by_name = malloc((n->links.n + 1) * sizeof(*n->by_name));
	assert_non_null(n->by_name);
	for (size_t i = 0; i < n->links.n; i++)
		n->by_name[i] = &n->links.v[i];
	qsort(n->by_name, n->links.n, sizeof(*n->by_name), cmp_link_name);
}

static struct link_state *link_named(struct gwd_node *n, const char *name)
{
	for (size_t i = 0; i < n->links.n; i++)
		if (!strcmp(n->links.v[i].name, name))
			return &n->links.v[i];
	fail_msg("no link %s", name);
	return NULL;
}

static struct vtep_info vtep(uint32_t vni, int vx, int br, bool vx_up)
{
	struct vtep_info v = {.vni = vni, .vxlan_ifindex = vx, .bridge_ifindex = br, .vxlan_up = vx_up,
			      .bridge_up = true, .enslaved = vx && br, .port = 4789};
	snprintf(v.vxlan_name, sizeof(v.vxlan_name), "vx%u", vni);
	snprintf(v.bridge_name, sizeof(v.bridge_name), "br%u", vni);
	return v;
}

static void node(struct gwd_node *n)
{
	memset(n, 0, sizeof(*n));
	n->vteps = calloc(4, sizeof(*n->vteps));
	n->vteps[n->nvteps++] = vtep(100, 11, 21, true);
	n->vteps[n->nvteps++] = vtep(200, 12, 22, true);
	n->vteps[n->nvteps++] = vtep(300, 0, 23, false); /* VXLAN device missing */
	n->vteps[n->nvteps++] = vtep(400, 14, 24, false);
	add_link(n, 1, "lo", IFF_UP, 0);
	add_link(n, 11, "vx100", UP, 21);
	add_link(n, 21, "br100", UP, 0);
	add_link(n, 12, "vx200", UP, 22);
	add_link(n, 22, "br200", UP, 0);
	add_link(n, 23, "br300", UP, 0);
	add_link(n, 14, "vx400", IFF_UP, 24);
	add_link(n, 24, "br400", UP, 0);
	add_link(n, 31, "eth1", UP, 21);
	add_link(n, 32, "eth2", UP, 0);
	add_link(n, 33, "eth2.10", UP, 21);
	add_link(n, 34, "eth9", IFF_UP, 21);      /* no carrier: down */
	add_link(n, 35, "eth2.20", UP, 22);
	add_link(n, 36, "eth3", UP, 99);          /* in someone else's bridge: unbound */
	add_link(n, 37, "eth4", UP, 0);           /* not enslaved: unbound */
	add_link(n, 99, "br-other", UP, 0);
	/* eth10 does not exist: absent */
	struct link_state *vx = link_named(n, "vx100");
	vx->has_stats = true;
	vx->stats.rx_packets = 0x123456789abcull;
	vx->stats.rx_bytes = 0xfedcba9876543210ull;
	vx->stats.tx_packets = 7;
	vx->stats.tx_bytes = UINT64_MAX;
	vx = link_named(n, "vx200");
	vx->stats.rx_packets = 55; /* has_stats false: not used */
	index_links(n);
}

/* ---- the FDB ----------------------------------------------------------------------- */

static void add_fdb(struct fdb_vec *f, int ifindex, int master, const char *mac, const char *dst,
		    uint16_t state, uint8_t flags)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		f->v = realloc(f->v, f->cap * sizeof(*f->v));
		assert_non_null(f->v);
	}
	struct fdb_entry *e = &f->v[f->n++];
	memset(e, 0, sizeof(*e));
	e->ifindex = ifindex;
	e->master = master;
	unsigned m[6];
	assert_int_equal(sscanf(mac, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]), 6);
	for (int i = 0; i < 6; i++)
		e->mac[i] = (uint8_t)m[i];
	if (dst)
		assert_true(ipaddr_parse_any(dst, &e->dst));
	e->state = state;
	e->flags = flags;
}

#define ZERO "00:00:00:00:00:00"
#define REMOTE_FLAGS (NTF_SELF | NTF_MASTER | NTF_EXT_LEARNED)
#define FLOOD_STATE (NUD_PERMANENT | NUD_NOARP)

static void fdb(struct fdb_vec *f)
{
	memset(f, 0, sizeof(*f));
	/* VNI 100 (vx100 = 11, br100 = 21) */
	add_fdb(f, 31, 21, "02:00:00:00:01:01", NULL, NUD_REACHABLE, 0);           /* local */
	add_fdb(f, 33, 21, "02:00:00:00:01:02", NULL, NUD_NOARP, 0);               /* local, static */
	add_fdb(f, 31, 21, "02:00:00:00:01:31", NULL, NUD_PERMANENT, 0);           /* eth1's own */
	add_fdb(f, 21, 0, "33:33:00:00:00:01", NULL, NUD_PERMANENT, NTF_SELF);     /* br100's list */
	add_fdb(f, 31, 0, "01:00:5e:00:00:01", NULL, NUD_PERMANENT, NTF_SELF);     /* eth1's list */
	add_fdb(f, 11, 21, "02:00:00:00:00:11", NULL, NUD_PERMANENT, 0);           /* vx100's own */
	add_fdb(f, 11, 21, "02:aa:00:00:00:01", "10.0.0.7", NUD_REACHABLE, REMOTE_FLAGS);
	add_fdb(f, 11, 0, ZERO, "10.0.0.7", FLOOD_STATE, NTF_SELF);
	add_fdb(f, 11, 21, "02:aa:00:00:00:02", "10.0.0.7", NUD_REACHABLE, REMOTE_FLAGS);
	add_fdb(f, 11, 0, ZERO, "10.0.0.8", FLOOD_STATE, NTF_SELF);
	add_fdb(f, 11, 0, ZERO, "10.0.0.7", FLOOD_STATE, NTF_SELF); /* a duplicate record */
	add_fdb(f, 11, 21, "02:aa:00:00:00:03", "10.0.0.8", NUD_REACHABLE, REMOTE_FLAGS);
	add_fdb(f, 11, 0, "02:aa:00:00:00:04", "10.0.0.7", NUD_REACHABLE, NTF_SELF | NTF_EXT_LEARNED);
	/* VNI 200 (vx200 = 12, br200 = 22): an IPv6 VTEP */
	add_fdb(f, 35, 22, "02:00:00:00:02:01", NULL, NUD_STALE, 0);               /* local */
	add_fdb(f, 12, 0, ZERO, "2001:db8::9", FLOOD_STATE, NTF_SELF);
	add_fdb(f, 12, 0, ZERO, "10.0.0.7", FLOOD_STATE, NTF_SELF);
	add_fdb(f, 12, 22, "02:bb:00:00:00:01", "2001:db8::9", NUD_REACHABLE, REMOTE_FLAGS);
	add_fdb(f, 12, 22, "02:bb:00:00:00:02", "10.0.0.7", NUD_REACHABLE, REMOTE_FLAGS);
	add_fdb(f, 12, 22, "02:bb:00:00:00:03", NULL, NUD_REACHABLE, NTF_MASTER); /* dst unknown */
	/* VNI 400: a remote MAC without a flood entry of its VTEP */
	add_fdb(f, 14, 24, "02:cc:00:00:00:01", "10.0.0.20", NUD_REACHABLE, REMOTE_FLAGS);
	/* devices gwd does not own */
	add_fdb(f, 36, 99, "02:dd:00:00:00:01", NULL, NUD_REACHABLE, 0);
	add_fdb(f, 77, 0, ZERO, "10.9.9.9", FLOOD_STATE, NTF_SELF);
}

/* ---- helpers ------------------------------------------------------------------------ */

static const struct gwd_mib_vni *vni_of(const struct gwd_mib_model *m, uint32_t vni)
{
	for (size_t i = 0; i < m->nvnis; i++)
		if (m->vnis[i].vni == vni)
			return &m->vnis[i];
	fail_msg("no VNI %u", vni);
	return NULL;
}

static const struct gwd_mib_binding *binding_of(const struct gwd_mib_model *m, uint32_t vni,
						const char *port, uint16_t vlan)
{
	for (size_t i = 0; i < m->nbindings; i++)
		if (m->bindings[i].vni == vni && !strcmp(m->bindings[i].port, port) &&
		    m->bindings[i].vlan == vlan)
			return &m->bindings[i];
	fail_msg("no binding %u/%s/%u", vni, port, vlan);
	return NULL;
}

static struct gwd_mib_peer peer_key(const char *addr)
{
	struct gwd_mib_peer p = {0};
	if (inet_pton(AF_INET, addr, p.addr) == 1)
		p.type = 1;
	else if (inet_pton(AF_INET6, addr, p.addr) == 1)
		p.type = 2;
	else
		fail_msg("bad address %s", addr);
	return p;
}

static const struct gwd_mib_peer *peer_of(const struct gwd_mib_model *m, const char *addr)
{
	struct gwd_mib_peer k = peer_key(addr);
	for (size_t i = 0; i < m->npeers; i++)
		if (gwd_mib_peer_cmp(&m->peers[i], &k) == 0)
			return &m->peers[i];
	return NULL;
}

static const struct gwd_model_status status = {.generation = 7, .last_apply = 1700000000, .last_ok = true};

static void build(const struct gwd_config *c, const struct gwd_node *n, const struct fdb_vec *f,
		  const struct gwd_mib_model *prev, uint64_t now, struct gwd_mib_model *out)
{
	assert_int_equal(gwd_model_build(c, n, f, &status, prev, now, out), 0);
	/* sorted in index order */
	for (size_t i = 1; i < out->nvnis; i++)
		assert_true(out->vnis[i - 1].vni < out->vnis[i].vni);
	for (size_t i = 1; i < out->nbindings; i++)
		assert_true(gwd_mib_binding_cmp(&out->bindings[i - 1], &out->bindings[i]) < 0);
	for (size_t i = 1; i < out->npeers; i++)
		assert_true(gwd_mib_peer_cmp(&out->peers[i - 1], &out->peers[i]) < 0);
}

/* ---- build --------------------------------------------------------------------------- */

static void vni_rows(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	struct fdb_vec f;
	node(&n);
	fdb(&f);
	struct gwd_mib_model m;
	build(c, &n, &f, NULL, 1000, &m);
	assert_int_equal(m.nvnis, 5);
	assert_int_equal(m.generation, 7);
	assert_int_equal(m.last_apply, 1700000000);
	assert_int_equal(m.last_result, 1);
	assert_string_equal(m.last_error, "");
	assert_int_equal(m.now_ms, 1000);

	const struct gwd_mib_vni *v = vni_of(&m, 100);
	assert_string_equal(v->name, "core");
	assert_int_equal(v->oper, MIB_OPER_UP);
	assert_int_equal(v->vxlan_ifindex, 11);
	assert_int_equal(v->bridge_ifindex, 21);
	assert_int_equal(v->local_macs, 2);
	assert_int_equal(v->remote_macs, 4);
	assert_int_equal(v->remote_vteps, 2); /* 10.0.0.7 (twice in the list) and 10.0.0.8 */
	assert_true(v->in_pkts == 0x123456789abcull);
	assert_true(v->in_octets == 0xfedcba9876543210ull);
	assert_true(v->out_pkts == 7);
	assert_true(v->out_octets == UINT64_MAX);
	assert_int_equal(v->discontinuity, 0);

	v = vni_of(&m, 200);
	assert_string_equal(v->name, "lab");
	assert_int_equal(v->oper, MIB_OPER_UP);
	assert_int_equal(v->local_macs, 1);
	assert_int_equal(v->remote_macs, 3); /* including the one whose dst is unknown */
	assert_int_equal(v->remote_vteps, 2);
	assert_true(v->in_pkts == 0 && v->in_octets == 0 && v->out_pkts == 0 && v->out_octets == 0);

	v = vni_of(&m, 300);
	assert_int_equal(v->oper, MIB_OPER_MISSING);
	assert_int_equal(v->vxlan_ifindex, 0);
	assert_int_equal(v->bridge_ifindex, 23);
	assert_int_equal(v->local_macs + v->remote_macs + v->remote_vteps, 0);

	v = vni_of(&m, 400);
	assert_int_equal(v->oper, MIB_OPER_DOWN);
	assert_int_equal(v->vxlan_ifindex, 14);
	assert_int_equal(v->remote_macs, 1);
	assert_int_equal(v->remote_vteps, 0); /* not in its flood list */

	v = vni_of(&m, 500);
	assert_int_equal(v->oper, MIB_OPER_MISSING);
	assert_int_equal(v->vxlan_ifindex, 0);
	assert_int_equal(v->bridge_ifindex, 0);

	/* failed apply status */
	gwd_mib_free(&m);
	struct gwd_model_status st = {.generation = 8, .last_ok = false, .last_error = "segments[0]: no"};
	assert_int_equal(gwd_model_build(c, &n, NULL, &st, NULL, 5, &m), 0);
	assert_int_equal(m.last_result, 2);
	assert_string_equal(m.last_error, "segments[0]: no");
	assert_int_equal(m.last_apply, 0);
	assert_int_equal(m.npeers, 0); /* no FDB at all */
	assert_int_equal(vni_of(&m, 100)->local_macs, 0);
	gwd_mib_free(&m);
	free(f.v);
	gwd_node_free(&n);
	gwd_config_free(c);
}

static void binding_rows(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	node(&n);
	struct gwd_mib_model m;
	build(c, &n, NULL, NULL, 1000, &m);
	assert_int_equal(m.nbindings, 7);
	/* index order: VNI, then name length, name, VLAN */
	static const struct {
		uint32_t vni;
		const char *port;
		uint16_t vlan;
		int ifindex, oper;
	} want[] = {
		{100, "eth1", 0, 31, MIB_BIND_UP},       {100, "eth2", 10, 33, MIB_BIND_UP},
		{100, "eth9", 0, 34, MIB_BIND_DOWN},     {100, "eth10", 0, 0, MIB_BIND_ABSENT},
		{200, "eth2", 20, 35, MIB_BIND_UP},      {200, "eth3", 0, 36, MIB_BIND_UNBOUND},
		{300, "eth4", 0, 37, MIB_BIND_UNBOUND},
	};
	for (size_t i = 0; i < 7; i++) {
		const struct gwd_mib_binding *b = &m.bindings[i];
		assert_int_equal(b->vni, want[i].vni);
		assert_string_equal(b->port, want[i].port);
		assert_int_equal(b->vlan, want[i].vlan);
		assert_int_equal(b->ifindex, want[i].ifindex);
		assert_int_equal(b->oper, want[i].oper);
	}
	gwd_mib_free(&m);

	/* the VLAN interface missing while its port exists: unbound, ifindex 0; a VLAN
	 * interface without carrier: down */
	snprintf(link_named(&n, "eth2.10")->name, IFNAMSIZ, "zz-gone");
	link_named(&n, "eth2.20")->flags = IFF_UP;
	index_links(&n);
	build(c, &n, NULL, NULL, 1000, &m);
	assert_int_equal(binding_of(&m, 100, "eth2", 10)->oper, MIB_BIND_UNBOUND);
	assert_int_equal(binding_of(&m, 100, "eth2", 10)->ifindex, 0);
	assert_int_equal(binding_of(&m, 200, "eth2", 20)->oper, MIB_BIND_DOWN);
	assert_int_equal(binding_of(&m, 200, "eth2", 20)->ifindex, 35);
	gwd_mib_free(&m);
	gwd_node_free(&n);
	gwd_config_free(c);
}

static void peer_rows(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	struct fdb_vec f;
	node(&n);
	fdb(&f);
	struct gwd_mib_model m;
	build(c, &n, &f, NULL, 1000, &m);
	assert_int_equal(m.npeers, 4); /* 10.9.9.9 is on a device gwd does not own */
	const char *order[] = {"10.0.0.7", "10.0.0.8", "10.0.0.20", "2001:db8::9"};
	for (size_t i = 0; i < 4; i++) {
		struct gwd_mib_peer k = peer_key(order[i]);
		assert_int_equal(gwd_mib_peer_cmp(&m.peers[i], &k), 0);
		assert_int_equal(m.peers[i].ipsec, MIB_IPSEC_NONE);
		assert_int_equal(m.peers[i].since_ms, 1000);
	}
	const struct gwd_mib_peer *p = peer_of(&m, "10.0.0.7");
	assert_int_equal(p->type, 1);
	assert_int_equal(p->vnis, 2); /* VNI 100 counted once despite two flood records and MACs */
	assert_int_equal(p->macs, 4); /* 3 in VNI 100, 1 in VNI 200 */
	p = peer_of(&m, "10.0.0.8");
	assert_int_equal(p->vnis, 1);
	assert_int_equal(p->macs, 1);
	p = peer_of(&m, "10.0.0.20");
	assert_int_equal(p->vnis, 0);
	assert_int_equal(p->macs, 1);
	p = peer_of(&m, "2001:db8::9");
	assert_int_equal(p->type, 2);
	assert_int_equal(p->vnis, 1);
	assert_int_equal(p->macs, 1);
	assert_null(peer_of(&m, "10.9.9.9"));
	gwd_mib_free(&m);

	/* whatever the order of the FDB records, the same counts */
	for (size_t i = 0; i < f.n / 2; i++) {
		struct fdb_entry t = f.v[i];
		f.v[i] = f.v[f.n - 1 - i];
		f.v[f.n - 1 - i] = t;
	}
	build(c, &n, &f, NULL, 1000, &m);
	assert_int_equal(peer_of(&m, "10.0.0.7")->vnis, 2);
	assert_int_equal(peer_of(&m, "10.0.0.7")->macs, 4);
	assert_int_equal(vni_of(&m, 100)->remote_vteps, 2);
	assert_int_equal(vni_of(&m, 100)->local_macs, 2);
	gwd_mib_free(&m);

	/* many MACs of one VTEP and VNI around its flood records: the VNI counts once */
	struct fdb_vec g = {0};
	for (int i = 0; i < 200; i++) {
		char mac[18];
		snprintf(mac, sizeof(mac), "02:ee:00:00:%02x:%02x", i >> 8, i & 0xff);
		add_fdb(&g, 11, 21, mac, "10.0.0.7", NUD_REACHABLE, REMOTE_FLAGS);
		if (i % 50 == 0)
			add_fdb(&g, 11, 0, ZERO, "10.0.0.7", FLOOD_STATE, NTF_SELF);
	}
	build(c, &n, &g, NULL, 1000, &m);
	assert_int_equal(m.npeers, 1);
	assert_int_equal(m.peers[0].vnis, 1);
	assert_int_equal(m.peers[0].macs, 200);
	assert_int_equal(vni_of(&m, 100)->remote_vteps, 1);
	assert_int_equal(vni_of(&m, 100)->remote_macs, 200);
	gwd_mib_free(&m);
	free(g.v);
	free(f.v);
	gwd_node_free(&n);
	gwd_config_free(c);
}

static void carried_over_from_prev(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	struct fdb_vec f;
	node(&n);
	fdb(&f);
	struct gwd_mib_model m1, m2, m3;
	build(c, &n, &f, NULL, 1000, &m1);
	/* later: a new VTEP, vx100 re-created with a new ifindex, vx400 gone */
	add_fdb(&f, 12, 0, ZERO, "10.0.0.99", FLOOD_STATE, NTF_SELF);
	n.vteps[0].vxlan_ifindex = 111;
	link_named(&n, "vx100")->ifindex = 111;
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].ifindex == 11)
			f.v[i].ifindex = 111;
	n.vteps[3].vxlan_ifindex = 0; /* vx400 deleted, and its FDB with it */
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].ifindex == 14)
			f.v[i--] = f.v[--f.n];
	build(c, &n, &f, &m1, 54321, &m2);
	assert_int_equal(peer_of(&m2, "10.0.0.7")->since_ms, 1000);
	assert_int_equal(peer_of(&m2, "2001:db8::9")->since_ms, 1000);
	assert_int_equal(peer_of(&m2, "10.0.0.99")->since_ms, 54321);
	assert_null(peer_of(&m2, "10.0.0.20")); /* its only MAC was on vx400 */
	assert_int_equal(vni_of(&m2, 100)->discontinuity, 5432);
	assert_int_equal(vni_of(&m2, 100)->vxlan_ifindex, 111);
	assert_true(vni_of(&m2, 100)->in_pkts == 0x123456789abcull);
	assert_int_equal(vni_of(&m2, 100)->remote_vteps, 2);
	assert_int_equal(vni_of(&m2, 200)->discontinuity, 0);
	assert_int_equal(vni_of(&m2, 400)->discontinuity, 5432); /* the device went away */
	assert_int_equal(vni_of(&m2, 400)->oper, MIB_OPER_MISSING);
	assert_int_equal(vni_of(&m2, 500)->discontinuity, 0);
	/* and again, nothing changed: times carried */
	build(c, &n, &f, &m2, 99999, &m3);
	assert_int_equal(vni_of(&m3, 100)->discontinuity, 5432);
	assert_int_equal(vni_of(&m3, 400)->discontinuity, 5432);
	assert_int_equal(peer_of(&m3, "10.0.0.7")->since_ms, 1000);
	assert_int_equal(peer_of(&m3, "10.0.0.99")->since_ms, 54321);
	/* a VTEP that left and came back starts again */
	struct gwd_mib_model m4;
	build(c, &n, &f, &m1, 100000, &m4); /* m1 had no 10.0.0.99 */
	assert_int_equal(peer_of(&m4, "10.0.0.99")->since_ms, 100000);
	gwd_mib_free(&m1);
	gwd_mib_free(&m2);
	gwd_mib_free(&m3);
	gwd_mib_free(&m4);
	free(f.v);
	gwd_node_free(&n);
	gwd_config_free(c);
}

/* The model answers through the MIB engine: one full walk, GET agrees everywhere. */
static void walkable(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	struct fdb_vec f;
	node(&n);
	fdb(&f);
	struct gwd_mib_model m;
	build(c, &n, &f, NULL, 1000, &m);
	mib_oid cur[GWD_MIB_MAX_OID], next[GWD_MIB_MAX_OID];
	const mib_oid none[1] = {0};
	size_t cl = gwd_mib_oid(none, 0, cur), nl, steps = 0;
	struct mib_value v, g;
	while (gwd_mib_next(&m, cur, cl, next, &nl, &v) == 0) {
		assert_int_equal(gwd_mib_get(&m, next, nl, &g), 0);
		assert_int_equal(g.type, v.type);
		memcpy(cur, next, nl * sizeof(*next));
		cl = nl;
		steps++;
	}
	assert_int_equal(steps, 6 + 12 * 5 + 2 * 7 + 4 * 4);
	gwd_mib_free(&m);
	free(f.v);
	gwd_node_free(&n);
	gwd_config_free(c);
}

/* ---- diff ------------------------------------------------------------------------------ */

struct event {
	bool is_peer, up;
	struct gwd_mib_peer p;
	struct gwd_mib_binding b;
};

struct recorder {
	struct event ev[32];
	size_t n;
};

static void on_peer(void *ctx, const struct gwd_mib_peer *p, bool up)
{
	struct recorder *r = ctx;
	assert_true(r->n < 32);
	r->ev[r->n++] = (struct event){.is_peer = true, .up = up, .p = *p};
}

static void on_binding(void *ctx, const struct gwd_mib_binding *b, bool up)
{
	struct recorder *r = ctx;
	assert_true(r->n < 32);
	r->ev[r->n++] = (struct event){.is_peer = false, .up = up, .b = *b};
}

static struct gwd_mib_binding bnd(uint32_t vni, const char *port, uint16_t vlan, int32_t oper)
{
	struct gwd_mib_binding b = {.vni = vni, .vlan = vlan, .ifindex = 30 + (int)vlan, .oper = oper};
	snprintf(b.port, sizeof(b.port), "%s", port);
	return b;
}

static void hand_model(struct gwd_mib_model *m, const struct gwd_mib_peer *p, size_t np,
		       const struct gwd_mib_binding *b, size_t nb)
{
	memset(m, 0, sizeof(*m));
	m->peers = calloc(np + 1, sizeof(*p));
	m->bindings = calloc(nb + 1, sizeof(*b));
	if (np)
		memcpy(m->peers, p, np * sizeof(*p));
	if (nb)
		memcpy(m->bindings, b, nb * sizeof(*b));
	m->npeers = np;
	m->nbindings = nb;
	gwd_mib_sort(m);
}

static void assert_peer_event(const struct event *e, const char *addr, bool up)
{
	struct gwd_mib_peer k = peer_key(addr);
	assert_true(e->is_peer);
	assert_int_equal(e->up, up);
	assert_int_equal(gwd_mib_peer_cmp(&e->p, &k), 0);
}

static void assert_binding_event(const struct event *e, uint32_t vni, const char *port, uint16_t vlan,
				 bool up, int32_t oper)
{
	assert_false(e->is_peer);
	assert_int_equal(e->up, up);
	assert_int_equal(e->b.vni, vni);
	assert_string_equal(e->b.port, port);
	assert_int_equal(e->b.vlan, vlan);
	assert_int_equal(e->b.oper, oper);
}

static void diff_peers(void **state)
{
	(void)state;
	struct gwd_mib_peer a = peer_key("10.0.0.1"), b = peer_key("10.0.0.2"), c = peer_key("10.0.0.3"),
			    d = peer_key("2001:db8::1");
	struct gwd_mib_model old, new;
	struct gwd_mib_peer po[] = {c, a, d}, pn[] = {b, c};
	hand_model(&old, po, 3, NULL, 0);
	hand_model(&new, pn, 2, NULL, 0);
	struct recorder r = {.n = 0};
	struct gwd_model_events ev = {.ctx = &r, .peer = on_peer, .binding = on_binding};
	gwd_model_diff(&old, &new, &ev);
	assert_int_equal(r.n, 3);
	assert_peer_event(&r.ev[0], "10.0.0.1", false);
	assert_peer_event(&r.ev[1], "10.0.0.2", true);
	assert_peer_event(&r.ev[2], "2001:db8::1", false);
	/* back: the reverse */
	r.n = 0;
	gwd_model_diff(&new, &old, &ev);
	assert_int_equal(r.n, 3);
	assert_peer_event(&r.ev[0], "10.0.0.1", true);
	assert_peer_event(&r.ev[1], "10.0.0.2", false);
	assert_peer_event(&r.ev[2], "2001:db8::1", true);
	/* from and to nothing */
	struct gwd_mib_model empty;
	hand_model(&empty, NULL, 0, NULL, 0);
	r.n = 0;
	gwd_model_diff(&empty, &old, &ev);
	assert_int_equal(r.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_true(r.ev[i].up);
	r.n = 0;
	gwd_model_diff(&old, &empty, &ev);
	assert_int_equal(r.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_false(r.ev[i].up);
	/* a peer whose counts change is no event */
	struct gwd_mib_model more;
	struct gwd_mib_peer pm[] = {b, c};
	pm[0].vnis = 5;
	pm[1].macs = 100;
	hand_model(&more, pm, 2, NULL, 0);
	r.n = 0;
	gwd_model_diff(&new, &more, &ev);
	assert_int_equal(r.n, 0);
	gwd_mib_free(&old);
	gwd_mib_free(&new);
	gwd_mib_free(&empty);
	gwd_mib_free(&more);
}

static void diff_bindings(void **state)
{
	(void)state;
	struct gwd_mib_binding bo[] = {
		bnd(100, "eth1", 0, MIB_BIND_UP),       /* -> down */
		bnd(100, "eth2", 10, MIB_BIND_DOWN),    /* -> up */
		bnd(100, "eth9", 0, MIB_BIND_UP),       /* removed while up */
		bnd(100, "eth10", 0, MIB_BIND_DOWN),    /* removed while down: silent */
		bnd(200, "eth3", 0, MIB_BIND_DOWN),     /* -> absent: silent */
		bnd(200, "eth4", 0, MIB_BIND_UP),       /* stays up */
		bnd(300, "eth5", 0, MIB_BIND_ABSENT),   /* -> unbound: silent */
	};
	struct gwd_mib_binding bn[] = {
		bnd(300, "eth5", 0, MIB_BIND_UNBOUND),
		bnd(200, "eth4", 0, MIB_BIND_UP),
		bnd(200, "eth3", 0, MIB_BIND_ABSENT),
		bnd(100, "eth2", 10, MIB_BIND_UP),
		bnd(100, "eth1", 0, MIB_BIND_DOWN),
		bnd(100, "eth2", 20, MIB_BIND_UP),      /* created up */
		bnd(100, "eth11", 0, MIB_BIND_DOWN),    /* created down: silent */
		bnd(100, "eth12", 0, MIB_BIND_UNBOUND), /* created unbound: silent */
	};
	struct gwd_mib_model old, new;
	hand_model(&old, NULL, 0, bo, sizeof(bo) / sizeof(bo[0]));
	hand_model(&new, NULL, 0, bn, sizeof(bn) / sizeof(bn[0]));
	struct recorder r = {.n = 0};
	struct gwd_model_events ev = {.ctx = &r, .peer = on_peer, .binding = on_binding};
	gwd_model_diff(&old, &new, &ev);
	assert_int_equal(r.n, 4); /* in index order */
	assert_binding_event(&r.ev[0], 100, "eth1", 0, false, MIB_BIND_DOWN);
	assert_binding_event(&r.ev[1], 100, "eth2", 10, true, MIB_BIND_UP);
	assert_binding_event(&r.ev[2], 100, "eth2", 20, true, MIB_BIND_UP);
	assert_binding_event(&r.ev[3], 100, "eth9", 0, false, MIB_BIND_UNBOUND);
	assert_int_equal(r.ev[3].b.ifindex, 30); /* the row as it was, with oper unbound */
	/* nothing changed: no events */
	r.n = 0;
	gwd_model_diff(&new, &new, &ev);
	gwd_model_diff(&old, &old, &ev);
	assert_int_equal(r.n, 0);
	/* no callbacks: nothing to call, no crash */
	struct gwd_model_events none = {0};
	gwd_model_diff(&old, &new, &none);
	gwd_model_diff(&new, &old, &none);
	/* only peer callbacks: binding changes are not reported anywhere */
	struct gwd_model_events peers_only = {.ctx = &r, .peer = on_peer};
	gwd_model_diff(&old, &new, &peers_only);
	assert_int_equal(r.n, 0);
	gwd_mib_free(&old);
	gwd_mib_free(&new);
}

/* Built models diffed: a port gaining carrier, a VTEP leaving. */
static void diff_of_built_models(void **state)
{
	(void)state;
	struct gwd_config *c = config();
	struct gwd_node n;
	struct fdb_vec f;
	node(&n);
	fdb(&f);
	struct gwd_mib_model m1, m2;
	build(c, &n, &f, NULL, 1000, &m1);
	struct recorder r = {.n = 0};
	struct gwd_model_events ev = {.ctx = &r, .peer = on_peer, .binding = on_binding};
	build(c, &n, &f, &m1, 2000, &m2);
	gwd_model_diff(&m1, &m2, &ev);
	assert_int_equal(r.n, 0);
	gwd_mib_free(&m2);

	link_named(&n, "eth9")->flags = UP;
	link_named(&n, "eth1")->flags = IFF_UP;
	for (size_t i = 0; i < f.n; i++) /* 10.0.0.8 withdrawn */
		if (f.v[i].dst.family == AF_INET && f.v[i].dst.u.v4.s_addr == inet_addr("10.0.0.8"))
			f.v[i--] = f.v[--f.n];
	build(c, &n, &f, &m1, 3000, &m2);
	gwd_model_diff(&m1, &m2, &ev);
	assert_int_equal(r.n, 3);
	assert_peer_event(&r.ev[0], "10.0.0.8", false);
	assert_binding_event(&r.ev[1], 100, "eth1", 0, false, MIB_BIND_DOWN);
	assert_binding_event(&r.ev[2], 100, "eth9", 0, true, MIB_BIND_UP);
	assert_int_equal(r.ev[2].b.ifindex, 34);
	gwd_mib_free(&m1);
	gwd_mib_free(&m2);
	free(f.v);
	gwd_node_free(&n);
	gwd_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(vni_rows),
		cmocka_unit_test(binding_rows),
		cmocka_unit_test(peer_rows),
		cmocka_unit_test(carried_over_from_prev),
		cmocka_unit_test(walkable),
		cmocka_unit_test(diff_peers),
		cmocka_unit_test(diff_bindings),
		cmocka_unit_test(diff_of_built_models),
	};
	return cmocka_run_group_tests_name("gwd_model", tests, NULL, NULL);
}
