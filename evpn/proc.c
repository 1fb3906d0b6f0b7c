#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Feed `in` to fd_in (closing it when done) while collecting fd_out until EOF. */
static int pump(int fd_in, const char *in, size_t inlen, int fd_out, char *out, size_t max,
		size_t *outlen, long deadline)
{
	size_t off = 0;
	*outlen = 0;
	if (inlen == 0) {
		close(fd_in);
		fd_in = -1;
	}
	for (;;) {
		struct pollfd p[2] = {{fd_out, POLLIN, 0}, {fd_in, POLLOUT, 0}};
		long left = deadline - now_ms();
		if (left <= 0) {
			if (fd_in >= 0)
				close(fd_in);
			return -ETIMEDOUT;
		}
		if (poll(p, fd_in >= 0 ? 2 : 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (fd_in >= 0 && (p[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(fd_in, in + off, inlen - off);
			if (w > 0)
				off += (size_t)w;
			if (w < 0 || off == inlen) {
				close(fd_in);
				fd_in = -1;
			}
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (*outlen >= max) {
				if (fd_in >= 0)
					close(fd_in);
				return -EMSGSIZE;
			}
			ssize_t r = read(fd_out, out + *outlen, max - *outlen);
			if (r == 0)
				break;
			if (r < 0 && errno != EINTR)
				return -errno;
			if (r > 0)
				*outlen += (size_t)r;
		}
	}
	if (fd_in >= 0)
		close(fd_in);
	return 0;
}

int proc_run(const char *const argv[], const char *const setenv_list[], const char *in,
	     size_t inlen, int timeout_ms, size_t max_out, bool merge_stderr,
	     struct proc_result *res, struct vxerr *err)
{
	int pin[2] = {-1, -1}, pout[2] = {-1, -1};
	memset(res, 0, sizeof(*res));
	res->out = malloc(max_out + 1);
	if (!res->out)
		return vxerr_set(err, ENOMEM, "out of memory running %s", argv[0]);
	if (pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC)) {
		int e = errno;
		for (int i = 0; i < 2; i++) {
			if (pin[i] >= 0)
				close(pin[i]);
			if (pout[i] >= 0)
				close(pout[i]);
		}
		return vxerr_set(err, e, "cannot run %s: %s", argv[0], strerror(e));
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pin[0]), close(pin[1]), close(pout[0]), close(pout[1]);
		return vxerr_set(err, e, "cannot fork for %s: %s", argv[0], strerror(e));
	}
	if (pid == 0) {
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		if (merge_stderr)
			dup2(pout[1], 2);
		for (int i = 0; setenv_list && setenv_list[i]; i++)
			putenv((char *)setenv_list[i]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	/* A child that exits before reading its input must not kill us with SIGPIPE. */
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	sigaction(SIGPIPE, &ign, &old);
	int prc = pump(pin[1], in, inlen, pout[0], res->out, max_out, &res->len,
		       now_ms() + timeout_ms);
	sigaction(SIGPIPE, &old, NULL);
	close(pout[0]);
	if (prc)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	res->out[res->len] = '\0';
	res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (prc == -ETIMEDOUT)
		return vxerr_set(err, ETIMEDOUT, "%s did not finish within %d ms", argv[0], timeout_ms);
	if (prc == -EMSGSIZE)
		return vxerr_set(err, EMSGSIZE, "%s printed more than %zu bytes", argv[0], max_out);
	if (prc)
		return vxerr_set(err, -prc, "%s: %s", argv[0], strerror(-prc));
	if (res->status == 127)
		return vxerr_set(err, ENOENT, "cannot execute %s", argv[0]);
	return 0;
}
