"""Input parsing for planning pages."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import ITEM_MODELS, PlanItem
from .models.plans import serves_refusal
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


class AnyChoiceField(forms.ChoiceField):
    """A select whose value the form checks itself, to say exactly why a choice is wrong."""

    def valid_value(self, value) -> bool:
        return True


class ServesForm(forms.Form):
    """Choose the higher-level item this item serves."""

    serves = AnyChoiceField(
        label="Which item does this serve?",
        help_text="Choose an item from a higher level of the plan. Items of the same level "
        "or below cannot be chosen.",
        required=False,
    )

    def __init__(self, *args, item: PlanItem, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.target: PlanItem | None = None
        self.fields["serves"].choices = [(NOT_LINKED, "Not linked yet (an orphan)"), *choices]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's own <form> carries the token
        self.helper.layout = Layout(
            Field.select("serves"),
            Button("submit", "Save link"),
        )

    def clean_serves(self) -> PlanItem | None:
        raw = self.cleaned_data["serves"]
        if raw == NOT_LINKED:
            return None
        kind, _, pk = raw.partition(":")
        model = ITEM_MODELS.get(kind)
        if model is None or not (pk.isascii() and pk.isdigit()):
            raise forms.ValidationError("Choose an item from the list")
        if self.item.serves_field_for(model) is None:
            # forms that borrow this method without subclassing get the plain refusal
            refusal = getattr(self, "refusal", None)
            raise forms.ValidationError(
                refusal(model) if refusal else serves_refusal(type(self.item), model)
            )
        target = model.objects.select_related("plan").filter(pk=int(pk)).first()
        if target is None:
            raise forms.ValidationError("That item no longer exists: choose another")
        return target

    def refusal(self, model: type) -> str:
        """Why the item cannot serve an item of this kind."""
        return serves_refusal(type(self.item), model)


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
