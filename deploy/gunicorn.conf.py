"""gunicorn for Cramp Journal, as the stack (scripts/stack.sh) and docs/deploy.md run it.

Threaded workers (gthread): a request waiting on the database holds a thread, not a process.
nginx in front buffers request bodies and slow clients, so a few threads per worker suffice.
The bind address comes from the command line (--bind), one port per app server.
"""

import ctypes
import os
import signal

worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
graceful_timeout = 20  # a stop lets requests in flight finish (supervisor waits longer)
# A restarted master binds its port even while a dead master's workers still hold theirs.
reuse_port = True
# nginx on loopback is the only client; it sets X-Forwarded-For and X-Forwarded-Proto.
forwarded_allow_ips = "127.0.0.1"
accesslog = None  # nginx logs every request
errorlog = "-"
loglevel = "warning"

PR_SET_PDEATHSIG = 1
M_ARENA_MAX = -8  # glibc's mallopt parameter: how many malloc arenas a process may have
_libc = ctypes.CDLL(None, use_errno=True)


def post_fork(server, worker):
    """A worker dies with its master: the kernel sends it SIGKILL when the master dies.

    Without this, a master killed with SIGKILL leaves its workers running (they notice the
    new parent only after their next poll) with the listening socket, and requests queued on
    that socket are lost when they go. The kernel signal makes them go at once.
    """
    if _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        server.log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %s", ctypes.get_errno())
    if os.getppid() != server.pid:  # the master died between fork and prctl
        os._exit(1)
    limit_malloc_arenas(server)


def limit_malloc_arenas(server):
    """One malloc arena for the worker's threads, set before they start.

    glibc gives each thread that allocates while another holds the arena an arena of its
    own, and memory freed in one is not reused by the others: with four threads a worker
    held 3 to 5 MiB more after 400 requests (docs/performance.md, "Web workers' memory").
    The threads run Python, which allocates under the GIL, so they seldom wait on the one.
    """
    if _libc.mallopt(M_ARENA_MAX, 1) != 1:  # mallopt answers 1 on success
        server.log.warning("mallopt(M_ARENA_MAX) failed")
