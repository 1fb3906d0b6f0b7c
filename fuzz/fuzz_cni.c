/* libFuzzer target: vxgw-cni's untrusted inputs — network config (with CNI_ARGS
 * taken from the first line of input) for each command, and results as parsed from
 * IPAM plugins / prevResult, re-rendered in every version. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../cni/cni_conf.h"
#include "../cni/cni_result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char args_buf[512];

static const char *fuzz_getenv(const char *name)
{
	if (strcmp(name, "CNI_COMMAND") == 0)
		return "ADD";
	if (strcmp(name, "CNI_CONTAINERID") == 0)
		return "c1";
	if (strcmp(name, "CNI_NETNS") == 0)
		return "/var/run/netns/x";
	if (strcmp(name, "CNI_IFNAME") == 0)
		return "eth1";
	if (strcmp(name, "CNI_PATH") == 0)
		return "/usr/lib/cni";
	if (strcmp(name, "CNI_ARGS") == 0)
		return args_buf;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 65536)
		return 0;
	const uint8_t *nl = memchr(data, '\n', size < sizeof(args_buf) ? size : sizeof(args_buf) - 1);
	size_t alen = nl ? (size_t)(nl - data) : 0;
	memcpy(args_buf, data, alen);
	args_buf[alen] = '\0';
	const char *json = (const char *)data + (nl ? alen + 1 : 0);
	size_t jlen = size - (nl ? alen + 1 : 0);

	struct cni_env env;
	struct cni_err e;
	if (cni_env_parse(fuzz_getenv, &env, &e) != 0)
		abort();
	static const enum cni_cmd cmds[] = {CMD_ADD, CMD_DEL, CMD_CHECK, CMD_STATUS, CMD_GC};
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		env.cmd = cmds[i];
		struct cni_conf c;
		if (cni_conf_parse(json, jlen, &env, &c, &e) == 0) {
			if (c.vni < 1 || c.vni > 16777215 || c.port == 0)
				abort();
			cni_conf_free(&c);
		} else if (c.root) {
			abort(); /* a rejected config must not keep a reference */
		}
	}
	json_t *j = json_loadb(json, jlen, 0, NULL);
	if (j) {
		struct cni_result r;
		if (cni_result_parse(j, &r, &e) == 0) {
			static const char *const v[] = {"0.3.0", "0.4.0", "1.0.0", "1.1.0"};
			for (int i = 0; i < 4; i++)
				json_decref(cni_result_render(&r, v[i]));
			cni_result_free(&r);
		}
		json_decref(j);
	}
	return 0;
}
