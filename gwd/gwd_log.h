/* gwd_log: structured log lines, "level=info event=apply_done changes=3 ms=12 msg=...".
 * To stderr (the journal captures it under systemd) and, when enabled, to syslog.
 * One line per event, key=value pairs a machine can grep; values with spaces quoted. */
#ifndef VXGW_GWD_LOG_H
#define VXGW_GWD_LOG_H

#include <stdbool.h>

enum gwd_log_level { GWD_LOG_ERR, GWD_LOG_WARN, GWD_LOG_INFO, GWD_LOG_DEBUG };

void gwd_log_init(const char *ident, bool to_syslog, enum gwd_log_level max);
/* event: a short identifier; fmt: further key=value pairs (may be ""). */
void gwd_log(enum gwd_log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
