/* libFuzzer target: everything vxgw reads from FRR — vtysh JSON for peers, VNIs and
 * MACs, and frr-reload's --test report. FRR output is untrusted input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/frr_ctl.h"
#include "../evpn/frr_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	static struct frr_peer_state p[16];
	static struct frr_vni_state v[16];
	size_t n = 0, nv = 0;
	struct vxerr err;
	if (frr_parse_peers(s, size, p, 16, &n, &err) == 0 && n > 16)
		abort();
	if (frr_parse_vnis(s, size, v, 16, &nv, &err) == 0) {
		for (size_t i = 0; i < nv; i++)
			if (v[i].vni == 0 || v[i].nremote_vteps > FRR_MAX_VTEPS)
				abort();
		frr_parse_macs(s, size, v, nv, &err);
	}
	char diff[256];
	frr_reload_diff(s, diff, sizeof(diff));
	if (strlen(diff) >= sizeof(diff))
		abort();
	free(s);
	return 0;
}
