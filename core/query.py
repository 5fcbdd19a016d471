"""Reading a list's filters from its address (?service=12&status=open): the one way every
list and download does it.

A filter value is used only when it is one the list offers: an id is ASCII digits within
the database's range, a choice is one of the choices, a flag is "1", and no text carries a
NUL character (PostgreSQL refuses one). Anything else is not applied, and the reader is
told: a page shows a notice and the rest of the list; a download, which cannot carry a
notice, answers 400 rather than hand over rows that were not asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import BadRequest

# Ids are 64-bit (BigAutoField); a larger number cannot name a row.
MAX_ID = 2**63 - 1
# Nothing a filter offers is longer; a longer value is refused without being read further.
MAX_TEXT = 200


class QueryReader:
    """A query string read filter by filter, remembering the filters it could not use."""

    def __init__(self, params):
        self.params = params
        self.refused: list[str] = []

    def _refuse(self, name: str) -> None:
        if name not in self.refused:
            self.refused.append(name)

    def text(self, name: str) -> str:
        """The value as given ("" when none is): refused if it holds a NUL or is longer
        than any filter's value."""
        raw = self.params.get(name, "")
        if not isinstance(raw, str) or len(raw) > MAX_TEXT or "\x00" in raw:
            self._refuse(name)
            return ""
        return raw

    def number(self, name: str) -> int | None:
        """A row's id: plain digits 0-9, from 1 to the largest id the database holds."""
        raw = self.text(name).strip()
        if not raw:
            return None
        # isdigit() alone lets through "²" and other scripts' digits, which int() refuses
        # or reads differently: a filter id is plain 0-9.
        if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
            return int(raw)
        self._refuse(name)
        return None

    def choice(self, name: str, choices: Iterable[str], default: str = "") -> str:
        """One of `choices`; `default` when none is given (an empty value included)."""
        raw = self.text(name)
        if not raw:
            return default
        if raw in choices:
            return raw
        self._refuse(name)
        return default

    def number_or(self, name: str, word: str) -> str:
        """An id, or one word that stands for "none" (as text: "12", "none" or "")."""
        if self.text(name) == word:
            return word
        number = self.number(name)
        return str(number) if number else ""

    def flag(self, name: str) -> bool:
        return self.choice(name, ("1",)) == "1"

    def month(self, name: str) -> dt.date | None:
        """A month written YYYY-MM, as its first day."""
        raw = self.text(name)
        if not raw:
            return None
        try:
            if len(raw) == 7 and raw.isascii():
                return dt.datetime.strptime(raw, "%Y-%m").date()
        except ValueError:
            pass
        self._refuse(name)
        return None


def tell_refused(request, refused: Iterable[str]) -> None:
    """On a page: say which filters in the address were not applied."""
    names = ", ".join(f"“{name}”" for name in refused)
    if names:
        messages.warning(
            request,
            f"The list is not filtered by {names}: the page address asks for a value "
            "the list does not offer. The other filters still apply.",
        )


def refuse_if_refused(refused: Iterable[str]) -> None:
    """On a download: a filter that was not understood is a bad request (400)."""
    names = ", ".join(refused)
    if names:
        raise BadRequest(f"Filters not understood: {names}")
