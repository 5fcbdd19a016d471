"""Input parsing for the recommendation tracker."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .models import Rag, Status


class UpdateForm(forms.Form):
    """The quarterly progress update a recommendation's owner posts."""

    status = forms.ChoiceField(
        choices=Status.choices,
        label="Status",
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status"},
    )
    percent_complete = forms.IntegerField(
        label="Percentage complete",
        min_value=0,
        max_value=100,
        error_messages={
            "required": "Enter the percentage complete",
            "invalid": "Enter the percentage complete as a whole number, like 40",
            "min_value": "Percentage complete must be 0 or more",
            "max_value": "Percentage complete must be 100 or less",
        },
    )
    commentary = forms.CharField(
        label="Progress this quarter",
        widget=forms.Textarea,
        error_messages={"required": "Enter the progress made this quarter"},
    )
    rag_override = forms.ChoiceField(
        label="Override the calculated RAG status (optional)",
        required=False,
        choices=[("", "No: use the calculated status"), *Rag.choices],
    )
    rag_override_reason = forms.CharField(
        label="Why is the RAG status overridden?", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("status"),
            Field.text("percent_complete", field_width=3),
            Field.textarea("commentary", label_size=Size.SMALL),
            Field.select("rag_override"),
            Field.textarea("rag_override_reason", label_size=Size.SMALL),
            Button("submit", "Save update"),
        )

    def clean(self):
        data = super().clean()
        if data.get("rag_override") and not data.get("rag_override_reason", "").strip():
            self.add_error("rag_override_reason", "Enter why the RAG status is overridden")
        return data


class ExtensionForm(forms.Form):
    """Ask for a later due date."""

    proposed_date = DateInputField(label="New due date", require_all_fields=False)
    reason = forms.CharField(
        label="Why is more time needed?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why more time is needed"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_date"].help_text = "For example, 31 3 2027"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("proposed_date"),
            Field.textarea("reason", label_size=Size.SMALL),
            Button("submit", "Request extension"),
        )


class DecisionForm(forms.Form):
    """A performance lead's decision on an extension request."""

    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[("approve", "Approve the new due date"), ("refuse", "Refuse")],
        error_messages={"required": "Choose approve or refuse"},
    )
    note = forms.CharField(
        label="Note (needed if you refuse)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("note", label_size=Size.SMALL),
            Button("submit", "Save decision"),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("note", "").strip():
            self.add_error("note", "Enter why the extension is refused")
        return data
