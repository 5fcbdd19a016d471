"""Input parsing for a plan's journey to sign-off: returning it with feedback."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import helper, long_text_field


class ReturnForm(forms.Form):
    feedback = long_text_field(
        "Feedback for the head of service",
        help_text="Say what needs to change before the plan can be signed off",
        missing="Enter your feedback for the head of service",
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Field.textarea("feedback", rows=6, max_characters=5000, label_size=Size.MEDIUM),
            button="Return plan with feedback",
        )
