#include "gwd_node.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gwd_ctl.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000
#endif

bool gwd_vlan_mark_parse(const char *alias, char port[IFNAMSIZ], uint16_t *vlan)
{
	static const char prefix[] = "vxgw:vlan=";
	if (strncmp(alias, prefix, sizeof(prefix) - 1) != 0)
		return false;
	const char *name = alias + sizeof(prefix) - 1;
	/* The mark is "vxgw:vlan=" + the sub-interface's own name (evpn/vlan.c), and
	 * "<port>.<vid>" is a kernel interface name: at most IFNAMSIZ-1 bytes in all, the
	 * port part a valid name itself. Anything else is not a mark vxgw wrote, and as a
	 * binding it could not be named again (plan_vlan_ifname, vlan_if_delete refuse). */
	if (strnlen(name, IFNAMSIZ) >= IFNAMSIZ)
		return false;
	const char *dot = strrchr(name, '.');
	size_t plen = dot ? (size_t)(dot - name) : 0;
	if (!dot || plen == 0 || !dot[1] || strlen(dot + 1) > 4)
		return false;
	unsigned v = 0;
	for (const char *p = dot + 1; *p; p++) {
		if (*p < '0' || *p > '9' || (p == dot + 1 && *p == '0'))
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v < 1 || v > 4094)
		return false;
	char p[IFNAMSIZ];
	memcpy(p, name, plen);
	p[plen] = '\0';
	struct vxerr ignored;
	if (gwd_ifname_check(p, "port", &ignored))
		return false;
	memcpy(port, p, plen + 1);
	*vlan = (uint16_t)v;
	return true;
}

static int cmp_link_name(const void *a, const void *b)
{
	return strcmp((*(struct link_state *const *)a)->name, (*(struct link_state *const *)b)->name);
}

static int cmp_bridge(const void *a, const void *b)
{
	const struct vtep_info *x = *(const struct vtep_info *const *)a;
	const struct vtep_info *y = *(const struct vtep_info *const *)b;
	return (x->bridge_ifindex > y->bridge_ifindex) - (x->bridge_ifindex < y->bridge_ifindex);
}

static const struct vtep_info *vtep_by_bridge(const struct vtep_info **idx, size_t n, int ifindex)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (idx[mid]->bridge_ifindex == ifindex)
			return idx[mid];
		if (idx[mid]->bridge_ifindex < ifindex)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int cmp_binding(const void *a, const void *b)
{
	return strcmp(((const struct gwd_binding *)a)->ifname,
		      ((const struct gwd_binding *)b)->ifname);
}

int gwd_node_read(struct nl_conn *nl, struct gwd_node *out, struct vxerr *err)
{
	memset(out, 0, sizeof(*out));
	int rc;
	for (int tries = 0;; tries++) {
		rc = link_dump(nl, 0, &out->links, err);
		if (rc != -EINTR || tries == 4)
			break;
		free(out->links.v);
		memset(&out->links, 0, sizeof(out->links));
	}
	if (rc || (rc = vtep_list_links(&out->links, &out->vteps, &out->nvteps, err))) {
		gwd_node_free(out);
		return rc;
	}
	out->by_name = malloc((out->links.n + 1) * sizeof(*out->by_name));
	const struct vtep_info **bridges = malloc((out->nvteps + 1) * sizeof(*bridges));
	if (!out->by_name || !bridges) {
		free(bridges);
		gwd_node_free(out);
		return vxerr_set(err, ENOMEM, "out of memory indexing links");
	}
	for (size_t i = 0; i < out->links.n; i++)
		out->by_name[i] = &out->links.v[i];
	qsort(out->by_name, out->links.n, sizeof(*out->by_name), cmp_link_name);
	for (size_t i = 0; i < out->nvteps; i++)
		bridges[i] = &out->vteps[i];
	qsort(bridges, out->nvteps, sizeof(*bridges), cmp_bridge);
	size_t cap = 0;
	for (size_t i = 0; i < out->links.n; i++) {
		const struct link_state *l = &out->links.v[i];
		if (!l->master)
			continue;
		const struct vtep_info *v = vtep_by_bridge(bridges, out->nvteps, l->master);
		if (!v || l->ifindex == v->vxlan_ifindex)
			continue;
		if (out->nbindings == cap) {
			cap = cap ? cap * 2 : 64;
			struct gwd_binding *nb = realloc(out->bindings, cap * sizeof(*nb));
			if (!nb) {
				free(bridges);
				gwd_node_free(out);
				return vxerr_set(err, ENOMEM, "out of memory reading bindings");
			}
			out->bindings = nb;
		}
		struct gwd_binding *b = &out->bindings[out->nbindings++];
		memset(b, 0, sizeof(*b));
		strcpy(b->ifname, l->name);
		b->vni = v->vni;
		if (!(strcmp(l->kind, "vlan") == 0 && gwd_vlan_mark_parse(l->alias, b->port, &b->vlan)))
			strcpy(b->port, l->name);
	}
	free(bridges);
	if (out->nbindings)
		qsort(out->bindings, out->nbindings, sizeof(*out->bindings), cmp_binding);
	return 0;
}

void gwd_node_free(struct gwd_node *n)
{
	free(n->vteps);
	free(n->bindings);
	free(n->links.v);
	free(n->by_name);
	memset(n, 0, sizeof(*n));
}

static bool node_port_present(void *ctx, const char *name)
{
	return gwd_node_link(ctx, name) != NULL;
}

void gwd_node_actual(const struct gwd_node *n, struct gwd_actual *a)
{
	memset(a, 0, sizeof(*a));
	a->vteps = n->vteps;
	a->nvteps = n->nvteps;
	a->bindings = n->bindings;
	a->nbindings = n->nbindings;
	a->port_present = node_port_present;
	a->ctx = (void *)n;
}

const struct link_state *gwd_node_link(const struct gwd_node *n, const char *name)
{
	size_t lo = 0, hi = n->by_name ? n->links.n : 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(n->by_name[mid]->name, name);
		if (c == 0)
			return n->by_name[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct link_state *gwd_node_link_by_index(const struct gwd_node *n, int ifindex)
{
	for (size_t i = 0; i < n->links.n; i++)
		if (n->links.v[i].ifindex == ifindex)
			return &n->links.v[i];
	return NULL;
}

const struct vtep_info *gwd_node_vtep(const struct gwd_node *n, uint32_t vni)
{
	size_t lo = 0, hi = n->nvteps;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (n->vteps[mid].vni == vni)
			return &n->vteps[mid];
		if (n->vteps[mid].vni < vni)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *gwd_node_link_state(const struct gwd_node *n, const char *ifname)
{
	const struct link_state *l = gwd_node_link(n, ifname);
	if (!l)
		return "absent";
	return (l->flags & IFF_UP) && (l->flags & IFF_LOWER_UP) ? "up" : "down";
}
