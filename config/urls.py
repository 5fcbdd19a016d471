from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from planning.forms.signin import SignInForm

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("performance/", include("performance.urls")),
    path("risk/", include("risk.urls")),
    path("audit/", include("audit.urls")),
    path("reports/", include("reporting.urls")),
    path("", include("planning.urls")),
]
