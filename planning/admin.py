"""Administration of the council's structure, years, people, roles and plans.

Every model is here, each with its history of changes (who, when, what).
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from . import models, services


class RoleInline(admin.TabularInline):
    model = models.RoleAssignment
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["service", "directorate", "portfolio"]


@admin.register(models.Person)
class PersonAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "job_title", "service", "is_superuser"]
    list_filter = ["is_superuser", "is_active", "service__directorate"]
    search_fields = ["username", "first_name", "last_name", "email", "employee_number"]
    autocomplete_fields = ["service", "team", "line_manager"]
    inlines = [RoleInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Work", {"fields": ("employee_number", "job_title", "service", "team", "line_manager")}),
        ("Single sign-on", {"fields": ("sso_subject",)}),
    )


@admin.register(models.FinancialYear)
class FinancialYearAdmin(SimpleHistoryAdmin):
    list_display = ["label", "is_current", "sickness_average_days"]


@admin.register(models.Directorate)
class DirectorateAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(models.AssistantDirectorArea)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "directorate"]
    search_fields = ["name"]


@admin.register(models.Portfolio)
class PortfolioAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


@admin.register(models.Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "directorate", "area", "portfolio"]
    list_filter = ["directorate", "portfolio"]
    search_fields = ["name", "code"]
    list_select_related = ["directorate", "area", "portfolio"]


@admin.register(models.Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "service"]
    search_fields = ["name", "service__name"]
    list_select_related = ["service"]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "service", "directorate", "area", "portfolio"]
    list_filter = ["role"]
    search_fields = ["person__username", "person__last_name"]
    autocomplete_fields = ["person", "service", "directorate", "portfolio"]
    list_select_related = ["person", "service", "directorate", "area", "portfolio"]


@admin.register(models.GroupRole)
class GroupRoleAdmin(SimpleHistoryAdmin):
    """The roles the council's groups give at single sign-on (planning/services/sso.py)."""

    list_display = ["group", "role", "service", "directorate", "area", "portfolio"]
    list_filter = ["role"]
    search_fields = ["group"]
    autocomplete_fields = ["service", "directorate", "area", "portfolio"]
    list_select_related = ["service", "directorate", "area", "portfolio"]


class PlanAdmin(SimpleHistoryAdmin):
    list_filter = ["status"]


@admin.action(description="Start next year's plan from the selected plans")
def roll_forward(modeladmin, request, queryset):
    """Copies each plan's items into next year, keeping links up the thread, and links next
    year's copies of the items below that served them (planning.services.roll_forward)."""
    from planning import services

    for plan in queryset:
        try:
            new_plan = services.annual_plan_roll_forward(plan=plan, actor=request.user)
        except ValidationError as refusal:
            modeladmin.message_user(
                request, f"{plan}: {' '.join(refusal.messages)}", messages.ERROR
            )
        else:
            modeladmin.message_user(request, f"Started {new_plan} from {plan}", messages.SUCCESS)


@admin.register(models.CorporatePlan)
class CorporatePlanAdmin(PlanAdmin):
    list_display = ["title", "first_year", "years", "status"]


@admin.register(models.DeliveryPlan)
class DeliveryPlanAdmin(PlanAdmin):
    list_display = ["__str__", "year", "status"]
    actions = [roll_forward]


@admin.register(models.DirectoratePlan)
class DirectoratePlanAdmin(PlanAdmin):
    list_display = ["directorate", "year", "status"]
    list_filter = ["status", "year", "directorate"]
    list_select_related = ["directorate", "year"]
    actions = [roll_forward]


@admin.register(models.KeyProgramme)
class KeyProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "programme_ref"]
    search_fields = ["name", "programme_ref"]
    list_select_related = ["plan__directorate", "plan__year"]


@admin.register(models.ServicePlan)
class ServicePlanAdmin(PlanAdmin):
    list_display = ["service", "year", "status"]
    list_filter = ["status", "year", "service__directorate"]
    search_fields = ["service__name"]
    list_select_related = ["service", "year"]


@admin.register(models.PersonalDevelopmentPlan)
class PersonalDevelopmentPlanAdmin(PlanAdmin):
    list_display = ["person", "year", "status"]
    list_filter = ["status", "year"]
    search_fields = ["person__username", "person__last_name"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "year"]


class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "plan"]
    search_fields = ["ref", "title"]


@admin.register(models.Ambition)
class AmbitionAdmin(ItemAdmin):
    pass


@admin.register(models.DeliveryActivity)
class DeliveryActivityAdmin(ItemAdmin):
    autocomplete_fields = ["serves_ambition"]
    list_select_related = ["plan__year"]


@admin.register(models.DirectoratePriority)
class DirectoratePriorityAdmin(ItemAdmin):
    autocomplete_fields = ["serves_activity", "serves_ambition"]
    list_select_related = ["plan__directorate", "plan__year"]


@admin.register(models.ServiceAction)
class ServiceActionAdmin(ItemAdmin):
    list_display = ["ref", "title", "plan", "lead", "due_date"]
    autocomplete_fields = ["lead", "serves_priority", "serves_activity", "serves_ambition"]
    list_select_related = ["plan__service", "plan__year", "lead"]
    search_fields = ["ref", "title", "plan__service__name"]


@admin.register(models.PdpObjective)
class PdpObjectiveAdmin(ItemAdmin):
    autocomplete_fields = ["serves_action", "serves_priority", "serves_activity", "serves_ambition"]
    list_select_related = ["plan__person", "plan__year"]


@admin.register(models.CommitmentSource)
class CommitmentSourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


class PlanPartAdmin(SimpleHistoryAdmin):
    """A part of a Service Business Plan: listed with its plan, found by it."""

    list_select_related = ["plan__service", "plan__year"]
    raw_id_fields = ["plan"]


@admin.register(models.Impact)
class ImpactAdmin(PlanPartAdmin):
    list_display = ["title", "plan"]
    search_fields = ["title", "plan__service__name"]


@admin.register(models.Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "action", "due_date", "done"]
    raw_id_fields = ["action"]
    list_select_related = ["action"]


@admin.register(models.ActionUpdate)
class ActionUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["action", "quarter", "rag", "posted_by", "created_at"]
    list_filter = ["rag", "quarter"]
    raw_id_fields = ["action", "posted_by"]
    list_select_related = ["action", "posted_by"]

    # Each action's stored quarterly positions follow its updates, whichever way they change.
    @transaction.atomic
    def save_model(self, request, obj, form, change):
        before = models.ActionUpdate.objects.filter(pk=obj.pk).values_list("action_id", flat=True)
        moved_from = list(before) if change else []
        super().save_model(request, obj, form, change)
        services.action_positions_refresh(action_ids=[obj.action_id, *moved_from])

    @transaction.atomic
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.action_positions_refresh(action_ids=[obj.action_id])

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        action_ids = list(queryset.values_list("action_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        services.action_positions_refresh(action_ids=action_ids)


@admin.register(models.ActionQuarter)
class ActionQuarterAdmin(admin.ModelAdmin):
    """Kept from the action's updates (see ActionQuarter): shown, never entered by hand."""

    list_display = ["action", "quarter", "rag", "quarters_updated"]
    list_filter = ["quarter", "rag"]
    list_select_related = ["action"]
    raw_id_fields = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.PlanReview)
class PlanReviewAdmin(PlanPartAdmin):
    list_display = ["plan", "step", "actor", "created_at"]
    list_filter = ["step"]
    raw_id_fields = ["plan", "actor"]


@admin.register(models.SelfAssessmentEntry)
class SelfAssessmentEntryAdmin(PlanPartAdmin):
    list_display = ["plan", "theme"]


@admin.register(models.Commitment)
class CommitmentAdmin(PlanPartAdmin):
    list_display = ["title", "plan", "source", "status", "rag", "due_date"]
    raw_id_fields = ["plan", "owner"]


@admin.register(models.Assurance)
class AssuranceAdmin(PlanPartAdmin):
    list_display = ["plan", "bcp_last_tested", "delegation_last_reviewed"]


@admin.register(models.Policy)
class PolicyAdmin(PlanPartAdmin):
    list_display = ["name", "plan", "next_review"]


@admin.register(models.Contract)
class ContractAdmin(PlanPartAdmin):
    list_display = ["name", "plan", "supplier", "value", "end_date"]


@admin.register(models.BudgetLine)
class BudgetLineAdmin(PlanPartAdmin):
    list_display = ["purpose", "plan", "budget", "last_year_outturn"]


@admin.register(models.CapitalScheme)
class CapitalSchemeAdmin(PlanPartAdmin):
    list_display = ["name", "plan", "budget", "spend_to_date", "forecast", "slippage"]


@admin.register(models.Saving)
class SavingAdmin(PlanPartAdmin):
    list_display = ["name", "plan", "amount", "forecast_delivered", "at_risk", "q1_rag", "q2_rag"]
    list_display += ["q3_rag", "q4_rag"]


@admin.register(models.WorkforceTeam)
class WorkforceTeamAdmin(PlanPartAdmin):
    list_display = ["team", "plan", "fte", "vacancies", "agency"]


@admin.register(models.Workforce)
class WorkforceAdmin(PlanPartAdmin):
    list_display = ["plan", "sickness_days_per_fte"]


@admin.register(models.RevenueBudget)
class RevenueBudgetAdmin(PlanPartAdmin):
    list_display = ["plan", "original_budget", "current_budget"]


@admin.register(models.RevenueMonth)
class RevenueMonthAdmin(SimpleHistoryAdmin):
    list_display = ["budget", "month", "actual_to_date", "forecast_outturn"]
    list_select_related = ["budget__plan__service", "budget__plan__year"]
    raw_id_fields = ["budget"]


@admin.register(models.FinanceThreshold)
class FinanceThresholdAdmin(SimpleHistoryAdmin):
    list_display = ["level", "amber_percent", "amber_amount", "red_percent", "red_amount"]


@admin.register(models.ReminderCalendar)
class ReminderCalendarAdmin(SimpleHistoryAdmin):
    """The council's reminder calendar for each year: set here by an administrator."""

    list_display = ["year", "q1_update_closes", "data_deadline_day", "lead_days"]
    fieldsets = [
        (
            "Quarterly update windows",
            {
                "fields": [
                    "year",
                    "q1_update_closes",
                    "q2_update_closes",
                    "q3_update_closes",
                    "q4_update_closes",
                ]
            },
        ),
        (
            "Monthly data and reminders",
            {"fields": ["data_deadline_day", "lead_days", "escalate_after_days"]},
        ),
    ]


@admin.register(models.Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What people were told, for answering 'was I told?': read-only."""

    list_display = ["subject", "recipient", "kind", "delivery", "created_at", "read_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["subject", "recipient__username", "recipient__last_name"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Each email and whether it went: read-only."""

    list_display = ["key", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status"]
    list_select_related = ["recipient"]
    readonly_fields = ["last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.NotificationPreference)
class NotificationPreferenceAdmin(SimpleHistoryAdmin):
    """How each person is told of each kind (people set their own on their settings page)."""

    list_display = ["person", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    list_select_related = ["person"]
    search_fields = ["person__username", "person__last_name"]


@admin.register(models.ImportRun)
class ImportRunAdmin(SimpleHistoryAdmin):
    """Council imports, to read: who brought which file in, when, and how it went. A run is
    started, checked and imported only through "Bring data in", never edited here."""

    list_display = ["file_name", "kind", "status", "started_by", "started_at", "saved"]
    list_filter = ["kind", "status"]
    search_fields = ["file_name", "started_by__username"]
    date_hierarchy = "started_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
