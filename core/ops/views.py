"""/healthz, /readyz and /metrics: answered before any other middleware (core.ops.middleware)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST

from . import health, metrics


@never_cache
def healthz(request):
    """The process is up and answering: nothing else is asked (a restart cures nothing a
    database outage causes)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready for requests when the database, the shared cache, the job queue and the file
    store all answer; otherwise 503, naming the part that did not."""
    ok, parts = health.readiness()
    failed = [name for name, part in parts.items() if not part["ok"]]
    body = {"status": "ok" if ok else "unavailable", "failed": failed, "checks": parts}
    return JsonResponse(body, status=200 if ok else 503)


@never_cache
def metrics_view(request):
    if not metrics.may_read(
        authorization=request.headers.get("Authorization", ""),
        remote_addr=request.META.get("REMOTE_ADDR", ""),
        forwarded=any(h in request.headers for h in ("X-Forwarded-For", "Forwarded")),
    ):
        response = HttpResponse("Metrics need the bearer token.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain; charset=utf-8"
        return response
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
