/* vxgw-vtep: command-line access to the evpn/ VTEP library.
 * For operators inspecting or repairing a node, and for the namespace tests.
 * Exit status: 0 success, 1 operation failed, 2 usage error. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <linux/neighbour.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fdb.h"
#include "../link.h"
#include "../nl.h"
#include "../vlan.h"
#include "../vtep.h"

static const char usage_text[] =
	"usage: vxgw-vtep create VNI --local ADDR [--port N] [--mtu N]\n"
	"       vxgw-vtep delete VNI [--force]\n"
	"       vxgw-vtep show [VNI] [--json]\n"
	"       vxgw-vtep attach VNI IFNAME\n"
	"       vxgw-vtep detach VNI IFNAME\n"
	"       vxgw-vtep names VNI\n"
	"       vxgw-vtep fdb VNI [--json]             the VNI's bridge FDB, classified\n"
	"       vxgw-vtep vlan add|del PORT VLAN       802.1Q sub-interface PORT.VLAN\n"
	"Acts in the current network namespace (use ip netns exec).\n";

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "vxgw-vtep: %s\n", why);
	fputs(usage_text, stderr);
	return 2;
}

static int fail(const struct vxerr *err)
{
	fprintf(stderr, "vxgw-vtep: %s\n", err->msg);
	return 1;
}

static int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static json_t *info_json(const struct vtep_info *v)
{
	char addr[IPADDR_STRLEN];
	return json_pack("{s:i, s:s, s:s, s:i, s:i, s:s, s:i, s:i, s:i, s:b, s:b, s:b, s:b, s:b, "
			 "s:b, s:i}",
			 "vni", (json_int_t)v->vni, "vxlan", v->vxlan_name, "bridge",
			 v->bridge_name, "vxlan_ifindex", v->vxlan_ifindex, "bridge_ifindex",
			 v->bridge_ifindex, "local", ipaddr_format(&v->local, addr), "port",
			 v->port, "mtu", (json_int_t)v->mtu, "bridge_mtu",
			 (json_int_t)v->bridge_mtu, "vxlan_up", v->vxlan_up, "bridge_up",
			 v->bridge_up, "enslaved", v->enslaved, "vxlan_learning",
			 v->vxlan_learning, "port_learning", v->learning, "neigh_suppress",
			 v->neigh_suppress, "ports", v->nports);
}

static void print_table(const struct vtep_info *v, size_t n)
{
	printf("%-9s %-11s %-11s %-39s %-5s %-5s %-6s %-5s\n", "VNI", "VXLAN", "BRIDGE", "LOCAL",
	       "PORT", "MTU", "STATE", "PORTS");
	for (size_t i = 0; i < n; i++) {
		char addr[IPADDR_STRLEN];
		const char *state = !v[i].vxlan_ifindex || !v[i].bridge_ifindex ? "broken"
				    : !v[i].enslaved				 ? "loose"
				    : v[i].vxlan_up && v[i].bridge_up		 ? "up"
										 : "down";
		printf("%-9u %-11s %-11s %-39s %-5u %-5u %-6s %-5u\n", v[i].vni,
		       v[i].vxlan_ifindex ? v[i].vxlan_name : "-",
		       v[i].bridge_ifindex ? v[i].bridge_name : "-", ipaddr_format(&v[i].local, addr),
		       v[i].port, v[i].mtu, state, v[i].nports);
	}
}

static int cmd_show(struct nl_conn *nl, int argc, char **argv, bool json)
{
	struct vxerr err = {0};
	struct vtep_info *infos = NULL, one;
	size_t n = 0;
	if (argc > 1)
		return usage("show takes at most one VNI");
	if (argc == 1) {
		uint32_t vni;
		if (vni_parse(argv[0], &vni, &err) || vtep_get(nl, vni, &one, &err))
			return fail(&err);
		infos = &one;
		n = 1;
	} else if (vtep_list(nl, &infos, &n, &err)) {
		return fail(&err);
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, info_json(&infos[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	} else {
		print_table(infos, n);
	}
	if (infos != &one)
		free(infos);
	return 0;
}

/* ---- fdb ---------------------------------------------------------------------- */

struct name_cache {
	struct {
		int ifindex;
		char name[IFNAMSIZ];
	} e[64];
	size_t n;
};

static const char *ifname_of(struct nl_conn *nl, struct name_cache *c, int ifindex)
{
	static char tmp[IFNAMSIZ + 8];
	for (size_t i = 0; i < c->n; i++)
		if (c->e[i].ifindex == ifindex)
			return c->e[i].name;
	struct link_state l;
	bool found = false;
	struct vxerr err = {0};
	if (link_by_index(nl, ifindex, &l, &found, &err) || !found) {
		snprintf(tmp, sizeof(tmp), "if%d", ifindex); /* gone since the dump */
		return tmp;
	}
	if (c->n == sizeof(c->e) / sizeof(c->e[0])) {
		snprintf(tmp, sizeof(tmp), "%s", l.name);
		return tmp;
	}
	c->e[c->n].ifindex = ifindex;
	snprintf(c->e[c->n].name, IFNAMSIZ, "%s", l.name);
	return c->e[c->n++].name;
}

static const char *state_name(uint16_t state, char buf[8])
{
	if (state & NUD_PERMANENT)
		return "permanent";
	if (state & NUD_NOARP)
		return "static";
	if (state & NUD_REACHABLE)
		return "reachable";
	if (state & NUD_STALE)
		return "stale";
	snprintf(buf, 8, "0x%x", state);
	return buf;
}

static const struct {
	uint8_t bit;
	const char *name;
} fdb_flag_names[] = {{NTF_SELF, "self"},	  {NTF_MASTER, "master"},
		      {NTF_EXT_LEARNED, "extern_learn"}, {NTF_OFFLOADED, "offload"},
		      {NTF_STICKY, "sticky"},	  {NTF_ROUTER, "router"}};

static json_t *fdb_json(struct nl_conn *nl, struct name_cache *nc, const struct fdb_entry *e,
			enum fdb_class cls)
{
	char mac[FDB_MAC_STRLEN], addr[IPADDR_STRLEN], sb[8];
	json_t *o = json_pack("{s:s, s:s, s:i, s:s, s:i, s:s}", "class", fdb_class_name(cls),
			      "mac", fdb_mac_format(e->mac, mac), "ifindex", e->ifindex, "port",
			      ifname_of(nl, nc, e->ifindex), "vlan", e->vlan, "state",
			      state_name(e->state, sb));
	json_object_set_new(o, "master", e->master ? json_string(ifname_of(nl, nc, e->master))
						   : json_null());
	json_object_set_new(o, "dst", e->dst.family ? json_string(ipaddr_format(&e->dst, addr))
						    : json_null());
	if (e->vni)
		json_object_set_new(o, "vni", json_integer(e->vni));
	if (e->port)
		json_object_set_new(o, "dst_port", json_integer(e->port));
	if (e->nhid)
		json_object_set_new(o, "nhid", json_integer(e->nhid));
	json_t *flags = json_array();
	for (size_t i = 0; i < sizeof(fdb_flag_names) / sizeof(fdb_flag_names[0]); i++)
		if (e->flags & fdb_flag_names[i].bit)
			json_array_append_new(flags, json_string(fdb_flag_names[i].name));
	json_object_set_new(o, "flags", flags);
	return o;
}

static int cmd_fdb(struct nl_conn *nl, uint32_t vni, bool json)
{
	struct vxerr err = {0};
	struct vtep_info info;
	if (vtep_lookup(nl, vni, &info, &err))
		return fail(&err);
	struct fdb_vec v = {0};
	if (fdb_dump_vni(nl, info.bridge_ifindex, info.vxlan_ifindex, &v, &err)) {
		free(v.v);
		return fail(&err);
	}
	struct fdb_counts counts;
	fdb_count(&v, info.vxlan_ifindex, &counts);
	unsigned own = 0;
	struct name_cache nc = {.n = 0};
	json_t *arr = json_array();
	for (size_t i = 0; i < v.n; i++) {
		enum fdb_class cls = fdb_classify(&v.v[i], info.vxlan_ifindex);
		own += cls == FDB_OWN;
		json_array_append_new(arr, fdb_json(nl, &nc, &v.v[i], cls));
	}
	if (json) {
		json_t *top = json_pack("{s:I, s:s, s:s, s:o, s:{s:i, s:i, s:i, s:i}}", "vni",
					(json_int_t)vni, "bridge", info.bridge_name, "vxlan",
					info.vxlan_name, "entries", arr, "counts", "local",
					counts.local, "remote", counts.remote, "remote_vteps",
					counts.remote_vteps, "own", own);
		json_dumpf(top, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(top);
	} else {
		printf("%-11s %-17s %-15s %-39s %-4s %-9s %s\n", "CLASS", "MAC", "PORT", "DST",
		       "VLAN", "STATE", "FLAGS");
		size_t i;
		json_t *o;
		json_array_foreach(arr, i, o) {
			char flags[96] = "", vlan[8] = "-";
			size_t k;
			json_t *f;
			json_array_foreach(json_object_get(o, "flags"), k, f) {
				if (flags[0])
					strcat(flags, ",");
				strcat(flags, json_string_value(f));
			}
			if (v.v[i].vlan)
				snprintf(vlan, sizeof(vlan), "%u", v.v[i].vlan);
			const char *dst = json_string_value(json_object_get(o, "dst"));
			printf("%-11s %-17s %-15s %-39s %-4s %-9s %s\n",
			       json_string_value(json_object_get(o, "class")),
			       json_string_value(json_object_get(o, "mac")),
			       json_string_value(json_object_get(o, "port")), dst ? dst : "-", vlan,
			       json_string_value(json_object_get(o, "state")), flags[0] ? flags : "-");
		}
		printf("VNI %u: %u local, %u remote, %u remote VTEP(s), %u own\n", vni, counts.local,
		       counts.remote, counts.remote_vteps, own);
		json_decref(arr);
	}
	free(v.v);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"local", required_argument, NULL, 'l'}, {"port", required_argument, NULL, 'p'},
		{"mtu", required_argument, NULL, 'm'},   {"force", no_argument, NULL, 'f'},
		{"json", no_argument, NULL, 'j'},	 {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *local = NULL;
	unsigned long port = 0, mtu = 0;
	bool force = false, json = false;
	int c;
	while ((c = getopt_long(argc, argv, "l:p:m:fjh", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			local = optarg;
			break;
		case 'p':
			if (parse_uint(optarg, 65535, &port) || port == 0)
				return usage("--port must be 1-65535");
			break;
		case 'm':
			if (parse_uint(optarg, 65535, &mtu) || mtu == 0)
				return usage("--mtu must be a positive number up to 65535");
			break;
		case 'f':
			force = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		default:
			return usage(NULL);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return usage("command missing");
	const char *cmd = argv[0];
	struct vxerr err = {0};
	uint32_t vni = 0;

	if (strcmp(cmd, "names") == 0) {
		char vx[IFNAMSIZ], br[IFNAMSIZ];
		if (argc != 2)
			return usage("names takes one VNI");
		if (vni_parse(argv[1], &vni, &err))
			return fail(&err);
		vni_ifname(vni, VNI_ROLE_VXLAN, vx, &err);
		vni_ifname(vni, VNI_ROLE_BRIDGE, br, &err);
		printf("%s %s\n", vx, br);
		return 0;
	}

	struct nl_conn *nl;
	if (nl_open(&nl, &err))
		return fail(&err);
	int rc;
	if (strcmp(cmd, "vlan") == 0) {
		unsigned long vid;
		char name[IFNAMSIZ];
		if (argc != 4 || (strcmp(argv[1], "add") && strcmp(argv[1], "del")) ||
		    parse_uint(argv[3], 65535, &vid)) {
			nl_close(nl);
			return usage("vlan add|del PORT VLAN");
		}
		rc = argv[1][0] == 'a' ? vlan_if_create(nl, argv[2], (uint16_t)vid, name, &err)
				       : vlan_if_delete(nl, argv[2], (uint16_t)vid, &err);
		nl_close(nl);
		if (rc < 0)
			return fail(&err);
		printf("%s.%lu: %d change(s)\n", argv[2], vid, rc);
		return 0;
	}
	if (strcmp(cmd, "show") == 0) {
		rc = cmd_show(nl, argc - 1, argv + 1, json);
		nl_close(nl);
		return rc;
	}
	if (argc < 2) {
		nl_close(nl);
		return usage("VNI missing");
	}
	if (vni_parse(argv[1], &vni, &err)) {
		nl_close(nl);
		return fail(&err);
	}
	if (strcmp(cmd, "fdb") == 0) {
		rc = argc == 2 ? cmd_fdb(nl, vni, json) : usage("fdb takes one VNI");
		nl_close(nl);
		return rc;
	}
	if (strcmp(cmd, "create") == 0 && argc == 2) {
		struct vtep_spec spec = {.vni = vni, .port = (uint16_t)port, .mtu = (uint32_t)mtu};
		if (!local)
			rc = usage("create needs --local ADDR");
		else if (ipaddr_parse_vtep(local, &spec.local, &err) ||
			 (rc = vtep_create(nl, &spec, &err)) < 0)
			rc = fail(&err);
		else {
			printf("VNI %u: %d change(s)\n", vni, rc);
			rc = 0;
		}
	} else if (strcmp(cmd, "delete") == 0 && argc == 2) {
		rc = vtep_delete(nl, vni, force ? VTEP_DELETE_FORCE : 0, &err);
		if (rc < 0)
			rc = fail(&err);
		else {
			printf("VNI %u: %d change(s)\n", vni, rc);
			rc = 0;
		}
	} else if ((strcmp(cmd, "attach") == 0 || strcmp(cmd, "detach") == 0) && argc == 3) {
		rc = cmd[0] == 'a' ? vtep_attach(nl, vni, argv[2], &err)
				   : vtep_detach(nl, vni, argv[2], &err);
		if (rc < 0)
			rc = fail(&err);
		else {
			printf("VNI %u: %s %s: %d change(s)\n", vni, cmd, argv[2], rc);
			rc = 0;
		}
	} else {
		rc = usage("unknown command or wrong number of arguments");
	}
	nl_close(nl);
	return rc;
}
