"""Administration of audits, other sources of commitments and their recommendations.

Once a recommendation's action is agreed its original due date is read-only (and the
database refuses a change); revised dates come only through approved extensions.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["title", "source", "body", "report_date", "opinion"]
    list_filter = ["source", "opinion"]
    search_fields = ["title", "body"]
    filter_horizontal = ["services"]


@admin.register(models.Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "service", "priority", "status", "original_due_date"]
    list_filter = ["status", "priority", "audit__source"]
    search_fields = ["ref", "title"]
    raw_id_fields = ["owner", "audit", "service"]
    list_select_related = ["service"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["revised_due_date", "revision_reason", "revision_count"]
        if obj is not None and obj.agreed_on is not None:
            fixed += ["original_due_date", "agreed_on"]
        return fixed


@admin.register(models.ExtensionRequest)
class ExtensionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "proposed_date", "decision", "decided_by", "decided_at"]
    list_filter = ["decision"]
    raw_id_fields = ["recommendation", "requested_by", "decided_by"]
    readonly_fields = [
        "decision",
        "decided_by",
        "decided_at",
        "entered_by",
        "entered_at",
        "imported_from",
    ]


@admin.register(models.RecommendationUpdate)
class RecommendationUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "at", "by", "status", "percent_complete"]
    raw_id_fields = ["recommendation", "by"]
    list_select_related = ["recommendation", "by"]


@admin.register(models.TrackerRule)
class TrackerRuleAdmin(SimpleHistoryAdmin):
    """The council chooses the recommendations' RAG rule here: the newest row is in force."""

    list_display = ["__str__", "green_margin", "amber_margin", "green_share", "amber_share"]
