#include "cni_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *cni_state_dir(void)
{
	const char *d = getenv("VXGW_CNI_STATE_DIR");
	return d && *d == '/' ? d : "/run/vxgw/cni";
}

static int mkdir_p(const char *dir)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp))
		return -1;
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	}
	return mkdir(tmp, 0700) && errno != EEXIST ? -1 : 0;
}

int cni_lock_vni(uint32_t vni, int timeout_ms, struct cni_err *e)
{
	const char *dir = cni_state_dir();
	char path[PATH_MAX];
	if (mkdir_p(dir))
		return cni_fail(e, CNI_ERR_IO, "cannot create state directory %s: %s", dir,
				strerror(errno));
	snprintf(path, sizeof(path), "%s/vni-%u.lock", dir, vni);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return cni_fail(e, CNI_ERR_IO, "cannot open lock %s: %s", path, strerror(errno));
	struct timespec start, now, pause = {0, 2 * 1000 * 1000};
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int err = errno;
			close(fd);
			return cni_fail(e, CNI_ERR_IO, "cannot lock %s: %s", path, strerror(err));
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		long ms = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
		if (ms >= timeout_ms) {
			close(fd);
			return cni_fail(e, CNI_ERR_TRY_AGAIN,
					"VNI %u is busy (lock %s held for over %d ms); try again", vni,
					path, timeout_ms);
		}
		nanosleep(&pause, NULL);
	}
	return fd;
}

void cni_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* closing the only descriptor drops the flock */
}
