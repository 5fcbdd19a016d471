"""Forms for finance: a service's revenue budget, a month's figures, and the council's
thresholds. Input checks only; the rules live in services and finance_rules."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from core import numbers
from core.forms import (
    SpreadsheetUploadForm,
    VersionedForm,
    helper,
    money_field,
    numbers_as_text,
    percent_field,
)
from planning.finance_rules import scale_warning
from planning.models import FinanceLevel
from planning.services.finance import THRESHOLD_FIELDS


class RevenueBudgetForm(VersionedForm):
    original_budget = money_field("Original budget (£)", what="the original budget")
    current_budget = money_field("Current budget (£)", what="the current budget")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original_budget"].help_text = "As set by full council for the year"
        self.fields["current_budget"].help_text = "After any virements agreed since"
        numbers_as_text(self, "original_budget", "current_budget")
        self.helper = helper(
            Field.text("original_budget", field_width=10),
            Field.text("current_budget", field_width=10),
            Field("version"),
            button="Save revenue budget",
        )


class RevenueMonthForm(VersionedForm):
    """A month's figures. A figure typed that reads as £ thousands or £ millions against the
    budget in pounds (finance_rules.scale_warning) is questioned, not saved: saving the same
    figures again confirms them. Figures already held are not questioned again."""

    actual_to_date = money_field("Actual spend to date (£)", what="the actual spend to date")
    forecast_outturn = money_field("Forecast outturn for the year (£)", what="the forecast outturn")
    commentary = forms.CharField(
        label="Commentary",
        help_text="What is driving any variance, and what is being done about it",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        numbers_as_text(self, "actual_to_date", "forecast_outturn")
        self.helper = helper(
            Field.text("actual_to_date", field_width=10),
            Field.text("forecast_outturn", field_width=10),
            Field.textarea("commentary"),
            Field("version"),
            Field("confirmed"),
            button="Save month",
        )

    def clean(self):
        cleaned = super().clean()
        figures = {
            "the actual spend to date": cleaned.get("actual_to_date"),
            "the forecast outturn": cleaned.get("forecast_outturn"),
        }
        held = (self.initial.get("actual_to_date"), self.initial.get("forecast_outturn"))
        warnings = [
            warning
            for (what, figure), before in zip(figures.items(), held, strict=True)
            if figure != before  # figures already held are not questioned again
            and (warning := scale_warning(figure, budget=self.budget, what=what))
        ]
        typed = "|".join(str(figure) for figure in figures.values())
        if warnings and cleaned.get("confirmed") != typed:
            self.data = self.data.copy()
            self.data[self.add_prefix("confirmed")] = typed
            for warning in warnings:
                self.add_error(None, f"{warning}. If the figures are right, save again")
        return cleaned


LABELS = {
    "amber_percent": ("Amber from an overspend of (% of budget)", "amber percentage"),
    "amber_amount": ("Amber from an overspend of (£)", "amber amount"),
    "red_percent": ("Red from an overspend of (% of budget)", "red percentage"),
    "red_amount": ("Red from an overspend of (£)", "red amount"),
}


class FinanceThresholdsForm(forms.Form):
    """The three levels' thresholds on one page; a blank threshold is not used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fieldsets = []
        for level, level_label in FinanceLevel.choices:
            names = []
            for name in THRESHOLD_FIELDS:
                label, what = LABELS[name]
                key = f"{level}_{name}"
                what = f"the {level_label.lower()} {what}"
                if name.endswith("percent"):
                    self.fields[key] = percent_field(label, what=what)
                else:
                    self.fields[key] = money_field(label, required=False, what=what)
                names.append(key)
            self.fields[f"{level}_version"] = forms.CharField(
                widget=forms.HiddenInput, required=False
            )
            numbers_as_text(self, *names)
            fieldsets.append(
                Fieldset(
                    *(Field.text(n, field_width=10) for n in names),
                    Field(f"{level}_version"),
                    legend=f"{level_label} level",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = helper(*fieldsets, button="Save thresholds")

    def levels(self) -> dict[str, dict]:
        return {
            level: {name: self.cleaned_data.get(f"{level}_{name}") for name in THRESHOLD_FIELDS}
            for level in FinanceLevel.values
        }

    def versions(self) -> dict[str, str]:
        return {
            level: self.cleaned_data.get(f"{level}_version", "") for level in FinanceLevel.values
        }


class FinanceUploadForm(SpreadsheetUploadForm):
    """A file of the ledger's figures: `kind` is revenue or capital; `unit` is what the
    file's amounts are in, where a row does not say in its own unit column."""

    unit = forms.ChoiceField(
        label="The amounts in the file are in",
        choices=numbers.UNIT_CHOICES,
        initial=numbers.POUNDS,
        widget=forms.RadioSelect,
        help_text="A row with a unit column (£, £000 or £m) is read in its own unit",
        required=False,
    )

    def __init__(self, *args, kind: str = "revenue", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = f"Upload a file of {kind} figures"
        self.helper = helper(
            Field.radios("unit", legend_size=Size.SMALL, inline=False),
            Field("file"),
            button="Check the file",
            name="check",
        )
