#include "nl.h"

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

struct nl_conn {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
};

int nl_open(struct nl_conn **out, struct vxerr *err)
{
	struct nl_conn *c = calloc(1, sizeof(*c));
	if (!c)
		return vxerr_set(err, ENOMEM, "out of memory opening netlink socket");
	c->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!c->sock) {
		int e = errno;
		free(c);
		return vxerr_set(err, e, "cannot open rtnetlink socket: %s", strerror(e));
	}
	int one = 1;
	/* Extended ACKs carry the kernel's reason text; capped ACKs keep replies small. */
	mnl_socket_setsockopt(c->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(c->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(c->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(c->sock);
		free(c);
		return vxerr_set(err, e, "cannot bind rtnetlink socket: %s", strerror(e));
	}
	c->portid = mnl_socket_get_portid(c->sock);
	c->seq = (uint32_t)getpid() << 8;
	*out = c;
	return 0;
}

int nl_open_netns(struct nl_conn **out, const char *netns_path, struct vxerr *err)
{
	int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return vxerr_set(err, errno, "cannot open own network namespace: %s",
				 strerror(errno));
	int target = open(netns_path, O_RDONLY | O_CLOEXEC);
	if (target < 0) {
		int e = errno;
		close(self);
		return vxerr_set(err, e, "cannot open network namespace %s: %s", netns_path,
				 strerror(e));
	}
	int rc;
	if (setns(target, CLONE_NEWNET) < 0) {
		rc = vxerr_set(err, errno, "cannot enter network namespace %s: %s", netns_path,
			       strerror(errno));
	} else {
		rc = nl_open(out, err);
		if (setns(self, CLONE_NEWNET) < 0) {
			/* Staying in the wrong namespace would make every later call
			 * act on the container: refuse to continue. */
			abort();
		}
	}
	close(target);
	close(self);
	return rc;
}

void nl_close(struct nl_conn *conn)
{
	if (!conn)
		return;
	mnl_socket_close(conn->sock);
	free(conn);
}

/* Decode NLMSG_ERROR: 0 for an ACK, else -errno with the extack text if any. */
static int decode_error(const struct nlmsghdr *nlh, struct vxerr *err)
{
	if (nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(struct nlmsgerr))
		return vxerr_set(err, EBADMSG, "truncated netlink error message");
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	if (e->error == 0)
		return 0;
	int code = -e->error;
	if (code <= 0)
		code = EPROTO;
	const char *text = NULL;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		/* With NETLINK_CAP_ACK the original request is cut to its header. */
		size_t off = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - sizeof(struct nlmsghdr);
		const struct nlattr *a;
		mnl_attr_for_each(a, nlh, off)
		{
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
				text = mnl_attr_get_str(a);
		}
	}
	if (text && *text)
		return vxerr_set(err, code, "%s (%s)", text, strerror(code));
	return vxerr_set(err, code, "%s", strerror(code));
}

int nl_transact(struct nl_conn *conn, struct nlmsghdr *req, nl_reply_cb cb, void *data,
		struct vxerr *err)
{
	req->nlmsg_seq = ++conn->seq;
	req->nlmsg_pid = 0;
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	if (mnl_socket_sendto(conn->sock, req, req->nlmsg_len) < 0)
		return vxerr_set(err, errno, "netlink send failed: %s", strerror(errno));

	static __thread char buf[NL_BUFSZ] __attribute__((aligned(8)));
	int rc = 0;
	bool interrupted = false;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(conn->sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return vxerr_set(err, errno, "netlink receive failed: %s", strerror(errno));
		}
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int len = (int)n;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != req->nlmsg_seq || nlh->nlmsg_pid != conn->portid)
				continue; /* a stale reply to an earlier, aborted request */
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				interrupted = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int e = decode_error(nlh, err);
				/* An ACK after a callback failure still ends the exchange. */
				return rc ? rc : e;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (rc)
					return rc;
				if (interrupted)
					return vxerr_set(err, EINTR,
							 "netlink dump interrupted by a concurrent change");
				return 0;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && rc == 0)
				rc = cb(nlh, data, err);
		}
		if (len > 0)
			return vxerr_set(err, EBADMSG, "malformed netlink reply (%d stray bytes)", len);
		(void)dump;
	}
}

int nl_disable_ipv6(const char *ifname, struct vxerr *err)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6", ifname);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : vxerr_set(err, errno, "%s: %s", path, strerror(errno));
	ssize_t w = write(fd, "1\n", 2);
	int e = errno;
	close(fd);
	return w == 2 ? 0 : vxerr_set(err, e, "%s: %s", path, strerror(e));
}

struct nl_monitor {
	struct mnl_socket *sock;
};

int nl_monitor_open(struct nl_monitor **out, unsigned groups, struct vxerr *err)
{
	struct nl_monitor *m = calloc(1, sizeof(*m));
	if (!m)
		return vxerr_set(err, ENOMEM, "out of memory opening netlink monitor");
	m->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!m->sock) {
		int e = errno;
		free(m);
		return vxerr_set(err, e, "cannot open rtnetlink monitor: %s", strerror(e));
	}
	/* Bursts (a reload of thousands of VNIs) must not overflow the queue; if they
	 * still do, ENOBUFS tells the caller to resynchronise. */
	int rcvbuf = 8 << 20;
	if (setsockopt(mnl_socket_get_fd(m->sock), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		       sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(m->sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (mnl_socket_bind(m->sock, groups, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		mnl_socket_close(m->sock);
		free(m);
		return vxerr_set(err, e, "cannot subscribe to rtnetlink groups 0x%x: %s", groups,
				 strerror(e));
	}
	*out = m;
	return 0;
}

int nl_monitor_fd(const struct nl_monitor *m)
{
	return mnl_socket_get_fd(m->sock);
}

int nl_monitor_read(struct nl_monitor *m, nl_reply_cb cb, void *data, struct vxerr *err)
{
	static __thread char buf[NL_BUFSZ] __attribute__((aligned(8)));
	int count = 0;
	bool lost = false;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(m->sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			if (errno == ENOBUFS) {
				lost = true;
				continue;
			}
			return vxerr_set(err, errno, "netlink monitor receive failed: %s",
					 strerror(errno));
		}
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int len = (int)n;
		for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			count++;
			int rc = cb ? cb(nlh, data, err) : 0;
			if (rc)
				return rc;
		}
	}
	if (lost)
		return vxerr_set(err, ENOBUFS, "netlink notifications were lost (queue overflow)");
	return count;
}

void nl_monitor_close(struct nl_monitor *m)
{
	if (!m)
		return;
	mnl_socket_close(m->sock);
	free(m);
}
