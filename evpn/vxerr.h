/* vxerr: the error value every vxgw library call fills in.
 *
 * Contract: a failing call returns -code (a positive errno in .code) and leaves a
 * one-line, specific, human-readable explanation in .msg. Callers print .msg as is;
 * they never have to guess from errno alone what went wrong. */
#ifndef VXGW_VXERR_H
#define VXGW_VXERR_H

#include <stddef.h>

#define VXERR_MSG_MAX 512

struct vxerr {
	int code;                 /* positive errno, 0 when no error */
	char msg[VXERR_MSG_MAX];
};

/* Record an error; returns -code so callers can write `return vxerr_set(...)`. */
int vxerr_set(struct vxerr *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix context to an already recorded message ("create vni 100: <old msg>"). */
int vxerr_prefix(struct vxerr *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void vxerr_clear(struct vxerr *err);

#endif
