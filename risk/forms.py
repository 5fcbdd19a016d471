"""Input parsing for risk pages."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core import periods
from core.forms import (
    GivenChoices,
    GovDateField,
    LongSelect,
    VersionedForm,
    helper,
    long_text_field,
)

from .models import ActionStatus, Category, Level, Treatment


def _levels(levels: list[dict]) -> list[tuple[str, str]]:
    return [(str(n), f"{n} – {level['label']}") for n, level in enumerate(levels, start=1)]


def review_quarters(today, count: int = 8) -> list[tuple[int, int]]:
    """The quarters a review may be recorded for: this one first, then the seven before."""
    quarters = [periods.year_and_quarter(today)]
    while len(quarters) < count:
        quarters.append(periods.previous_quarter(*quarters[-1]))
    return quarters


def _score_field(label: str, matrix, missing: str, required: bool = True):
    """A score alone, for a register that records no likelihood × impact split."""
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        required=required,
        empty_value=None,
        choices=[("", "Choose the score"), *((str(n), str(n)) for n in matrix.possible_scores)],
        error_messages={"required": missing, "invalid_choice": "Choose a score from the list"},
    )


class ReviewForm(VersionedForm):
    """A quarter's review — this quarter's, or an earlier one's recorded late: the
    likelihood and impact as they stood, who reviewed it and when, and what changed."""

    quarter = forms.ChoiceField(
        required=False,
        label="Which quarter is this review for?",
        help_text="Choose an earlier quarter to record a review that was held but not entered",
        error_messages={
            "required": "Choose the quarter the review is for",
            "invalid_choice": "Choose a quarter from the list: this one or an earlier one",
        },
    )
    reviewed_on = GovDateField(
        name="the date of the review",
        label="When was it reviewed? (optional)",
        help_text="Leave empty for today, or the quarter's last day for an earlier quarter",
    )
    reviewed_by = forms.TypedChoiceField(
        label="Who reviewed it?",
        coerce=int,
        required=False,
        empty_value=None,
        widget=LongSelect,
        error_messages={
            "required": "Choose who reviewed the risk",
            "invalid_choice": "Choose a person from the list",
        },
    )

    likelihood = forms.TypedChoiceField(
        coerce=int,
        label="Current likelihood",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a likelihood"},
    )
    impact = forms.TypedChoiceField(
        coerce=int,
        label="Current impact",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an impact"},
    )
    commentary = long_text_field(
        "What has changed since the last review?",
        missing="Enter what has changed since the last review",
        max_length=None,
    )

    def __init__(self, *args, matrix, people, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (
                f"{year}-{number}",
                periods.quarter_label(year, number) + (" (this quarter)" if n == 0 else ""),
            )
            for n, (year, number) in enumerate(review_quarters(today))
        ]
        self.fields["reviewed_by"].choices = GivenChoices(
            [("", "Me (the person entering it)"), *people]
        )
        if matrix.score_only:
            del self.fields["likelihood"], self.fields["impact"]
            self.fields["score"] = _score_field("Current score", matrix, "Choose the score")
            scores = [Field.select("score")]
        else:
            self.fields["likelihood"].choices = _levels(matrix.likelihood_levels)
            self.fields["impact"].choices = _levels(matrix.impact_levels)
            self.fields["likelihood"].error_messages["invalid_choice"] = "Choose a likelihood"
            self.fields["impact"].error_messages["invalid_choice"] = "Choose an impact"
            scores = [
                Field.radios("likelihood", legend_size=Size.MEDIUM),
                Field.radios("impact", legend_size=Size.MEDIUM),
            ]
        self.helper = helper(
            Field.select("quarter"),
            Field("reviewed_on"),
            Field.select("reviewed_by"),
            *scores,
            Field.textarea("commentary", label_size=Size.MEDIUM),
            Field("version"),
            button="Record review",
        )

    def clean_quarter(self) -> tuple[int, int] | None:
        """This quarter when none is chosen."""
        if not self.cleaned_data["quarter"]:
            return None
        year, number = self.cleaned_data["quarter"].split("-")
        return int(year), int(number)

    def clean(self):
        data = super().clean()
        if "reviewed_by" in data:
            data["reviewed_by_id"] = data.pop("reviewed_by")
        return data


class EscalateForm(VersionedForm):
    """Move a risk to another register, with the reason."""

    to_level = forms.ChoiceField(
        label="Which register should this risk be shown in?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a register",
            "invalid_choice": "Choose a register from the list",
        },
    )
    reason = long_text_field(
        "Why?", missing="Enter why the risk is moving register", max_length=None
    )

    def __init__(self, *args, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Level.choices)
        self.fields["to_level"].choices = [(c, f"{labels[c]} register") for c in choices]
        self.helper = helper(
            Field.radios("to_level", legend_size=Size.MEDIUM),
            Field.textarea("reason", label_size=Size.MEDIUM),
            Field("version"),
            button="Move risk",
        )


class RiskForm(forms.Form):
    """A new risk for a register: what could happen, who owns it, what it threatens, and
    its inherent, current and target scores on the register's matrix."""

    ref = forms.CharField(
        label="Reference", max_length=30, error_messages={"required": "Enter a reference"}
    )
    title = forms.CharField(
        label="Title", max_length=300, error_messages={"required": "Enter the risk's title"}
    )
    cause = long_text_field("Cause", max_length=None)
    event = long_text_field("Event", max_length=None)
    consequence = long_text_field("Consequence", max_length=None)
    category = forms.ChoiceField(
        label="Category",
        choices=Category.choices,
        error_messages={"required": "Choose a category"},
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        widget=LongSelect,
        error_messages={"required": "Choose the risk's owner"},
    )
    threatens_action = forms.TypedChoiceField(
        label="Which action in the plan does it threaten? (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        widget=LongSelect,
    )
    target_to_be_confirmed = forms.BooleanField(
        label="The target score is to be confirmed",
        required=False,
        help_text="Leave the target likelihood and impact empty until it is agreed",
    )
    controls = long_text_field("Existing controls", max_length=None)
    treatment = forms.ChoiceField(label="Treatment", choices=Treatment.choices)

    SCORES = ("inherent", "current", "target")

    def __init__(self, *args, matrix, owners, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.score_only = matrix.score_only
        for kind in self.SCORES if self.score_only else ():
            self.fields[f"{kind}_score_given"] = _score_field(
                f"{kind.capitalize()} score",
                matrix,
                f"Choose the {kind} score",
                required=kind != "target",
            )
        for kind in () if self.score_only else self.SCORES:
            for axis, levels in (
                ("likelihood", matrix.likelihood_levels),
                ("impact", matrix.impact_levels),
            ):
                self.fields[f"{kind}_{axis}"] = forms.TypedChoiceField(
                    label=f"{kind.capitalize()} {axis}",
                    coerce=int,
                    choices=[("", f"Choose the {axis}"), *_levels(levels)],
                    error_messages={"required": f"Choose the {kind} {axis}"},
                    required=kind != "target",
                    empty_value=None,
                )
        self.fields["owner"].choices = GivenChoices([("", "Choose a person"), *owners])
        self.fields["threatens_action"].choices = GivenChoices([("", "None"), *actions])
        self.helper = helper(
            Field.text("ref", field_width=10),
            Field.text("title"),
            Field.textarea("cause", rows=2),
            Field.textarea("event", rows=2),
            Field.textarea("consequence", rows=2),
            Field.select("category"),
            Field.select("owner"),
            Field.select("threatens_action"),
            *(Field.select(name) for name in self.score_fields()),
            Field.checkbox("target_to_be_confirmed"),
            Field.textarea("controls", rows=3),
            Field.select("treatment"),
            button="Add risk",
        )

    def score_fields(self) -> list[str]:
        if self.score_only:
            return [f"{kind}_score_given" for kind in self.SCORES]
        return [f"{k}_{a}" for k in self.SCORES for a in ("likelihood", "impact")]

    def clean(self):
        data = super().clean()
        to_be_confirmed = data.get("target_to_be_confirmed")
        parts = ("score_given",) if self.score_only else ("likelihood", "impact")
        words = {"score_given": "score", "likelihood": "likelihood", "impact": "impact"}
        given = [data.get(f"target_{part}") for part in parts]
        if to_be_confirmed and any(value is not None for value in given):
            self.add_error(
                "target_to_be_confirmed",
                "Either choose the target {} or mark the target to be confirmed, not both".format(
                    "score" if self.score_only else "likelihood and impact"
                ),
            )
        elif not to_be_confirmed:
            for part, value in zip(parts, given, strict=True):
                if value is None and f"target_{part}" not in self.errors:
                    self.add_error(
                        f"target_{part}",
                        f"Choose the target {words[part]}, or mark the target to be confirmed",
                    )
        return data


class RiskActionForm(VersionedForm):
    """A further action to bring a risk down to its target: what, who, by when, and how
    far along it is."""

    description = long_text_field(
        "What will be done?",
        help_text="A concrete step that lowers the likelihood or the impact",
        missing="Enter what will be done",
    )
    owner = forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        widget=LongSelect,
        error_messages={"required": "Choose the action's owner"},
    )
    due_date = GovDateField(
        name="the action's due date",
        label="Due date",
        help_text="For example, 31 3 2027",
        required=True,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the action's status",
            "invalid_choice": "Choose a status from the list",
        },
    )

    def __init__(self, *args, owners, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = GivenChoices([("", "Choose a person"), *owners])
        self.fields["owner"].error_messages["invalid_choice"] = "Choose a person from the list"
        self.helper = helper(
            Field.textarea("description", rows=3, max_characters=2000),
            Field.select("owner"),
            Field("due_date"),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field("version"),
            button=button,
        )
