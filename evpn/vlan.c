#include "vlan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "link.h"
#include "rtnl_link.h"

static int names(const char *port, uint16_t vlan, char name[IFNAMSIZ], char alias[64],
		 struct vxerr *err)
{
	if (vlan < 1 || vlan > 4094)
		return vxerr_set(err, EINVAL, "VLAN %u out of range 1-4094", vlan);
	int n = snprintf(name, IFNAMSIZ, "%s.%u", port, vlan);
	if (n < 0 || n >= IFNAMSIZ)
		return vxerr_set(err, EINVAL, "VLAN interface name %s.%u exceeds %d characters", port,
				 vlan, IFNAMSIZ - 1);
	snprintf(alias, 64, "vxgw:vlan=%s", name);
	return 0;
}

int vlan_if_create(struct nl_conn *nl, const char *port, uint16_t vlan, char name[IFNAMSIZ],
		   struct vxerr *err)
{
	char alias[64];
	struct link_state parent, sub;
	bool found;
	int rc = names(port, vlan, name, alias, err);
	if (rc || (rc = link_by_name(nl, port, &parent, &found, err)))
		return rc;
	if (!found)
		return vxerr_set(err, ENODEV, "port %s does not exist", port);
	if ((rc = link_by_name(nl, name, &sub, &found, err)))
		return rc;
	if (found) {
		if (strcmp(sub.alias, alias) != 0)
			return vxerr_set(err, EEXIST, "%s exists and is not owned by vxgw; left untouched",
					 name);
		if (strcmp(sub.kind, "vlan") != 0 || sub.link != parent.ifindex)
			return vxerr_set(err, EEXIST, "%s is marked as vxgw's but is not VLAN %u of %s",
					 name, vlan, port);
		return 0;
	}
	rc = link_request(nl, rtnl_link_new_vlan(link_reqbuf(), name, parent.ifindex, vlan), err);
	if (rc == -EOPNOTSUPP || (rc && strstr(err->msg, "Unknown device type")))
		return vxerr_set(err, EOPNOTSUPP,
				 "cannot create %s: this kernel has no 802.1Q VLAN support (module "
				 "8021q); port+VLAN bindings need it",
				 name);
	if (rc)
		return vxerr_prefix(err, "create %s", name);
	if ((rc = link_by_name(nl, name, &sub, &found, err)) || !found) {
		if (!rc)
			rc = vxerr_set(err, ENODEV, "%s vanished after creation", name);
		return rc;
	}
	struct link_change mark = {.ifindex = sub.ifindex, .alias_set = true, .alias = alias,
				   .up_set = true, .up = true};
	if ((rc = link_request(nl, rtnl_link_change(link_reqbuf(), &mark), err))) {
		struct vxerr ignored;
		link_request(nl, rtnl_link_del(link_reqbuf(), sub.ifindex), &ignored);
		return vxerr_prefix(err, "mark %s (removed again)", name);
	}
	return 2;
}

int vlan_if_delete(struct nl_conn *nl, const char *port, uint16_t vlan, struct vxerr *err)
{
	char name[IFNAMSIZ], alias[64];
	struct link_state sub;
	bool found;
	int rc = names(port, vlan, name, alias, err);
	if (rc || (rc = link_by_name(nl, name, &sub, &found, err)))
		return rc;
	if (!found)
		return 0;
	if (strcmp(sub.alias, alias) != 0)
		return vxerr_set(err, EEXIST, "%s is not owned by vxgw; left untouched", name);
	rc = link_request(nl, rtnl_link_del(link_reqbuf(), sub.ifindex), err);
	return rc && rc != -ENODEV ? vxerr_prefix(err, "delete %s", name) : 1;
}
