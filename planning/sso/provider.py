"""The council's sign-in service: whether single sign-on is on, its addresses, and the
settings mozilla-django-oidc asks for, answered from Golden Thread's own.

A council names its service by its issuer (OIDC_ISSUER) and the addresses are read from
its discovery document, or names each address itself; an address it names wins.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.utils import import_from_settings

# A discovery document is read again after this long (a provider may rotate addresses).
DISCOVERY_SECONDS = 3600


class ProviderUnavailable(Exception):
    """The sign-in service could not be reached or did not describe itself."""


@dataclass(frozen=True)
class Endpoints:
    issuer: str
    authorization: str
    token: str
    userinfo: str
    jwks: str
    end_session: str


def sso_enabled() -> bool:
    """Single sign-on is on when the council has named its client and its service."""
    return bool(
        settings.OIDC_CLIENT_ID and (settings.OIDC_ISSUER or settings.OIDC_AUTHORIZATION_ENDPOINT)
    )


_discovered: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


def _discovery(issuer: str) -> dict:
    """The issuer's discovery document, kept in this process for DISCOVERY_SECONDS."""
    with _lock:
        kept = _discovered.get(issuer)
        if kept and time.monotonic() - kept[0] < DISCOVERY_SECONDS:
            return kept[1]
    url = f"{issuer.rstrip('/')}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"Could not read {url}: {error}") from error
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise ProviderUnavailable(f"{url} names another issuer: {document.get('issuer')!r}")
    with _lock:
        _discovered[issuer] = (time.monotonic(), document)
    return document


def endpoints() -> Endpoints:
    """The service's addresses: each named in the settings, otherwise discovered."""
    issuer = settings.OIDC_ISSUER
    document = _discovery(issuer) if issuer else {}

    def address(setting: str, key: str) -> str:
        return getattr(settings, setting) or document.get(key, "")

    return Endpoints(
        issuer=document.get("issuer", issuer),
        authorization=address("OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
        token=address("OIDC_TOKEN_ENDPOINT", "token_endpoint"),
        userinfo=address("OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
        jwks=address("OIDC_JWKS_ENDPOINT", "jwks_uri"),
        end_session=address("OIDC_END_SESSION_ENDPOINT", "end_session_endpoint"),
    )


# mozilla-django-oidc's setting names, answered from ours (read when asked, not at start-up,
# so that a change of settings counts at once).
_OURS = {
    "OIDC_RP_CLIENT_ID": lambda: settings.OIDC_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": lambda: settings.OIDC_CLIENT_SECRET,
    "OIDC_RP_SCOPES": lambda: settings.OIDC_SCOPES,
    "OIDC_RP_SIGN_ALGO": lambda: settings.OIDC_SIGN_ALGO,
    "OIDC_RP_IDP_SIGN_KEY": lambda: None,
    "OIDC_TIMEOUT": lambda: settings.OIDC_TIMEOUT,
    "OIDC_CREATE_USER": lambda: settings.OIDC_CREATE_USERS,
    "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: endpoints().authorization,
    "OIDC_OP_TOKEN_ENDPOINT": lambda: endpoints().token,
    "OIDC_OP_USER_ENDPOINT": lambda: endpoints().userinfo,
    "OIDC_OP_JWKS_ENDPOINT": lambda: endpoints().jwks,
    "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "sso-callback",
    # PKCE as well as the client secret; the ID token kept for signing out (id_token_hint).
    "OIDC_USE_PKCE": lambda: True,
    "OIDC_STORE_ID_TOKEN": lambda: True,
    "OIDC_STORE_ACCESS_TOKEN": lambda: False,
    "LOGIN_REDIRECT_URL_FAILURE": lambda: reverse("login"),
}


def oidc_setting(name: str, *default):
    """A setting mozilla-django-oidc asks for."""
    if name in _OURS:
        return _OURS[name]()
    return import_from_settings(name, *default)


def end_session_url(request: HttpRequest) -> str | None:
    """Where to send someone signing out so that the sign-in service ends its session too
    (RP-initiated logout), back to the sign-in page afterwards; None when they did not sign in
    through it, or it offers no way to sign out."""
    id_token = request.session.get("oidc_id_token")
    if not id_token or not sso_enabled():
        return None
    try:
        end_session = endpoints().end_session
    except ProviderUnavailable:
        return None
    if not end_session:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"
