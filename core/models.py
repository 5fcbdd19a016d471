"""Constraint helpers any app's models use."""

import itertools

from django.db.models import Q


def at_most_one(*fields: str) -> Q:
    """A check-constraint condition: at most one of these nullable links is filled in (an
    item serves one thing, or nothing)."""
    condition = Q()
    for a, b in itertools.combinations(fields, 2):
        condition &= ~Q(**{f"{a}__isnull": False, f"{b}__isnull": False})
    return condition
