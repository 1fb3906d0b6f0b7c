/* vxgw-evpn: render FRR configuration for an EVPN role.
 *   vxgw-evpn render --role rr --asn N --router-id A --listen-range P/L
 *                    [--cluster-id A] [--listen-limit N] [--password-file F] [--hostname H]
 *   vxgw-evpn render --role worker|gateway --asn N --router-id A --rr A [--rr A ...]
 *                    [--peer A[,asn=N][,password-file=F][,multihop=N] ...] (gateway)
 *                    [--password-file F] [--hostname H] [--timers KA,HOLD]
 *   vxgw-evpn apply [--pathspace PS] FILE      reload FRR with FILE; no-op when unchanged
 *   vxgw-evpn state [--pathspace PS] [--json]  EVPN peers and VNIs as FRR sees them
 * Passwords come from files (never argv, which every user can read in ps).
 * Exit status: 0 ok, 1 invalid input (message on stderr), 2 usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../frr_conf.h"
#include "../frr_ctl.h"
#include "../frr_state.h"

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "vxgw-evpn: %s\n", why);
	fputs("usage: vxgw-evpn render --role rr|worker|gateway --asn N --router-id A ...\n"
	      "       vxgw-evpn apply [--pathspace PS] FILE\n"
	      "       vxgw-evpn state [--pathspace PS] [--json]\n"
	      "       (see the header of evpn/cli/vxgw-evpn.c or README for all options)\n",
	      stderr);
	return 2;
}

static int fail(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "vxgw-evpn: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return 1;
}

static int read_password(const char *path, char out[FRR_PASSWORD_MAX + 1])
{
	struct vxerr err = {0};
	return frr_password_read(path, out, &err) ? fail("%s%s", err.msg, "") : 0;
}

static int parse_u32(const char *s, unsigned long max, uint32_t *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_addr(const char *s, struct ipaddr *a, const char *what)
{
	struct vxerr err;
	if (ipaddr_parse_vtep(s, a, &err))
		return fail("%s: %s", what, err.msg);
	return 0;
}

static int parse_prefix(const char *s, struct ipaddr *a, unsigned *len)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	uint32_t l;
	if (!slash || (size_t)(slash - s) >= sizeof(buf) || parse_u32(slash + 1, 128, &l))
		return fail("listen range '%s' is not PREFIX/LEN%s", s, "");
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	struct vxerr err;
	/* A network address may be x.x.x.0; only reject what is not an address at all. */
	if (ipaddr_parse_vtep(buf, a, &err) && strstr(err.msg, "not an IPv4"))
		return fail("listen range '%s': %s", s, err.msg);
	if (!a->family)
		return fail("listen range '%s' is not a usable prefix%s", s, "");
	*len = l;
	return 0;
}

/* "A[,asn=N][,password-file=F][,multihop=N]" */
static int parse_peer(char *spec, struct frr_peer *p)
{
	char *save = NULL, *tok = strtok_r(spec, ",", &save);
	if (!tok || parse_addr(tok, &p->address, "peer"))
		return -1;
	while ((tok = strtok_r(NULL, ",", &save))) {
		char *eq = strchr(tok, '=');
		if (!eq)
			return fail("peer option '%s' is not KEY=VALUE%s", tok, "");
		*eq = '\0';
		uint32_t v;
		if (strcmp(tok, "asn") == 0 && parse_u32(eq + 1, UINT32_MAX, &v) == 0 && v)
			p->asn = v;
		else if (strcmp(tok, "multihop") == 0 && parse_u32(eq + 1, 255, &v) == 0 && v)
			p->multihop = (uint8_t)v;
		else if (strcmp(tok, "password-file") == 0) {
			if (read_password(eq + 1, p->password))
				return -1;
		} else
			return fail("bad peer option '%s=%s'", tok, eq + 1);
	}
	return 0;
}

#define FRR_TIMEOUT_MS 30000

static int cmd_apply(const char *ps, const char *file)
{
	struct vxerr err = {0};
	bool changed;
	if (frr_apply(ps, file, FRR_TIMEOUT_MS, &changed, &err))
		return fail("%s%s", err.msg, "");
	puts(changed ? "applied" : "unchanged");
	return 0;
}

static int cmd_state(const char *ps, bool json)
{
	static struct frr_peer_state peers[256];
	static struct frr_vni_state vnis[4096];
	size_t np = 0, nv = 0;
	struct vxerr err = {0};
	char *out;
	size_t len;
	if (frr_show(ps, "show bgp l2vpn evpn summary json", FRR_TIMEOUT_MS, &out, &len, &err))
		return fail("%s%s", err.msg, "");
	int rc = frr_parse_peers(out, len, peers, 256, &np, &err);
	free(out);
	if (rc)
		return fail("%s%s", err.msg, "");
	if (frr_show(ps, "show evpn vni json", FRR_TIMEOUT_MS, &out, &len, &err))
		return fail("%s%s", err.msg, "");
	rc = frr_parse_vnis(out, len, vnis, 4096, &nv, &err);
	free(out);
	if (rc)
		return fail("%s%s", err.msg, "");
	if (frr_show(ps, "show evpn mac vni all json", FRR_TIMEOUT_MS, &out, &len, &err))
		return fail("%s%s", err.msg, "");
	rc = frr_parse_macs(out, len, vnis, nv, &err);
	free(out);
	if (rc)
		return fail("%s%s", err.msg, "");
	char a[IPADDR_STRLEN];
	if (json) {
		json_t *jp = json_array(), *jv = json_array();
		for (size_t i = 0; i < np; i++)
			json_array_append_new(jp, json_pack("{s:s, s:s, s:s, s:b, s:b, s:I, s:I, s:I}",
					"peer", peers[i].name, "hostname", peers[i].hostname, "state",
					peers[i].state, "established", peers[i].established, "dynamic",
					peers[i].dynamic, "remote_as", (json_int_t)peers[i].remote_as,
					"uptime_ms", (json_int_t)peers[i].uptime_ms, "prefixes_received",
					(json_int_t)peers[i].prefixes_received));
		for (size_t i = 0; i < nv; i++) {
			json_t *vt = json_array();
			for (int k = 0; k < vnis[i].nremote_vteps; k++)
				json_array_append_new(vt, json_string(ipaddr_format(&vnis[i].remote_vtep[k], a)));
			json_array_append_new(jv, json_pack("{s:I, s:s, s:I, s:I, s:I, s:o}", "vni",
					(json_int_t)vnis[i].vni, "vxlan_if", vnis[i].vxlan_if, "macs",
					(json_int_t)vnis[i].macs, "local_macs", (json_int_t)vnis[i].local_macs,
					"remote_macs", (json_int_t)vnis[i].remote_macs, "remote_vteps", vt));
		}
		json_t *j = json_pack("{s:o, s:o}", "peers", jp, "vnis", jv);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
		return 0;
	}
	printf("%-20s %-16s %-12s %10s %8s\n", "PEER", "HOSTNAME", "STATE", "UPTIME_S", "PREFIXES");
	for (size_t i = 0; i < np; i++)
		printf("%-20s %-16s %-12s %10llu %8u\n", peers[i].name, peers[i].hostname, peers[i].state,
		       (unsigned long long)(peers[i].uptime_ms / 1000), peers[i].prefixes_received);
	printf("\n%-9s %-11s %6s %6s %6s  %s\n", "VNI", "VXLAN", "MACS", "LOCAL", "REMOTE", "REMOTE VTEPS");
	for (size_t i = 0; i < nv; i++) {
		printf("%-9u %-11s %6u %6u %6u ", vnis[i].vni, vnis[i].vxlan_if, vnis[i].macs,
		       vnis[i].local_macs, vnis[i].remote_macs);
		for (int k = 0; k < vnis[i].nremote_vteps; k++)
			printf(" %s", ipaddr_format(&vnis[i].remote_vtep[k], a));
		putchar('\n');
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "apply") == 0 || strcmp(argv[1], "state") == 0)) {
		const char *ps = NULL, *file = NULL;
		bool json = false;
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "--pathspace") == 0 && i + 1 < argc)
				ps = argv[++i];
			else if (strcmp(argv[i], "--json") == 0)
				json = true;
			else if (argv[i][0] != '-' && !file)
				file = argv[i];
			else
				return usage("unexpected argument");
		}
		if (argv[1][0] == 'a')
			return file ? cmd_apply(ps, file) : usage("apply needs a config FILE");
		return file ? usage("state takes no FILE") : cmd_state(ps, json);
	}

	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},	     {"asn", required_argument, NULL, 'a'},
		{"router-id", required_argument, NULL, 'i'}, {"rr", required_argument, NULL, 'R'},
		{"peer", required_argument, NULL, 'p'},	     {"listen-range", required_argument, NULL, 'l'},
		{"listen-limit", required_argument, NULL, 'L'}, {"cluster-id", required_argument, NULL, 'c'},
		{"password-file", required_argument, NULL, 'P'}, {"hostname", required_argument, NULL, 'h'},
		{"timers", required_argument, NULL, 't'},    {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "render") != 0)
		return usage("command must be render, apply or state");
	static struct frr_conf c;
	bool have_role = false;
	struct vxerr err = {0};
	int o;
	optind = 2;
	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'r':
			if (frr_role_parse(optarg, &c.role, &err))
				return fail("%s%s", err.msg, "");
			have_role = true;
			break;
		case 'a':
			if (parse_u32(optarg, UINT32_MAX, &c.asn))
				return fail("--asn '%s' is not a number 1-4294967295%s", optarg, "");
			break;
		case 'i':
			if (parse_addr(optarg, &c.router_id, "--router-id"))
				return 1;
			break;
		case 'R':
			if (c.nrr == FRR_MAX_PEERS)
				return fail("too many --rr%s%s", "", "");
			if (parse_addr(optarg, &c.rr[c.nrr++], "--rr"))
				return 1;
			break;
		case 'p':
			if (c.npeers == FRR_MAX_PEERS)
				return fail("too many --peer%s%s", "", "");
			if (parse_peer(optarg, &c.peer[c.npeers++]))
				return 1;
			break;
		case 'l':
			if (parse_prefix(optarg, &c.listen_prefix, &c.listen_len))
				return 1;
			break;
		case 'L':
			if (parse_u32(optarg, 65535, &c.listen_limit))
				return fail("--listen-limit '%s' is not 0-65535%s", optarg, "");
			break;
		case 'c':
			if (parse_addr(optarg, &c.cluster_id, "--cluster-id"))
				return 1;
			break;
		case 'P':
			if (read_password(optarg, c.password))
				return 1;
			break;
		case 'h':
			snprintf(c.hostname, sizeof(c.hostname), "%s", optarg);
			break;
		case 't': {
			char *comma = strchr(optarg, ',');
			if (!comma)
				return fail("--timers '%s' is not KEEPALIVE,HOLD%s", optarg, "");
			*comma = '\0';
			if (parse_u32(optarg, 65535, &c.keepalive) || parse_u32(comma + 1, 65535, &c.holdtime) ||
			    !c.keepalive)
				return fail("--timers '%s,%s' are not numbers", optarg, comma + 1);
			break;
		}
		default:
			return usage(NULL);
		}
	}
	if (optind != argc)
		return usage("unexpected argument");
	if (!have_role)
		return usage("--role is required");
	if (!c.hostname[0] && gethostname(c.hostname, sizeof(c.hostname) - 1))
		strcpy(c.hostname, "vxgw");
	static char out[65536];
	if (frr_conf_render(&c, out, sizeof(out), &err))
		return fail("%s%s", err.msg, "");
	fputs(out, stdout);
	return 0;
}
