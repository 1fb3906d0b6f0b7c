#include "gwd_ctl.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <jansson.h>

#include "../evpn/vni.h"

static const char *const cmd_names[] = {[GWD_CMD_STATUS] = "status", [GWD_CMD_SHOW] = "show",
					[GWD_CMD_PLAN] = "plan",     [GWD_CMD_BIND] = "bind",
					[GWD_CMD_UNBIND] = "unbind", [GWD_CMD_RELOAD] = "reload"};
static const char *const show_names[] = {[GWD_SHOW_VNIS] = "vnis", [GWD_SHOW_PORTS] = "ports",
					 [GWD_SHOW_PEERS] = "peers", [GWD_SHOW_MACS] = "macs"};

const char *gwd_cmd_name(enum gwd_cmd cmd)
{
	return (unsigned)cmd <= GWD_CMD_RELOAD ? cmd_names[cmd] : "?";
}

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), 0 if there is none. */
static size_t utf8_seq(const unsigned char *s)
{
	unsigned c = s[0], cp;
	size_t n;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Error messages quote request text cut to a byte count ('%.32s', the vxerr buffer,
 * jansson's "near '...'"), which can split a multi-byte character; gwd sends the
 * message back as a JSON string, which must be valid UTF-8 (json_pack fails on it
 * and the client would get no answer at all). Replace every invalid byte with '?'. */
static void utf8_sanitize(char *msg)
{
	unsigned char *s = (unsigned char *)msg;
	while (*s) {
		size_t n = utf8_seq(s);
		if (n == 0) {
			*s = '?';
			n = 1;
		}
		s += n;
	}
}

int gwd_ifname_check(const char *name, const char *what, struct vxerr *err)
{
	size_t n = strlen(name);
	if (n == 0 || n >= IFNAMSIZ)
		return vxerr_set(err, EINVAL, "%s '%.32s' must be 1-%d characters", what, name,
				 IFNAMSIZ - 1);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return vxerr_set(err, EINVAL, "%s '%s' is not a valid interface name", what, name);
	for (size_t i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == ':' || !isgraph((unsigned char)name[i]))
			return vxerr_set(err, EINVAL,
					 "%s '%s' contains '/', ':', a space or a control character",
					 what, name);
	return 0;
}

static int allowed_keys(json_t *o, const char *const keys[], const char *cmd, struct vxerr *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		bool ok = false;
		for (size_t i = 0; keys[i] && !ok; i++)
			ok = strcmp(keys[i], k) == 0;
		if (!ok)
			return vxerr_set(err, EINVAL, "%s: unknown key '%.40s'", cmd, k);
	}
	return 0;
}

static int get_vni(json_t *o, bool required, uint32_t *vni, struct vxerr *err)
{
	json_t *v = json_object_get(o, "vni");
	if (!v)
		return required ? vxerr_set(err, EINVAL, "vni: required") : 0;
	if (!json_is_integer(v) || json_integer_value(v) < VNI_MIN || json_integer_value(v) > VNI_MAX)
		return vxerr_set(err, EINVAL, "vni: must be an integer %u-%u", VNI_MIN, VNI_MAX);
	*vni = (uint32_t)json_integer_value(v);
	return 0;
}

static int get_port(json_t *o, char out[IFNAMSIZ], struct vxerr *err)
{
	json_t *v = json_object_get(o, "port");
	if (!json_is_string(v))
		return vxerr_set(err, EINVAL, "port: required, a string");
	const char *s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return vxerr_set(err, EINVAL, "port: contains a NUL byte");
	int rc = gwd_ifname_check(s, "port", err);
	if (rc)
		return rc;
	strcpy(out, s);
	return 0;
}

int gwd_ctl_parse(const char *text, size_t len, struct gwd_request *req, struct vxerr *err)
{
	memset(req, 0, sizeof(*req));
	if (len > GWD_CTL_MAX_REQUEST)
		return vxerr_set(err, E2BIG, "request larger than %d bytes", GWD_CTL_MAX_REQUEST);
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o) {
		int rc = vxerr_set(err, EINVAL, "request is not valid JSON: %s", je.text);
		if (err)
			utf8_sanitize(err->msg);
		return rc;
	}
	int rc = 0;
	json_t *cmd = json_object_get(o, "cmd");
	if (!json_is_object(o)) {
		rc = vxerr_set(err, EINVAL, "request must be a JSON object");
		goto out;
	}
	if (!json_is_string(cmd)) {
		rc = vxerr_set(err, EINVAL, "cmd: required, a string");
		goto out;
	}
	const char *c = json_string_value(cmd);
	int found = -1;
	for (int i = 0; i <= GWD_CMD_RELOAD; i++)
		if (strcmp(c, cmd_names[i]) == 0)
			found = i;
	if (found < 0) {
		rc = vxerr_set(err, EINVAL,
			       "cmd: '%.32s' is not status, show, plan, bind, unbind or reload", c);
		goto out;
	}
	req->cmd = (enum gwd_cmd)found;
	switch (req->cmd) {
	case GWD_CMD_STATUS:
	case GWD_CMD_PLAN:
	case GWD_CMD_RELOAD: {
		static const char *const keys[] = {"cmd", NULL};
		rc = allowed_keys(o, keys, c, err);
		break;
	}
	case GWD_CMD_SHOW: {
		static const char *const keys[] = {"cmd", "what", "vni", NULL};
		if ((rc = allowed_keys(o, keys, c, err)))
			break;
		json_t *w = json_object_get(o, "what");
		found = -1;
		for (int i = 0; json_is_string(w) && i <= GWD_SHOW_MACS; i++)
			if (strcmp(json_string_value(w), show_names[i]) == 0)
				found = i;
		if (found < 0) {
			rc = vxerr_set(err, EINVAL, "what: must be vnis, ports, peers or macs");
			break;
		}
		req->what = (enum gwd_show)found;
		rc = get_vni(o, false, &req->vni, err);
		break;
	}
	case GWD_CMD_BIND: {
		static const char *const keys[] = {"cmd", "port", "vni", "vlan", NULL};
		if ((rc = allowed_keys(o, keys, c, err)) || (rc = get_port(o, req->port, err)) ||
		    (rc = get_vni(o, true, &req->vni, err)))
			break;
		json_t *v = json_object_get(o, "vlan");
		if (v && (!json_is_integer(v) || json_integer_value(v) < 1 ||
			  json_integer_value(v) > 4094)) {
			rc = vxerr_set(err, EINVAL, "vlan: must be an integer 1-4094");
			break;
		}
		req->vlan = v ? (uint16_t)json_integer_value(v) : 0;
		break;
	}
	case GWD_CMD_UNBIND: {
		static const char *const keys[] = {"cmd", "port", NULL};
		if (!(rc = allowed_keys(o, keys, c, err)))
			rc = get_port(o, req->port, err);
		break;
	}
	}
out:
	json_decref(o);
	if (rc) {
		/* A refused request leaves nothing behind (no half-filled port or vni). */
		memset(req, 0, sizeof(*req));
		if (err)
			utf8_sanitize(err->msg);
	}
	return rc;
}
