"""Input for notification settings: how each kind is told."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from core.forms import helper
from planning.models import Delivery, NotificationKind


class PreferencesForm(forms.Form):
    """One choice per kind of notification: on the page only, email at once, or a digest."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=initial_choices.get(kind.value, Delivery.IMMEDIATE),
                error_messages={"required": f"Choose how you are told: {kind.label.lower()}"},
            )
        self.helper = helper(
            *[
                Field.radios(kind.value, legend_size=Size.SMALL, small=True)
                for kind in NotificationKind
            ],
            button="Save settings",
        )
