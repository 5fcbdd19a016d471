from django.urls import path

from . import chaser_views, views
from .models import ReportKind

app_name = "reporting"
urlpatterns = [
    path(
        "committee/tracker.xlsx",
        views.tracker_download,
        {"kind": ReportKind.TRACKER_XLSX},
        name="tracker-xlsx",
    ),
    path(
        "committee/tracker.pdf",
        views.tracker_download,
        {"kind": ReportKind.TRACKER_PDF},
        name="tracker-pdf",
    ),
    path(
        "committee/registers/<int:pk>.xlsx",
        views.register_download,
        {"kind": ReportKind.REGISTER_XLSX},
        name="register-xlsx",
    ),
    path(
        "committee/registers/<int:pk>.pdf",
        views.register_download,
        {"kind": ReportKind.REGISTER_PDF},
        name="register-pdf",
    ),
    path("downloads/", views.download_list, name="download-list"),
    path("downloads/<int:pk>/file", views.run_download, name="run-download"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/actions/", views.dashboard_actions, name="dashboard-actions"),
    path("", views.report_list, name="report-list"),
    path("generate/", views.report_generate, name="report-generate"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/report.pdf", views.run_pdf, name="run-pdf"),
    path("runs/<int:pk>/snapshot.xlsx", views.run_xlsx, name="run-xlsx"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run-retry"),
    path("chasers/", chaser_views.chaser_preview, name="chaser"),
    path("chasers/send/", chaser_views.chaser_send, name="chaser-send"),
    path("chasers/values/", chaser_views.values_chaser_preview, name="chaser-values"),
    path("chasers/values/send/", chaser_views.values_chaser_send, name="chaser-values-send"),
]
