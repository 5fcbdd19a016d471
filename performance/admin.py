"""Administration of the indicator library and the council's RAG policy."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualTarget, IndicatorDefinition, IndicatorUsage, IndicatorValue, RagPolicy


@admin.register(RagPolicy)
class RagPolicyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "green_band_percent", "updated_at"]


class UsageInline(admin.TabularInline):
    model = IndicatorUsage
    extra = 0
    raw_id_fields = ["plan", "serves_action", "serves_activity", "serves_ambition"]


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "name", "service", "type", "is_corporate", "in_delivery_plan"]
    list_filter = ["type", "is_corporate", "in_delivery_plan", "data_only", "service__directorate"]
    search_fields = ["ref", "name"]
    raw_id_fields = ["service", "owner"]
    inlines = [UsageInline]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(SimpleHistoryAdmin):
    list_display = ["definition", "year", "value", "justification"]
    list_filter = ["year", "justification"]
    raw_id_fields = ["definition"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["definition", "month", "value", "provisional", "is_late", "entered_by"]
    list_filter = ["provisional", "is_late"]
    raw_id_fields = ["definition", "entered_by"]
    date_hierarchy = "month"
