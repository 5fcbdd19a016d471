"""A long drop-down writes exactly the markup Django's own select would, for plain and
grouped options, a chosen value, empty and awkward values, and extra attributes."""

import pytest
from django import forms

from core.forms import GivenChoices, LongSelect

CHOICES = [
    ("", "Choose a person"),
    ("Parks & <Open> Spaces", [(1, "Ann O'Neil"), (2, 'Bo "B" Smith'), (3, "Cy")]),
    ("Libraries", [(4, "Di"), (5, "Ed")]),
    (None, "Nobody"),
    ("", [(6, "In a group with no name")]),
    (7, 7),
]


@pytest.mark.parametrize("value", [None, "", 2, "2", 5, [3], "<script>", 7])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_owner", "class": "govuk-select", "required": True}]
)
def test_the_same_markup_as_djangos_select(value, attrs):
    ours = LongSelect(choices=CHOICES, attrs={"data-x": "a&b", "hidden": False})
    django = forms.Select(choices=CHOICES, attrs={"data-x": "a&b", "hidden": False})
    assert ours.render("owner", value, attrs=attrs) == django.render("owner", value, attrs=attrs)


def test_multiple_choices_are_all_marked():
    ours = forms.SelectMultiple(choices=CHOICES)
    long = type("LongMultiple", (LongSelect,), {"allow_multiple_selected": True})(choices=CHOICES)
    assert long.render("owners", [1, 5]) == ours.render("owners", [1, 5])


CHOSEN = [(v, label) for v, label in CHOICES if v is not None]


@pytest.mark.parametrize("value", [None, "2", "6", "99"])
def test_choices_given_as_they_are_draw_and_check_as_a_plain_list(value):
    given = forms.ChoiceField(choices=GivenChoices(CHOSEN), widget=LongSelect, required=False)
    plain = forms.ChoiceField(choices=CHOSEN, widget=LongSelect, required=False)
    assert given.widget.render("owner", value) == plain.widget.render("owner", value)
    assert given.valid_value(value) == plain.valid_value(value)
