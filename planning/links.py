"""Addresses of plan items for a page that lists many: one reverse() per kind of item.

`mark_thread_urls(items)` sets `thread_url` on each item (and on what each serves, when
asked), which `{% item_link %}` draws; an item without one is resolved on its own.
"""

from collections.abc import Callable, Iterable

from core.links import url_pattern


def mark_thread_urls(items: Iterable, *, serves: bool = False):
    """Set `thread_url` on each item (None is skipped), and with `serves` on the item each
    one serves: the address of the item's thread page."""
    patterns: dict[str, Callable[[object], str]] = {}

    def mark(item) -> None:
        if item is None:
            return
        if item.KIND not in patterns:
            patterns[item.KIND] = url_pattern("planning:thread", item.KIND)
        item.thread_url = patterns[item.KIND](item.pk)

    for item in items:
        mark(item)
        if serves and item is not None:
            mark(item.serves)
    return items
