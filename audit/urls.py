from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("plans/<int:service_plan_pk>/", views.plan_recommendations, name="plan-recommendations"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path(
        "recommendations/<int:pk>/update/",
        views.recommendation_update,
        name="recommendation-update",
    ),
    path("recommendations/<int:pk>/extend/", views.extension_request, name="extension-request"),
    path("extensions/<int:pk>/", views.extension_decide, name="extension-decide"),
    path("audits/", views.audit_list, name="audit-list"),
    path("audits/add/", views.audit_add, name="audit-add"),
    path("audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path(
        "audits/<int:pk>/recommendations/add/",
        views.recommendation_add,
        name="recommendation-add",
    ),
]
