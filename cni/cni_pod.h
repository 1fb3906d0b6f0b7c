/* cni_pod: one pod attachment — a veth pair whose host end vxc<hash> is a port of
 * the VNI's bridge and whose other end is CNI_IFNAME inside the pod's namespace.
 *
 * Host end name: "vxc" + 10 hex digits of FNV-1a-64(containerID "/" ifname), 13
 * bytes, stable across ADD/DEL/CHECK/GC. Ownership mark on the host end (ifalias):
 * "vxgw:cni:vni=<N>:net=<network name>". The pod end is created inside the pod
 * namespace directly (IFLA_NET_NS_FD on the peer), so it never appears on the host.
 * The pod's MAC gets a static FDB entry on the host end, so EVPN advertises it at
 * attach time rather than after the pod's first frame. */
#ifndef VXGW_CNI_POD_H
#define VXGW_CNI_POD_H

#include <stdbool.h>

#include "../evpn/nl.h"
#include "../evpn/rtnl_link.h"
#include "cni_conf.h"
#include "cni_result.h"

void cni_host_veth_name(const char *containerid, const char *ifname, char out[IFNAMSIZ]);
void cni_veth_alias(uint32_t vni, const char *net, char out[LINK_ALIAS_MAX]);

struct pod_attachment {
	struct link_state host;   /* host end after attach */
	struct link_state pod;    /* pod end after attach */
	struct link_state bridge;
	bool created;             /* this call created the veth pair */
};

/* Create (or adopt our existing) veth pair and attach the host end to br<vni>.
 * nl_pod is a socket in the pod namespace, pod_ns_fd that namespace. */
int pod_attach(struct nl_conn *nl_host, struct nl_conn *nl_pod, int pod_ns_fd,
	       const struct cni_conf *conf, const char *containerid, const char *ifname,
	       uint32_t mtu, struct pod_attachment *out, struct cni_err *e);
/* Addresses and routes from an IPAM result on the pod interface; existing ones are kept. */
int pod_configure_ips(struct nl_conn *nl_pod, int ifindex, const struct cni_result *r,
		      struct cni_err *e);
/* Remove our host veth (which removes the pod end); absent = success. */
int pod_detach(struct nl_conn *nl_host, const struct cni_conf *conf, const char *containerid,
	       const char *ifname, bool *removed, struct cni_err *e);
/* Append "; problem" for each difference between the attachment and the config. */
int pod_check(struct nl_conn *nl_host, struct nl_conn *nl_pod, const struct cni_conf *conf,
	      const char *containerid, const char *ifname, uint32_t mtu,
	      const struct cni_result *prev, char *problems, size_t sz, struct cni_err *e);
/* result interfaces[0..2] = bridge, host veth, pod interface (sandbox = netns). */
void pod_result_interfaces(const struct pod_attachment *a, const char *netns,
			   struct cni_result *r);

#endif
