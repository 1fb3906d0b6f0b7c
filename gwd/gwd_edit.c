#include "gwd_edit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../evpn/vni.h"
#include "gwd_config.h"
#include "gwd_plan.h"

/* "prefix: first; second (and N more)" within one vxerr line: the operator sees the
 * validator's own wording and paths, as `gwd --check` would print them. */
static int config_errors(struct vxerr *err, const char *prefix, const struct gwd_config_errors *e)
{
	char buf[VXERR_MSG_MAX];
	size_t used, shown = 0;
	if (e->n == 0) /* the validator could not even record a message */
		return vxerr_set(err, ENOMEM, "%s: out of memory", prefix);
	used = (size_t)snprintf(buf, sizeof(buf), "%s: %s", prefix, e->msg[0]);
	if (used >= sizeof(buf))
		used = sizeof(buf) - 1;
	shown = 1;
	/* Keep room for the " (and N more)" tail. */
	const size_t tail = 24;
	for (; shown < e->n; shown++) {
		size_t m = strlen(e->msg[shown]);
		if (used + 2 + m + tail >= sizeof(buf))
			break;
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "; %s", e->msg[shown]);
	}
	if (shown < e->n && used + tail < sizeof(buf))
		snprintf(buf + used, sizeof(buf) - used, " (and %zu more)", e->n - shown);
	return vxerr_set(err, EINVAL, "%s", buf);
}

/* The input must already be valid: the edit code may then rely on the shape of the
 * tree, and the operator learns that the file (not the edit) is what is broken. */
static int load(const char *text, size_t len, json_t **root, struct vxerr *err)
{
	json_error_t jerr;
	struct gwd_config *c;
	struct gwd_config_errors e;
	*root = NULL;
	if (!text)
		return vxerr_set(err, EINVAL, "no configuration text");
	/* jansson skips a NUL between tokens, so gwd would load such a file, but the text
	 * we hand back is a C string: it would end there. A NUL means a damaged file. */
	const char *nul = memchr(text, '\0', len);
	if (nul)
		return vxerr_set(err, EINVAL, "configuration contains a NUL byte at offset %zu",
				 (size_t)(nul - text));
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_PRESERVE_ORDER, &jerr);
	if (!j)
		return vxerr_set(err, EINVAL, "configuration is not valid JSON: line %d column %d: %s",
				 jerr.line, jerr.column, jerr.text);
	if (gwd_config_parse(text, len, &c, &e)) {
		int rc = config_errors(err, "the configuration is already invalid (fix the file first)",
				       &e);
		gwd_config_errors_free(&e);
		json_decref(j);
		return rc;
	}
	gwd_config_free(c);
	gwd_config_errors_free(&e);
	*root = j;
	return 0;
}

/* Dump, then prove the result loads: nothing leaves here that gwd would refuse. */
static int finish(json_t *root, const char *what, char **out, struct vxerr *err)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!s)
		return vxerr_set(err, ENOMEM, "%s: out of memory", what);
	size_t n = strlen(s);
	char *r = malloc(n + 2);
	if (!r) {
		free(s);
		return vxerr_set(err, ENOMEM, "%s: out of memory", what);
	}
	memcpy(r, s, n);
	r[n] = '\n';
	r[n + 1] = '\0';
	free(s);

	struct gwd_config *c;
	struct gwd_config_errors e;
	if (gwd_config_parse(r, n + 1, &c, &e)) {
		char prefix[160];
		snprintf(prefix, sizeof(prefix), "%s would make the configuration invalid", what);
		int rc = config_errors(err, prefix, &e);
		gwd_config_errors_free(&e);
		free(r);
		return rc;
	}
	gwd_config_free(c);
	gwd_config_errors_free(&e);
	*out = r;
	return 0;
}

/* Same rules as gwd_config's parse_ports, checked up front so the message speaks of
 * the argument rather than of a path in a file the operator did not write. */
static int check_port(const char *port, struct vxerr *err)
{
	uint32_t vni;
	enum vni_role role;
	if (!port || !*port)
		return vxerr_set(err, EINVAL, "no port name given");
	if (strlen(port) > IFNAMSIZ - 1)
		return vxerr_set(err, EINVAL, "port name '%s' is longer than %d characters", port,
				 IFNAMSIZ - 1);
	if (strchr(port, '.'))
		return vxerr_set(err, EINVAL,
				 "'%s' is not an interface name (give the VLAN with --vlan, not in "
				 "the port name)",
				 port);
	if (strpbrk(port, "/: \t"))
		return vxerr_set(err, EINVAL, "'%s' is not an interface name", port);
	if (vni_from_ifname(port, &vni, &role))
		return vxerr_set(err, EINVAL, "'%s' is a vxgw device name, not a port", port);
	return 0;
}

/* The validated tree guarantees these shapes; the checks only keep a NULL from being
 * dereferenced should that ever change. */
static bool binding_of(json_t *p, const char **name, uint16_t *vlan)
{
	json_t *n = json_object_get(p, "port"), *v = json_object_get(p, "vlan");
	if (!json_is_string(n))
		return false;
	if (v && (!json_is_integer(v) || json_integer_value(v) < 0 ||
		  json_integer_value(v) > UINT16_MAX))
		return false;
	*name = json_string_value(n);
	*vlan = v ? (uint16_t)json_integer_value(v) : 0;
	return true;
}

static bool is_binding(json_t *p, const char *port, uint16_t vlan)
{
	const char *name;
	uint16_t v;
	return binding_of(p, &name, &v) && v == vlan && strcmp(name, port) == 0;
}

static bool seg_has_vni(json_t *seg, uint32_t vni)
{
	json_t *v = json_object_get(seg, "vni");
	return json_is_integer(v) && json_integer_value(v) == (json_int_t)vni;
}

int gwd_edit_bind(const char *text, size_t len, const char *port, uint16_t vlan, uint32_t vni,
		  char **out, bool *changed, struct vxerr *err)
{
	char what[96];
	json_t *root, *target = NULL, *seg, *ports, *p;
	size_t i, k;
	int rc;

	if (changed)
		*changed = false;
	if (!out)
		return vxerr_set(err, EINVAL, "bind: no place for the result");
	*out = NULL;
	if ((rc = check_port(port, err)) || (rc = vni_check(vni, err)))
		return rc;
	if (vlan == 4095)
		return vxerr_set(err, EINVAL, "VLAN 4095 is reserved");
	if (vlan > 4094)
		return vxerr_set(err, EINVAL, "VLAN %u is out of range 1-4094 (0 = whole port)",
				 (unsigned)vlan);
	if ((rc = load(text, len, &root, err)))
		return rc;

	json_t *segs = json_object_get(root, "segments");
	json_array_foreach(segs, i, seg)
	{
		if (seg_has_vni(seg, vni)) {
			target = seg;
			break;
		}
	}
	if (!target) {
		json_decref(root);
		return vxerr_set(err, ENOENT, "no segment with VNI %u in the configuration", vni);
	}
	ports = json_object_get(target, "ports");
	json_array_foreach(ports, k, p)
	{
		if (!is_binding(p, port, vlan))
			continue;
		/* A copy of the very input, so a caller comparing or rewriting it sees
		 * nothing change, not even formatting. */
		json_decref(root);
		char *copy = malloc(len + 1);
		if (!copy)
			return vxerr_set(err, ENOMEM, "bind: out of memory");
		memcpy(copy, text, len);
		copy[len] = '\0';
		*out = copy;
		return 0;
	}

	/* A port+VLAN lives in one segment only: binding it elsewhere is a move. */
	json_array_foreach(segs, i, seg)
	{
		json_t *sp = json_object_get(seg, "ports");
		if (seg == target)
			continue;
		for (k = 0; k < json_array_size(sp);)
			if (is_binding(json_array_get(sp, k), port, vlan))
				json_array_remove(sp, k);
			else
				k++;
	}
	/* jansson's *_set_new/append_new release the value even when they fail. */
	json_t *entry = json_object();
	bool ok = entry && json_object_set_new(entry, "port", json_string(port)) == 0 &&
		  (!vlan || json_object_set_new(entry, "vlan", json_integer(vlan)) == 0);
	if (ok && !ports) {
		ports = json_array();
		ok = ports && json_object_set_new(target, "ports", ports) == 0;
	}
	if (!ok)
		json_decref(entry);
	else
		ok = json_array_append_new(ports, entry) == 0;
	if (!ok) {
		json_decref(root);
		return vxerr_set(err, ENOMEM, "bind: out of memory");
	}

	if (vlan)
		snprintf(what, sizeof(what), "binding %s VLAN %u to VNI %u", port, (unsigned)vlan, vni);
	else
		snprintf(what, sizeof(what), "binding %s to VNI %u", port, vni);
	rc = finish(root, what, out, err);
	json_decref(root);
	if (rc == 0 && changed)
		*changed = true;
	return rc;
}

int gwd_edit_unbind(const char *text, size_t len, const char *ifname, char **out,
		    uint32_t *was_vni, struct vxerr *err)
{
	json_t *root, *seg;
	uint32_t vni = 0;
	bool found = false;
	size_t i;
	int rc;

	if (was_vni)
		*was_vni = 0;
	if (!out)
		return vxerr_set(err, EINVAL, "unbind: no place for the result");
	*out = NULL;
	if (!ifname || !*ifname)
		return vxerr_set(err, EINVAL, "no interface name given");
	if (strlen(ifname) > IFNAMSIZ - 1)
		return vxerr_set(err, EINVAL, "interface name '%s' is longer than %d characters",
				 ifname, IFNAMSIZ - 1);
	if ((rc = load(text, len, &root, err)))
		return rc;

	json_array_foreach(json_object_get(root, "segments"), i, seg)
	{
		json_t *sp = json_object_get(seg, "ports");
		for (size_t k = 0; k < json_array_size(sp);) {
			const char *name;
			uint16_t vlan;
			char ifn[IFNAMSIZ];
			if (binding_of(json_array_get(sp, k), &name, &vlan) &&
			    plan_vlan_ifname(name, vlan, ifn) == 0 && strcmp(ifn, ifname) == 0) {
				if (!found) /* validated: at most one binding has this name */
					vni = (uint32_t)json_integer_value(json_object_get(seg, "vni"));
				found = true;
				json_array_remove(sp, k);
			} else {
				k++;
			}
		}
	}
	if (!found) {
		json_decref(root);
		return vxerr_set(err, ENOENT, "nothing is bound as %s in the configuration", ifname);
	}
	char what[64];
	snprintf(what, sizeof(what), "unbinding %s", ifname);
	rc = finish(root, what, out, err);
	json_decref(root);
	if (rc == 0 && was_vni)
		*was_vni = vni;
	return rc;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int gwd_config_write_atomic(const char *path, const char *text, struct vxerr *err)
{
	char *target = NULL, *dir = NULL, *tmp = NULL;
	int fd = -1, rc = 0;
	struct stat st;
	mode_t mode = 0600;
	bool existed = false;

	if (!path || !*path || !text)
		return vxerr_set(err, EINVAL, "write configuration: no path or text");
	/* Replacing a symlink would silently detach the file from where it is managed. */
	target = realpath(path, NULL);
	if (!target && errno != ENOENT)
		return vxerr_set(err, errno, "%s: %s", path, strerror(errno));
	if (!target && !(target = strdup(path)))
		return vxerr_set(err, ENOMEM, "%s: out of memory", path);

	if (stat(target, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			rc = vxerr_set(err, EINVAL, "%s is not a regular file", target);
			goto out;
		}
		existed = true;
		mode = st.st_mode & 07777;
	} else if (errno != ENOENT) {
		rc = vxerr_set(err, errno, "%s: %s", target, strerror(errno));
		goto out;
	}

	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	if (!*base) {
		rc = vxerr_set(err, EINVAL, "%s names a directory, not a file", path);
		goto out;
	}
	dir = slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target)) : strdup(".");
	/* Same directory, so rename() is atomic; hidden, so nothing globbing *.json picks up
	 * a half-written file. */
	if (!dir || asprintf(&tmp, "%s/.%s.XXXXXX", dir, base) < 0) {
		tmp = NULL;
		rc = vxerr_set(err, ENOMEM, "%s: out of memory", path);
		goto out;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		rc = vxerr_set(err, errno, "create temporary file in %s: %s", dir, strerror(errno));
		free(tmp);
		tmp = NULL; /* nothing to remove */
		goto out;
	}
	const char *step = "write";
	int e = 0;
	/* mkostemp creates 0600; the old mode and owner matter, though: the daemon or an
	 * operators' group may be reading the file under them. */
	if (fchmod(fd, mode) < 0) {
		e = errno, step = "set mode of";
	} else if (existed && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
		   fchown(fd, st.st_uid, st.st_gid) < 0) {
		e = errno, step = "keep owner/group of";
	} else if ((e = -write_all(fd, text, strlen(text)))) {
		step = "write";
	} else if (fsync(fd) < 0) {
		e = errno, step = "fsync";
	} else {
		int c = close(fd);
		fd = -1;
		if (c < 0)
			e = errno, step = "close";
		else if (rename(tmp, target) < 0)
			e = errno, step = "rename";
	}
	if (e) {
		rc = vxerr_set(err, e, "replace %s: %s %s: %s (file left as it was)", target, step,
			       tmp, strerror(e));
		goto out;
	}
	free(tmp);
	tmp = NULL; /* renamed: nothing to remove */

	/* Without this the rename itself may not survive a power cut. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0) {
		e = errno;
		rc = vxerr_set(err, e, "%s was replaced, but fsync of directory %s failed: %s", target,
			       dir, strerror(e));
	}
	if (dfd >= 0)
		close(dfd);
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	free(target);
	return rc;
}
