/* nl: the netlink transport, the only place vxgw talks to the kernel's rtnetlink.
 *
 * Why libmnl and not libnl-route-3: we need attributes libnl 3.7 does not model
 * (IFLA_BRPORT_NEIGH_SUPPRESS, bridge-slave data, ifalias on arbitrary links),
 * exact control over each request (so a no-op stays a no-op, and unit tests can
 * assert the bytes we send), and no hidden caches that go stale under concurrent
 * writers (CNI invocations, zebra). libmnl is a thin, well-tested framing layer;
 * the message contents live in rtnl_link.[ch] as plain, testable functions.
 *
 * Contract: nl_transact sends one request and feeds every reply message to cb
 * until the kernel's ACK (requests) or NLMSG_DONE (dumps). Kernel errors come
 * back as -errno with the kernel's extended-ack text in err->msg when it gave
 * one. A dump interrupted by a concurrent change returns -EINTR; retry it.
 * A socket lives in the network namespace it was opened in. */
#ifndef VXGW_NL_H
#define VXGW_NL_H

#include <linux/netlink.h>
#include <stdint.h>

#include "vxerr.h"

struct nl_conn;

/* Reply callback: return 0 to continue, negative errno (with err set) to abort. */
typedef int (*nl_reply_cb)(const struct nlmsghdr *nlh, void *data, struct vxerr *err);

int nl_open(struct nl_conn **out, struct vxerr *err);
/* Open a socket inside the namespace at netns_path (e.g. /var/run/netns/x);
 * the calling thread's namespace is restored before returning. */
int nl_open_netns(struct nl_conn **out, const char *netns_path, struct vxerr *err);
void nl_close(struct nl_conn *conn);

/* Fills nlmsg_seq and nlmsg_pid; the caller sets type, flags and payload. */
int nl_transact(struct nl_conn *conn, struct nlmsghdr *req, nl_reply_cb cb, void *data,
		struct vxerr *err);

/* Turn IPv6 off on a pure L2 device (net.ipv6.conf.<name>.disable_ipv6, which
 * netlink cannot set): without it the kernel still sends MLD reports from "::" into
 * the bridge and over the overlay. Acts in the calling thread's namespace; a kernel
 * without IPv6 (no such file) is not an error. Part of the kernel boundary. */
int nl_disable_ipv6(const char *ifname, struct vxerr *err);

/* Monitor: a non-blocking socket subscribed to rtnetlink multicast groups (RTMGRP_*),
 * for an event loop. nl_monitor_read drains what is queued, feeding each message to
 * cb; it returns the number of messages, or -ENOBUFS when the kernel dropped
 * notifications (the socket buffer overflowed): the caller must then re-read the
 * state it follows by a dump, since events were lost. */
struct nl_monitor;
int nl_monitor_open(struct nl_monitor **out, unsigned groups, struct vxerr *err);
int nl_monitor_fd(const struct nl_monitor *m);
int nl_monitor_read(struct nl_monitor *m, nl_reply_cb cb, void *data, struct vxerr *err);
void nl_monitor_close(struct nl_monitor *m);

/* Size of buffers used to build requests and receive replies. */
#define NL_BUFSZ 32768

#endif
