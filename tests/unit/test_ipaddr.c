/* VTEP address validation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "../../evpn/ipaddr.h"

static void accepts_unicast_v4_and_v6(void **state)
{
	(void)state;
	struct ipaddr a;
	struct vxerr err = {0};
	char s[IPADDR_STRLEN];
	assert_int_equal(ipaddr_parse_vtep("10.0.0.4", &a, &err), 0);
	assert_int_equal(a.family, AF_INET);
	assert_string_equal(ipaddr_format(&a, s), "10.0.0.4");
	assert_int_equal(ipaddr_len(&a), 4);
	assert_int_equal(ipaddr_parse_vtep("2001:db8::4", &a, &err), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_string_equal(ipaddr_format(&a, s), "2001:db8::4");
	assert_int_equal(ipaddr_len(&a), 16);
	assert_int_equal(ipaddr_parse_vtep("fd00::1", &a, &err), 0);
	assert_int_equal(ipaddr_parse_vtep("127.0.0.1", &a, &err), 0);
}

static void rejects_with_specific_reason(void **state)
{
	(void)state;
	static const struct {
		const char *in, *why;
	} cases[] = {
		{"", "missing"},
		{"10.0.0", "not an IPv4 or IPv6 address"},
		{"10.0.0.256", "not an IPv4 or IPv6 address"},
		{"10.0.0.1/24", "not an IPv4 or IPv6 address"},
		{"host.example", "not an IPv4 or IPv6 address"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"239.1.1.1", "multicast"},
		{"ff02::1", "multicast"},
		{"255.255.255.255", "broadcast"},
		{"fe80::1", "link-local"},
		{"::ffff:10.0.0.1", "IPv4-mapped"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ipaddr a = {.family = 99};
		struct vxerr err = {0};
		assert_int_equal(ipaddr_parse_vtep(cases[i].in, &a, &err), -EINVAL);
		assert_int_equal(a.family, 99); /* output untouched */
		if (!strstr(err.msg, cases[i].why))
			fail_msg("'%s': message '%s' lacks '%s'", cases[i].in, err.msg, cases[i].why);
	}
	struct vxerr err = {0};
	struct ipaddr a;
	assert_int_equal(ipaddr_parse_vtep(NULL, &a, &err), -EINVAL);
}

static void equality_respects_family(void **state)
{
	(void)state;
	struct ipaddr a, b, c;
	ipaddr_parse_vtep("10.0.0.1", &a, NULL);
	ipaddr_parse_vtep("10.0.0.1", &b, NULL);
	ipaddr_parse_vtep("2001:db8::1", &c, NULL);
	assert_true(ipaddr_equal(&a, &b));
	assert_false(ipaddr_equal(&a, &c));
	struct ipaddr unset = {0};
	char s[IPADDR_STRLEN];
	assert_string_equal(ipaddr_format(&unset, s), "-");
	assert_int_equal(ipaddr_check_vtep(&unset, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_unicast_v4_and_v6),
		cmocka_unit_test(rejects_with_specific_reason),
		cmocka_unit_test(equality_respects_family),
	};
	return cmocka_run_group_tests_name("ipaddr", tests, NULL, NULL);
}
