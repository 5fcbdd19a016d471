"""Input parsing for reporting pages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from core.forms import LongSelect
from planning.models import FinancialYear

QUARTERS = [
    ("1", "Quarter 1 (April to June)"),
    ("2", "Quarter 2 (July to September)"),
    ("3", "Quarter 3 (October to December)"),
    ("4", "Quarter 4 (January to March)"),
]


class GenerateForm(forms.Form):
    """Which quarter's Budget & Performance report to generate."""

    year = forms.ModelChoiceField(
        queryset=FinancialYear.objects.order_by("-start_year"),
        label="Financial year",
        empty_label=None,
        error_messages={
            "required": "Choose a financial year",
            "invalid_choice": "Choose a financial year from the list",
        },
    )
    quarter = forms.TypedChoiceField(
        coerce=int,
        choices=QUARTERS,
        label="Quarter",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a quarter",
            "invalid_choice": "Choose a quarter from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("year", label_size=Size.MEDIUM),
            Field.radios("quarter", legend_size=Size.MEDIUM),
            Button("submit", "Generate"),
        )


class MonthForm(forms.Form):
    """Which month the Board's dashboard shows (a GET form: the choice is in the address)."""

    month = forms.ChoiceField(
        label="Month",
        widget=LongSelect,  # every month on record, written out in one pass
        error_messages={
            "required": "Choose a month",
            "invalid_choice": "Choose a month from the list",
        },
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.strftime("%Y-%m"), f"{m:%B %Y}") for m in months]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("month", label_size=Size.SMALL),
            Button("show", "Show month", css_class="govuk-button--secondary"),
        )


class ChaserForm(GenerateForm):
    """Which quarter's missing action updates to chase (a GET form: the preview's address)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Field.select("year", label_size=Size.MEDIUM),
            Field.radios("quarter", legend_size=Size.MEDIUM),
            Button("preview", "Preview who is chased"),
        )


class ValuesChaserForm(forms.Form):
    """Which month's missing indicator values to chase."""

    month = forms.ChoiceField(
        label="Month",
        widget=LongSelect,  # every month on record, written out in one pass
        error_messages={
            "required": "Choose a month",
            "invalid_choice": "Choose a month from the list",
        },
    )

    def __init__(self, *args, months=(), button="Preview who is chased", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = [(m.strftime("%Y-%m"), f"{m:%B %Y}") for m in months]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.select("month", label_size=Size.MEDIUM), Button("preview", button)
        )
