"""Addresses for many rows from one reverse().

A page listing hundreds of rows would otherwise resolve the same route hundreds of times.
`url_pattern` reverses the route once with a placeholder for the last argument and returns
a function that puts each row's key in its place:

    action_url = url_pattern("planning:action-detail")
    [action_url(pk) for pk in pks]   # "/actions/12/", "/actions/13/", ...

Arguments before the row's own key (a plan's kind, say) are given once:

    thread_url = url_pattern("planning:thread", "action")

In a template, `{% load links %}{{ row.pk|address:action_url }}`.
"""

from collections.abc import Callable

from django.urls import reverse

# A key no real row has, that cannot appear elsewhere in an address.
_PLACEHOLDER = 987654321987


def url_pattern(viewname: str, *args_before: object) -> Callable[[object], str]:
    """A function of a row's key (an int primary key) giving the route's address for it."""
    address = reverse(viewname, args=[*args_before, _PLACEHOLDER])
    marker = str(_PLACEHOLDER)
    if address.count(marker) != 1:  # pragma: no cover - a route that repeats its argument
        raise ValueError(f"{viewname} does not take its key exactly once")
    head, tail = address.split(marker)

    def url(key: object) -> str:
        return f"{head}{int(key)}{tail}"

    url.do_not_call_in_templates = True  # passed to templates whole, for the `address` filter
    return url
