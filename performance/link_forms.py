"""Input parsing for linking an indicator in a plan up the golden thread."""

from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from planning.forms import NOT_LINKED, ServesForm

from .models import IndicatorUsage, usage_serves_refusal


class UsageServesForm(ServesForm):
    """Choose what the indicator measures: the planning form for "what this serves", with
    the indicator's own choices and refusals, and the change stamp of the link."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, usage: IndicatorUsage, choices, **kwargs):
        super().__init__(*args, item=usage, choices=choices, **kwargs)
        field = self.fields["serves"]
        field.label = "What does this indicator measure?"
        field.help_text = (
            "Choose one of this plan's actions, an activity in this year's Delivery Plan or "
            "a corporate ambition. Items of other plans at the same level, of lower levels "
            "or of other years cannot be chosen."
        )
        field.choices = [(NOT_LINKED, "Not linked yet (measures the service as a whole)")] + [
            choice for choice in field.choices if choice[0] != NOT_LINKED
        ]
        self.helper.layout = Layout(
            Field.select("serves"), Field("version"), Button("submit", "Save link")
        )

    def refusal(self, model: type) -> str:
        return usage_serves_refusal(model)
