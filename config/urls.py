from django.contrib import admin
from django.urls import include, path

from planning.views import signin

urlpatterns = [
    path("accounts/login/", signin.sign_in_view, name="login"),
    path("accounts/break-glass/", signin.break_glass_view, name="break-glass"),
    path("accounts/logout/", signin.sign_out_view, name="logout"),
    path("accounts/sso/start/", signin.ProviderStartView.as_view(), name="sso-start"),
    path("accounts/sso/callback/", signin.ProviderCallbackView.as_view(), name="sso-callback"),
    path("admin/", admin.site.urls),
    path("performance/", include("performance.urls")),
    path("risk/", include("risk.urls")),
    path("audit/", include("audit.urls")),
    path("reports/", include("reporting.urls")),
    path("", include("planning.urls")),
]
