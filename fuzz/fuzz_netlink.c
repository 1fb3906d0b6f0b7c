/* libFuzzer target: the netlink parsers (link, address, route, FDB) on arbitrary bytes.
 * Kernel replies are untrusted input; any crash, overread or UB here is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/neighbour.h>
#include <sys/socket.h>

#include "../evpn/fdb.h"
#include "../evpn/rtnl_addr.h"
#include "../evpn/rtnl_link.h"
#include "../evpn/rtnl_route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_fdb_entry(const struct fdb_entry *e)
{
	if (e->ifindex <= 0 || e->master < 0 || e->vlan > 4094 || e->vni > 0xffffff ||
	    (e->dst.family != 0 && e->dst.family != AF_INET && e->dst.family != AF_INET6))
		abort();
}

/* The bytes as one message, then as a dump (a stream of messages) that is merged and
 * counted the way fdb_dump_vni does. */
static void fuzz_fdb(const void *buf, size_t size)
{
	struct fdb_entry e;
	struct vxerr err;
	if (fdb_parse(buf, size, &e, &err) == 0)
		check_fdb_entry(&e);
	struct fdb_entry ents[16];
	struct fdb_vec v = {.v = ents, .cap = 16};
	/* Not mnl_nlmsg_ok/next: with nlmsg_len >= 2^31 they accept the message and, at
	 * 0xffffffff, do not advance (the aligned length wraps to 0). */
	for (size_t off = 0; v.n < v.cap && size - off >= sizeof(struct nlmsghdr);) {
		const struct nlmsghdr *nlh = (const void *)((const char *)buf + off);
		size_t mlen = nlh->nlmsg_len;
		if (mlen < sizeof(*nlh) || mlen > size - off)
			break;
		if (fdb_parse(nlh, mlen, &v.v[v.n], &err) == 0)
			check_fdb_entry(&v.v[v.n++]);
		if (NLMSG_ALIGN(mlen) >= size - off)
			break;
		off += NLMSG_ALIGN(mlen);
	}
	size_t before = v.n;
	fdb_merge(&v);
	if (v.n > before)
		abort();
	struct fdb_counts c;
	int vx = v.n ? v.v[0].ifindex : 0;
	fdb_count(&v, vx, &c);
	if (c.local + c.remote > v.n || c.remote_vteps > v.n)
		abort();
	for (size_t i = 0; i < v.n; i++)
		if ((unsigned)fdb_classify(&v.v[i], vx) > FDB_OWN)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	/* Netlink buffers are 4-byte aligned; copy so the parser sees exactly size bytes. */
	void *buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	struct link_state l;
	struct addr_entry a;
	struct vxerr err;
	if (link_parse(buf, size, &l, &err) == 0) {
		/* A successful parse must yield NUL-terminated, bounded strings. */
		if (strnlen(l.name, sizeof(l.name)) == sizeof(l.name) ||
		    strnlen(l.alias, sizeof(l.alias)) == sizeof(l.alias) ||
		    strnlen(l.kind, sizeof(l.kind)) == sizeof(l.kind) || l.ifindex <= 0)
			abort();
	}
	addr_parse(buf, size, &a, &err);
	struct route_entry r;
	if (route_parse(buf, size, &r, &err) == 0 && r.dst_len > 128)
		abort();
	fuzz_fdb(buf, size);
	free(buf);
	return 0;
}
