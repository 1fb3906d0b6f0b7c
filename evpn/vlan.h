/* vlan: 802.1Q sub-interfaces for port+VLAN bindings ("eth2.10"), owned and marked
 * like every vxgw device (ifalias "vxgw:vlan=<port>.<vid>"). Create is idempotent
 * (adopts our own), refuses foreign devices with the name, and on a kernel without
 * 802.1Q support fails with a message that says so. Delete touches only our own. */
#ifndef VXGW_VLAN_H
#define VXGW_VLAN_H

#include <net/if.h>
#include <stdint.h>

#include "nl.h"
#include "vxerr.h"

/* Returns changes made (0 when it already existed as ours) or -errno; name gets the
 * sub-interface name. */
int vlan_if_create(struct nl_conn *nl, const char *port, uint16_t vlan, char name[IFNAMSIZ],
		   struct vxerr *err);
int vlan_if_delete(struct nl_conn *nl, const char *port, uint16_t vlan, struct vxerr *err);

#endif
