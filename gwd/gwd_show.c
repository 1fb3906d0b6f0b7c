#include "gwd_show.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/fdb.h"
#include "../evpn/frr_ctl.h"
#include "../evpn/frr_state.h"
#include "gwd_model.h"

#define FRR_SHOW_TIMEOUT_MS 10000

static void mac_str(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

const char *gwd_binding_state(const struct gwd_view *v, const struct gwd_segment *seg,
			      const struct gwd_port *p)
{
	char ifname[IFNAMSIZ];
	plan_vlan_ifname(p->name, p->vlan, ifname);
	if (!gwd_node_link(v->node, p->name))
		return "absent";
	const struct link_state *l = gwd_node_link(v->node, ifname);
	const struct vtep_info *vt = gwd_node_vtep(v->node, seg->vni);
	if (!l || !vt || !vt->bridge_ifindex || l->master != vt->bridge_ifindex)
		return "unbound";
	return gwd_node_link_state(v->node, ifname);
}

void gwd_show_binding_counts(const struct gwd_view *v, unsigned out[4])
{
	memset(out, 0, 4 * sizeof(out[0]));
	for (size_t i = 0; i < v->cfg->nsegments; i++)
		for (size_t k = 0; k < v->cfg->segments[i].nports; k++) {
			const char *s = gwd_binding_state(v, &v->cfg->segments[i], &v->cfg->segments[i].ports[k]);
			out[0]++;
			if (!strcmp(s, "up"))
				out[1]++;
			else if (!strcmp(s, "absent"))
				out[3]++;
			else
				out[2]++;
		}
}

static bool selected(uint32_t want, uint32_t vni)
{
	return want == 0 || want == vni;
}

static int check_vni(const struct gwd_view *v, uint32_t vni, struct vxerr *err)
{
	if (!vni)
		return 0;
	for (size_t i = 0; i < v->cfg->nsegments; i++)
		if (v->cfg->segments[i].vni == vni)
			return 0;
	return vxerr_set(err, ENOENT, "VNI %u is not configured", vni);
}

/* The FDB entries of one VNI, out of a whole-node dump. */
static bool in_vni(const struct fdb_entry *e, const struct vtep_info *vt)
{
	return (vt->bridge_ifindex && e->master == vt->bridge_ifindex) ||
	       (vt->vxlan_ifindex && e->ifindex == vt->vxlan_ifindex);
}

static int dump_fdb(struct nl_conn *nl, struct fdb_vec *fv, struct vxerr *err)
{
	memset(fv, 0, sizeof(*fv));
	return fdb_dump_all(nl, fv, err);
}

/* Remote VTEP lists are collected per VXLAN device in one pass over the FDB. */
struct vtep_list {
	int vxlan_ifindex;
	json_t *arr;
};

static int cmp_vtep_list(const void *x, const void *y)
{
	int a = ((const struct vtep_list *)x)->vxlan_ifindex;
	int b = ((const struct vtep_list *)y)->vxlan_ifindex;
	return (a > b) - (a < b);
}

static int cmp_mib_vni(const void *x, const void *y)
{
	uint32_t a = ((const struct gwd_mib_vni *)x)->vni, b = ((const struct gwd_mib_vni *)y)->vni;
	return (a > b) - (a < b);
}

/* Counts and states come from the same model the SNMP agent serves, so gwctl and
 * VXGW-MIB can never disagree. */
json_t *gwd_show_vnis(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err)
{
	if (check_vni(v, vni, err))
		return NULL;
	struct fdb_vec all;
	if (dump_fdb(nl, &all, err))
		return NULL;
	struct gwd_model_status st = {.last_ok = true};
	struct gwd_mib_model m;
	struct vtep_list *lists = calloc(v->cfg->nsegments + 1, sizeof(*lists));
	if (!lists || gwd_model_build(v->cfg, v->node, &all, &st, NULL, 0, &m)) {
		free(lists);
		free(all.v);
		vxerr_set(err, ENOMEM, "out of memory building the VNI view");
		return NULL;
	}
	size_t nl_ = 0;
	for (size_t i = 0; i < m.nvnis; i++)
		if (m.vnis[i].vxlan_ifindex && selected(vni, m.vnis[i].vni))
			lists[nl_++] = (struct vtep_list){m.vnis[i].vxlan_ifindex, json_array()};
	qsort(lists, nl_, sizeof(*lists), cmp_vtep_list);
	char a[IPADDR_STRLEN];
	for (size_t k = 0; k < all.n; k++) {
		const struct fdb_entry *e = &all.v[k];
		struct vtep_list key = {e->ifindex, NULL};
		struct vtep_list *l = bsearch(&key, lists, nl_, sizeof(*lists), cmp_vtep_list);
		if (l && e->dst.family && fdb_classify(e, l->vxlan_ifindex) == FDB_REMOTE_VTEP)
			json_array_append_new(l->arr, json_string(ipaddr_format(&e->dst, a)));
	}
	static const char *const oper[] = {"?", "up", "down", "missing"};
	json_t *arr = json_array();
	for (size_t i = 0; i < v->cfg->nsegments; i++) {
		const struct gwd_segment *seg = &v->cfg->segments[i];
		if (!selected(vni, seg->vni))
			continue;
		const struct vtep_info *vt = gwd_node_vtep(v->node, seg->vni);
		struct gwd_mib_vni rkey = {.vni = seg->vni};
		const struct gwd_mib_vni *r = bsearch(&rkey, m.vnis, m.nvnis, sizeof(*m.vnis), cmp_mib_vni);
		struct vtep_list lkey = {r ? r->vxlan_ifindex : 0, NULL};
		struct vtep_list *l = lkey.vxlan_ifindex
					      ? bsearch(&lkey, lists, nl_, sizeof(*lists), cmp_vtep_list)
					      : NULL;
		json_t *vteps = l ? json_incref(l->arr) : json_array();
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "vni",
				       (json_int_t)seg->vni, "name", seg->name, "vxlan",
				       vt ? vt->vxlan_name : "", "bridge", vt ? vt->bridge_name : "",
				       "state", r && r->oper >= 1 && r->oper <= 3 ? oper[r->oper] : "missing",
				       "mtu", (json_int_t)(vt ? vt->mtu : 0), "ports",
				       (json_int_t)seg->nports, "local_macs",
				       (json_int_t)(r ? r->local_macs : 0), "remote_macs",
				       (json_int_t)(r ? r->remote_macs : 0), "bridge_ifindex",
				       (json_int_t)(r ? r->bridge_ifindex : 0), "remote_vteps", vteps));
	}
	for (size_t i = 0; i < nl_; i++)
		json_decref(lists[i].arr);
	free(lists);
	gwd_mib_free(&m);
	free(all.v);
	return json_pack("{s:o}", "vnis", arr);
}

json_t *gwd_show_ports(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err)
{
	(void)nl;
	if (check_vni(v, vni, err))
		return NULL;
	json_t *arr = json_array();
	char ifname[IFNAMSIZ];
	for (size_t i = 0; i < v->cfg->nsegments; i++) {
		const struct gwd_segment *seg = &v->cfg->segments[i];
		if (!selected(vni, seg->vni))
			continue;
		for (size_t k = 0; k < seg->nports; k++) {
			const struct gwd_port *p = &seg->ports[k];
			plan_vlan_ifname(p->name, p->vlan, ifname);
			const struct link_state *l = gwd_node_link(v->node, ifname);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:s, s:I}", "ifname",
							     ifname, "port", p->name, "vlan",
							     (json_int_t)p->vlan, "vni", (json_int_t)seg->vni,
							     "state", gwd_binding_state(v, seg, p), "ifindex",
							     (json_int_t)(l ? l->ifindex : 0)));
		}
	}
	return json_pack("{s:o}", "ports", arr);
}

json_t *gwd_show_peers(const struct gwd_view *v, struct vxerr *err)
{
	json_t *arr = json_array();
	if (!v->frr_pathspace)
		return json_pack("{s:o}", "peers", arr);
	char *out = NULL;
	size_t len = 0;
	if (frr_show(v->frr_pathspace, "show bgp l2vpn evpn summary json", FRR_SHOW_TIMEOUT_MS, &out,
		     &len, err)) {
		json_decref(arr);
		return NULL;
	}
	struct frr_peer_state peers[2 * GWD_MAX_PEERS + 8];
	size_t n = 0;
	int rc = frr_parse_peers(out, len, peers, sizeof(peers) / sizeof(peers[0]), &n, err);
	free(out);
	if (rc) {
		json_decref(arr);
		return NULL;
	}
	/* Every configured neighbour is listed, also one FRR does not show (yet). */
	char a[IPADDR_STRLEN];
	for (size_t i = 0; i < v->cfg->nrr + v->cfg->npeers; i++) {
		bool rr = i < v->cfg->nrr;
		const struct ipaddr *addr = rr ? &v->cfg->rr[i] : &v->cfg->peer[i - v->cfg->nrr].address;
		uint32_t asn = rr ? v->cfg->asn
				  : (v->cfg->peer[i - v->cfg->nrr].asn ? v->cfg->peer[i - v->cfg->nrr].asn
								       : v->cfg->asn);
		const struct frr_peer_state *ps = NULL;
		for (size_t k = 0; k < n && !ps; k++)
			if (peers[k].address.family && ipaddr_equal(&peers[k].address, addr))
				ps = &peers[k];
		json_array_append_new(
			arr, json_pack("{s:s, s:s, s:I, s:s, s:b, s:I, s:I}", "peer",
				       ipaddr_format(addr, a), "type", rr ? "route-reflector" : "router",
				       "remote_as", (json_int_t)asn, "state", ps ? ps->state : "Unknown",
				       "established", ps && ps->established, "uptime_ms",
				       (json_int_t)(ps ? ps->uptime_ms : 0), "prefixes_received",
				       (json_int_t)(ps ? ps->prefixes_received : 0)));
	}
	return json_pack("{s:o}", "peers", arr);
}

json_t *gwd_show_macs(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err)
{
	if (check_vni(v, vni, err))
		return NULL;
	struct fdb_vec all;
	if (dump_fdb(nl, &all, err))
		return NULL;
	json_t *arr = json_array();
	char m[18], a[IPADDR_STRLEN];
	for (size_t i = 0; i < v->cfg->nsegments; i++) {
		const struct gwd_segment *seg = &v->cfg->segments[i];
		const struct vtep_info *vt = gwd_node_vtep(v->node, seg->vni);
		if (!selected(vni, seg->vni) || !vt)
			continue;
		for (size_t k = 0; k < all.n; k++) {
			const struct fdb_entry *e = &all.v[k];
			if (!in_vni(e, vt))
				continue;
			enum fdb_class c = fdb_classify(e, vt->vxlan_ifindex);
			if (c != FDB_LOCAL && c != FDB_REMOTE)
				continue;
			if (c == FDB_REMOTE && !e->dst.family)
				continue; /* the bridge-side twin of a remote entry */
			mac_str(e->mac, m);
			const struct link_state *l = gwd_node_link_by_index(v->node, e->ifindex);
			json_t *o = json_pack("{s:I, s:s, s:s}", "vni", (json_int_t)seg->vni, "mac", m,
					      "type", c == FDB_LOCAL ? "local" : "remote");
			if (c == FDB_LOCAL)
				json_object_set_new(o, "port", json_string(l ? l->name : "?"));
			else
				json_object_set_new(o, "vtep", json_string(ipaddr_format(&e->dst, a)));
			json_object_set_new(o, "static", json_boolean(e->state & 0x40 /* NUD_NOARP */));
			json_array_append_new(arr, o);
		}
	}
	free(all.v);
	return json_pack("{s:o}", "macs", arr);
}
