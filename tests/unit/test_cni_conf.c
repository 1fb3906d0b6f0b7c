/* vxgw-cni: environment and network config validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../../cni/cni_conf.h"

static const char *env_vals[16][2];

static const char *fake_getenv(const char *name)
{
	for (int i = 0; env_vals[i][0]; i++)
		if (strcmp(env_vals[i][0], name) == 0)
			return env_vals[i][1];
	return NULL;
}

static void set_env(const char *cmd, const char *cid, const char *netns, const char *ifname,
		    const char *args)
{
	memset(env_vals, 0, sizeof(env_vals));
	const char *kv[][2] = {{"CNI_COMMAND", cmd},	{"CNI_CONTAINERID", cid},
			       {"CNI_NETNS", netns},	{"CNI_IFNAME", ifname},
			       {"CNI_ARGS", args},	{"CNI_PATH", "/usr/lib/cni"}};
	int n = 0;
	for (int i = 0; i < 6; i++)
		if (kv[i][1]) {
			env_vals[n][0] = kv[i][0];
			env_vals[n++][1] = kv[i][1];
		}
}

static int parse(const char *json, struct cni_conf *c, struct cni_err *e)
{
	struct cni_env env;
	int rc = cni_env_parse(fake_getenv, &env, e);
	if (rc)
		return rc;
	return cni_conf_parse(json, strlen(json), &env, c, e);
}

static void env_rules(void **state)
{
	(void)state;
	struct cni_env env;
	struct cni_err e;
	set_env("ADD", "abc123", "/var/run/netns/p", "eth1", NULL);
	assert_int_equal(cni_env_parse(fake_getenv, &env, &e), 0);
	assert_int_equal(env.cmd, CMD_ADD);
	set_env("DEL", "abc", NULL, "eth1", NULL);
	assert_int_equal(cni_env_parse(fake_getenv, &env, &e), 0); /* DEL: netns optional */
	set_env("VERSION", NULL, NULL, NULL, NULL);
	assert_int_equal(cni_env_parse(fake_getenv, &env, &e), 0);
	static const struct {
		const char *cmd, *cid, *netns, *ifname;
		const char *msg;
	} bad[] = {
		{NULL, "a", "/n", "e", "CNI_COMMAND is not set"},
		{"add", "a", "/n", "e", "CNI_COMMAND 'add'"},
		{"ADD", NULL, "/n", "e", "CNI_CONTAINERID is not set"},
		{"ADD", "_a", "/n", "e", "CNI_CONTAINERID '_a'"},
		{"ADD", "a b", "/n", "e", "CNI_CONTAINERID"},
		{"ADD", "a", "/n", NULL, "CNI_IFNAME is not set"},
		{"ADD", "a", "/n", "..", "not a valid interface name"},
		{"ADD", "a", "/n", "0123456789abcdef", "not a valid interface name"},
		{"ADD", "a", "/n", "a:b", "not a valid interface name"},
		{"ADD", "a", NULL, "e", "CNI_NETNS is not set"},
		{"CHECK", "a", NULL, "e", "CNI_NETNS is not set"},
		{"ADD", "a", "relative", "e", "not an absolute path"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set_env(bad[i].cmd, bad[i].cid, bad[i].netns, bad[i].ifname, NULL);
		assert_int_equal(cni_env_parse(fake_getenv, &env, &e), -1);
		assert_int_equal(e.code, CNI_ERR_ENV);
		if (!strstr(e.msg, bad[i].msg))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, bad[i].msg);
	}
}

static void good_configs(void **state)
{
	(void)state;
	struct cni_conf c;
	struct cni_err e;
	set_env("ADD", "c1", "/var/run/netns/p", "eth1", "IgnoreUnknown=1;K8S_POD_NAME=x;MAC=02:00:00:00:00:01;FOO=bar");
	assert_int_equal(parse("{\"cniVersion\":\"1.1.0\",\"name\":\"lan\",\"type\":\"vxgw-cni\","
			       "\"vni\":100,\"port\":4790,\"mtu\":1400,\"vtep\":{\"address\":"
			       "\"10.0.0.2\"},\"ipam\":{\"type\":\"host-local\"}}",
			       &c, &e),
			 0);
	assert_int_equal(c.vni, 100);
	assert_int_equal(c.port, 4790);
	assert_int_equal(c.mtu, 1400);
	assert_int_equal(c.vtep_addr.family, AF_INET);
	assert_string_equal(c.ipam_type, "host-local");
	assert_true(c.mac_set);
	assert_int_equal(c.mac[5], 1);
	cni_conf_free(&c);

	/* Megalos NAD: vxlanId, suffix, master; defaults for the rest. */
	set_env("ADD", "c1", "/var/run/netns/p", "net1", NULL);
	assert_int_equal(parse("{\"cniVersion\":\"0.3.0\",\"name\":\"m\",\"type\":\"megalos\","
			       "\"suffix\":\"ab\",\"vxlanId\":10,\"master\":\"eth0\"}",
			       &c, &e),
			 0);
	assert_int_equal(c.vni, 10);
	assert_int_equal(c.port, 4789);
	assert_int_equal(c.mtu, 0);
	assert_string_equal(c.vtep_ifname, "eth0");
	assert_null(c.ipam);
	cni_conf_free(&c);

	/* runtimeConfig.mac wins over CNI_ARGS; empty ipam object means no IPAM. */
	set_env("ADD", "c1", "/var/run/netns/p", "eth1", "MAC=02:00:00:00:00:01");
	assert_int_equal(parse("{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"vxgw-cni\","
			       "\"vni\":1,\"ipam\":{},\"runtimeConfig\":{\"mac\":"
			       "\"02:00:00:00:00:02\"}}",
			       &c, &e),
			 0);
	assert_int_equal(c.mac[5], 2);
	assert_null(c.ipam);
	cni_conf_free(&c);
}

static void bad_configs(void **state)
{
	(void)state;
	static const struct {
		const char *json;
		int code;
		const char *msg;
	} cases[] = {
		{"{", CNI_ERR_DECODE, "not valid JSON"},
		{"[]", CNI_ERR_DECODE, "not a JSON object"},
		{"{\"a\":1,\"a\":2}", CNI_ERR_DECODE, "duplicate"},
		{"{\"name\":\"l\"}", CNI_ERR_CONFIG, "'cniVersion' missing"},
		{"{\"cniVersion\":\"0.2.0\"}", CNI_ERR_VERSION, "0.2.0 is not supported"},
		{"{\"cniVersion\":1}", CNI_ERR_CONFIG, "'cniVersion' missing or not a string"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"x\":1}",
		 CNI_ERR_UNSUPPORTED_FIELD, "unsupported key 'x'"},
		{"{\"cniVersion\":\"1.0.0\",\"type\":\"t\",\"vni\":1}", CNI_ERR_CONFIG, "'name'"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"vni\":1}", CNI_ERR_CONFIG, "'type'"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\"}", CNI_ERR_CONFIG,
		 "is required"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":-1}",
		 CNI_ERR_CONFIG, "'vni' must be an integer"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1.5}",
		 CNI_ERR_CONFIG, "'vni' must be an integer"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":16777216}",
		 CNI_ERR_CONFIG, "exceeds 24 bits"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vxlanId\":0}",
		 CNI_ERR_CONFIG, "'vxlanId': VNI 0 is reserved"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"port\":65536}",
		 CNI_ERR_CONFIG, "'port'"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"mtu\":65486}",
		 CNI_ERR_CONFIG, "'mtu'"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"vtep\":\"eth0\"}",
		 CNI_ERR_CONFIG, "'vtep' must be an object"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"vtep\":{}}",
		 CNI_ERR_CONFIG, "exactly one"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"vtep\":{"
		 "\"address\":\"0.0.0.0\"}}",
		 CNI_ERR_CONFIG, "unspecified"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"ipam\":{"
		 "\"type\":\"../x\"}}",
		 CNI_ERR_CONFIG, "'ipam'"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"prevResult\":1}",
		 CNI_ERR_CONFIG, "'prevResult' must be an object"},
		{"{\"cniVersion\":\"1.0.0\",\"name\":\"l\",\"type\":\"t\",\"vni\":1,\"suffix\":2}",
		 CNI_ERR_CONFIG, "'suffix'"},
	};
	set_env("ADD", "c1", "/var/run/netns/p", "eth1", NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cni_conf c;
		struct cni_err e = {0};
		assert_int_equal(parse(cases[i].json, &c, &e), -1);
		if (e.code != cases[i].code || !strstr(e.msg, cases[i].msg))
			fail_msg("case %zu: code %d '%s', expected %d '%s'", i, e.code, e.msg,
				 cases[i].code, cases[i].msg);
		assert_null(c.root); /* nothing leaked on error */
	}
}

static void versions_and_macs(void **state)
{
	(void)state;
	assert_true(cni_version_cmp("0.3.1", "0.4.0") < 0);
	assert_true(cni_version_cmp("1.1.0", "1.0.0") > 0);
	assert_int_equal(cni_version_cmp("1.0.0", "1.0.0"), 0);
	assert_true(cni_version_cmp("junk", "0.1.0") < 0);
	uint8_t m[6];
	assert_true(cni_parse_mac("02:aB:00:00:00:01", m));
	assert_int_equal(m[1], 0xab);
	assert_false(cni_parse_mac("02:00:00:00:00:0", m));
	assert_false(cni_parse_mac("02:00:00:00:00:001", m));
	assert_false(cni_parse_mac("02-00-00-00-00-01", m));
	assert_false(cni_parse_mac("00:00:00:00:00:00", m));
	assert_false(cni_parse_mac("ff:ff:ff:ff:ff:ff", m));
	assert_false(cni_parse_mac(" 2:00:00:00:00:01", m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(env_rules),
		cmocka_unit_test(good_configs),
		cmocka_unit_test(bad_configs),
		cmocka_unit_test(versions_and_macs),
	};
	return cmocka_run_group_tests_name("cni_conf", tests, NULL, NULL);
}
