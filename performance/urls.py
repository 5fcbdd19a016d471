from django.urls import path

from . import definition_views, link_views, views

app_name = "performance"
urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator-list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/target/", views.indicator_target, name="indicator-target"),
    path("indicators/<int:pk>/change/", definition_views.indicator_edit, name="indicator-edit"),
    path(
        "indicators/<int:pk>/history/",
        definition_views.indicator_history,
        name="indicator-history",
    ),
    path("rag-policy/", definition_views.rag_policy, name="rag-policy"),
    path(
        "rag-policy/recalculation/",
        definition_views.rag_policy_progress,
        name="rag-policy-progress",
    ),
    path("plans/<int:pk>/indicators/", views.plan_indicators, name="plan-indicators"),
    path("plans/<int:pk>/indicators/values/", views.plan_values, name="plan-values"),
    path("plans/<int:pk>/indicators/upload/", views.plan_upload, name="plan-upload"),
    path(
        "plans/<int:pk>/indicators/upload/template.xlsx",
        views.plan_upload_template,
        name="plan-upload-template",
    ),
    path("plans/<int:pk>/indicator-definitions/", views.plan_definitions, name="plan-definitions"),
    path(
        "plans/<int:pk>/indicator-definitions/new/",
        views.plan_definition_new,
        name="plan-definition-new",
    ),
    path(
        "plans/<int:pk>/indicator-definitions/use/",
        views.plan_definition_use,
        name="plan-definition-use",
    ),
    path(
        "indicator-usages/<int:pk>/measures/",
        link_views.usage_serves,
        name="usage-serves",
    ),
]
