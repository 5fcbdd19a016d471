"""The two outermost middlewares (config/settings.py `MIDDLEWARE`).

`ops_endpoints` answers /healthz, /readyz and /metrics before anything else runs: no
HTTPS redirect or host check (a load balancer or the kubelet asks by the pod's address over
plain HTTP), no session, no sign-in, no page cache, and no access log line or request count
for the probes that come every few seconds.

`request_context` gives every other request its id (returned in `X-Request-ID`), makes the
request and id available to every log line written while it is served, writes one closing
line with the status and duration, and counts it for /metrics."""

from __future__ import annotations

import logging
import time

from . import context, metrics, views

log = logging.getLogger("goldenthread.request")

OPS_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics_view}


def ops_endpoints(get_response):
    def middleware(request):
        view = OPS_VIEWS.get(request.path_info)
        if view is not None:
            return view(request)
        return get_response(request)

    return middleware


def request_context(get_response):
    def middleware(request):
        request_id = context.accepted_request_id(request.headers.get(context.REQUEST_ID_HEADER))
        request.request_id = request_id
        id_token = context.request_id.set(request_id)
        request_token = context.current_request.set(request)
        started = time.perf_counter()
        try:
            response = get_response(request)
            took = time.perf_counter() - started
            response[context.REQUEST_ID_HEADER] = request_id
            metrics.request_observed(request=request, status=response.status_code, seconds=took)
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": round(took * 1000, 1)},
            )
            return response
        finally:
            context.current_request.reset(request_token)
            context.request_id.reset(id_token)

    return middleware
