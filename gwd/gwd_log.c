#include "gwd_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

static bool use_syslog;
static enum gwd_log_level max_level = GWD_LOG_INFO;
static const char *const names[] = {"err", "warn", "info", "debug"};
static const int prio[] = {LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG};

void gwd_log_init(const char *ident, bool to_syslog, enum gwd_log_level max)
{
	use_syslog = to_syslog;
	max_level = max;
	if (to_syslog)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void gwd_log(enum gwd_log_level level, const char *event, const char *fmt, ...)
{
	if (level > max_level)
		return;
	char rest[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[32];
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ldZ level=%s event=%s%s%s\n", when, ts.tv_nsec / 1000000, names[level],
		event, rest[0] ? " " : "", rest);
	fflush(stderr);
	if (use_syslog)
		syslog(prio[level], "level=%s event=%s%s%s", names[level], event, rest[0] ? " " : "",
		       rest);
}
