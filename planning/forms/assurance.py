"""Input parsing for a plan's assurance: the managers' checklist, the policies it holds
and the contracts it manages."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import (
    LONG_TEXT,
    GovDateField,
    UKIntegerField,
    VersionedForm,
    helper,
    long_text_field,
    money_field,
    numbers_as_text,
)
from planning.models import AssuranceAnswer


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
            self.fields[f"e_{key}"] = long_text_field(
                "Evidence", help_text="What shows this: a document, a date, a report"
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
    value = money_field(
        "Value (£)", what="the value", error_messages={"required": "Enter the contract's value"}
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
