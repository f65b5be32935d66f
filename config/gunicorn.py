"""gunicorn settings for Park in production: `gunicorn -c config/gunicorn.py app:app`
(scripts/serve-production runs it after the migrations). Every value comes from the
environment, with defaults for a host of its own."""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Processes: (2 x cores) + 1 unless WEB_CONCURRENCY says otherwise. The app reads
# WEB_CONCURRENCY too: with several workers it refuses per-process rate-limit counters and
# caches (REDIS_URL must be set), so the computed number is written back for it to see.
workers = _int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
os.environ["WEB_CONCURRENCY"] = str(workers)

# Threads per worker: a request spends much of its time waiting on PostgreSQL, so a few
# threads let a worker serve another meanwhile. Each thread may hold one database connection
# (SQLAlchemy's pool: 5 + 10 overflow per worker), so workers x threads stays well below
# PostgreSQL's max_connections.
threads = _int("WEB_THREADS", 4)
worker_class = "gthread" if threads > 1 else "sync"

bind = [f"{os.environ.get('HOST', '127.0.0.1')}:{_int('PORT', 8000)}"]

# A request that takes longer than this is cut off and its worker restarted; a restart or
# shutdown (SIGTERM, SIGHUP) lets running requests finish for up to graceful_timeout.
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = _int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("WEB_KEEPALIVE", 5)  # seconds; the reverse proxy keeps connections open

# Recycle each worker after a few thousand requests (with jitter, so not all at once):
# bounds the damage of any slow leak in a library.
max_requests = _int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# Not preloaded: each worker imports and builds the app itself after the fork, so no
# database connection, Redis client or thread is ever shared between processes, and
# `kill -HUP` on the master reloads new code. It costs a little memory per worker.
preload_app = False

# The heartbeat file lives in memory: a worker stalled on a slow disk is not killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

# Logs to standard output and error for the process manager (systemd, a container).
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
errorlog = os.environ.get("WEB_ERROR_LOG", "-")
loglevel = os.environ.get("WEB_LOG_LEVEL", "info")
# client, time, request, status, bytes, referrer, agent, duration in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Which addresses may tell gunicorn the scheme by X-Forwarded-Proto (the local proxy);
# the client's address and host are Flask's business (TRUSTED_PROXIES, ProxyFix).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

proc_name = "park"
# gunicorn 24+ opens a control socket by default; Park does not use it.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """Log when a worker has built the app and takes requests (benchmarks/load-test waits
    for every worker's line before it starts)."""
    worker.log.info("Worker ready (pid: %s)", worker.pid)
