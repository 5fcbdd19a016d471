"""The golden-thread picker of planning's forms, and the form that changes only an item's
link to the item above it that it serves."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import ThreadLinkField, helper
from planning.models import ITEM_MODELS


class ServesField(ThreadLinkField):
    """The thread picker of planning's forms: it offers what the person may link the item
    to (`planning.selectors.serves_targets`, from `permissions.linkable_items`)."""

    def offer(self, *, item, user) -> None:
        from planning.selectors import serves_targets

        self.offer_groups(item=item, groups=serves_targets(item, user=user), kinds=ITEM_MODELS)


class ServesForm(forms.Form):
    """Choose the higher-level item this item serves."""

    serves = ServesField(
        label="Which item does this serve?",
        help_text="Choose an item from a higher level of the plan. Items of the same level "
        "or below cannot be chosen.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["serves"].offer(item=item, user=user)
        self.helper = helper(
            Field.select("serves"), Field("version"), button="Save link", own_token=True
        )
