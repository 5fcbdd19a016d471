"""Bulk imports for a whole council: the kinds of file a council brings when it moves in.

Each app says what it can import by registering a `BulkKind` from its AppConfig.ready()
(core imports no app, so the apps come to it). A kind is its sheets and their headings (the
downloadable template is made from them), who may import it, and two functions:

- `check(*, book, actor, options)` reads a `core.imports.Book` and writes nothing: it gives
  back a `core.uploads.CheckedFile` whose rows say, row by row and sheet by sheet, what
  importing would add, change or leave, or name each problem by sheet, row and column.
- `save(*, entries, actor, source)` writes what the check found, all or nothing, keeping
  "Imported from <source> by <person>" in every record's history, and gives back how many
  records it wrote.

The rules, in council terms:

- A council's file is always checked first (a dry run) and saved only as it was checked.
- Who may import a kind is the permissions module's answer to `kind.permission`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BulkKind:
    """One kind of council-wide import. `templates` maps each sheet's name to the headings
    it must have (as `core.imports.read_book` takes them); `optional` maps a sheet to the
    headings it may also have; `examples` maps a sheet to example rows for the template;
    `options` names the choices the person makes beside the file (a unit, a year), as
    (name, label, choices) triples, passed to `check` as a dict."""

    slug: str
    title: str
    summary: str
    permission: str
    templates: dict[str, tuple[str, ...]]
    check: Callable
    save: Callable
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: dict[str, list[list[str]]] = field(default_factory=dict)
    options: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = ()


KINDS: dict[str, BulkKind] = {}


def register(kind: BulkKind) -> BulkKind:
    """Make a kind of import available; called from an app's ready()."""
    if kind.slug in KINDS and KINDS[kind.slug] is not kind:
        raise ValueError(f"Two bulk imports are called {kind.slug!r}")
    KINDS[kind.slug] = kind
    return kind


def kinds_for(user) -> list[BulkKind]:
    """The kinds this person may import, in the order the apps registered them."""
    return [kind for kind in KINDS.values() if user.has_perm(kind.permission)]
