"""Input parsing for a plan's resources: budget lines, capital schemes, savings, workforce
teams and the workforce questions."""

from crispy_forms_gds.layout import Field
from django import forms

from core.forms import (
    LONG_TEXT,
    GovDateField,
    VersionedForm,
    figure_field,
    fte_field,
    helper,
    long_text_field,
    money_field,
    numbers_as_text,
)


class BudgetLineForm(VersionedForm):
    purpose = forms.CharField(
        label="What the money buys",
        max_length=300,
        error_messages={"required": "Enter what the money buys"},
    )
    budget = money_field("Budget this year (£)", what="the budget")
    last_year_outturn = money_field(
        "Last year's outturn (£)", required=False, what="last year's outturn"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self, "budget", "last_year_outturn")
        self.helper = helper(
            Field.text("purpose"),
            Field.text("budget", field_width=10),
            Field.text("last_year_outturn", field_width=10),
            Field("version"),
            button="Save budget line",
        )


class CapitalSchemeForm(VersionedForm):
    name = forms.CharField(
        label="Capital scheme",
        max_length=300,
        error_messages={"required": "Enter the capital scheme"},
    )
    budget = money_field("Capital budget (£)", what="the capital budget")
    completion_date = GovDateField(
        name="the expected completion date",
        label="Expected completion",
        help_text="For example, 31 3 2028",
    )
    spend_to_date = money_field("Spend to date (£)", required=False, what="the spend to date")
    forecast = money_field(
        "Forecast spend this year (£)", required=False, what="the forecast spend this year"
    )
    slippage = money_field(
        "Slipping to future years (£)", required=False, what="the amount slipping"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self, "budget", "spend_to_date", "forecast", "slippage")
        self.helper = helper(
            Field.text("name"),
            Field.text("budget", field_width=10),
            Field("completion_date"),
            Field.text("spend_to_date", field_width=10),
            Field.text("forecast", field_width=10),
            Field.text("slippage", field_width=10),
            Field("version"),
            button="Save capital scheme",
        )


SAVING_RAG_CHOICES = [
    ("", "Not rated"),
    ("green", "Green"),
    ("amber", "Amber"),
    ("red", "Red"),
    ("blue", "Blue (delivered)"),
]


class SavingForm(VersionedForm):
    name = forms.CharField(
        label="Saving", max_length=300, error_messages={"required": "Enter the saving"}
    )
    amount = money_field("Amount (£)", what="the amount")
    q1_rag = forms.ChoiceField(label="Quarter 1 RAG", choices=SAVING_RAG_CHOICES, required=False)
    q2_rag = forms.ChoiceField(label="Quarter 2 RAG", choices=SAVING_RAG_CHOICES, required=False)
    q3_rag = forms.ChoiceField(label="Quarter 3 RAG", choices=SAVING_RAG_CHOICES, required=False)
    q4_rag = forms.ChoiceField(label="Quarter 4 RAG", choices=SAVING_RAG_CHOICES, required=False)
    forecast_delivered = money_field(
        "Forecast delivered (£)", required=False, what="the amount forecast to be delivered"
    )
    at_risk = money_field("At risk (£)", required=False, what="the amount at risk")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self, "amount", "forecast_delivered", "at_risk")
        self.helper = helper(
            Field.text("name"),
            Field.text("amount", field_width=10),
            *(Field.select(f"q{n}_rag") for n in range(1, 5)),
            Field.text("forecast_delivered", field_width=10),
            Field.text("at_risk", field_width=10),
            Field("version"),
            button="Save saving",
        )


class WorkforceTeamForm(VersionedForm):
    team = forms.CharField(
        label="Team", max_length=200, error_messages={"required": "Enter the team's name"}
    )
    fte = fte_field("FTE in post", "the FTE in post")
    vacancies = fte_field("Vacant FTE", "the vacant FTE")
    agency = fte_field("Agency FTE", "the agency FTE")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self, "fte", "vacancies", "agency")
        self.helper = helper(
            Field.text("team", field_width=20),
            Field.text("fte", field_width=5),
            Field.text("vacancies", field_width=5),
            Field.text("agency", field_width=5),
            Field("version"),
            button="Save team",
        )


class WorkforceForm(VersionedForm):
    sickness_days_per_fte = figure_field(
        "Sickness days lost per FTE in the last 12 months",
        what="sickness days",
        example="8.5",
        max_digits=5,
        max_value=365,
        required=False,
        help_text="The service's figure; the council average is set for the year",
        error_messages={"max_value": "Sickness days must be 365 or fewer"},
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        numbers_as_text(self, "sickness_days_per_fte")
        for key, question in questions:
            self.fields[f"a_{key}"] = long_text_field(question, help_text="A short, honest answer")
        self.helper = helper(
            Field.text("sickness_days_per_fte", field_width=5),
            *(Field.textarea(f"a_{key}", rows=3, max_characters=LONG_TEXT) for key, _ in questions),
            Field("version"),
            button="Save workforce",
        )

    def answers(self) -> dict:
        return {
            key: self.cleaned_data[f"a_{key}"].strip()
            for key, _ in self.questions
            if self.cleaned_data.get(f"a_{key}", "").strip()
        }
