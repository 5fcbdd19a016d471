"""Changing an indicator's definition and how it is rated, from its own page."""

from __future__ import annotations

from crispy_forms_gds.layout import Field, Fieldset
from django import forms

from core import numbers
from core.forms import helper, numbers_as_text

from .forms import DEFINITION_FIELDS, DEFINITION_MESSAGES, NUMBER_FIELD_CLASSES, definition_fields
from .models import DECIMALS, IndicatorDefinition

OVERRIDES = (
    "tolerance_percent",
    "tolerance_absolute",
    "green_band_percent",
    "green_band_absolute",
    "floor",
)
EDIT_FIELDS = [name for name in DEFINITION_FIELDS if name not in OVERRIDES] + list(OVERRIDES)


class OverrideField(forms.CharField):
    """An optional number in a rating override: a percentage of the target (0 to 100, two
    decimal places at most) or an amount in the indicator's unit."""

    def __init__(self, *, what: str, percent: bool = False, signed: bool = False, **kwargs):
        self.what, self.percent, self.signed = what, percent, signed
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        places = 2 if self.percent else DECIMALS
        try:
            number = numbers.parse_number(
                text,
                what=self.what,
                kind=numbers.PERCENTAGE if self.percent else numbers.NUMBER,
                places=places,
            )
        except numbers.NumberRefused as error:
            raise forms.ValidationError(str(error)) from None
        if number is not None and self.percent and not 0 <= number <= 100:
            raise forms.ValidationError(f"Enter {self.what} as a percentage from 0 to 100")
        if number is not None and not self.signed and number < 0:
            raise forms.ValidationError(f"Enter {self.what} as an amount of 0 or more")
        return number


class DefinitionEditForm(forms.ModelForm):
    """An indicator's definition and its own rating policy (empty overrides follow the
    council's default). Once a plan using it has been signed off, a change to how it is
    rated needs a reason, as a change of target does."""

    tolerance_percent = OverrideField(
        what="the amber tolerance percentage",
        percent=True,
        label="Amber tolerance as a percentage of the target",
        help_text="A miss by no more than this is amber, beyond it red",
    )
    tolerance_absolute = OverrideField(
        what="the amber tolerance amount",
        label="Or amber tolerance as an amount",
        help_text="Needed for a target of zero or below; use one tolerance, not both",
    )
    green_band_percent = OverrideField(
        what="the green band percentage",
        percent=True,
        label="Green band as a percentage of the target",
        help_text="A miss this small still counts as green",
    )
    green_band_absolute = OverrideField(
        what="the green band amount", label="Or green band as an amount"
    )
    floor = OverrideField(
        what="the floor standard",
        signed=True,
        label="Floor standard",
        help_text="Worse than this is red whatever the tolerance",
    )
    change_reason = forms.CharField(
        label="Why the rating is changing",
        help_text=(
            "Needed once a plan using this indicator has been signed off, if you change its "
            "polarity, frequency, how values combine, data only, tolerance, green band or floor"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorDefinition
        fields = EDIT_FIELDS
        field_classes = NUMBER_FIELD_CLASSES
        error_messages = DEFINITION_MESSAGES | {
            "decimal_places": {
                "required": "Enter how many decimal places to show",
                "invalid": "Enter the decimal places as a whole number, like 1",
                "min_value": f"Enter the decimal places as a number from 0 to {DECIMALS}",
            },
            "rate_per": {
                "invalid": "Enter what a rate is per as a whole number, like 1000",
                "min_value": "Enter what a rate is per as a whole number, like 1000",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self)
        self.helper = helper(
            Field("version"),
            *definition_fields(),
            Fieldset(
                *(Field.text(name, field_width=10) for name in OVERRIDES),
                legend="How this indicator is rated (leave empty for the council's default)",
                legend_size="m",
            ),
            Field.textarea("change_reason"),
            button="Save changes",
            name="save",
        )

    def clean_decimal_places(self):
        places = self.cleaned_data["decimal_places"]
        if places is not None and places > DECIMALS:
            raise forms.ValidationError(
                f"Enter the decimal places as a number from 0 to {DECIMALS}"
            )
        return places

    def clean(self):
        data = super().clean()
        if data.get("green_band_percent") is not None and (
            data.get("green_band_absolute") is not None
        ):
            self.add_error(
                "green_band_absolute",
                "Set the green band as a percentage or an amount, not both",
            )
        if data.get("tolerance_percent") is not None and (
            data.get("tolerance_absolute") is not None
        ):
            self.add_error(
                "tolerance_absolute", "Set the tolerance as a percentage or an amount, not both"
            )
        return data

    @property
    def changes(self) -> dict:
        """The definition's fields as typed, for the service to apply."""
        return {name: self.cleaned_data[name] for name in EDIT_FIELDS}


class PolicyForm(forms.Form):
    """The council's default for judging indicator misses (an indicator may override it)."""

    tolerance_percent = OverrideField(
        what="the amber tolerance percentage",
        percent=True,
        label="Amber tolerance as a percentage of the target",
        help_text="A miss by no more than this is amber, beyond it red",
    )
    green_band_percent = OverrideField(
        what="the green band percentage",
        percent=True,
        label="Green band as a percentage of the target (optional)",
        help_text="Leave empty unless a miss this small still counts as green",
    )
    gaps_in_points = forms.BooleanField(
        required=False,
        label="State a percentage indicator's miss in percentage points",
        help_text="88% against a 90% target then reads “2 percentage points below” rather than "
        "“2.2% below”; the tolerance stays a percentage of the target",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field("version"),
            Field.text("tolerance_percent", field_width=10),
            Field.text("green_band_percent", field_width=10),
            Field.checkbox("gaps_in_points", small=True),
            button="Save and recalculate every rating",
            name="save",
        )

    def clean_tolerance_percent(self):
        number = self.cleaned_data["tolerance_percent"]
        if number is None:
            raise forms.ValidationError("Enter the amber tolerance as a percentage from 0 to 100")
        return number
