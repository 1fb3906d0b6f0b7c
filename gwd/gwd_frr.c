#include "gwd_frr.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../evpn/frr_conf.h"
#include "../evpn/frr_ctl.h"
#include "gwd_edit.h"

#define FRR_TIMEOUT_MS 30000

int gwd_frr_render(const struct gwd_config *cfg, const char *hostname, char **text,
		   struct vxerr *err)
{
	static struct frr_conf c; /* large; gwd is single-threaded */
	memset(&c, 0, sizeof(c));
	c.role = FRR_ROLE_GATEWAY;
	size_t h = 0;
	for (const char *p = hostname; *p && *p != '.' && h < sizeof(c.hostname) - 1; p++)
		c.hostname[h++] = isalnum((unsigned char)*p) || *p == '-' ? *p : '-';
	if (!h)
		strcpy(c.hostname, "vxgw");
	c.asn = cfg->asn;
	c.agentx = cfg->snmp_enabled && cfg->frr_agentx;
	c.router_id = cfg->router_id;
	for (size_t i = 0; i < cfg->nrr && i < FRR_MAX_PEERS; i++)
		c.rr[c.nrr++] = cfg->rr[i];
	for (size_t i = 0; i < cfg->npeers && i < FRR_MAX_PEERS; i++) {
		struct frr_peer *p = &c.peer[c.npeers++];
		p->address = cfg->peer[i].address;
		p->asn = cfg->peer[i].asn;
		p->multihop = cfg->peer[i].multihop;
		if (cfg->peer[i].password_file[0]) {
			int rc = frr_password_read(cfg->peer[i].password_file, p->password, err);
			if (rc)
				return vxerr_prefix(err, "bgp.peers[%zu]", i);
		}
	}
	size_t size = 16384 + cfg->nsegments * 128;
	char *buf = malloc(size);
	if (!buf)
		return vxerr_set(err, ENOMEM, "out of memory rendering the FRR configuration");
	int rc = frr_conf_render(&c, buf, size, err);
	memset(&c, 0, sizeof(c)); /* no passwords left lying around */
	if (rc) {
		free(buf);
		return vxerr_prefix(err, "FRR configuration");
	}
	*text = buf;
	return 0;
}

enum gwd_frr_result gwd_frr_deliver(const char *pathspace, const char *conf_path, const char *text,
				    struct vxerr *err)
{
	char *out = NULL;
	size_t len;
	int rc = frr_show(pathspace, "show version", 5000, &out, &len, err);
	free(out);
	if (rc)
		return GWD_FRR_UNREACHABLE;
	/* frr.conf holds the BGP keys: a new file is 0600, an existing one keeps FRR's
	 * owner and mode. */
	if (gwd_config_write_atomic(conf_path, text, err))
		return GWD_FRR_FAILED;
	bool changed = false;
	if (frr_apply(pathspace, conf_path, FRR_TIMEOUT_MS, &changed, err))
		return GWD_FRR_FAILED;
	return changed ? GWD_FRR_APPLIED : GWD_FRR_UNCHANGED;
}
