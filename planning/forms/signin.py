"""Signing in."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from core.forms import helper


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
        self.helper = helper(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            button="Sign in",
            own_token=True,
        )

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data
