from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("committee/tracker.xlsx", views.tracker_xlsx, name="tracker-xlsx"),
    path("committee/tracker.pdf", views.tracker_pdf, name="tracker-pdf"),
    path("committee/registers/<int:pk>.xlsx", views.register_xlsx, name="register-xlsx"),
    path("committee/registers/<int:pk>.pdf", views.register_pdf, name="register-pdf"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/actions/", views.dashboard_actions, name="dashboard-actions"),
    path("", views.report_list, name="report-list"),
    path("generate/", views.report_generate, name="report-generate"),
    path("runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("runs/<int:pk>/progress/", views.run_progress, name="run-progress"),
    path("runs/<int:pk>/report.pdf", views.run_pdf, name="run-pdf"),
    path("runs/<int:pk>/snapshot.xlsx", views.run_xlsx, name="run-xlsx"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run-retry"),
]
