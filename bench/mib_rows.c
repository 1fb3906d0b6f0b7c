/* bench/mib_rows: what VXGW-MIB rows cost gwd — RSS added by a model of ROWS rows
 * (16% VNIs, 64% port bindings, 20% remote VTEPs, the proportions of a large gateway)
 * and the time of a full GETNEXT walk over it, as the subagent serves it. Prints
 * numbers; asserts nothing. Usage: mib_rows [ROWS] (default 100000). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gwd/gwd_mib.h"

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t rows = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
	size_t nv = rows * 16 / 100, nb = rows * 64 / 100, np = rows - nv - nb;
	long before = rss_kb();
	struct gwd_mib_model m = {.generation = 1, .last_result = 1};
	m.vnis = calloc(nv, sizeof(*m.vnis));
	m.bindings = calloc(nb, sizeof(*m.bindings));
	m.peers = calloc(np, sizeof(*m.peers));
	if (!m.vnis || !m.bindings || !m.peers)
		return 1;
	m.nvnis = nv;
	m.nbindings = nb;
	m.npeers = np;
	for (size_t i = 0; i < nv; i++) {
		m.vnis[i] = (struct gwd_mib_vni){.vni = (uint32_t)(10000 + i), .oper = 1, .bridge_ifindex = (int)(2 * i + 10),
						 .vxlan_ifindex = (int)(2 * i + 11), .in_pkts = i};
		snprintf(m.vnis[i].name, sizeof(m.vnis[i].name), "segment-%zu", i);
	}
	for (size_t i = 0; i < nb; i++) {
		m.bindings[i] = (struct gwd_mib_binding){.vni = (uint32_t)(10000 + i % (nv ? nv : 1)),
							 .vlan = (uint16_t)(i / (nv ? nv : 1) + 1), .oper = 1};
		snprintf(m.bindings[i].port, sizeof(m.bindings[i].port), "eth%zu", i % 48);
	}
	for (size_t i = 0; i < np; i++) {
		m.peers[i] = (struct gwd_mib_peer){.type = 1, .vnis = 3, .macs = 40, .ipsec = 1};
		m.peers[i].addr[0] = 10;
		m.peers[i].addr[1] = (uint8_t)(i >> 16);
		m.peers[i].addr[2] = (uint8_t)(i >> 8);
		m.peers[i].addr[3] = (uint8_t)i;
	}
	double t0 = now_s();
	gwd_mib_sort(&m);
	double t1 = now_s();
	long after = rss_kb();
	mib_oid name[GWD_MIB_MAX_OID] = {GWD_MIB_ROOT}, next[GWD_MIB_MAX_OID];
	size_t len = GWD_MIB_ROOT_LEN, nlen, n = 0;
	struct mib_value v;
	while (gwd_mib_next(&m, name, len, next, &nlen, &v) == 0) {
		memcpy(name, next, nlen * sizeof(*next));
		len = nlen;
		n++;
	}
	double t2 = now_s();
	printf("  %-44s %zu (%zu VNIs, %zu bindings, %zu remote VTEPs)\n", "rows", rows, nv, nb, np);
	printf("  %-44s %ld kB (%.1f bytes/row)\n", "RSS added by the model", after - before,
	       (double)(after - before) * 1024 / (double)rows);
	printf("  %-44s %.0f ms\n", "sort into index order", (t1 - t0) * 1e3);
	printf("  %-44s %zu instances in %.0f ms (%.2f us per GETNEXT)\n", "full GETNEXT walk", n,
	       (t2 - t1) * 1e3, (t2 - t1) * 1e6 / (double)(n ? n : 1));
	gwd_mib_free(&m);
	return 0;
}
