/* gwd_ctl: the control-socket request parser (every command, every refusal with its
 * words, nothing left behind by a refusal, messages that gwd can always send back as
 * JSON), the interface-name rule it applies, and gwd_vlan_mark_parse (the ifalias
 * mark of a VLAN sub-interface, read back from the kernel). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gwd/gwd_ctl.h"
#include "../../gwd/gwd_node.h"

static struct gwd_request parse_ok(const char *text)
{
	struct gwd_request r;
	memset(&r, 0xa5, sizeof(r)); /* whatever was there before must not survive */
	struct vxerr err = {0};
	int rc = gwd_ctl_parse(text, strlen(text), &r, &err);
	if (rc)
		fail_msg("%s: %s", text, err.msg);
	assert_int_equal(err.code, 0);
	return r;
}

static bool all_zero(const struct gwd_request *r)
{
	static const struct gwd_request zero;
	return memcmp(r, &zero, sizeof(*r)) == 0;
}

/* Refused with EINVAL (or code) and a message containing want; the request struct is
 * left zeroed even when it held a fully parsed request before; the message is valid
 * UTF-8 (gwd answers it as a JSON string). */
static void parse_fails_len(const char *text, size_t len, int code, const char *want)
{
	struct gwd_request r = parse_ok("{\"cmd\":\"bind\",\"port\":\"eth2\",\"vni\":100,\"vlan\":10}");
	struct vxerr err = {0};
	int rc = gwd_ctl_parse(text, len, &r, &err);
	assert_int_equal(rc, -code);
	assert_int_equal(err.code, code);
	if (!strstr(err.msg, want))
		fail_msg("%.*s: message '%s' lacks '%s'", (int)(len > 200 ? 200 : len), text, err.msg,
			 want);
	if (!all_zero(&r))
		fail_msg("%.*s: request not zeroed after the refusal", (int)(len > 200 ? 200 : len),
			 text);
	json_t *s = json_string(err.msg);
	if (!s)
		fail_msg("message is not valid UTF-8: '%s'", err.msg);
	json_decref(s);
}

static void parse_fails(const char *text, const char *want)
{
	parse_fails_len(text, strlen(text), EINVAL, want);
}

static void status_plan_reload(void **state)
{
	(void)state;
	struct gwd_request r = parse_ok("{\"cmd\":\"status\"}");
	assert_int_equal(r.cmd, GWD_CMD_STATUS);
	assert_int_equal(r.vni, 0);
	assert_int_equal(r.vlan, 0);
	assert_string_equal(r.port, "");
	r = parse_ok("{\"cmd\":\"plan\"}");
	assert_int_equal(r.cmd, GWD_CMD_PLAN);
	r = parse_ok(" { \"cmd\" : \"reload\" } \n"); /* whitespace and the line's newline */
	assert_int_equal(r.cmd, GWD_CMD_RELOAD);
	assert_string_equal(gwd_cmd_name(GWD_CMD_STATUS), "status");
	assert_string_equal(gwd_cmd_name(GWD_CMD_UNBIND), "unbind");
	assert_string_equal(gwd_cmd_name(GWD_CMD_RELOAD), "reload");
	assert_string_equal(gwd_cmd_name((enum gwd_cmd)42), "?");
}

static void show_each_what(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		enum gwd_show what;
	} w[] = {{"vnis", GWD_SHOW_VNIS},
		 {"ports", GWD_SHOW_PORTS},
		 {"peers", GWD_SHOW_PEERS},
		 {"macs", GWD_SHOW_MACS}};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		char text[128];
		snprintf(text, sizeof(text), "{\"cmd\":\"show\",\"what\":\"%s\"}", w[i].name);
		struct gwd_request r = parse_ok(text);
		assert_int_equal(r.cmd, GWD_CMD_SHOW);
		assert_int_equal(r.what, w[i].what);
		assert_int_equal(r.vni, 0);
		assert_string_equal(r.port, "");
		assert_int_equal(r.vlan, 0);
		snprintf(text, sizeof(text), "{\"vni\":16777215,\"what\":\"%s\",\"cmd\":\"show\"}",
			 w[i].name);
		r = parse_ok(text);
		assert_int_equal(r.cmd, GWD_CMD_SHOW);
		assert_int_equal(r.what, w[i].what);
		assert_int_equal(r.vni, 16777215);
		snprintf(text, sizeof(text), "{\"cmd\":\"show\",\"what\":\"%s\",\"vni\":1}", w[i].name);
		assert_int_equal(parse_ok(text).vni, 1);
	}
}

static void show_refusals(void **state)
{
	(void)state;
	parse_fails("{\"cmd\":\"show\"}", "what: must be vnis, ports, peers or macs");
	parse_fails("{\"cmd\":\"show\",\"what\":\"links\"}", "what: must be vnis, ports, peers or macs");
	parse_fails("{\"cmd\":\"show\",\"what\":1}", "what: must be vnis, ports, peers or macs");
	parse_fails("{\"cmd\":\"show\",\"what\":\"VNIS\"}", "what: must be vnis");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"vni\":0}", "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"vni\":16777216}",
		    "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"vni\":\"100\"}",
		    "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"vni\":null}", "vni: must be an integer");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"port\":\"eth1\"}", "show: unknown key 'port'");
}

static void bind_forms(void **state)
{
	(void)state;
	struct gwd_request r = parse_ok("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100}");
	assert_int_equal(r.cmd, GWD_CMD_BIND);
	assert_string_equal(r.port, "eth1");
	assert_int_equal(r.vni, 100);
	assert_int_equal(r.vlan, 0);
	r = parse_ok("{\"vlan\":10,\"vni\":200,\"port\":\"eth2\",\"cmd\":\"bind\"}");
	assert_int_equal(r.cmd, GWD_CMD_BIND);
	assert_string_equal(r.port, "eth2");
	assert_int_equal(r.vni, 200);
	assert_int_equal(r.vlan, 10);
	/* The range ends. */
	r = parse_ok("{\"cmd\":\"bind\",\"port\":\"abcdefghijklmno\",\"vni\":1,\"vlan\":1}");
	assert_string_equal(r.port, "abcdefghijklmno");
	assert_int_equal(r.vni, 1);
	assert_int_equal(r.vlan, 1);
	r = parse_ok("{\"cmd\":\"bind\",\"port\":\"e\",\"vni\":16777215,\"vlan\":4094}");
	assert_string_equal(r.port, "e");
	assert_int_equal(r.vni, 16777215);
	assert_int_equal(r.vlan, 4094);
	/* Dots are fine inside a name, as the kernel has it. */
	assert_string_equal(parse_ok("{\"cmd\":\"bind\",\"port\":\"bond0.5\",\"vni\":7}").port, "bond0.5");
}

static void bind_refusals(void **state)
{
	(void)state;
	parse_fails("{\"cmd\":\"bind\",\"vni\":100}", "port: required, a string");
	parse_fails("{\"cmd\":\"bind\",\"port\":1,\"vni\":100}", "port: required, a string");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\"}", "vni: required");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":0}", "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":16777216}",
		    "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":-1}", "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":4294967397}",
		    "vni: must be an integer 1-16777215"); /* 2^32 + 101: no wrap to 101 */
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":\"100\"}",
		    "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100.0}",
		    "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":1e2}", "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":true}", "vni: must be an integer 1-16777215");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":0}",
		    "vlan: must be an integer 1-4094");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":4095}",
		    "vlan: must be an integer 1-4094");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":65546}",
		    "vlan: must be an integer 1-4094"); /* 65536 + 10: no wrap to 10 */
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":\"10\"}",
		    "vlan: must be an integer 1-4094");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":10.5}",
		    "vlan: must be an integer 1-4094");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vlan\":null}",
		    "vlan: must be an integer 1-4094");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"mtu\":1500}", "bind: unknown key 'mtu'");
}

static void bad_ports(void **state)
{
	(void)state;
	static const char *const cmds[] = {
		"{\"cmd\":\"bind\",\"vni\":100,\"port\":%s}",
		"{\"cmd\":\"unbind\",\"port\":%s}",
	};
	static const struct {
		const char *json, *want;
	} bad[] = {
		{"\"\"", "port '' must be 1-15 characters"},
		{"\"abcdefghijklmnop\"", "port 'abcdefghijklmnop' must be 1-15 characters"},
		{"\"a/b\"", "port 'a/b' contains '/', ':', a space or a control character"},
		{"\"a:b\"", "contains '/', ':', a space or a control character"},
		{"\"a b\"", "port 'a b' contains '/', ':', a space or a control character"},
		{"\"a\\tb\"", "contains '/', ':', a space or a control character"},
		{"\"eth1\\n\"", "contains '/', ':', a space or a control character"},
		{"\"\\u007f\"", "contains '/', ':', a space or a control character"},
		{"\".\"", "port '.' is not a valid interface name"},
		{"\"..\"", "port '..' is not a valid interface name"},
		/* jansson refuses \u0000 before get_port could see it. */
		{"\"eth\\u00001\"", "request is not valid JSON"},
		{"\"eth\\u0000\"", "request is not valid JSON"},
		{"null", "port: required, a string"},
		{"[\"eth1\"]", "port: required, a string"},
	};
	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			char text[256];
			snprintf(text, sizeof(text), cmds[c], bad[i].json);
			parse_fails(text, bad[i].want);
		}
	/* A long name is quoted cut short, not in full. */
	char text[256];
	snprintf(text, sizeof(text), "{\"cmd\":\"unbind\",\"port\":\"%0100d\"}", 0);
	struct gwd_request r;
	struct vxerr err = {0};
	assert_int_equal(gwd_ctl_parse(text, strlen(text), &r, &err), -EINVAL);
	assert_true(strlen(err.msg) < 100);
}

static void unbind_forms(void **state)
{
	(void)state;
	struct gwd_request r = parse_ok("{\"cmd\":\"unbind\",\"port\":\"eth1\"}");
	assert_int_equal(r.cmd, GWD_CMD_UNBIND);
	assert_string_equal(r.port, "eth1");
	assert_int_equal(r.vni, 0);
	assert_int_equal(r.vlan, 0);
	r = parse_ok("{\"port\":\"eth2.10\",\"cmd\":\"unbind\"}");
	assert_int_equal(r.cmd, GWD_CMD_UNBIND);
	assert_string_equal(r.port, "eth2.10");
	assert_int_equal(r.vlan, 0); /* the interface name is kept whole */
	parse_fails("{\"cmd\":\"unbind\"}", "port: required, a string");
	parse_fails("{\"cmd\":\"unbind\",\"port\":\"eth2\",\"vlan\":10}", "unbind: unknown key 'vlan'");
	parse_fails("{\"cmd\":\"unbind\",\"port\":\"eth2\",\"vni\":10}", "unbind: unknown key 'vni'");
}

static void not_a_request(void **state)
{
	(void)state;
	parse_fails("", "request is not valid JSON");
	parse_fails("status", "request is not valid JSON");
	parse_fails("{\"cmd\":\"status\"", "request is not valid JSON");
	parse_fails("{\"cmd\":\"status\"} {}", "request is not valid JSON");
	parse_fails("{\"cmd\":'status'}", "request is not valid JSON");
	parse_fails("\xff", "request is not valid JSON");
	parse_fails("{\"cmd\":\"st\xc3\"}", "request is not valid JSON"); /* bad UTF-8 */
	parse_fails("42", "request is not valid JSON");
	parse_fails("\"status\"", "request is not valid JSON");
	parse_fails("[{\"cmd\":\"status\"}]", "request must be a JSON object");
	parse_fails("[]", "request must be a JSON object");
	/* An embedded NUL ends nothing: the length is what counts. */
	static const char nul[] = "{\"cmd\":\"status\"}\0garbage";
	parse_fails_len(nul, sizeof(nul) - 1, EINVAL, "request is not valid JSON");
}

static void cmd_refusals(void **state)
{
	(void)state;
	parse_fails("{}", "cmd: required, a string");
	parse_fails("{\"what\":\"vnis\"}", "cmd: required, a string");
	parse_fails("{\"cmd\":1}", "cmd: required, a string");
	parse_fails("{\"cmd\":null}", "cmd: required, a string");
	parse_fails("{\"cmd\":[\"status\"]}", "cmd: required, a string");
	parse_fails("{\"cmd\":\"\"}", "cmd: '' is not status, show, plan, bind, unbind or reload");
	parse_fails("{\"cmd\":\"restart\"}", "cmd: 'restart' is not status, show, plan, bind, unbind or reload");
	parse_fails("{\"cmd\":\"Status\"}", "cmd: 'Status' is not");
	parse_fails("{\"cmd\":\"status \"}", "cmd: 'status ' is not");
	/* A long one is quoted cut to 32 bytes. */
	parse_fails("{\"cmd\":\"0123456789012345678901234567890123456789\"}",
		    "cmd: '01234567890123456789012345678901' is not");
}

static void unknown_keys(void **state)
{
	(void)state;
	parse_fails("{\"cmd\":\"status\",\"x\":1}", "status: unknown key 'x'");
	parse_fails("{\"x\":1,\"cmd\":\"plan\"}", "plan: unknown key 'x'");
	parse_fails("{\"cmd\":\"reload\",\"force\":true}", "reload: unknown key 'force'");
	parse_fails("{\"cmd\":\"status\",\"vni\":100}", "status: unknown key 'vni'");
	parse_fails("{\"cmd\":\"show\",\"what\":\"vnis\",\"verbose\":true}", "show: unknown key 'verbose'");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":1,\"Port\":\"x\"}", "bind: unknown key 'Port'");
	parse_fails("{\"cmd\":\"unbind\",\"port\":\"eth1\",\"x\":1}", "unbind: unknown key 'x'");
	/* The key is quoted cut to 40 bytes. */
	parse_fails("{\"cmd\":\"status\",\"k123456789012345678901234567890123456789012345\":1}",
		    "status: unknown key 'k123456789012345678901234567890123456789'");
}

static void duplicate_keys(void **state)
{
	(void)state;
	parse_fails("{\"cmd\":\"status\",\"cmd\":\"status\"}", "duplicate object key");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth1\",\"vni\":100,\"vni\":200}", "duplicate object key");
	parse_fails("{\"cmd\":\"unbind\",\"port\":\"eth1\",\"port\":\"eth2\"}", "duplicate object key");
}

static void size_limit(void **state)
{
	(void)state;
	/* Exactly GWD_CTL_MAX_REQUEST bytes is accepted (padding is whitespace). */
	char *text = malloc(GWD_CTL_MAX_REQUEST + 2);
	assert_non_null(text);
	const char *req = "{\"cmd\":\"status\"}";
	memset(text, ' ', GWD_CTL_MAX_REQUEST + 1);
	memcpy(text, req, strlen(req));
	text[GWD_CTL_MAX_REQUEST + 1] = '\0';
	struct gwd_request r;
	struct vxerr err = {0};
	assert_int_equal(gwd_ctl_parse(text, GWD_CTL_MAX_REQUEST, &r, &err), 0);
	assert_int_equal(r.cmd, GWD_CMD_STATUS);
	/* One byte more is refused before parsing. */
	parse_fails_len(text, GWD_CTL_MAX_REQUEST + 1, E2BIG, "request larger than 4096 bytes");
	free(text);
}

/* Every refusal leaves the struct zeroed, including those that fail after part of
 * the request was already stored (port stored, then vni or vlan refused). */
static void refusal_leaves_nothing(void **state)
{
	(void)state;
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth9\",\"vni\":0}", "vni:");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth9\",\"vni\":100,\"vlan\":5000}", "vlan:");
	parse_fails("{\"cmd\":\"show\",\"what\":\"macs\",\"vni\":0}", "vni:");
	parse_fails("{\"cmd\":\"bind\",\"port\":\"eth9\",\"vni\":5,\"x\":0}", "unknown key");
	/* And a following success is not polluted by the earlier request either. */
	struct gwd_request r = parse_ok("{\"cmd\":\"bind\",\"port\":\"eth2\",\"vni\":100,\"vlan\":10}");
	struct vxerr err = {0};
	const char *unb = "{\"cmd\":\"unbind\",\"port\":\"eth1\"}";
	assert_int_equal(gwd_ctl_parse(unb, strlen(unb), &r, &err), 0);
	assert_int_equal(r.cmd, GWD_CMD_UNBIND);
	assert_int_equal(r.vni, 0);
	assert_int_equal(r.vlan, 0);
	assert_memory_equal(r.port, "eth1\0\0\0\0\0\0\0\0\0\0\0\0", IFNAMSIZ);
}

/* Messages quote request text cut by bytes; a cut through a multi-byte character must
 * not leave invalid UTF-8 (gwd's json_pack of the answer would fail: no reply). */
static void messages_are_utf8(void **state)
{
	(void)state;
	/* "a" + 20 x "é": the 32-byte cut falls inside the 16th "é". */
	char text[256] = "{\"cmd\":\"a";
	for (int i = 0; i < 20; i++)
		strcat(text, "\xc3\xa9");
	strcat(text, "\"}");
	parse_fails(text, "' is not status, show");
	/* Same for an unknown key (40-byte cut) and an over-long port (32-byte cut). */
	strcpy(text, "{\"cmd\":\"status\",\"a");
	for (int i = 0; i < 25; i++)
		strcat(text, "\xc3\xa9");
	strcat(text, "\":1}");
	parse_fails(text, "status: unknown key 'a");
	strcpy(text, "{\"cmd\":\"unbind\",\"port\":\"a");
	for (int i = 0; i < 20; i++)
		strcat(text, "\xe2\x82\xac"); /* € */
	strcat(text, "\"}");
	parse_fails(text, "must be 1-15 characters");
	/* Well-formed multi-byte text is kept as it is. */
	parse_fails("{\"cmd\":\"\xc3\xa9t\xc3\xa9\"}", "cmd: '\xc3\xa9t\xc3\xa9' is not");
	/* A port of exotic but whole characters: refused (not isgraph), message intact. */
	parse_fails("{\"cmd\":\"unbind\",\"port\":\"\xc3\xa9th1\"}", "port '\xc3\xa9th1' contains");
}

static void ifname_check(void **state)
{
	(void)state;
	struct vxerr err = {0};
	assert_int_equal(gwd_ifname_check("abcdefghijklmno", "port", &err), 0); /* 15 */
	assert_int_equal(gwd_ifname_check("e", "port", &err), 0);
	assert_int_equal(gwd_ifname_check("eth2.10", "port", &err), 0);
	assert_int_equal(gwd_ifname_check("...", "port", &err), 0);
	assert_int_equal(gwd_ifname_check(".a", "port", &err), 0);
	assert_int_equal(gwd_ifname_check("br-x_y@z", "port", &err), 0);
	assert_int_equal(err.code, 0);

	assert_int_equal(gwd_ifname_check("abcdefghijklmnop", "iface", &err), -EINVAL); /* 16 */
	assert_int_equal(err.code, EINVAL);
	assert_string_equal(err.msg, "iface 'abcdefghijklmnop' must be 1-15 characters");
	assert_int_equal(gwd_ifname_check("", "port", &err), -EINVAL);
	assert_string_equal(err.msg, "port '' must be 1-15 characters");
	assert_int_equal(gwd_ifname_check(".", "port", &err), -EINVAL);
	assert_string_equal(err.msg, "port '.' is not a valid interface name");
	assert_int_equal(gwd_ifname_check("..", "port", &err), -EINVAL);
	assert_string_equal(err.msg, "port '..' is not a valid interface name");
	static const char *const bad[] = {"a/b", "/", "a:b", "a b", " eth1", "eth1 ", "a\tb",
					  "a\nb", "a\x7f", "a\x01", "\xc3\xa9"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vxerr_clear(&err);
		assert_int_equal(gwd_ifname_check(bad[i], "port", &err), -EINVAL);
		assert_non_null(strstr(err.msg, "contains '/', ':', a space or a control character"));
	}
}

static void mark_ok(const char *alias, const char *port, uint16_t vlan)
{
	char p[IFNAMSIZ];
	uint16_t v = 0;
	memset(p, 'x', sizeof(p));
	if (!gwd_vlan_mark_parse(alias, p, &v))
		fail_msg("'%s' refused", alias);
	assert_string_equal(p, port);
	assert_int_equal(v, vlan);
}

static void mark_bad(const char *alias)
{
	char p[IFNAMSIZ] = "keep";
	uint16_t v = 77;
	if (gwd_vlan_mark_parse(alias, p, &v))
		fail_msg("'%s' accepted as %s.%u", alias, p, v);
	/* A refusal writes nothing. */
	assert_string_equal(p, "keep");
	assert_int_equal(v, 77);
}

static void vlan_mark(void **state)
{
	(void)state;
	mark_ok("vxgw:vlan=eth2.10", "eth2", 10);
	mark_ok("vxgw:vlan=eth2.1", "eth2", 1);
	mark_ok("vxgw:vlan=eth2.4094", "eth2", 4094);
	mark_ok("vxgw:vlan=a.b.7", "a.b", 7);
	mark_ok("vxgw:vlan=bond0.100", "bond0", 100);
	mark_ok("vxgw:vlan=abcdefghijklm.1", "abcdefghijklm", 1);  /* the name: 15 bytes */
	mark_ok("vxgw:vlan=abcdefghij.4094", "abcdefghij", 4094); /* 15 too */

	mark_bad("vxgw:vlan=eth2.0");
	mark_bad("vxgw:vlan=eth2.4095");
	mark_bad("vxgw:vlan=eth2.9999");
	mark_bad("vxgw:vlan=eth2.10000");
	mark_bad("vxgw:vlan=eth2.01");
	mark_bad("vxgw:vlan=eth2.00");
	mark_bad("vxgw:vlan=eth2.");
	mark_bad("vxgw:vlan=.10");
	mark_bad("vxgw:vlan=eth2");
	mark_bad("vxgw:vlan=");
	mark_bad("vxgw:vlan=eth2.-1");
	mark_bad("vxgw:vlan=eth2.+1");
	mark_bad("vxgw:vlan=eth2.1a");
	mark_bad("vxgw:vlan=eth2.10 ");
	mark_bad("vxgw:vlan=eth2. 10");
	mark_bad("vxgw:vlan=eth2.10.");
	mark_bad("eth2.10");
	mark_bad("");
	mark_bad("vxgw:vni=100:vxlan");
	mark_bad("VXGW:vlan=eth2.10");
	mark_bad("xvxgw:vlan=eth2.10");
	mark_bad("vxgw:vlan");
	mark_bad(" vxgw:vlan=eth2.10");
	/* 16-byte port part, and names past what vxgw can create (port.vid > 15 bytes:
	 * evpn/vlan.c never writes it, plan_vlan_ifname cannot name it again). */
	mark_bad("vxgw:vlan=abcdefghijklmnop.10");
	mark_bad("vxgw:vlan=abcdefghijklmno.1");
	mark_bad("vxgw:vlan=abcdefghijklmn.1");
	mark_bad("vxgw:vlan=abcdefghijklm.10");
	mark_bad("vxgw:vlan=abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz.10");
	/* The port part must be an interface name itself. */
	mark_bad("vxgw:vlan=...7");
	mark_bad("vxgw:vlan=..7");
	mark_bad("vxgw:vlan=a/b.7");
	mark_bad("vxgw:vlan=a:b.7");
	mark_bad("vxgw:vlan=a b.7");
	mark_bad("vxgw:vlan=a\tb.7");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_plan_reload),
		cmocka_unit_test(show_each_what),
		cmocka_unit_test(show_refusals),
		cmocka_unit_test(bind_forms),
		cmocka_unit_test(bind_refusals),
		cmocka_unit_test(bad_ports),
		cmocka_unit_test(unbind_forms),
		cmocka_unit_test(not_a_request),
		cmocka_unit_test(cmd_refusals),
		cmocka_unit_test(unknown_keys),
		cmocka_unit_test(duplicate_keys),
		cmocka_unit_test(size_limit),
		cmocka_unit_test(refusal_leaves_nothing),
		cmocka_unit_test(messages_are_utf8),
		cmocka_unit_test(ifname_check),
		cmocka_unit_test(vlan_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
