/* gwd configuration: the example file, every error class with its JSON path, all
 * errors reported in one pass, nothing returned when anything is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../gwd/gwd_config.h"

static void example_file_is_valid(void **state)
{
	(void)state;
	struct gwd_config *c;
	struct gwd_config_errors e;
	int rc = gwd_config_load("config/gwd.json", &c, &e);
	for (size_t i = 0; i < e.n; i++)
		print_message("%s\n", e.msg[i]);
	assert_int_equal(rc, 0);
	assert_int_equal(c->vtep_port, 4789);
	assert_int_equal(c->asn, 65000);
	assert_int_equal(c->nrr, 1);
	assert_int_equal(c->npeers, 1);
	assert_int_equal(c->peer[0].asn, 65100);
	assert_string_equal(c->peer[0].password_file, "/etc/vxgw/bgp.key");
	assert_int_equal(c->nsegments, 2);
	assert_int_equal(c->segments[0].vni, 100);
	assert_int_equal(c->segments[0].nports, 2);
	assert_string_equal(c->segments[0].ports[1].name, "eth2");
	assert_int_equal(c->segments[0].ports[1].vlan, 10);
	assert_int_equal(c->segments[1].mtu, 1450);
	assert_true(c->snmp_enabled);
	gwd_config_free(c);
}

#define BASE                                                                                  \
	"\"vtep\":{\"address\":\"10.0.0.4\"},\"bgp\":{\"asn\":65000,\"router_id\":\"10.0.0.4\"," \
	"\"route_reflectors\":[{\"address\":\"10.0.0.1\"}]}"

static void expect_errors(const char *json, const char *const want[])
{
	struct gwd_config *c = (struct gwd_config *)1;
	struct gwd_config_errors e;
	assert_int_equal(gwd_config_parse(json, strlen(json), &c, &e), -1);
	assert_null(c);
	size_t nwant = 0;
	for (; want[nwant]; nwant++) {
		bool found = false;
		for (size_t i = 0; i < e.n; i++)
			found |= strstr(e.msg[i], want[nwant]) != NULL;
		if (!found) {
			for (size_t i = 0; i < e.n; i++)
				print_message("  got: %s\n", e.msg[i]);
			fail_msg("missing error '%s' for %s", want[nwant], json);
		}
	}
	if (e.n != nwant) {
		for (size_t i = 0; i < e.n; i++)
			print_message("  got: %s\n", e.msg[i]);
		fail_msg("%zu errors, expected %zu", e.n, nwant);
	}
	gwd_config_errors_free(&e);
}

static void every_error_with_its_path(void **state)
{
	(void)state;
	expect_errors("{" BASE ",\"segments\":[{\"vni\":100,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"eth1\",\"vlan\":4095}]}]}",
		      (const char *const[]){"segments[0].ports[0].vlan: 4095 is reserved", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":100,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"eth1\",\"vlan\":0}]}]}",
		      (const char *const[]){"segments[0].ports[0].vlan: 0 is not a VLAN id", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":0,\"name\":\"a\"},{\"vni\":16777216,"
		      "\"name\":\"b\"}]}",
		      (const char *const[]){"segments[0].vni: VNI 0 is reserved",
					    "segments[1].vni: VNI 16777216 exceeds 24 bits", NULL});
	expect_errors("{" BASE ",\"segments\":[],\"colour\":1}",
		      (const char *const[]){"colour: unknown key", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\",\"prots\":[]}]}",
		      (const char *const[]){"segments[0].prots: unknown key", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\"},{\"vni\":1,\"name\":"
		      "\"a\"}]}",
		      (const char *const[]){"segments[1]: VNI 1 is already used by segments[0]",
					    "segments[1]: name 'a' is already used", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"eth1\"}]},{\"vni\":2,\"name\":\"b\",\"ports\":[{\"port\":\"eth1\"}]}]}",
		      (const char *const[]){"segments[1].ports[0]: eth1 is already bound in "
					    "segments[0]",
					    NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"eth1\"},{\"port\":\"eth1\",\"vlan\":10}]}]}",
		      (const char *const[]){"eth1 is bound whole in one place and per VLAN", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"eth1.10\"},{\"port\":\"br100\"}]}]}",
		      (const char *const[]){"ports[0].port: 'eth1.10' is not an interface name",
					    "ports[1].port: 'br100' is a vxgw device name", NULL});
	expect_errors("{\"vtep\":{\"address\":\"224.0.0.1\",\"port\":0},\"bgp\":{\"asn\":0,"
		      "\"router_id\":\"2001:db8::1\",\"route_reflectors\":[]},\"segments\":[]}",
		      (const char *const[]){"vtep.address: VTEP address 224.0.0.1 is multicast",
					    "vtep.port: must be an integer in 1-65535",
					    "bgp.asn: must be an integer in 1-4294967295",
					    "bgp.router_id: must be an IPv4 address",
					    "bgp.route_reflectors: must be an array of 1-32", NULL});
	expect_errors("{" BASE ",\"segments\":[{\"vni\":1,\"name\":\"a\",\"ports\":[{\"port\":"
		      "\"enp0s31f6abcdef\",\"vlan\":100}]}]}",
		      (const char *const[]){"VLAN interface name enp0s31f6abcdef.100 would exceed 15",
					    NULL});
	expect_errors("{" BASE "}", (const char *const[]){"segments: missing", NULL});
	expect_errors("{\"segments\":[]}", (const char *const[]){"vtep: missing", "bgp: missing", NULL});
	expect_errors("{\"vtep\":{\"address\":\"10.0.0.4\"},\"bgp\":{\"asn\":1,\"router_id\":"
		      "\"10.0.0.4\",\"route_reflectors\":[{\"address\":\"10.0.0.1\"}],\"peers\":[{"
		      "\"address\":\"10.0.0.1\",\"password_file\":\"key\",\"multihop\":0}]},"
		      "\"segments\":[]}",
		      (const char *const[]){"bgp.peers[0]: address is already a route reflector",
					    "bgp.peers[0].password_file: 'key' must be an absolute path",
					    "bgp.peers[0].multihop: must be an integer in 1-255", NULL});
	expect_errors("{" BASE ",\"segments\":[],\"firewall\":{\"vtep_allowlist\":\"static\"},"
		      "\"ipsec\":{\"enabled\":\"yes\"},\"snmp\":{\"port\":161}}",
		      (const char *const[]){"firewall.static_vteps: needed",
					    "ipsec.enabled: must be true or false",
					    "snmp.port: unknown key", NULL});
	expect_errors("{\"a\":1,\"a\":2}", (const char *const[]){"(file): line 1", NULL});
	expect_errors("[]", (const char *const[]){"(file): must be a JSON object", NULL});
}

static void missing_file(void **state)
{
	(void)state;
	struct gwd_config *c;
	struct gwd_config_errors e;
	assert_int_equal(gwd_config_load("/nonexistent/gwd.json", &c, &e), -1);
	assert_int_equal(e.n, 1);
	assert_non_null(strstr(e.msg[0], "No such file"));
	gwd_config_errors_free(&e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_file_is_valid),
		cmocka_unit_test(every_error_with_its_path),
		cmocka_unit_test(missing_file),
	};
	return cmocka_run_group_tests_name("gwd_config", tests, NULL, NULL);
}
