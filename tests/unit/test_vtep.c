/* vtep reconciler against the fake kernel (tests/unit/nl_stub.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <stdlib.h>
#include <string.h>

#include "../../evpn/vlan.h"
#include "../../evpn/vtep.h"
#include "nl_stub.h"

static int underlay;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	struct link_state u = {.flags = IFF_UP, .mtu = 1500, .addr_gen_mode = -1};
	strcpy(u.name, "eth0");
	underlay = fake_add(u);
	fake_add_addr(underlay, "10.0.0.2", 24);
	fake_add_addr(underlay, "2001:db8::2", 64);
	return 0;
}

static struct vtep_spec spec(uint32_t vni, const char *local, uint32_t mtu)
{
	struct vtep_spec s = {.vni = vni, .mtu = mtu};
	assert_int_equal(ipaddr_parse_vtep(local, &s.local, NULL), 0);
	return s;
}

/* Snapshot of the fake table, to prove "nothing changed". */
struct snapshot {
	struct link_state link[FAKE_MAX_LINKS];
	int n;
};

static struct snapshot snap(void)
{
	struct snapshot s;
	memcpy(s.link, fake.link, sizeof(s.link));
	s.n = fake.nlinks;
	return s;
}

static void assert_same(const struct snapshot *a)
{
	assert_int_equal(a->n, fake.nlinks);
	for (int i = 0; i < a->n; i++)
		assert_memory_equal(&a->link[i], &fake.link[i], sizeof(a->link[i]));
}

static void assert_vtep_complete(uint32_t vni, const char *local, uint32_t mtu)
{
	char vxn[IFNAMSIZ], brn[IFNAMSIZ];
	vni_ifname(vni, VNI_ROLE_VXLAN, vxn, NULL);
	vni_ifname(vni, VNI_ROLE_BRIDGE, brn, NULL);
	struct link_state *br = fake_find(brn), *vx = fake_find(vxn);
	assert_non_null(br);
	assert_non_null(vx);
	char mark[VNI_ALIAS_MAX];
	vni_alias(vni, VNI_ROLE_BRIDGE, mark);
	assert_string_equal(br->alias, mark);
	assert_string_equal(br->kind, "bridge");
	assert_int_equal(br->addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
	assert_true(br->flags & IFF_UP);
	vni_alias(vni, VNI_ROLE_VXLAN, mark);
	assert_string_equal(vx->alias, mark);
	assert_string_equal(vx->kind, "vxlan");
	assert_int_equal(vx->addr_gen_mode, IN6_ADDR_GEN_MODE_NONE);
	assert_int_equal(vx->vxlan.vni, vni);
	struct ipaddr want;
	ipaddr_parse_vtep(local, &want, NULL);
	assert_true(ipaddr_equal(&vx->vxlan.local, &want));
	assert_int_equal(vx->vxlan.port, 4789);
	assert_false(vx->vxlan.learning);
	assert_int_equal(vx->mtu, mtu);
	assert_int_equal(vx->master, br->ifindex);
	assert_false(vx->brport.learning);
	assert_true(vx->brport.neigh_suppress);
	assert_true(vx->flags & IFF_UP);
}

static void create_builds_everything_then_is_a_noop(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	int rc = vtep_create(fake_conn(), &s, &err);
	assert_int_equal(rc, 7);
	assert_vtep_complete(100, "10.0.0.2", 1450); /* 1500 - 50 from eth0 */
	int mods = fake.modifications;
	struct snapshot before = snap();
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 0);
	assert_int_equal(fake.modifications, mods); /* not a single write */
	assert_same(&before);
}

static void create_ipv6_derives_mtu_with_70_bytes_overhead(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(16777215, "2001:db8::2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
	assert_vtep_complete(16777215, "2001:db8::2", 1430);
}

static void create_without_underlay_address_needs_mtu(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.9.9.9", 0);
	struct snapshot before = snap();
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EADDRNOTAVAIL);
	assert_non_null(strstr(err.msg, "10.9.9.9 is not configured"));
	assert_same(&before);
	s.mtu = 1400;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
	assert_vtep_complete(100, "10.9.9.9", 1400);
}

static void create_rejects_bad_spec_before_any_request(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	s.vni = 0;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EINVAL);
	s.vni = 16777216;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EINVAL);
	s.vni = 5;
	s.mtu = 67;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "MTU 67 out of range"));
	s.mtu = 65486;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EINVAL);
	s.mtu = 0;
	s.local.family = 0;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EINVAL);
	assert_int_equal(fake.requests, 0);
}

static void foreign_bridge_with_our_name_is_untouched(void **state)
{
	(void)state;
	struct link_state f = {.addr_gen_mode = -1, .flags = IFF_UP};
	strcpy(f.name, "br100");
	strcpy(f.kind, "bridge");
	strcpy(f.alias, "legacy LAN");
	fake_add(f);
	struct snapshot before = snap();
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "br100 exists and is not owned by vxgw"));
	assert_int_equal(fake.modifications, 0);
	assert_same(&before);
	/* Nor does delete touch it, or attach use it. */
	assert_int_equal(vtep_delete(fake_conn(), 100, VTEP_DELETE_FORCE, &err), 0);
	assert_same(&before);
	assert_int_equal(vtep_attach(fake_conn(), 100, "eth0", &err), -EEXIST);
	assert_same(&before);
}

static void mark_of_another_vni_or_kind_is_foreign(void **state)
{
	(void)state;
	struct link_state f = {.addr_gen_mode = -1};
	strcpy(f.name, "br100");
	strcpy(f.kind, "bridge");
	strcpy(f.alias, "vxgw:vni=200:bridge");
	fake_add(f);
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "mark of VNI 200"));
	struct link_state *br = fake_find("br100");
	strcpy(br->alias, "vxgw:vni=100:bridge");
	strcpy(br->kind, "veth");
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "is a 'veth' device"));
	assert_int_equal(fake.modifications, 0);
}

static void existing_vxlan_with_other_vni_local_or_port_is_an_error(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
	int mods = fake.modifications;
	struct snapshot before = snap();

	struct vtep_spec other = spec(100, "10.0.0.3", 1450);
	assert_int_equal(vtep_create(fake_conn(), &other, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "local address 10.0.0.2, not 10.0.0.3"));
	other = spec(100, "10.0.0.2", 0);
	other.port = 8472;
	assert_int_equal(vtep_create(fake_conn(), &other, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "UDP port 4789, not 8472"));
	assert_same(&before);
	/* Tampered: the owned vx100 now carries VNI 101. */
	fake_find("vx100")->vxlan.vni = 101;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "with VNI 101, not 100"));
	fake_find("vx100")->vxlan.vni = 100;
	fake_find("vx100")->vxlan.learning = true;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "learning on"));
	assert_int_equal(fake.modifications, mods);
}

static void adopt_converges_mutable_drift(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 1400);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
	struct link_state *vx = fake_find("vx100"), *br = fake_find("br100");
	vx->mtu = 1300;
	vx->flags &= ~(unsigned)IFF_UP;
	br->flags &= ~(unsigned)IFF_UP;
	vx->brport.learning = true;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 4);
	assert_vtep_complete(100, "10.0.0.2", 1400);
	/* mtu 0 keeps the existing device's MTU instead of re-deriving it. */
	s.mtu = 0;
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 0);
	assert_int_equal(fake_find("vx100")->mtu, 1400);
}

static void adopt_reenslaves_a_released_vxlan(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	vtep_create(fake_conn(), &s, &err);
	/* Someone deleted the bridge: the port was released; recreate and re-attach. */
	struct link_state *br = fake_find("br100");
	int old = br->ifindex;
	for (int i = 0; i < fake.nlinks; i++)
		if (fake.link[i].master == old) {
			fake.link[i].master = 0;
			fake.link[i].has_brport = false;
			fake.link[i].slave_kind[0] = '\0';
		}
	*br = fake.link[--fake.nlinks];
	assert_null(fake_find("br100"));
	int rc = vtep_create(fake_conn(), &s, &err);
	assert_true(rc >= 4);
	assert_vtep_complete(100, "10.0.0.2", 1450);
}

/* Fail each modifying step of a fresh create in turn: nothing may remain. */
static void every_failed_step_rolls_back_fresh_create(void **state)
{
	(void)state;
	for (int step = 1; step <= 7; step++) {
		setup(NULL);
		struct snapshot before = snap();
		fake.fail_mod = step;
		fake.fail_errno = ENOBUFS;
		struct vxerr err = {0};
		struct vtep_spec s = spec(100, "10.0.0.2", 0);
		int rc = vtep_create(fake_conn(), &s, &err);
		if (rc != -ENOBUFS)
			fail_msg("step %d: rc %d (%s)", step, rc, err.msg);
		assert_non_null(strstr(err.msg, "rolled back"));
		assert_same(&before);
	}
	/* And with no failure the same sequence has exactly 7 steps. */
	setup(NULL);
	fake.fail_mod = 8;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
}

static void failed_convergence_restores_adopted_devices(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 1400);
	vtep_create(fake_conn(), &s, &err);
	struct link_state *vx = fake_find("vx100");
	vx->mtu = 1300;
	vx->flags &= ~(unsigned)IFF_UP;
	vx->brport.learning = true;
	for (int step = 1; step <= 3; step++) {
		struct snapshot before = snap();
		fake.modifications = 0;
		fake.fail_mod = step;
		assert_int_equal(vtep_create(fake_conn(), &s, &err), -EIO);
		assert_same(&before);
	}
}

static struct link_state port(const char *name)
{
	struct link_state p = {.addr_gen_mode = -1};
	strcpy(p.name, name);
	strcpy(p.kind, "veth");
	return p;
}

static void attach_detach_semantics(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	vtep_create(fake_conn(), &s, &err);
	s.vni = 200;
	vtep_create(fake_conn(), &s, &err);
	fake_add(port("veth1"));

	assert_int_equal(vtep_attach(fake_conn(), 100, "veth1", &err), 1);
	struct link_state *p = fake_find("veth1");
	assert_int_equal(p->master, fake_find("br100")->ifindex);
	assert_true(p->flags & IFF_UP);
	assert_true(p->brport.learning); /* local ports keep learning for EVPN */
	int mods = fake.modifications;
	assert_int_equal(vtep_attach(fake_conn(), 100, "veth1", &err), 0);
	assert_int_equal(fake.modifications, mods);
	assert_int_equal(vtep_attach(fake_conn(), 200, "veth1", &err), -EBUSY);
	assert_non_null(strstr(err.msg, "already a port"));
	assert_int_equal(vtep_detach(fake_conn(), 200, "veth1", &err), -EBUSY);
	assert_int_equal(vtep_attach(fake_conn(), 100, "nope0", &err), -ENODEV);
	assert_int_equal(vtep_attach(fake_conn(), 300, "veth1", &err), -ENOENT);
	assert_int_equal(vtep_attach(fake_conn(), 200, "vx100", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "vxgw's own vxlan of VNI 100"));
	assert_int_equal(vtep_attach(fake_conn(), 100, "a/b", &err), -EINVAL);
	assert_int_equal(vtep_attach(fake_conn(), 100, "0123456789abcdef", &err), -EINVAL);
	assert_int_equal(fake.modifications, mods);

	assert_int_equal(vtep_detach(fake_conn(), 100, "veth1", &err), 1);
	assert_int_equal(fake_find("veth1")->master, 0);
	assert_int_equal(vtep_detach(fake_conn(), 100, "veth1", &err), 0);
	assert_int_equal(vtep_detach(fake_conn(), 100, "nope0", &err), -ENODEV);
}

static void delete_refuses_busy_bridge_unless_forced(void **state)
{
	(void)state;
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	vtep_create(fake_conn(), &s, &err);
	fake_add(port("veth1"));
	fake_add(port("veth2"));
	vtep_attach(fake_conn(), 100, "veth1", &err);
	vtep_attach(fake_conn(), 100, "veth2", &err);
	struct snapshot before = snap();
	assert_int_equal(vtep_delete(fake_conn(), 100, 0, &err), -EBUSY);
	assert_non_null(strstr(err.msg, "2 attached port(s): veth1, veth2"));
	assert_same(&before);
	assert_int_equal(vtep_delete(fake_conn(), 100, VTEP_DELETE_FORCE, &err), 2);
	assert_null(fake_find("br100"));
	assert_null(fake_find("vx100"));
	assert_non_null(fake_find("veth1")); /* ports survive, released */
	assert_int_equal(fake_find("veth1")->master, 0);
	assert_int_equal(vtep_delete(fake_conn(), 100, 0, &err), 0);
	assert_int_equal(vtep_delete(fake_conn(), 0, 0, &err), -EINVAL);
}

static void list_groups_owned_devices_and_counts_ports(void **state)
{
	(void)state;
	struct vxerr err = {0};
	static const uint32_t vnis[] = {300, 100, 16777215, 200};
	for (int i = 0; i < 4; i++) {
		struct vtep_spec s = spec(vnis[i], "10.0.0.2", 0);
		assert_int_equal(vtep_create(fake_conn(), &s, &err), 7);
	}
	fake_add(port("veth1"));
	fake_add(port("veth2"));
	vtep_attach(fake_conn(), 200, "veth1", &err);
	vtep_attach(fake_conn(), 200, "veth2", &err);
	/* A foreign lookalike and a half-deleted VNI. */
	struct link_state f = {.addr_gen_mode = -1};
	strcpy(f.name, "br400");
	strcpy(f.kind, "bridge");
	fake_add(f);
	struct link_state *vx300 = fake_find("vx300");
	*vx300 = fake.link[--fake.nlinks];
	fake.dump_intr = 2; /* the dump is retried */

	struct vtep_info *v = NULL;
	size_t n = 0;
	assert_int_equal(vtep_list(fake_conn(), &v, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].vni, 100);
	assert_int_equal(v[1].vni, 200);
	assert_int_equal(v[2].vni, 300);
	assert_int_equal(v[3].vni, 16777215);
	assert_true(v[0].enslaved && v[0].vxlan_up && v[0].bridge_up && v[0].neigh_suppress);
	assert_false(v[0].learning);
	assert_int_equal(v[0].mtu, 1450);
	assert_int_equal(v[0].port, 4789);
	assert_int_equal(v[0].nports, 0);
	assert_int_equal(v[1].nports, 2);
	assert_int_equal(v[2].vxlan_ifindex, 0); /* bridge only */
	assert_true(v[2].bridge_ifindex > 0);
	assert_false(v[2].enslaved);
	assert_string_equal(v[3].vxlan_name, "vx16777215");
	free(v);

	struct vtep_info one;
	assert_int_equal(vtep_get(fake_conn(), 200, &one, &err), 0);
	assert_int_equal(one.nports, 2);
	assert_true(one.enslaved);
	assert_int_equal(vtep_get(fake_conn(), 400, &one, &err), -ENOENT);
}

static void kernel_error_text_reaches_the_caller(void **state)
{
	(void)state;
	/* Another VXLAN device already owns VNI 100 on port 4789 under another name. */
	struct link_state other = {.addr_gen_mode = -1, .has_vxlan = true};
	strcpy(other.name, "vxlan-legacy");
	strcpy(other.kind, "vxlan");
	other.vxlan.vni = 100;
	other.vxlan.port = 4789;
	fake_add(other);
	struct snapshot before = snap();
	struct vxerr err = {0};
	struct vtep_spec s = spec(100, "10.0.0.2", 0);
	assert_int_equal(vtep_create(fake_conn(), &s, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "create VXLAN device vx100"));
	assert_non_null(strstr(err.msg, "specified VNI already exists"));
	assert_same(&before); /* the bridge made before the failure is gone */
}

static void vlan_sub_interfaces(void **state)
{
	(void)state;
	struct vxerr err = {0};
	char name[IFNAMSIZ];
	fake_add(port("eth2"));
	assert_int_equal(vlan_if_create(fake_conn(), "eth2", 10, name, &err), 2);
	assert_string_equal(name, "eth2.10");
	struct link_state *v = fake_find("eth2.10");
	assert_non_null(v);
	assert_string_equal(v->kind, "vlan");
	assert_int_equal(v->link, fake_find("eth2")->ifindex);
	assert_string_equal(v->alias, "vxgw:vlan=eth2.10");
	assert_true(v->flags & IFF_UP);
	int mods = fake.modifications;
	assert_int_equal(vlan_if_create(fake_conn(), "eth2", 10, name, &err), 0);
	assert_int_equal(fake.modifications, mods);
	struct link_state f = port("eth2.20");
	fake_add(f);
	assert_int_equal(vlan_if_create(fake_conn(), "eth2", 20, name, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "not owned by vxgw"));
	assert_int_equal(vlan_if_delete(fake_conn(), "eth2", 20, &err), -EEXIST);
	assert_int_equal(vlan_if_create(fake_conn(), "eth9", 10, name, &err), -ENODEV);
	assert_int_equal(vlan_if_create(fake_conn(), "eth2", 4095, name, &err), -EINVAL);
	assert_int_equal(vlan_if_create(fake_conn(), "enp0s31f6abc", 4094, name, &err), -EINVAL);
	assert_int_equal(vlan_if_delete(fake_conn(), "eth2", 10, &err), 1);
	assert_null(fake_find("eth2.10"));
	assert_int_equal(vlan_if_delete(fake_conn(), "eth2", 10, &err), 0);
	fake.no_vlan = true;
	struct snapshot before = snap();
	assert_int_equal(vlan_if_create(fake_conn(), "eth2", 10, name, &err), -EOPNOTSUPP);
	assert_non_null(strstr(err.msg, "no 802.1Q VLAN support"));
	assert_same(&before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(create_builds_everything_then_is_a_noop, setup),
		cmocka_unit_test_setup(create_ipv6_derives_mtu_with_70_bytes_overhead, setup),
		cmocka_unit_test_setup(create_without_underlay_address_needs_mtu, setup),
		cmocka_unit_test_setup(create_rejects_bad_spec_before_any_request, setup),
		cmocka_unit_test_setup(foreign_bridge_with_our_name_is_untouched, setup),
		cmocka_unit_test_setup(mark_of_another_vni_or_kind_is_foreign, setup),
		cmocka_unit_test_setup(existing_vxlan_with_other_vni_local_or_port_is_an_error, setup),
		cmocka_unit_test_setup(adopt_converges_mutable_drift, setup),
		cmocka_unit_test_setup(adopt_reenslaves_a_released_vxlan, setup),
		cmocka_unit_test_setup(every_failed_step_rolls_back_fresh_create, setup),
		cmocka_unit_test_setup(failed_convergence_restores_adopted_devices, setup),
		cmocka_unit_test_setup(attach_detach_semantics, setup),
		cmocka_unit_test_setup(delete_refuses_busy_bridge_unless_forced, setup),
		cmocka_unit_test_setup(list_groups_owned_devices_and_counts_ports, setup),
		cmocka_unit_test_setup(kernel_error_text_reaches_the_caller, setup),
		cmocka_unit_test_setup(vlan_sub_interfaces, setup),
	};
	return cmocka_run_group_tests_name("vtep", tests, NULL, NULL);
}
