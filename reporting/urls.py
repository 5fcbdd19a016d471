from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("committee/tracker.xlsx", views.tracker_xlsx, name="tracker-xlsx"),
    path("committee/tracker.pdf", views.tracker_pdf, name="tracker-pdf"),
    path("committee/registers/<int:pk>.xlsx", views.register_xlsx, name="register-xlsx"),
    path("committee/registers/<int:pk>.pdf", views.register_pdf, name="register-pdf"),
]
