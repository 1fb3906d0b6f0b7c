/* libFuzzer target: gwd_edit's bind/unbind on arbitrary config text (fixed arguments,
 * chosen to hit the example config: a new port, a move, a VLAN unbind, a whole-port
 * unbind). Invariants: a result exists exactly when the call succeeds; every result
 * loads with gwd_config_parse and shows the edit; a failure always says why. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../gwd/gwd_config.h"
#include "../gwd/gwd_edit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct gwd_config *must_parse(const char *out)
{
	struct gwd_config *c;
	struct gwd_config_errors e;
	if (gwd_config_parse(out, strlen(out), &c, &e) != 0)
		abort();
	gwd_config_errors_free(&e);
	return c;
}

/* How many times port+vlan is bound, and whether in segment vni. */
static size_t count(const struct gwd_config *c, const char *port, uint16_t vlan, uint32_t vni,
		    bool *in_vni)
{
	size_t n = 0;
	*in_vni = false;
	for (size_t i = 0; i < c->nsegments; i++)
		for (size_t k = 0; k < c->segments[i].nports; k++)
			if (c->segments[i].ports[k].vlan == vlan &&
			    strcmp(c->segments[i].ports[k].name, port) == 0) {
				n++;
				*in_vni |= c->segments[i].vni == vni;
			}
	return n;
}

static void check_failure(int rc, const char *out, const struct vxerr *err)
{
	if (rc >= 0 || out || err->code != -rc || !err->msg[0])
		abort();
}

static void try_bind(const char *text, size_t len, const char *port, uint16_t vlan, uint32_t vni)
{
	char *out = (char *)1;
	bool changed = true, in_vni;
	struct vxerr err = {0};
	int rc = gwd_edit_bind(text, len, port, vlan, vni, &out, &changed, &err);
	if (rc) {
		check_failure(rc, out, &err);
		if (changed)
			abort();
		return;
	}
	if (!out)
		abort();
	struct gwd_config *c = must_parse(out);
	if (count(c, port, vlan, vni, &in_vni) != 1 || !in_vni)
		abort();
	if (!changed && (strlen(out) != len || memcmp(out, text, len) != 0))
		abort();
	gwd_config_free(c);
	free(out);
}

static void try_unbind(const char *text, size_t len, const char *ifname, const char *port,
		   uint16_t vlan)
{
	char *out = (char *)1;
	uint32_t vni = 1;
	bool in_vni;
	struct vxerr err = {0};
	int rc = gwd_edit_unbind(text, len, ifname, &out, &vni, &err);
	if (rc) {
		check_failure(rc, out, &err);
		if (vni != 0)
			abort();
		return;
	}
	if (!out || vni == 0)
		abort();
	struct gwd_config *c = must_parse(out);
	if (count(c, port, vlan, vni, &in_vni) != 0)
		abort();
	/* The segment it left is still there. */
	bool seg = false;
	for (size_t i = 0; i < c->nsegments; i++)
		seg |= c->segments[i].vni == vni;
	if (!seg)
		abort();
	gwd_config_free(c);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	const char *text = (const char *)data;
	try_bind(text, size, "eth3", 0, 100);
	try_bind(text, size, "eth2", 10, 200);
	try_bind(text, size, "eth1", 0, 100);
	try_unbind(text, size, "eth2.10", "eth2", 10);
	try_unbind(text, size, "eth1", "eth1", 0);
	return 0;
}
