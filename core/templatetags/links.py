"""Addresses of many rows from one reverse(), in templates: a view or panel passes
`core.links.url_pattern(...)` and each row fills in its key:

    {% load links %}<a href="{{ row.pk|address:action_url }}">
"""

from django import template

register = template.Library()


@register.filter
def address(key, pattern) -> str:
    """The address `pattern` (from core.links.url_pattern) gives the row's key."""
    return pattern(key)
