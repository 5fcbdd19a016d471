"""The request being served (or the job being run), as every log line records it.

A request id comes from the `X-Request-ID` header when it is a sensible one (letters,
digits and `-_.:`, at most 64 characters: anything else is replaced, so a client cannot
write into the logs), otherwise one is made. A job carries the id of the request that
enqueued it in its message headers (config/celery.py), so its log lines say which request
asked for it."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "gt_request_id"
_VALID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
current_request: ContextVar[object | None] = ContextVar("current_request", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def accepted_request_id(value: str | None) -> str:
    """The id a request is known by: the client's or proxy's own if it is a sensible one,
    else a new one."""
    if value and _VALID.match(value):
        return value
    return new_request_id()


def user_id_of(request) -> int | None:
    """The signed-in person's id, only if the request has already looked them up (a log
    line never causes a query)."""
    from django.utils.functional import empty

    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None  # the lazy user was never read
    if getattr(wrapped, "is_authenticated", False):
        return wrapped.pk
    return None
