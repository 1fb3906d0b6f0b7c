#include "gwd_mib.h"

#include <stdlib.h>
#include <string.h>

static const mib_oid root[] = {GWD_MIB_ROOT};

/* Sub-trees under vxgwObjects (root.1). */
#define OBJ_GENERAL 1
#define OBJ_VNI 2
#define OBJ_BINDING 3
#define OBJ_PEER 4

size_t gwd_mib_oid(const mib_oid *suffix, size_t n, mib_oid *out)
{
	memcpy(out, root, sizeof(root));
	memcpy(out + GWD_MIB_ROOT_LEN, suffix, n * sizeof(*suffix));
	return GWD_MIB_ROOT_LEN + n;
}

static int oid_cmp(const mib_oid *a, size_t alen, const mib_oid *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (alen > blen) - (alen < blen);
}

void gwd_mib_date_and_time(time_t t, uint8_t out[11], size_t *len)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm)) /* year out of range: the "never" value rather than garbage */
		tm = (struct tm){.tm_year = -1900, .tm_mday = 1};
	long year = (long)tm.tm_year + 1900;
	year = year < 0 ? 0 : year > 65535 ? 65535 : year; /* DateAndTime: 0..65535 */
	out[0] = (uint8_t)(year >> 8);
	out[1] = (uint8_t)(year & 0xff);
	out[2] = (uint8_t)(tm.tm_mon + 1);
	out[3] = (uint8_t)tm.tm_mday;
	out[4] = (uint8_t)tm.tm_hour;
	out[5] = (uint8_t)tm.tm_min;
	out[6] = (uint8_t)(tm.tm_sec > 59 ? 59 : tm.tm_sec);
	out[7] = 0;
	out[8] = '+'; /* UTC, explicitly */
	out[9] = 0;
	out[10] = 0;
	*len = 11;
}

/* ---- index encodings ------------------------------------------------------------ */

static size_t vni_index(const void *row, mib_oid *out)
{
	out[0] = ((const struct gwd_mib_vni *)row)->vni;
	return 1;
}

static size_t binding_index(const void *row, mib_oid *out)
{
	const struct gwd_mib_binding *b = row;
	size_t n = 0, len = strlen(b->port);
	out[n++] = b->vni;
	out[n++] = (mib_oid)len; /* SnmpAdminString index: length, then the octets */
	for (size_t i = 0; i < len; i++)
		out[n++] = (uint8_t)b->port[i];
	out[n++] = b->vlan;
	return n;
}

static size_t peer_index(const void *row, mib_oid *out)
{
	const struct gwd_mib_peer *p = row;
	size_t n = 0, len = p->type == 1 ? 4 : 16;
	out[n++] = p->type;
	out[n++] = (mib_oid)len;
	for (size_t i = 0; i < len; i++)
		out[n++] = p->addr[i];
	return n;
}

/* ---- column values ---------------------------------------------------------------- */

static void gauge(struct mib_value *v, uint64_t u)
{
	v->type = MV_GAUGE;
	v->u = u;
}

static void counter64(struct mib_value *v, uint64_t u)
{
	v->type = MV_COUNTER64;
	v->u = u;
}

static void integer(struct mib_value *v, int64_t i)
{
	v->type = MV_INTEGER;
	v->i = i;
}

static void octets(struct mib_value *v, const void *s, size_t len)
{
	v->type = MV_OCTETS;
	v->s = s;
	v->slen = len;
}

/* 0 = value set; -1 = not an accessible column. */
static int vni_value(const struct gwd_mib_model *m, const void *row, unsigned col,
		     struct mib_value *v)
{
	(void)m;
	const struct gwd_mib_vni *r = row;
	switch (col) {
	case 2: octets(v, r->name, strlen(r->name)); return 0;
	case 3: integer(v, r->bridge_ifindex); return 0;
	case 4: integer(v, r->vxlan_ifindex); return 0;
	case 5: integer(v, r->oper); return 0;
	case 6: gauge(v, r->local_macs); return 0;
	case 7: gauge(v, r->remote_macs); return 0;
	case 8: gauge(v, r->remote_vteps); return 0;
	case 9: counter64(v, r->in_pkts); return 0;
	case 10: counter64(v, r->in_octets); return 0;
	case 11: counter64(v, r->out_pkts); return 0;
	case 12: counter64(v, r->out_octets); return 0;
	case 13: v->type = MV_TIMETICKS; v->u = r->discontinuity; return 0;
	}
	return -1;
}

static int binding_value(const struct gwd_mib_model *m, const void *row, unsigned col,
			 struct mib_value *v)
{
	(void)m;
	const struct gwd_mib_binding *r = row;
	switch (col) {
	case 4: integer(v, r->ifindex); return 0;
	case 5: integer(v, r->oper); return 0;
	}
	return -1;
}

static int peer_value(const struct gwd_mib_model *m, const void *row, unsigned col,
		      struct mib_value *v)
{
	const struct gwd_mib_peer *r = row;
	switch (col) {
	case 3: gauge(v, r->vnis); return 0;
	case 4: gauge(v, r->macs); return 0;
	case 5: integer(v, r->ipsec); return 0;
	case 6:
		v->type = MV_TIMETICKS;
		v->u = (uint32_t)((m->now_ms > r->since_ms ? m->now_ms - r->since_ms : 0) / 10);
		return 0;
	}
	return -1;
}

struct table {
	unsigned obj;    /* under vxgwObjects */
	unsigned maxcol; /* columns 1..maxcol; index columns answer -1 */
	size_t (*index)(const void *row, mib_oid *out);
	int (*value)(const struct gwd_mib_model *m, const void *row, unsigned col, struct mib_value *v);
};

static const struct table tables[] = {
	{OBJ_VNI, 13, vni_index, vni_value},
	{OBJ_BINDING, 5, binding_index, binding_value},
	{OBJ_PEER, 6, peer_index, peer_value},
};

static const void *rows_of(const struct gwd_mib_model *m, unsigned obj, size_t *n, size_t *size)
{
	switch (obj) {
	case OBJ_VNI: *n = m->nvnis; *size = sizeof(*m->vnis); return m->vnis;
	case OBJ_BINDING: *n = m->nbindings; *size = sizeof(*m->bindings); return m->bindings;
	default: *n = m->npeers; *size = sizeof(*m->peers); return m->peers;
	}
}

static int general_value(const struct gwd_mib_model *m, unsigned item, struct mib_value *v)
{
	switch (item) {
	case 1: gauge(v, m->generation); return 0;
	case 2:
		if (!m->last_apply) { /* DateAndTime has no "never": the MIB's '0000010100000000'H
				       * (year 0, 1 January, midnight; month and day start at 1) */
			memset(v->buf, 0, 8);
			v->buf[2] = 1;
			v->buf[3] = 1;
			octets(v, v->buf, 8);
		} else {
			size_t len;
			gwd_mib_date_and_time(m->last_apply, v->buf, &len);
			octets(v, v->buf, len);
		}
		return 0;
	case 3: integer(v, m->last_result ? m->last_result : 1); return 0;
	case 4: octets(v, m->last_error, strlen(m->last_error)); return 0;
	case 5: counter64(v, m->fw_dropped_pkts); return 0;
	case 6: counter64(v, m->fw_dropped_octets); return 0;
	}
	return -1;
}
#define GENERAL_ITEMS 6

/* ---- GET -------------------------------------------------------------------------- */

/* First row whose index is > (strict) or >= suffix. */
static size_t lower_bound(const struct table *t, const void *rows, size_t n, size_t size,
			  const mib_oid *suffix, size_t slen, bool strict)
{
	size_t lo = 0, hi = n;
	mib_oid idx[GWD_MIB_MAX_OID];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		size_t il = t->index((const char *)rows + mid * size, idx);
		int c = oid_cmp(idx, il, suffix, slen);
		if (c < 0 || (strict && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int gwd_mib_get(const struct gwd_mib_model *m, const mib_oid *name, size_t len,
		struct mib_value *v)
{
	memset(v, 0, sizeof(*v));
	if (len < GWD_MIB_ROOT_LEN + 3 || oid_cmp(name, GWD_MIB_ROOT_LEN, root, GWD_MIB_ROOT_LEN) ||
	    name[GWD_MIB_ROOT_LEN] != 1)
		return -1;
	const mib_oid *p = name + GWD_MIB_ROOT_LEN + 1;
	size_t rest = len - GWD_MIB_ROOT_LEN - 1;
	if (p[0] == OBJ_GENERAL)
		return rest == 3 && p[2] == 0 ? general_value(m, p[1], v) : -1;
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const struct table *t = &tables[k];
		if (p[0] != t->obj)
			continue;
		if (rest < 4 || p[1] != 1 || p[2] < 1 || p[2] > t->maxcol)
			return -1;
		size_t n, size;
		const void *rows = rows_of(m, t->obj, &n, &size);
		size_t i = lower_bound(t, rows, n, size, p + 3, rest - 3, false);
		mib_oid idx[GWD_MIB_MAX_OID];
		if (i == n)
			return -1;
		const void *row = (const char *)rows + i * size;
		size_t il = t->index(row, idx);
		if (oid_cmp(idx, il, p + 3, rest - 3) != 0)
			return -1;
		return t->value(m, row, p[2], v);
	}
	return -1;
}

/* ---- GETNEXT ---------------------------------------------------------------------- */

int gwd_mib_next(const struct gwd_mib_model *m, const mib_oid *name, size_t len, mib_oid *next,
		 size_t *next_len, struct mib_value *v)
{
	memset(v, 0, sizeof(*v));
	mib_oid cand[GWD_MIB_MAX_OID];
	/* Scalars: vxgwGeneral.N.0 */
	for (unsigned item = 1; item <= GENERAL_ITEMS; item++) {
		mib_oid suffix[] = {1, OBJ_GENERAL, item, 0};
		size_t cl = gwd_mib_oid(suffix, 4, cand);
		if (oid_cmp(name, len, cand, cl) < 0 && general_value(m, item, v) == 0) {
			memcpy(next, cand, cl * sizeof(*cand));
			*next_len = cl;
			return 0;
		}
	}
	for (size_t k = 0; k < sizeof(tables) / sizeof(tables[0]); k++) {
		const struct table *t = &tables[k];
		size_t n, size;
		const void *rows = rows_of(m, t->obj, &n, &size);
		if (!n)
			continue;
		for (unsigned col = 1; col <= t->maxcol; col++) {
			if (t->value(m, rows, col, v) != 0)
				continue; /* index column: not accessible */
			mib_oid suffix[] = {1, t->obj, 1, col};
			size_t pl = gwd_mib_oid(suffix, 4, cand);
			size_t first;
			if (oid_cmp(name, len, cand, pl) <= 0) {
				/* name sorts before every instance of this column (also when it is
				 * the column OID itself: a walk of one column starts there) */
				first = 0;
			} else if (len > pl && oid_cmp(name, pl, cand, pl) == 0) {
				first = lower_bound(t, rows, n, size, name + pl, len - pl, true);
			} else {
				continue; /* name is past this column */
			}
			if (first == n)
				continue;
			const void *row = (const char *)rows + first * size;
			size_t il = t->index(row, cand + pl);
			memcpy(next, cand, (pl + il) * sizeof(*cand));
			*next_len = pl + il;
			return t->value(m, row, col, v);
		}
	}
	return -1;
}

size_t gwd_mib_binding_oid(const struct gwd_mib_binding *b, unsigned column, mib_oid *out)
{
	mib_oid suffix[] = {1, OBJ_BINDING, 1, column};
	size_t n = gwd_mib_oid(suffix, 4, out);
	return n + binding_index(b, out + n);
}

/* ---- ordering ---------------------------------------------------------------------- */

static int cmp_vni(const void *a, const void *b)
{
	uint32_t x = ((const struct gwd_mib_vni *)a)->vni, y = ((const struct gwd_mib_vni *)b)->vni;
	return (x > y) - (x < y);
}

int gwd_mib_binding_cmp(const void *a, const void *b)
{
	mib_oid x[GWD_MIB_MAX_OID], y[GWD_MIB_MAX_OID];
	size_t xl = binding_index(a, x), yl = binding_index(b, y);
	return oid_cmp(x, xl, y, yl);
}

int gwd_mib_peer_cmp(const void *a, const void *b)
{
	mib_oid x[GWD_MIB_MAX_OID], y[GWD_MIB_MAX_OID];
	size_t xl = peer_index(a, x), yl = peer_index(b, y);
	return oid_cmp(x, xl, y, yl);
}

void gwd_mib_sort(struct gwd_mib_model *m)
{
	if (m->nvnis)
		qsort(m->vnis, m->nvnis, sizeof(*m->vnis), cmp_vni);
	if (m->nbindings)
		qsort(m->bindings, m->nbindings, sizeof(*m->bindings), gwd_mib_binding_cmp);
	if (m->npeers)
		qsort(m->peers, m->npeers, sizeof(*m->peers), gwd_mib_peer_cmp);
}

void gwd_mib_free(struct gwd_mib_model *m)
{
	free(m->vnis);
	free(m->bindings);
	free(m->peers);
	memset(m, 0, sizeof(*m));
}
