/* gwd_edit: bind/unbind as edits of the config text (moves, no-ops, refusals with the
 * validator's words, everything else kept in order), and the atomic file replacement
 * (content, mode, owner, symlinks, failure leaving the original and no temporaries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../gwd/gwd_config.h"
#include "../../gwd/gwd_edit.h"

/* Keys deliberately not in the order gwd.json uses, and every optional section, so
 * that order preservation and untouched neighbours are both visible. */
#define HEAD                                                                                  \
	"{\"snmp\": {\"agentx_socket\": \"/run/agentx\", \"enabled\": true},"                 \
	"\"vtep\": {\"port\": 4789, \"address\": \"10.0.0.4\"},"                              \
	"\"bgp\": {\"router_id\": \"10.0.0.4\", \"asn\": 65000,"                              \
	"  \"route_reflectors\": [{\"address\": \"10.0.0.1\"}],"                              \
	"  \"peers\": [{\"password_file\": \"/etc/vxgw/bgp.key\", \"address\": \"10.1.0.1\", " \
	"\"asn\": 65100}]},"
#define TAIL                                                                                  \
	",\"firewall\": {\"static_vteps\": [\"10.0.0.9\"], \"vtep_allowlist\": \"static\"},"  \
	"\"ipsec\": {\"psk_file\": \"/etc/vxgw/psk\", \"enabled\": false}}"
#define SEG100(ports) "{\"name\": \"core\", \"vni\": 100, \"ports\": [" ports "]}"
#define SEG200(ports) "{\"vni\": 200, \"mtu\": 1450, \"name\": \"lab\", \"ports\": [" ports "]}"
#define SEG300 "{\"vni\": 300, \"name\": \"empty\"}"
#define CONF(segs) HEAD "\"segments\": [" segs "]" TAIL

#define P_ETH1 "{\"port\": \"eth1\"}"
#define P_ETH2_10 "{\"vlan\": 10, \"port\": \"eth2\"}" /* vlan first: order must survive */
#define P_ETH2_20 "{\"port\": \"eth2\", \"vlan\": 20}"

static const char *const INPUT =
	CONF(SEG100(P_ETH1 "," P_ETH2_10) "," SEG200(P_ETH2_20) "," SEG300);

/* Same meaning (json_equal) and same key order everywhere (ordered compact dumps). */
static void assert_json_same(const char *got, const char *want)
{
	json_error_t e;
	json_t *g = json_loads(got, 0, &e);
	if (!g)
		fail_msg("result is not JSON: %s\n%s", e.text, got);
	json_t *w = json_loads(want, 0, &e);
	if (!w)
		fail_msg("expected text is not JSON: %s", e.text);
	char *gs = json_dumps(g, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *ws = json_dumps(w, JSON_COMPACT | JSON_PRESERVE_ORDER);
	assert_true(json_equal(g, w));
	assert_string_equal(gs, ws);
	free(gs);
	free(ws);
	json_decref(g);
	json_decref(w);
}

/* The output contract: 2-space indent, trailing newline, valid configuration. */
static void assert_well_formed(const char *out)
{
	size_t n = strlen(out);
	assert_true(n > 2 && out[n - 1] == '\n' && out[n - 2] != '\n');
	assert_true(strncmp(out, "{\n  \"", 5) == 0);
	struct gwd_config *c;
	struct gwd_config_errors e;
	assert_int_equal(gwd_config_parse(out, n, &c, &e), 0);
	gwd_config_free(c);
	gwd_config_errors_free(&e);
}

static char *bind_ok(const char *in, const char *port, uint16_t vlan, uint32_t vni, bool want_changed)
{
	char *out = NULL;
	bool changed = !want_changed;
	struct vxerr err = {0};
	int rc = gwd_edit_bind(in, strlen(in), port, vlan, vni, &out, &changed, &err);
	if (rc)
		fail_msg("bind %s/%u -> %u: %s", port, vlan, vni, err.msg);
	assert_non_null(out);
	assert_int_equal(changed, want_changed);
	if (changed) /* a no-op returns the input as it was */
		assert_well_formed(out);
	return out;
}

static void bind_fails(const char *in, const char *port, uint16_t vlan, uint32_t vni, int code,
		       const char *want_msg)
{
	char *out = (char *)1;
	bool changed = true;
	struct vxerr err = {0};
	int rc = gwd_edit_bind(in, strlen(in), port, vlan, vni, &out, &changed, &err);
	assert_int_equal(rc, -code);
	assert_int_equal(err.code, code);
	assert_null(out);
	assert_false(changed);
	if (!strstr(err.msg, want_msg))
		fail_msg("message '%s' lacks '%s'", err.msg, want_msg);
}

static void bind_new_port(void **state)
{
	(void)state;
	char *out = bind_ok(INPUT, "eth3", 0, 200, true);
	assert_json_same(out, CONF(SEG100(P_ETH1 "," P_ETH2_10) "," SEG200(
				      P_ETH2_20 ",{\"port\": \"eth3\"}") "," SEG300));
	free(out);
	/* A segment without "ports" gets one, appended after its other keys. */
	out = bind_ok(INPUT, "eth3", 0, 300, true);
	assert_json_same(out, CONF(SEG100(P_ETH1 "," P_ETH2_10) "," SEG200(P_ETH2_20) ","
				   "{\"vni\": 300, \"name\": \"empty\", \"ports\": [{\"port\": \"eth3\"}]}"));
	free(out);
}

static void bind_with_vlan(void **state)
{
	(void)state;
	char *out = bind_ok(INPUT, "eth2", 30, 100, true);
	assert_json_same(out, CONF(SEG100(P_ETH1 "," P_ETH2_10 ",{\"port\": \"eth2\", \"vlan\": 30}") ","
				   SEG200(P_ETH2_20) "," SEG300));
	free(out);
	/* The longest name that still fits: 10 characters + ".4094". */
	out = bind_ok(INPUT, "abcdefghij", 4094, 300, true);
	free(out);
}

static void bind_moves_between_segments(void **state)
{
	(void)state;
	char *out = bind_ok(INPUT, "eth2", 10, 200, true);
	assert_json_same(out, CONF(SEG100(P_ETH1) "," SEG200(P_ETH2_20 ",{\"port\": \"eth2\", \"vlan\": 10}")
				   "," SEG300));
	free(out);
	out = bind_ok(INPUT, "eth1", 0, 300, true);
	assert_json_same(out, CONF(SEG100(P_ETH2_10) "," SEG200(P_ETH2_20) ","
				   "{\"vni\": 300, \"name\": \"empty\", \"ports\": [{\"port\": \"eth1\"}]}"));
	free(out);
	/* The last port leaving a segment leaves the segment (with an empty list). */
	out = bind_ok(INPUT, "eth2", 20, 100, true);
	assert_json_same(out, CONF(SEG100(P_ETH1 "," P_ETH2_10 "," P_ETH2_20) "," SEG200("") "," SEG300));
	free(out);
}

static void bind_same_segment_is_noop(void **state)
{
	(void)state;
	char *out = bind_ok(INPUT, "eth2", 10, 100, false);
	assert_string_equal(out, INPUT); /* the very text, not a re-dump */
	free(out);
	out = bind_ok(INPUT, "eth1", 0, 100, false);
	assert_string_equal(out, INPUT);
	free(out);
}

static void bind_missing_vni(void **state)
{
	(void)state;
	bind_fails(INPUT, "eth3", 0, 400, ENOENT, "no segment with VNI 400 in the configuration");
}

static void bind_that_makes_config_invalid(void **state)
{
	(void)state;
	/* 14 + ".1000" = 19 > 15: only the validator knows the rule, and says so. */
	bind_fails(INPUT, "abcdefghijklmn", 1000, 300, EINVAL,
		   "binding abcdefghijklmn VLAN 1000 to VNI 300 would make the configuration invalid: "
		   "segments[2].ports[0].vlan: VLAN interface name abcdefghijklmn.1000 would exceed 15 "
		   "characters");
	/* eth2 is bound per VLAN; binding it whole too is refused. */
	bind_fails(INPUT, "eth2", 0, 300, EINVAL, "is bound whole in one place and per VLAN in another");
	bind_fails(INPUT, "eth1", 7, 300, EINVAL, "eth1 is bound whole in one place and per VLAN");
}

static void bind_rejects_bad_arguments(void **state)
{
	(void)state;
	bind_fails(INPUT, "eth1.10", 0, 100, EINVAL, "give the VLAN with --vlan");
	bind_fails(INPUT, "", 0, 100, EINVAL, "no port name given");
	bind_fails(INPUT, "abcdefghijklmnop", 0, 100, EINVAL, "longer than 15 characters");
	bind_fails(INPUT, "a/b", 0, 100, EINVAL, "'a/b' is not an interface name");
	bind_fails(INPUT, "eth 1", 0, 100, EINVAL, "'eth 1' is not an interface name");
	bind_fails(INPUT, "vx100", 0, 100, EINVAL, "'vx100' is a vxgw device name");
	bind_fails(INPUT, "br7", 0, 100, EINVAL, "'br7' is a vxgw device name");
	bind_fails(INPUT, "eth3", 4095, 100, EINVAL, "VLAN 4095 is reserved");
	bind_fails(INPUT, "eth3", 5000, 100, EINVAL, "VLAN 5000 is out of range 1-4094");
	bind_fails(INPUT, "eth3", 0, 0, EINVAL, "VNI 0");
	bind_fails(INPUT, "eth3", 0, 16777216, EINVAL, "VNI 16777216");
	char *out = (char *)1;
	struct vxerr err;
	assert_int_equal(gwd_edit_bind(INPUT, strlen(INPUT), NULL, 0, 100, &out, NULL, &err), -EINVAL);
	assert_null(out);
}

static void bind_fails_len(const char *in, size_t len, const char *port, uint16_t vlan,
			   uint32_t vni, int code, const char *want)
{
	char *out = (char *)1;
	struct vxerr err = {0};
	assert_int_equal(gwd_edit_bind(in, len, port, vlan, vni, &out, NULL, &err), -code);
	assert_null(out);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void malformed_input(void **state)
{
	(void)state;
	bind_fails("{\"vtep\": ", "eth3", 0, 100, EINVAL, "not valid JSON: line 1");
	bind_fails("", "eth3", 0, 100, EINVAL, "not valid JSON");
	bind_fails("[]", "eth3", 0, 100, EINVAL, "(file): must be a JSON object");
	/* Duplicate keys: jansson would otherwise keep one silently. */
	bind_fails("{\"segments\": [], \"segments\": []}", "eth3", 0, 100, EINVAL,
		   "not valid JSON");
	/* Valid JSON, invalid config: the file is the problem, said so with every path. */
	const char *bad = CONF("{\"vni\": 100, \"name\": \"a\", \"colour\": 1},"
			       "{\"vni\": 100, \"name\": \"b\"}");
	bind_fails(bad, "eth3", 0, 100, EINVAL,
		   "the configuration is already invalid (fix the file first): "
		   "segments[0].colour: unknown key; segments[1]: VNI 100 is already used by segments[0]");
	uint32_t vni = 1;
	char *out = (char *)1;
	struct vxerr err;
	assert_int_equal(gwd_edit_unbind(bad, strlen(bad), "eth1", &out, &vni, &err), -EINVAL);
	assert_null(out);
	assert_int_equal(vni, 0);
	assert_non_null(strstr(err.msg, "already invalid"));
	/* jansson would skip the NUL; the returned C string would end there. */
	bind_fails_len("{\"segments\": []\0}", 17, "eth3", 0, 100, EINVAL,
		       "configuration contains a NUL byte at offset 15");
	/* Text need not be NUL-terminated: only len bytes are read. */
	char *buf = malloc(strlen(INPUT));
	memcpy(buf, INPUT, strlen(INPUT));
	bool changed;
	assert_int_equal(gwd_edit_bind(buf, strlen(INPUT), "eth3", 0, 100, &out, &changed, &err), 0);
	assert_true(changed);
	free(out);
	free(buf);
}

static void many_validator_errors_fit_one_line(void **state)
{
	(void)state;
	/* 40 unknown keys: the message names the first few and counts the rest. */
	char bad[4096] = HEAD "\"segments\": [{\"vni\": 100, \"name\": \"a\"";
	for (int i = 0; i < 40; i++)
		snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), ", \"unknown_key_%02d\": 1", i);
	strcat(bad, "}]" TAIL);
	bind_fails_len(bad, strlen(bad), "eth3", 0, 100, EINVAL, "segments[0].unknown_key_00: unknown key; ");
	struct vxerr err;
	char *out;
	gwd_edit_bind(bad, strlen(bad), "eth3", 0, 100, &out, NULL, &err);
	assert_true(strlen(err.msg) < VXERR_MSG_MAX);
	assert_non_null(strstr(err.msg, " more)"));
}

static void unbind_ok(const char *ifname, uint32_t want_vni, const char *want)
{
	char *out = NULL;
	uint32_t vni = 0;
	struct vxerr err = {0};
	if (gwd_edit_unbind(INPUT, strlen(INPUT), ifname, &out, &vni, &err))
		fail_msg("unbind %s: %s", ifname, err.msg);
	assert_int_equal(vni, want_vni);
	assert_well_formed(out);
	assert_json_same(out, want);
	free(out);
}

static void unbind_fails(const char *ifname, int code, const char *want)
{
	char *out = (char *)1;
	uint32_t vni = 1;
	struct vxerr err = {0};
	assert_int_equal(gwd_edit_unbind(INPUT, strlen(INPUT), ifname, &out, &vni, &err), -code);
	assert_null(out);
	assert_int_equal(vni, 0);
	if (!strstr(err.msg, want))
		fail_msg("message '%s' lacks '%s'", err.msg, want);
}

static void unbind_whole_port(void **state)
{
	(void)state;
	unbind_ok("eth1", 100, CONF(SEG100(P_ETH2_10) "," SEG200(P_ETH2_20) "," SEG300));
}

static void unbind_vlan_binding(void **state)
{
	(void)state;
	unbind_ok("eth2.10", 100, CONF(SEG100(P_ETH1) "," SEG200(P_ETH2_20) "," SEG300));
	/* The segment stays when its last port goes: the VNI is still in use. */
	unbind_ok("eth2.20", 200, CONF(SEG100(P_ETH1 "," P_ETH2_10) "," SEG200("") "," SEG300));
}

static void unbind_unknown(void **state)
{
	(void)state;
	unbind_fails("eth9", ENOENT, "nothing is bound as eth9 in the configuration");
	unbind_fails("eth2", ENOENT, "nothing is bound as eth2"); /* only per VLAN */
	unbind_fails("eth2.30", ENOENT, "nothing is bound as eth2.30");
	unbind_fails("eth1.0", ENOENT, "nothing is bound as eth1.0");
	unbind_fails("", EINVAL, "no interface name given");
	unbind_fails("abcdefghijklmnop", EINVAL, "longer than 15 characters");
}

static void edits_compose(void **state)
{
	(void)state;
	/* bind then unbind returns to the original meaning (in a re-dumped text). */
	char *a = bind_ok(INPUT, "eth4", 40, 300, true), *b = NULL;
	uint32_t vni;
	struct vxerr err;
	assert_int_equal(gwd_edit_unbind(a, strlen(a), "eth4.40", &b, &vni, &err), 0);
	assert_int_equal(vni, 300);
	assert_json_same(b, CONF(SEG100(P_ETH1 "," P_ETH2_10) "," SEG200(P_ETH2_20) ","
				 "{\"vni\": 300, \"name\": \"empty\", \"ports\": []}"));
	free(a);
	free(b);
}

static void example_file_edits(void **state)
{
	(void)state;
	/* The shipped example: every top-level section survives a bind. */
	FILE *f = fopen("config/gwd.json", "rb");
	assert_non_null(f);
	char buf[8192];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	char *out = NULL;
	bool changed;
	struct vxerr err;
	assert_int_equal(gwd_edit_bind(buf, n, "eth3", 0, 200, &out, &changed, &err), 0);
	json_t *in = json_loadb(buf, n, 0, NULL), *o = json_loads(out, 0, NULL);
	json_t *ports = json_object_get(json_array_get(json_object_get(o, "segments"), 1), "ports");
	assert_int_equal(json_array_size(ports), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(ports, 1), "port")), "eth3");
	json_array_remove(ports, 1);
	assert_true(json_equal(in, o));
	json_decref(in);
	json_decref(o);
	free(out);
}

/* --- gwd_config_write_atomic --- */

static char *tmpdir(void)
{
	char *d = strdup("/tmp/test_gwd_edit.XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

static char *path_in(const char *dir, const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_int_equal(chmod(path, mode), 0);
}

static char *read_file(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Exactly the given names, nothing else (no ".x.XXXXXX" temporaries). */
static void assert_dir_holds(const char *dir, const char *const names[])
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0, want = 0;
	assert_non_null(d);
	while (want < 8 && names[want])
		want++;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		bool known = false;
		for (size_t i = 0; i < want; i++)
			known |= strcmp(de->d_name, names[i]) == 0;
		if (!known)
			fail_msg("unexpected file %s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	assert_int_equal(n, want);
}

static void remove_dir(char *dir, const char *const names[])
{
	for (size_t i = 0; names[i]; i++) {
		char *p = path_in(dir, names[i]);
		unlink(p);
		free(p);
	}
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static void write_atomic_replaces_content_and_keeps_mode(void **state)
{
	(void)state;
	static const char *const names[] = {"gwd.json", NULL};
	char *dir = tmpdir(), *p = path_in(dir, "gwd.json");
	struct vxerr err = {0};
	struct stat st;
	write_file(p, "old\n", 0640);
	assert_int_equal(gwd_config_write_atomic(p, "{\"new\": 1}\n", &err), 0);
	assert_string_equal(read_file(p), "{\"new\": 1}\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_dir_holds(dir, names);
	/* An unusual mode too, and a second write over the first replacement. */
	assert_int_equal(chmod(p, 0604), 0);
	assert_int_equal(gwd_config_write_atomic(p, "", &err), 0);
	assert_string_equal(read_file(p), "");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0604);
	assert_dir_holds(dir, names);
	free(p);
	remove_dir(dir, names);
}

static void write_atomic_new_file_is_0600(void **state)
{
	(void)state;
	static const char *const names[] = {"new.json", NULL};
	char *dir = tmpdir(), *p = path_in(dir, "new.json");
	struct vxerr err = {0};
	struct stat st;
	mode_t old = umask(0);
	int rc = gwd_config_write_atomic(p, "x\n", &err);
	umask(old);
	assert_int_equal(rc, 0);
	assert_string_equal(read_file(p), "x\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_dir_holds(dir, names);
	free(p);
	remove_dir(dir, names);
}

static void write_atomic_keeps_owner(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	static const char *const names[] = {"gwd.json", NULL};
	char *dir = tmpdir(), *p = path_in(dir, "gwd.json");
	struct vxerr err = {0};
	struct stat st;
	write_file(p, "old\n", 0640);
	assert_int_equal(chown(p, 4321, 4322), 0);
	assert_int_equal(gwd_config_write_atomic(p, "new\n", &err), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_uid, 4321);
	assert_int_equal(st.st_gid, 4322);
	assert_int_equal(st.st_mode & 07777, 0640);
	free(p);
	remove_dir(dir, names);
}

static void write_atomic_follows_symlink(void **state)
{
	(void)state;
	static const char *const names[] = {"link.json", "real.json", NULL};
	char *dir = tmpdir(), *real = path_in(dir, "real.json"), *link = path_in(dir, "link.json");
	struct vxerr err = {0};
	struct stat st;
	write_file(real, "old\n", 0644);
	assert_int_equal(symlink("real.json", link), 0);
	assert_int_equal(gwd_config_write_atomic(link, "new\n", &err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_string_equal(read_file(real), "new\n");
	assert_dir_holds(dir, names);
	free(real);
	free(link);
	remove_dir(dir, names);
}

static void write_atomic_missing_directory(void **state)
{
	(void)state;
	static const char *const none[] = {NULL};
	char *dir = tmpdir(), *p = path_in(dir, "nodir/gwd.json");
	struct vxerr err = {0};
	assert_int_equal(gwd_config_write_atomic(p, "x\n", &err), -ENOENT);
	assert_int_equal(err.code, ENOENT);
	assert_non_null(strstr(err.msg, "nodir"));
	assert_dir_holds(dir, none);
	free(p);
	remove_dir(dir, none);
}

static void write_atomic_not_a_file(void **state)
{
	(void)state;
	char *dir = tmpdir(), *p = path_in(dir, "sub");
	struct vxerr err = {0};
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(gwd_config_write_atomic(p, "x\n", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "is not a regular file"));
	assert_int_equal(rmdir(p), 0);
	assert_int_equal(gwd_config_write_atomic(NULL, "x", &err), -EINVAL);
	assert_int_equal(gwd_config_write_atomic("", "x", &err), -EINVAL);
	assert_int_equal(gwd_config_write_atomic("/tmp/x.json", NULL, &err), -EINVAL);
	free(p);
	remove_dir(dir, (const char *const[]){NULL});
}

/* A write that fails half-way (file size limit: works even for root, who ignores
 * directory permissions) leaves the original as it was and no temporary. */
static void write_atomic_failure_leaves_original(void **state)
{
	(void)state;
	static const char *const names[] = {"gwd.json", NULL};
	char *dir = tmpdir(), *p = path_in(dir, "gwd.json");
	struct vxerr err = {0};
	struct rlimit old, lim;
	struct stat st;
	char big[256];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	write_file(p, "original\n", 0640);

	void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 100;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = gwd_config_write_atomic(p, big, &err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, prev);

	assert_int_equal(rc, -EFBIG);
	assert_non_null(strstr(err.msg, "file left as it was"));
	assert_string_equal(read_file(p), "original\n");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_dir_holds(dir, names);
	free(p);
	remove_dir(dir, names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bind_new_port),
		cmocka_unit_test(bind_with_vlan),
		cmocka_unit_test(bind_moves_between_segments),
		cmocka_unit_test(bind_same_segment_is_noop),
		cmocka_unit_test(bind_missing_vni),
		cmocka_unit_test(bind_that_makes_config_invalid),
		cmocka_unit_test(bind_rejects_bad_arguments),
		cmocka_unit_test(malformed_input),
		cmocka_unit_test(many_validator_errors_fit_one_line),
		cmocka_unit_test(unbind_whole_port),
		cmocka_unit_test(unbind_vlan_binding),
		cmocka_unit_test(unbind_unknown),
		cmocka_unit_test(edits_compose),
		cmocka_unit_test(example_file_edits),
		cmocka_unit_test(write_atomic_replaces_content_and_keeps_mode),
		cmocka_unit_test(write_atomic_new_file_is_0600),
		cmocka_unit_test(write_atomic_keeps_owner),
		cmocka_unit_test(write_atomic_follows_symlink),
		cmocka_unit_test(write_atomic_missing_directory),
		cmocka_unit_test(write_atomic_not_a_file),
		cmocka_unit_test(write_atomic_failure_leaves_original),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
