"""Administration of risk matrices, registers, appetites and risks.

A matrix used by any register is read-only here: the "Save as a new version" action copies
it, and registers move to the copy when an administrator chooses.
"""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from . import models, services


@admin.register(models.RiskMatrix)
class RiskMatrixAdmin(SimpleHistoryAdmin):
    list_display = ["name", "version", "in_use"]
    actions = ["make_new_version"]

    @admin.display(boolean=True, description="in use")
    def in_use(self, obj) -> bool:
        return services.matrix_in_use(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and services.matrix_in_use(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and services.matrix_in_use(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            services.matrix_update(
                matrix=obj,
                actor=request.user,
                **{f: form.cleaned_data[f] for f in form.changed_data},
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="Save as a new version (for changes to a matrix in use)")
    def make_new_version(self, request, queryset):
        for matrix in queryset:
            copy = services.matrix_new_version(matrix=matrix, actor=request.user)
            self.message_user(request, f"Made {copy}", messages.SUCCESS)


@admin.register(models.RiskRegister)
class RiskRegisterAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "level", "matrix"]
    list_filter = ["level"]
    list_select_related = ["service", "directorate", "matrix"]


@admin.register(models.CategoryAppetite)
class CategoryAppetiteAdmin(SimpleHistoryAdmin):
    list_display = ["category", "appetite"]


class RiskActionInline(admin.TabularInline):
    model = models.RiskAction
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(models.Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "register", "owner", "status", "escalated_to"]
    list_filter = ["status", "register__level", "category"]
    search_fields = ["ref", "title"]
    raw_id_fields = [
        "owner",
        "register",
        "threatens_action",
        "threatens_priority",
        "threatens_ambition",
    ]
    readonly_fields = ["escalated_to", "next_review_date"]
    inlines = [RiskActionInline]
    list_select_related = ["register__service", "register__directorate", "owner"]


@admin.register(models.RiskReview)
class RiskReviewAdmin(SimpleHistoryAdmin):
    list_display = [
        "risk",
        "start_year",
        "quarter",
        "likelihood",
        "impact",
        "score_given",
        "reviewed_by",
        "entered_by",
        "entered_at",
    ]
    list_filter = ["start_year", "quarter"]
    raw_id_fields = ["risk", "reviewed_by"]
    # who typed it in, when, and from which file: never edited
    readonly_fields = ["entered_by", "entered_at", "imported_from"]
    list_select_related = ["risk", "reviewed_by", "entered_by"]


@admin.register(models.RiskEscalation)
class RiskEscalationAdmin(SimpleHistoryAdmin):
    """The escalation log is written by escalating a risk; here it is read only."""

    list_display = ["risk", "from_level", "to_level", "by", "at"]
    list_select_related = ["risk", "by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.RiskAction)
class RiskActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "risk", "owner", "due_date", "status"]
    raw_id_fields = ["risk", "owner"]
    list_select_related = ["risk", "owner"]
