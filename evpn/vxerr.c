#include "vxerr.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int vxerr_set(struct vxerr *err, int code, const char *fmt, ...)
{
	if (code < 0)
		code = -code;
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}

int vxerr_prefix(struct vxerr *err, const char *fmt, ...)
{
	if (!err)
		return 0;
	char prefix[VXERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	/* Shift the old message right by "prefix: " and truncate its tail if needed. */
	size_t plen = strlen(prefix) + 2, cap = sizeof(err->msg) - 1;
	if (plen > cap)
		plen = cap;
	size_t keep = strnlen(err->msg, cap);
	if (keep > cap - plen)
		keep = cap - plen;
	memmove(err->msg + plen, err->msg, keep);
	err->msg[plen + keep] = '\0';
	memcpy(err->msg, prefix, plen >= 2 ? plen - 2 : 0);
	if (plen >= 2)
		memcpy(err->msg + plen - 2, ": ", 2);
	return -err->code;
}

void vxerr_clear(struct vxerr *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
