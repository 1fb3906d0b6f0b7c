/* gwd: the vxgw gateway daemon.
 *
 * One data path for every change: config file -> validate (incl. the FRR part) ->
 * read the node -> plan -> apply to the kernel (undo log) -> deliver FRR's config ->
 * commit. Any failure rolls the kernel back and keeps the previous config. Startup,
 * SIGHUP, `gwctl reload`, `gwctl bind|unbind` (which edit the config file) and drift
 * seen in netlink link events all go this way. Stopping or dying leaves the data
 * plane as it is; a new gwd adopts it and changes nothing when the config matches.
 *
 * Single-threaded: one epoll loop over a signalfd, a timerfd (100 ms tick: debounced
 * refresh after link events, FRR retries, systemd watchdog), the rtnetlink link
 * monitor, and the control socket. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <jansson.h>
#include <linux/rtnetlink.h>
#include <systemd/sd-daemon.h>

#include "../../evpn/nl.h"
#include "../gwd_apply.h"
#include "../gwd_config.h"
#include "../gwd_ctl.h"
#include "../gwd_edit.h"
#include "../gwd_frr.h"
#include "../gwd_log.h"
#include "../gwd_node.h"
#include "../gwd_plan.h"
#include "../gwd_model.h"
#include "../gwd_show.h"
#include "../gwd_snmp.h"

#define GWD_VERSION "0.5.0"
#define TICK_MS 100
#define REFRESH_DELAY_MS 150
#define FRR_RETRY_MS 5000
#define AUTO_RETRY_MS 30000
#define MAX_CLIENTS 16
#define CLIENT_TIMEOUT_MS 5000

struct client {
	int fd;
	char buf[GWD_CTL_MAX_REQUEST + 1];
	size_t len;
	uint64_t deadline;
};

struct port_seen {
	char ifname[IFNAMSIZ];
	uint32_t vni;
	char state[12];
};

static struct gwd {
	const char *config_path, *ctl_path, *frr_pathspace, *frr_conf_path;
	bool manage_frr;
	struct gwd_config *cfg;
	char *cfg_text;      /* the file text cfg came from: generation counts real changes */
	char *frr_text;      /* rendered for the current config */
	char *frr_delivered; /* what FRR last accepted */
	enum { FRR_OK, FRR_PENDING, FRR_FAILED } frr_state;
	char frr_error[VXERR_MSG_MAX];
	uint64_t frr_retry_at;
	uint64_t generation;
	time_t started, last_apply;
	bool last_ok;
	int last_changes;
	double last_ms;
	char last_error[VXERR_MSG_MAX];
	char last_source[16];
	struct nl_conn *nl;
	struct nl_monitor *mon;
	int epfd, sigfd, timerfd, lfd;
	struct client clients[MAX_CLIENTS];
	uint64_t refresh_at, auto_block_until;
	struct port_seen *seen;
	size_t nseen;
	uint64_t watchdog_ms, watchdog_next;
	bool running;
	/* SNMP: the MIB model, when it was built, and the AgentX sockets in epoll. */
	struct gwd_mib_model model;
	uint64_t model_at, model_due;
	bool model_built;
	int snmp_fds[GWD_SNMP_MAX_FDS];
	int nsnmp_fds;
	unsigned snmp_sessions_seen;
} g;

#define MODEL_FDB_DELAY_MS 1000 /* FDB churn (learning) is batched into one rebuild */

static uint64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- the transaction ---------------------------------------------------------- */

struct txn_result {
	struct plan plan;
	int changes;
	bool frr_changed;
	uint64_t phase_ms[4]; /* render FRR, read node, plan, apply */
};

typedef int (*commit_hook)(void *ctx, struct vxerr *err);

static void track_bindings(const struct gwd_node *node, bool log_changes);

static void hostname_of(char out[HOST_NAME_MAX + 1])
{
	if (gethostname(out, HOST_NAME_MAX + 1) != 0)
		strcpy(out, "vxgw");
	out[HOST_NAME_MAX] = '\0';
}

/* Plan only (for `gwctl plan`): config vs node, nothing changes. */
static int txn_plan(const struct gwd_config *cfg, struct plan *out, struct vxerr *err)
{
	struct gwd_node node;
	int rc = gwd_node_read(g.nl, &node, err);
	if (rc)
		return rc;
	struct gwd_actual act;
	gwd_node_actual(&node, &act);
	rc = plan_compute(cfg, &act, out) ? vxerr_set(err, ENOMEM, "cannot compute the plan") : 0;
	gwd_node_free(&node);
	return rc;
}

/* Bring the node to cfg. On success takes ownership of cfg (and frees the old one);
 * on failure nothing changed and cfg is the caller's. */
static int txn_run(struct gwd_config *cfg, const char *text, const char *source, commit_hook hook,
		   void *hook_ctx, struct txn_result *res, struct vxerr *err)
{
	uint64_t t0 = now_ms();
	memset(res, 0, sizeof(*res));
	char *frr_text = NULL;
	char host[HOST_NAME_MAX + 1];
	hostname_of(host);
	int rc = 0;
	struct gwd_node node;
	struct gwd_node *unchanged = NULL;
	if (g.manage_frr && (rc = gwd_frr_render(cfg, host, &frr_text, err)))
		goto record;
	uint64_t t_read = now_ms();
	if ((rc = gwd_node_read(g.nl, &node, err))) {
		free(frr_text);
		goto record;
	}
	uint64_t t_plan = now_ms();
	struct gwd_actual act;
	gwd_node_actual(&node, &act);
	if (plan_compute(cfg, &act, &res->plan)) {
		gwd_node_free(&node);
		free(frr_text);
		rc = vxerr_set(err, ENOMEM, "cannot compute the plan");
		goto record;
	}
	struct gwd_undo undo;
	uint64_t t_apply = now_ms();
	rc = gwd_apply(g.nl, cfg, &res->plan, &node, &undo, err);
	uint64_t t_frr = now_ms();
	res->phase_ms[0] = t_read - t0;
	res->phase_ms[1] = t_plan - t_read;
	res->phase_ms[2] = t_apply - t_plan;
	res->phase_ms[3] = t_frr - t_apply;
	/* With nothing changed, the node read before is still the node: keep it for the
	 * binding states below instead of dumping every link again. */
	unchanged = rc == 0 ? &node : NULL;
	if (!unchanged)
		gwd_node_free(&node);
	if (rc < 0) {
		free(frr_text);
		goto record;
	}
	res->changes = rc;
	rc = 0;
	enum { FRR_STEP_NONE, FRR_STEP_OK, FRR_STEP_PENDING } frr = FRR_STEP_NONE;
	if (g.manage_frr && (!g.frr_delivered || strcmp(frr_text, g.frr_delivered) != 0 ||
			     g.frr_state != FRR_OK)) {
		enum gwd_frr_result fr = gwd_frr_deliver(g.frr_pathspace, g.frr_conf_path, frr_text, err);
		if (fr == GWD_FRR_FAILED) {
			struct vxerr e2 = {0};
			char cause[VXERR_MSG_MAX];
			snprintf(cause, sizeof(cause), "%s", err->msg);
			int urc = gwd_undo_run(g.nl, &undo, &e2);
			if (g.frr_delivered) /* put back what FRR ran before */
				gwd_frr_deliver(g.frr_pathspace, g.frr_conf_path, g.frr_delivered, &e2);
			gwd_undo_free(&undo);
			free(frr_text);
			rc = vxerr_set(err, EIO, "FRR refused the configuration: %s; kernel changes %s",
				       cause, urc ? "could NOT all be undone" : "undone");
			goto record;
		}
		if (fr == GWD_FRR_UNREACHABLE) {
			frr = FRR_STEP_PENDING;
			snprintf(g.frr_error, sizeof(g.frr_error), "%s", err->msg);
			vxerr_clear(err);
		} else {
			frr = FRR_STEP_OK;
			res->frr_changed = fr == GWD_FRR_APPLIED;
		}
	}
	if (hook && (rc = hook(hook_ctx, err)) != 0) {
		struct vxerr e2 = {0};
		gwd_undo_run(g.nl, &undo, &e2);
		if (frr == FRR_STEP_OK && g.frr_delivered)
			gwd_frr_deliver(g.frr_pathspace, g.frr_conf_path, g.frr_delivered, &e2);
		gwd_undo_free(&undo);
		free(frr_text);
		goto record;
	}
	gwd_undo_free(&undo);
	/* Commit. */
	if (cfg != g.cfg) {
		gwd_config_free(g.cfg);
		g.cfg = cfg;
		if (!g.cfg_text || strcmp(text, g.cfg_text) != 0) {
			char *copy = strdup(text);
			if (copy) {
				free(g.cfg_text);
				g.cfg_text = copy;
			}
			g.generation++;
		}
	}
	free(g.frr_text);
	g.frr_text = frr_text;
	if (frr == FRR_STEP_OK) {
		free(g.frr_delivered);
		g.frr_delivered = strdup(frr_text);
		g.frr_state = FRR_OK;
		g.frr_error[0] = '\0';
	} else if (frr == FRR_STEP_PENDING) {
		g.frr_state = FRR_PENDING;
		g.frr_retry_at = now_ms() + FRR_RETRY_MS;
		gwd_log(GWD_LOG_WARN, "frr_pending", "error=\"%s\" retry_ms=%d", g.frr_error,
			FRR_RETRY_MS);
	}
	if (unchanged) {
		track_bindings(unchanged, true);
	} else {
		struct gwd_node after;
		struct vxerr e2 = {0};
		if (gwd_node_read(g.nl, &after, &e2) == 0) {
			track_bindings(&after, true);
			gwd_node_free(&after);
		}
	}
record:
	if (unchanged)
		gwd_node_free(unchanged);
	g.last_apply = time(NULL);
	g.last_ok = rc == 0;
	g.last_changes = rc == 0 ? res->changes : 0;
	g.last_ms = (double)(now_ms() - t0);
	snprintf(g.last_source, sizeof(g.last_source), "%s", source);
	snprintf(g.last_error, sizeof(g.last_error), "%s", rc ? err->msg : "");
	g.model_at = 0; /* the MIB's apply scalars changed: rebuild on the next request */
	if (rc) {
		gwd_log(GWD_LOG_ERR, "apply_failed", "source=%s error=\"%s\"", source, err->msg);
		gwd_snmp_notify_apply_failed((uint32_t)g.generation, err->msg);
	}
	else if (res->changes || res->frr_changed || strcmp(source, "event") != 0)
		gwd_log(GWD_LOG_INFO, "apply_done",
			"source=%s generation=%llu steps=%zu changes=%d frr=%s absent_ports=%zu ms=%.0f "
			"render_ms=%llu read_ms=%llu plan_ms=%llu apply_ms=%llu",
			source, (unsigned long long)g.generation, res->plan.n, res->changes,
			!g.manage_frr ? "unmanaged" : res->frr_changed ? "reloaded"
						     : g.frr_state == FRR_PENDING ? "pending"
										  : "unchanged",
			res->plan.nabsent, g.last_ms, (unsigned long long)res->phase_ms[0],
			(unsigned long long)res->phase_ms[1], (unsigned long long)res->phase_ms[2],
			(unsigned long long)res->phase_ms[3]);
	return rc;
}

static json_t *errors_json(const struct gwd_config_errors *e)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < e->n; i++)
		json_array_append_new(arr, json_string(e->msg[i]));
	return arr;
}

/* A configuration refused before any change: the last apply failed all the same. */
static void record_refusal(const char *source, const char *msg)
{
	g.last_apply = time(NULL);
	g.last_ok = false;
	g.last_changes = 0;
	g.last_ms = 0;
	snprintf(g.last_source, sizeof(g.last_source), "%s", source);
	snprintf(g.last_error, sizeof(g.last_error), "%s", msg);
	gwd_snmp_notify_apply_failed((uint32_t)g.generation, msg);
	g.model_at = 0; /* the MIB's apply scalars changed */
}

static json_t *fail_json(const char *msg, json_t *errors)
{
	json_t *o = json_pack("{s:b, s:s}", "ok", 0, "error", msg);
	if (errors)
		json_object_set_new(o, "errors", errors);
	return o;
}

static json_t *plan_json(const struct plan *p)
{
	json_t *arr = json_array(), *absent = json_array();
	char line[160];
	for (size_t i = 0; i < p->n; i++) {
		plan_step_format(&p->steps[i], line, sizeof(line));
		json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s}", "op",
						     plan_op_name(p->steps[i].op), "vni",
						     (json_int_t)p->steps[i].vni, "ifname",
						     p->steps[i].ifname, "text", line));
	}
	for (size_t i = 0; i < p->nabsent; i++) {
		plan_vlan_ifname(p->absent[i].name, p->absent[i].vlan, line);
		json_array_append_new(absent, json_pack("{s:s, s:s, s:I}", "port", p->absent[i].name,
							"ifname", line, "vni",
							(json_int_t)p->absent_vni[i]));
	}
	return json_pack("{s:o, s:o}", "steps", arr, "absent", absent);
}

/* Run cfg through the data path and answer the client: the plan and the counts, or
 * the error (then cfg is freed here; on success the daemon owns it). */
static json_t *txn_answer(struct gwd_config *cfg, const char *text, const char *source,
			  commit_hook hook, void *ctx)
{
	struct txn_result res;
	struct vxerr err = {0};
	if (txn_run(cfg, text, source, hook, ctx, &res, &err)) {
		gwd_config_free(cfg);
		plan_free(&res.plan);
		return fail_json(err.msg, NULL);
	}
	json_t *r = json_pack("{s:b, s:I, s:I, s:o}", "ok", 1, "changes", (json_int_t)res.changes,
			      "generation", (json_int_t)g.generation, "plan", plan_json(&res.plan));
	plan_free(&res.plan);
	return r;
}

/* Load the config file and run it through the data path. */
static char *read_text(const char *path, size_t *len, struct vxerr *err);

static json_t *do_reload(const char *source)
{
	struct gwd_config *cfg;
	struct gwd_config_errors errs = {0};
	struct vxerr rerr = {0};
	size_t len;
	char *text = read_text(g.config_path, &len, &rerr);
	if (!text) {
		gwd_log(GWD_LOG_ERR, "config_unreadable", "source=%s error=\"%s\"", source, rerr.msg);
		return fail_json(rerr.msg, NULL);
	}
	if (gwd_config_parse(text, len, &cfg, &errs)) {
		free(text);
		char msg[VXERR_MSG_MAX];
		snprintf(msg, sizeof(msg), "%s: %zu error(s); configuration not applied, generation %llu stays",
			 g.config_path, errs.n, (unsigned long long)g.generation);
		for (size_t i = 0; i < errs.n; i++)
			gwd_log(GWD_LOG_ERR, "config_invalid", "source=%s error=\"%s\"", source, errs.msg[i]);
		char first[VXERR_MSG_MAX];
		snprintf(first, sizeof(first), "%s: %s", g.config_path, errs.n ? errs.msg[0] : "invalid");
		record_refusal(source, first);
		json_t *r = fail_json(msg, errors_json(&errs));
		gwd_config_errors_free(&errs);
		return r;
	}
	json_t *r = txn_answer(cfg, text, source, NULL, NULL);
	free(text);
	return r;
}

struct write_ctx {
	const char *text;
};

static int write_config_hook(void *ctx, struct vxerr *err)
{
	return gwd_config_write_atomic(g.config_path, ((struct write_ctx *)ctx)->text, err);
}

static char *read_text(const char *path, size_t *len, struct vxerr *err)
{
	FILE *f = fopen(path, "re");
	if (!f) {
		vxerr_set(err, errno, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (cap - *len < 4096) {
			cap = cap ? cap * 2 : 65536;
			char *nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				fclose(f);
				vxerr_set(err, ENOMEM, "out of memory reading %s", path);
				return NULL;
			}
			buf = nb;
		}
		size_t n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

/* bind/unbind: edit the file's text, validate, run the data path, and write the file
 * only once the node has it (a failed write rolls the node back). */
static json_t *do_edit(const struct gwd_request *req)
{
	struct vxerr err = {0};
	size_t len;
	char *text = read_text(g.config_path, &len, &err);
	if (!text)
		return fail_json(err.msg, NULL);
	char *edited = NULL;
	bool changed = true;
	uint32_t was_vni = 0;
	int rc = req->cmd == GWD_CMD_BIND
			 ? gwd_edit_bind(text, len, req->port, req->vlan, req->vni, &edited, &changed, &err)
			 : gwd_edit_unbind(text, len, req->port, &edited, &was_vni, &err);
	free(text);
	if (rc) {
		if (rc != -ENOENT) /* nothing to unbind, no such VNI: not an apply */
			record_refusal(gwd_cmd_name(req->cmd), err.msg);
		return fail_json(err.msg, NULL);
	}
	if (req->cmd == GWD_CMD_BIND) {
		char ifname[IFNAMSIZ];
		plan_vlan_ifname(req->port, req->vlan, ifname);
		/* An explicit bind of a port that does not exist is a typo, not a hot-plug. */
		struct gwd_node node;
		if (gwd_node_read(g.nl, &node, &err)) {
			free(edited);
			return fail_json(err.msg, NULL);
		}
		bool present = gwd_node_link(&node, req->port) != NULL;
		gwd_node_free(&node);
		if (!present) {
			free(edited);
			vxerr_set(&err, ENODEV, "port %s does not exist on this node; nothing changed",
				  req->port);
			return fail_json(err.msg, NULL);
		}
	}
	struct gwd_config *cfg;
	struct gwd_config_errors errs = {0};
	if (gwd_config_parse(edited, strlen(edited), &cfg, &errs)) {
		json_t *r = fail_json("the edited configuration is invalid; nothing changed",
				      errors_json(&errs));
		gwd_config_errors_free(&errs);
		free(edited);
		return r;
	}
	struct write_ctx wc = {edited};
	json_t *r = txn_answer(cfg, edited, gwd_cmd_name(req->cmd),
			       changed ? write_config_hook : NULL, &wc);
	free(edited);
	if (req->cmd == GWD_CMD_UNBIND && json_is_true(json_object_get(r, "ok")))
		json_object_set_new(r, "vni", json_integer(was_vni));
	return r;
}

/* ---- link events: binding state, drift --------------------------------------- */

static int cmp_seen(const void *a, const void *b)
{
	const struct port_seen *x = a, *y = b;
	int c = strcmp(x->ifname, y->ifname);
	return c ? c : (x->vni > y->vni) - (x->vni < y->vni);
}

/* Remember each configured binding's state; log the ones that changed. Both lists are
 * sorted, so this stays cheap with thousands of bindings. */
static void track_bindings(const struct gwd_node *node, bool log_changes)
{
	struct gwd_view v = {.cfg = g.cfg, .node = node};
	size_t n = 0;
	for (size_t i = 0; i < g.cfg->nsegments; i++)
		n += g.cfg->segments[i].nports;
	struct port_seen *seen = calloc(n + 1, sizeof(*seen));
	if (!seen)
		return;
	n = 0;
	for (size_t i = 0; i < g.cfg->nsegments; i++)
		for (size_t k = 0; k < g.cfg->segments[i].nports; k++) {
			const struct gwd_port *p = &g.cfg->segments[i].ports[k];
			struct port_seen *s = &seen[n++];
			plan_vlan_ifname(p->name, p->vlan, s->ifname);
			s->vni = g.cfg->segments[i].vni;
			snprintf(s->state, sizeof(s->state), "%s",
				 gwd_binding_state(&v, &g.cfg->segments[i], p));
		}
	if (n)
		qsort(seen, n, sizeof(*seen), cmp_seen);
	for (size_t i = 0; i < n && log_changes; i++) {
		const struct port_seen *s = &seen[i];
		const struct port_seen *old =
			g.seen ? bsearch(s, g.seen, g.nseen, sizeof(*s), cmp_seen) : NULL;
		if (!old || strcmp(old->state, s->state) != 0)
			gwd_log(strcmp(s->state, "up") ? GWD_LOG_WARN : GWD_LOG_INFO, "binding_state",
				"ifname=%s vni=%u state=%s was=%s", s->ifname, s->vni, s->state,
				old ? old->state : "none");
	}
	free(g.seen);
	g.seen = seen;
	g.nseen = n;
}

/* ---- the SNMP model ------------------------------------------------------------- */

struct notify_ctx {
	unsigned sent;
};

static void on_peer_event(void *ctx, const struct gwd_mib_peer *p, bool up)
{
	((struct notify_ctx *)ctx)->sent++;
	char a[64];
	inet_ntop(p->type == 1 ? AF_INET : AF_INET6, p->addr, a, sizeof(a));
	gwd_log(GWD_LOG_INFO, "remote_vtep", "address=%s state=%s", a, up ? "up" : "down");
	gwd_snmp_notify_peer(p, up);
}

static void on_binding_event(void *ctx, const struct gwd_mib_binding *b, bool up)
{
	((struct notify_ctx *)ctx)->sent++;
	gwd_snmp_notify_binding(b, up);
}

/* Rebuild the MIB model from the kernel; report what changed as notifications (not on
 * the first build: a restarted gwd does not re-announce the whole network). */
static void model_rebuild(void)
{
	if (!gwd_snmp_running())
		return;
	struct vxerr err = {0};
	struct gwd_node node;
	struct fdb_vec fdb = {0};
	if (gwd_node_read(g.nl, &node, &err)) {
		gwd_log(GWD_LOG_ERR, "snmp_model", "error=\"%s\"", err.msg);
		return;
	}
	if (fdb_dump_all(g.nl, &fdb, &err)) {
		gwd_log(GWD_LOG_ERR, "snmp_model", "error=\"%s\"", err.msg);
		gwd_node_free(&node);
		return;
	}
	struct gwd_model_status st = {.generation = (uint32_t)g.generation,
				      .last_apply = g.last_apply,
				      .last_ok = g.last_ok,
				      .last_error = g.last_error};
	struct gwd_mib_model m;
	int rc = gwd_model_build(g.cfg, &node, &fdb, &st, g.model_built ? &g.model : NULL, now_ms(), &m);
	gwd_node_free(&node);
	free(fdb.v);
	if (rc) {
		gwd_log(GWD_LOG_ERR, "snmp_model", "error=\"out of memory\"");
		return;
	}
	if (g.model_built) {
		struct notify_ctx nc = {0};
		struct gwd_model_events ev = {.ctx = &nc, .peer = on_peer_event, .binding = on_binding_event};
		gwd_model_diff(&g.model, &m, &ev);
	}
	gwd_mib_free(&g.model);
	g.model = m;
	g.model_built = true;
	g.model_at = now_ms();
	g.model_due = 0;
}

/* A request never waits for a rebuild (a whole link and FDB dump): it gets the model
 * as it is, and a stale one is rebuilt right after, in the loop. */
static const struct gwd_mib_model *current_model(bool fresh)
{
	if (!g.model_built)
		model_rebuild();
	else if (fresh && now_ms() - g.model_at > GWD_SNMP_MAX_AGE_MS && !g.model_due)
		g.model_due = now_ms();
	g.model.now_ms = now_ms();
	return &g.model;
}

/* AgentX sockets come and go with the master: keep epoll in step before each wait. */
static int snmp_sync_fds(void)
{
	int fds[GWD_SNMP_MAX_FDS], timeout = -1;
	int n = gwd_snmp_fds(fds, &timeout);
	/* Usually nothing changed: no system call then. */
	bool same = n == g.nsnmp_fds && !memcmp(fds, g.snmp_fds, (size_t)n * sizeof(*fds));
	unsigned changes = gwd_snmp_session_changes();
	if (same && changes == g.snmp_sessions_seen)
		return timeout;
	g.snmp_sessions_seen = changes;
	for (int i = 0; i < g.nsnmp_fds; i++)
		epoll_ctl(g.epfd, EPOLL_CTL_DEL, g.snmp_fds[i], NULL); /* may be closed already */
	for (int k = 0; k < n; k++) {
		/* Never block on a master that stopped reading. */
		int fl = fcntl(fds[k], F_GETFL);
		if (fl >= 0 && !(fl & O_NONBLOCK))
			fcntl(fds[k], F_SETFL, fl | O_NONBLOCK);
		struct epoll_event ev = {.events = EPOLLIN,
					 .data.u64 = (uint64_t)(unsigned)fds[k] | (3ull << 62)};
		epoll_ctl(g.epfd, EPOLL_CTL_ADD, fds[k], &ev);
	}

	memcpy(g.snmp_fds, fds, (size_t)n * sizeof(*fds));
	g.nsnmp_fds = n;
	return timeout;
}

static void refresh(void)
{
	struct vxerr err = {0};
	struct gwd_node node;
	if (gwd_node_read(g.nl, &node, &err)) {
		gwd_log(GWD_LOG_ERR, "refresh_failed", "error=\"%s\"", err.msg);
		return;
	}
	track_bindings(&node, true);
	struct gwd_actual act;
	gwd_node_actual(&node, &act);
	struct plan p;
	bool drift = false;
	if (plan_compute(g.cfg, &act, &p) == 0) {
		drift = p.n > 0;
		plan_free(&p);
	}
	gwd_node_free(&node);
	if (!drift || now_ms() < g.auto_block_until) {
		model_rebuild();
		return;
	}
	/* Something changed under us (a port appeared, an owned device was removed):
	 * converge to the config through the same path. */
	gwd_log(GWD_LOG_INFO, "drift", "reason=link_event");
	struct txn_result res;
	if (txn_run(g.cfg, g.cfg_text, "event", NULL, NULL, &res, &err))
		g.auto_block_until = now_ms() + AUTO_RETRY_MS;
	plan_free(&res.plan);
	model_rebuild();
}

static int on_link_event(const struct nlmsghdr *nlh, void *data, struct vxerr *err)
{
	(void)data;
	(void)err;
	if (nlh->nlmsg_type == RTM_NEWLINK || nlh->nlmsg_type == RTM_DELLINK) {
		if (!g.refresh_at)
			g.refresh_at = now_ms() + REFRESH_DELAY_MS;
	} else if ((nlh->nlmsg_type == RTM_NEWNEIGH || nlh->nlmsg_type == RTM_DELNEIGH) &&
		   gwd_snmp_running() && !g.model_due) {
		g.model_due = now_ms() + MODEL_FDB_DELAY_MS;
	}
	return 0;
}

/* ---- control socket ----------------------------------------------------------- */

static json_t *status_json(void)
{
	struct vxerr err = {0};
	struct gwd_node node;
	unsigned counts[4] = {0};
	if (gwd_node_read(g.nl, &node, &err) == 0) {
		struct gwd_view v = {.cfg = g.cfg, .node = &node};
		gwd_show_binding_counts(&v, counts);
		gwd_node_free(&node);
	}
	const char *frr = !g.manage_frr ? "unmanaged"
			  : g.frr_state == FRR_OK ? "applied"
			  : g.frr_state == FRR_PENDING ? "pending"
						       : "failed";
	json_t *o = json_pack(
		"{s:b, s:s, s:I, s:I, s:s, s:I, s:{s:I, s:s, s:b, s:I, s:f, s:s}, s:{s:s, s:s, s:s}, s:I, "
		"s:{s:I, s:I, s:I, s:I}}",
		"ok", 1, "version", GWD_VERSION, "pid", (json_int_t)getpid(), "uptime_s",
		(json_int_t)(time(NULL) - g.started), "config", g.config_path, "generation",
		(json_int_t)g.generation, "last_apply", "time", (json_int_t)g.last_apply, "source",
		g.last_source, "ok", g.last_ok, "changes", (json_int_t)g.last_changes, "ms", g.last_ms,
		"error", g.last_error, "frr", "state", frr, "pathspace", g.frr_pathspace, "error",
		g.frr_error, "vnis", (json_int_t)g.cfg->nsegments, "bindings", "total",
		(json_int_t)counts[0], "up", (json_int_t)counts[1], "down", (json_int_t)counts[2],
		"absent", (json_int_t)counts[3]);
	return o;
}

static json_t *handle(const char *text, size_t len)
{
	struct gwd_request req;
	struct vxerr err = {0};
	if (gwd_ctl_parse(text, len, &req, &err))
		return fail_json(err.msg, NULL);
	switch (req.cmd) {
	case GWD_CMD_STATUS:
		return status_json();
	case GWD_CMD_RELOAD:
		return do_reload("ctl");
	case GWD_CMD_BIND:
	case GWD_CMD_UNBIND:
		return do_edit(&req);
	case GWD_CMD_PLAN: {
		struct gwd_config *cfg;
		struct gwd_config_errors errs = {0};
		if (gwd_config_load(g.config_path, &cfg, &errs)) {
			json_t *r = fail_json("the configuration file is invalid", errors_json(&errs));
			gwd_config_errors_free(&errs);
			return r;
		}
		struct plan p;
		json_t *r;
		if (txn_plan(cfg, &p, &err))
			r = fail_json(err.msg, NULL);
		else {
			r = json_pack("{s:b, s:o}", "ok", 1, "plan", plan_json(&p));
			plan_free(&p);
		}
		gwd_config_free(cfg);
		return r;
	}
	case GWD_CMD_SHOW: {
		struct gwd_node node;
		if (gwd_node_read(g.nl, &node, &err))
			return fail_json(err.msg, NULL);
		struct gwd_view v = {.cfg = g.cfg, .node = &node,
				     .frr_pathspace = g.manage_frr ? g.frr_pathspace : NULL};
		json_t *r = NULL;
		switch (req.what) {
		case GWD_SHOW_VNIS:
			r = gwd_show_vnis(g.nl, &v, req.vni, &err);
			break;
		case GWD_SHOW_PORTS:
			r = gwd_show_ports(g.nl, &v, req.vni, &err);
			break;
		case GWD_SHOW_PEERS:
			r = gwd_show_peers(&v, &err);
			break;
		case GWD_SHOW_MACS:
			r = gwd_show_macs(g.nl, &v, req.vni, &err);
			break;
		}
		gwd_node_free(&node);
		if (!r)
			return fail_json(err.msg, NULL);
		json_object_set_new(r, "ok", json_true());
		return r;
	}
	}
	return fail_json("unhandled command", NULL);
}

static void client_close(struct client *c)
{
	epoll_ctl(g.epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	c->fd = -1;
}

static void client_reply(struct client *c, json_t *r)
{
	char *s = json_dumps(r, JSON_COMPACT);
	json_decref(r);
	if (s) {
		/* Answer with a bounded blocking write: a client that stops reading is dropped. */
		int fl = fcntl(c->fd, F_GETFL);
		fcntl(c->fd, F_SETFL, fl & ~O_NONBLOCK);
		struct timeval tv = {2, 0};
		setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		size_t len = strlen(s), off = 0;
		while (off < len) {
			ssize_t w = send(c->fd, s + off, len - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (off == len)
			(void)!send(c->fd, "\n", 1, MSG_NOSIGNAL);
		free(s);
	}
	client_close(c);
}

static void client_readable(struct client *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len, 0);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 && c->len == 0) {
			client_close(c);
			return;
		}
		if (n > 0)
			c->len += (size_t)n;
		char *nl = memchr(c->buf, '\n', c->len);
		if (nl || n == 0) {
			size_t len = nl ? (size_t)(nl - c->buf) : c->len;
			c->buf[len] = '\0';
			client_reply(c, handle(c->buf, len));
			return;
		}
		if (c->len >= sizeof(c->buf) - 1) {
			char msg[96];
			snprintf(msg, sizeof(msg), "request larger than %d bytes", GWD_CTL_MAX_REQUEST);
			client_reply(c, fail_json(msg, NULL));
			return;
		}
	}
}

static void accept_clients(void)
{
	for (;;) {
		int fd = accept4(g.lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct ucred cred;
		socklen_t cl = sizeof(cred);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0 || cred.uid != 0) {
			/* The socket is 0600 already; this guards against a mode change. */
			close(fd);
			continue;
		}
		struct client *c = NULL;
		for (int i = 0; i < MAX_CLIENTS && !c; i++)
			if (g.clients[i].fd < 0)
				c = &g.clients[i];
		if (!c) {
			close(fd);
			continue;
		}
		c->fd = fd;
		c->len = 0;
		c->deadline = now_ms() + CLIENT_TIMEOUT_MS;
		struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
		epoll_ctl(g.epfd, EPOLL_CTL_ADD, fd, &ev);
	}
}

static int listen_ctl(const char *path, struct vxerr *err)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path))
		return vxerr_set(err, ENAMETOOLONG, "control socket path %s is too long", path);
	strcpy(sa.sun_path, path);
	char dir[sizeof(sa.sun_path)];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			return vxerr_set(err, errno, "cannot create %s: %s", dir, strerror(errno));
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vxerr_set(err, errno, "socket: %s", strerror(errno));
	/* A live gwd answers; a stale socket file from a killed one does not. */
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		close(fd);
		return vxerr_set(err, EADDRINUSE, "another gwd is running (it answers on %s)", path);
	}
	close(fd);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (rc != 0 || chmod(path, 0600) != 0 || listen(fd, 16) != 0) {
		int e = errno;
		close(fd);
		return vxerr_set(err, e, "cannot listen on %s: %s", path, strerror(e));
	}
	g.lfd = fd;
	return 0;
}

/* ---- main loop ------------------------------------------------------------------ */

static void on_tick(void)
{
	uint64_t t = now_ms();
	if (g.refresh_at && t >= g.refresh_at) {
		g.refresh_at = 0;
		refresh();
	}
	if (g.model_due && t >= g.model_due)
		model_rebuild();
	if (g.manage_frr && g.frr_state != FRR_OK && g.frr_text && t >= g.frr_retry_at) {
		struct vxerr err = {0};
		enum gwd_frr_result fr = gwd_frr_deliver(g.frr_pathspace, g.frr_conf_path, g.frr_text, &err);
		if (fr == GWD_FRR_APPLIED || fr == GWD_FRR_UNCHANGED) {
			free(g.frr_delivered);
			g.frr_delivered = strdup(g.frr_text);
			g.frr_state = FRR_OK;
			g.frr_error[0] = '\0';
			gwd_log(GWD_LOG_INFO, "frr_applied", "result=%s",
				fr == GWD_FRR_APPLIED ? "reloaded" : "unchanged");
		} else {
			snprintf(g.frr_error, sizeof(g.frr_error), "%s", err.msg);
			g.frr_retry_at = t + FRR_RETRY_MS;
		}
	}
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (g.clients[i].fd >= 0 && t > g.clients[i].deadline)
			client_close(&g.clients[i]);
	if (g.watchdog_ms && t >= g.watchdog_next) {
		sd_notify(0, "WATCHDOG=1");
		g.watchdog_next = t + g.watchdog_ms / 2;
	}
}

static void on_signal(void)
{
	struct signalfd_siginfo si;
	while (read(g.sigfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			sd_notify(0, "RELOADING=1");
			json_decref(do_reload("sighup"));
			sd_notifyf(0, "READY=1\nSTATUS=generation %llu", (unsigned long long)g.generation);
		} else {
			gwd_log(GWD_LOG_INFO, "stopping", "signal=%s data_plane=kept",
				strsignal((int)si.ssi_signo));
			g.running = false;
		}
	}
}

static int usage(const char *why)
{
	if (why)
		fprintf(stderr, "gwd: %s\n", why);
	fputs("usage: gwd [--config FILE] [--socket PATH] [--foreground] [--syslog] [--verbose]\n"
	      "           [--frr-pathspace PS] [--frr-config FILE] [--no-frr]\n"
	      "       gwd --check-config [--config FILE] [--no-frr]\n",
	      stderr);
	return 2;
}

static int check_config(void)
{
	struct gwd_config *cfg;
	struct gwd_config_errors errs = {0};
	if (gwd_config_load(g.config_path, &cfg, &errs)) {
		for (size_t i = 0; i < errs.n; i++)
			fprintf(stderr, "%s: %s\n", g.config_path, errs.msg[i]);
		fprintf(stderr, "%s: %zu error(s)\n", g.config_path, errs.n);
		gwd_config_errors_free(&errs);
		return 1;
	}
	if (g.manage_frr) {
		char *text;
		struct vxerr err = {0};
		char host[HOST_NAME_MAX + 1];
		hostname_of(host);
		if (gwd_frr_render(cfg, host, &text, &err)) {
			fprintf(stderr, "%s: %s\n", g.config_path, err.msg);
			gwd_config_free(cfg);
			return 1;
		}
		free(text);
	}
	size_t ports = 0;
	for (size_t i = 0; i < cfg->nsegments; i++)
		ports += cfg->segments[i].nports;
	printf("%s: valid (%zu segments, %zu port bindings, %zu route reflectors, %zu peers)\n",
	       g.config_path, cfg->nsegments, ports, cfg->nrr, cfg->npeers);
	gwd_config_free(cfg);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},   {"socket", required_argument, NULL, 's'},
		{"foreground", no_argument, NULL, 'f'},	    {"syslog", no_argument, NULL, 'l'},
		{"verbose", no_argument, NULL, 'v'},	    {"frr-pathspace", required_argument, NULL, 'N'},
		{"frr-config", required_argument, NULL, 'F'}, {"no-frr", no_argument, NULL, 'n'},
		{"check-config", no_argument, NULL, 'C'},   {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	g.config_path = "/etc/vxgw/gwd.json";
	g.ctl_path = "/run/vxgw/gwd.sock";
	g.frr_pathspace = "";
	g.frr_conf_path = "/etc/frr/frr.conf";
	g.manage_frr = true;
	bool foreground = false, use_syslog = false, check = false;
	enum gwd_log_level level = GWD_LOG_INFO;
	int o;
	while ((o = getopt_long(argc, argv, "c:s:flvh", opts, NULL)) != -1) {
		switch (o) {
		case 'c': g.config_path = optarg; break;
		case 's': g.ctl_path = optarg; break;
		case 'f': foreground = true; break;
		case 'l': use_syslog = true; break;
		case 'v': level = GWD_LOG_DEBUG; break;
		case 'N': g.frr_pathspace = optarg; break;
		case 'F': g.frr_conf_path = optarg; break;
		case 'n': g.manage_frr = false; break;
		case 'C': check = true; break;
		case 'h': usage(NULL); return 0;
		default: return usage(NULL);
		}
	}
	if (optind != argc)
		return usage("unexpected argument");
	if (check)
		return check_config();

	if (!foreground && !getenv("NOTIFY_SOCKET")) {
		if (daemon(0, 0) != 0) {
			perror("gwd: daemon");
			return 1;
		}
		use_syslog = true;
	}
	gwd_log_init("gwd", use_syslog, level);
	signal(SIGPIPE, SIG_IGN);
	g.started = time(NULL);
	for (int i = 0; i < MAX_CLIENTS; i++)
		g.clients[i].fd = -1;

	struct gwd_config_errors errs = {0};
	struct vxerr err = {0};
	size_t tlen;
	char *text = read_text(g.config_path, &tlen, &err);
	if (!text) {
		gwd_log(GWD_LOG_ERR, "exit", "reason=\"%s\"", err.msg);
		return 1;
	}
	if (gwd_config_parse(text, tlen, &g.cfg, &errs)) {
		free(text);
		for (size_t i = 0; i < errs.n; i++)
			gwd_log(GWD_LOG_ERR, "config_invalid", "error=\"%s\"", errs.msg[i]);
		gwd_log(GWD_LOG_ERR, "exit", "reason=\"%s: %zu error(s)\"", g.config_path, errs.n);
		gwd_config_errors_free(&errs);
		return 1;
	}
	if (nl_open(&g.nl, &err) || nl_monitor_open(&g.mon, RTMGRP_LINK | RTMGRP_NEIGH, &err) ||
	    listen_ctl(g.ctl_path, &err)) {
		gwd_log(GWD_LOG_ERR, "exit", "reason=\"%s\"", err.msg);
		return 1;
	}
	sigset_t mask;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	g.sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	g.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	struct itimerspec its = {.it_interval = {0, TICK_MS * 1000000L}, .it_value = {0, TICK_MS * 1000000L}};
	timerfd_settime(g.timerfd, 0, &its, NULL);
	g.epfd = epoll_create1(EPOLL_CLOEXEC);
	int fds[] = {g.sigfd, g.timerfd, nl_monitor_fd(g.mon), g.lfd};
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		/* Top bit set: one of ours; clear: a client pointer (user space never has it). */
		struct epoll_event ev = {.events = EPOLLIN,
					 .data.u64 = (uint64_t)(unsigned)fds[i] | (1ull << 63)};
		epoll_ctl(g.epfd, EPOLL_CTL_ADD, fds[i], &ev);
	}
	uint64_t wd_usec = 0;
	if (sd_watchdog_enabled(0, &wd_usec) > 0)
		g.watchdog_ms = wd_usec / 1000;

	gwd_log(GWD_LOG_INFO, "start", "version=%s config=%s socket=%s frr=%s%s%s", GWD_VERSION,
		g.config_path, g.ctl_path, g.manage_frr ? "managed" : "unmanaged",
		g.manage_frr && *g.frr_pathspace ? " pathspace=" : "",
		g.manage_frr ? g.frr_pathspace : "");
	struct txn_result res;
	g.generation = 0;
	struct gwd_config *first = g.cfg;
	g.cfg = NULL; /* txn_run commits it (generation 1) */
	int src = txn_run(first, text, "startup", NULL, NULL, &res, &err);
	if (src) {
		/* Keep running: the operator fixes the cause and reloads; the data plane is as
		 * it was. Adopt the config as the target nonetheless so status shows it. */
		g.cfg = first;
		g.cfg_text = text;
		g.generation = 1;
	} else {
		free(text);
	}
	plan_free(&res.plan);
	if (g.cfg->snmp_enabled) {
		/* Without a master the subagent keeps trying (AgentX ping): not fatal. */
		if (gwd_snmp_start(g.cfg->agentx_socket, current_model, &err))
			gwd_log(GWD_LOG_ERR, "snmp_start", "error=\"%s\"", err.msg);
		else
			model_rebuild();
	}
	sd_notifyf(0, "READY=1\nSTATUS=generation %llu%s", (unsigned long long)g.generation,
		   g.last_ok ? "" : " (last apply failed)");
	gwd_log(GWD_LOG_INFO, "ready", "generation=%llu", (unsigned long long)g.generation);

	g.running = true;
	while (g.running) {
		struct epoll_event ev[16];
		int n = epoll_wait(g.epfd, ev, 16, snmp_sync_fds());
		if (n < 0 && errno == EINTR)
			continue;
		int ready[GWD_SNMP_MAX_FDS], nready = 0;
		for (int i = 0; i < n && g.running; i++) {
			if ((ev[i].data.u64 >> 62) == 3) {
				if (nready < GWD_SNMP_MAX_FDS)
					ready[nready++] = (int)(ev[i].data.u64 & 0xffffffff);
			} else if (ev[i].data.u64 & (1ull << 63)) {
				int fd = (int)(ev[i].data.u64 & 0xffffffff);
				if (fd == g.sigfd)
					on_signal();
				else if (fd == g.timerfd) {
					uint64_t ticks;
					(void)!read(g.timerfd, &ticks, sizeof(ticks));
					on_tick();
				} else if (fd == g.lfd)
					accept_clients();
				else if (fd == nl_monitor_fd(g.mon)) {
					int rc = nl_monitor_read(g.mon, on_link_event, NULL, &err);
					if (rc == -ENOBUFS && !g.refresh_at)
						g.refresh_at = now_ms() + REFRESH_DELAY_MS;
				}
			} else {
				client_readable(ev[i].data.ptr);
			}
		}
		gwd_snmp_read(ready, nready);
		gwd_snmp_tick();
	}
	sd_notify(0, "STOPPING=1");
	gwd_snmp_stop();
	gwd_mib_free(&g.model);
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (g.clients[i].fd >= 0)
			client_close(&g.clients[i]);
	close(g.lfd);
	unlink(g.ctl_path);
	nl_monitor_close(g.mon);
	nl_close(g.nl);
	gwd_config_free(g.cfg);
	free(g.cfg_text);
	free(g.frr_text);
	free(g.frr_delivered);
	free(g.seen);
	return 0;
}
