/* libFuzzer target: the netlink parsers (link, address, route) on arbitrary bytes.
 * Kernel replies are untrusted input; any crash, overread or UB here is a bug. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/rtnl_addr.h"
#include "../evpn/rtnl_link.h"
#include "../evpn/rtnl_route.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	free(buf);
	return 0;
}
