"""The GOV.UK form kit every app's forms are built from: the three-field date, the number
fields that read as `core.numbers` reads, the change stamp an edit form carries, the
spreadsheet upload field, the golden-thread picker, the crispy-forms layout helper, and the
field factories (long text, references, money, FTE, percentages and other figures) that
keep one field's words the same wherever it is asked for. Forms here only parse what was
typed; rules live in the apps' rule modules and services."""

import html
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.choices import BaseChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import numbers
from core.uploads import file_problem

LONG_TEXT = 2000


class GovNumberInput:
    """What the two number fields share: a GOV.UK text input with the right on-screen
    keyboard, the figure's name in every message (`what`, like "the budget"; by default
    the field's label) and reading by `core.numbers`."""

    inputmode = "decimal"

    def __init__(self, *, what: str = "", kind: str = numbers.NUMBER, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": self.inputmode, "spellcheck": "false"}),
        )
        super().__init__(**kwargs)
        self.what = what or f"the {str(self.label or 'number').lower()}"
        self.kind = kind
        given = kwargs.get("error_messages") or {}
        # These messages are filled in with the limit, so a % in the name is doubled.
        named = self.what.capitalize().replace("%", "%%")
        defaults = {
            "min_value": f"{named} must be %(limit_value)s or more",
            "max_value": f"{named} must be %(limit_value)s or less",
        } | self.messages()
        self.error_messages |= {key: text for key, text in defaults.items() if key not in given}

    def messages(self) -> dict[str, str]:
        return {}

    def read(self, value, **options):
        try:
            return numbers.parse_number(str(value), what=self.what, kind=self.kind, **options)
        except numbers.NumberRefused as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class UKDecimalField(GovNumberInput, forms.DecimalField):
    """A number typed into a GOV.UK text input and read by `core.numbers`: commas only
    between thousands, a full stop for decimals, £ for money and % for a percentage."""

    def messages(self) -> dict[str, str]:
        what, limit = self.what, self._largest()
        named = what.replace("%", "%%")  # the messages below but the first are filled in
        return {
            "invalid": f"Enter {what} as a number, like {numbers.EXAMPLES[self.kind]}",
            "max_digits": f"Enter {named} as a number smaller than {limit:,}",
            "max_whole_digits": f"Enter {named} as a number smaller than {limit:,}",
            "max_decimal_places": f"Enter {named} with no more than %(max)s decimal places",
        }

    def _largest(self) -> int:
        if self.max_digits is None:
            return int(numbers.LARGEST)
        return 10 ** (self.max_digits - (self.decimal_places or 0))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        return self.read(value, places=numbers.MAX_PLACES, invalid=self.error_messages["invalid"])


class UKIntegerField(GovNumberInput, forms.IntegerField):
    """A whole number read by `core.numbers` (so 1,234 is one thousand two hundred and
    thirty-four and "٣" or "²" are refused), in a GOV.UK text input."""

    inputmode = "numeric"

    def messages(self) -> dict[str, str]:
        return {"invalid": f"Enter {self.what} as a whole number, like 40"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        invalid = self.error_messages["invalid"]
        number = self.read(value, invalid=invalid)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise forms.ValidationError(invalid, code="invalid")
        return int(number)


class SpreadsheetUploadForm(forms.Form):
    """Choosing a CSV or Excel (.xlsx) file to upload. Refuses, before reading it, a file
    that is too big, macro-enabled or not a spreadsheet; subclasses set the label."""

    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file laid out like the template, 2 MB at most",
        error_messages={
            "required": "Choose a CSV or Excel file to upload",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Field("file"), button="Check the file", name="check")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = file_problem(name=upload.name, size=upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class GivenChoices(BaseChoiceIterator):
    """Choices already written as Django writes them ((value, label) pairs, or (group,
    pairs) for an <optgroup>), handed to a field as they are: Django otherwise checks every
    one of thousands of options again, for the field and again for its widget."""

    def __init__(self, choices) -> None:
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)


class LongSelect(forms.Select):
    """A drop-down of hundreds or thousands of options (everyone in a directorate, every
    action in the council's plans), written out in one pass: the same markup as Django's
    select, without rendering a template for each option."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen, has_selected, parts = widget["value"], False, []
        parts.append(f'<select name="{_text(name)}"{_attributes(widget["attrs"])}>')
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                group, options = option_value, option_label
            else:
                group, options = None, [(option_value, option_label)]
            if group:
                parts.append(f'\n  <optgroup label="{_text(group)}">')
            for sub_value, sub_label in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    sub_value
                ) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{html.escape(str(sub_value))}"'
                    f"{' selected' if selected else ''}>{_text(sub_label)}</option>\n"
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def _text(value) -> str:
    """A value written into markup as a template's {{ value }} would write it."""
    if type(value) is str:  # most labels: escaped directly, without Django's lazy wrappers
        return html.escape(value)
    return conditional_escape(localize(value))


def _attributes(attrs: dict) -> str:
    """Attributes as Django's widgets/attrs.html writes them."""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{html.escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class GovDateField(DateInputField):
    """The GOV.UK three-field date, with messages that name the date."""

    def __init__(self, *, name: str, required: bool = False, **kwargs):
        super().__init__(required=required, require_all_fields=False, **kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {name}"
        self.error_messages["incomplete"] = (
            f"{name.capitalize()} must include a day, month and year"
        )
        for part, sub in zip(("day", "month", "year"), self.fields, strict=True):
            sub.required = False
            sub.error_messages["incomplete"] = f"{name.capitalize()} must include a {part}"
            # Plain 0-9: superscripts and other scripts' digits are not a date's numbers.
            real = RegexValidator(r"^[0-9]+\Z", f"{name.capitalize()} must be a real date")
            others = [v for v in sub.validators if not isinstance(v, RegexValidator)]
            sub.validators = [*others, real]

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            filled = [v for v in value if v not in self.empty_values]
            if filled and len(filled) < 3:
                raise ValidationError(self.error_messages["incomplete"])
        try:
            return super().clean(value)
        except ValidationError as error:
            if any("must include" in m or m.startswith("Enter") for m in error.messages):
                raise
            raise ValidationError(f"{self.name.capitalize()} must be a real date") from error

    def compress(self, data_list):
        day, month, year = data_list
        # A year has four figures: a longer one is no date (and would overflow Python's).
        if day and month and year and len(year.lstrip("0")) > 4:
            raise ValidationError(f"{self.name.capitalize()} must include a year of 4 numbers")
        try:
            return super().compress(data_list)
        except (ValidationError, OverflowError) as error:
            raise ValidationError(f"{self.name.capitalize()} must be a real date") from error


NOT_LINKED = ""


def serves_refusal_text(year) -> str:
    """The one refusal for a link to anything the picker does not offer: out of the
    person's reach, of another year, gone, or not a choice at all. It is the same for
    every such value, so it says nothing about what exists beyond the person's reach."""
    return f"Choose an item from {year} in the list"


class ThreadLinkField(forms.ChoiceField):
    """The golden-thread link of an item: a drop-down of what the person may link it to,
    grouped by level, that accepts only one of those.

    A form calls `offer_groups(item=..., groups=..., kinds=...)` in its `__init__`, with
    `groups` the (level's model, items) the person may link the item to, nearest level
    first (planning.selectors.serves_targets), and `kinds` every level's model by its KIND
    (planning.models.ITEM_MODELS). The cleaned value is the chosen item (or None: not
    linked yet). A choice of a level the item cannot serve at all is refused with why
    (that depends on the kind alone, not on any item)."""

    def __init__(self, *, empty_label: str = "Not linked yet (an orphan)", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.item = None
        self.kinds: dict[str, type] = {}
        self.targets: dict[str, object] = {}
        self.choices = [(NOT_LINKED, empty_label)]

    def offer_groups(self, *, item, groups, kinds: dict[str, type]) -> None:
        self.item = item
        self.kinds = kinds
        self.targets = {f"{m.KIND}:{row.pk}": row for m, rows in groups for row in rows}
        self.choices = [
            (NOT_LINKED, self.empty_label),
            *(
                (m.LEVEL_PLURAL, [(f"{m.KIND}:{row.pk}", str(row)) for row in rows])
                for m, rows in groups
            ),
        ]

    def valid_value(self, value) -> bool:
        return True  # `clean` checks the value against what was offered

    def clean(self, value):
        value = super().clean(value)
        if value in (NOT_LINKED, None):
            return None
        model = self.kinds.get(value.partition(":")[0])
        if model is not None and self.item.serves_field_for(model) is None:
            raise forms.ValidationError(self.item.level_refusal(model))
        target = self.targets.get(value)
        if target is None:
            raise forms.ValidationError(serves_refusal_text(self.item.plan.year))
        return target


def helper(*fields, button: str, name: str = "submit", own_token: bool = False) -> FormHelper:
    """The crispy-forms helper of a form drawn inside the template's own <form>: its fields
    and then one button (`name` is what the button posts). `own_token`: the template's
    <form> carries the CSRF token itself."""
    h = FormHelper()
    h.form_tag = False
    h.disable_csrf = own_token
    h.layout = Layout(*fields, Button(name, button))
    return h


class VersionedForm(forms.Form):
    """An edit form carrying the record's change stamp, to notice a later save."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


def reference_field() -> forms.CharField:
    """An item's own optional reference, like "A3"."""
    return forms.CharField(label="Reference (optional)", max_length=30, required=False)


def long_text_field(
    label: str | None = None,
    *,
    help_text: str = "",
    missing: str = "",
    max_length: int | None = LONG_TEXT,
    **kwargs,
) -> forms.CharField:
    """A text area for a few sentences. Optional, unless `missing` says what to write when
    it is left empty (like "Enter why the risk is moving register")."""
    if missing:
        kwargs["error_messages"] = {"required": missing} | kwargs.get("error_messages", {})
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea,
        required=bool(missing),
        max_length=max_length,
        **kwargs,
    )


def figure_field(
    label: str,
    *,
    what: str,
    example: str,
    kind: str = numbers.NUMBER,
    max_digits: int,
    max_value: int | None = None,
    required: bool = True,
    error_messages: dict | None = None,
    **kwargs,
) -> UKDecimalField:
    """A figure that cannot be negative, to 2 decimal places at most, with messages that
    name it (`what`, like "the budget") and show an `example` of what to type."""
    figure = what.capitalize()
    messages = {
        "required": f"Enter {what}",
        "invalid": f"{figure} must be a number, like {example}",
        "min_value": f"{figure} cannot be negative",
    }
    if max_value is not None:
        messages["max_value"] = f"{figure} must be {max_value} or less"
    return UKDecimalField(
        label=label,
        what=what,
        kind=kind,
        min_value=0,
        max_value=max_value,
        max_digits=max_digits,
        decimal_places=2,
        required=required,
        error_messages=messages | (error_messages or {}),
        **kwargs,
    )


def money_field(
    label: str, *, required: bool = True, what: str, error_messages: dict | None = None
) -> UKDecimalField:
    """An amount in pounds and pence."""
    return figure_field(
        label,
        what=what,
        example="125000",
        kind=numbers.MONEY,
        max_digits=14,
        required=required,
        error_messages={"max_decimal_places": f"{what.capitalize()} must be in pounds and pence"}
        | (error_messages or {}),
    )


def fte_field(label: str, what: str, *, required: bool = True) -> UKDecimalField:
    """A number of full-time equivalent posts, like 4.5."""
    return figure_field(label, what=what, example="4.5", max_digits=7, required=required)


def percent_field(label: str, *, what: str, required: bool = False) -> UKDecimalField:
    """A percentage from 0 to 100, like 5."""
    return figure_field(
        label,
        what=what,
        example="5",
        kind=numbers.PERCENTAGE,
        max_digits=5,
        max_value=100,
        required=required,
        error_messages={
            "max_decimal_places": f"{what.capitalize()} can have up to 2 decimal places"
        },
    )


def numbers_as_text(form, *names):
    """Numbers typed into GOV.UK text inputs (not number inputs, which browsers change on
    scroll and the GOV.UK template pack leaves unstyled): a plain text widget with the
    right on-screen keyboard, so the GOV.UK input, focus and error styles apply. The named
    fields, or every number field of the form when none are named."""
    if not names:
        names = [n for n, f in form.fields.items() if isinstance(f.widget, forms.NumberInput)]
    for name in names:
        whole = isinstance(form.fields[name], forms.IntegerField)
        mode = "numeric" if whole else "decimal"
        form.fields[name].widget = forms.TextInput(attrs={"inputmode": mode})
