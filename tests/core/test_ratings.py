"""Every rating is drawn the one way: a tag whose words carry it, coloured by its key."""

import pytest
from django.template import Context, Template

from audit.rules import ProgressRating
from core.ratings import Shown, shown
from performance import rag
from planning.finance_rules import FinanceRating
from planning.models import NO_UPDATE, delivery_rag_shown
from risk.rules import Band


def draw(source: str, **context) -> str:
    return Template("{% load ratings %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("thing", "html"),
    [
        (rag.Rating.AMBER, '<strong class="gt-rag gt-rag--amber">Amber</strong>'),
        (rag.Rating.NO_DATA, '<strong class="gt-rag gt-rag--grey">No data</strong>'),
        (
            rag.RagResult(rag.Rating.RED, "RED: missed", "rule"),
            '<strong class="gt-rag gt-rag--red">Red</strong>',
        ),
        (Band("High", 15, 25, "red", 30), '<strong class="gt-rag gt-rag--red">High</strong>'),
        (ProgressRating("blue", "Complete"), '<strong class="gt-rag gt-rag--blue">Blue</strong>'),
        (
            FinanceRating("none", "No forecast"),
            '<strong class="gt-rag gt-rag--grey">No forecast</strong>',
        ),
        (
            delivery_rag_shown("blue"),
            '<strong class="gt-rag gt-rag--blue">Blue (completed)</strong>',
        ),
        (delivery_rag_shown(None), f'<strong class="gt-rag gt-rag--grey">{NO_UPDATE}</strong>'),
        (
            Shown("purple", "Escalated"),
            '<strong class="govuk-tag govuk-tag--purple">Escalated</strong>',
        ),
        (Shown("plain", "Draft"), '<strong class="govuk-tag">Draft</strong>'),
    ],
)
def test_each_kind_of_rating_is_drawn_with_its_words(thing, html):
    assert draw("{% rating thing %}", thing=thing) == html


def test_a_colour_and_words_can_be_given_directly_and_are_escaped():
    assert (
        draw('{% rating "red" "Overdue" %}')
        == '<strong class="gt-rag gt-rag--red">Overdue</strong>'
    )
    assert (
        draw('{% rating "grey" "Update " due %}', due="<due>")
        == '<strong class="gt-rag gt-rag--grey">Update &lt;due&gt;</strong>'
    )


def test_an_unknown_colour_is_drawn_grey_with_its_words():
    assert Shown("mauve", "Odd").css == "gt-rag gt-rag--grey"
    assert shown(Shown("red", "Red")) == Shown("red", "Red")


def test_no_update_yet_is_the_one_wording_for_an_action_without_an_update():
    assert NO_UPDATE == "No update yet"
    assert delivery_rag_shown("") == delivery_rag_shown("none") == Shown("grey", "No update yet")
