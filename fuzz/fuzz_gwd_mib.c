/* libFuzzer target: the VXGW-MIB engine's GET and GETNEXT on arbitrary OIDs.
 *
 * Input: sub-identifiers as little-endian uint32 (at most 64, more than the engine's
 * GWD_MIB_MAX_OID of 48). The bytes left over after the last whole sub-identifier are
 * flags: bit 0 puts the MIB root and vxgwObjects (1.3.6.1.4.1.32473.1) in front, so runs
 * start inside the tables; bit 1 uses an empty model instead of the fixed one.
 *
 * Oracle: the full walk of each model from the empty OID, taken once (and checked to be
 * strictly increasing, every step answered by GET with the same value). Then for any
 * name: GETNEXT must return exactly the first walk element greater than name (or the
 * end when there is none) with the same value, and GET must succeed exactly on walk
 * elements, with their value. The name and result buffers are heap blocks of exactly
 * their size, so ASan catches any read or write past them. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../gwd/gwd_mib.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_IN 64

struct inst {
	mib_oid oid[GWD_MIB_MAX_OID];
	size_t len;
	struct mib_value v;
	uint8_t bytes[256]; /* a copy of MV_OCTETS contents (v.s may point into a v.buf) */
};

struct ref {
	struct gwd_mib_model m;
	struct inst *walk;
	size_t n;
};

static struct ref refs[2];

static int cmp(const mib_oid *a, size_t al, const mib_oid *b, size_t bl)
{
	for (size_t i = 0; i < al && i < bl; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (al > bl) - (al < bl);
}

static bool same(const struct mib_value *a, const uint8_t *abytes, const struct mib_value *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case MV_INTEGER: return a->i == b->i;
	case MV_OCTETS: return a->slen == b->slen && (!a->slen || !memcmp(abytes, b->s, a->slen));
	default: return a->u == b->u;
	}
}

static void binding(struct gwd_mib_model *m, uint32_t vni, const char *port, uint16_t vlan, int32_t oper)
{
	struct gwd_mib_binding *b = &m->bindings[m->nbindings++];
	memset(b, 0, sizeof(*b));
	b->vni = vni;
	strncpy(b->port, port, sizeof(b->port) - 1);
	b->vlan = vlan;
	b->ifindex = (int32_t)(vni + vlan);
	b->oper = oper;
}

static void peer(struct gwd_mib_model *m, uint8_t type, const uint8_t *addr, uint32_t vnis, uint64_t since)
{
	struct gwd_mib_peer *p = &m->peers[m->npeers++];
	memset(p, 0, sizeof(*p));
	p->type = type;
	memcpy(p->addr, addr, type == 1 ? 4 : 16);
	p->vnis = vnis;
	p->macs = vnis * 3;
	p->ipsec = MIB_IPSEC_NONE;
	p->since_ms = since;
}

static void fixed_model(struct gwd_mib_model *m)
{
	memset(m, 0, sizeof(*m));
	m->generation = 3;
	m->last_apply = 1700000000;
	m->last_result = 1;
	strcpy(m->last_error, "none");
	m->fw_dropped_pkts = UINT64_MAX;
	m->fw_dropped_octets = 1;
	m->now_ms = 123456789;
	m->vnis = calloc(4, sizeof(*m->vnis));
	static const uint32_t vnis[] = {16777215, 1, 100, 200};
	for (size_t i = 0; i < 4; i++) {
		struct gwd_mib_vni *r = &m->vnis[m->nvnis++];
		r->vni = vnis[i];
		memset(r->name, 'a' + (int)i, i * 21); /* "" up to 63 characters */
		r->bridge_ifindex = (int32_t)i + 1;
		r->vxlan_ifindex = i == 2 ? 0 : (int32_t)i + 100;
		r->oper = (int32_t)(i % 3) + 1;
		r->local_macs = (uint32_t)i;
		r->in_pkts = UINT64_MAX - i;
		r->out_octets = (uint64_t)i << 40;
		r->discontinuity = (uint32_t)(i * 1000);
	}
	m->bindings = calloc(8, sizeof(*m->bindings));
	binding(m, 100, "eth10", 0, MIB_BIND_UP);
	binding(m, 100, "eth9", 0, MIB_BIND_DOWN);
	binding(m, 100, "eth2", 20, MIB_BIND_ABSENT);
	binding(m, 100, "eth2", 10, MIB_BIND_UNBOUND);
	binding(m, 100, "eth2", 0, MIB_BIND_UP);
	binding(m, 1, "abcdefghijklmno", 4094, MIB_BIND_UP);
	binding(m, 16777215, "x", 1, MIB_BIND_DOWN);
	binding(m, 200, "\xff\x80", 7, MIB_BIND_UP);
	m->peers = calloc(5, sizeof(*m->peers));
	static const uint8_t a1[] = {10, 0, 0, 7}, a2[] = {10, 0, 0, 12}, a3[] = {255, 255, 255, 255};
	static const uint8_t a6[] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9};
	static const uint8_t a7[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	peer(m, 2, a7, 0, 0);
	peer(m, 1, a2, 1, 123456789);
	peer(m, 1, a1, 2, 1000);
	peer(m, 2, a6, 3, 999999999); /* since > now */
	peer(m, 1, a3, 4, 5);
	gwd_mib_sort(m);
}

static void take_walk(struct ref *r)
{
	size_t cap = 64;
	r->walk = malloc(cap * sizeof(*r->walk));
	mib_oid cur[GWD_MIB_MAX_OID];
	size_t cl = 0;
	for (;;) {
		if (r->n == cap) {
			cap *= 2;
			r->walk = realloc(r->walk, cap * sizeof(*r->walk));
		}
		struct inst *in = &r->walk[r->n];
		struct mib_value g;
		if (gwd_mib_next(&r->m, cur, cl, in->oid, &in->len, &in->v) != 0)
			break;
		if (in->len > GWD_MIB_MAX_OID || cmp(in->oid, in->len, cur, cl) <= 0)
			abort();
		if (in->v.type == MV_OCTETS) {
			if (in->v.slen > sizeof(in->bytes))
				abort();
			if (in->v.slen)
				memcpy(in->bytes, in->v.s, in->v.slen);
		}
		if (gwd_mib_get(&r->m, in->oid, in->len, &g) != 0 || !same(&in->v, in->bytes, &g))
			abort();
		memcpy(cur, in->oid, in->len * sizeof(*cur));
		cl = in->len;
		r->n++;
	}
}

static void init(void)
{
	fixed_model(&refs[0].m);
	memset(&refs[1].m, 0, sizeof(refs[1].m));
	refs[1].m.now_ms = 1;
	for (size_t k = 0; k < 2; k++)
		take_walk(&refs[k]);
	/* 6 scalars + 12 x 4 VNI + 2 x 8 binding + 4 x 5 peer instances; the empty model: scalars */
	if (refs[0].n != 6 + 12 * 4 + 2 * 8 + 4 * 5 || refs[1].n != 6)
		abort();
}

/* First walk element > name, or r->n. */
static size_t upper(const struct ref *r, const mib_oid *name, size_t len)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cmp(r->walk[mid].oid, r->walk[mid].len, name, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		init();
		ready = true;
	}
	size_t nsub = size / 4, flags = size % 4 ? data[nsub * 4] : 0;
	if (nsub > MAX_IN)
		nsub = MAX_IN;
	static const mib_oid prefix[] = {GWD_MIB_ROOT, 1};
	size_t np = flags & 1 ? sizeof(prefix) / sizeof(prefix[0]) : 0;
	size_t len = np + nsub > MAX_IN ? MAX_IN : np + nsub;
	const struct ref *r = &refs[(flags >> 1) & 1];

	mib_oid *name = malloc((len ? len : 1) * sizeof(*name));
	mib_oid *next = malloc(GWD_MIB_MAX_OID * sizeof(*next));
	if (!name || !next)
		abort();
	memcpy(name, prefix, np * sizeof(*name));
	for (size_t i = np; i < len; i++) {
		const uint8_t *p = data + (i - np) * 4;
		name[i] = (mib_oid)p[0] | (mib_oid)p[1] << 8 | (mib_oid)p[2] << 16 | (mib_oid)p[3] << 24;
	}

	/* GETNEXT: exactly the next instance of the walk */
	struct mib_value v, g;
	size_t nl = 0;
	int rc = gwd_mib_next(&r->m, name, len, next, &nl, &v);
	size_t want = upper(r, name, len);
	if (want == r->n) {
		if (rc != -1)
			abort();
	} else {
		const struct inst *in = &r->walk[want];
		if (rc != 0 || nl != in->len || cmp(next, nl, in->oid, in->len) != 0 ||
		    cmp(next, nl, name, len) <= 0 || !same(&in->v, in->bytes, &v))
			abort();
		if (gwd_mib_get(&r->m, next, nl, &g) != 0 || !same(&in->v, in->bytes, &g))
			abort();
	}

	/* GET: succeeds exactly on instances */
	rc = gwd_mib_get(&r->m, name, len, &g);
	bool is_inst = want > 0 && cmp(r->walk[want - 1].oid, r->walk[want - 1].len, name, len) == 0;
	if (rc != (is_inst ? 0 : -1))
		abort();
	if (is_inst && !same(&r->walk[want - 1].v, r->walk[want - 1].bytes, &g))
		abort();
	free(name);
	free(next);
	return 0;
}
