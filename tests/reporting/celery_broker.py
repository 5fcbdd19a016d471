"""Pointing the test process's Celery app at a broker, and back (see docs/adr/0010)."""

from contextlib import contextmanager

from kombu import pools

from config.celery import app


def _reset_pools() -> None:
    """Forget every pooled connection, so the next publish connects to the new broker."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def celery_on_broker(url: str, *, queue: str = "celery"):
    """Publish for real to `url` (not inline), on `queue`, inside the block."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, task_always_eager=False, task_default_queue=queue)
    _reset_pools()
    try:
        yield app
    finally:
        app.conf.update(saved)
        _reset_pools()


@contextmanager
def celery_inline():
    keys = ("task_always_eager", "task_eager_propagates")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(task_always_eager=True, task_eager_propagates=True)
    try:
        yield app
    finally:
        app.conf.update(saved)
