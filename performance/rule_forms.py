"""How an indicator is rated, as typed: one set of fields and one validation shared by the
form that adds an indicator, the form that changes one, and the council's policy form.

A tolerance or green band as a percentage of the target is 0 to 100 ("7.5%" is read as
7.5); as an amount it is 0 or more in the indicator's unit. A floor standard or a low
target may be any number. Amber by the floor standard needs a floor; amber between low
and high targets needs the low target."""

from __future__ import annotations

from crispy_forms_gds.layout import Field
from django import forms

from core import numbers

from .models import DECIMALS, RULE_FIELDS, AmberRule


class OverrideField(forms.CharField):
    """An optional number in a rating rule: a percentage of the target (0 to 100, two
    decimal places at most, "%" allowed) or an amount in the indicator's unit."""

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


def tolerance_percent_field() -> OverrideField:
    return OverrideField(
        what="the amber tolerance percentage",
        percent=True,
        label="Amber tolerance as a percentage of the target",
        help_text="A miss by no more than this is amber, beyond it red",
    )


def green_band_percent_field(label="Green band as a percentage of the target") -> OverrideField:
    return OverrideField(
        what="the green band percentage",
        percent=True,
        label=label,
        help_text="A miss this small still counts as green",
    )


RULE_NAMES = RULE_FIELDS  # the rule fields every rules form offers


class RuleFields(forms.Form):
    """An indicator's own rating rules (empty ones follow the council's default)."""

    tolerance_percent = tolerance_percent_field()
    tolerance_absolute = OverrideField(
        what="the amber tolerance amount",
        label="Or amber tolerance as an amount",
        help_text="Needed for a target of zero or below; use one tolerance, not both",
    )
    green_band_percent = green_band_percent_field()
    green_band_absolute = OverrideField(
        what="the green band amount", label="Or green band as an amount"
    )
    floor = OverrideField(
        what="the floor standard",
        signed=True,
        label="Floor standard",
        help_text="Worse than this is red whatever the tolerance",
    )
    strict_target = forms.BooleanField(
        required=False,
        label="Strict target: only better than the target meets it (equal is a miss)",
    )
    amber_rule = forms.ChoiceField(
        required=False,
        choices=AmberRule.choices,
        initial=AmberRule.TOLERANCE,
        label="What counts as amber",
    )
    low_target = OverrideField(
        what="the low target",
        signed=True,
        label="Low target (with low and high targets)",
        help_text="The other end of the range: the annual target is the better end",
    )

    def clean_amber_rule(self):
        return self.cleaned_data["amber_rule"] or AmberRule.TOLERANCE

    def clean(self):
        data = super().clean()
        pairs = (
            ("green_band", "Set the green band as a percentage or an amount, not both"),
            ("tolerance", "Set the tolerance as a percentage or an amount, not both"),
        )
        for name, message in pairs:
            if data.get(f"{name}_percent") is not None and (
                data.get(f"{name}_absolute") is not None
            ):
                self.add_error(f"{name}_absolute", message)
        needs = {
            AmberRule.FLOOR: ("floor", "Enter the floor standard: amber is judged by it"),
            AmberRule.RANGE: ("low_target", "Enter the low target: amber is between the two"),
        }.get(data.get("amber_rule"))
        if needs and data.get(needs[0]) is None and needs[0] not in self.errors:
            self.add_error(*needs)
        return data


def rule_layout(width: int = 10) -> list:
    """The rule fields in the order a person reads them."""
    return [
        Field.radios("amber_rule", small=True),
        *(
            Field.text(name, field_width=width)
            for name in ("tolerance_percent", "tolerance_absolute")
        ),
        *(
            Field.text(name, field_width=width)
            for name in ("green_band_percent", "green_band_absolute", "floor", "low_target")
        ),
        Field.checkbox("strict_target", small=True),
    ]
