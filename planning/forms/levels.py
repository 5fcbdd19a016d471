"""Input parsing for the plan levels other than the Service Business Plan: Personal
Development Plans and the directorate plan on a page."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import LONG_TEXT, VersionedForm, helper, long_text_field, reference_field
from planning.forms.serves import ServesField

PDP_TEXT = 5000


class ObjectiveForm(VersionedForm):
    """A personal objective and the item above it that it serves."""

    ref = reference_field()
    title = forms.CharField(
        label="Objective",
        help_text="What you will achieve this year, in a sentence",
        max_length=300,
        error_messages={"required": "Enter the objective"},
    )
    description = long_text_field(
        "How you will know it is done (optional)",
        help_text="What will show the objective has been met",
    )
    serves = ServesField(
        label="Which item does this objective serve?",
        help_text="The golden-thread link: usually an action in your service's business plan",
    )

    def __init__(self, *args, objective, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.objective = objective
        self.fields["serves"].offer(item=objective, user=user)
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("description", rows=4, max_characters=LONG_TEXT),
            Field.select("serves"),
            Field("version"),
            button="Save objective",
        )


class PdpPartForm(VersionedForm):
    """One of the PDP's narrative parts: development needs or a review's notes."""

    text = long_text_field(max_length=PDP_TEXT)

    def __init__(self, *args, label: str, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = hint
        self.helper = helper(
            Field.textarea("text", rows=10, max_characters=PDP_TEXT, label_size=Size.MEDIUM),
            Field("version"),
            button="Save",
        )


class LevelText:
    """The words a level's item form uses."""

    def __init__(self, *, noun, hint, measures=None, measures_hint="", serves=None, serves_hint=""):
        self.noun, self.hint = noun, hint
        self.measures, self.measures_hint = measures, measures_hint
        self.serves, self.serves_hint = serves, serves_hint


LEVEL_TEXT = {
    "ambition": LevelText(
        noun="ambition",
        hint="What the council wants to achieve over the life of the Corporate Plan",
        measures="Success measures",
        measures_hint="How the council and residents will know the ambition is being met",
    ),
    "activity": LevelText(
        noun="activity",
        hint="What the council will do this year to move an ambition",
        measures="How progress is measured",
        measures_hint="The measures or milestones that show the activity is on track",
        serves="Which ambition does this activity serve?",
        serves_hint="The golden-thread link: an ambition of the Corporate Plan covering this year",
    ),
    "priority": LevelText(
        noun="priority",
        hint="What the directorate will focus on this year, in a short phrase",
        serves="Which item does this priority serve?",
        serves_hint="The golden-thread link: a delivery plan activity or corporate ambition",
    ),
}

# The model field each level keeps its measures in.
MEASURES_FIELD = {"ambition": "success_measures", "activity": "how_measured"}


class LevelItemForm(VersionedForm):
    """An ambition, delivery plan activity or directorate priority, with what it serves."""

    ref = reference_field()
    title = forms.CharField(max_length=300)
    description = long_text_field(
        "Description (optional)", help_text="What will be different, and for whom"
    )
    measures = long_text_field()
    serves = ServesField()

    def __init__(self, *args, kind: str, item, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        text = LEVEL_TEXT[kind]
        self.fields["title"].label = text.noun.capitalize()
        self.fields["title"].help_text = text.hint
        self.fields["title"].error_messages["required"] = f"Enter the {text.noun}"
        layout = [
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("description", rows=3, max_characters=LONG_TEXT),
        ]
        if text.measures:
            self.fields["measures"].label = text.measures
            self.fields["measures"].help_text = text.measures_hint
            layout.append(Field.textarea("measures", rows=4, max_characters=LONG_TEXT))
        else:
            del self.fields["measures"]
        if text.serves:
            self.fields["serves"].label = text.serves
            self.fields["serves"].help_text = text.serves_hint
            self.fields["serves"].offer(item=item, user=user)
            layout.append(Field.select("serves"))
        else:
            del self.fields["serves"]
        self.helper = helper(*layout, Field("version"), button=f"Save {text.noun}")


def programme_ref_field() -> forms.CharField:
    """Where a programme is known by the council's programme-management system."""
    return forms.CharField(
        label="Programme reference (optional)",
        help_text="The programme's reference in the council's programme-management system",
        max_length=60,
        required=False,
    )


PROGRAMME_SUMMARY = 600  # short enough for the printed plan on a page


class KeyProgrammeForm(VersionedForm):
    name = forms.CharField(
        label="Programme",
        max_length=200,
        error_messages={"required": "Enter the programme's name"},
    )
    summary = long_text_field(
        "What it will deliver this year (optional)",
        help_text="One or two sentences: it is printed on the plan on a page",
        max_length=PROGRAMME_SUMMARY,
        error_messages={
            "max_length": f"What it will deliver must be {PROGRAMME_SUMMARY} characters or fewer"
        },
    )
    programme_ref = programme_ref_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.text("name"),
            Field.textarea("summary", rows=3, max_characters=PROGRAMME_SUMMARY),
            Field.text("programme_ref", field_width=20),
            Field("version"),
            button="Save programme",
        )
