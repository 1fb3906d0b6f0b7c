/* gwd_frr: the gateway's FRR configuration, derived from gwd's config (role gateway:
 * iBGP to the route reflectors, EVPN peers on physical routers), and its delivery.
 *
 * Rendering reads the password files (they are inputs too: 1-80 printable characters,
 * no spaces) and fails, changing nothing, on any problem, so a config whose FRR part
 * is wrong is rejected before gwd touches the kernel. Delivery writes the text to the
 * FRR config file atomically and reloads FRR with frr-reload (a no-op when FRR already
 * runs exactly this). FRR not running is told apart from FRR refusing the config:
 * the first is "pending" (gwd retries), the second fails the transaction. */
#ifndef VXGW_GWD_FRR_H
#define VXGW_GWD_FRR_H

#include <stdbool.h>

#include "../evpn/vxerr.h"
#include "gwd_config.h"

/* *text is malloc'd. hostname: FRR's hostname line (sanitised here). */
int gwd_frr_render(const struct gwd_config *cfg, const char *hostname, char **text,
		   struct vxerr *err);

enum gwd_frr_result { GWD_FRR_APPLIED, GWD_FRR_UNCHANGED, GWD_FRR_UNREACHABLE, GWD_FRR_FAILED };

/* pathspace "" = default instance. */
enum gwd_frr_result gwd_frr_deliver(const char *pathspace, const char *conf_path, const char *text,
				    struct vxerr *err);

#endif
