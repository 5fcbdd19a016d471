"""Input parsing for the delivery plan section, quarterly updates and QA sign-off.

Forms only parse and check what was typed; the rules themselves live in
planning.delivery_rules and the services apply them again on every write.
"""

import datetime as dt

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from core import numbers
from core.forms import (
    LONG_TEXT,
    GovDateField,
    UKDecimalField,
    UKIntegerField,
    VersionedForm,
    fte_field,
    helper,
    money_field,
    numbers_as_text,
)
from planning.delivery_rules import update_problems
from planning.forms.serves import ServesField
from planning.models import RAG_MEANINGS, AssuranceAnswer, CommitmentStatus, DeliveryRag


class UpdateForm(VersionedForm):
    """A quarterly RAG update on an action (carrying the latest update it was opened on)."""

    rag = forms.ChoiceField(
        label="How is delivery going?",
        choices=DeliveryRag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status"},
    )
    commentary = forms.CharField(
        label="Commentary",
        help_text="Required for amber and red: what the obstacles are and their effect",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    recovery_action = forms.CharField(
        label="Recovery action",
        help_text="Required for red: what will be done to bring delivery back on track",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    completed_on = GovDateField(
        name="the completion date",
        label="Completion date",
        help_text="Required for blue. For example, 27 3 2027",
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["rag"].choices = [
            (value, f"{label}: {RAG_MEANINGS[value]}") for value, label in DeliveryRag.choices
        ]
        self.helper = helper(
            Field.radios("rag", legend_size=Size.MEDIUM),
            Field.textarea("commentary", rows=5, max_characters=LONG_TEXT),
            Field.textarea("recovery_action", rows=4, max_characters=LONG_TEXT),
            Field("completed_on"),
            Field("version"),
            button="Post update",
        )

    def clean(self):
        data = super().clean()
        if "rag" in data:
            for name, message in update_problems(
                rag=data["rag"],
                commentary=data.get("commentary", ""),
                recovery_action=data.get("recovery_action", ""),
                completed_on=data.get("completed_on"),
                today=self.today,
            ).items():
                if name not in self.errors:
                    self.add_error(name, message)
        return data


class ImpactForm(VersionedForm):
    title = forms.CharField(
        label="Impact sought",
        max_length=300,
        error_messages={"required": "Enter the impact sought"},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What will be different, and for whom",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("title"),
            Field.textarea("description", rows=4, max_characters=LONG_TEXT),
            Field("version"),
            button="Save impact",
        )


class ActionForm(VersionedForm):
    """An action in the delivery plan: a tangible deliverable with its lead, dates and
    golden-thread link."""

    ref = forms.CharField(label="Reference (optional)", max_length=30, required=False)
    title = forms.CharField(
        label="Action",
        help_text="A tangible deliverable, not a meeting",
        max_length=300,
        error_messages={"required": "Enter the action"},
    )
    description = forms.CharField(
        label="Description (optional)",
        help_text="What will be delivered, in a sentence or two",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    impact = forms.TypedChoiceField(
        label="Impact sought", coerce=int, required=False, empty_value=None
    )
    lead = forms.TypedChoiceField(
        label="Lead officer", coerce=int, required=False, empty_value=None
    )
    start_date = GovDateField(
        name="the start date", label="Start date", help_text="For example, 1 4 2026"
    )
    due_date = GovDateField(
        name="the due date", label="Due date", help_text="For example, 31 3 2027"
    )
    serves = ServesField(
        label="Which item does this action serve?",
        help_text="The golden-thread link: a directorate priority, delivery plan activity "
        "or corporate ambition",
    )
    programme_ref = forms.CharField(
        label="Programme reference (optional)",
        help_text="The programme's reference in the council's programme-management system",
        max_length=60,
        required=False,
    )
    in_delivery_plan = forms.BooleanField(
        label="This action is in the council's Delivery Plan", required=False
    )

    def __init__(self, *args, action, impacts, leads, user, due_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["impact"].choices = [("", "Not under an impact yet"), *impacts]
        self.fields["lead"].choices = [("", "Not chosen yet"), *leads]
        self.fields["serves"].offer(item=action, user=user)
        if due_locked:
            self.fields["due_date"].disabled = True
            self.fields[
                "due_date"
            ].help_text = "Fixed now the plan is signed off: use 'Revise the due date' to change it"
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("description", rows=4, max_characters=LONG_TEXT),
            Field.select("impact"),
            Field.select("lead"),
            Field("start_date"),
            Field("due_date"),
            Field.select("serves"),
            Field.text("programme_ref", field_width=20),
            Field.checkbox("in_delivery_plan"),
            Field("version"),
            button="Save action",
        )

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be on or after the start date")
        return data


class RevisionForm(VersionedForm):
    revised_due_date = GovDateField(
        name="the revised due date",
        label="Revised due date",
        required=True,
        help_text="For example, 30 6 2027",
    )
    reason = forms.CharField(
        label="Why is the due date changing?",
        help_text="Say what has changed since the date was set",
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        error_messages={"required": "Enter the reason the due date is being revised"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field("revised_due_date"),
            Field.textarea("reason", rows=4, max_characters=LONG_TEXT),
            Field("version"),
            button="Save revised due date",
        )


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Milestone", max_length=300, error_messages={"required": "Enter the milestone"}
    )
    due_date = GovDateField(
        name="the milestone date", label="Date", required=True, help_text="For example, 30 9 2026"
    )
    done = forms.BooleanField(label="Done", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Fieldset(
                Field.text("title"),
                Field("due_date"),
                Field.checkbox("done"),
                legend="Add a milestone",
                legend_size=Size.MEDIUM,
            ),
            button="Add milestone",
        )


class ReturnForm(forms.Form):
    feedback = forms.CharField(
        label="Feedback for the head of service",
        help_text="Say what needs to change before the plan can be signed off",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter your feedback for the head of service"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.textarea("feedback", rows=6, max_characters=5000, label_size=Size.MEDIUM),
            button="Return plan with feedback",
        )


class NarrativeForm(VersionedForm):
    narrative = forms.CharField(
        label="Your assessment",
        help_text="An honest account: what is going well, what is not, and how you know",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["narrative"].label = label
        self.helper = helper(
            Field.textarea("narrative", rows=12, max_characters=5000, label_size=Size.MEDIUM),
            Field("version"),
            button="Save",
        )


class CommitmentForm(VersionedForm):
    source = forms.TypedChoiceField(
        label="Where does it come from?",
        coerce=int,
        error_messages={"required": "Select where the commitment comes from"},
    )
    title = forms.CharField(
        label="Recommendation",
        max_length=500,
        error_messages={"required": "Enter the recommendation"},
    )
    agreed_action = forms.CharField(
        label="Agreed action",
        help_text="What the service will do about it",
        widget=forms.Textarea,
        required=False,
        max_length=LONG_TEXT,
    )
    owner = forms.TypedChoiceField(label="Owner", coerce=int, required=False, empty_value=None)
    due_date = GovDateField(
        name="the due date", label="Due date", help_text="For example, 31 3 2027"
    )
    status = forms.ChoiceField(
        label="Status",
        choices=CommitmentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status"},
    )
    rag = forms.ChoiceField(
        label="RAG status",
        required=False,
        choices=[("", "Not rated yet"), *DeliveryRag.choices],
    )

    def __init__(self, *args, sources, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Choose a source"), *sources]
        self.fields["owner"].choices = [("", "Not chosen yet"), *owners]
        self.helper = helper(
            Field.select("source"),
            Field.text("title"),
            Field.textarea("agreed_action", rows=4, max_characters=LONG_TEXT),
            Field.select("owner"),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.select("rag"),
            Field("version"),
            button="Save commitment",
        )


class AssuranceForm(VersionedForm):
    """The managers' assurance checklist with the two key dates, on one page."""

    bcp_last_tested = GovDateField(
        name="the date the business continuity plan was last tested",
        label="When was the business continuity plan last tested?",
        help_text="For example, 14 9 2026",
    )
    delegation_last_reviewed = GovDateField(
        name="the date the scheme of delegation was last reviewed",
        label="When was the scheme of delegation last reviewed?",
        help_text="For example, 1 4 2026",
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        layout = []
        for key, question in questions:
            self.fields[f"q_{key}"] = forms.ChoiceField(
                label=question,
                choices=AssuranceAnswer.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"e_{key}"] = forms.CharField(
                label="Evidence",
                help_text="What shows this: a document, a date, a report",
                widget=forms.Textarea,
                required=False,
                max_length=LONG_TEXT,
            )
            layout += [
                Field.radios(f"q_{key}", legend_size=Size.SMALL, inline=True),
                Field.textarea(f"e_{key}", rows=2, max_characters=LONG_TEXT),
            ]
        self.helper = helper(
            *layout,
            Field("bcp_last_tested"),
            Field("delegation_last_reviewed"),
            Field("version"),
            button="Save assurance",
        )

    def clean(self):
        data = super().clean()
        for key, _ in self.questions:
            if data.get(f"q_{key}") in ("partly", "no") and not data.get(f"e_{key}", "").strip():
                self.add_error(f"e_{key}", "Say what is missing and what is being done about it")
        return data

    def answers(self) -> dict:
        return {
            key: {
                "answer": self.cleaned_data[f"q_{key}"],
                "evidence": self.cleaned_data[f"e_{key}"].strip(),
            }
            for key, _ in self.questions
            if self.cleaned_data.get(f"q_{key}") or self.cleaned_data.get(f"e_{key}")
        }


class PolicyForm(VersionedForm):
    name = forms.CharField(
        label="Policy", max_length=300, error_messages={"required": "Enter the policy's name"}
    )
    owner = forms.CharField(label="Owner", max_length=200, required=False)
    next_review = GovDateField(
        name="the next review date",
        label="Next review date",
        required=True,
        help_text="For example, 1 4 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("name"),
            Field.text("owner", field_width=20),
            Field("next_review"),
            Field("version"),
            button="Save policy",
        )


class ContractForm(VersionedForm):
    name = forms.CharField(
        label="Contract", max_length=300, error_messages={"required": "Enter the contract's name"}
    )
    supplier = forms.CharField(
        label="Supplier", max_length=200, error_messages={"required": "Enter the supplier"}
    )
    value = UKDecimalField(
        label="Value (£)",
        what="the value",
        kind=numbers.MONEY,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the contract's value",
            "invalid": "The value must be a number, like 125000",
            "min_value": "The value cannot be negative",
        },
    )
    end_date = GovDateField(
        name="the end date", label="End date", required=True, help_text="For example, 31 3 2028"
    )
    renewal_lead_months = UKIntegerField(
        label="Renewal lead time (months)",
        what="the lead time",
        min_value=0,
        max_value=60,
        help_text="How long before the end date re-procurement must start",
        error_messages={
            "required": "Enter the renewal lead time in months",
            "invalid": "The lead time must be a whole number of months",
            "min_value": "The lead time cannot be negative",
            "max_value": "The lead time must be 60 months or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        numbers_as_text(self)
        self.helper = helper(
            Field.text("name"),
            Field.text("supplier", field_width=20),
            Field.text("value", field_width=10),
            Field("end_date"),
            Field.text("renewal_lead_months", field_width=3),
            Field("version"),
            button="Save contract",
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
    sickness_days_per_fte = UKDecimalField(
        label="Sickness days lost per FTE in the last 12 months",
        what="sickness days",
        min_value=0,
        max_value=365,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text="The service's figure; the council average is set for the year",
        error_messages={
            "invalid": "Sickness days must be a number, like 8.5",
            "min_value": "Sickness days cannot be negative",
            "max_value": "Sickness days must be 365 or fewer",
        },
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        numbers_as_text(self, "sickness_days_per_fte")
        for key, question in questions:
            self.fields[f"a_{key}"] = forms.CharField(
                label=question,
                help_text="A short, honest answer",
                widget=forms.Textarea,
                required=False,
                max_length=LONG_TEXT,
            )
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
