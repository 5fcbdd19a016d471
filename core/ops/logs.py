"""Log lines as a council's log collector reads them.

With LOG_FORMAT=json every line is one JSON object: time, level, logger, message, and the
request id, the signed-in person's id and the path of the request being served (or, in a
worker, the id of the request that enqueued the job); a request's closing line adds its
status and duration in milliseconds. Plain text stays the default for `make run`.
python-json-logger writes the objects (config/settings.py `LOGGING`)."""

from __future__ import annotations

import logging

from . import context

FIELDS = ("request_id", "user_id", "path", "status", "duration_ms")


class RequestContextFilter(logging.Filter):
    """Adds the request id, the person and the path to every record passing the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or context.request_id.get()
        request = context.current_request.get()
        if not hasattr(record, "user_id"):
            record.user_id = context.user_id_of(request) if request is not None else None
        if not hasattr(record, "path"):
            record.path = getattr(request, "path", None)
        for name in ("status", "duration_ms"):
            if not hasattr(record, name):
                setattr(record, name, None)
        return True


def json_formatter() -> logging.Formatter:
    """One JSON object a line, with the fields above always present (null when unknown)."""
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        " ".join(f"%({name})s" for name in ("asctime", "levelname", "name", "message", *FIELDS)),
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        datefmt="%Y-%m-%dT%H:%M:%S%z",
    )


def logging_config(*, log_format: str, level: str) -> dict:
    """The LOGGING setting: JSON objects or plain text on standard error, with the request's
    context on every line either way."""
    if log_format == "json":
        formatter = {"()": "core.ops.logs.json_formatter"}
    else:
        formatter = {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "core.ops.logs.RequestContextFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint writes a line for every step of every PDF at INFO.
        "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
    }
