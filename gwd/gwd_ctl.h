/* gwd_ctl: the control-socket protocol between gwctl and gwd. One request per
 * connection: a JSON object on one line, answered by one JSON object
 * ({"ok": true, ...} or {"ok": false, "error": "...", "errors": [...]}).
 *
 *   {"cmd":"status"}
 *   {"cmd":"show","what":"vnis"|"ports"|"peers"|"macs"[,"vni":N]}
 *   {"cmd":"plan"}
 *   {"cmd":"bind","port":"eth1","vni":100[,"vlan":10]}
 *   {"cmd":"unbind","port":"eth1" | "eth2.10"}
 *   {"cmd":"reload"}
 *
 * Requests are untrusted input: gwd_ctl_parse checks every key, type and range
 * (unknown keys are errors) and says precisely what is wrong. */
#ifndef VXGW_GWD_CTL_H
#define VXGW_GWD_CTL_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "../evpn/vxerr.h"

#define GWD_CTL_MAX_REQUEST 4096

enum gwd_cmd { GWD_CMD_STATUS, GWD_CMD_SHOW, GWD_CMD_PLAN, GWD_CMD_BIND, GWD_CMD_UNBIND, GWD_CMD_RELOAD };
enum gwd_show { GWD_SHOW_VNIS, GWD_SHOW_PORTS, GWD_SHOW_PEERS, GWD_SHOW_MACS };

struct gwd_request {
	enum gwd_cmd cmd;
	enum gwd_show what;
	uint32_t vni;   /* show (0 = all), bind */
	char port[IFNAMSIZ]; /* bind: the port; unbind: the bound interface (eth1, eth2.10) */
	uint16_t vlan;  /* bind: 0 = whole port */
};

int gwd_ctl_parse(const char *text, size_t len, struct gwd_request *req, struct vxerr *err);
/* Port and interface names as the kernel accepts them: 1-15 bytes, no '/', ':' or
 * whitespace, not "." or "..". */
int gwd_ifname_check(const char *name, const char *what, struct vxerr *err);
const char *gwd_cmd_name(enum gwd_cmd cmd);

#endif
