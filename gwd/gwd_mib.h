/* gwd_mib: VXGW-MIB (config/mibs/VXGW-MIB.txt) as data — gwd's state in the shape of
 * the MIB's tables, and GET / GETNEXT over it. Pure: no net-snmp here, so the walk
 * order, index encodings and every value are unit-tested without an agent; gwd_snmp
 * is the thin AgentX glue.
 *
 * Rows live in plain sorted arrays (about 100 bytes a row, no per-row allocation), so
 * 100,000 rows cost ~10 MB. GETNEXT is a binary search per column. The enterprise arc
 * is GWD_MIB_ROOT below and nowhere else (as in the MIB: change both together). */
#ifndef VXGW_GWD_MIB_H
#define VXGW_GWD_MIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* vxgwMIB ::= { enterprises 32473 } — 32473 is IANA's documentation PEN (RFC 5612). */
#define GWD_MIB_ROOT 1, 3, 6, 1, 4, 1, 32473
#define GWD_MIB_ROOT_LEN 7
#define GWD_MIB_MAX_OID 48

typedef uint32_t mib_oid;

enum mib_vtype { MV_INTEGER, MV_GAUGE, MV_COUNTER64, MV_OCTETS, MV_TIMETICKS };

struct mib_value {
	enum mib_vtype type;
	int64_t i;         /* MV_INTEGER */
	uint64_t u;        /* MV_GAUGE, MV_COUNTER64, MV_TIMETICKS */
	const uint8_t *s;  /* MV_OCTETS (points into the model or into buf) */
	size_t slen;
	uint8_t buf[16];
};

enum { MIB_OPER_UP = 1, MIB_OPER_DOWN = 2, MIB_OPER_MISSING = 3 };          /* VNIs */
enum { MIB_BIND_UP = 1, MIB_BIND_DOWN = 2, MIB_BIND_ABSENT = 3, MIB_BIND_UNBOUND = 4 };
enum { MIB_IPSEC_NONE = 1 };

struct gwd_mib_vni {
	uint32_t vni;
	char name[65];
	int32_t bridge_ifindex, vxlan_ifindex;
	int32_t oper;
	uint32_t local_macs, remote_macs, remote_vteps;
	uint64_t in_pkts, in_octets, out_pkts, out_octets;
	uint32_t discontinuity; /* TimeStamp (centiseconds), 0 = none seen */
};

struct gwd_mib_binding { /* sorted by (vni, strlen(port), port, vlan): the index order */
	uint32_t vni;
	char port[16];
	uint16_t vlan;
	int32_t ifindex;
	int32_t oper;
};

struct gwd_mib_peer { /* sorted by (type, address) */
	uint8_t type; /* InetAddressType: 1 ipv4, 2 ipv6 */
	uint8_t addr[16];
	uint32_t vnis, macs;
	int32_t ipsec;
	uint64_t since_ms; /* monotonic ms when it appeared */
};

struct gwd_mib_model {
	uint32_t generation;
	time_t last_apply; /* 0 = never */
	int32_t last_result; /* 1 ok, 2 failed */
	char last_error[256];
	uint64_t fw_dropped_pkts, fw_dropped_octets;
	struct gwd_mib_vni *vnis;
	size_t nvnis;
	struct gwd_mib_binding *bindings;
	size_t nbindings;
	struct gwd_mib_peer *peers;
	size_t npeers;
	uint64_t now_ms; /* monotonic clock for uptimes */
};

/* Index order of rows (qsort/bsearch comparators). */
int gwd_mib_binding_cmp(const void *a, const void *b);
int gwd_mib_peer_cmp(const void *a, const void *b);
/* Sort the tables into index order (call after filling them). */
void gwd_mib_sort(struct gwd_mib_model *m);
void gwd_mib_free(struct gwd_mib_model *m);

/* GET: 0 with *v set, -1 when name is no instance of ours (noSuchObject/Instance). */
int gwd_mib_get(const struct gwd_mib_model *m, const mib_oid *name, size_t len,
		struct mib_value *v);
/* GETNEXT: the first instance after name; 0 with next/next_len/v set, -1 at the end
 * of our subtree. next holds GWD_MIB_MAX_OID sub-identifiers. */
int gwd_mib_next(const struct gwd_mib_model *m, const mib_oid *name, size_t len, mib_oid *next,
		 size_t *next_len, struct mib_value *v);

/* Instance OIDs used in notifications. Return the length written. */
size_t gwd_mib_binding_oid(const struct gwd_mib_binding *b, unsigned column, mib_oid *out);
size_t gwd_mib_oid(const mib_oid *suffix, size_t n, mib_oid *out); /* root + suffix */
/* DateAndTime (8 bytes, UTC) for t. */
void gwd_mib_date_and_time(time_t t, uint8_t out[11], size_t *len);

#endif
