from django.urls import path, register_converter

from . import views
from .views import (
    assurance,
    delivery,
    directorate,
    finance,
    history,
    imports,
    levels,
    lifecycle,
    notifications,
    pdp,
    registers,
    resources,
    sections,
    workbook,
    worklists,
)


class PlanKind:
    regex = "corporate|delivery|directorate|service|pdp"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ItemKind(PlanKind):
    regex = "ambition|activity|priority|action|objective"


class ResourceKind(PlanKind):
    regex = "budget|capital|saving|team"


class RegisterKind(PlanKind):
    regex = "budget|capital|saving|team|policy|contract"


class HistoryKind(PlanKind):
    regex = (
        "action|impact|milestone|commitment|plan|budget|capital|saving|team|policy|contract"
        "|revenue|forecast|objective|pdp|ambition|activity|priority|programme"
        "|selfassessment|assurance|workforce"
    )


register_converter(PlanKind, "plankind")
register_converter(HistoryKind, "historykind")
register_converter(ResourceKind, "resourcekind")
register_converter(RegisterKind, "registerkind")
register_converter(ItemKind, "itemkind")

app_name = "planning"
urlpatterns = [
    path("", views.home, name="home"),
    path("organisation/", views.directorate_list, name="directorate-list"),
    path(
        "organisation/directorates/<int:pk>/", views.directorate_detail, name="directorate-detail"
    ),
    path("organisation/services/<int:pk>/", views.service_detail, name="service-detail"),
    path("plans/<plankind:kind>/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("thread/<itemkind:kind>/<int:pk>/", views.thread, name="thread"),
    path("thread/<itemkind:kind>/<int:pk>/branch/", views.thread_branch, name="thread-branch"),
    path("thread/<itemkind:kind>/<int:pk>/serves/", views.item_serves, name="item-serves"),
    path("orphans/", views.orphans, name="orphans"),
    # The Service Business Plan's sections.
    path(
        "plans/service/<int:pk>/self-assessment/",
        sections.plan_self_assessment,
        name="plan-self-assessment",
    ),
    path(
        "plans/service/<int:pk>/self-assessment/<slug:theme>/",
        sections.self_assessment_edit,
        name="self-assessment-edit",
    ),
    path(
        "plans/service/<int:pk>/commitments/",
        sections.plan_commitments,
        name="plan-commitments",
    ),
    path(
        "plans/service/<int:pk>/commitments/add/",
        sections.commitment_add,
        name="commitment-add",
    ),
    path("commitments/<int:pk>/edit/", sections.commitment_edit, name="commitment-edit"),
    path(
        "plans/service/<int:pk>/workbook.xlsx",
        workbook.plan_workbook_download,
        name="plan-workbook",
    ),
    path(
        "plans/service/<int:pk>/import/",
        workbook.plan_workbook_import,
        name="plan-import",
    ),
    path("plans/service/<int:pk>/resources/", resources.plan_resources, name="plan-resources"),
    path("plans/service/<int:pk>/finance/", finance.plan_finance, name="plan-finance"),
    path(
        "plans/service/<int:pk>/finance/budget/",
        finance.revenue_budget_edit,
        name="revenue-budget-edit",
    ),
    path(
        "plans/service/<int:pk>/finance/<int:year>/<int:month>/",
        finance.revenue_month_edit,
        name="revenue-month-edit",
    ),
    path("finance/", finance.finance_overview, name="finance-overview"),
    path("finance/thresholds/", finance.finance_thresholds, name="finance-thresholds"),
    path("finance/upload/", finance.finance_upload, name="finance-upload"),
    path(
        "finance/upload/capital/",
        finance.finance_upload,
        {"kind": "capital"},
        name="finance-upload-capital",
    ),
    path(
        "finance/upload/capital/template.xlsx",
        finance.finance_upload_template,
        {"kind": "capital"},
        name="finance-upload-capital-template",
    ),
    path(
        "finance/upload/template.xlsx",
        finance.finance_upload_template,
        name="finance-upload-template",
    ),
    path(
        "plans/service/<int:pk>/resources/<resourcekind:kind>/add/",
        resources.resource_add,
        name="resource-add",
    ),
    path(
        "resources/<resourcekind:kind>/<int:pk>/edit/",
        resources.resource_edit,
        name="resource-edit",
    ),
    path(
        "plans/service/<int:pk>/resources/workforce/",
        resources.workforce_edit,
        name="workforce-edit",
    ),
    path(
        "registers/<registerkind:kind>/<int:pk>/remove/",
        registers.register_row_remove,
        name="register-row-remove",
    ),
    path("plans/service/<int:pk>/assurance/", assurance.plan_assurance, name="plan-assurance"),
    path(
        "plans/service/<int:pk>/assurance/checklist/",
        assurance.assurance_edit,
        name="assurance-edit",
    ),
    path("plans/service/<int:pk>/policies/add/", assurance.policy_add, name="policy-add"),
    path("policies/<int:pk>/edit/", assurance.policy_edit, name="policy-edit"),
    path("plans/service/<int:pk>/contracts/add/", assurance.contract_add, name="contract-add"),
    path("contracts/<int:pk>/edit/", assurance.contract_edit, name="contract-edit"),
    path("plans/service/<int:pk>/delivery/", delivery.plan_delivery, name="plan-delivery"),
    path("plans/service/<int:pk>/impacts/add/", delivery.impact_add, name="impact-add"),
    path("impacts/<int:pk>/edit/", delivery.impact_edit, name="impact-edit"),
    path("plans/service/<int:pk>/actions/add/", delivery.action_add, name="action-add"),
    path("actions/<int:pk>/", delivery.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", delivery.action_edit, name="action-edit"),
    path("actions/<int:pk>/revise-due-date/", delivery.action_revise, name="action-revise"),
    path("actions/<int:pk>/update/", delivery.action_update, name="action-update"),
    path("actions/<int:pk>/milestones/", delivery.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/toggle/", delivery.milestone_toggle, name="milestone-toggle"),
    path("history/<historykind:kind>/<int:pk>/", history.item_history, name="item-history"),
    path("my-updates/", delivery.my_updates, name="my-updates"),
    path("updates/missing/", worklists.missing_update_list, name="missing-updates"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path(
        "notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification-read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path(
        "notifications/settings/",
        notifications.notification_settings,
        name="notification-settings",
    ),
    path("notifications/stop/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    # QA: submit, return or sign off, publish, roll forward.
    path("plans/service/<int:pk>/submit/", lifecycle.plan_submit, name="plan-submit"),
    path("plans/service/<int:pk>/review/", lifecycle.plan_review, name="plan-review"),
    path("plans/service/<int:pk>/publish/", lifecycle.plan_publish, name="plan-publish"),
    path(
        "plans/service/<int:pk>/roll-forward/",
        lifecycle.plan_roll_forward,
        name="plan-roll-forward",
    ),
    path("qa/", lifecycle.qa_queue, name="qa-queue"),
    # Personal Development Plans.
    path("plans/pdp/<int:pk>/objectives/add/", pdp.objective_add, name="objective-add"),
    path("objectives/<int:pk>/edit/", pdp.objective_edit, name="objective-edit"),
    path("plans/pdp/<int:pk>/<slug:part>/", pdp.pdp_part_edit, name="pdp-part-edit"),
    # The directorate plan on a page.
    path("plans/directorate/<int:pk>/print/", directorate.plan_print, name="directorate-print"),
    path(
        "plans/directorate/<int:pk>/priorities/add/",
        levels.item_add,
        {"kind": "priority"},
        name="priority-add",
    ),
    path("priorities/<int:pk>/edit/", levels.item_edit, {"kind": "priority"}, name="priority-edit"),
    # The Corporate Plan's ambitions and the Delivery Plan's activities.
    path(
        "plans/corporate/<int:pk>/ambitions/add/",
        levels.item_add,
        {"kind": "ambition"},
        name="ambition-add",
    ),
    path("ambitions/<int:pk>/edit/", levels.item_edit, {"kind": "ambition"}, name="ambition-edit"),
    path(
        "plans/delivery/<int:pk>/activities/add/",
        levels.item_add,
        {"kind": "activity"},
        name="activity-add",
    ),
    path("activities/<int:pk>/edit/", levels.item_edit, {"kind": "activity"}, name="activity-edit"),
    path(
        "plans/directorate/<int:pk>/programmes/add/",
        directorate.programme_add,
        name="programme-add",
    ),
    path("programmes/<int:pk>/edit/", directorate.programme_edit, name="programme-edit"),
    path("accessibility/", views.accessibility, name="accessibility"),
]

urlpatterns += [
    path("imports/", imports.bring_in, name="import-kinds"),
    path(
        "imports/kinds/<slug:slug>/template.<str:fmt>",
        imports.import_template,
        name="import-template",
    ),
    path("imports/kinds/<slug:slug>/", imports.import_upload, name="import-upload"),
    path("imports/runs/<int:pk>/", imports.import_run, name="import-run"),
    path(
        "imports/runs/<int:pk>/progress/", imports.import_run_progress, name="import-run-progress"
    ),
    path("imports/runs/<int:pk>/import/", imports.import_run_save, name="import-run-save"),
]
