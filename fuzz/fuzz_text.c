/* libFuzzer target: text parsers for VNIs, VTEP addresses, ownership marks and
 * device names (config files, CLI arguments and ifalias values are untrusted). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/ipaddr.h"
#include "../evpn/vni.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct vxerr err;
	uint32_t vni;
	enum vni_role role;
	if (vni_parse(s, &vni, &err) == 0 && !vni_valid(vni))
		abort();
	struct ipaddr a;
	if (ipaddr_parse_vtep(s, &a, &err) == 0 && ipaddr_check_vtep(&a, &err) != 0)
		abort();
	if (vni_alias_parse(s, &vni, &role)) {
		/* Round trip: a parsed mark re-renders to the same text. */
		char again[VNI_ALIAS_MAX];
		vni_alias(vni, role, again);
		if (strcmp(again, s) != 0)
			abort();
	}
	if (vni_from_ifname(s, &vni, &role)) {
		char name[IFNAMSIZ];
		if (vni_ifname(vni, role, name, &err) != 0 || strcmp(name, s) != 0)
			abort();
	}
	free(s);
	return 0;
}
