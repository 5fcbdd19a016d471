"""How gunicorn serves Golden Thread on a council's server (the Dockerfile and
docker-compose.yml both start it with `-c config/gunicorn.py`).

Threaded workers (gthread): a request that waits on PostgreSQL or Redis holds a thread,
not a whole process, so two processes with four threads each answer eight requests at a
time in the memory of two. Each thread keeps its own database connection (DB_CONN_MAX_AGE).
Every value can be set from the environment without rebuilding the image."""

import os


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("WEB_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = _number("WEB_WORKERS", 2)
threads = _number("WEB_THREADS", 4)
# A worker process that stops answering for this long is restarted.
timeout = _number("WEB_TIMEOUT", 60)
graceful_timeout = _number("WEB_GRACEFUL_TIMEOUT", 30)  # to finish requests on shutdown
keepalive = 5  # seconds an idle connection from the council's proxy stays open
# Recycle workers now and then, so slow memory growth never builds up.
max_requests = _number("WEB_MAX_REQUESTS", 2000)
max_requests_jitter = 200
# gunicorn's control socket would be written to the home folder: not wanted in a container.
control_socket_disable = True
# With LOG_FORMAT=json the app writes each request's line itself (with its request id), so
# gunicorn's plain-text access log would only repeat it in another shape.
accesslog = None if os.environ.get("LOG_FORMAT") == "json" else "-"


def child_exit(server, worker):
    """A worker process that exits leaves its metric counts behind for /metrics, as
    prometheus-client's multiprocess mode asks (PROMETHEUS_MULTIPROC_DIR)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
