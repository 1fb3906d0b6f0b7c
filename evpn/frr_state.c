#include "frr_state.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "vni.h"

#define FRR_JSON_MAX (16u << 20)

static json_t *load(const char *json, size_t len, const char *what, struct vxerr *err)
{
	if (len > FRR_JSON_MAX) {
		vxerr_set(err, EMSGSIZE, "FRR %s output larger than %u bytes", what, FRR_JSON_MAX);
		return NULL;
	}
	/* FRR prints nothing at all for some empty tables (`show evpn vni json`). */
	size_t i = 0;
	while (i < len && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t'))
		i++;
	if (i == len)
		return json_object();
	json_error_t jerr;
	json_t *j = json_loadb(json, len, 0, &jerr);
	if (!j) {
		vxerr_set(err, EBADMSG, "FRR %s output is not JSON: %s", what, jerr.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		vxerr_set(err, EBADMSG, "FRR %s output is not a JSON object", what);
		return NULL;
	}
	return j;
}

static bool get_uint(json_t *o, const char *key, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || (uint64_t)json_integer_value(v) > max)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static void copy_str(json_t *o, const char *key, char *dst, size_t sz)
{
	const char *s = json_string_value(json_object_get(o, key));
	dst[0] = '\0';
	if (s && strlen(s) < sz)
		strcpy(dst, s);
}

int frr_parse_peers(const char *json, size_t len, struct frr_peer_state *out, size_t max,
		    size_t *n, struct vxerr *err)
{
	*n = 0;
	json_t *root = load(json, len, "EVPN summary", err);
	if (!root)
		return -err->code;
	int rc = 0;
	json_t *peers = json_object_get(root, "peers");
	/* No peers configured: FRR prints {} (or omits "peers"). */
	if (peers && !json_is_object(peers)) {
		rc = vxerr_set(err, EBADMSG, "FRR EVPN summary: 'peers' is not an object");
		goto out;
	}
	const char *key;
	json_t *p;
	json_object_foreach(peers, key, p)
	{
		if (*n == max) {
			rc = vxerr_set(err, E2BIG, "FRR reports more than %zu EVPN peers", max);
			goto out;
		}
		if (!json_is_object(p) || strlen(key) >= sizeof(out->name)) {
			rc = vxerr_set(err, EBADMSG, "FRR EVPN summary: bad entry for peer '%.32s'", key);
			goto out;
		}
		struct frr_peer_state *s = &out[*n];
		memset(s, 0, sizeof(*s));
		strcpy(s->name, key);
		ipaddr_parse_any(key, &s->address);
		copy_str(p, "hostname", s->hostname, sizeof(s->hostname));
		copy_str(p, "state", s->state, sizeof(s->state));
		if (!s->state[0]) {
			rc = vxerr_set(err, EBADMSG, "FRR EVPN summary: peer '%s' has no state", key);
			goto out;
		}
		s->established = strcmp(s->state, "Established") == 0;
		s->dynamic = json_is_true(json_object_get(p, "dynamicPeer"));
		uint64_t v;
		if (get_uint(p, "remoteAs", UINT32_MAX, &v))
			s->remote_as = (uint32_t)v;
		if (get_uint(p, "peerUptimeMsec", UINT64_MAX >> 1, &v))
			s->uptime_ms = v;
		if (get_uint(p, "pfxRcd", UINT32_MAX, &v))
			s->prefixes_received = (uint32_t)v;
		(*n)++;
	}
out:
	json_decref(root);
	return rc;
}

static int cmp_vni(const void *a, const void *b)
{
	uint32_t x = ((const struct frr_vni_state *)a)->vni, y = ((const struct frr_vni_state *)b)->vni;
	return (x > y) - (x < y);
}

int frr_parse_vnis(const char *json, size_t len, struct frr_vni_state *out, size_t max,
		   size_t *n, struct vxerr *err)
{
	*n = 0;
	json_t *root = load(json, len, "VNI", err);
	if (!root)
		return -err->code;
	int rc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v)
	{
		uint64_t vni, macs = 0;
		if (!json_is_object(v) || !get_uint(v, "vni", VNI_MAX, &vni) || !vni_valid((uint32_t)vni)) {
			rc = vxerr_set(err, EBADMSG, "FRR VNI output: entry '%.16s' lacks a valid 'vni'",
				       key);
			goto out;
		}
		if (*n == max) {
			rc = vxerr_set(err, E2BIG, "FRR reports more than %zu VNIs", max);
			goto out;
		}
		struct frr_vni_state *s = &out[*n];
		memset(s, 0, sizeof(*s));
		s->vni = (uint32_t)vni;
		copy_str(v, "vxlanIf", s->vxlan_if, sizeof(s->vxlan_if));
		get_uint(v, "numMacs", UINT32_MAX, &macs);
		s->macs = (uint32_t)macs;
		/* The list is in remoteVteps (all-VNI output) or numRemoteVteps (one VNI). */
		json_t *list = json_object_get(v, "remoteVteps");
		if (!json_is_array(list))
			list = json_object_get(v, "numRemoteVteps");
		size_t i;
		json_t *a;
		json_array_foreach(list, i, a)
		{
			if (s->nremote_vteps == FRR_MAX_VTEPS) {
				rc = vxerr_set(err, E2BIG, "VNI %u: more than %d remote VTEPs", s->vni,
					       FRR_MAX_VTEPS);
				goto out;
			}
			if (!ipaddr_parse_any(json_string_value(a), &s->remote_vtep[s->nremote_vteps])) {
				rc = vxerr_set(err, EBADMSG, "VNI %u: remote VTEP entry is not an address",
					       s->vni);
				goto out;
			}
			s->nremote_vteps++;
		}
		(*n)++;
	}
	qsort(out, *n, sizeof(*out), cmp_vni);
out:
	json_decref(root);
	return rc;
}

int frr_parse_macs(const char *json, size_t len, struct frr_vni_state *vnis, size_t n,
		   struct vxerr *err)
{
	json_t *root = load(json, len, "MAC", err);
	if (!root)
		return -err->code;
	int rc = 0;
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v)
	{
		char *end;
		unsigned long vni = strtoul(key, &end, 10);
		json_t *macs = json_object_get(v, "macs");
		if (*end || !vni_valid((uint32_t)vni) || vni > VNI_MAX || !json_is_object(v) ||
		    (macs && !json_is_object(macs))) {
			rc = vxerr_set(err, EBADMSG, "FRR MAC output: bad entry '%.16s'", key);
			goto out;
		}
		struct frr_vni_state *s = NULL;
		for (size_t i = 0; i < n; i++)
			if (vnis[i].vni == vni)
				s = &vnis[i];
		if (!s)
			continue; /* appeared between the two reads */
		s->local_macs = s->remote_macs = 0;
		const char *mac;
		json_t *m;
		json_object_foreach(macs, mac, m)
		{
			const char *type = json_string_value(json_object_get(m, "type"));
			if (type && strcmp(type, "local") == 0)
				s->local_macs++;
			else if (type && strcmp(type, "remote") == 0)
				s->remote_macs++;
		}
	}
out:
	json_decref(root);
	return rc;
}
