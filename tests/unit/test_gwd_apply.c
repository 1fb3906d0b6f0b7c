/* gwd apply: plans executed against the fake kernel (tests/unit/nl_stub.c). Apply is
 * all or nothing: a kernel refusal at ANY request leaves the link table exactly as it
 * was; a successful apply can be undone later to the same effect. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>

#include "../../gwd/gwd_apply.h"
#include "../../gwd/gwd_node.h"
#include "nl_stub.h"

static int setup(void **state)
{
	(void)state;
	fake_reset();
	const char *names[] = {"u0", "eth1", "eth2", "eth3"};
	for (size_t i = 0; i < 4; i++) {
		struct link_state l = {.flags = IFF_UP, .mtu = 1500, .addr_gen_mode = -1};
		strcpy(l.name, names[i]);
		int idx = fake_add(l);
		if (i == 0)
			fake_add_addr(idx, "10.0.0.4", 24);
	}
	return 0;
}

static struct gwd_config *example(void)
{
	struct gwd_config *c;
	struct gwd_config_errors e;
	assert_int_equal(gwd_config_load("config/gwd.json", &c, &e), 0);
	return c;
}

static bool s_debug = false; /* true: print each injected failure */

struct snapshot {
	struct link_state link[FAKE_MAX_LINKS];
	int n;
};

static void snap(struct snapshot *s)
{
	memcpy(s->link, fake.link, sizeof(s->link));
	s->n = fake.nlinks;
}

static const char *master_name(const struct link_state *all, int n, int master)
{
	for (int i = 0; i < n; i++)
		if (all[i].ifindex == master)
			return all[i].name;
	return "";
}

/* Same devices by name, same masters (by name: a re-created bridge has a new ifindex),
 * MTUs, marks and kinds. */
static void assert_same(const struct snapshot *s)
{
	if (s->n != fake.nlinks)
		for (int i = 0; i < fake.nlinks; i++)
			print_message("now: %s (%s)\n", fake.link[i].name, fake.link[i].alias);
	assert_int_equal(s->n, fake.nlinks);
	for (int i = 0; i < s->n; i++) {
		const struct link_state *now = fake_find(s->link[i].name);
		assert_non_null(now);
		assert_string_equal(master_name(s->link, s->n, s->link[i].master),
				    master_name(fake.link, fake.nlinks, now->master));
		assert_int_equal(s->link[i].mtu, now->mtu);
		assert_string_equal(s->link[i].alias, now->alias);
		assert_string_equal(s->link[i].kind, now->kind);
	}
}

/* Read, plan, apply: returns gwd_apply's result. */
static int converge(const struct gwd_config *c, struct plan *p, struct gwd_undo *u, struct vxerr *err)
{
	struct gwd_node node;
	assert_int_equal(gwd_node_read(fake_conn(), &node, err), 0);
	struct gwd_actual a;
	gwd_node_actual(&node, &a);
	assert_int_equal(plan_compute(c, &a, p), 0);
	int rc = gwd_apply(fake_conn(), c, p, &node, u, err);
	gwd_node_free(&node);
	return rc;
}

static void from_nothing_then_nothing_to_do(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct plan p;
	struct gwd_undo u;
	struct vxerr err = {0};
	int rc = converge(c, &p, &u, &err);
	if (rc < 0)
		print_message("%s\n", err.msg);
	assert_true(rc > 0);
	assert_int_equal(p.n, 7);
	assert_non_null(fake_find("vx100"));
	assert_non_null(fake_find("br200"));
	assert_int_equal(fake_find("eth1")->master, fake_find("br100")->ifindex);
	assert_int_equal(fake_find("eth2.10")->master, fake_find("br100")->ifindex);
	assert_int_equal(fake_find("eth2.20")->master, fake_find("br200")->ifindex);
	assert_int_equal(fake_find("vx200")->mtu, 1450);
	gwd_undo_free(&u);
	plan_free(&p);
	/* The node now has it all: the next plan is empty and applying it changes nothing. */
	int mods = fake.modifications;
	assert_int_equal(converge(c, &p, &u, &err), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(fake.modifications, mods);
	gwd_undo_free(&u);
	plan_free(&p);
	gwd_config_free(c);
}

static void failure_at_every_request_leaves_the_node_unchanged(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	/* A starting point with something to undo of every kind: eth3 bound to a VNI that
	 * goes away, VNI 200 with the wrong MTU. */
	struct plan p;
	struct gwd_undo u;
	struct vxerr err = {0};
	struct gwd_config *start;
	struct gwd_config_errors e;
	const char *text = "{\"vtep\":{\"address\":\"10.0.0.4\"},\"bgp\":{\"asn\":65000,\"router_id\":"
			   "\"10.0.0.4\",\"route_reflectors\":[{\"address\":\"10.0.0.1\"}]},"
			   "\"segments\":[{\"vni\":200,\"name\":\"lab\",\"mtu\":1400,\"ports\":[]},"
			   "{\"vni\":300,\"name\":\"old\",\"ports\":[{\"port\":\"eth3\"}]}]}";
	assert_int_equal(gwd_config_parse(text, strlen(text), &start, &e), 0);
	assert_true(converge(start, &p, &u, &err) > 0);
	gwd_undo_free(&u);
	plan_free(&p);
	gwd_config_free(start);

	struct snapshot before;
	snap(&before);
	int base = fake.modifications;
	/* Count the requests a full apply makes, then fail each one in turn. */
	assert_true(converge(c, &p, &u, &err) > 0);
	int total = fake.modifications - base;
	assert_true(total >= 8);
	gwd_undo_run(fake_conn(), &u, &err);
	gwd_undo_free(&u);
	plan_free(&p);
	assert_same(&before);
	for (int n = 1; n <= total; n++) {
		fake.fail_mod = n;
		fake.fail_errno = EPERM;
		fake.modifications = 0;
		int rc = converge(c, &p, &u, &err);
		fake.fail_mod = 0;
		if (s_debug)
			print_message("fail at %d/%d: %s\n", n, total, err.msg);
		assert_true(rc < 0);
		assert_non_null(strstr(err.msg, "step "));
		assert_same(&before);
		plan_free(&p);
	}
	gwd_config_free(c);
}

static void undo_after_success_restores(void **state)
{
	(void)state;
	struct gwd_config *c = example();
	struct snapshot before;
	snap(&before);
	struct plan p;
	struct gwd_undo u;
	struct vxerr err = {0};
	assert_true(converge(c, &p, &u, &err) > 0);
	assert_int_equal(gwd_undo_run(fake_conn(), &u, &err), 0);
	assert_same(&before);
	gwd_undo_free(&u);
	plan_free(&p);
	gwd_config_free(c);
}

static void vlan_binding_without_8021q_is_refused_and_rolled_back(void **state)
{
	(void)state;
	fake.no_vlan = true;
	struct gwd_config *c = example();
	struct snapshot before;
	snap(&before);
	struct plan p;
	struct gwd_undo u;
	struct vxerr err = {0};
	assert_true(converge(c, &p, &u, &err) < 0);
	assert_non_null(strstr(err.msg, "no 802.1Q VLAN support"));
	assert_non_null(strstr(err.msg, "earlier steps undone"));
	assert_same(&before);
	plan_free(&p);
	gwd_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(from_nothing_then_nothing_to_do, setup),
		cmocka_unit_test_setup(failure_at_every_request_leaves_the_node_unchanged, setup),
		cmocka_unit_test_setup(undo_after_success_restores, setup),
		cmocka_unit_test_setup(vlan_binding_without_8021q_is_refused_and_rolled_back, setup),
	};
	return cmocka_run_group_tests_name("gwd_apply", tests, NULL, NULL);
}
