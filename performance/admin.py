"""Administration of the indicator library and the council's RAG policy.

A save or removal here rewrites the indicator's stored ratings in the same transaction, as
the services do. The RAG policy is read-only here: it is changed on its own page, which
recalculates every rating in the background; so are an indicator's rating rules once it
exists, which change by version on the indicator's own page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    RULE_FIELDS,
    AnnualTarget,
    IndicatorDefinition,
    IndicatorUsage,
    IndicatorValue,
    RagPolicy,
)
from .stored import ratings_refresh


@admin.register(RagPolicy)
class RagPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "green_band_percent", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class RatingsFollow:
    """Admin saves and removals refresh the stored ratings they change."""

    def refresh(self, objs) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        self.refresh([obj])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        self.refresh([obj])

    def delete_queryset(self, request, queryset) -> None:
        objs = list(queryset)
        super().delete_queryset(request, queryset)
        self.refresh(objs)


class UsageInline(admin.TabularInline):
    model = IndicatorUsage
    extra = 0
    raw_id_fields = ["plan", "serves_action", "serves_activity", "serves_ambition"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(RatingsFollow, SimpleHistoryAdmin):
    list_display = ["ref", "name", "service", "type", "is_corporate", "in_delivery_plan"]
    list_filter = ["type", "is_corporate", "in_delivery_plan", "data_only", "service__directorate"]
    search_fields = ["ref", "name"]
    raw_id_fields = ["service", "owner"]
    inlines = [UsageInline]

    def get_readonly_fields(self, request, obj=None):
        # An indicator's rating rules change by version, from a month on, on its own page
        # (which asks from when); a change here would apply to every period at once.
        fields = super().get_readonly_fields(request, obj)
        return fields if obj is None else (*fields, *RULE_FIELDS)

    def refresh(self, objs) -> None:
        ratings_refresh(definition_ids=[obj.pk for obj in objs if obj.pk])


@admin.register(AnnualTarget)
class AnnualTargetAdmin(RatingsFollow, SimpleHistoryAdmin):
    list_display = ["definition", "year", "value", "justification"]
    list_filter = ["year", "justification"]
    raw_id_fields = ["definition"]

    def refresh(self, objs) -> None:
        # every year: an edit here may have moved the target to another year
        ratings_refresh(definition_ids=[obj.definition_id for obj in objs])


@admin.register(IndicatorValue)
class IndicatorValueAdmin(RatingsFollow, SimpleHistoryAdmin):
    list_display = ["definition", "month", "value", "provisional", "is_late", "entered_by"]
    list_filter = ["provisional", "is_late"]
    raw_id_fields = ["definition", "entered_by"]
    date_hierarchy = "month"

    def refresh(self, objs) -> None:
        # every year: an edit here may have moved the value to another month
        ratings_refresh(definition_ids=[obj.definition_id for obj in objs])
