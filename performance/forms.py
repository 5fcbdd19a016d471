"""Input parsing for the performance pages: the value entry grid and the upload form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset
from django import forms

from core import numbers
from core.forms import (
    SpreadsheetUploadForm,
    UKDecimalField,
    UKIntegerField,
    helper,
    numbers_as_text,
)
from core.history import version_token
from core.periods import month_index, quarter_of

from . import plausibility
from .models import (
    COMMENTARY_MAX,
    DECIMALS,
    MAX_DIGITS,
    RULE_FIELDS,
    IndicatorDefinition,
    IndicatorValue,
    Justification,
)
from .periods import is_open
from .rule_forms import RuleFields, rule_layout
from .services import ValueEntry


@dataclass
class QuarterChooser:
    """Which quarter of its year the entry grid shows (`?quarter=1` to `4`): unless asked,
    the quarter of the latest month whose value is due (the latest month that has ended).
    The grid shows and saves that quarter's months only."""

    year: object  # planning.models.FinancialYear
    number: int
    refused: str = ""  # what the address asked for instead of a quarter

    @classmethod
    def from_query(cls, query, *, year, today: dt.date) -> QuarterChooser:
        wanted = query.get("quarter", "").strip()
        if wanted in ("1", "2", "3", "4"):
            return cls(year, int(wanted))
        ended = [month for month in year.months if is_open(month=month, today=today)]
        return cls(year, quarter_of(ended[-1]) if ended else 1, refused=wanted)

    @property
    def months(self) -> list[dt.date]:
        return self.year.months[3 * (self.number - 1) : 3 * self.number]

    @property
    def quarters(self) -> list[dict]:
        """Each quarter of the year to choose from: its number, its months in words, and
        whether it is the one shown."""
        months = self.year.months
        return [
            {
                "number": number,
                "label": f"{months[3 * number - 3]:%B} to {months[3 * number - 1]:%B %Y}",
                "current": number == self.number,
            }
            for number in range(1, 5)
        ]


@dataclass
class GridCell:
    definition: IndicatorDefinition
    month: dt.date
    open: bool
    value: str = ""
    commentary: str = ""
    provisional: bool = False
    projected: str = ""
    late: bool = False
    version: str = ""  # of the value held now, shown in the form
    seen: str | None = None  # of the value the person saw, posted back
    errors: dict[str, str] = field(default_factory=dict)
    held: Decimal | None = None  # the value held now
    number: Decimal | None = None  # the value typed, once read
    confirmed: str | None = None  # the value typed that the person was warned about
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.definition.pk}-{self.month:%Y%m}"

    @property
    def token(self) -> str:
        """The version the grid sends back: the one the person saw when they opened it,
        kept while the grid is shown again with errors or warnings, so that a value saved
        by someone else meanwhile is still noticed on the next save."""
        return self.version if self.seen is None else self.seen

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


@dataclass
class GridRow:
    definition: IndicatorDefinition
    cells: list[GridCell]


class ValueGrid:
    """The entry grid: a row of months for each indicator the person may enter.

    Every typed value is kept when the grid is shown again with its errors."""

    def __init__(
        self,
        data,
        *,
        definitions: list[IndicatorDefinition],
        held: dict[tuple[int, dt.date], IndicatorValue],
        months: list[dt.date],
        today: dt.date,
    ):
        self.bound = data is not None
        self.rows: list[GridRow] = []
        for definition in definitions:
            cells = []
            for month in months:
                if month_index(month) not in definition.months_taking_values:
                    continue
                cell = GridCell(definition, month, open=is_open(month=month, today=today))
                row = held.get((definition.pk, month))
                if row is not None:
                    cell.held = row.value
                    cell.value = _plain(row.value)
                    cell.commentary = row.commentary
                    cell.provisional = row.provisional
                    cell.projected = _plain(row.projected_year_end)
                    cell.late = row.is_late
                cell.version = version_token(row)
                if data is not None and cell.open:
                    cell.value = data.get(f"v-{cell.key}", "")
                    cell.commentary = data.get(f"c-{cell.key}", "").strip()
                    cell.provisional = data.get(f"p-{cell.key}") == "1"
                    cell.projected = data.get(f"y-{cell.key}", "")
                    # A cell posted without the version it showed is refused if a value
                    # is held: it cannot say it saw the latest one.
                    cell.seen = data.get(f"s-{cell.key}", "")
                    cell.confirmed = data.get(f"w-{cell.key}")
                cells.append(cell)
            if cells:  # an indicator taking no value in these months has no row
                self.rows.append(GridRow(definition, cells))
        self.entries: list[ValueEntry] = []
        self.problems: list[str] = []  # refusals that belong to no one cell

    @property
    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in the order of the grid."""
        first = f"v-{self.rows[0].cells[0].key}" if self.rows and self.rows[0].cells else ""
        return [(first, message) for message in self.problems] + [
            (f"{name}-{cell.key}", message)
            for row in self.rows
            for cell in row.cells
            for name, message in cell.errors.items()
        ]

    def is_valid(self) -> bool:
        self.entries = []
        for row in self.rows:
            places = min(row.definition.decimal_places + 2, DECIMALS)
            for cell in row.cells:
                if not cell.open:
                    continue
                what = f"the {cell.label} value for {row.definition.ref}"
                value = projected = None
                kind = row.definition.number_kind
                try:
                    value = numbers.parse_number(cell.value, what=what, kind=kind, places=places)
                except numbers.NumberRefused as error:
                    cell.errors["v"] = str(error)
                try:
                    projected = numbers.parse_number(
                        cell.projected,
                        what=f"the projected year-end value for {row.definition.ref} "
                        f"in {cell.label}",
                        kind=kind,
                        places=places,
                    )
                except numbers.NumberRefused as error:
                    cell.errors["y"] = str(error)
                if len(cell.commentary) > COMMENTARY_MAX:
                    cell.errors["c"] = (
                        f"Commentary for {row.definition.ref} in {cell.label} must be "
                        f"{COMMENTARY_MAX:,} characters or fewer"
                    )
                cell.number = value
                if not cell.errors:
                    self.entries.append(
                        ValueEntry(
                            definition=row.definition,
                            month=cell.month,
                            value=value,
                            commentary=cell.commentary,
                            provisional=cell.provisional,
                            projected_year_end=projected,
                            seen=cell.seen,
                        )
                    )
        return not self.errors

    def warn(self, history: dict[int, dict[dt.date, Decimal]]) -> bool:
        """Mark every value typed or changed that looks mistyped (performance.plausibility),
        against `history` (selectors.value_history). True while any of them is still to
        be confirmed: the person confirms by saving the same value again."""
        waiting = False
        for row in self.rows:
            definition = row.definition
            for cell in row.cells:
                if not cell.open or cell.number is None or cell.number == cell.held:
                    continue
                cell.warnings = plausibility.value_warnings(
                    cell.number,
                    month=cell.month,
                    fmt=definition.fmt,
                    unbounded=definition.unbounded_percentage,
                    history=history.get(definition.pk, {}),
                )
                if cell.warnings and cell.confirmed != cell.value:
                    waiting = True
        return waiting

    def show_latest(self) -> None:
        """After a save refused because values changed meanwhile: the grid now carries the
        versions held now, so that saving again is a deliberate choice to replace them."""
        for row in self.rows:
            for cell in row.cells:
                cell.seen = None

    @property
    def warnings(self) -> list[tuple[str, str]]:
        """(field id, message) for the values to confirm, in the order of the grid."""
        return [
            (f"v-{cell.key}", f"{row.definition.ref} in {cell.label}: {warning}")
            for row in self.rows
            for cell in row.cells
            for warning in cell.warnings
        ]


def _plain(number: Decimal | None) -> str:
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class UploadForm(SpreadsheetUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a file of values"


MONTH_NAMES = (
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "January",
    "February",
    "March",
)


def target_field(*, what: str, **kwargs) -> UKDecimalField:
    """A target: a number in the indicator's unit, to the places a value is held to."""
    return UKDecimalField(what=what, max_digits=MAX_DIGITS, decimal_places=DECIMALS, **kwargs)


class TargetForm(forms.Form):
    """The year's target, why it is set there, its optional monthly profile and, once the
    plan is signed off, why it is changing."""

    value = target_field(
        what="the annual target",
        label="Annual target",
        error_messages={"required": "Enter the annual target"},
    )
    justification = forms.ChoiceField(
        label="What the target aims for",
        choices=Justification.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the target maintains, improves or plans a decline"
        },
    )
    reason = forms.CharField(
        label="Why this target", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    change_reason = forms.CharField(
        label="Why the target is changing",
        help_text="Needed once a plan using this indicator has been signed off",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        months: tuple[int, ...] = tuple(range(12)),
        kind: str = numbers.NUMBER,
        **kwargs,
    ):
        """`months`: the months (0 = April) the indicator takes a value in; a quarterly
        indicator is profiled by quarter, on each quarter's last month. `kind`: how the
        indicator's numbers are typed (see IndicatorDefinition.number_kind)."""
        super().__init__(*args, **kwargs)
        self.fields["value"].kind = kind
        months = months if len(months) > 1 else ()  # an annual value needs no profile
        quarterly = len(months) == 4
        for index in months:
            name = MONTH_NAMES[index]
            label = f"Quarter {index // 3 + 1} (to {name})" if quarterly else name
            self.fields[f"profile_{index + 1}"] = target_field(
                what=f"the {label} target", label=label, required=False, kind=kind
            )
        self.helper = helper(
            Field.text("value", field_width=10),
            Field.radios("justification", small=True),
            Field.textarea("reason"),
            *(
                [
                    Fieldset(
                        *[Field.text(f"profile_{n + 1}", field_width=5) for n in months],
                        legend=f"{'Quarterly' if quarterly else 'Monthly'} profile (optional)",
                        legend_size="s",
                    )
                ]
                if months
                else []
            ),
            Field.textarea("change_reason"),
            Field("version"),
            button="Save target",
            name="save",
        )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    @property
    def profile(self) -> list | None:
        values = [self.cleaned_data.get(f"profile_{n}") for n in range(1, 13)]  # April first
        return values if any(v is not None for v in values) else None


DEFINITION_FIELDS = [
    "ref",
    "name",
    "description",
    "type",
    "polarity",
    "unit",
    "rate_per",
    "decimal_places",
    "unbounded_percentage",
    "frequency",
    "aggregation",
    "numerator",
    "denominator",
    "calculation",
    "data_source",
    "in_delivery_plan",
    "data_only",
    *RULE_FIELDS,
]


# The definition's number fields, read as every number is (core.numbers).
NUMBER_FIELD_CLASSES = {
    "rate_per": UKIntegerField,
    "decimal_places": UKIntegerField,
    "tolerance_percent": UKDecimalField,
    "tolerance_absolute": UKDecimalField,
    "green_band_percent": UKDecimalField,
    "floor": UKDecimalField,
}


# What a definition's form says when its name or kind is missing or taken.
DEFINITION_MESSAGES = {
    "ref": {
        "required": "Enter the indicator's reference",
        "unique": "An indicator with this reference already exists: choose another",
    },
    "name": {"required": "Enter the indicator's name"},
    "type": {"required": "Choose the type of indicator"},
    "aggregation": {"required": "Choose how values combine over a year"},
}


def action_field() -> forms.ModelChoiceField:
    """Which of the plan's actions an indicator measures; the form sets the queryset."""
    return forms.ModelChoiceField(
        label="Which of the plan's actions does it measure?",
        queryset=None,
        required=False,
        empty_label="None: it measures the service as a whole",
    )


def definition_fields() -> list:
    """The layout of a definition's own fields, shared by the forms that add and change one."""
    return [
        Field.text("ref", field_width=10),
        Field.text("name"),
        Field.textarea("description", rows=2),
        Field.select("type"),
        Field.radios("polarity", small=True, inline=True),
        Field.select("unit"),
        Field.text("rate_per", field_width=10),
        Field.text("decimal_places", field_width=2),
        Field.checkbox("unbounded_percentage", small=True),
        Field.select("frequency"),
        Field.select("aggregation"),
        Field.textarea("numerator", rows=2),
        Field.textarea("denominator", rows=2),
        Field.textarea("calculation", rows=2),
        Field.text("data_source"),
        Field.checkbox("in_delivery_plan", small=True),
        Field.checkbox("data_only", small=True),
    ]


class DefinitionForm(RuleFields, forms.ModelForm):
    """A new indicator for the council's library, used first by this plan."""

    serves_action = action_field()

    class Meta:
        model = IndicatorDefinition
        fields = DEFINITION_FIELDS
        field_classes = NUMBER_FIELD_CLASSES
        error_messages = DEFINITION_MESSAGES

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["serves_action"].queryset = actions
        numbers_as_text(self)
        self.helper = helper(
            *definition_fields(),
            Fieldset(
                *rule_layout(),
                legend="Rating policy for this indicator (leave empty for the council's default)",
                legend_size="s",
            ),
            Field.select("serves_action"),
            button="Add indicator",
            name="save",
        )


class UseDefinitionForm(forms.Form):
    """Use an indicator already in the library (a corporate measure, say) in this plan."""

    definition = forms.ModelChoiceField(
        label="Indicator",
        queryset=None,
        error_messages={"required": "Choose an indicator from the library"},
    )
    serves_action = action_field()

    def __init__(self, *args, definitions, actions, definition_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # the queryset checks the choice; the grouped choices are what the page offers
        self.fields["definition"].queryset = definitions
        self.fields["definition"].choices = [("", "Choose an indicator"), *definition_choices]
        self.fields["serves_action"].queryset = actions
        self.helper = helper(
            Field.select("definition"),
            Field.select("serves_action"),
            button="Use in this plan",
            name="use",
        )
