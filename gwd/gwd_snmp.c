#include "gwd_snmp.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/library/large_fd_set.h>
#include <net-snmp/agent/agent_callbacks.h>
#pragma GCC diagnostic pop

#include "gwd_log.h"

static struct {
	bool running;
	char socket[256];
	uint64_t next_open;
	gwd_snmp_model_fn model;
	bool was_connected;
	unsigned sessions; /* opens and closes: the caller's fd registrations may be stale */
	unsigned dropped;
} S;

static void to_mib_oid(const oid *in, size_t len, mib_oid *out, size_t *outlen)
{
	if (len > GWD_MIB_MAX_OID)
		len = GWD_MIB_MAX_OID;
	for (size_t i = 0; i < len; i++)
		out[i] = (mib_oid)in[i];
	*outlen = len;
}

static void from_mib_oid(const mib_oid *in, size_t len, oid *out)
{
	for (size_t i = 0; i < len; i++)
		out[i] = in[i];
}

static void set_value(netsnmp_variable_list *var, const struct mib_value *v)
{
	switch (v->type) {
	case MV_INTEGER:
		snmp_set_var_typed_integer(var, ASN_INTEGER, (long)v->i);
		break;
	case MV_GAUGE:
		snmp_set_var_typed_integer(var, ASN_GAUGE, (long)(uint32_t)v->u);
		break;
	case MV_TIMETICKS:
		snmp_set_var_typed_integer(var, ASN_TIMETICKS, (long)(uint32_t)v->u);
		break;
	case MV_COUNTER64: {
		struct counter64 c = {.high = (u_long)(v->u >> 32), .low = (u_long)(v->u & 0xffffffffu)};
		snmp_set_var_typed_value(var, ASN_COUNTER64, &c, sizeof(c));
		break;
	}
	case MV_OCTETS:
		snmp_set_var_typed_value(var, ASN_OCTET_STR, v->s, v->slen);
		break;
	}
}

static int handler(netsnmp_mib_handler *h, netsnmp_handler_registration *reg,
		   netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	(void)h;
	(void)reg;
	const struct gwd_mib_model *m = S.model(true);
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		if (r->processed)
			continue;
		netsnmp_variable_list *var = r->requestvb;
		mib_oid name[GWD_MIB_MAX_OID], next[GWD_MIB_MAX_OID];
		size_t len, nlen;
		struct mib_value v;
		to_mib_oid(var->name, var->name_length, name, &len);
		switch (reqinfo->mode) {
		case MODE_GET:
			if (var->name_length > GWD_MIB_MAX_OID || gwd_mib_get(m, name, len, &v) != 0)
				netsnmp_set_request_error(reqinfo, r, SNMP_NOSUCHINSTANCE);
			else
				set_value(var, &v);
			break;
		case MODE_GETNEXT:
			if (gwd_mib_next(m, name, len, next, &nlen, &v) == 0) {
				oid o[GWD_MIB_MAX_OID];
				from_mib_oid(next, nlen, o);
				snmp_set_var_objid(var, o, nlen);
				set_value(var, &v);
			}
			/* else: nothing after name in our subtree; the agent moves on */
			break;
		default:
			netsnmp_set_request_error(reqinfo, r, SNMP_ERR_NOTWRITABLE);
		}
	}
	return SNMP_ERR_NOERROR;
}

/* net-snmp's AgentX client is synchronous where it talks to the master on its own:
 * its pings and its (re)open wait for an answer (1 s per try), and a connect() to a
 * frozen master whose accept queue is full blocks without limit. So gwd does not let it
 * ping or reconnect by itself: pings are off, and gwd re-opens the session from its own
 * timer, only after a non-blocking probe connect showed the master accepting. A frozen
 * master then costs at most one 1 s open attempt per retry, never a hang; a restarted
 * master is found within RECONNECT_MS. */
#define RECONNECT_MS 2000
int subagent_open_master_session(void); /* libnetsnmpagent, not in its headers */

static void set_session_limits(void)
{
	netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL, 0);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_RETRIES, 0);
}

static uint64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Would a connect to the master go through at once? */
static bool master_accepting(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof(sa.sun_path))
		return false;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* The AgentX session opened (INDEX_START) or closed (INDEX_STOP). */
static int on_session(int major, int minor, void *server_arg, void *client_arg)
{
	(void)major;
	(void)minor;
	(void)server_arg;
	bool up = client_arg != NULL;
	S.sessions++;
	if (!up)
		S.next_open = mono_ms() + RECONNECT_MS;
	if (up != S.was_connected)
		gwd_log(up ? GWD_LOG_INFO : GWD_LOG_WARN, "snmp_agentx", "state=%s",
			up ? "connected" : "disconnected");
	S.was_connected = up;
	return 0;
}

int gwd_snmp_start(const char *agentx_socket, gwd_snmp_model_fn model, struct vxerr *err)
{
	if (S.running)
		return 0;
	S.model = model;
	snprintf(S.socket, sizeof(S.socket), "%s", agentx_socket);
	netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
	netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, agentx_socket);
	set_session_limits();
	/* A subagent has no state of its own to persist, and must not read the snmpd.conf
	 * files of the host (nor write into /var/lib/snmp). */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	/* Alarms (AgentX pings, reconnects) are run from gwd's loop, never by SIGALRM. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_ALARM_DONT_USE_SIG, 1);
	snmp_disable_log(); /* connection state is logged by gwd itself, once per change */
	SOCK_STARTUP;
	if (init_agent("gwd") != 0)
		return vxerr_set(err, EIO, "net-snmp: cannot initialise the AgentX subagent");
	static const oid objects[] = {GWD_MIB_ROOT, 1};
	netsnmp_handler_registration *reg = netsnmp_create_handler_registration(
		"vxgwObjects", handler, objects, sizeof(objects) / sizeof(objects[0]), HANDLER_CAN_RONLY);
	if (!reg || netsnmp_register_handler(reg) != MIB_REGISTERED_OK)
		return vxerr_set(err, EIO, "net-snmp: cannot register VXGW-MIB");
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, on_session,
			       (void *)1);
	snmp_register_callback(SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, on_session,
			       (void *)0);
	init_snmp("gwd");
	/* init_snmp resets the application's settings to their defaults: again. */
	set_session_limits();
	S.running = true;
	gwd_log(GWD_LOG_INFO, "snmp_start", "agentx=%s", agentx_socket);
	return 0;
}

void gwd_snmp_stop(void)
{
	if (!S.running)
		return;
	snmp_shutdown("gwd");
	shutdown_agent();
	SOCK_CLEANUP;
	S.running = false;
}

bool gwd_snmp_running(void)
{
	return S.running;
}

int gwd_snmp_fds(int fds[GWD_SNMP_MAX_FDS], int *timeout_ms)
{
	*timeout_ms = -1;
	if (!S.running)
		return 0;
	netsnmp_large_fd_set set;
	netsnmp_large_fd_set_init(&set, FD_SETSIZE);
	int numfds = 0, block = 1;
	struct timeval tv = {0, 0};
	snmp_select_info2(&numfds, &set, &tv, &block);
	int n = 0;
	for (int fd = 0; fd < numfds && n < GWD_SNMP_MAX_FDS; fd++)
		if (NETSNMP_LARGE_FD_ISSET(fd, &set))
			fds[n++] = fd;
	netsnmp_large_fd_set_cleanup(&set);
	if (!block)
		*timeout_ms = (int)(tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000);
	return n;
}

unsigned gwd_snmp_session_changes(void)
{
	return S.sessions;
}

bool gwd_snmp_connected(void)
{
	return S.running && S.was_connected;
}

void gwd_snmp_read(const int *fds, int n)
{
	if (!S.running || n <= 0)
		return;
	netsnmp_large_fd_set set;
	netsnmp_large_fd_set_init(&set, FD_SETSIZE);
	for (int i = 0; i < n; i++)
		NETSNMP_LARGE_FD_SET(fds[i], &set);
	snmp_read2(&set);
	netsnmp_large_fd_set_cleanup(&set);
}

void gwd_snmp_tick(void)
{
	if (!S.running)
		return;
	if (!S.was_connected && mono_ms() >= S.next_open) {
		S.next_open = mono_ms() + RECONNECT_MS;
		/* As net-snmp's own reopen does: open, then re-register every subtree. */
		if (master_accepting(S.socket) && subagent_open_master_session() == 0)
			register_mib_reattach();
	}
	snmp_timeout();
	run_alarms();
	netsnmp_check_outstanding_agent_requests();
}

/* ---- notifications ---------------------------------------------------------------- */

static const oid trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0}; /* snmpTrapOID.0 */

static void add_oid_var(netsnmp_variable_list **vars, const mib_oid *name, size_t len,
			const struct mib_value *v)
{
	oid o[GWD_MIB_MAX_OID];
	from_mib_oid(name, len, o);
	netsnmp_variable_list *var = snmp_varlist_add_variable(vars, o, len, ASN_NULL, NULL, 0);
	if (var)
		set_value(var, v);
}

static void notify_send(unsigned notification, netsnmp_variable_list *vars)
{
	if (!gwd_snmp_connected()) {
		S.dropped++;
		snmp_free_varbind(vars);
		return;
	}
	mib_oid n[GWD_MIB_MAX_OID];
	mib_oid suffix[] = {0, notification};
	size_t len = gwd_mib_oid(suffix, 2, n);
	oid no[GWD_MIB_MAX_OID];
	from_mib_oid(n, len, no);
	netsnmp_variable_list *head = NULL;
	snmp_varlist_add_variable(&head, trap_oid, sizeof(trap_oid) / sizeof(trap_oid[0]),
				  ASN_OBJECT_ID, no, len * sizeof(oid));
	if (head)
		head->next_variable = vars;
	send_v2trap(head);
	snmp_free_varbind(head);
}

void gwd_snmp_notify_peer(const struct gwd_mib_peer *p, bool up)
{
	if (!S.running)
		return;
	netsnmp_variable_list *vars = NULL;
	mib_oid name[GWD_MIB_MAX_OID];
	struct mib_value v = {.type = MV_INTEGER, .i = p->type};
	mib_oid s1[] = {1, 5, 1, 0}, s2[] = {1, 5, 2, 0};
	add_oid_var(&vars, name, gwd_mib_oid(s1, 4, name), &v);
	struct mib_value a = {.type = MV_OCTETS, .s = p->addr, .slen = p->type == 1 ? 4 : 16};
	add_oid_var(&vars, name, gwd_mib_oid(s2, 4, name), &a);
	notify_send(up ? 1 : 2, vars);
}

void gwd_snmp_notify_binding(const struct gwd_mib_binding *b, bool up)
{
	if (!S.running)
		return;
	netsnmp_variable_list *vars = NULL;
	mib_oid name[GWD_MIB_MAX_OID];
	struct mib_value ifx = {.type = MV_INTEGER, .i = b->ifindex};
	struct mib_value st = {.type = MV_INTEGER, .i = b->oper};
	add_oid_var(&vars, name, gwd_mib_binding_oid(b, 4, name), &ifx);
	add_oid_var(&vars, name, gwd_mib_binding_oid(b, 5, name), &st);
	notify_send(up ? 3 : 4, vars);
}

void gwd_snmp_notify_apply_failed(uint32_t generation, const char *error)
{
	if (!S.running)
		return;
	netsnmp_variable_list *vars = NULL;
	mib_oid name[GWD_MIB_MAX_OID];
	mib_oid s1[] = {1, 1, 1, 0}, s2[] = {1, 1, 4, 0};
	struct mib_value g = {.type = MV_GAUGE, .u = generation};
	size_t elen = strlen(error);
	struct mib_value e = {.type = MV_OCTETS, .s = (const uint8_t *)error, .slen = elen > 255 ? 255 : elen};
	add_oid_var(&vars, name, gwd_mib_oid(s1, 4, name), &g);
	add_oid_var(&vars, name, gwd_mib_oid(s2, 4, name), &e);
	notify_send(5, vars);
}
