"""Presentation of ratings and direction of travel: always a word, colour only adds."""

from django import template
from django.utils.html import format_html

from performance import rag

register = template.Library()


@register.filter
def rag_tag(result: rag.RagResult | rag.Rating | None):
    """`<strong class="gt-rag gt-rag--amber">Amber</strong>` for a rating or its result."""
    rating = getattr(result, "rating", result)
    if rating is None:
        rating = rag.Rating.NO_DATA
    return format_html('<strong class="gt-rag gt-rag--{}">{}</strong>', rating.css, rating.word)


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
