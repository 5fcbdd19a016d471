"""Changing an indicator's definition and how it is rated, from its own page."""

from __future__ import annotations

import datetime as dt

from crispy_forms_gds.layout import Field, Fieldset
from django import forms

from core import clock, periods
from core.forms import helper, numbers_as_text

from .forms import DEFINITION_FIELDS, DEFINITION_MESSAGES, NUMBER_FIELD_CLASSES, definition_fields
from .models import DECIMALS, IndicatorDefinition
from .rule_forms import (
    RULE_NAMES,
    RuleFields,
    green_band_percent_field,
    rule_layout,
    tolerance_percent_field,
)

OVERRIDES = RULE_NAMES
EDIT_FIELDS = [name for name in DEFINITION_FIELDS if name not in OVERRIDES] + list(OVERRIDES)


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    """The months a rule change may apply from: last financial year to the end of next."""
    first = periods.year_starts(periods.start_year_of(today) - 1)
    months = [periods.add_months(first, n) for n in range(36)]
    return [(month.isoformat(), periods.month_label(month)) for month in months]


class RulesFromField(forms.TypedChoiceField):
    """ "From which month?": a rule change applies to that month's period and every later
    one; the periods before keep the rules they were rated under. This month by default."""

    def __init__(self, **kwargs):
        super().__init__(
            coerce=dt.date.fromisoformat,
            # not sent at all (a script, an older page): every period, as before versions
            required=False,
            empty_value=None,
            error_messages={"invalid_choice": "Choose the month the change applies from"},
            **kwargs,
        )

    def as_of(self, today: dt.date) -> None:
        """Offer the months around `today`, this month chosen (a form's fields are made
        once, when the module is read: each form sets them when it is made)."""
        self.choices = month_choices(today)
        self.initial = periods.month_start(today).isoformat()


def periods_changed(from_month: dt.date | None, today: dt.date) -> str:
    """Which periods rated so far a change from `from_month` rates again, in words."""
    if from_month is None:
        return "every period is rated again"
    last_closed = periods.add_months(periods.month_start(today), -1)
    if from_month > last_closed:
        return f"no period rated so far changes: it applies from {periods.month_label(from_month)}"
    return (
        f"the ratings of {periods.month_label(from_month)} to "
        f"{periods.month_label(last_closed)} are worked out again"
    )


class DefinitionEditForm(RuleFields, forms.ModelForm):
    """An indicator's definition and its own rating policy (empty overrides follow the
    council's default). Once a plan using it has been signed off, a change to how it is
    rated needs a reason, as a change of target does."""

    rules_from = RulesFromField(
        label="Apply changes to how it is rated from",
        help_text=(
            "The periods before keep the rules they were rated under, and reports already "
            "produced keep what they printed"
        ),
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
        self.fields["rules_from"].as_of(clock.today())
        self.helper = helper(
            Field("version"),
            *definition_fields(),
            Fieldset(
                *rule_layout(),
                Field.select("rules_from"),
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

    @property
    def changes(self) -> dict:
        """The definition's fields as typed, for the service to apply."""
        return {name: self.cleaned_data[name] for name in EDIT_FIELDS}


class PolicyForm(forms.Form):
    """The council's default for judging indicator misses (an indicator may override it)."""

    tolerance_percent = tolerance_percent_field()
    green_band_percent = green_band_percent_field(
        "Green band as a percentage of the target (optional)"
    )
    effective_from = RulesFromField(
        label="Apply from",
        help_text=(
            "The periods before keep the policy they were rated under, and reports already "
            "produced keep what they printed"
        ),
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
        self.fields["effective_from"].as_of(clock.today())
        self.helper = helper(
            Field("version"),
            Field.text("tolerance_percent", field_width=10),
            Field.text("green_band_percent", field_width=10),
            Field.select("effective_from"),
            Field.checkbox("gaps_in_points", small=True),
            button="Save and recalculate every rating",
            name="save",
        )

    def clean_tolerance_percent(self):
        number = self.cleaned_data["tolerance_percent"]
        if number is None:
            raise forms.ValidationError("Enter the amber tolerance as a percentage from 0 to 100")
        return number
