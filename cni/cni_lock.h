/* cni_lock: one exclusive lock per VNI on this node, so concurrent ADD/DEL for the
 * same VNI (create VTEP, attach, detach, delete-when-last) are serialised. The lock
 * is a flock on <state dir>/vni-<N>.lock; the kernel releases it if we die.
 * State dir: $VXGW_CNI_STATE_DIR, default /run/vxgw/cni. */
#ifndef VXGW_CNI_LOCK_H
#define VXGW_CNI_LOCK_H

#include <stdint.h>

#include "cni_conf.h"

/* Returns an fd holding the lock, or -1 (CNI_ERR_TRY_AGAIN after timeout_ms). */
int cni_lock_vni(uint32_t vni, int timeout_ms, struct cni_err *e);
void cni_unlock(int fd);
const char *cni_state_dir(void);

#endif
