"""Input parsing for linking an indicator in a plan up the golden thread."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import ThreadLinkField, helper
from planning.models import ITEM_MODELS
from planning.selectors import serves_targets

from .models import IndicatorUsage


class UsageServesForm(forms.Form):
    """Choose what the indicator measures: the thread's own picker (what the person may
    link it to, and the same refusals), with the change stamp of the link."""

    serves = ThreadLinkField(
        label="What does this indicator measure?",
        help_text=(
            "Choose one of this plan's actions, an activity in this year's Delivery Plan or "
            "a corporate ambition. Items of other plans at the same level, of lower levels "
            "or of other years cannot be chosen."
        ),
        empty_label="Not linked yet (measures the service as a whole)",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, usage: IndicatorUsage, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves"].offer_groups(
            item=usage, groups=serves_targets(usage, user=user), kinds=ITEM_MODELS
        )
        self.helper = helper(
            Field.select("serves"), Field("version"), button="Save link", own_token=True
        )
