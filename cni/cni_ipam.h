/* cni_ipam: run a delegated plugin (IPAM) the way a runtime would: find `type` in
 * CNI_PATH, pass the same environment with CNI_COMMAND set to cmd and the network
 * config on stdin, read its result or CNI error from stdout. A delegate error keeps
 * its own code; a missing, hung (timeout) or garbled delegate is CNI_ERR_IPAM.
 * The delegate's VERSION is asked first and the config handed over at the highest
 * version both sides speak (never above the config's own). */
#ifndef VXGW_CNI_IPAM_H
#define VXGW_CNI_IPAM_H

#include <jansson.h>

#include "cni_conf.h"

/* *out receives the parsed stdout JSON (NULL when the delegate printed nothing). */
int cni_delegate(const char *type, const char *cmd, const char *cni_path, json_t *config,
		 int timeout_ms, json_t **out, struct cni_err *e);
/* Full path of plugin `type` in CNI_PATH; -1 with e set when not found. */
int cni_find_plugin(const char *type, const char *cni_path, char *out, size_t outsz,
		    struct cni_err *e);

#endif
