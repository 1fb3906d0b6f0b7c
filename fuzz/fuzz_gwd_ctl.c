/* libFuzzer target: gwd_ctl_parse on arbitrary request bytes, and gwd_vlan_mark_parse
 * on the same bytes as a string. Invariants: an accepted request is in range (known
 * cmd and what, vni 0..VNI_MAX and nonzero for bind, vlan 0..4094 and only for bind,
 * port NUL-terminated, a valid interface name for bind/unbind and empty otherwise);
 * a refusal says why (code, -code returned, a non-empty message that is valid UTF-8,
 * since gwd sends it back as a JSON string) and leaves the request zeroed; an
 * accepted mark prints back to exactly the input. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/vni.h"
#include "../gwd/gwd_ctl.h"
#include "../gwd/gwd_node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_request(const struct gwd_request *r)
{
	if ((unsigned)r->cmd > GWD_CMD_RELOAD || (unsigned)r->what > GWD_SHOW_MACS)
		abort();
	if (r->vni > VNI_MAX || r->vlan > 4094)
		abort();
	if (memchr(r->port, '\0', sizeof(r->port)) == NULL)
		abort();
	struct vxerr err = {0};
	switch (r->cmd) {
	case GWD_CMD_BIND:
		if (r->vni == 0 || gwd_ifname_check(r->port, "port", &err) != 0)
			abort();
		break;
	case GWD_CMD_UNBIND:
		if (r->vni != 0 || r->vlan != 0 || gwd_ifname_check(r->port, "port", &err) != 0)
			abort();
		break;
	case GWD_CMD_SHOW:
		if (r->port[0] || r->vlan)
			abort();
		break;
	case GWD_CMD_STATUS:
	case GWD_CMD_PLAN:
	case GWD_CMD_RELOAD:
		if (r->port[0] || r->vlan || r->vni || r->what)
			abort();
		break;
	}
	if (strcmp(gwd_cmd_name(r->cmd), "?") == 0)
		abort();
}

static void check_refusal(int rc, const struct gwd_request *r, const struct vxerr *err)
{
	static const struct gwd_request zero;
	if (rc >= 0 || err->code != -rc || !err->msg[0] || memcmp(r, &zero, sizeof(*r)) != 0)
		abort();
	json_t *s = json_string(err->msg);
	if (!s)
		abort();
	json_decref(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2 * GWD_CTL_MAX_REQUEST)
		return 0;
	struct gwd_request r;
	memset(&r, 0x5a, sizeof(r));
	struct vxerr err = {0};
	int rc = gwd_ctl_parse((const char *)data, size, &r, &err);
	if (rc == 0) {
		if (size > GWD_CTL_MAX_REQUEST || err.code != 0)
			abort();
		check_request(&r);
	} else {
		check_refusal(rc, &r, &err);
	}

	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	char port[IFNAMSIZ], back[64];
	uint16_t vlan = 0;
	memset(port, 0x5a, sizeof(port));
	if (gwd_vlan_mark_parse(s, port, &vlan)) {
		if (memchr(port, '\0', sizeof(port)) == NULL || vlan < 1 || vlan > 4094)
			abort();
		if (gwd_ifname_check(port, "port", &err) != 0)
			abort();
		int n = snprintf(back, sizeof(back), "vxgw:vlan=%s.%u", port, vlan);
		if (n < 0 || (size_t)n >= sizeof(back) || strcmp(back, s) != 0)
			abort();
	}
	free(s);
	return 0;
}
