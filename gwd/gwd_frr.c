#include "gwd_frr.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../evpn/frr_conf.h"
#include "../evpn/frr_ctl.h"

#define FRR_TIMEOUT_MS 30000

static int read_password(const char *path, char out[FRR_PASSWORD_MAX + 1], struct vxerr *err)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return vxerr_set(err, errno, "cannot read password file %s: %s", path, strerror(errno));
	char buf[FRR_PASSWORD_MAX + 3];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	if (n == 0 || n > FRR_PASSWORD_MAX)
		return vxerr_set(err, EINVAL, "password file %s must hold 1-%d characters", path,
				 FRR_PASSWORD_MAX);
	memcpy(out, buf, n + 1);
	return 0;
}

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
	c.router_id = cfg->router_id;
	for (size_t i = 0; i < cfg->nrr && i < FRR_MAX_PEERS; i++)
		c.rr[c.nrr++] = cfg->rr[i];
	for (size_t i = 0; i < cfg->npeers && i < FRR_MAX_PEERS; i++) {
		struct frr_peer *p = &c.peer[c.npeers++];
		p->address = cfg->peer[i].address;
		p->asn = cfg->peer[i].asn;
		p->multihop = cfg->peer[i].multihop;
		if (cfg->peer[i].password_file[0]) {
			int rc = read_password(cfg->peer[i].password_file, p->password, err);
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

static int write_file(const char *path, const char *text, struct vxerr *err)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.vxgw-tmp", path) >= (int)sizeof(tmp))
		return vxerr_set(err, ENAMETOOLONG, "FRR config path too long");
	/* frr.conf holds BGP passwords: readable by FRR's group only. */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return vxerr_set(err, errno, "cannot write %s: %s", tmp, strerror(errno));
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			return vxerr_set(err, e, "cannot write %s: %s", tmp, strerror(e));
		}
		off += (size_t)w;
	}
	struct stat st;
	if (stat(path, &st) == 0) /* keep FRR's ownership (frr:frr) */
		if (fchown(fd, st.st_uid, st.st_gid) != 0) {
			/* not fatal: root-owned 0640 still works for FRR started as root */
		}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int e = errno;
		unlink(tmp);
		return vxerr_set(err, e, "cannot write %s: %s", tmp, strerror(e));
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return vxerr_set(err, e, "cannot replace %s: %s", path, strerror(e));
	}
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
	if (write_file(conf_path, text, err))
		return GWD_FRR_FAILED;
	bool changed = false;
	if (frr_apply(pathspace, conf_path, FRR_TIMEOUT_MS, &changed, err))
		return GWD_FRR_FAILED;
	return changed ? GWD_FRR_APPLIED : GWD_FRR_UNCHANGED;
}
