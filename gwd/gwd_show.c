#include "gwd_show.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/fdb.h"
#include "../evpn/frr_ctl.h"
#include "../evpn/frr_state.h"

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

json_t *gwd_show_vnis(struct nl_conn *nl, const struct gwd_view *v, uint32_t vni, struct vxerr *err)
{
	if (check_vni(v, vni, err))
		return NULL;
	struct fdb_vec all;
	if (dump_fdb(nl, &all, err))
		return NULL;
	json_t *arr = json_array();
	char a[IPADDR_STRLEN];
	for (size_t i = 0; i < v->cfg->nsegments; i++) {
		const struct gwd_segment *seg = &v->cfg->segments[i];
		if (!selected(vni, seg->vni))
			continue;
		const struct vtep_info *vt = gwd_node_vtep(v->node, seg->vni);
		struct fdb_counts cnt = {0};
		json_t *vteps = json_array();
		if (vt) {
			struct fdb_vec mine = {0};
			for (size_t k = 0; k < all.n; k++)
				if (in_vni(&all.v[k], vt)) {
					if (mine.n == mine.cap) {
						size_t cap = mine.cap ? mine.cap * 2 : 16;
						struct fdb_entry *nv = realloc(mine.v, cap * sizeof(*nv));
						if (!nv) {
							free(mine.v);
							free(all.v);
							json_decref(vteps);
							json_decref(arr);
							vxerr_set(err, ENOMEM, "out of memory counting MACs");
							return NULL;
						}
						mine.v = nv;
						mine.cap = cap;
					}
					mine.v[mine.n++] = all.v[k];
				}
			fdb_count(&mine, vt->vxlan_ifindex, &cnt);
			for (size_t k = 0; k < mine.n; k++) {
				const struct fdb_entry *e = &mine.v[k];
				if (fdb_classify(e, vt->vxlan_ifindex) != FDB_REMOTE_VTEP || !e->dst.family)
					continue;
				json_array_append_new(vteps, json_string(ipaddr_format(&e->dst, a)));
			}
			free(mine.v);
		}
		const char *state = !vt || !vt->vxlan_ifindex || !vt->bridge_ifindex ? "missing"
				    : vt->vxlan_up && vt->bridge_up && vt->enslaved  ? "up"
										     : "down";
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "vni",
				       (json_int_t)seg->vni, "name", seg->name, "vxlan",
				       vt ? vt->vxlan_name : "", "bridge", vt ? vt->bridge_name : "",
				       "state", state, "mtu", (json_int_t)(vt ? vt->mtu : 0), "ports",
				       (json_int_t)seg->nports, "local_macs", (json_int_t)cnt.local,
				       "remote_macs", (json_int_t)cnt.remote, "bridge_ifindex",
				       (json_int_t)(vt ? vt->bridge_ifindex : 0), "remote_vteps", vteps));
	}
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
