/* gwctl: talk to gwd over its control socket.
 *   gwctl [--socket PATH] [--json] status
 *   gwctl ... show vnis|ports|peers|macs [VNI]
 *   gwctl ... plan
 *   gwctl ... bind PORT VNI [--vlan N]
 *   gwctl ... unbind PORT            (PORT: eth1, or eth2.10 for port eth2 VLAN 10)
 *   gwctl ... reload
 * Human tables by default; --json prints gwd's answer as is (for scripts).
 * Exit status: 0 ok, 1 gwd refused or failed (message on stderr), 2 usage, 3 gwd not
 * reachable. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <jansson.h>

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "gwctl: %s\n", why);
	fputs("usage: gwctl [--socket PATH] [--json] COMMAND\n"
	      "  status                          daemon, config generation, last apply, FRR\n"
	      "  show vnis|ports|peers|macs [VNI]\n"
	      "  plan                            what a reload would change (nothing is applied)\n"
	      "  bind PORT VNI [--vlan N]        bind a port (or port+VLAN) to a VNI\n"
	      "  unbind PORT                     PORT as shown by 'show ports' (eth1, eth2.10)\n"
	      "  reload                          re-read the configuration file\n",
	      stderr);
	return 2;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	if (!*s || *s == '0' || strspn(s, "0123456789") != strlen(s) || strlen(s) > 10)
		return -1;
	*out = strtoul(s, NULL, 10);
	return *out <= max ? 0 : -1;
}

static json_t *call(const char *path, json_t *req)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		fprintf(stderr, "gwctl: cannot reach gwd at %s: %s\n", path, strerror(errno));
		exit(3);
	}
	char *s = json_dumps(req, JSON_COMPACT);
	size_t len = strlen(s);
	s = realloc(s, len + 2);
	s[len++] = '\n';
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, s + off, len - off);
		if (w <= 0) {
			fprintf(stderr, "gwctl: sending to gwd failed: %s\n", strerror(errno));
			exit(3);
		}
		off += (size_t)w;
	}
	free(s);
	json_error_t je;
	FILE *f = fdopen(fd, "r");
	json_t *r = json_loadf(f, JSON_DISABLE_EOF_CHECK, &je);
	fclose(f);
	if (!json_is_object(r)) {
		fprintf(stderr, "gwctl: gwd's answer is not a JSON object: %s\n", je.text);
		exit(3);
	}
	return r;
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static long long num(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static void print_plan(json_t *plan)
{
	json_t *steps = json_object_get(plan, "steps"), *absent = json_object_get(plan, "absent"), *it;
	size_t i;
	if (!json_array_size(steps))
		puts("no changes");
	json_array_foreach(steps, i, it) printf("%s\n", str(it, "text"));
	json_array_foreach(absent, i, it)
		printf("waiting for port %s (absent) to bind %s to VNI %lld\n", str(it, "port"),
		       str(it, "ifname"), num(it, "vni"));
}

static void print_human(const char *cmd, const char *what, json_t *r)
{
	json_t *it;
	size_t i;
	if (!strcmp(cmd, "status")) {
		json_t *la = json_object_get(r, "last_apply"), *frr = json_object_get(r, "frr"),
		       *b = json_object_get(r, "bindings");
		printf("gwd %s, pid %lld, up %lld s\n", str(r, "version"), num(r, "pid"), num(r, "uptime_s"));
		printf("config      %s (generation %lld)\n", str(r, "config"), num(r, "generation"));
		printf("last apply  %s by %s, %lld changes, %.0f ms%s%s\n",
		       json_is_true(json_object_get(la, "ok")) ? "ok" : "FAILED", str(la, "source"),
		       num(la, "changes"), json_real_value(json_object_get(la, "ms")),
		       *str(la, "error") ? ": " : "", str(la, "error"));
		printf("frr         %s%s%s\n", str(frr, "state"), *str(frr, "error") ? ": " : "",
		       str(frr, "error"));
		printf("segments    %lld\n", num(r, "vnis"));
		printf("bindings    %lld (%lld up, %lld down, %lld absent)\n", num(b, "total"),
		       num(b, "up"), num(b, "down"), num(b, "absent"));
	} else if (!strcmp(cmd, "plan")) {
		print_plan(json_object_get(r, "plan"));
	} else if (!strcmp(cmd, "bind") || !strcmp(cmd, "unbind") || !strcmp(cmd, "reload")) {
		print_plan(json_object_get(r, "plan"));
		printf("%lld kernel changes, configuration generation %lld\n", num(r, "changes"),
		       num(r, "generation"));
	} else if (!strcmp(what, "vnis")) {
		printf("%-9s %-16s %-11s %-11s %-7s %5s %5s %6s %6s  %s\n", "VNI", "NAME", "VXLAN",
		       "BRIDGE", "STATE", "MTU", "PORTS", "LOCAL", "REMOTE", "REMOTE VTEPS");
		json_array_foreach(json_object_get(r, "vnis"), i, it)
		{
			printf("%-9lld %-16s %-11s %-11s %-7s %5lld %5lld %6lld %6lld ", num(it, "vni"),
			       str(it, "name"), str(it, "vxlan"), str(it, "bridge"), str(it, "state"),
			       num(it, "mtu"), num(it, "ports"), num(it, "local_macs"),
			       num(it, "remote_macs"));
			json_t *v;
			size_t k;
			json_array_foreach(json_object_get(it, "remote_vteps"), k, v)
				printf(" %s", json_string_value(v));
			putchar('\n');
		}
	} else if (!strcmp(what, "ports")) {
		printf("%-16s %-16s %5s %9s %-8s\n", "INTERFACE", "PORT", "VLAN", "VNI", "STATE");
		json_array_foreach(json_object_get(r, "ports"), i, it)
		{
			char vlan[8] = "-";
			if (num(it, "vlan"))
				snprintf(vlan, sizeof(vlan), "%lld", num(it, "vlan"));
			printf("%-16s %-16s %5s %9lld %-8s\n", str(it, "ifname"), str(it, "port"), vlan,
			       num(it, "vni"), str(it, "state"));
		}
	} else if (!strcmp(what, "peers")) {
		printf("%-40s %-16s %10s %-12s %10s %8s\n", "PEER", "TYPE", "AS", "STATE", "UPTIME_S",
		       "PREFIXES");
		json_array_foreach(json_object_get(r, "peers"), i, it)
			printf("%-40s %-16s %10lld %-12s %10lld %8lld\n", str(it, "peer"), str(it, "type"),
			       num(it, "remote_as"), str(it, "state"), num(it, "uptime_ms") / 1000,
			       num(it, "prefixes_received"));
	} else if (!strcmp(what, "macs")) {
		printf("%-9s %-17s %-7s %s\n", "VNI", "MAC", "TYPE", "WHERE");
		json_array_foreach(json_object_get(r, "macs"), i, it)
			printf("%-9lld %-17s %-7s %s%s\n", num(it, "vni"), str(it, "mac"), str(it, "type"),
			       !strcmp(str(it, "type"), "local") ? "port " : "vtep ",
			       !strcmp(str(it, "type"), "local") ? str(it, "port") : str(it, "vtep"));
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {{"socket", required_argument, NULL, 's'},
					     {"json", no_argument, NULL, 'j'},
					     {"vlan", required_argument, NULL, 'V'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *path = "/run/vxgw/gwd.sock";
	bool as_json = false;
	unsigned long vlan = 0;
	int o;
	while ((o = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
		switch (o) {
		case 's': path = optarg; break;
		case 'j': as_json = true; break;
		case 'V':
			if (parse_uint(optarg, 4094, &vlan))
				return usage("--vlan must be 1-4094");
			break;
		case 'h': usage(NULL); return 0;
		default: return usage(NULL);
		}
	}
	/* Options may also follow the command (gwctl bind eth2 100 --vlan 10). */
	char *args[8];
	int nargs = 0;
	while (optind < argc) {
		if ((o = getopt_long(argc, argv, "+s:jh", opts, NULL)) != -1) {
			if (o == 'j')
				as_json = true;
			else if (o == 's')
				path = optarg;
			else if (o == 'V') {
				if (parse_uint(optarg, 4094, &vlan))
					return usage("--vlan must be 1-4094");
			} else
				return usage(NULL);
			continue;
		}
		if (optind >= argc)
			break;
		if (nargs == 8)
			return usage("too many arguments");
		args[nargs++] = argv[optind++];
	}
	if (nargs == 0)
		return usage("a command is required");
	const char *cmd = args[0], *what = "";
	json_t *req;
	unsigned long vni = 0;
	if (!strcmp(cmd, "status") || !strcmp(cmd, "plan") || !strcmp(cmd, "reload")) {
		if (nargs != 1)
			return usage("unexpected argument");
		req = json_pack("{s:s}", "cmd", cmd);
	} else if (!strcmp(cmd, "show")) {
		if (nargs < 2 || nargs > 3)
			return usage("show needs vnis, ports, peers or macs [VNI]");
		what = args[1];
		if (strcmp(what, "vnis") && strcmp(what, "ports") && strcmp(what, "peers") &&
		    strcmp(what, "macs"))
			return usage("show needs vnis, ports, peers or macs");
		if (nargs == 3 && parse_uint(args[2], 16777215, &vni))
			return usage("VNI must be 1-16777215");
		req = json_pack("{s:s, s:s}", "cmd", "show", "what", what);
		if (vni)
			json_object_set_new(req, "vni", json_integer((json_int_t)vni));
	} else if (!strcmp(cmd, "bind")) {
		if (nargs != 3)
			return usage("bind needs PORT VNI");
		if (parse_uint(args[2], 16777215, &vni))
			return usage("VNI must be 1-16777215");
		req = json_pack("{s:s, s:s, s:I}", "cmd", "bind", "port", args[1], "vni", (json_int_t)vni);
		if (vlan)
			json_object_set_new(req, "vlan", json_integer((json_int_t)vlan));
	} else if (!strcmp(cmd, "unbind")) {
		if (nargs != 2)
			return usage("unbind needs PORT");
		req = json_pack("{s:s, s:s}", "cmd", "unbind", "port", args[1]);
	} else {
		return usage("unknown command");
	}
	if (vlan && strcmp(cmd, "bind"))
		return usage("--vlan goes with bind");
	json_t *r = call(path, req);
	json_decref(req);
	bool ok = json_is_true(json_object_get(r, "ok"));
	if (as_json) {
		json_dumpf(r, stdout, JSON_INDENT(2));
		putchar('\n');
	} else if (ok) {
		print_human(cmd, what, r);
	} else {
		fprintf(stderr, "gwctl: %s\n", str(r, "error"));
		json_t *it;
		size_t i;
		json_array_foreach(json_object_get(r, "errors"), i, it)
			fprintf(stderr, "  %s\n", json_string_value(it));
	}
	json_decref(r);
	return ok ? 0 : 1;
}
