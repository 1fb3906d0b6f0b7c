/* vxgw-cni results: parsing any supported version, rendering per version (golden). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "../../cni/cni_result.h"

static const char *const ipam_100 =
	"{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.1.0.5/24\",\"gateway\":\"10.1.0.1\"},"
	"{\"address\":\"fd00::5/64\"}],\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"fd01::/"
	"64\",\"gw\":\"fd00::1\"}],\"dns\":{\"nameservers\":[\"10.1.0.53\"]}}";

static struct cni_result parsed(const char *text)
{
	struct cni_result r;
	struct cni_err e = {0};
	json_t *j = json_loads(text, 0, NULL);
	assert_non_null(j);
	if (cni_result_parse(j, &r, &e))
		fail_msg("parse: %s", e.msg);
	json_decref(j);
	return r;
}

static void with_interfaces(struct cni_result *r)
{
	r->nifaces = 3;
	strcpy(r->iface[0].name, "br100");
	strcpy(r->iface[1].name, "vxc0123456789");
	strcpy(r->iface[2].name, "eth1");
	strcpy(r->iface[2].mac, "02:00:00:00:00:01");
	strcpy(r->iface[2].sandbox, "/var/run/netns/p");
	r->iface[2].mtu = 1450;
	for (int i = 0; i < r->nips; i++)
		r->ip[i].iface = 2;
}

static void golden(const char *version, const char *want)
{
	struct cni_result r = parsed(ipam_100);
	with_interfaces(&r);
	json_t *out = cni_result_render(&r, version);
	char *s = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *w = json_loads(want, 0, NULL);
	char *ws = json_dumps(w, JSON_COMPACT | JSON_SORT_KEYS);
	if (strcmp(s, ws) != 0)
		fail_msg("%s:\n got  %s\n want %s", version, s, ws);
	free(s);
	free(ws);
	json_decref(w);
	json_decref(out);
	cni_result_free(&r);
}

#define IFACES_OLD                                                                            \
	"\"interfaces\":[{\"name\":\"br100\"},{\"name\":\"vxc0123456789\"},{\"name\":\"eth1\","    \
	"\"mac\":\"02:00:00:00:00:01\",\"sandbox\":\"/var/run/netns/p\"}]"
#define REST                                                                                  \
	"\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"fd01::/64\",\"gw\":\"fd00::1\"}],"          \
	"\"dns\":{\"nameservers\":[\"10.1.0.53\"]}"

static void render_each_version(void **state)
{
	(void)state;
	const char *legacy_ips = "\"ips\":[{\"version\":\"4\",\"address\":\"10.1.0.5/24\","
				 "\"gateway\":\"10.1.0.1\",\"interface\":2},{\"version\":\"6\","
				 "\"address\":\"fd00::5/64\",\"interface\":2}]";
	const char *ips = "\"ips\":[{\"address\":\"10.1.0.5/24\",\"gateway\":\"10.1.0.1\","
			  "\"interface\":2},{\"address\":\"fd00::5/64\",\"interface\":2}]";
	static const char *const legacy[] = {"0.3.0", "0.3.1", "0.4.0"};
	char want[2048];
	for (int i = 0; i < 3; i++) {
		snprintf(want, sizeof(want), "{\"cniVersion\":\"%s\"," IFACES_OLD ",%s," REST "}",
			 legacy[i], legacy_ips);
		golden(legacy[i], want);
	}
	snprintf(want, sizeof(want), "{\"cniVersion\":\"1.0.0\"," IFACES_OLD ",%s," REST "}", ips);
	golden("1.0.0", want);
	snprintf(want, sizeof(want),
		 "{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":\"br100\"},{\"name\":"
		 "\"vxc0123456789\"},{\"name\":\"eth1\",\"mac\":\"02:00:00:00:00:01\",\"mtu\":1450,"
		 "\"sandbox\":\"/var/run/netns/p\"}],%s," REST "}",
		 ips);
	golden("1.1.0", want);
}

static void parse_accepts_legacy_and_ignores_extras(void **state)
{
	(void)state;
	struct cni_result r = parsed(
		"{\"cniVersion\":\"0.3.1\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/x\"}],"
		"\"ips\":[{\"version\":\"4\",\"address\":\"10.0.0.2/8\",\"interface\":0}],"
		"\"routes\":[{\"dst\":\"10.0.0.0/8\",\"mtu\":1400,\"priority\":5}],\"extra\":1}");
	assert_int_equal(r.nifaces, 1);
	assert_int_equal(r.nips, 1);
	assert_int_equal(r.ip[0].prefixlen, 8);
	assert_int_equal(r.ip[0].iface, 0);
	assert_int_equal(r.nroutes, 1);
	cni_result_free(&r);
	r = parsed("{}");
	assert_int_equal(r.nifaces + r.nips + r.nroutes, 0);
	json_t *out = cni_result_render(&r, "1.0.0");
	assert_string_equal(json_string_value(json_object_get(out, "cniVersion")), "1.0.0");
	assert_true(json_is_object(json_object_get(out, "dns")));
	json_decref(out);
}

static void parse_rejects_malformed(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"[]",
		"{\"ips\":{}}",
		"{\"ips\":[{\"address\":\"10.0.0.1\"}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/33\"}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/24\",\"gateway\":\"fd00::1\"}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/24\",\"version\":\"6\"}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/24\",\"interface\":-1}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/ 24\"}]}",
		"{\"ips\":[{\"address\":\"10.0.0.1/024x\"}]}",
		"{\"interfaces\":[{\"mac\":\"x\"}]}",
		"{\"interfaces\":[{\"name\":\"0123456789abcdefg\"}]}",
		"{\"interfaces\":[{\"name\":\"e\",\"mtu\":70000}]}",
		"{\"routes\":[{\"dst\":\"x\"}]}",
		"{\"routes\":[{\"dst\":\"10.0.0.0/8\",\"gw\":\"fd00::1\"}]}",
		"{\"dns\":[]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cni_result r;
		struct cni_err e = {0};
		json_t *j = json_loads(bad[i], 0, NULL);
		assert_non_null(j);
		if (cni_result_parse(j, &r, &e) != -1)
			fail_msg("accepted: %s", bad[i]);
		assert_int_equal(e.code, CNI_ERR_DECODE);
		json_decref(j);
	}
	/* More entries than we model is an error, not a silent truncation. */
	char big[4096] = "{\"ips\":[";
	for (int i = 0; i <= CNI_MAX_IPS; i++)
		strcat(big, i ? ",{\"address\":\"10.0.0.1/8\"}" : "{\"address\":\"10.0.0.1/8\"}");
	strcat(big, "]}");
	json_t *j = json_loads(big, 0, NULL);
	struct cni_result r;
	struct cni_err e;
	assert_int_equal(cni_result_parse(j, &r, &e), -1);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_each_version),
		cmocka_unit_test(parse_accepts_legacy_and_ignores_extras),
		cmocka_unit_test(parse_rejects_malformed),
	};
	return cmocka_run_group_tests_name("cni_result", tests, NULL, NULL);
}
