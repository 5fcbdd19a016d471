"""Input parsing for a plan's written sections: the narratives and the commitments from
audits, inspections and other sources."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import LONG_TEXT, GovDateField, VersionedForm, helper, long_text_field
from planning.models import CommitmentStatus, DeliveryRag


class NarrativeForm(VersionedForm):
    narrative = long_text_field(
        "Your assessment",
        help_text="An honest account: what is going well, what is not, and how you know",
        max_length=5000,
    )

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].label = label
        self.helper = helper(
            Field.textarea("narrative", rows=12, max_characters=5000, label_size=Size.MEDIUM),
            Field("version"),
            button="Save",
        )


class CommitmentForm(VersionedForm):
    source = forms.TypedChoiceField(
        label="Where does it come from?",
        coerce=int,
        error_messages={"required": "Select where the commitment comes from"},
    )
    title = forms.CharField(
        label="Recommendation",
        max_length=500,
        error_messages={"required": "Enter the recommendation"},
    )
    agreed_action = long_text_field("Agreed action", help_text="What the service will do about it")
    owner = forms.TypedChoiceField(label="Owner", coerce=int, required=False, empty_value=None)
    due_date = GovDateField(
        name="the due date", label="Due date", help_text="For example, 31 3 2027"
    )
    status = forms.ChoiceField(
        label="Status",
        choices=CommitmentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    rag = forms.ChoiceField(
        label="RAG status",
        required=False,
        choices=[("", "Not rated yet"), *DeliveryRag.choices],
    )

    def __init__(self, *args, sources, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Choose a source"), *sources]
        self.fields["owner"].choices = [("", "Not chosen yet"), *owners]
        self.helper = helper(
            Field.select("source"),
            Field.text("title"),
            Field.textarea("agreed_action", rows=4, max_characters=LONG_TEXT),
            Field.select("owner"),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.select("rag"),
            Field("version"),
            button="Save commitment",
        )
