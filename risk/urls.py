from django.urls import path

from . import views

app_name = "risk"
urlpatterns = [
    path("", views.register_list, name="register-list"),
    path("registers/<int:pk>/", views.register_detail, name="register-detail"),
    path("registers/<int:pk>/add/", views.risk_add, name="risk-add"),
    path("plans/<int:service_plan_pk>/", views.plan_risks, name="plan-risks"),
    path("risks/<int:pk>/", views.risk_detail, name="risk-detail"),
    path("risks/<int:pk>/review/", views.risk_review, name="risk-review"),
    path("risks/<int:pk>/escalate/", views.risk_escalate, name="risk-escalate"),
    path("risks/<int:pk>/actions/add/", views.risk_action_add, name="action-add"),
    path("actions/<int:pk>/change/", views.risk_action_change, name="action-change"),
    path("actions/<int:pk>/done/", views.risk_action_done, name="action-done"),
    path("actions/<int:pk>/history/", views.risk_action_history, name="action-history"),
]
