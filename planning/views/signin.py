"""Signing in and out: with the council's sign-in service (single sign-on), with a
password where the council keeps them, and the administrators' break-glass sign-in."""

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from mozilla_django_oidc import views as oidc_views

from planning.forms.signin import BreakGlassForm, SignInForm
from planning.sso.provider import ProviderUnavailable, end_session_url, oidc_setting, sso_enabled


def _sign_in_context() -> dict:
    return {
        "sso": sso_enabled(),
        "provider_name": settings.OIDC_PROVIDER_NAME,
        "passwords": settings.LOCAL_SIGNIN,
    }


@require_http_methods(["GET", "POST"])
def sign_in_view(request):
    """The sign-in page: "Sign in with <the council's service>" where single sign-on is on,
    and the password form unless the council has switched passwords off (LOCAL_SIGNIN=0),
    when a password sent here is refused (administrators use the break-glass page)."""
    if settings.LOCAL_SIGNIN:
        return auth_views.LoginView.as_view(
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
            extra_context=_sign_in_context(),
        )(request)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    refused = request.method == "POST"
    context = {**_sign_in_context(), "passwords_refused": refused, "next": _next(request)}
    return render(request, "registration/login.html", context, status=403 if refused else 200)


def _next(request) -> str:
    return request.GET.get("next", "")


break_glass_view = require_http_methods(["GET", "POST"])(
    auth_views.LoginView.as_view(
        authentication_form=BreakGlassForm,
        template_name="registration/break_glass.html",
        redirect_authenticated_user=True,
    )
)


@require_POST
def sign_out_view(request):
    """Sign out here and, for someone who signed in through the council's sign-in service,
    there too where it offers that (RP-initiated logout), coming back to the sign-in page."""
    leave_to = end_session_url(request)
    auth.logout(request)
    return redirect(leave_to or settings.LOGOUT_REDIRECT_URL)


class ProviderStartView(oidc_views.OIDCAuthenticationRequestView):
    """Sends the person to the council's sign-in service (404 where single sign-on is off;
    503 with a page saying so when the service cannot be reached)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable:
            return render(
                request, "registration/sso_unavailable.html", _sign_in_context(), status=503
            )
        self.OIDC_RP_CLIENT_ID = settings.OIDC_CLIENT_ID
        return super().get(request)


class ProviderCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """Where the sign-in service sends the person back: signed in, or back on the sign-in
    page with what went wrong."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        return super().get(request)

    def login_failure(self):
        messages.error(
            self.request,
            f"You could not be signed in with {settings.OIDC_PROVIDER_NAME}. If this goes on,"
            " contact your administrator: your account may not be set up here yet.",
        )
        return super().login_failure()
