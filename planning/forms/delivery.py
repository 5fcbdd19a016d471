"""Input parsing for the delivery plan: its impacts, actions, revised due dates, milestones
and quarterly updates.

Forms only parse and check what was typed; the rules themselves live in
planning.delivery_rules and the services apply them again on every write.
"""

import datetime as dt

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms

from core.forms import (
    LONG_TEXT,
    GovDateField,
    VersionedForm,
    helper,
    long_text_field,
    reference_field,
)
from planning.delivery_rules import update_problems
from planning.forms.levels import programme_ref_field
from planning.forms.serves import ServesField
from planning.models import RAG_MEANINGS, DeliveryRag


class UpdateForm(VersionedForm):
    """A quarterly RAG update on an action (carrying the latest update it was opened on)."""

    rag = forms.ChoiceField(
        label="How is delivery going?",
        choices=DeliveryRag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a RAG status"},
    )
    commentary = long_text_field(
        "Commentary",
        help_text="Required for amber and red: what the obstacles are and their effect",
    )
    recovery_action = long_text_field(
        "Recovery action",
        help_text="Required for red: what will be done to bring delivery back on track",
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
    description = long_text_field(
        "Description (optional)", help_text="What will be different, and for whom"
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

    ref = reference_field()
    title = forms.CharField(
        label="Action",
        help_text="A tangible deliverable, not a meeting",
        max_length=300,
        error_messages={"required": "Enter the action"},
    )
    description = long_text_field(
        "Description (optional)", help_text="What will be delivered, in a sentence or two"
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
    programme_ref = programme_ref_field()
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
    reason = long_text_field(
        "Why is the due date changing?",
        help_text="Say what has changed since the date was set",
        missing="Enter the reason the due date is being revised",
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
