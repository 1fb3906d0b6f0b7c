#include "cni_cache.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cni_lock.h"

static int cache_path(const char *net, const char *cid, const char *ifname, char *dir,
		      char *file)
{
	if (snprintf(dir, PATH_MAX, "%s/results/%s", cni_state_dir(), net) >= PATH_MAX ||
	    snprintf(file, PATH_MAX, "%s/%s-%s.json", dir, cid, ifname) >= PATH_MAX)
		return -1;
	return 0;
}

int cni_cache_store(const char *net, const char *cid, const char *ifname, json_t *result,
		    struct cni_err *e)
{
	char dir[PATH_MAX], file[PATH_MAX], tmp[PATH_MAX + 8], results[PATH_MAX];
	if (cache_path(net, cid, ifname, dir, file))
		return cni_fail(e, CNI_ERR_IO, "result cache path too long");
	snprintf(results, sizeof(results), "%s/results", cni_state_dir());
	mkdir(cni_state_dir(), 0700);
	mkdir(results, 0700);
	if (mkdir(dir, 0700) && errno != EEXIST)
		return cni_fail(e, CNI_ERR_IO, "cannot create %s: %s", dir, strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	if (json_dump_file(result, tmp, JSON_COMPACT) || rename(tmp, file)) {
		unlink(tmp);
		return cni_fail(e, CNI_ERR_IO, "cannot write result cache %s", file);
	}
	return 0;
}

json_t *cni_cache_load(const char *net, const char *cid, const char *ifname)
{
	char dir[PATH_MAX], file[PATH_MAX];
	if (cache_path(net, cid, ifname, dir, file))
		return NULL;
	json_t *j = json_load_file(file, 0, NULL);
	if (j && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

void cni_cache_drop(const char *net, const char *cid, const char *ifname)
{
	char dir[PATH_MAX], file[PATH_MAX];
	if (cache_path(net, cid, ifname, dir, file) == 0)
		unlink(file);
}

void cni_cache_prune(const char *net, json_t *valid)
{
	char dir[PATH_MAX], file[PATH_MAX];
	if (cache_path(net, "x", "x", dir, file))
		return;
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strstr(de->d_name, ".json"))
			continue;
		bool keep = false;
		size_t i;
		json_t *a;
		json_array_foreach(valid, i, a)
		{
			char want[PATH_MAX];
			snprintf(want, sizeof(want), "%s-%s.json",
				 json_string_value(json_object_get(a, "containerID")),
				 json_string_value(json_object_get(a, "ifname")));
			keep |= strcmp(want, de->d_name) == 0;
		}
		if (!keep && snprintf(file, sizeof(file), "%s/%s", dir, de->d_name) < (int)sizeof(file))
			unlink(file);
	}
	closedir(d);
}
