/* gwd plan: config vs actual state -> ordered, deterministic steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gwd/gwd_plan.h"

static struct gwd_config *example(void)
{
	struct gwd_config *c;
	struct gwd_config_errors e;
	assert_int_equal(gwd_config_load("config/gwd.json", &c, &e), 0);
	return c;
}

static char *printed(const struct plan *p)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");
	plan_print(p, f);
	fclose(f);
	return buf;
}

static struct vtep_info vt(uint32_t vni, uint32_t mtu)
{
	struct vtep_info v = {.vni = vni, .vxlan_ifindex = 10 + (int)vni, .bridge_ifindex = 5000 + (int)vni,
			      .mtu = mtu, .enslaved = true, .vxlan_up = true, .bridge_up = true,
			      .port = 4789};
	assert_true(ipaddr_parse_any("10.0.0.4", &v.local)); /* as in config/gwd.json */
	return v;
}

static struct gwd_binding binding(const char *ifname, const char *port, uint16_t vlan, uint32_t vni)
{
	struct gwd_binding b = {.vlan = vlan, .vni = vni};
	strcpy(b.ifname, ifname);
	strcpy(b.port, port);
	return b;
}

static void from_nothing(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct gwd_actual a = {0};
	struct plan p;
	assert_int_equal(plan_compute(c, &a, &p), 0);
	assert_string_equal(printed(&p),
			    "create VTEP of VNI 100 (vx100, br100), MTU from the underlay\n"
			    "create VTEP of VNI 200 (vx200, br200), MTU 1450\n"
			    "create VLAN interface eth2.10 (eth2, VLAN 10)\n"
			    "create VLAN interface eth2.20 (eth2, VLAN 20)\n"
			    "bind eth1 to VNI 100\n"
			    "bind eth2.10 to VNI 100\n"
			    "bind eth2.20 to VNI 200\n");
	plan_free(&p);
	gwd_config_free(c);
}

static void nothing_to_do(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct vtep_info v[] = {vt(100, 1450), vt(200, 1450)};
	struct gwd_binding b[] = {binding("eth2.20", "eth2", 20, 200), binding("eth1", "eth1", 0, 100),
				  binding("eth2.10", "eth2", 10, 100)};
	struct gwd_actual a = {.vteps = v, .nvteps = 2, .bindings = b, .nbindings = 3};
	struct plan p;
	assert_int_equal(plan_compute(c, &a, &p), 0);
	assert_int_equal(p.n, 0);
	assert_string_equal(printed(&p), "no changes\n");
	plan_free(&p);
	gwd_config_free(c);
}

static void moves_and_removals_touch_only_what_changes(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	/* eth1 sits on VNI 200 (should be 100); eth3 and eth2.30 are bound but no longer
	 * configured; VNI 300 is gone from the config; VNI 200 has the wrong MTU; VNI 100's
	 * bridge is missing (broken). eth2.10 and eth2.20 are right and must not appear. */
	struct vtep_info v[] = {vt(100, 1450), vt(200, 1500), vt(300, 1450)};
	v[0].bridge_ifindex = 0;
	v[0].enslaved = false;
	struct gwd_binding b[] = {binding("eth1", "eth1", 0, 200), binding("eth3", "eth3", 0, 300),
				  binding("eth2.30", "eth2", 30, 300), binding("eth2.10", "eth2", 10, 100),
				  binding("eth2.20", "eth2", 20, 200)};
	struct gwd_actual a = {.vteps = v, .nvteps = 3, .bindings = b, .nbindings = 5};
	struct plan p;
	assert_int_equal(plan_compute(c, &a, &p), 0);
	assert_string_equal(printed(&p), "unbind eth1 from VNI 200\n"
					 "unbind eth2.30 from VNI 300\n"
					 "unbind eth3 from VNI 300\n"
					 "delete VLAN interface eth2.30\n"
					 "delete VTEP of VNI 300 (vx300, br300)\n"
					 "create VTEP of VNI 100 (vx100, br100), MTU from the underlay\n"
					 "set MTU of VNI 200 from 1500 to 1450\n"
					 "bind eth1 to VNI 100\n");
	plan_free(&p);
	gwd_config_free(c);
}

static void same_inputs_same_plan(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct vtep_info v1[] = {vt(300, 1450), vt(200, 1500)}, v2[] = {vt(200, 1500), vt(300, 1450)};
	struct gwd_binding b1[] = {binding("eth3", "eth3", 0, 300), binding("eth1", "eth1", 0, 200)};
	struct gwd_binding b2[] = {binding("eth1", "eth1", 0, 200), binding("eth3", "eth3", 0, 300)};
	struct gwd_actual a1 = {.vteps = v1, .nvteps = 2, .bindings = b1, .nbindings = 2};
	struct gwd_actual a2 = {.vteps = v2, .nvteps = 2, .bindings = b2, .nbindings = 2};
	struct plan p1, p2;
	assert_int_equal(plan_compute(c, &a1, &p1), 0);
	assert_int_equal(plan_compute(c, &a2, &p2), 0);
	char first[4096];
	strcpy(first, printed(&p1));
	assert_string_equal(first, printed(&p2));
	assert_int_equal(p1.steps[0].op, PLAN_UNBIND_PORT);
	assert_int_equal(p1.steps[p1.n - 1].op, PLAN_BIND_PORT);
	plan_free(&p1);
	plan_free(&p2);
	gwd_config_free(c);
}

static bool only_eth1_present(void *ctx, const char *port)
{
	(void)ctx;
	return strcmp(port, "eth1") == 0;
}

static void absent_ports_wait_and_are_listed(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct vtep_info v[] = {vt(100, 1450), vt(200, 1450)};
	struct gwd_actual a = {.vteps = v, .nvteps = 2, .port_present = only_eth1_present};
	struct plan p;
	assert_int_equal(plan_compute(c, &a, &p), 0);
	assert_string_equal(printed(&p), "bind eth1 to VNI 100\n"
					 "waiting for port eth2 (absent) to bind eth2.10 to VNI 100\n"
					 "waiting for port eth2 (absent) to bind eth2.20 to VNI 200\n");
	assert_int_equal(p.nabsent, 2);
	assert_int_equal(p.absent_vni[1], 200);
	plan_free(&p);
	gwd_config_free(c);
}

static void changed_vtep_address_replaces_the_vtep_and_rebinds(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct vtep_info v[] = {vt(100, 1450), vt(200, 1450)};
	assert_true(ipaddr_parse_any("10.0.0.99", &v[1].local)); /* config says 10.0.0.4 */
	struct gwd_binding b[] = {binding("eth1", "eth1", 0, 100), binding("eth2.10", "eth2", 10, 100),
				  binding("eth2.20", "eth2", 20, 200)};
	struct gwd_actual a = {.vteps = v, .nvteps = 2, .bindings = b, .nbindings = 3};
	struct plan p;
	assert_int_equal(plan_compute(c, &a, &p), 0);
	assert_string_equal(printed(&p), "unbind eth2.20 from VNI 200\n"
					 "delete VTEP of VNI 200 (vx200, br200)\n"
					 "create VTEP of VNI 200 (vx200, br200), MTU 1450\n"
					 "bind eth2.20 to VNI 200\n");
	plan_free(&p);
	gwd_config_free(c);
}

static void vlan_ifname_limits(void **state)
{
	(void)state;
	char n[IFNAMSIZ];
	assert_int_equal(plan_vlan_ifname("eth2", 10, n), 0);
	assert_string_equal(n, "eth2.10");
	assert_int_equal(plan_vlan_ifname("eth2", 0, n), 0);
	assert_string_equal(n, "eth2");
	assert_int_equal(plan_vlan_ifname("enp0s31f6abc", 4094, n), -1); /* 17 characters */
	assert_int_equal(plan_vlan_ifname("enp0s31f6a", 4094, n), 0);  /* 15 */
	assert_string_equal(plan_op_name(PLAN_SET_MTU), "set-mtu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_nothing),
		cmocka_unit_test(nothing_to_do),
		cmocka_unit_test(moves_and_removals_touch_only_what_changes),
		cmocka_unit_test(same_inputs_same_plan),
		cmocka_unit_test(vlan_ifname_limits),
		cmocka_unit_test(absent_ports_wait_and_are_listed),
		cmocka_unit_test(changed_vtep_address_replaces_the_vtep_and_rebinds),
	};
	return cmocka_run_group_tests_name("gwd_plan", tests, NULL, NULL);
}
