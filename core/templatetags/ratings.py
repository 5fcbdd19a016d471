"""The one way a rating is drawn: `{% rating thing %}` for anything with a `shown`, or
`{% rating "red" "Overdue" %}` for a colour key and words (pieces are joined:
`{% rating "grey" "Update " action.owes_update %}`)."""

from django import template

from core.ratings import Shown, shown

register = template.Library()


@register.inclusion_tag("includes/rating.html")
def rating(thing, *words) -> dict:
    """A tag with the rating's words, coloured by its colour key: a delivery RAG, an
    indicator rating, a risk band, a recommendation's progress, a finance rating, a status."""
    if words:
        return {"shown": Shown(str(thing), "".join(str(word) for word in words))}
    return {"shown": shown(thing)}
