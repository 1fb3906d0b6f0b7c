#include "cni_pod.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../evpn/link.h"
#include "../evpn/rtnl_addr.h"
#include "../evpn/rtnl_fdb.h"
#include "../evpn/rtnl_route.h"
#include "../evpn/vtep.h"

void cni_host_veth_name(const char *containerid, const char *ifname, char out[IFNAMSIZ])
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *parts[] = {containerid, "/", ifname};
	for (int p = 0; p < 3; p++)
		for (const unsigned char *s = (const unsigned char *)parts[p]; *s; s++)
			h = (h ^ *s) * 0x100000001b3ull;
	snprintf(out, IFNAMSIZ, "vxc%010llx", (unsigned long long)(h & 0xffffffffffull));
}

void cni_veth_alias(uint32_t vni, const char *net, char out[LINK_ALIAS_MAX])
{
	snprintf(out, LINK_ALIAS_MAX, "vxgw:cni:vni=%u:net=%s", vni, net);
}

static void format_mac(const uint8_t m[6], char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int kernel_fail(struct cni_err *e, const struct vxerr *vx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int kernel_fail(struct cni_err *e, const struct vxerr *vx, const char *fmt, ...)
{
	char ctx[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	return cni_fail(e, CNI_ERR_KERNEL, "%s: %s", ctx, vx->msg);
}

int pod_attach(struct nl_conn *nl_host, struct nl_conn *nl_pod, int pod_ns_fd,
	       const struct cni_conf *conf, const char *containerid, const char *ifname,
	       uint32_t mtu, struct pod_attachment *out, struct cni_err *e)
{
	char hname[IFNAMSIZ], alias[LINK_ALIAS_MAX], brname[IFNAMSIZ];
	struct vxerr vx = {0};
	bool found, pod_found;
	memset(out, 0, sizeof(*out));
	cni_host_veth_name(containerid, ifname, hname);
	cni_veth_alias(conf->vni, conf->name, alias);
	vni_ifname(conf->vni, VNI_ROLE_BRIDGE, brname, NULL);

	if (link_by_name(nl_host, hname, &out->host, &found, &vx) ||
	    link_by_name(nl_pod, ifname, &out->pod, &pod_found, &vx))
		return kernel_fail(e, &vx, "look up %s / %s", hname, ifname);
	if (found) {
		/* A repeated ADD: adopt only our own pair, still linked to this pod end. */
		if (strcmp(out->host.alias, alias) != 0)
			return cni_fail(e, CNI_ERR_KERNEL,
					"host interface %s exists but is not this network's (ifalias "
					"'%s'); left untouched",
					hname, out->host.alias);
		if (!pod_found || out->pod.link != out->host.ifindex)
			return cni_fail(e, CNI_ERR_KERNEL,
					"host interface %s exists but its peer is not %s in %s", hname,
					ifname, "the pod namespace");
		if (vtep_attach(nl_host, conf->vni, hname, &vx) < 0 ||
		    link_by_name(nl_host, hname, &out->host, &found, &vx) || !found ||
		    link_by_name(nl_host, brname, &out->bridge, &found, &vx) || !found)
			return kernel_fail(e, &vx, "attach %s", hname);
	} else {
		if (pod_found)
			return cni_fail(e, CNI_ERR_KERNEL,
					"interface %s already exists in the pod namespace", ifname);
		struct veth_params p = {.name = hname, .peer_name = ifname,
					.peer_netns_fd = pod_ns_fd, .mtu = mtu,
					.peer_mac = conf->mac_set ? conf->mac : NULL};
		if (link_request(nl_host, rtnl_link_new_veth(link_reqbuf(), &p), &vx))
			return kernel_fail(e, &vx, "create veth %s/%s", hname, ifname);
		out->created = true;
		if (link_by_name(nl_host, hname, &out->host, &found, &vx) || !found ||
		    link_by_name(nl_host, brname, &out->bridge, &found, &vx) || !found)
			return kernel_fail(e, &vx, "find new veth %s and %s", hname, brname);
		if (nl_disable_ipv6(hname, &vx))
			return kernel_fail(e, &vx, "disable IPv6 on %s", hname);
		/* One request: mark, no IPv6 on this pure L2 port (set before up, so no
		 * link-local address or DAD), enslave, up. */
		struct link_change c = {.ifindex = out->host.ifindex, .alias_set = true,
					.alias = alias, .addr_gen_none = true, .master_set = true,
					.master = out->bridge.ifindex, .up_set = true, .up = true};
		if (link_request(nl_host, rtnl_link_change(link_reqbuf(), &c), &vx))
			return kernel_fail(e, &vx, "attach %s to %s", hname, brname);
		out->host.master = out->bridge.ifindex;
		out->host.flags |= IFF_UP;
	}
	if (link_by_name(nl_pod, ifname, &out->pod, &pod_found, &vx) || !pod_found)
		return kernel_fail(e, &vx, "find %s in the pod namespace", ifname);
	/* Pin the pod's MAC to its port so EVPN advertises it now, before the pod sends
	 * anything; it goes away with the veth. */
	if (out->pod.has_mac &&
	    link_request(nl_host, rtnl_fdb_add_static(link_reqbuf(), out->host.ifindex, out->pod.mac),
			 &vx))
		return kernel_fail(e, &vx, "add FDB entry for %s on %s", ifname, hname);
	if (!(out->pod.flags & IFF_UP)) {
		struct link_change up = {.ifindex = out->pod.ifindex, .up_set = true, .up = true};
		if (link_request(nl_pod, rtnl_link_change(link_reqbuf(), &up), &vx))
			return kernel_fail(e, &vx, "set %s up", ifname);
		out->pod.flags |= IFF_UP;
	}
	return 0;
}

static int route_gw(const struct cni_result *r, const struct cni_route *rt, struct ipaddr *gw)
{
	*gw = rt->gw;
	for (int i = 0; !gw->family && i < r->nips; i++)
		if (r->ip[i].gateway.family == rt->dst.family)
			*gw = r->ip[i].gateway;
	return 0;
}

int pod_configure_ips(struct nl_conn *nl_pod, int ifindex, const struct cni_result *r,
		      struct cni_err *e)
{
	struct vxerr vx = {0};
	char a[IPADDR_STRLEN];
	for (int i = 0; i < r->nips; i++) {
		int rc = link_request(
			nl_pod, rtnl_addr_new(link_reqbuf(), ifindex, &r->ip[i].addr, r->ip[i].prefixlen),
			&vx);
		if (rc && rc != -EEXIST)
			return kernel_fail(e, &vx, "add address %s/%u",
					   ipaddr_format(&r->ip[i].addr, a), r->ip[i].prefixlen);
	}
	for (int i = 0; i < r->nroutes; i++) {
		const struct cni_route *rt = &r->route[i];
		struct ipaddr gw;
		route_gw(r, rt, &gw);
		int rc = link_request(nl_pod,
				      rtnl_route_new(link_reqbuf(), &rt->dst, rt->dst_len, &gw,
						     ifindex, rt->dst.family),
				      &vx);
		if (rc && rc != -EEXIST)
			return kernel_fail(e, &vx, "add route %s/%u", ipaddr_format(&rt->dst, a),
					   rt->dst_len);
	}
	return 0;
}

int pod_detach(struct nl_conn *nl_host, const struct cni_conf *conf, const char *containerid,
	       const char *ifname, bool *removed, struct cni_err *e)
{
	char hname[IFNAMSIZ], alias[LINK_ALIAS_MAX];
	struct link_state host;
	struct vxerr vx = {0};
	bool found;
	*removed = false;
	cni_host_veth_name(containerid, ifname, hname);
	cni_veth_alias(conf->vni, conf->name, alias);
	if (link_by_name(nl_host, hname, &host, &found, &vx))
		return kernel_fail(e, &vx, "look up %s", hname);
	if (!found)
		return 0;
	if (strcmp(host.alias, alias) != 0)
		return cni_fail(e, CNI_ERR_KERNEL,
				"host interface %s is not this network's (ifalias '%s'); left "
				"untouched",
				hname, host.alias);
	int rc = link_request(nl_host, rtnl_link_del(link_reqbuf(), host.ifindex), &vx);
	if (rc && rc != -ENODEV) /* gone meanwhile: the pod namespace went away */
		return kernel_fail(e, &vx, "delete %s", hname);
	*removed = rc == 0;
	return 0;
}

static void problem(char *buf, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(char *buf, size_t sz, const char *fmt, ...)
{
	size_t n = strlen(buf);
	if (n + 3 >= sz)
		return;
	if (n)
		strcat(buf, "; ");
	n = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, sz - n, fmt, ap);
	va_end(ap);
}

struct addr_set {
	int ifindex;
	struct addr_entry a[64];
	int n;
};

static int addr_collect_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct addr_set *s = data;
	struct addr_entry e;
	(void)err;
	if (addr_parse(nlh, nlh->nlmsg_len, &e, NULL) == 0 && e.ifindex == s->ifindex && s->n < 64)
		s->a[s->n++] = e;
	return 0;
}

int pod_check(struct nl_conn *nl_host, struct nl_conn *nl_pod, const struct cni_conf *conf,
	      const char *containerid, const char *ifname, uint32_t mtu,
	      const struct cni_result *prev, char *problems, size_t sz, struct cni_err *e)
{
	char hname[IFNAMSIZ], alias[LINK_ALIAS_MAX];
	struct link_state host, pod;
	struct vtep_info vt;
	struct vxerr vx = {0};
	bool hfound, pfound;
	problems[0] = '\0';
	cni_host_veth_name(containerid, ifname, hname);
	cni_veth_alias(conf->vni, conf->name, alias);

	int rc = vtep_get(nl_host, conf->vni, &vt, &vx);
	if (rc == -ENOENT)
		problem(problems, sz, "VNI %u has no VTEP (vx%u/br%u missing)", conf->vni, conf->vni,
			conf->vni);
	else if (rc)
		return kernel_fail(e, &vx, "read VTEP of VNI %u", conf->vni);
	else {
		if (!vt.vxlan_ifindex || !vt.bridge_ifindex)
			problem(problems, sz, "VTEP of VNI %u is incomplete", conf->vni);
		if (!vt.enslaved)
			problem(problems, sz, "%s is not a port of %s", vt.vxlan_name, vt.bridge_name);
		if (!vt.vxlan_up || !vt.bridge_up)
			problem(problems, sz, "VTEP of VNI %u is down", conf->vni);
		if (vt.port != conf->port)
			problem(problems, sz, "%s uses UDP port %u, config says %u", vt.vxlan_name,
				vt.port, conf->port);
		if (vt.mtu != mtu)
			problem(problems, sz, "%s MTU %u, expected %u", vt.vxlan_name, vt.mtu, mtu);
		if (vt.learning || !vt.neigh_suppress || vt.vxlan_learning)
			problem(problems, sz, "%s port flags changed (learning/neigh_suppress)",
				vt.vxlan_name);
	}
	if (link_by_name(nl_host, hname, &host, &hfound, &vx) ||
	    link_by_name(nl_pod, ifname, &pod, &pfound, &vx))
		return kernel_fail(e, &vx, "look up %s / %s", hname, ifname);
	if (!hfound) {
		problem(problems, sz, "host interface %s is missing", hname);
	} else {
		if (strcmp(host.alias, alias) != 0)
			problem(problems, sz, "host interface %s is not marked for this network", hname);
		if (rc == 0 && host.master != vt.bridge_ifindex)
			problem(problems, sz, "host interface %s is not attached to br%u", hname,
				conf->vni);
		if (!(host.flags & IFF_UP))
			problem(problems, sz, "host interface %s is down", hname);
		if (host.mtu != mtu)
			problem(problems, sz, "host interface %s MTU %u, expected %u", hname, host.mtu,
				mtu);
	}
	if (!pfound) {
		problem(problems, sz, "%s is missing in the pod namespace", ifname);
		return 0;
	}
	if (strcmp(pod.kind, "veth") != 0)
		problem(problems, sz, "%s in the pod is a '%s' device, not a veth", ifname, pod.kind);
	if (hfound && pod.link != host.ifindex)
		problem(problems, sz, "%s in the pod is not the peer of %s", ifname, hname);
	if (!(pod.flags & IFF_UP))
		problem(problems, sz, "%s in the pod is down", ifname);
	if (pod.mtu != mtu)
		problem(problems, sz, "%s in the pod has MTU %u, expected %u", ifname, pod.mtu, mtu);
	char mac[18];
	format_mac(pod.mac, mac);
	if (conf->mac_set) {
		char want[18];
		format_mac(conf->mac, want);
		if (strcmp(mac, want) != 0)
			problem(problems, sz, "%s in the pod has MAC %s, expected %s", ifname, mac,
				want);
	}
	/* The interface in prevResult must be this one, and its IPs must be present. */
	int idx = -1;
	for (int i = 0; prev && i < prev->nifaces; i++)
		if (strcmp(prev->iface[i].name, ifname) == 0 && prev->iface[i].sandbox[0])
			idx = i;
	if (prev && idx < 0)
		problem(problems, sz, "prevResult has no interface %s with a sandbox", ifname);
	else if (prev && prev->iface[idx].mac[0] && strcasecmp(prev->iface[idx].mac, mac) != 0)
		problem(problems, sz, "%s MAC %s differs from prevResult's %s", ifname, mac,
			prev->iface[idx].mac);
	if (prev && prev->nips) {
		for (int fam = 0; fam < 2; fam++) {
			struct addr_set set = {.ifindex = pod.ifindex};
			int family = fam ? AF_INET6 : AF_INET;
			if (nl_transact(nl_pod, rtnl_addr_dump(link_reqbuf(), family), addr_collect_cb,
					&set, &vx))
				return kernel_fail(e, &vx, "list addresses of %s", ifname);
			for (int i = 0; i < prev->nips; i++) {
				const struct cni_ip *ip = &prev->ip[i];
				if (ip->addr.family != family || (ip->iface >= 0 && ip->iface != idx))
					continue;
				bool have = false;
				for (int k = 0; k < set.n; k++)
					have |= ipaddr_equal(&set.a[k].addr, &ip->addr) &&
						set.a[k].prefixlen == ip->prefixlen;
				char a[IPADDR_STRLEN];
				if (!have)
					problem(problems, sz, "%s lacks address %s/%u", ifname,
						ipaddr_format(&ip->addr, a), ip->prefixlen);
			}
		}
	}
	return 0;
}

void pod_result_interfaces(const struct pod_attachment *a, const char *netns,
			   struct cni_result *r)
{
	const struct link_state *ls[3] = {&a->bridge, &a->host, &a->pod};
	r->nifaces = 3;
	for (int i = 0; i < 3; i++) {
		struct cni_iface *f = &r->iface[i];
		memset(f, 0, sizeof(*f));
		snprintf(f->name, sizeof(f->name), "%s", ls[i]->name);
		format_mac(ls[i]->mac, f->mac);
		f->mtu = ls[i]->mtu;
	}
	snprintf(r->iface[2].sandbox, sizeof(r->iface[2].sandbox), "%s", netns);
	for (int i = 0; i < r->nips; i++)
		r->ip[i].iface = 2;
}
