/* Name scheme, VNI parsing and ownership marks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "../../evpn/vni.h"

static void names_for_extremes_fit_ifnamsiz(void **state)
{
	(void)state;
	char name[IFNAMSIZ];
	struct vxerr err = {0};
	static const uint32_t vnis[] = {1, 9, 10, 100, 4096, 65535, 1000000, 16777215};
	for (size_t i = 0; i < sizeof(vnis) / sizeof(vnis[0]); i++) {
		for (int r = VNI_ROLE_VXLAN; r <= VNI_ROLE_BRIDGE; r++) {
			assert_int_equal(vni_ifname(vnis[i], (enum vni_role)r, name, &err), 0);
			assert_true(strlen(name) < IFNAMSIZ);
			uint32_t back;
			enum vni_role role;
			assert_true(vni_from_ifname(name, &back, &role));
			assert_int_equal(back, vnis[i]);
			assert_int_equal(role, r);
		}
	}
	vni_ifname(16777215, VNI_ROLE_VXLAN, name, &err);
	assert_string_equal(name, "vx16777215");
	vni_ifname(100, VNI_ROLE_BRIDGE, name, &err);
	assert_string_equal(name, "br100");
}

static void every_vni_name_fits(void **state)
{
	(void)state;
	/* Exhaustive over the 24-bit space would be slow; the longest names are the
	 * 8-digit ones, so check each decimal width's maximum. */
	char name[IFNAMSIZ];
	for (uint32_t v = 9; v <= VNI_MAX; v = v * 10 + 9) {
		uint32_t top = v > VNI_MAX ? VNI_MAX : v;
		assert_int_equal(vni_ifname(top, VNI_ROLE_BRIDGE, name, NULL), 0);
		assert_true(strlen(name) <= 10);
		if (v > VNI_MAX / 10)
			break;
	}
}

static void ifname_rejects_invalid_vni(void **state)
{
	(void)state;
	char name[IFNAMSIZ];
	struct vxerr err = {0};
	assert_int_equal(vni_ifname(0, VNI_ROLE_VXLAN, name, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "VNI 0 is reserved"));
	assert_int_equal(vni_ifname(16777216, VNI_ROLE_VXLAN, name, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "16777216 exceeds 24 bits"));
}

static void from_ifname_rejects_lookalikes(void **state)
{
	(void)state;
	uint32_t v;
	enum vni_role r;
	static const char *const bad[] = {"vx",	    "br",	  "vx0",      "vx00100",
					  "br16777216", "vx-1",	  "vx1a",     "eth0",
					  "brx100",     "vx123456789", "br 100", "VX100"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(vni_from_ifname(bad[i], &v, &r));
}

static void parse_accepts_only_strict_decimal(void **state)
{
	(void)state;
	uint32_t v = 0;
	struct vxerr err = {0};
	assert_int_equal(vni_parse("100", &v, &err), 0);
	assert_int_equal(v, 100);
	assert_int_equal(vni_parse("16777215", &v, &err), 0);
	assert_int_equal(v, 16777215);
	static const char *const bad[] = {"",    "0",    "16777216", "99999999", "-1",
					  "+5",  " 5",   "5 ",	     "0x10",     "010",
					  "1e3", "abc",  "123456789"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		assert_int_equal(vni_parse(bad[i], &v, &err), -EINVAL);
		assert_int_equal(v, 7); /* untouched on error */
		assert_int_equal(err.code, EINVAL);
		assert_true(strlen(err.msg) > 0);
	}
	assert_int_equal(vni_parse(NULL, &v, &err), -EINVAL);
}

static void alias_round_trips_and_rejects_others(void **state)
{
	(void)state;
	char a[VNI_ALIAS_MAX];
	uint32_t v;
	enum vni_role r;
	vni_alias(100, VNI_ROLE_VXLAN, a);
	assert_string_equal(a, "vxgw:vni=100:vxlan");
	assert_true(vni_alias_parse(a, &v, &r));
	assert_int_equal(v, 100);
	assert_int_equal(r, VNI_ROLE_VXLAN);
	vni_alias(16777215, VNI_ROLE_BRIDGE, a);
	assert_true(vni_alias_parse(a, &v, &r));
	assert_int_equal(v, 16777215);
	assert_int_equal(r, VNI_ROLE_BRIDGE);
	static const char *const bad[] = {"",
					  "vxgw:",
					  "vxgw:vni=100",
					  "vxgw:vni=100:",
					  "vxgw:vni=100:vxlanx",
					  "vxgw:vni=0:bridge",
					  "vxgw:vni=16777216:bridge",
					  "vxgw:vni=0100:bridge",
					  "vxgw:vni=123456789:bridge",
					  "xvxgw:vni=100:bridge",
					  "my uplink"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(vni_alias_parse(bad[i], &v, &r));
	assert_false(vni_alias_parse(NULL, &v, &r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_for_extremes_fit_ifnamsiz),
		cmocka_unit_test(every_vni_name_fits),
		cmocka_unit_test(ifname_rejects_invalid_vni),
		cmocka_unit_test(from_ifname_rejects_lookalikes),
		cmocka_unit_test(parse_accepts_only_strict_decimal),
		cmocka_unit_test(alias_round_trips_and_rejects_others),
	};
	return cmocka_run_group_tests_name("vni", tests, NULL, NULL);
}
