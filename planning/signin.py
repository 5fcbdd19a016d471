"""Signing in: where a sign-in comes from, for the lock-out after repeated wrong passwords.

django-axes counts wrong passwords per username and address (see config/settings.py) and
asks this module for the address.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.urls import reverse


def client_ip_address(request: HttpRequest) -> str | None:
    """The address a sign-in came from.

    Behind the council's TLS-terminating proxy (BEHIND_TLS_PROXY=1) every request reaches
    the app from the proxy, so the address is the last one in X-Forwarded-For: the one the
    proxy itself saw and appended. Addresses before it were sent by the client and could be
    anything. Without a proxy, or if that entry is not an address, the connection's own.
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if address := _address(forwarded.rsplit(",", 1)[-1]):
            return address
    return _address(request.META.get("REMOTE_ADDR", ""))


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (429), saying when to try again and who can help.

    django-axes calls this for a sign-in it refuses: on the sign-in page and the admin's.
    """
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)


def is_single_sign_on(request: HttpRequest, credentials: dict | None = None) -> bool:
    """A sign-in coming back from the council's sign-in service, which checks (and
    throttles) the password itself: not counted towards the lock-out, so that people it
    vouches for but this app refuses cannot lock out everyone behind their address."""
    return request is not None and request.path == reverse("sso-callback")
