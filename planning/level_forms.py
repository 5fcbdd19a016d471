"""Input parsing for the plan levels other than the Service Business Plan: Personal
Development Plans and the directorate plan on a page."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from .delivery_forms import LONG_TEXT, VersionedForm, helper
from .forms import NOT_LINKED, AnyChoiceField, ServesForm

PDP_TEXT = 5000


class ObjectiveForm(VersionedForm):
    """A personal objective and the item above it that it serves."""

    ref = forms.CharField(label="Reference (optional)", max_length=30, required=False)
    title = forms.CharField(
        label="Objective",
        help_text="What you will achieve this year, in a sentence",
        max_length=300,
        error_messages={"required": "Enter the objective"},
    )
    description = forms.CharField(
        label="How you will know it is done (optional)",
        help_text="What will show the objective has been met",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    serves = AnyChoiceField(
        label="Which item does this objective serve?",
        help_text="The golden-thread link: usually an action in your service's business plan",
        required=False,
    )

    def __init__(self, *args, objective, serves_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective
        self.fields["serves"].choices = [
            (NOT_LINKED, "Not linked yet (an orphan)"),
            *serves_choices,
        ]
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("description", rows=4, max_characters=LONG_TEXT),
            Field.select("serves"),
            Field("version"),
            button="Save objective",
        )

    @property
    def item(self):
        return self.objective

    def clean_serves(self):
        return ServesForm.clean_serves(self)


class PdpPartForm(VersionedForm):
    """One of the PDP's narrative parts: development needs or a review's notes."""

    text = forms.CharField(widget=forms.Textarea, required=False, max_length=PDP_TEXT)

    def __init__(self, *args, label: str, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
        self.helper = helper(
            Field.textarea("text", rows=10, max_characters=PDP_TEXT, label_size=Size.MEDIUM),
            Field("version"),
            button="Save",
        )


class PriorityForm(VersionedForm):
    """A directorate priority and the delivery plan activity or ambition it serves."""

    ref = forms.CharField(label="Reference (optional)", max_length=30, required=False)
    title = forms.CharField(
        label="Priority",
        help_text="What the directorate will focus on this year, in a short phrase",
        max_length=300,
        error_messages={"required": "Enter the priority"},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What will be different by the end of the year",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    serves = AnyChoiceField(
        label="Which item does this priority serve?",
        help_text="The golden-thread link: a delivery plan activity or corporate ambition",
        required=False,
    )

    def __init__(self, *args, priority, serves_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.priority = priority
        self.fields["serves"].choices = [
            (NOT_LINKED, "Not linked yet (an orphan)"),
            *serves_choices,
        ]
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("description", rows=3, max_characters=LONG_TEXT),
            Field.select("serves"),
            Field("version"),
            button="Save priority",
        )

    @property
    def item(self):
        return self.priority

    def clean_serves(self):
        return ServesForm.clean_serves(self)


PROGRAMME_SUMMARY = 600  # short enough for the printed plan on a page


class KeyProgrammeForm(VersionedForm):
    name = forms.CharField(
        label="Programme",
        max_length=200,
        error_messages={"required": "Enter the programme's name"},
    )
    summary = forms.CharField(
        label="What it will deliver this year (optional)",
        help_text="One or two sentences: it is printed on the plan on a page",
        widget=forms.Textarea,
        required=False,
        max_length=PROGRAMME_SUMMARY,
        error_messages={
            "max_length": f"What it will deliver must be {PROGRAMME_SUMMARY} characters or fewer"
        },
    )
    programme_ref = forms.CharField(
        label="Programme reference (optional)",
        help_text="The programme's reference in the council's programme-management system",
        max_length=60,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("name"),
            Field.textarea("summary", rows=3, max_characters=PROGRAMME_SUMMARY),
            Field.text("programme_ref", field_width=20),
            Field("version"),
            button="Save programme",
        )
