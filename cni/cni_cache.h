/* cni_cache: the last ADD result per attachment, kept in
 * <state dir>/results/<network>/<containerID>-<ifname>.json (written via temp file +
 * rename, so a reader never sees half a file). A repeated ADD of an intact attachment
 * returns it instead of allocating again; DEL and GC remove it. */
#ifndef VXGW_CNI_CACHE_H
#define VXGW_CNI_CACHE_H

#include <jansson.h>

#include "cni_conf.h"

int cni_cache_store(const char *net, const char *cid, const char *ifname, json_t *result,
		    struct cni_err *e);
/* NULL when absent or unreadable (a broken cache entry is treated as absent). */
json_t *cni_cache_load(const char *net, const char *cid, const char *ifname);
void cni_cache_drop(const char *net, const char *cid, const char *ifname);
/* GC: drop every entry of net not named by valid ([{containerID, ifname}, ...]). */
void cni_cache_prune(const char *net, json_t *valid);

#endif
