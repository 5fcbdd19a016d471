"""Presentation of an indicator's direction of travel and numbers (ratings are drawn by
core's `{% rating %}` tag)."""

from django import template
from django.utils.html import format_html

from performance import rag

register = template.Library()


@register.filter
def travel_tag(travel: rag.Travel | None):
    """ "Improving ↑": the word says better or worse, the arrow which way the value moved."""
    if travel is None:
        return ""
    if not travel.arrow:
        return format_html('<span class="gt-travel">{}</span>', travel.word)
    moved = {"↑": "value up", "↓": "value down", "→": "value level"}[travel.arrow]
    return format_html(
        '<span class="gt-travel">{} <span aria-hidden="true">{}</span>'
        '<span class="govuk-visually-hidden"> ({})</span></span>',
        travel.word,
        travel.arrow,
        moved,
    )


@register.filter
def show(number, definition):
    """A number in the indicator's own units ("82.0%", "£1,250"), or a dash for none."""
    if number is None or number == "":
        return "–"
    return definition.fmt.value(number)
