"""Input parsing for Personal Development Plans and the directorate plan on a page."""

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
