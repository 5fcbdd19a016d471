"""The golden-thread picker: the field that links an item to the item above it that it
serves, and the form that changes only that link."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import helper
from planning.models import ITEM_MODELS

NOT_LINKED = ""


def serves_refusal_text(year) -> str:
    """The one refusal for a link to anything the picker does not offer: out of the
    person's reach, of another year, gone, or not a choice at all. It is the same for
    every such value, so it says nothing about what exists beyond the person's reach."""
    return f"Choose an item from {year} in the list"


class ServesField(forms.ChoiceField):
    """The golden-thread link of an item: a drop-down of what the person may link it to
    (`permissions.linkable_items`), grouped by level, that accepts only one of those.

    A form calls `offer(item=..., user=...)` in its `__init__`; the cleaned value is the
    chosen item (or None: not linked yet). A choice of a level the item cannot serve at
    all is refused with why (that depends on the kind alone, not on any item)."""

    def __init__(self, *, empty_label: str = "Not linked yet (an orphan)", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.item = None
        self.targets: dict[str, object] = {}
        self.choices = [(NOT_LINKED, empty_label)]

    def offer(self, *, item, user) -> None:
        from planning.selectors import serves_targets

        groups = serves_targets(item, user=user)
        self.item = item
        self.targets = {f"{m.KIND}:{row.pk}": row for m, rows in groups for row in rows}
        self.choices = [
            (NOT_LINKED, self.empty_label),
            *(
                (m.LEVEL_PLURAL, [(f"{m.KIND}:{row.pk}", str(row)) for row in rows])
                for m, rows in groups
            ),
        ]

    def valid_value(self, value) -> bool:
        return True  # `clean` checks the value against what was offered

    def clean(self, value):
        value = super().clean(value)
        if value in (NOT_LINKED, None):
            return None
        model = ITEM_MODELS.get(value.partition(":")[0])
        if model is not None and self.item.serves_field_for(model) is None:
            raise forms.ValidationError(self.item.level_refusal(model))
        target = self.targets.get(value)
        if target is None:
            raise forms.ValidationError(serves_refusal_text(self.item.plan.year))
        return target


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
