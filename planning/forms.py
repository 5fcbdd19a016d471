"""Input parsing for planning pages."""

from decimal import Decimal

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from . import numbers
from .models import ITEM_MODELS
from .uploads import file_problem

NOT_LINKED = ""


class SignInForm(AuthenticationForm):
    """Sign in. A wrong username or password is shown against the username field, so the
    error summary links to where the person starts again."""

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account has been switched off: ask an administrator",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK advises against moving focus on page load.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's own <form> carries the token
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Button("submit", "Sign in"),
        )

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


class GovNumberInput:
    """What the two number fields share: a GOV.UK text input with the right on-screen
    keyboard, the figure's name in every message (`what`, like "the budget"; by default
    the field's label) and reading by `planning.numbers`."""

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
        defaults = {
            "min_value": f"{self.what.capitalize()} must be %(limit_value)s or more",
            "max_value": f"{self.what.capitalize()} must be %(limit_value)s or less",
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
    """A number typed into a GOV.UK text input and read by `planning.numbers`: commas only
    between thousands, a full stop for decimals, £ for money and % for a percentage."""

    def messages(self) -> dict[str, str]:
        what, limit = self.what, self._largest()
        return {
            "invalid": f"Enter {what} as a number, like {numbers.EXAMPLES[self.kind]}",
            "max_digits": f"Enter {what} as a number smaller than {limit:,}",
            "max_whole_digits": f"Enter {what} as a number smaller than {limit:,}",
            "max_decimal_places": f"Enter {what} with no more than %(max)s decimal places",
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
    """A whole number read by `planning.numbers` (so 1,234 is one thousand two hundred and
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


def serves_refusal_text(year) -> str:
    """The one refusal for a link to anything the picker does not offer: out of the
    person's reach, of another year, gone, or not a choice at all. It is the same for
    every such value, so it says nothing about what exists beyond the person's reach."""
    return f"Choose an item from {year} in the list"


class ServesField(forms.ChoiceField):
    """The golden-thread link of an item: a drop-down of what the person may link it to
    (`permissions.linkable_items`), grouped by level, that accepts only one of those.

    A form calls `offer(item=..., user=...)` in its `__init__`; the cleaned value is the
    chosen item (or None: not linked yet). A choice of a level the item cannot serve at
    all is refused with why (that depends on the kind alone, not on any item)."""

    def __init__(self, *, empty_label: str = "Not linked yet (an orphan)", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.item = None
        self.targets: dict[str, object] = {}
        self.choices = [(NOT_LINKED, empty_label)]

    def offer(self, *, item, user) -> None:
        from .selectors import serves_targets

        groups = serves_targets(item, user=user)
        self.item = item
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
        model = ITEM_MODELS.get(value.partition(":")[0])
        if model is not None and self.item.serves_field_for(model) is None:
            raise forms.ValidationError(self.item.level_refusal(model))
        target = self.targets.get(value)
        if target is None:
            raise forms.ValidationError(serves_refusal_text(self.item.plan.year))
        return target


class ServesForm(forms.Form):
    """Choose the higher-level item this item serves."""

    serves = ServesField(
        label="Which item does this serve?",
        help_text="Choose an item from a higher level of the plan. Items of the same level "
        "or below cannot be chosen.",
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fields["serves"].offer(item=item, user=user)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's own <form> carries the token
        self.helper.layout = Layout(
            Field.select("serves"),
            Field("version"),
            Button("submit", "Save link"),
        )


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
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("file"), Button("check", "Check the file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = file_problem(name=upload.name, size=upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload
