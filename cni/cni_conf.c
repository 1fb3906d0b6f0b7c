#include "cni_conf.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../evpn/vni.h"
#include "../evpn/vtep.h"

const char *const cni_supported_versions[] = {"0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0", NULL};

int cni_fail(struct cni_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int cni_fail_vx(struct cni_err *e, int code, const struct vxerr *vx)
{
	return cni_fail(e, code, "%s", vx->msg);
}

static int version_parts(const char *v, int part[3])
{
	return sscanf(v, "%d.%d.%d", &part[0], &part[1], &part[2]) == 3 ? 0 : -1;
}

int cni_version_cmp(const char *a, const char *b)
{
	int x[3] = {-1, -1, -1}, y[3] = {-1, -1, -1};
	version_parts(a, x);
	version_parts(b, y);
	for (int i = 0; i < 3; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

bool cni_version_supported(const char *v)
{
	for (int i = 0; cni_supported_versions[i]; i++)
		if (strcmp(v, cni_supported_versions[i]) == 0)
			return true;
	return false;
}

/* ---- environment ---------------------------------------------------------- */

bool cni_ifname_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n >= IFNAMSIZ || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == ':' || isspace((unsigned char)s[i]) || !isprint((unsigned char)s[i]))
			return false;
	return true;
}

/* Spec: alphanumeric first, then alphanumerics, '_', '.', '-'. */
static bool containerid_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 256 || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

int cni_env_parse(cni_getenv_fn get, struct cni_env *env, struct cni_err *e)
{
	static const struct {
		const char *name;
		enum cni_cmd cmd;
	} cmds[] = {{"ADD", CMD_ADD},	    {"DEL", CMD_DEL},	    {"CHECK", CMD_CHECK},
		    {"VERSION", CMD_VERSION}, {"STATUS", CMD_STATUS}, {"GC", CMD_GC}};
	memset(env, 0, sizeof(*env));
	env->command = get("CNI_COMMAND");
	if (!env->command || !*env->command)
		return cni_fail(e, CNI_ERR_ENV, "CNI_COMMAND is not set");
	size_t i;
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(env->command, cmds[i].name) == 0)
			break;
	if (i == sizeof(cmds) / sizeof(cmds[0]))
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_COMMAND '%.32s' is not one of ADD, DEL, CHECK, VERSION, STATUS, GC",
				env->command);
	env->cmd = cmds[i].cmd;
	env->containerid = get("CNI_CONTAINERID");
	env->netns = get("CNI_NETNS");
	env->ifname = get("CNI_IFNAME");
	env->args = get("CNI_ARGS");
	env->path = get("CNI_PATH");
	if (env->netns && !*env->netns)
		env->netns = NULL;
	if (env->cmd != CMD_ADD && env->cmd != CMD_DEL && env->cmd != CMD_CHECK)
		return 0;
	if (!env->containerid || !*env->containerid)
		return cni_fail(e, CNI_ERR_ENV, "CNI_CONTAINERID is not set");
	if (!containerid_valid(env->containerid))
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_CONTAINERID '%.64s' must start with a letter or digit and "
				"contain only letters, digits, '_', '.', '-' (at most 256)",
				env->containerid);
	if (!env->ifname || !*env->ifname)
		return cni_fail(e, CNI_ERR_ENV, "CNI_IFNAME is not set");
	if (!cni_ifname_valid(env->ifname))
		return cni_fail(e, CNI_ERR_ENV,
				"CNI_IFNAME '%.32s' is not a valid interface name (1-15 printable "
				"characters, no '/', ':' or spaces)",
				env->ifname);
	if (env->cmd != CMD_DEL && !env->netns)
		return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS is not set (required for %s)",
				env->command);
	if (env->netns && env->netns[0] != '/')
		return cni_fail(e, CNI_ERR_ENV, "CNI_NETNS '%.64s' is not an absolute path",
				env->netns);
	return 0;
}

/* ---- CNI_ARGS ----------------------------------------------------------------- */

bool cni_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	if (!s || strlen(s) != 17 ||
	    sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &tail) != 6)
		return false;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]) ||
		    (i < 5 && s[i * 3 + 2] != ':'))
			return false;
		mac[i] = (uint8_t)v[i];
	}
	if (mac[0] & 1)
		return false; /* multicast/broadcast */
	return mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5];
}

static int parse_cni_args(const char *args, struct cni_conf *c, struct cni_err *e)
{
	static const char *const known[] = {"K8S_POD_NAMESPACE", "K8S_POD_NAME",
					    "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID",
					    "IgnoreUnknown", "MAC", NULL};
	if (!args || !*args)
		return 0;
	if (strlen(args) > 4096)
		return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS longer than 4096 bytes");
	char buf[4097];
	strcpy(buf, args);
	bool ignore_unknown = false;
	char unknown[64] = "";
	char *save = NULL;
	for (char *kv = strtok_r(buf, ";", &save); kv; kv = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq || eq == kv)
			return cni_fail(e, CNI_ERR_ENV, "CNI_ARGS entry '%.64s' is not KEY=VALUE", kv);
		*eq = '\0';
		const char *val = eq + 1;
		if (strcmp(kv, "IgnoreUnknown") == 0) {
			ignore_unknown = strcmp(val, "1") == 0 || strcasecmp(val, "true") == 0;
		} else if (strcmp(kv, "MAC") == 0) {
			if (!cni_parse_mac(val, c->mac))
				return cni_fail(e, CNI_ERR_ENV,
						"CNI_ARGS MAC '%.32s' is not a unicast MAC address "
						"(aa:bb:cc:dd:ee:ff)",
						val);
			c->mac_set = true;
		} else {
			bool is_known = false;
			for (int i = 0; known[i]; i++)
				is_known |= strcmp(kv, known[i]) == 0;
			if (!is_known && !unknown[0])
				snprintf(unknown, sizeof(unknown), "%s", kv);
		}
	}
	if (unknown[0] && !ignore_unknown)
		return cni_fail(e, CNI_ERR_UNSUPPORTED_FIELD,
				"CNI_ARGS key '%s' is not supported (set IgnoreUnknown=1 to ignore it)",
				unknown);
	return 0;
}

/* ---- network config --------------------------------------------------------- */

static int get_uint(json_t *root, const char *key, uint64_t min, uint64_t max, uint64_t *out,
		    struct cni_err *e)
{
	json_t *v = json_object_get(root, key);
	if (!v)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) < min || (uint64_t)json_integer_value(v) > max)
		return cni_fail(e, CNI_ERR_CONFIG, "'%s' must be an integer in %llu-%llu", key,
				(unsigned long long)min, (unsigned long long)max);
	*out = (uint64_t)json_integer_value(v);
	return 1;
}

static bool name_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("_.-", s[i]))
			return false;
	return true;
}

static int parse_vtep(json_t *root, struct cni_conf *c, struct cni_err *e)
{
	json_t *vtep = json_object_get(root, "vtep");
	json_t *master = json_object_get(root, "master"); /* Megalos: underlay device */
	if (vtep && master)
		return cni_fail(e, CNI_ERR_CONFIG, "give either 'vtep' or 'master', not both");
	const char *ifname = NULL, *addr = NULL;
	if (master) {
		if (!json_is_string(master))
			return cni_fail(e, CNI_ERR_CONFIG, "'master' must be an interface name");
		ifname = json_string_value(master);
	}
	if (vtep) {
		const char *key;
		json_t *v;
		if (!json_is_object(vtep))
			return cni_fail(e, CNI_ERR_CONFIG,
					"'vtep' must be an object: {\"interface\": \"eth1\"} or "
					"{\"address\": \"10.0.0.2\"}");
		json_object_foreach(vtep, key, v)
		{
			if (strcmp(key, "interface") && strcmp(key, "address"))
				return cni_fail(e, CNI_ERR_UNSUPPORTED_FIELD,
						"unsupported key 'vtep.%.32s'", key);
			if (!json_is_string(v))
				return cni_fail(e, CNI_ERR_CONFIG, "'vtep.%s' must be a string", key);
		}
		ifname = json_string_value(json_object_get(vtep, "interface"));
		addr = json_string_value(json_object_get(vtep, "address"));
		if ((ifname != NULL) == (addr != NULL))
			return cni_fail(e, CNI_ERR_CONFIG,
					"'vtep' needs exactly one of 'interface' or 'address'");
	}
	if (ifname) {
		if (!cni_ifname_valid(ifname))
			return cni_fail(e, CNI_ERR_CONFIG, "VTEP interface '%.32s' is not a valid "
							   "interface name", ifname);
		strcpy(c->vtep_ifname, ifname);
	}
	if (addr) {
		struct vxerr vx;
		if (ipaddr_parse_vtep(addr, &c->vtep_addr, &vx))
			return cni_fail(e, CNI_ERR_CONFIG, "vtep.address: %s", vx.msg);
	}
	return 0;
}

static int parse_attachments(json_t *root, struct cni_conf *c, struct cni_err *e)
{
	json_t *va = json_object_get(root, "cni.dev/valid-attachments");
	if (!va) /* absent must not read as "nothing is valid": that would remove everything */
		return cni_fail(e, CNI_ERR_CONFIG, "GC needs 'cni.dev/valid-attachments'");
	size_t i;
	json_t *a;
	if (!json_is_array(va))
		return cni_fail(e, CNI_ERR_CONFIG, "'cni.dev/valid-attachments' must be an array");
	json_array_foreach(va, i, a)
	{
		if (!json_is_object(a) || !json_is_string(json_object_get(a, "containerID")) ||
		    !json_is_string(json_object_get(a, "ifname")))
			return cni_fail(e, CNI_ERR_CONFIG,
					"'cni.dev/valid-attachments[%zu]' needs string containerID "
					"and ifname",
					i);
	}
	c->valid_attachments = va;
	return 0;
}

static int parse_config(json_t *root, const struct cni_env *env, struct cni_conf *c,
			struct cni_err *e)
{
	static const char *const allowed[] = {
		"cniVersion", "cniVersions", "name",	    "type",	    "vni",	  "vxlanId",
		"vtep",	      "master",	     "suffix",	    "port",	    "mtu",	  "ipam",
		"dns",	      "args",	     "runtimeConfig", "prevResult", "capabilities",
		"cni.dev/valid-attachments", NULL};
	const char *key;
	json_t *v;
	if (!json_is_object(root))
		return cni_fail(e, CNI_ERR_DECODE, "network config is not a JSON object");
	json_t *ver = json_object_get(root, "cniVersion");
	if (!json_is_string(ver))
		return cni_fail(e, CNI_ERR_CONFIG, "'cniVersion' missing or not a string");
	if (!cni_version_supported(json_string_value(ver)))
		return cni_fail(e, CNI_ERR_VERSION,
				"CNI version %.16s is not supported (supported: 0.3.0, 0.3.1, "
				"0.4.0, 1.0.0, 1.1.0)",
				json_string_value(ver));
	strcpy(c->version, json_string_value(ver));
	if (env->cmd == CMD_VERSION)
		return 0;
	if (env->cmd == CMD_CHECK && cni_version_cmp(c->version, "0.4.0") < 0)
		return cni_fail(e, CNI_ERR_VERSION, "CHECK needs cniVersion 0.4.0 or later, config "
						    "has %s",
				c->version);
	if ((env->cmd == CMD_STATUS || env->cmd == CMD_GC) &&
	    cni_version_cmp(c->version, "1.1.0") < 0)
		return cni_fail(e, CNI_ERR_VERSION, "%s needs cniVersion 1.1.0, config has %s",
				env->command, c->version);
	json_object_foreach(root, key, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok)
			return cni_fail(e, CNI_ERR_UNSUPPORTED_FIELD,
					"unsupported key '%.64s' in network config", key);
	}
	json_t *name = json_object_get(root, "name");
	if (!json_is_string(name) || !name_valid(json_string_value(name)))
		return cni_fail(e, CNI_ERR_CONFIG,
				"'name' must be 1-200 letters, digits, '_', '.', '-'");
	strcpy(c->name, json_string_value(name));
	if (!json_is_string(json_object_get(root, "type")))
		return cni_fail(e, CNI_ERR_CONFIG, "'type' missing or not a string");
	if (json_object_get(root, "suffix") && !json_is_string(json_object_get(root, "suffix")))
		return cni_fail(e, CNI_ERR_CONFIG, "'suffix' must be a string");

	uint64_t vni = 0, vxlanid = 0, port = VTEP_DEFAULT_PORT, mtu = 0;
	int has_vni = get_uint(root, "vni", 0, UINT32_MAX, &vni, e);
	int has_vxid = get_uint(root, "vxlanId", 0, UINT32_MAX, &vxlanid, e);
	if (has_vni < 0 || has_vxid < 0)
		return -1;
	if (has_vni && has_vxid)
		return cni_fail(e, CNI_ERR_CONFIG, "give either 'vni' or 'vxlanId', not both");
	if (!has_vni && !has_vxid)
		return cni_fail(e, CNI_ERR_CONFIG, "'vni' (or 'vxlanId') is required");
	struct vxerr vx;
	if (vni_check((uint32_t)(has_vni ? vni : vxlanid), &vx))
		return cni_fail(e, CNI_ERR_CONFIG, "'%s': %s", has_vni ? "vni" : "vxlanId", vx.msg);
	c->vni = (uint32_t)(has_vni ? vni : vxlanid);
	if (get_uint(root, "port", 1, 65535, &port, e) < 0 ||
	    get_uint(root, "mtu", VTEP_MTU_MIN, 65535 - VTEP_OVERHEAD_V4, &mtu, e) < 0)
		return -1;
	c->port = (uint16_t)port;
	c->mtu = (uint32_t)mtu;
	if (parse_vtep(root, c, e))
		return -1;

	json_t *ipam = json_object_get(root, "ipam");
	if (ipam && !(json_is_object(ipam) && json_object_size(ipam) == 0)) {
		json_t *t = json_object_get(ipam, "type");
		if (!json_is_object(ipam) || !json_is_string(t) || !*json_string_value(t) ||
		    strchr(json_string_value(t), '/'))
			return cni_fail(e, CNI_ERR_CONFIG,
					"'ipam' must be an object with a plugin name in 'type'");
		c->ipam = ipam;
		c->ipam_type = json_string_value(t);
	}
	json_t *rc = json_object_get(root, "runtimeConfig");
	if (rc && !json_is_object(rc))
		return cni_fail(e, CNI_ERR_CONFIG, "'runtimeConfig' must be an object");
	if (parse_cni_args(env->args, c, e))
		return -1;
	json_t *mac = rc ? json_object_get(rc, "mac") : NULL;
	if (mac) {
		if (!json_is_string(mac) || !cni_parse_mac(json_string_value(mac), c->mac))
			return cni_fail(e, CNI_ERR_CONFIG,
					"runtimeConfig.mac must be a unicast MAC address");
		c->mac_set = true;
	}
	json_t *prev = json_object_get(root, "prevResult");
	if (prev && !json_is_object(prev))
		return cni_fail(e, CNI_ERR_CONFIG, "'prevResult' must be an object");
	c->prev_result = prev;
	if (env->cmd == CMD_CHECK && !prev)
		return cni_fail(e, CNI_ERR_CONFIG, "CHECK needs 'prevResult'");
	if (env->cmd == CMD_GC && parse_attachments(root, c, e))
		return -1;
	if (env->path == NULL && c->ipam && (env->cmd == CMD_ADD || env->cmd == CMD_DEL ||
					     env->cmd == CMD_CHECK))
		return cni_fail(e, CNI_ERR_ENV, "CNI_PATH is not set (needed to find IPAM plugin "
						"'%s')",
				c->ipam_type);
	return 0;
}

int cni_conf_parse(const char *text, size_t len, const struct cni_env *env,
		   struct cni_conf *conf, struct cni_err *e)
{
	memset(conf, 0, sizeof(*conf));
	conf->port = VTEP_DEFAULT_PORT;
	json_error_t jerr;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return cni_fail(e, CNI_ERR_DECODE, "network config is not valid JSON: %s (line %d)",
				jerr.text, jerr.line);
	conf->root = root;
	if (parse_config(root, env, conf, e)) {
		cni_conf_free(conf);
		return -1;
	}
	return 0;
}

void cni_conf_free(struct cni_conf *conf)
{
	json_decref(conf->root);
	conf->root = NULL;
}
