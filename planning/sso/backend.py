"""Checking a single sign-on: mozilla-django-oidc's code flow (state, nonce, PKCE, the ID
token's signature), with the token's issuer and audience checked as well, and the person
found, added and given their groups' roles by planning/services/sso.py."""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from planning.backends import PersonBackend
from planning.models import Person
from planning.services.sso import SignInRefused, person_signed_in_with_provider

from .provider import ProviderUnavailable, endpoints, oidc_setting, sso_enabled

logger = logging.getLogger(__name__)


class _Setting:
    """An attribute mozilla-django-oidc reads on the backend, answered when read."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, backend, owner=None):
        return oidc_setting(self.name)


class ProviderBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)
    OIDC_OP_TOKEN_ENDPOINT = _Setting("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _Setting("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _Setting("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _Setting("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _Setting("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _Setting("OIDC_RP_SIGN_ALGO")
    OIDC_RP_IDP_SIGN_KEY = _Setting("OIDC_RP_IDP_SIGN_KEY")

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every sign-in and session read: nothing is read from
        # the sign-in service here (the settings above are read when used).
        self.UserModel = Person

    def authenticate(self, request, **kwargs):
        """The person coming back from the sign-in service with a code, or None."""
        if request is None or not sso_enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (ProviderUnavailable, requests.RequestException):
            # Shown as a sign-in that did not complete (the callback's message).
            logger.exception("Single sign-on: the sign-in service could not be reached")
            return None

    def _verify_jws(self, payload, key):
        """The ID token signed by the service, for this app (audience) and from this
        service (issuer), and not expired — mozilla-django-oidc checks only the signature."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is not signed with OIDC_SIGN_ALGO")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=settings.OIDC_CLIENT_ID,
                issuer=endpoints().issuer or None,
                options={"verify_iss": bool(endpoints().issuer), "require": ["exp", "iat"]},
                leeway=60,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"The ID token was refused: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims with the userinfo endpoint's added (Entra ID puts the
        groups in the ID token only; other services in userinfo only)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(settings.OIDC_SUBJECT_CLAIM))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation(f"No {settings.OIDC_SUBJECT_CLAIM} claim")
        try:
            return person_signed_in_with_provider(claims=claims)
        except SignInRefused as refusal:
            logger.warning("Single sign-on refused: %s", refusal)
            if self.request is not None:
                self.request.sso_refusal = str(refusal)
            return None

    # The person and their permissions come from PersonBackend, as for any sign-in.
    def get_user(self, user_id):
        return PersonBackend().get_user(user_id)

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
