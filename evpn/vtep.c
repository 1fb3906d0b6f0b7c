#include "vtep.h"

#include <errno.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link.h"
#include "rtnl_addr.h"
#include "rtnl_link.h"


/* ---- ownership -------------------------------------------------------------- */

static const char *role_kind(enum vni_role role)
{
	return role == VNI_ROLE_VXLAN ? "vxlan" : "bridge";
}

static bool is_owned(const struct link_state *l, uint32_t vni, enum vni_role role)
{
	uint32_t mvni;
	enum vni_role mrole;
	return vni_alias_parse(l->alias, &mvni, &mrole) && mvni == vni && mrole == role &&
	       strcmp(l->kind, role_kind(role)) == 0;
}

static int check_owned(const struct link_state *l, uint32_t vni, enum vni_role role,
		       struct vxerr *err)
{
	uint32_t mvni;
	enum vni_role mrole;
	if (!vni_alias_parse(l->alias, &mvni, &mrole))
		return vxerr_set(err, EEXIST,
				 "%s exists and is not owned by vxgw (kind '%s', ifalias '%s'); "
				 "left untouched",
				 l->name, l->kind[0] ? l->kind : "none", l->alias);
	if (mvni != vni || mrole != role)
		return vxerr_set(err, EEXIST,
				 "%s carries the vxgw mark of VNI %u %s, not of VNI %u %s; left "
				 "untouched",
				 l->name, mvni, vni_role_name(mrole), vni, vni_role_name(role));
	if (strcmp(l->kind, role_kind(role)) != 0)
		return vxerr_set(err, EEXIST,
				 "%s carries the vxgw mark but is a '%s' device, not '%s'; left "
				 "untouched",
				 l->name, l->kind, role_kind(role));
	return 0;
}

/* ---- undo log --------------------------------------------------------------- */

enum undo_kind { UNDO_DELETE, UNDO_CHANGE, UNDO_BRPORT };

struct undo {
	enum undo_kind kind;
	int ifindex;
	struct link_change change; /* UNDO_CHANGE: the reverse change */
	bool learning, neigh_suppress;
};

struct undo_log {
	struct undo item[8];
	int n;
};

static void undo_push(struct undo_log *log, struct undo u)
{
	if (log->n < (int)(sizeof(log->item) / sizeof(log->item[0])))
		log->item[log->n++] = u;
}

static bool undo_deletes(const struct undo_log *log, int ifindex)
{
	for (int i = 0; i < log->n; i++)
		if (log->item[i].kind == UNDO_DELETE && log->item[i].ifindex == ifindex)
			return true;
	return false;
}

/* Best effort, newest first; a device created by this call is simply deleted. */
static void undo_run(struct nl_conn *nl, const struct undo_log *log)
{
	struct vxerr ignored;
	for (int i = log->n - 1; i >= 0; i--) {
		const struct undo *u = &log->item[i];
		if (u->kind != UNDO_DELETE && undo_deletes(log, u->ifindex))
			continue;
		switch (u->kind) {
		case UNDO_DELETE:
			link_request(nl, rtnl_link_del(link_reqbuf(), u->ifindex), &ignored);
			break;
		case UNDO_CHANGE:
			link_request(nl, rtnl_link_change(link_reqbuf(), &u->change), &ignored);
			break;
		case UNDO_BRPORT:
			link_request(nl,
				 rtnl_link_set_brport(link_reqbuf(), u->ifindex, u->learning,
						      u->neigh_suppress),
				 &ignored);
			break;
		}
	}
}

/* ---- create ----------------------------------------------------------------- */

static int check_spec(const struct vtep_spec *spec, struct vtep_spec *out, struct vxerr *err)
{
	int rc = vni_check(spec->vni, err);
	if (rc)
		return rc;
	if ((rc = ipaddr_check_vtep(&spec->local, err)))
		return rc;
	*out = *spec;
	if (!out->port)
		out->port = VTEP_DEFAULT_PORT;
	uint32_t overhead = spec->local.family == AF_INET ? VTEP_OVERHEAD_V4 : VTEP_OVERHEAD_V6;
	if (spec->mtu && (spec->mtu < VTEP_MTU_MIN || spec->mtu > 65535 - overhead))
		return vxerr_set(err, EINVAL, "MTU %u out of range %u-%u for an IPv%d VTEP",
				 spec->mtu, VTEP_MTU_MIN, 65535 - overhead,
				 spec->local.family == AF_INET ? 4 : 6);
	return 0;
}

/* Everything that would make the existing devices unusable for spec, checked before
 * the first change so a refused create changes nothing. */
static int check_existing(const struct vtep_spec *s, const char *vxname,
			  const struct link_state *br, bool have_br, const struct link_state *vx,
			  bool have_vx, struct vxerr *err)
{
	int rc;
	if (have_br && (rc = check_owned(br, s->vni, VNI_ROLE_BRIDGE, err)))
		return rc;
	if (!have_vx)
		return 0;
	if ((rc = check_owned(vx, s->vni, VNI_ROLE_VXLAN, err)))
		return rc;
	char want[IPADDR_STRLEN], have[IPADDR_STRLEN];
	if (!vx->has_vxlan)
		return vxerr_set(err, EEXIST, "%s reports no VXLAN attributes; left untouched",
				 vxname);
	if (vx->vxlan.vni != s->vni)
		return vxerr_set(err, EEXIST, "%s exists with VNI %u, not %u; left untouched",
				 vxname, vx->vxlan.vni, s->vni);
	if (!ipaddr_equal(&vx->vxlan.local, &s->local))
		return vxerr_set(err, EEXIST,
				 "%s exists with local address %s, not %s; delete the VNI to "
				 "change its VTEP address",
				 vxname, ipaddr_format(&vx->vxlan.local, have),
				 ipaddr_format(&s->local, want));
	if (vx->vxlan.port != s->port)
		return vxerr_set(err, EEXIST,
				 "%s exists with UDP port %u, not %u; delete the VNI to change "
				 "its port",
				 vxname, vx->vxlan.port, s->port);
	if (vx->vxlan.learning)
		return vxerr_set(err, EEXIST,
				 "%s has VXLAN learning on, which vxgw never sets (modified by "
				 "hand?); delete the VNI and create it again",
				 vxname);
	if (vx->master && (!have_br || vx->master != br->ifindex))
		return vxerr_set(err, EBUSY, "%s is a port of ifindex %d, not of its bridge; "
					     "left untouched",
				 vxname, vx->master);
	return 0;
}

static int set_and_log(struct nl_conn *nl, struct undo_log *log, const struct link_change *fwd,
		       const struct link_change *rev, struct vxerr *err)
{
	int rc = link_request(nl, rtnl_link_change(link_reqbuf(), fwd), err);
	if (rc == 0 && rev)
		undo_push(log, (struct undo){.kind = UNDO_CHANGE, .ifindex = fwd->ifindex,
					     .change = *rev});
	return rc;
}

static int create_apply(struct nl_conn *nl, const struct vtep_spec *s, const char *brname,
			const char *vxname, struct link_state *br, bool have_br,
			struct link_state *vx, bool have_vx, uint32_t mtu, struct undo_log *log,
			struct vxerr *err)
{
	int changes = 0, rc;
	bool found;
	char alias[VNI_ALIAS_MAX];

	if (!have_br) {
		if ((rc = link_request(nl, rtnl_link_new_bridge(link_reqbuf(), brname), err)))
			return vxerr_prefix(err, "create bridge %s", brname);
		if ((rc = link_by_name(nl, brname, br, &found, err)) || !found)
			return rc ? rc : vxerr_set(err, ENODEV, "%s vanished after creation", brname);
		undo_push(log, (struct undo){.kind = UNDO_DELETE, .ifindex = br->ifindex});
		vni_alias(s->vni, VNI_ROLE_BRIDGE, alias);
		struct link_change c = {.ifindex = br->ifindex, .alias_set = true, .alias = alias,
					.addr_gen_none = true};
		if ((rc = set_and_log(nl, log, &c, NULL, err)) ||
		    (rc = nl_disable_ipv6(brname, err)))
			return vxerr_prefix(err, "mark bridge %s", brname);
		changes += 2;
	}

	if (!have_vx) {
		struct vxlan_params p = {.name = vxname, .vni = s->vni, .local = s->local,
					 .port = s->port, .mtu = mtu, .master = br->ifindex};
		if ((rc = link_request(nl, rtnl_link_new_vxlan(link_reqbuf(), &p), err)))
			return vxerr_prefix(err, "create VXLAN device %s", vxname);
		if ((rc = link_by_name(nl, vxname, vx, &found, err)) || !found)
			return rc ? rc : vxerr_set(err, ENODEV, "%s vanished after creation", vxname);
		undo_push(log, (struct undo){.kind = UNDO_DELETE, .ifindex = vx->ifindex});
		vni_alias(s->vni, VNI_ROLE_VXLAN, alias);
		/* A bridge port: no IPv6 of its own, or it would send DAD/MLD into the overlay. */
		struct link_change c = {.ifindex = vx->ifindex, .alias_set = true, .alias = alias,
					.addr_gen_none = true};
		if ((rc = set_and_log(nl, log, &c, NULL, err)) ||
		    (rc = nl_disable_ipv6(vxname, err)))
			return vxerr_prefix(err, "mark VXLAN device %s", vxname);
		changes += 2;
	} else {
		if (vx->master != br->ifindex) {
			struct link_change c = {.ifindex = vx->ifindex, .master_set = true,
						.master = br->ifindex};
			struct link_change r = {.ifindex = vx->ifindex, .master_set = true};
			if ((rc = set_and_log(nl, log, &c, &r, err)))
				return vxerr_prefix(err, "attach %s to %s", vxname, brname);
			/* Port flags start at kernel defaults after enslaving. */
			if ((rc = link_by_name(nl, vxname, vx, &found, err)) || !found)
				return rc ? rc : vxerr_set(err, ENODEV, "%s vanished", vxname);
			changes++;
		}
		if (vx->mtu != mtu) {
			struct link_change c = {.ifindex = vx->ifindex, .mtu_set = true, .mtu = mtu};
			struct link_change r = {.ifindex = vx->ifindex, .mtu_set = true,
						.mtu = vx->mtu};
			if ((rc = set_and_log(nl, log, &c, &r, err)))
				return vxerr_prefix(err, "set MTU %u on %s", mtu, vxname);
			changes++;
		}
	}

	if (!vx->has_brport || vx->brport.learning || !vx->brport.neigh_suppress) {
		if ((rc = link_request(nl, rtnl_link_set_brport(link_reqbuf(), vx->ifindex, false, true), err)))
			return vxerr_prefix(err, "set learning off, neigh_suppress on for %s", vxname);
		undo_push(log, (struct undo){.kind = UNDO_BRPORT, .ifindex = vx->ifindex,
					     .learning = vx->brport.learning,
					     .neigh_suppress = vx->brport.neigh_suppress});
		changes++;
	}

	const struct link_state *up_order[2] = {vx, br};
	for (int i = 0; i < 2; i++) {
		const struct link_state *l = up_order[i];
		if (l->flags & IFF_UP)
			continue;
		struct link_change c = {.ifindex = l->ifindex, .up_set = true, .up = true};
		struct link_change r = {.ifindex = l->ifindex, .up_set = true, .up = false};
		if ((rc = set_and_log(nl, log, &c, &r, err)))
			return vxerr_prefix(err, "set %s up", l->name);
		changes++;
	}
	return changes;
}

int vtep_create(struct nl_conn *nl, const struct vtep_spec *spec, struct vxerr *err)
{
	struct vtep_spec s;
	int rc = check_spec(spec, &s, err);
	if (rc)
		return rc;
	char brname[IFNAMSIZ], vxname[IFNAMSIZ];
	vni_ifname(s.vni, VNI_ROLE_BRIDGE, brname, err);
	vni_ifname(s.vni, VNI_ROLE_VXLAN, vxname, err);

	struct link_state br, vx;
	bool have_br, have_vx;
	if ((rc = link_by_name(nl, brname, &br, &have_br, err)) ||
	    (rc = link_by_name(nl, vxname, &vx, &have_vx, err)))
		return vxerr_prefix(err, "VNI %u: look up devices", s.vni);
	if ((rc = check_existing(&s, vxname, &br, have_br, &vx, have_vx, err)))
		return vxerr_prefix(err, "VNI %u", s.vni);

	uint32_t mtu = s.mtu;
	if (!mtu && have_vx)
		mtu = vx.mtu;
	if (!mtu && (rc = vtep_underlay_mtu(nl, &s.local, &mtu, err)))
		return vxerr_prefix(err, "VNI %u", s.vni);

	struct undo_log log = {0};
	rc = create_apply(nl, &s, brname, vxname, &br, have_br, &vx, have_vx, mtu, &log, err);
	if (rc < 0) {
		undo_run(nl, &log);
		return vxerr_prefix(err, "VNI %u (rolled back)", s.vni);
	}
	return rc;
}

/* ---- delete ----------------------------------------------------------------- */

static void port_names(const struct link_vec *ports, int skip_ifindex, char *buf, size_t bufsz)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < ports->n && off < bufsz; i++) {
		if (ports->v[i].ifindex == skip_ifindex)
			continue;
		int w = snprintf(buf + off, bufsz - off, "%s%s", off ? ", " : "", ports->v[i].name);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

int vtep_delete(struct nl_conn *nl, uint32_t vni, unsigned flags, struct vxerr *err)
{
	int rc = vni_check(vni, err);
	if (rc)
		return rc;
	char brname[IFNAMSIZ], vxname[IFNAMSIZ];
	vni_ifname(vni, VNI_ROLE_BRIDGE, brname, err);
	vni_ifname(vni, VNI_ROLE_VXLAN, vxname, err);
	struct link_state br, vx;
	bool have_br, have_vx;
	if ((rc = link_by_name(nl, brname, &br, &have_br, err)) ||
	    (rc = link_by_name(nl, vxname, &vx, &have_vx, err)))
		return vxerr_prefix(err, "VNI %u: look up devices", vni);
	/* Foreign devices that merely share our names are not part of this VNI. */
	have_br = have_br && is_owned(&br, vni, VNI_ROLE_BRIDGE);
	have_vx = have_vx && is_owned(&vx, vni, VNI_ROLE_VXLAN);

	if (have_br && !(flags & VTEP_DELETE_FORCE)) {
		struct link_vec ports = {0};
		rc = link_dump(nl, br.ifindex, &ports, err);
		size_t others = 0;
		for (size_t i = 0; rc == 0 && i < ports.n; i++)
			others += ports.v[i].ifindex != (have_vx ? vx.ifindex : 0);
		if (rc == 0 && others) {
			char names[256];
			port_names(&ports, have_vx ? vx.ifindex : 0, names, sizeof(names));
			rc = vxerr_set(err, EBUSY,
				       "VNI %u: %s still has %zu attached port(s): %s; detach them "
				       "first",
				       vni, brname, others, names);
		}
		free(ports.v);
		if (rc)
			return rc;
	}
	int changes = 0;
	if (have_vx) {
		if ((rc = link_request(nl, rtnl_link_del(link_reqbuf(), vx.ifindex), err)) && rc != -ENODEV)
			return vxerr_prefix(err, "VNI %u: delete %s", vni, vxname);
		changes++;
	}
	if (have_br) {
		if ((rc = link_request(nl, rtnl_link_del(link_reqbuf(), br.ifindex), err)) && rc != -ENODEV)
			return vxerr_prefix(err, "VNI %u: delete %s", vni, brname);
		changes++;
	}
	vxerr_clear(err);
	return changes;
}

/* ---- list / get ------------------------------------------------------------- */

static void info_init(struct vtep_info *info, uint32_t vni)
{
	memset(info, 0, sizeof(*info));
	info->vni = vni;
	vni_ifname(vni, VNI_ROLE_VXLAN, info->vxlan_name, NULL);
	vni_ifname(vni, VNI_ROLE_BRIDGE, info->bridge_name, NULL);
}

static void info_add_link(struct vtep_info *info, const struct link_state *l, enum vni_role role)
{
	if (role == VNI_ROLE_BRIDGE) {
		info->bridge_ifindex = l->ifindex;
		info->bridge_mtu = l->mtu;
		info->bridge_up = l->flags & IFF_UP;
		return;
	}
	info->vxlan_ifindex = l->ifindex;
	info->local = l->vxlan.local;
	info->port = l->vxlan.port;
	info->mtu = l->mtu;
	info->vxlan_up = l->flags & IFF_UP;
	info->vxlan_learning = l->vxlan.learning;
	info->learning = l->brport.learning;
	info->neigh_suppress = l->brport.neigh_suppress;
}

static void info_finish(struct vtep_info *info, const struct link_state *vx)
{
	info->enslaved = info->vxlan_ifindex && info->bridge_ifindex &&
			 vx->master == info->bridge_ifindex;
}

static int cmp_vni(const void *a, const void *b)
{
	uint32_t x = ((const struct vtep_info *)a)->vni, y = ((const struct vtep_info *)b)->vni;
	return (x > y) - (x < y);
}

struct idx_pair {
	int ifindex;
	size_t pos;
};

static int cmp_idx(const void *a, const void *b)
{
	int x = ((const struct idx_pair *)a)->ifindex, y = ((const struct idx_pair *)b)->ifindex;
	return (x > y) - (x < y);
}

/* Owned devices whose name also matches their mark; anything else is not ours. */
static bool owned_role(const struct link_state *l, uint32_t *vni, enum vni_role *role)
{
	uint32_t nvni;
	enum vni_role nrole;
	return vni_alias_parse(l->alias, vni, role) && vni_from_ifname(l->name, &nvni, &nrole) &&
	       nvni == *vni && nrole == *role && strcmp(l->kind, role_kind(*role)) == 0;
}

int vtep_list(struct nl_conn *nl, struct vtep_info **out, size_t *count, struct vxerr *err)
{
	struct link_vec lv = {0};
	int rc = link_dump(nl, 0, &lv, err);
	if (rc) {
		free(lv.v);
		return vxerr_prefix(err, "list VNIs");
	}
	rc = vtep_list_links(&lv, out, count, err);
	free(lv.v);
	return rc;
}

int vtep_list_links(const struct link_vec *links, struct vtep_info **out, size_t *count,
		    struct vxerr *err)
{
	const struct link_vec lv = *links;
	/* Pass 1: one entry per owned device, then merge entries of the same VNI. */
	struct vtep_info *infos = calloc(lv.n + 1, sizeof(*infos));
	const struct link_state **vxof = calloc(lv.n + 1, sizeof(*vxof));
	struct idx_pair *bridges = calloc(lv.n + 1, sizeof(*bridges));
	if (!infos || !vxof || !bridges) {
		free(infos), free(vxof), free(bridges);
		return vxerr_set(err, ENOMEM, "out of memory listing VNIs");
	}
	size_t n = 0;
	for (size_t i = 0; i < lv.n; i++) {
		uint32_t vni;
		enum vni_role role;
		if (!owned_role(&lv.v[i], &vni, &role))
			continue;
		info_init(&infos[n], vni);
		info_add_link(&infos[n], &lv.v[i], role);
		n++;
	}
	qsort(infos, n, sizeof(*infos), cmp_vni);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (m && infos[m - 1].vni == infos[i].vni) {
			struct vtep_info *d = &infos[m - 1], *s = &infos[i];
			if (s->bridge_ifindex) {
				d->bridge_ifindex = s->bridge_ifindex;
				d->bridge_mtu = s->bridge_mtu;
				d->bridge_up = s->bridge_up;
			} else {
				struct vtep_info keep = *d;
				*d = *s;
				d->bridge_ifindex = keep.bridge_ifindex;
				d->bridge_mtu = keep.bridge_mtu;
				d->bridge_up = keep.bridge_up;
			}
		} else {
			infos[m++] = infos[i];
		}
	}
	/* Pass 2: enslavement and port counts via a bridge-ifindex index. */
	size_t nb = 0;
	for (size_t i = 0; i < m; i++)
		if (infos[i].bridge_ifindex)
			bridges[nb++] = (struct idx_pair){infos[i].bridge_ifindex, i};
	qsort(bridges, nb, sizeof(*bridges), cmp_idx);
	for (size_t i = 0; i < lv.n; i++) {
		if (!lv.v[i].master)
			continue;
		struct idx_pair key = {lv.v[i].master, 0};
		struct idx_pair *hit = bsearch(&key, bridges, nb, sizeof(*bridges), cmp_idx);
		if (!hit)
			continue;
		struct vtep_info *info = &infos[hit->pos];
		if (lv.v[i].ifindex == info->vxlan_ifindex)
			info_finish(info, &lv.v[i]);
		else
			info->nports++;
	}
	free(vxof);
	free(bridges);
	*out = infos;
	*count = m;
	return 0;
}

static int vtep_read(struct nl_conn *nl, uint32_t vni, struct vtep_info *out, bool count_ports,
		     struct vxerr *err)
{
	int rc = vni_check(vni, err);
	if (rc)
		return rc;
	info_init(out, vni);
	struct link_state br, vx;
	bool have_br, have_vx;
	if ((rc = link_by_name(nl, out->bridge_name, &br, &have_br, err)) ||
	    (rc = link_by_name(nl, out->vxlan_name, &vx, &have_vx, err)))
		return vxerr_prefix(err, "VNI %u", vni);
	have_br = have_br && is_owned(&br, vni, VNI_ROLE_BRIDGE);
	have_vx = have_vx && is_owned(&vx, vni, VNI_ROLE_VXLAN);
	if (!have_br && !have_vx)
		return vxerr_set(err, ENOENT, "VNI %u has no vxgw devices", vni);
	if (have_br)
		info_add_link(out, &br, VNI_ROLE_BRIDGE);
	if (have_vx) {
		info_add_link(out, &vx, VNI_ROLE_VXLAN);
		info_finish(out, &vx);
	}
	if (have_br && count_ports) {
		struct link_vec ports = {0};
		rc = link_dump(nl, br.ifindex, &ports, err);
		for (size_t i = 0; rc == 0 && i < ports.n; i++)
			out->nports += ports.v[i].ifindex != out->vxlan_ifindex;
		free(ports.v);
	}
	return rc;
}

int vtep_get(struct nl_conn *nl, uint32_t vni, struct vtep_info *out, struct vxerr *err)
{
	return vtep_read(nl, vni, out, true, err);
}

int vtep_lookup(struct nl_conn *nl, uint32_t vni, struct vtep_info *out, struct vxerr *err)
{
	return vtep_read(nl, vni, out, false, err);
}

/* ---- attach / detach -------------------------------------------------------- */

static int owned_bridge(struct nl_conn *nl, uint32_t vni, struct link_state *br, bool *found,
			struct vxerr *err)
{
	char brname[IFNAMSIZ];
	int rc = vni_ifname(vni, VNI_ROLE_BRIDGE, brname, err);
	if (rc || (rc = link_by_name(nl, brname, br, found, err)))
		return rc;
	if (*found && (rc = check_owned(br, vni, VNI_ROLE_BRIDGE, err)))
		return rc;
	return 0;
}

static int check_ifname(const char *ifname, struct vxerr *err)
{
	if (!ifname || !*ifname)
		return vxerr_set(err, EINVAL, "interface name missing");
	if (strlen(ifname) >= IFNAMSIZ)
		return vxerr_set(err, EINVAL, "interface name '%.32s' longer than %d bytes", ifname,
				 IFNAMSIZ - 1);
	if (strchr(ifname, '/') || strchr(ifname, ':') || strpbrk(ifname, " \t\n"))
		return vxerr_set(err, EINVAL, "interface name '%s' contains '/', ':' or spaces",
				 ifname);
	return 0;
}

int vtep_attach(struct nl_conn *nl, uint32_t vni, const char *ifname, struct vxerr *err)
{
	int rc = vni_check(vni, err);
	if (rc || (rc = check_ifname(ifname, err)))
		return rc;
	struct link_state br, port;
	bool have_br, have_port;
	if ((rc = owned_bridge(nl, vni, &br, &have_br, err)))
		return vxerr_prefix(err, "attach %s to VNI %u", ifname, vni);
	if (!have_br)
		return vxerr_set(err, ENOENT, "attach %s to VNI %u: the VNI has no bridge; create "
					      "the VTEP first",
				 ifname, vni);
	if ((rc = link_by_name(nl, ifname, &port, &have_port, err)))
		return vxerr_prefix(err, "attach %s to VNI %u", ifname, vni);
	if (!have_port)
		return vxerr_set(err, ENODEV, "attach %s to VNI %u: no such interface", ifname, vni);
	uint32_t ovni;
	enum vni_role orole;
	if (vni_alias_parse(port.alias, &ovni, &orole))
		return vxerr_set(err, EINVAL, "attach %s to VNI %u: it is vxgw's own %s of VNI %u",
				 ifname, vni, vni_role_name(orole), ovni);
	if (port.master && port.master != br.ifindex)
		return vxerr_set(err, EBUSY,
				 "attach %s to VNI %u: already a port of ifindex %d; detach it "
				 "there first",
				 ifname, vni, port.master);
	bool need_master = port.master != br.ifindex, need_up = !(port.flags & IFF_UP);
	if (!need_master && !need_up)
		return 0;
	struct link_change c = {.ifindex = port.ifindex, .master_set = need_master,
				.master = br.ifindex, .up_set = need_up, .up = true};
	if ((rc = link_request(nl, rtnl_link_change(link_reqbuf(), &c), err)))
		return vxerr_prefix(err, "attach %s to %s", ifname, br.name);
	return 1;
}

int vtep_detach(struct nl_conn *nl, uint32_t vni, const char *ifname, struct vxerr *err)
{
	int rc = vni_check(vni, err);
	if (rc || (rc = check_ifname(ifname, err)))
		return rc;
	struct link_state br, port;
	bool have_br, have_port;
	if ((rc = link_by_name(nl, ifname, &port, &have_port, err)))
		return vxerr_prefix(err, "detach %s from VNI %u", ifname, vni);
	if (!have_port)
		return vxerr_set(err, ENODEV, "detach %s from VNI %u: no such interface", ifname,
				 vni);
	if (!port.master)
		return 0;
	if ((rc = owned_bridge(nl, vni, &br, &have_br, err)))
		return vxerr_prefix(err, "detach %s from VNI %u", ifname, vni);
	if (!have_br || port.master != br.ifindex)
		return vxerr_set(err, EBUSY,
				 "detach %s from VNI %u: it is a port of ifindex %d, not of the "
				 "VNI's bridge; left untouched",
				 ifname, vni, port.master);
	struct link_change c = {.ifindex = port.ifindex, .master_set = true, .master = 0};
	if ((rc = link_request(nl, rtnl_link_change(link_reqbuf(), &c), err)))
		return vxerr_prefix(err, "detach %s from %s", ifname, br.name);
	return 1;
}

/* ---- underlay ----------------------------------------------------------------- */

struct addr_search {
	const struct ipaddr *want;
	int ifindex;
};

static int addr_search_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct addr_search *s = data;
	struct addr_entry e;
	struct vxerr local;
	(void)err;
	/* Addresses of other families or odd entries are not what we look for. */
	if (addr_parse(nlh, nlh->nlmsg_len, &e, &local) == 0 && !s->ifindex &&
	    ipaddr_equal(&e.addr, s->want))
		s->ifindex = e.ifindex;
	return 0;
}

int vtep_underlay_mtu(struct nl_conn *nl, const struct ipaddr *addr, uint32_t *mtu,
		      struct vxerr *err)
{
	char s[IPADDR_STRLEN];
	struct addr_search search = {addr, 0};
	int rc = -EINTR;
	for (int attempt = 0; attempt < 5 && rc == -EINTR; attempt++) {
		search.ifindex = 0;
		rc = nl_transact(nl, rtnl_addr_dump(link_reqbuf(), addr->family), addr_search_cb, &search,
				 err);
	}
	if (rc)
		return vxerr_prefix(err, "look up underlay address %s", ipaddr_format(addr, s));
	if (!search.ifindex)
		return vxerr_set(err, EADDRNOTAVAIL,
				 "local address %s is not configured on any interface here; "
				 "configure it first or give an explicit MTU",
				 ipaddr_format(addr, s));
	struct link_state l;
	bool found;
	if ((rc = link_by_index(nl, search.ifindex, &l, &found, err)))
		return rc;
	if (!found)
		return vxerr_set(err, ENODEV, "underlay interface of %s vanished",
				 ipaddr_format(addr, s));
	uint32_t overhead = addr->family == AF_INET ? VTEP_OVERHEAD_V4 : VTEP_OVERHEAD_V6;
	if (l.mtu < VTEP_MTU_MIN + overhead)
		return vxerr_set(err, EINVAL, "underlay %s MTU %u is too small for VXLAN", l.name,
				 l.mtu);
	*mtu = l.mtu - overhead;
	return 0;
}
