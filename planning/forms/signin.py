"""Signing in."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib.auth import authenticate
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


class BreakGlassForm(SignInForm):
    """The administrators' own sign-in, kept when passwords are switched off
    (LOCAL_SIGNIN=0) for when the council's sign-in service is down. Anyone else's password
    is refused as a wrong one, and counts towards the lock-out like one."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = authenticate(
                self.request, username=username, password=password, administrators_only=True
            )
            if self.user_cache is None:
                self.add_error("username", self.get_invalid_login_error())
            else:
                self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
