/* gwd_snmp: VXGW-MIB served by gwd as an AgentX subagent (net-snmp), driven by gwd's own
 * epoll loop — no thread, and nothing that can block it: the AgentX socket is made
 * non-blocking, so a stalled master costs a dropped session (re-established by the
 * AgentX ping), never a stalled gwd. Values come from gwd_mib (the model), which gwd
 * rebuilds from the kernel when it changes; a request finding the model older than
 * GWD_SNMP_MAX_AGE_MS makes gwd rebuild it right after (counters stay current without
 * a request ever waiting for a dump).
 *
 * Loop contract: before each epoll_wait call gwd_snmp_fds to learn the sockets to
 * watch (they change on reconnects) and the longest wait; hand readable ones to
 * gwd_snmp_read; call gwd_snmp_tick after every wakeup (timeouts, alarms, pings). */
#ifndef VXGW_GWD_SNMP_H
#define VXGW_GWD_SNMP_H

#include <stdbool.h>

#include "../evpn/vxerr.h"
#include "gwd_mib.h"

#define GWD_SNMP_MAX_AGE_MS 2000
#define GWD_SNMP_MAX_FDS 8

/* The current model; fresh=true asks gwd to rebuild it soon if it is older than the limit. */
typedef const struct gwd_mib_model *(*gwd_snmp_model_fn)(bool fresh);

int gwd_snmp_start(const char *agentx_socket, gwd_snmp_model_fn model, struct vxerr *err);
void gwd_snmp_stop(void);
bool gwd_snmp_running(void);
/* True while an AgentX session with the master is up. */
bool gwd_snmp_connected(void);

int gwd_snmp_fds(int fds[GWD_SNMP_MAX_FDS], int *timeout_ms);
/* Counts session opens/closes: when it moved, re-register the fds even if their numbers
 * look the same (a closed fd leaves epoll; its number may come back). */
unsigned gwd_snmp_session_changes(void);
void gwd_snmp_read(const int *fds, int n);
void gwd_snmp_tick(void);

/* Notifications (sent only while connected; otherwise dropped and counted). */
void gwd_snmp_notify_peer(const struct gwd_mib_peer *p, bool up);
void gwd_snmp_notify_binding(const struct gwd_mib_binding *b, bool up);
void gwd_snmp_notify_apply_failed(uint32_t generation, const char *error);

#endif
