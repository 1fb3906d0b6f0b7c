/* gwd_mib: the VXGW-MIB engine on hand-made models — the full walk order (scalars, then
 * each table column by column, index encodings as in config/mibs/VXGW-MIB.txt), GETNEXT
 * from arbitrary points, GET of non-instances, value types, and a 100,000-row model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../gwd/gwd_mib.h"

#define R 1, 3, 6, 1, 4, 1, 32473 /* the root, spelled out: independent of GWD_MIB_ROOT */
#define BIG 0xffffffffu

struct oid {
	mib_oid v[64];
	size_t n;
};

/* An OID from a list of sub-identifiers (terminated by END). */
#define END 0x7fffffffffffLL
static struct oid mk(long long first, ...)
{
	struct oid o = {.n = 0};
	va_list ap;
	va_start(ap, first);
	for (long long x = first; x != END; x = va_arg(ap, long long)) {
		assert_true(o.n < 64);
		o.v[o.n++] = (mib_oid)x;
	}
	va_end(ap);
	return o;
}
#define O(...) mk(__VA_ARGS__, END)

static void append(struct oid *o, const mib_oid *s, size_t n)
{
	assert_true(o->n + n <= 64);
	memcpy(o->v + o->n, s, n * sizeof(*s));
	o->n += n;
}

static int cmp(const mib_oid *a, size_t al, const mib_oid *b, size_t bl)
{
	for (size_t i = 0; i < al && i < bl; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (al > bl) - (al < bl);
}

static const char *fmt(const mib_oid *v, size_t n)
{
	static char bufs[3][1024]; /* up to three in one message */
	static unsigned k;
	char *buf = bufs[k++ % 3];
	size_t off = 0;
	buf[0] = 0;
	for (size_t i = 0; i < n && off < sizeof(bufs[0]) - 16; i++)
		off += (size_t)snprintf(buf + off, sizeof(bufs[0]) - off, "%s%u", i ? "." : "", v[i]);
	return buf;
}

static bool same_value(const struct mib_value *a, const struct mib_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case MV_INTEGER: return a->i == b->i;
	case MV_OCTETS: return a->slen == b->slen && (!a->slen || !memcmp(a->s, b->s, a->slen));
	default: return a->u == b->u;
	}
}

/* ---- the small model ---------------------------------------------------------------- */

static struct gwd_mib_vni vni_row(uint32_t vni, const char *name, int32_t oper)
{
	struct gwd_mib_vni r = {.vni = vni, .bridge_ifindex = (int32_t)(5000 + vni),
				.vxlan_ifindex = (int32_t)(10 + vni), .oper = oper,
				.local_macs = vni / 100, .remote_macs = vni / 10, .remote_vteps = 2,
				.in_pkts = 1000ull * vni, .in_octets = 0x100000000ull + vni,
				.out_pkts = UINT64_MAX - vni, .out_octets = 0xfedcba9876543210ull,
				.discontinuity = vni * 7};
	snprintf(r.name, sizeof(r.name), "%s", name);
	return r;
}

static struct gwd_mib_binding bind_row(uint32_t vni, const char *port, uint16_t vlan, int32_t ifindex,
				       int32_t oper)
{
	struct gwd_mib_binding b = {.vni = vni, .vlan = vlan, .ifindex = ifindex, .oper = oper};
	snprintf(b.port, sizeof(b.port), "%s", port);
	return b;
}

static struct gwd_mib_peer peer_row(const char *addr, uint32_t vnis, uint32_t macs, uint64_t since)
{
	struct gwd_mib_peer p = {.vnis = vnis, .macs = macs, .ipsec = MIB_IPSEC_NONE, .since_ms = since};
	if (inet_pton(AF_INET, addr, p.addr) == 1)
		p.type = 1;
	else if (inet_pton(AF_INET6, addr, p.addr) == 1)
		p.type = 2;
	else
		fail_msg("bad address %s", addr);
	return p;
}

/* Rows deliberately out of order: gwd_mib_sort puts them into index order. */
static void small_model(struct gwd_mib_model *m)
{
	memset(m, 0, sizeof(*m));
	m->generation = 42;
	m->last_apply = 1700000000; /* 2023-11-14 22:13:20 UTC */
	m->last_result = 2;
	snprintf(m->last_error, sizeof(m->last_error), "segments[1]: boom");
	m->fw_dropped_pkts = 0xfedcba9876543210ull;
	m->fw_dropped_octets = UINT64_MAX;
	m->now_ms = 10000123;
	m->vnis = calloc(3, sizeof(*m->vnis));
	m->vnis[m->nvnis++] = vni_row(300, "", MIB_OPER_MISSING);
	m->vnis[m->nvnis++] = vni_row(100, "core", MIB_OPER_UP);
	m->vnis[m->nvnis++] = vni_row(200, "lab", MIB_OPER_DOWN);
	m->bindings = calloc(8, sizeof(*m->bindings));
	m->bindings[m->nbindings++] = bind_row(200, "eth2", 20, 35, MIB_BIND_UP);
	m->bindings[m->nbindings++] = bind_row(100, "eth10", 0, 40, MIB_BIND_DOWN);
	m->bindings[m->nbindings++] = bind_row(100, "eth9", 0, 39, MIB_BIND_UP);
	m->bindings[m->nbindings++] = bind_row(100, "eth2", 20, 0, MIB_BIND_ABSENT);
	m->bindings[m->nbindings++] = bind_row(100, "eth2", 0, 32, MIB_BIND_UNBOUND);
	m->bindings[m->nbindings++] = bind_row(100, "eth2", 10, 33, MIB_BIND_UP);
	m->bindings[m->nbindings++] = bind_row(100, "bond0", 0, 50, MIB_BIND_UP);
	m->bindings[m->nbindings++] = bind_row(300, "a", 4094, 7, MIB_BIND_DOWN);
	m->peers = calloc(4, sizeof(*m->peers));
	m->peers[m->npeers++] = peer_row("2001:db8::9", 1, 5, 123);
	m->peers[m->npeers++] = peer_row("10.0.0.12", 2, 0, 10000123);
	m->peers[m->npeers++] = peer_row("192.168.1.1", 0, 3, 20000000); /* since > now */
	m->peers[m->npeers++] = peer_row("10.0.0.7", 3, 9, 0);
	gwd_mib_sort(m);
}

/* The index of each row, in walk order, written out by hand. */
static const mib_oid vni_idx[][1] = {{100}, {200}, {300}};
static const struct {
	mib_oid v[20];
	size_t n;
} bind_idx[] = {
	{{100, 4, 'e', 't', 'h', '2', 0}, 7},
	{{100, 4, 'e', 't', 'h', '2', 10}, 7},
	{{100, 4, 'e', 't', 'h', '2', 20}, 7},
	{{100, 4, 'e', 't', 'h', '9', 0}, 7},
	{{100, 5, 'b', 'o', 'n', 'd', '0', 0}, 8},
	{{100, 5, 'e', 't', 'h', '1', '0', 0}, 8},
	{{200, 4, 'e', 't', 'h', '2', 20}, 7},
	{{300, 1, 'a', 4094}, 4},
}, peer_idx[] = {
	{{1, 4, 10, 0, 0, 7}, 6},
	{{1, 4, 10, 0, 0, 12}, 6},
	{{1, 4, 192, 168, 1, 1}, 6},
	{{2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, 18},
};

/* Every instance of the small model, in the order a walk must return them. */
static size_t expected_walk(struct oid *out)
{
	size_t n = 0;
	for (mib_oid i = 1; i <= 6; i++)
		out[n++] = O(R, 1, 1, i, 0);
	for (mib_oid col = 2; col <= 13; col++)
		for (size_t r = 0; r < 3; r++) {
			out[n] = O(R, 1, 2, 1, col);
			append(&out[n++], vni_idx[r], 1);
		}
	for (mib_oid col = 4; col <= 5; col++)
		for (size_t r = 0; r < sizeof(bind_idx) / sizeof(bind_idx[0]); r++) {
			out[n] = O(R, 1, 3, 1, col);
			append(&out[n++], bind_idx[r].v, bind_idx[r].n);
		}
	for (mib_oid col = 3; col <= 6; col++)
		for (size_t r = 0; r < sizeof(peer_idx) / sizeof(peer_idx[0]); r++) {
			out[n] = O(R, 1, 4, 1, col);
			append(&out[n++], peer_idx[r].v, peer_idx[r].n);
		}
	return n;
}

/* next(from) must be `want` (want.n == 0: the end). Also checks GET on the answer. */
static void next_is(const struct gwd_mib_model *m, struct oid from, struct oid want)
{
	mib_oid next[GWD_MIB_MAX_OID];
	size_t nl = 0;
	struct mib_value v, g;
	int rc = gwd_mib_next(m, from.v, from.n, next, &nl, &v);
	if (!want.n) {
		if (rc != -1)
			fail_msg("next(%s) returned %s, expected the end", fmt(from.v, from.n), fmt(next, nl));
		return;
	}
	if (rc != 0)
		fail_msg("next(%s) hit the end", fmt(from.v, from.n));
	if (cmp(next, nl, want.v, want.n) != 0)
		fail_msg("next(%s) = %s, expected %s", fmt(from.v, from.n), fmt(next, nl), fmt(want.v, want.n));
	assert_true(cmp(next, nl, from.v, from.n) > 0);
	assert_int_equal(gwd_mib_get(m, next, nl, &g), 0);
	assert_true(same_value(&v, &g));
}

static void get_fails(const struct gwd_mib_model *m, struct oid o)
{
	struct mib_value v;
	if (gwd_mib_get(m, o.v, o.n, &v) != -1)
		fail_msg("GET %s answered", fmt(o.v, o.n));
}

/* The value is returned by copy; its s may point into the buf of a static copy (valid
 * until the next call), since a mib_value's s can point into its own buf. */
static struct mib_value get_ok(const struct gwd_mib_model *m, struct oid o)
{
	static struct mib_value keep;
	if (gwd_mib_get(m, o.v, o.n, &keep) != 0)
		fail_msg("GET %s failed", fmt(o.v, o.n));
	return keep;
}

/* ---- (a) the full walk --------------------------------------------------------------- */

static void full_walk_order(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	static struct oid want[256];
	size_t nwant = expected_walk(want);
	assert_int_equal(nwant, 6 + 12 * 3 + 2 * 8 + 4 * 4);
	for (size_t i = 1; i < nwant; i++) /* the hand-written order is itself strictly increasing */
		assert_true(cmp(want[i - 1].v, want[i - 1].n, want[i].v, want[i].n) < 0);

	struct oid cur = O(R);
	size_t n = 0;
	for (;;) {
		mib_oid next[GWD_MIB_MAX_OID];
		size_t nl;
		struct mib_value v, g;
		if (gwd_mib_next(&m, cur.v, cur.n, next, &nl, &v) != 0)
			break;
		assert_true(n < nwant);
		if (cmp(next, nl, want[n].v, want[n].n) != 0)
			fail_msg("walk step %zu: got %s, expected %s", n, fmt(next, nl), fmt(want[n].v, want[n].n));
		assert_true(cmp(next, nl, cur.v, cur.n) > 0);
		assert_int_equal(gwd_mib_get(&m, next, nl, &g), 0);
		assert_true(same_value(&v, &g));
		/* never an index column */
		if (nl > 11 && next[8] >= 2)
			assert_true(next[10] != 1);
		memcpy(cur.v, next, nl * sizeof(*next));
		cur.n = nl;
		n++;
	}
	assert_int_equal(n, nwant);
	gwd_mib_free(&m);
}

/* A walk of one column (snmpwalk root.1.2.1.5) starts at the column OID itself. */
static void walk_of_one_column(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	next_is(&m, O(R, 1, 2, 1, 5), O(R, 1, 2, 1, 5, 100));
	next_is(&m, O(R, 1, 2, 1, 13), O(R, 1, 2, 1, 13, 100));
	next_is(&m, O(R, 1, 3, 1, 4), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 5), O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 4, 1, 3), O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7));
	next_is(&m, O(R, 1, 4, 1, 6), O(R, 1, 4, 1, 6, 1, 4, 10, 0, 0, 7));
	/* and the walk of one segment's bindings, by prefix */
	next_is(&m, O(R, 1, 3, 1, 5, 200), O(R, 1, 3, 1, 5, 200, 4, 'e', 't', 'h', '2', 20));
	next_is(&m, O(R, 1, 3, 1, 5, 200, 4, 'e', 't', 'h', '2', 20), O(R, 1, 3, 1, 5, 300, 1, 'a', 4094));
	gwd_mib_free(&m);
}

/* ---- (b) GETNEXT from arbitrary points -------------------------------------------------- */

static void next_from_anywhere(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	const struct oid first = O(R, 1, 1, 1, 0), vni_first = O(R, 1, 2, 1, 2, 100), end = {.n = 0};
	/* before and above our subtree */
	next_is(&m, (struct oid){.n = 0}, first);
	next_is(&m, O(0), first);
	next_is(&m, O(1, 3, 6, 1, 4, 1, 32472, 99, 99), first);
	next_is(&m, O(1, 3, 6, 1, 4, 1), first);
	next_is(&m, O(R), first);
	next_is(&m, O(R, 0), first);
	next_is(&m, O(R, 0, BIG, BIG), first);
	next_is(&m, O(R, 1), first);
	next_is(&m, O(R, 1, 1), first);
	next_is(&m, O(R, 1, 1, 0, BIG), first);
	next_is(&m, O(R, 1, 1, 1), first);
	/* among the scalars */
	next_is(&m, O(R, 1, 1, 1, 0), O(R, 1, 1, 2, 0));
	next_is(&m, O(R, 1, 1, 2, 0, 0), O(R, 1, 1, 3, 0));
	next_is(&m, O(R, 1, 1, 3, BIG), O(R, 1, 1, 4, 0));
	next_is(&m, O(R, 1, 1, 6, 0), vni_first);
	next_is(&m, O(R, 1, 1, 7), vni_first);
	next_is(&m, O(R, 1, 1, BIG, BIG), vni_first);
	/* a prefix shorter than the table, the entry, index column 1 */
	next_is(&m, O(R, 1, 2), vni_first);
	next_is(&m, O(R, 1, 2, 0, BIG), vni_first);
	next_is(&m, O(R, 1, 2, 1), vni_first);
	next_is(&m, O(R, 1, 2, 1, 0), vni_first);
	next_is(&m, O(R, 1, 2, 1, 1), vni_first);
	next_is(&m, O(R, 1, 2, 1, 1, 200), vni_first);
	next_is(&m, O(R, 1, 2, 1, 1, BIG), vni_first);
	/* inside a column, between rows, on a non-existent row, past a column */
	next_is(&m, O(R, 1, 2, 1, 5, 100), O(R, 1, 2, 1, 5, 200));
	next_is(&m, O(R, 1, 2, 1, 5, 0), O(R, 1, 2, 1, 5, 100));
	next_is(&m, O(R, 1, 2, 1, 5, 99), O(R, 1, 2, 1, 5, 100));
	next_is(&m, O(R, 1, 2, 1, 5, 100, 0), O(R, 1, 2, 1, 5, 200));
	next_is(&m, O(R, 1, 2, 1, 5, 150), O(R, 1, 2, 1, 5, 200));
	next_is(&m, O(R, 1, 2, 1, 5, 150, BIG, BIG), O(R, 1, 2, 1, 5, 200));
	next_is(&m, O(R, 1, 2, 1, 5, 300), O(R, 1, 2, 1, 6, 100));
	next_is(&m, O(R, 1, 2, 1, 5, 301), O(R, 1, 2, 1, 6, 100));
	next_is(&m, O(R, 1, 2, 1, 5, BIG), O(R, 1, 2, 1, 6, 100));
	next_is(&m, O(R, 1, 2, 1, 13, 300), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 2, 1, 14), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 2, 2), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 2, BIG), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	/* the binding index, piece by piece */
	next_is(&m, O(R, 1, 3, 1, 1, 100), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 3, BIG), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2'), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 0), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 10));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 11), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 20));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 20), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '9', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '3'), O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '9', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '9', BIG),
		O(R, 1, 3, 1, 4, 100, 5, 'b', 'o', 'n', 'd', '0', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 4, BIG), O(R, 1, 3, 1, 4, 100, 5, 'b', 'o', 'n', 'd', '0', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 5, 'c'), O(R, 1, 3, 1, 4, 100, 5, 'e', 't', 'h', '1', '0', 0));
	next_is(&m, O(R, 1, 3, 1, 4, 100, 5, BIG), O(R, 1, 3, 1, 4, 200, 4, 'e', 't', 'h', '2', 20));
	next_is(&m, O(R, 1, 3, 1, 4, 100, BIG), O(R, 1, 3, 1, 4, 200, 4, 'e', 't', 'h', '2', 20));
	next_is(&m, O(R, 1, 3, 1, 4, 150), O(R, 1, 3, 1, 4, 200, 4, 'e', 't', 'h', '2', 20));
	next_is(&m, O(R, 1, 3, 1, 4, 300, 1, 'a', 4094), O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 0));
	next_is(&m, O(R, 1, 3, 1, 4, BIG), O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 0));
	/* the peer index */
	const struct oid p3first = O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7);
	next_is(&m, O(R, 1, 3, 1, 5, 300, 1, 'a', 4094), p3first);
	next_is(&m, O(R, 1, 3, 1, 6), p3first);
	next_is(&m, O(R, 1, 4), p3first);
	next_is(&m, O(R, 1, 4, 1, 2, BIG), p3first);
	next_is(&m, O(R, 1, 4, 1, 3, 1), p3first);
	next_is(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7), O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 12));
	next_is(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 8), O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 12));
	next_is(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 12), O(R, 1, 4, 1, 3, 1, 4, 192, 168, 1, 1));
	next_is(&m, O(R, 1, 4, 1, 3, 1, 16), /* no ipv4 address has 16 octets */
		O(R, 1, 4, 1, 3, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9));
	next_is(&m, O(R, 1, 4, 1, 3, 2), O(R, 1, 4, 1, 3, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9));
	next_is(&m, O(R, 1, 4, 1, 3, 2, 4, 255, 255, 255, 255),
		O(R, 1, 4, 1, 3, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9));
	next_is(&m, O(R, 1, 4, 1, 3, 3), O(R, 1, 4, 1, 4, 1, 4, 10, 0, 0, 7));
	next_is(&m, O(R, 1, 4, 1, 5, BIG), O(R, 1, 4, 1, 6, 1, 4, 10, 0, 0, 7));
	/* the end: after the last peer column */
	next_is(&m, O(R, 1, 4, 1, 6, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9), end);
	next_is(&m, O(R, 1, 4, 1, 6, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10), end);
	next_is(&m, O(R, 1, 4, 1, 6, 3), end);
	next_is(&m, O(R, 1, 4, 1, 6, BIG), end);
	next_is(&m, O(R, 1, 4, 1, 7), end);
	next_is(&m, O(R, 1, 4, 2), end);
	next_is(&m, O(R, 1, 5), end);
	next_is(&m, O(R, 1, 5, 1, 0), end);
	next_is(&m, O(R, 1, BIG), end);
	next_is(&m, O(R, 2), end);
	next_is(&m, O(R, BIG), end);
	next_is(&m, O(1, 3, 6, 1, 4, 1, 32474), end);
	next_is(&m, O(1, 3, 6, 1, 4, 1, BIG, 1, 1, 1, 0), end);
	next_is(&m, O(2), end);
	next_is(&m, O(BIG), end);
	gwd_mib_free(&m);
}

/* Names longer than GWD_MIB_MAX_OID (net-snmp allows 128 sub-identifiers). */
static void next_and_get_on_long_names(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	struct oid o = O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 10);
	while (o.n < 64)
		o.v[o.n++] = BIG;
	next_is(&m, o, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 20));
	get_fails(&m, o);
	o = O(R, 1, 1, 1, 0);
	while (o.n < 64)
		o.v[o.n++] = 0;
	next_is(&m, o, O(R, 1, 1, 2, 0));
	get_fails(&m, o);
	o = O(R, 1, 4, 1, 6, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
	while (o.n < 64)
		o.v[o.n++] = 0;
	next_is(&m, o, (struct oid){.n = 0});
	get_fails(&m, o);
	o = (struct oid){.n = 0};
	while (o.n < 64)
		o.v[o.n++] = 1;
	next_is(&m, o, O(R, 1, 1, 1, 0));
	gwd_mib_free(&m);
}

/* ---- (c) GET of non-instances ------------------------------------------------------------- */

static void get_of_non_instances(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	/* outside our subtree, and names too short to be anything */
	struct oid full = O(R, 1, 1, 1, 0);
	for (size_t n = 0; n < full.n; n++)
		get_fails(&m, (struct oid){.n = n, .v = {R, 1, 1, 1}});
	get_ok(&m, full);
	get_fails(&m, O(1, 3, 6, 1, 4, 1, 32474, 1, 1, 1, 0));
	get_fails(&m, O(1, 3, 6, 1, 4, 1, 32472, 1, 1, 1, 0));
	get_fails(&m, O(1, 3, 6, 1, 4, 2, 32473, 1, 1, 1, 0));
	get_fails(&m, O(R, 0, 1, 1, 0));
	get_fails(&m, O(R, 2, 1, 1, 0));
	get_fails(&m, O(R, 1, 5, 1, 0));
	get_fails(&m, O(R, 1, 5, 2, 0));
	get_fails(&m, O(R, 1, 0, 1, 0));
	/* scalars: .0 missing or wrong, items out of range */
	get_fails(&m, O(R, 1, 1, 1));
	get_fails(&m, O(R, 1, 1, 1, 1));
	get_fails(&m, O(R, 1, 1, 1, 0, 0));
	get_fails(&m, O(R, 1, 1, 0, 0));
	get_fails(&m, O(R, 1, 1, 7, 0));
	get_fails(&m, O(R, 1, 1, BIG, 0));
	for (mib_oid i = 1; i <= 6; i++)
		get_ok(&m, O(R, 1, 1, i, 0));
	/* VNI table */
	get_ok(&m, O(R, 1, 2, 1, 2, 100));
	get_fails(&m, O(R, 1, 2, 1, 1, 100)); /* index column */
	get_fails(&m, O(R, 1, 2, 1, 0, 100));
	get_fails(&m, O(R, 1, 2, 1, 14, 100));
	get_fails(&m, O(R, 1, 2, 1, BIG, 100));
	get_fails(&m, O(R, 1, 2, 1, 5));           /* no index */
	get_fails(&m, O(R, 1, 2, 1, 5, 100, 0));   /* index too long */
	get_fails(&m, O(R, 1, 2, 1, 5, 150));      /* no such row */
	get_fails(&m, O(R, 1, 2, 1, 5, 0));
	get_fails(&m, O(R, 1, 2, 1, 5, BIG));
	get_fails(&m, O(R, 1, 2, 2, 5, 100));      /* not the entry */
	get_fails(&m, O(R, 1, 2, 0, 5, 100));
	get_fails(&m, O(R, 1, 2, 1));
	get_fails(&m, O(R, 1, 2));
	/* binding table */
	get_ok(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 10));
	get_ok(&m, O(R, 1, 3, 1, 4, 300, 1, 'a', 4094));
	for (mib_oid col = 1; col <= 3; col++)
		get_fails(&m, O(R, 1, 3, 1, col, 100, 4, 'e', 't', 'h', '2', 10));
	get_fails(&m, O(R, 1, 3, 1, 6, 100, 4, 'e', 't', 'h', '2', 10));
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2'));        /* no VLAN */
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 10, 0)); /* too long */
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 30));    /* other VLAN */
	get_fails(&m, O(R, 1, 3, 1, 5, 200, 4, 'e', 't', 'h', '2', 10));    /* other VNI */
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 5, 'e', 't', 'h', '2', 10));    /* wrong length */
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 3, 'e', 't', 'h', '2', 10));
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2' + 256, 10));
	get_fails(&m, O(R, 1, 3, 1, 5, 100));
	get_fails(&m, O(R, 1, 3, 1, 5));
	/* peer table */
	get_ok(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7));
	get_ok(&m, O(R, 1, 4, 1, 6, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9));
	get_fails(&m, O(R, 1, 4, 1, 1, 1, 4, 10, 0, 0, 7));
	get_fails(&m, O(R, 1, 4, 1, 2, 1, 4, 10, 0, 0, 7));
	get_fails(&m, O(R, 1, 4, 1, 7, 1, 4, 10, 0, 0, 7));
	get_fails(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0));
	get_fails(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7, 0));
	get_fails(&m, O(R, 1, 4, 1, 3, 1, 16, 10, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
	get_fails(&m, O(R, 1, 4, 1, 3, 2, 4, 10, 0, 0, 7));
	get_fails(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7 + 256));
	gwd_mib_free(&m);
}

/* ---- (d) values ----------------------------------------------------------------------- */

static void scalar_values(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	struct mib_value v = get_ok(&m, O(R, 1, 1, 1, 0));
	assert_int_equal(v.type, MV_GAUGE);
	assert_int_equal(v.u, 42);
	v = get_ok(&m, O(R, 1, 1, 2, 0));
	assert_int_equal(v.type, MV_OCTETS);
	static const uint8_t when[11] = {0x07, 0xe7, 11, 14, 22, 13, 20, 0, '+', 0, 0};
	assert_int_equal(v.slen, 11);
	assert_memory_equal(v.s, when, 11);
	v = get_ok(&m, O(R, 1, 1, 3, 0));
	assert_int_equal(v.type, MV_INTEGER);
	assert_int_equal(v.i, 2);
	v = get_ok(&m, O(R, 1, 1, 4, 0));
	assert_int_equal(v.type, MV_OCTETS);
	assert_int_equal(v.slen, strlen("segments[1]: boom"));
	assert_memory_equal(v.s, "segments[1]: boom", v.slen);
	v = get_ok(&m, O(R, 1, 1, 5, 0));
	assert_int_equal(v.type, MV_COUNTER64);
	assert_true(v.u == 0xfedcba9876543210ull);
	v = get_ok(&m, O(R, 1, 1, 6, 0));
	assert_int_equal(v.type, MV_COUNTER64);
	assert_true(v.u == UINT64_MAX);

	/* never applied: '0000010100000000'H as the MIB says; result ok(1) until then */
	m.last_apply = 0;
	m.last_result = 0;
	m.last_error[0] = 0;
	v = get_ok(&m, O(R, 1, 1, 2, 0));
	static const uint8_t never[8] = {0, 0, 1, 1, 0, 0, 0, 0};
	assert_int_equal(v.slen, 8);
	assert_memory_equal(v.s, never, 8);
	assert_int_equal(get_ok(&m, O(R, 1, 1, 3, 0)).i, 1);
	assert_int_equal(get_ok(&m, O(R, 1, 1, 4, 0)).slen, 0);
	gwd_mib_free(&m);
}

static void date_and_time(void **state)
{
	(void)state;
	uint8_t b[11];
	size_t len = 0;
	gwd_mib_date_and_time(1700000000, b, &len);
	static const uint8_t t1[11] = {0x07, 0xe7, 11, 14, 22, 13, 20, 0, '+', 0, 0};
	assert_int_equal(len, 11);
	assert_memory_equal(b, t1, 11);
	gwd_mib_date_and_time(0, b, &len); /* the epoch */
	static const uint8_t t0[11] = {0x07, 0xb2, 1, 1, 0, 0, 0, 0, '+', 0, 0};
	assert_memory_equal(b, t0, 11);
	gwd_mib_date_and_time(951782400 + 86399, b, &len); /* 2000-02-29 23:59:59 */
	static const uint8_t t2[11] = {0x07, 0xd0, 2, 29, 23, 59, 59, 0, '+', 0, 0};
	assert_memory_equal(b, t2, 11);
	/* out of gmtime's range: some well-formed value, never uninitialised bytes */
	gwd_mib_date_and_time((time_t)INT64_MAX, b, &len);
	assert_int_equal(len, 11);
	assert_in_range(b[2], 1, 12);
	assert_in_range(b[3], 1, 31);
}

static void table_values(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	small_model(&m);
	/* VNI 200 */
	struct mib_value v = get_ok(&m, O(R, 1, 2, 1, 2, 200));
	assert_int_equal(v.type, MV_OCTETS);
	assert_int_equal(v.slen, 3);
	assert_memory_equal(v.s, "lab", 3);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 2, 300)).slen, 0); /* empty name */
	v = get_ok(&m, O(R, 1, 2, 1, 3, 200));
	assert_int_equal(v.type, MV_INTEGER);
	assert_int_equal(v.i, 5200);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 4, 200)).i, 210);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 5, 100)).i, MIB_OPER_UP);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 5, 200)).i, MIB_OPER_DOWN);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 5, 300)).i, MIB_OPER_MISSING);
	for (mib_oid col = 6; col <= 8; col++)
		assert_int_equal(get_ok(&m, O(R, 1, 2, 1, col, 200)).type, MV_GAUGE);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 6, 200)).u, 2);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 7, 200)).u, 20);
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 8, 200)).u, 2);
	for (mib_oid col = 9; col <= 12; col++)
		assert_int_equal(get_ok(&m, O(R, 1, 2, 1, col, 200)).type, MV_COUNTER64);
	assert_true(get_ok(&m, O(R, 1, 2, 1, 9, 200)).u == 200000);
	assert_true(get_ok(&m, O(R, 1, 2, 1, 10, 200)).u == 0x1000000c8ull);
	assert_true(get_ok(&m, O(R, 1, 2, 1, 11, 200)).u == UINT64_MAX - 200);
	assert_true(get_ok(&m, O(R, 1, 2, 1, 12, 200)).u == 0xfedcba9876543210ull);
	v = get_ok(&m, O(R, 1, 2, 1, 13, 200));
	assert_int_equal(v.type, MV_TIMETICKS);
	assert_int_equal(v.u, 1400);
	/* a 64-character name comes out whole */
	memset(m.vnis[0].name, 'n', 64);
	m.vnis[0].name[64] = 0;
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 2, 100)).slen, 64);

	/* bindings */
	v = get_ok(&m, O(R, 1, 3, 1, 4, 100, 5, 'e', 't', 'h', '1', '0', 0));
	assert_int_equal(v.type, MV_INTEGER);
	assert_int_equal(v.i, 40);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 5, 100, 5, 'e', 't', 'h', '1', '0', 0)).i, MIB_BIND_DOWN);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '9', 0)).i, 39);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 0)).i, MIB_BIND_UNBOUND);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 4, 100, 4, 'e', 't', 'h', '2', 20)).i, 0);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 20)).i, MIB_BIND_ABSENT);

	/* peers: gauges, ipsec, uptime in centiseconds from now_ms - since_ms */
	v = get_ok(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7));
	assert_int_equal(v.type, MV_GAUGE);
	assert_int_equal(v.u, 3);
	assert_int_equal(get_ok(&m, O(R, 1, 4, 1, 4, 1, 4, 10, 0, 0, 7)).u, 9);
	v = get_ok(&m, O(R, 1, 4, 1, 5, 1, 4, 10, 0, 0, 7));
	assert_int_equal(v.type, MV_INTEGER);
	assert_int_equal(v.i, MIB_IPSEC_NONE);
	v = get_ok(&m, O(R, 1, 4, 1, 6, 1, 4, 10, 0, 0, 7));
	assert_int_equal(v.type, MV_TIMETICKS);
	assert_int_equal(v.u, 1000012); /* since 0: 10000123 ms */
	assert_int_equal(get_ok(&m, O(R, 1, 4, 1, 6, 1, 4, 10, 0, 0, 12)).u, 0);  /* since = now */
	assert_int_equal(get_ok(&m, O(R, 1, 4, 1, 6, 1, 4, 192, 168, 1, 1)).u, 0); /* since > now */
	assert_int_equal(get_ok(&m, O(R, 1, 4, 1, 6, 2, 16, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9)).u,
			 1000000);
	/* TimeTicks wrap modulo 2^32 */
	m.now_ms = 10 * (0x100000000ull + 5);
	assert_int_equal(get_ok(&m, O(R, 1, 4, 1, 6, 1, 4, 10, 0, 0, 7)).u, 5);
	gwd_mib_free(&m);
}

static void empty_model(void **state)
{
	(void)state;
	struct gwd_mib_model m;
	memset(&m, 0, sizeof(m));
	gwd_mib_sort(&m);
	struct oid cur = O(R);
	for (mib_oid i = 1; i <= 6; i++) {
		next_is(&m, cur, O(R, 1, 1, i, 0));
		cur = O(R, 1, 1, i, 0);
	}
	next_is(&m, cur, (struct oid){.n = 0});
	next_is(&m, O(R, 1, 2, 1, 5), (struct oid){.n = 0});
	get_fails(&m, O(R, 1, 2, 1, 5, 100));
	get_fails(&m, O(R, 1, 3, 1, 5, 100, 4, 'e', 't', 'h', '2', 0));
	get_fails(&m, O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7));
	assert_int_equal(get_ok(&m, O(R, 1, 1, 1, 0)).u, 0);
	assert_int_equal(get_ok(&m, O(R, 1, 1, 2, 0)).slen, 8);
	/* only one table filled: the walk jumps over the empty ones */
	m.peers = calloc(1, sizeof(*m.peers));
	m.peers[m.npeers++] = peer_row("10.0.0.7", 1, 1, 0);
	next_is(&m, O(R, 1, 1, 6, 0), O(R, 1, 4, 1, 3, 1, 4, 10, 0, 0, 7));
	gwd_mib_free(&m);
	assert_null(m.peers);
	assert_int_equal(m.npeers, 0);
}

static void helper_oids_and_comparators(void **state)
{
	(void)state;
	/* the MIB's own example: vxgwBindingOperStatus.100.4.101.116.104.50.10 */
	struct gwd_mib_binding b = bind_row(100, "eth2", 10, 33, MIB_BIND_UP);
	mib_oid out[GWD_MIB_MAX_OID];
	size_t n = gwd_mib_binding_oid(&b, 5, out);
	struct oid want = O(R, 1, 3, 1, 5, 100, 4, 101, 116, 104, 50, 10);
	assert_int_equal(n, want.n);
	assert_memory_equal(out, want.v, n * sizeof(*out));
	/* the longest binding instance: 15-character name, 18 sub-ids after the column */
	b = bind_row(16777215, "abcdefghijklmno", 4094, 1, MIB_BIND_UP);
	assert_int_equal(gwd_mib_binding_oid(&b, 4, out), 11 + 18);
	mib_oid sfx[] = {2, 1};
	n = gwd_mib_oid(sfx, 2, out);
	want = O(R, 2, 1);
	assert_int_equal(n, want.n);
	assert_memory_equal(out, want.v, n * sizeof(*out));
	/* comparators: index order */
	struct gwd_mib_binding e9 = bind_row(1, "eth9", 0, 0, 0), e10 = bind_row(1, "eth10", 0, 0, 0),
			       e9v = bind_row(1, "eth9", 5, 0, 0), v2 = bind_row(2, "a", 0, 0, 0);
	assert_true(gwd_mib_binding_cmp(&e9, &e10) < 0);
	assert_true(gwd_mib_binding_cmp(&e10, &e9) > 0);
	assert_true(gwd_mib_binding_cmp(&e9, &e9v) < 0);
	assert_true(gwd_mib_binding_cmp(&e10, &v2) < 0);
	assert_int_equal(gwd_mib_binding_cmp(&e9, &e9), 0);
	struct gwd_mib_peer p4 = peer_row("255.255.255.255", 0, 0, 0), p6 = peer_row("::1", 0, 0, 0),
			    q4 = peer_row("1.0.0.0", 0, 0, 0);
	assert_true(gwd_mib_peer_cmp(&p4, &p6) < 0);
	assert_true(gwd_mib_peer_cmp(&q4, &p4) < 0);
	assert_int_equal(gwd_mib_peer_cmp(&p6, &p6), 0);
}

/* ---- (e) 100,000 rows ---------------------------------------------------------------------- */

static double secs(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void hundred_thousand_rows(void **state)
{
	(void)state;
	enum { NV = 16000, NB = 64000, NP = 20000 };
	struct gwd_mib_model m;
	memset(&m, 0, sizeof(m));
	m.now_ms = 1000000;
	m.vnis = calloc(NV, sizeof(*m.vnis));
	m.bindings = calloc(NB, sizeof(*m.bindings));
	m.peers = calloc(NP, sizeof(*m.peers));
	assert_non_null(m.vnis);
	assert_non_null(m.bindings);
	assert_non_null(m.peers);
	/* filled in a scrambled order (a multiplicative permutation) */
	for (size_t i = 0; i < NV; i++) {
		uint32_t k = (uint32_t)((i * 7919) % NV);
		m.vnis[m.nvnis++] = vni_row(1000 + k, "segment", MIB_OPER_UP);
	}
	static const char *const ports[] = {"eth9", "eth10", "bond0", "ens1f0np0"};
	for (size_t i = 0; i < NB; i++) {
		uint32_t k = (uint32_t)((i * 7919) % NB);
		m.bindings[m.nbindings++] = bind_row(1000 + k / 4, ports[k % 4], (uint16_t)(k % 3 * 10),
						     (int32_t)k, MIB_BIND_UP);
	}
	for (size_t i = 0; i < NP; i++) {
		uint32_t k = (uint32_t)((i * 7919) % NP);
		struct gwd_mib_peer p = {.type = (uint8_t)(k % 2 ? 2 : 1), .vnis = k, .macs = k,
					 .ipsec = MIB_IPSEC_NONE, .since_ms = k};
		p.addr[0] = p.type == 1 ? 10 : 0x20;
		p.addr[1] = (uint8_t)(k >> 16);
		p.addr[2] = (uint8_t)(k >> 8);
		p.addr[3] = (uint8_t)k;
		p.addr[15] = (uint8_t)(p.type == 2 ? k : 0);
		m.peers[m.npeers++] = p;
	}
	struct timespec t0, t1, t2;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	gwd_mib_sort(&m);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	mib_oid cur[GWD_MIB_MAX_OID], next[GWD_MIB_MAX_OID];
	const mib_oid none[1] = {0};
	size_t cl = gwd_mib_oid(none, 0, cur), nl, steps = 0;
	struct mib_value v;
	while (gwd_mib_next(&m, cur, cl, next, &nl, &v) == 0) {
		if (cmp(next, nl, cur, cl) <= 0)
			fail_msg("walk not increasing at step %zu: %s", steps, fmt(next, nl));
		memcpy(cur, next, nl * sizeof(*next));
		cl = nl;
		steps++;
	}
	clock_gettime(CLOCK_MONOTONIC, &t2);
	assert_int_equal(steps, 6 + 12 * NV + 2 * NB + 4 * NP);
	/* spot checks */
	assert_int_equal(get_ok(&m, O(R, 1, 2, 1, 4, 1000 + NV - 1)).i, 10 + 1000 + NV - 1);
	assert_int_equal(get_ok(&m, O(R, 1, 3, 1, 4, 1000, 4, 'e', 't', 'h', '9', 0)).i, 0);
	get_fails(&m, O(R, 1, 2, 1, 4, 1000 + NV));
	size_t bytes = sizeof(*m.vnis) * NV + sizeof(*m.bindings) * NB + sizeof(*m.peers) * NP;
	print_message("100k rows (%d VNIs x %zu B, %d bindings x %zu B, %d peers x %zu B): "
		      "%zu bytes (%.1f MB); sort %.1f ms; walk of %zu instances %.1f ms (%.2f us/GETNEXT)\n",
		      NV, sizeof(*m.vnis), NB, sizeof(*m.bindings), NP, sizeof(*m.peers), bytes,
		      (double)bytes / 1e6, secs(&t0, &t1) * 1e3, steps, secs(&t1, &t2) * 1e3,
		      secs(&t1, &t2) * 1e6 / (double)steps);
	gwd_mib_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_walk_order),
		cmocka_unit_test(walk_of_one_column),
		cmocka_unit_test(next_from_anywhere),
		cmocka_unit_test(next_and_get_on_long_names),
		cmocka_unit_test(get_of_non_instances),
		cmocka_unit_test(scalar_values),
		cmocka_unit_test(date_and_time),
		cmocka_unit_test(table_values),
		cmocka_unit_test(empty_model),
		cmocka_unit_test(helper_oids_and_comparators),
		cmocka_unit_test(hundred_thousand_rows),
	};
	return cmocka_run_group_tests_name("gwd_mib", tests, NULL, NULL);
}
