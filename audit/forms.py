"""Input parsing for the recommendation tracker."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core import numbers
from core.forms import GovDateField, UKIntegerField, helper, long_text_field, numbers_as_text

from .models import AUDIT_SOURCES, Opinion, Rag, Source, Status, priority_choices


class UpdateForm(forms.Form):
    """The quarterly progress update a recommendation's owner posts."""

    status = forms.ChoiceField(
        choices=Status.choices,
        label="Status",
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status"},
    )
    percent_complete = UKIntegerField(
        label="Percentage complete",
        what="the percentage complete",
        kind=numbers.PERCENTAGE,
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the percentage complete",
            "invalid": "Enter the percentage complete as a whole number, like 40",
            "min_value": "Percentage complete must be 0 or more",
            "max_value": "Percentage complete must be 100 or less",
        },
    )
    commentary = long_text_field(
        "Progress this quarter", missing="Enter the progress made this quarter", max_length=None
    )
    rag_override = forms.ChoiceField(
        label="Override the calculated RAG status (optional)",
        required=False,
        choices=[("", "No: use the calculated status"), *Rag.choices],
    )
    rag_override_reason = long_text_field("Why is the RAG status overridden?", max_length=None)
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self)
        self.helper = helper(
            Field.select("status"),
            Field.text("percent_complete", field_width=3),
            Field.textarea("commentary", label_size=Size.SMALL),
            Field.select("rag_override"),
            Field.textarea("rag_override_reason", label_size=Size.SMALL),
            Field("version"),
            button="Save update",
        )

    def clean(self):
        data = super().clean()
        if data.get("rag_override") and not data.get("rag_override_reason", "").strip():
            self.add_error("rag_override_reason", "Enter why the RAG status is overridden")
        return data


class ExtensionForm(forms.Form):
    """Ask for a later due date."""

    proposed_date = GovDateField(name="the new due date", required=True, label="New due date")
    reason = long_text_field(
        "Why is more time needed?", missing="Enter why more time is needed", max_length=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_date"].help_text = "For example, 31 3 2027"
        self.helper = helper(
            Field("proposed_date"),
            Field.textarea("reason", label_size=Size.SMALL),
            button="Request extension",
        )


class DecisionForm(forms.Form):
    """A performance lead's decision on an extension request."""

    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve the new due date"), ("refuse", "Refuse")],
        error_messages={"required": "Choose approve or refuse"},
    )
    note = long_text_field("Note (needed if you refuse)", max_length=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("note", label_size=Size.SMALL),
            button="Save decision",
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", "Enter why the extension is refused")
        return data


class AuditForm(forms.Form):
    """An audit report or another source of commitments: who produced it, when, its
    assurance opinion and the services it covers."""

    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the audit's title"}
    )
    source = forms.ChoiceField(
        label="Who produced it?",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who produced it",
            "invalid_choice": "Choose who produced it from the list",
        },
    )
    body = forms.CharField(
        label="Name of the auditor or body",
        help_text="For example, the internal audit partnership or the external auditor's firm",
        max_length=200,
        error_messages={"required": "Enter the name of the auditor or body"},
    )
    report_date = GovDateField(
        name="the report date",
        label="Report date",
        help_text="For example, 27 3 2026",
        required=True,
    )
    opinion = forms.ChoiceField(
        label="Assurance opinion",
        help_text="Needed for internal and external audits",
        choices=Opinion.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose an assurance opinion from the list"},
    )
    services = forms.TypedMultipleChoiceField(
        label="Services covered",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one service covered",
            "invalid_choice": "Choose services from the list",
        },
    )

    def __init__(self, *args, services: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = services
        self.helper = helper(
            Field.text("title"),
            Field.radios("source", legend_size=Size.SMALL),
            Field.text("body"),
            Field("report_date"),
            Field.radios("opinion", legend_size=Size.SMALL),
            Field.checkboxes("services", legend_size=Size.SMALL, small=True),
            button="Save audit",
        )

    def clean(self):
        data = super().clean()
        if data.get("source") in AUDIT_SOURCES and not data.get("opinion"):
            self.add_error("opinion", "Choose the assurance opinion")
        return data


class RecommendationForm(forms.Form):
    """A recommendation from an audit, with the action management agreed, its owner and
    its due date (fixed once recorded)."""

    ref = forms.CharField(
        label="Reference", max_length=30, error_messages={"required": "Enter a reference"}
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the recommendation's title"},
    )
    priority = forms.TypedChoiceField(
        label="Priority",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a priority",
            "invalid_choice": "Choose a priority from the list",
        },
    )
    finding = long_text_field("Finding", max_length=None)
    recommendation = long_text_field(
        "Recommendation", missing="Enter the recommendation", max_length=None
    )
    agreed_action = long_text_field(
        "Agreed management action", missing="Enter the action management agreed", max_length=None
    )
    service = forms.TypedChoiceField(
        label="Service",
        coerce=int,
        error_messages={
            "required": "Choose the service",
            "invalid_choice": "Choose a service this audit covers",
        },
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        help_text="Someone who works in the chosen service",
        coerce=int,
        error_messages={
            "required": "Choose the owner",
            "invalid_choice": "Choose an owner from the list",
        },
    )
    due = GovDateField(
        name="the agreed due date",
        label="Agreed due date",
        help_text="Fixed once saved: later dates come only through approved extensions. "
        "For example, 31 3 2027",
        required=True,
    )

    def __init__(self, *args, services, owners, owner_services: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_services = owner_services
        self.fields["priority"].choices = priority_choices()
        self.fields["service"].choices = [("", "Choose a service"), *services]
        self.fields["owner"].choices = [("", "Choose a person"), *owners]
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.radios("priority", legend_size=Size.SMALL, inline=True),
            Field.textarea("finding", rows=3),
            Field.textarea("recommendation", rows=3),
            Field.textarea("agreed_action", rows=3),
            Field.select("service"),
            Field.select("owner"),
            Field("due"),
            button="Save recommendation",
        )

    def clean(self):
        data = super().clean()
        owner, service = data.get("owner"), data.get("service")
        if owner and service and self.owner_services.get(owner) != service:
            self.add_error("owner", "Choose an owner who works in the chosen service")
        return data
