/* vxgw-cni: CNI plugin (spec 1.1.0) putting pod interfaces into VXLAN segments.
 * ADD/DEL/CHECK/VERSION/STATUS/GC. Results and errors go to stdout as JSON; exit 0
 * on success, 1 on error. See cni_conf.h for error codes, cni_pod.h for naming. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../evpn/link.h"
#include "../evpn/rtnl_addr.h"
#include "../evpn/rtnl_route.h"
#include "../evpn/vtep.h"
#include "cni_cache.h"
#include "cni_conf.h"
#include "cni_ipam.h"
#include "cni_lock.h"
#include "cni_pod.h"
#include "cni_result.h"

#define LOCK_TIMEOUT_MS lock_timeout_ms()
#define IPAM_TIMEOUT_MS 60000
#define STDIN_MAX (1 << 20)

/* 30 s by default; VXGW_CNI_LOCK_TIMEOUT_MS (1-600000) overrides, e.g. for tests. */
static int lock_timeout_ms(void)
{
	const char *s = getenv("VXGW_CNI_LOCK_TIMEOUT_MS");
	long v = s ? strtol(s, NULL, 10) : 0;
	return v > 0 && v <= 600000 ? (int)v : 30000;
}

static const char *real_getenv(const char *name)
{
	return getenv(name);
}

static void print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	fflush(stdout);
}

static int emit_error(const char *version, const struct cni_err *e)
{
	json_t *j = json_pack("{s:s, s:i, s:s}", "cniVersion",
			      version && *version ? version : CNI_VERSION_LATEST, "code", e->code,
			      "msg", e->msg);
	if (e->details[0])
		json_object_set_new(j, "details", json_string(e->details));
	print_json(j);
	json_decref(j);
	return 1;
}

static int read_stdin(char **out, size_t *len, struct cni_err *e)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap >= STDIN_MAX) {
				free(buf);
				return cni_fail(e, CNI_ERR_CONFIG, "network config larger than %d bytes",
						STDIN_MAX);
			}
			cap *= 2;
			buf = realloc(buf, cap);
		}
		ssize_t r = read(0, buf + n, cap - n);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return cni_fail(e, CNI_ERR_IO, "cannot read network config from stdin: %s",
					strerror(errno));
		}
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* ---- VTEP source ------------------------------------------------------------ */

struct addr_pick {
	int ifindex;
	struct ipaddr want; /* family set: looking for this exact address */
	struct ipaddr found;
};

static int addr_pick_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct addr_pick *p = data;
	struct addr_entry a;
	(void)err;
	if (addr_parse(nlh, nlh->nlmsg_len, &a, NULL) || a.ifindex != p->ifindex || p->found.family)
		return 0;
	if (ipaddr_check_vtep(&a.addr, NULL) == 0)
		p->found = a.addr;
	return 0;
}

static int first_address(struct nl_conn *nl, int ifindex, struct ipaddr *out, struct vxerr *vx)
{
	for (int fam = 0; fam < 2; fam++) {
		struct addr_pick p = {.ifindex = ifindex};
		int rc = nl_transact(nl, rtnl_addr_dump(link_reqbuf(), fam ? AF_INET6 : AF_INET),
				     addr_pick_cb, &p, vx);
		if (rc)
			return rc;
		if (p.found.family) {
			*out = p.found;
			return 0;
		}
	}
	return vxerr_set(vx, EADDRNOTAVAIL, "no usable address");
}

struct default_route {
	struct route_entry best;
	bool have;
};

static int default_route_cb(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	struct default_route *d = data;
	struct route_entry r;
	(void)err;
	if (route_parse(nlh, nlh->nlmsg_len, &r, NULL) || r.dst_len || r.table != 254 || !r.oif ||
	    r.type != 1 /* RTN_UNICAST */)
		return 0;
	if (!d->have || r.priority < d->best.priority) {
		d->best = r;
		d->have = true;
	}
	return 0;
}

/* conf address > address of conf interface > default route's source/interface. */
static int resolve_vtep(struct nl_conn *nl, const struct cni_conf *c, struct ipaddr *out,
			struct cni_err *e)
{
	struct vxerr vx = {0};
	if (c->vtep_addr.family) {
		*out = c->vtep_addr;
		return 0;
	}
	if (c->vtep_ifname[0]) {
		struct link_state l;
		bool found;
		if (link_by_name(nl, c->vtep_ifname, &l, &found, &vx))
			return cni_fail(e, CNI_ERR_KERNEL, "VTEP interface %s: %s", c->vtep_ifname,
					vx.msg);
		if (!found)
			return cni_fail(e, CNI_ERR_CONFIG, "VTEP interface %s does not exist",
					c->vtep_ifname);
		if (first_address(nl, l.ifindex, out, &vx))
			return cni_fail(e, CNI_ERR_CONFIG, "VTEP interface %s has no usable IPv4/IPv6 "
							   "address",
					c->vtep_ifname);
		return 0;
	}
	for (int fam = 0; fam < 2; fam++) {
		struct default_route d = {0};
		if (nl_transact(nl, rtnl_route_dump(link_reqbuf(), fam ? AF_INET6 : AF_INET),
				default_route_cb, &d, &vx))
			return cni_fail(e, CNI_ERR_KERNEL, "read routes: %s", vx.msg);
		if (!d.have)
			continue;
		if (d.best.prefsrc.family && ipaddr_check_vtep(&d.best.prefsrc, NULL) == 0) {
			*out = d.best.prefsrc;
			return 0;
		}
		if (first_address(nl, d.best.oif, out, &vx) == 0)
			return 0;
	}
	return cni_fail(e, CNI_ERR_CONFIG,
			"no VTEP address: no default route with a usable source address; set "
			"\"vtep\": {\"interface\": ...} or {\"address\": ...}");
}

/* ---- commands ------------------------------------------------------------------ */

struct ctx {
	struct cni_env env;
	struct cni_conf conf;
	struct cni_err err;
	struct nl_conn *host;
	struct nl_conn *pod;
	int pod_fd;
	int lock_fd;
};

static int open_pod(struct ctx *c)
{
	struct vxerr vx = {0};
	c->pod_fd = open(c->env.netns, O_RDONLY | O_CLOEXEC);
	if (c->pod_fd < 0)
		return cni_fail(&c->err, CNI_ERR_UNKNOWN_CONTAINER,
				"network namespace %s: %s", c->env.netns, strerror(errno));
	if (nl_open_netns(&c->pod, c->env.netns, &vx))
		return cni_fail(&c->err, CNI_ERR_UNKNOWN_CONTAINER, "%s", vx.msg);
	return 0;
}

/* MTU for this attachment: config, else the existing VTEP's, else underlay - overhead. */
static int attachment_mtu(struct ctx *c, const struct ipaddr *local, bool *vtep_existed,
			  uint32_t *mtu)
{
	struct vtep_info vt;
	struct vxerr vx = {0};
	int rc = vtep_lookup(c->host, c->conf.vni, &vt, &vx);
	if (rc && rc != -ENOENT)
		return cni_fail(&c->err, CNI_ERR_KERNEL, "%s", vx.msg);
	*vtep_existed = rc == 0 && vt.vxlan_ifindex;
	if (c->conf.mtu) {
		if (*vtep_existed && vt.mtu != c->conf.mtu)
			return cni_fail(&c->err, CNI_ERR_CONFIG,
					"VNI %u's VTEP %s has MTU %u but network '%s' asks for %u; "
					"all networks on one VNI must agree",
					c->conf.vni, vt.vxlan_name, vt.mtu, c->conf.name, c->conf.mtu);
		*mtu = c->conf.mtu;
		return 0;
	}
	if (*vtep_existed) {
		*mtu = vt.mtu;
		return 0;
	}
	if (vtep_underlay_mtu(c->host, local, mtu, &vx))
		return cni_fail(&c->err, CNI_ERR_CONFIG, "%s", vx.msg);
	return 0;
}

/* Remove the VNI's VTEP when no port but its own VXLAN device is left. Under lock. */
static void vtep_release_if_unused(struct ctx *c)
{
	struct vtep_info vt;
	struct vxerr vx = {0};
	if (vtep_get(c->host, c->conf.vni, &vt, &vx) == 0 && vt.nports == 0)
		vtep_delete(c->host, c->conf.vni, 0, &vx);
}

static int cmd_add(struct ctx *c)
{
	struct ipaddr local;
	struct vxerr vx = {0};
	uint32_t mtu;
	bool vtep_existed;
	struct cni_result res = {0};
	json_t *ipam_out = NULL;
	struct pod_attachment att;
	int rc = -1;

	if (open_pod(c) || resolve_vtep(c->host, &c->conf, &local, &c->err))
		return -1;
	if ((c->lock_fd = cni_lock_vni(c->conf.vni, LOCK_TIMEOUT_MS, &c->err)) < 0)
		return -1;
	if (attachment_mtu(c, &local, &vtep_existed, &mtu))
		return -1;
	json_t *cached = cni_cache_load(c->conf.name, c->env.containerid, c->env.ifname);
	if (cached) {
		/* Repeated ADD: if our attachment is still intact, answer as before. */
		char hname[IFNAMSIZ];
		struct link_state h;
		bool found = false;
		cni_host_veth_name(c->env.containerid, c->env.ifname, hname);
		if (link_by_name(c->host, hname, &h, &found, &vx) == 0 && found &&
		    cni_result_parse(cached, &res, &c->err) == 0) {
			struct vtep_spec again = {.vni = c->conf.vni, .local = local,
						  .port = c->conf.port, .mtu = mtu};
			if (vtep_create(c->host, &again, &vx) < 0) {
				json_decref(cached);
				return cni_fail(&c->err, CNI_ERR_KERNEL, "%s", vx.msg);
			}
			if (pod_attach(c->host, c->pod, c->pod_fd, &c->conf, c->env.containerid,
				       c->env.ifname, mtu, &att, &c->err) == 0 &&
			    pod_configure_ips(c->pod, att.pod.ifindex, &res, &c->err) == 0) {
				json_t *out = cni_result_render(&res, c->conf.version);
				print_json(out);
				json_decref(out);
				json_decref(cached);
				cni_result_free(&res);
				return 0;
			}
		}
		json_decref(cached);
		cni_result_free(&res);
		memset(&res, 0, sizeof(res));
		cni_cache_drop(c->conf.name, c->env.containerid, c->env.ifname);
	}
	if (c->conf.ipam) {
		if (cni_delegate(c->conf.ipam_type, "ADD", c->env.path, c->conf.root, IPAM_TIMEOUT_MS,
				 &ipam_out, &c->err))
			return -1;
		if (!ipam_out) {
			cni_fail(&c->err, CNI_ERR_IPAM, "IPAM plugin '%s' returned no result",
				 c->conf.ipam_type);
			goto undo_ipam;
		}
		if (cni_result_parse(ipam_out, &res, &c->err)) {
			c->err.code = CNI_ERR_IPAM;
			goto undo_ipam;
		}
	}
	struct vtep_spec spec = {.vni = c->conf.vni, .local = local, .port = c->conf.port,
				 .mtu = mtu};
	if (vtep_create(c->host, &spec, &vx) < 0) {
		cni_fail(&c->err, CNI_ERR_KERNEL, "%s", vx.msg);
		goto undo_ipam;
	}
	if (pod_attach(c->host, c->pod, c->pod_fd, &c->conf, c->env.containerid, c->env.ifname,
		       mtu, &att, &c->err))
		goto undo_link;
	if (pod_configure_ips(c->pod, att.pod.ifindex, &res, &c->err))
		goto undo_link;
	pod_result_interfaces(&att, c->env.netns, &res);
	json_t *out = cni_result_render(&res, CNI_VERSION_LATEST);
	if (cni_cache_store(c->conf.name, c->env.containerid, c->env.ifname, out, &c->err)) {
		json_decref(out);
		goto undo_link;
	}
	json_decref(out);
	out = cni_result_render(&res, c->conf.version);
	print_json(out);
	json_decref(out);
	rc = 0;
	goto done;

undo_link:
	if (att.created) {
		bool removed;
		struct cni_err ignored;
		pod_detach(c->host, &c->conf, c->env.containerid, c->env.ifname, &removed, &ignored);
	}
	if (!vtep_existed)
		vtep_release_if_unused(c);
undo_ipam:
	if (ipam_out || c->conf.ipam) {
		json_t *ignored_out = NULL;
		struct cni_err ignored;
		if (c->conf.ipam)
			cni_delegate(c->conf.ipam_type, "DEL", c->env.path, c->conf.root,
				     IPAM_TIMEOUT_MS, &ignored_out, &ignored);
		json_decref(ignored_out);
	}
done:
	cni_result_free(&res);
	json_decref(ipam_out);
	return rc;
}

static int cmd_del(struct ctx *c)
{
	bool removed;
	if ((c->lock_fd = cni_lock_vni(c->conf.vni, LOCK_TIMEOUT_MS, &c->err)) < 0)
		return -1;
	if (pod_detach(c->host, &c->conf, c->env.containerid, c->env.ifname, &removed, &c->err))
		return -1;
	vtep_release_if_unused(c);
	cni_cache_drop(c->conf.name, c->env.containerid, c->env.ifname);
	cni_unlock(c->lock_fd);
	c->lock_fd = -1;
	if (c->conf.ipam) {
		json_t *out = NULL;
		int rc = cni_delegate(c->conf.ipam_type, "DEL", c->env.path, c->conf.root,
				      IPAM_TIMEOUT_MS, &out, &c->err);
		json_decref(out);
		if (rc)
			return -1;
	}
	return 0;
}

static int cmd_check(struct ctx *c)
{
	struct ipaddr local;
	struct cni_result prev;
	char problems[VXERR_MSG_MAX];
	if (cni_result_parse(c->conf.prev_result, &prev, &c->err)) {
		c->err.code = CNI_ERR_DECODE;
		return -1;
	}
	int rc = -1;
	uint32_t mtu = c->conf.mtu;
	bool existed;
	if (open_pod(c) || resolve_vtep(c->host, &c->conf, &local, &c->err) ||
	    (!mtu && attachment_mtu(c, &local, &existed, &mtu)))
		goto out;
	if (pod_check(c->host, c->pod, &c->conf, c->env.containerid, c->env.ifname, mtu, &prev,
		      problems, sizeof(problems), &c->err))
		goto out;
	if (problems[0]) {
		cni_fail(&c->err, CNI_ERR_CHECK, "attachment %s of network '%s' is not as configured: %s",
			 c->env.ifname, c->conf.name, problems);
		goto out;
	}
	if (c->conf.ipam) {
		json_t *out = NULL;
		int drc = cni_delegate(c->conf.ipam_type, "CHECK", c->env.path, c->conf.root,
				       IPAM_TIMEOUT_MS, &out, &c->err);
		json_decref(out);
		if (drc)
			goto out;
	}
	rc = 0;
out:
	cni_result_free(&prev);
	return rc;
}

static int cmd_status(struct ctx *c)
{
	struct ipaddr local;
	char path[PATH_MAX];
	int fd = cni_lock_vni(c->conf.vni, 1000, &c->err);
	if (fd < 0) {
		if (c->err.code != CNI_ERR_TRY_AGAIN)
			c->err.code = CNI_ERR_NOT_AVAILABLE;
		return c->err.code == CNI_ERR_TRY_AGAIN ? 0 : -1; /* busy is not unavailable */
	}
	cni_unlock(fd);
	if (resolve_vtep(c->host, &c->conf, &local, &c->err)) {
		c->err.code = CNI_ERR_NOT_AVAILABLE;
		return -1;
	}
	if (c->conf.ipam && cni_find_plugin(c->conf.ipam_type, c->env.path, path, sizeof(path),
					    &c->err)) {
		c->err.code = CNI_ERR_NOT_AVAILABLE;
		return -1;
	}
	return 0;
}

static bool attachment_valid(json_t *valid, const char *hname)
{
	size_t i;
	json_t *a;
	json_array_foreach(valid, i, a)
	{
		char want[IFNAMSIZ];
		cni_host_veth_name(json_string_value(json_object_get(a, "containerID")),
				   json_string_value(json_object_get(a, "ifname")), want);
		if (strcmp(want, hname) == 0)
			return true;
	}
	return false;
}

/* Delegates STATUS/GC only to IPAM plugins that declare 1.1.0 support. */
static bool ipam_speaks_1_1(struct ctx *c)
{
	json_t *ver = json_pack("{s:s}", "cniVersion", CNI_VERSION_LATEST), *out = NULL;
	struct cni_err ignored;
	bool ok = false;
	if (cni_delegate(c->conf.ipam_type, "VERSION", c->env.path, ver, 10000, &out, &ignored) == 0) {
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(out, "supportedVersions"), i, v)
			ok |= json_is_string(v) && strcmp(json_string_value(v), "1.1.0") == 0;
	}
	json_decref(out);
	json_decref(ver);
	return ok;
}

static int cmd_gc(struct ctx *c)
{
	struct link_vec lv = {0};
	struct vxerr vx = {0};
	char alias[LINK_ALIAS_MAX];
	json_t *valid = c->conf.valid_attachments;
	int rc = -1;
	cni_veth_alias(c->conf.vni, c->conf.name, alias);
	if ((c->lock_fd = cni_lock_vni(c->conf.vni, LOCK_TIMEOUT_MS, &c->err)) < 0)
		goto out;
	if (link_dump(c->host, 0, &lv, &vx)) {
		cni_fail(&c->err, CNI_ERR_KERNEL, "%s", vx.msg);
		goto out;
	}
	for (size_t i = 0; i < lv.n; i++) {
		if (strcmp(lv.v[i].alias, alias) != 0 || attachment_valid(valid, lv.v[i].name))
			continue;
		int drc = link_request(c->host, rtnl_link_del(link_reqbuf(), lv.v[i].ifindex), &vx);
		if (drc && drc != -ENODEV) {
			cni_fail(&c->err, CNI_ERR_KERNEL, "GC: delete stale %s: %s", lv.v[i].name,
				 vx.msg);
			goto out;
		}
	}
	vtep_release_if_unused(c);
	cni_cache_prune(c->conf.name, valid);
	if (c->conf.ipam && ipam_speaks_1_1(c)) {
		json_t *o = NULL;
		if (cni_delegate(c->conf.ipam_type, "GC", c->env.path, c->conf.root, IPAM_TIMEOUT_MS,
				 &o, &c->err))
			goto out;
		json_decref(o);
	}
	rc = 0;
out:
	free(lv.v);
	return rc;
}

static int cmd_version(const char *requested)
{
	json_t *sv = json_array();
	for (int i = 0; cni_supported_versions[i]; i++)
		json_array_append_new(sv, json_string(cni_supported_versions[i]));
	json_t *j = json_pack("{s:s, s:o}", "cniVersion",
			      requested && cni_version_supported(requested) ? requested
									    : CNI_VERSION_LATEST,
			      "supportedVersions", sv);
	print_json(j);
	json_decref(j);
	return 0;
}

static const char *check_getenv(const char *name)
{
	static const char *const env[][2] = {{"CNI_COMMAND", "ADD"},
					     {"CNI_CONTAINERID", "check-config"},
					     {"CNI_NETNS", "/nonexistent"},
					     {"CNI_IFNAME", "eth1"},
					     {"CNI_PATH", "/usr/lib/cni"}};
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++)
		if (strcmp(name, env[i][0]) == 0)
			return env[i][1];
	return NULL;
}

/* vxgw-cni --check-config < conf: validate a network config (e.g. the spec.config of a
 * NetworkAttachmentDefinition) as ADD would, touching nothing. */
static int check_config(void)
{
	struct cni_env env;
	struct cni_conf conf;
	struct cni_err err = {0};
	char *text = NULL;
	size_t len = 0;
	if (cni_env_parse(check_getenv, &env, &err) || read_stdin(&text, &len, &err) ||
	    cni_conf_parse(text, len, &env, &conf, &err)) {
		free(text);
		return emit_error(NULL, &err);
	}
	printf("ok: network '%s', VNI %u, cniVersion %s\n", conf.name, conf.vni, conf.version);
	cni_conf_free(&conf);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	struct ctx c = {.pod_fd = -1, .lock_fd = -1};
	char *text = NULL;
	size_t len = 0;
	int rc = -1;
	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && strcmp(argv[1], "--check-config") == 0)
		return check_config();
	if (cni_env_parse(real_getenv, &c.env, &c.err))
		return emit_error(NULL, &c.err);
	if (read_stdin(&text, &len, &c.err))
		return emit_error(NULL, &c.err);
	if (c.env.cmd == CMD_VERSION) {
		/* VERSION must answer even for configs we would reject. */
		json_t *j = json_loadb(text, len, 0, NULL);
		json_t *v = j ? json_object_get(j, "cniVersion") : NULL;
		cmd_version(json_is_string(v) ? json_string_value(v) : NULL);
		json_decref(j);
		free(text);
		return 0;
	}
	if (cni_conf_parse(text, len, &c.env, &c.conf, &c.err)) {
		free(text);
		return emit_error(c.conf.version, &c.err);
	}
	free(text);
	struct vxerr vx = {0};
	if (nl_open(&c.host, &vx)) {
		cni_fail(&c.err, CNI_ERR_KERNEL, "%s", vx.msg);
	} else {
		switch (c.env.cmd) {
		case CMD_ADD: rc = cmd_add(&c); break;
		case CMD_DEL: rc = cmd_del(&c); break;
		case CMD_CHECK: rc = cmd_check(&c); break;
		case CMD_STATUS: rc = cmd_status(&c); break;
		case CMD_GC: rc = cmd_gc(&c); break;
		case CMD_VERSION: rc = 0; break;
		}
	}
	cni_unlock(c.lock_fd);
	nl_close(c.pod);
	nl_close(c.host);
	if (c.pod_fd >= 0)
		close(c.pod_fd);
	if (rc)
		emit_error(c.conf.version, &c.err);
	cni_conf_free(&c.conf);
	return rc ? 1 : 0;
}
