"""Input parsing for risk pages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from .models import Level


def _levels(levels: list[dict]) -> list[tuple[str, str]]:
    return [(str(n), f"{n} – {level['label']}") for n, level in enumerate(levels, start=1)]


class ReviewForm(forms.Form):
    """This quarter's review: the current likelihood and impact, and what changed."""

    likelihood = forms.TypedChoiceField(
        coerce=int,
        label="Current likelihood",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a likelihood"},
    )
    impact = forms.TypedChoiceField(
        coerce=int,
        label="Current impact",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an impact"},
    )
    commentary = forms.CharField(
        label="What has changed since the last review?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what has changed since the last review"},
    )

    def __init__(self, *args, matrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].choices = _levels(matrix.likelihood_levels)
        self.fields["impact"].choices = _levels(matrix.impact_levels)
        self.fields["likelihood"].error_messages["invalid_choice"] = "Choose a likelihood"
        self.fields["impact"].error_messages["invalid_choice"] = "Choose an impact"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("likelihood", legend_size=Size.MEDIUM),
            Field.radios("impact", legend_size=Size.MEDIUM),
            Field.textarea("commentary", label_size=Size.MEDIUM),
            Button("submit", "Record review"),
        )


class EscalateForm(forms.Form):
    """Move a risk to another register, with the reason."""

    to_level = forms.ChoiceField(
        label="Which register should this risk be shown in?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a register",
            "invalid_choice": "Choose a register from the list",
        },
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the risk is moving register"},
    )

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Level.choices)
        self.fields["to_level"].choices = [(c, f"{labels[c]} register") for c in choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("to_level", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.MEDIUM),
            Button("submit", "Move risk"),
        )
