"""Line management in an HR import: who a row names as line manager, and chains of line
management that would go round in a circle.

The rules, in council terms: a line manager is named by employee number, user name or email
(never by name), and may be someone the same file adds; nobody is their own line manager;
and no chain of line managers may come back to where it started, counting both the people
the file changes and everyone it leaves as they are.
"""

from __future__ import annotations

from planning.workbook.rows import Cells


def manager_named(cells: Cells, heading: str, *, person, number: int, lookups):
    """Who a row names as line manager: ("pk", id), ("row", n) for someone the file adds,
    "keep" for nothing named, None (with the problem noted) for nobody found."""
    text = cells.text(heading)
    if not text:
        return "keep"
    found = lookups.in_file.get(text.lower())
    if found is not None and found.person is None:
        if found.row == number:
            cells.problem(heading, "A person cannot be their own line manager")
            return None
        return ("row", found.row)
    manager, problem = lookups.existing(text)
    if manager is None:
        cells.problem(
            heading,
            problem or f"Nobody has the employee number, user name or email “{text}”",
        )
        return None
    if person is not None and manager.pk == person.pk:
        cells.problem(heading, "A person cannot be their own line manager")
        return None
    return ("pk", manager.pk)


def manager_pk(manager) -> int | None:
    return manager[1] if manager and manager[0] == "pk" else None


def circles(checked: list, lookups, *, heading: str, left_out: str) -> None:
    """Each row whose person would, up their line-management chain, come back to
    themselves; and each row naming as line manager a leaver the file leaves out."""
    managers = {
        ("pk", p.pk): ("pk", p.line_manager_id) for p in lookups.people if p.line_manager_id
    }
    names = {("pk", p.pk): str(p) for p in lookups.people}
    nodes = {}
    for row, cells in checked:
        entry = row.entry
        if not hasattr(entry, "manager") or row.errors:
            continue
        node = ("pk", entry.existing_pk) if entry.existing_pk else ("row", entry.row)
        nodes[node] = (row, cells)
        names.setdefault(node, row.detail)
        if entry.manager != "keep":
            managers[node] = entry.manager
    for node, (_row, cells) in nodes.items():
        manager = managers.get(node)
        if manager and manager[0] == "row" and _left_out(nodes.get(manager), left_out):
            cells.problem(heading, "The line manager named is a leaver the file leaves out")
            continue
        chain, current = [node], manager
        while current is not None and current not in chain:
            chain.append(current)
            current = managers.get(current)
        if current == node:
            circle = " → ".join(names.get(n, "?") for n in [*chain, node])
            cells.problem(heading, f"Line management would go round in a circle: {circle}")


def _left_out(node, left_out: str) -> bool:
    return node is None or node[0].outcome == left_out
