"""The one way a rating is drawn: `{% rating thing %}` for anything with a `shown`, or
`{% rating "red" "Overdue" %}` for a colour key and words (pieces are joined:
`{% rating "grey" "Update " action.owes_update %}`). Built in Python rather than from an
included template: lists draw it on every row."""

from django import template
from django.utils.html import format_html

from core.ratings import Shown, shown

register = template.Library()


@register.simple_tag
def rating(thing, *words) -> str:
    """A tag with the rating's words, coloured by its colour key: a delivery RAG, an
    indicator rating, a risk band, a recommendation's progress, a finance rating, a status."""
    drawn = Shown(str(thing), "".join(map(str, words))) if words else shown(thing)
    return format_html('<strong class="{}">{}</strong>', drawn.css, drawn.text)
