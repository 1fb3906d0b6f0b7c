/* cni_conf: what the runtime hands vxgw-cni — environment and network config —
 * parsed and validated into one struct, or a CNI error (spec code + message).
 *
 * Error codes follow CNI spec 1.1.0: 1 incompatible version, 2 unsupported field,
 * 3 container/netns unknown, 4 invalid environment variable, 5 I/O failure,
 * 6 undecodable content, 7 invalid network config, 11 try again later,
 * 50 plugin not available (STATUS); 100+ are ours (see README). */
#ifndef VXGW_CNI_CONF_H
#define VXGW_CNI_CONF_H

#include <jansson.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "../evpn/ipaddr.h"
#include "../evpn/vxerr.h"

enum cni_code {
	CNI_ERR_VERSION = 1,
	CNI_ERR_UNSUPPORTED_FIELD = 2,
	CNI_ERR_UNKNOWN_CONTAINER = 3,
	CNI_ERR_ENV = 4,
	CNI_ERR_IO = 5,
	CNI_ERR_DECODE = 6,
	CNI_ERR_CONFIG = 7,
	CNI_ERR_TRY_AGAIN = 11,
	CNI_ERR_NOT_AVAILABLE = 50,
	CNI_ERR_KERNEL = 100, /* a netlink request failed; message has the kernel's reason */
	CNI_ERR_IPAM = 101,   /* IPAM plugin missing or returned no usable result */
	CNI_ERR_CHECK = 102,  /* CHECK found the attachment not as configured */
};

struct cni_err {
	int code;
	char msg[VXERR_MSG_MAX];
	char details[VXERR_MSG_MAX];
};

int cni_fail(struct cni_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Wrap a library error: code + "<context>: <vxerr message>". */
int cni_fail_vx(struct cni_err *e, int code, const struct vxerr *vx);

enum cni_cmd { CMD_ADD, CMD_DEL, CMD_CHECK, CMD_VERSION, CMD_STATUS, CMD_GC };

#define CNI_VERSION_LATEST "1.1.0"
extern const char *const cni_supported_versions[];
/* -1/0/1 like strcmp for dotted versions; unparsable sorts lowest. */
int cni_version_cmp(const char *a, const char *b);
bool cni_version_supported(const char *v);

struct cni_env {
	enum cni_cmd cmd;
	const char *command;
	const char *containerid;
	const char *netns;
	const char *ifname;
	const char *args;
	const char *path;
};

/* getenv-like lookup, injectable for tests. */
typedef const char *(*cni_getenv_fn)(const char *name);
int cni_env_parse(cni_getenv_fn get, struct cni_env *env, struct cni_err *e);

struct cni_conf {
	char version[16];
	char name[201];
	uint32_t vni;
	char vtep_ifname[IFNAMSIZ]; /* "" unless vtep.interface / master given */
	struct ipaddr vtep_addr;    /* family 0 unless vtep.address given */
	uint16_t port;              /* 4789 unless given */
	uint32_t mtu;               /* 0 = derive from underlay */
	bool mac_set;
	uint8_t mac[6];
	json_t *ipam;         /* borrowed from root; NULL without IPAM */
	const char *ipam_type;
	json_t *prev_result;  /* borrowed; NULL when absent */
	json_t *valid_attachments; /* GC: borrowed array; NULL when absent */
	json_t *root;         /* owned: the whole config, passed on to IPAM */
};

/* Parse and validate stdin config for env->cmd (CNI_ARGS included). On success
 * conf->root holds a reference; release with cni_conf_free. */
int cni_conf_parse(const char *text, size_t len, const struct cni_env *env,
		   struct cni_conf *conf, struct cni_err *e);
void cni_conf_free(struct cni_conf *conf);

/* "aa:bb:cc:dd:ee:ff" -> bytes; rejects multicast and all-zero addresses. */
bool cni_parse_mac(const char *s, uint8_t mac[6]);
/* Valid Linux interface name for the container side. */
bool cni_ifname_valid(const char *s);

#endif
