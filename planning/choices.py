"""Long drop-downs made usable: options grouped under <optgroup>s and sorted.

Grouping only arranges the options a form already offers; it never adds or removes one.
Every helper works on rows already fetched (or a queryset it fetches once, with the
group it needs joined in), so a page's query count does not grow with the council.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

Choice = tuple[object, str]
Group = tuple[str, list[Choice]]

# A run of decimal digits in any script (Unicode category Nd). Superscripts, fractions
# and other "digit-like" characters (¹, ½, ①) are not decimal digits: they sort as text.
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort "A2 ..." before "A10 ...", ignoring case.

    A run of digits sorts by its value, compared as a string of ASCII digits without
    leading zeros (shorter is smaller), so a run of any length and any script's decimal
    digits sorts without converting it to a number. Any other text sorts by its letters."""
    if _DIGITS.search(text) is None:  # most names have no number: one part, no splitting
        return ((1, 0, text.casefold()),) if text else ()
    parts = _DIGITS.split(text)
    # Splitting on one capturing group alternates: text, digits, text, digits, ...
    return tuple(
        _number_key(part) if n % 2 else (1, 0, part.casefold())
        for n, part in enumerate(parts)
        if part
    )


def _number_key(digits: str) -> tuple:
    if not digits.isascii():
        digits = "".join(str(unicodedata.decimal(c)) for c in digits)
    plain = digits.lstrip("0") or "0"
    return (0, len(plain), plain)


def grouped_choices(
    rows: Iterable,
    *,
    value: Callable[[object], object],
    label: Callable[[object], str],
    group: Callable[[object], str],
    first: str | Sequence[str | None] | None = None,
    last: str | None = None,
    keep_one_group: bool = False,
) -> list[Choice] | list[Group]:
    """The rows as choices grouped by `group`, groups by name with `first` (the group, or
    groups in order, the person most likely wants, such as their own service) at the
    top, `last` (a catch-all such as "No service") at the bottom, options by name within
    each group. With only one group there is nothing to tell apart, so the options come
    back as a plain sorted list (unless `keep_one_group`: a template that always draws
    groups)."""
    by_group: dict[str, list[Choice]] = defaultdict(list)
    for row in rows:
        by_group[group(row)].append((value(row), label(row)))
    for name, options in by_group.items():
        by_group[name] = sorted_options(options)
    if len(by_group) <= 1 and not keep_one_group:
        return next(iter(by_group.values()), [])
    wanted = [first] if first is None or isinstance(first, str) else list(first)
    rank = {name: n for n, name in enumerate(wanted) if name is not None}
    names = sorted(
        by_group,
        key=lambda name: (name == last, rank.get(name, len(rank)), natural_key(name)),
    )
    return [(name, by_group[name]) for name in names]


NO_SERVICE = "No service"


def people_choices(people, *, first_service_id: int | None = None) -> list:
    """People (a queryset, fetched here in one query with their service's name, as plain
    values: a drop-down may offer everyone in the council) grouped by the service they
    work in, the given service first. Each is named as `Person.__str__` names them."""
    rows = [
        (pk, (f"{first_name} {last_name}".strip() or username), service_id, service)
        for pk, first_name, last_name, username, service_id, service in people.values_list(
            "pk", "first_name", "last_name", "username", "service_id", "service__name"
        )
    ]
    first = next((row[3] for row in rows if row[2] == first_service_id), None)
    return grouped_choices(
        rows,
        value=lambda row: row[0],
        label=lambda row: row[1],
        group=lambda row: row[3] if row[2] else NO_SERVICE,
        first=first,
        last=NO_SERVICE,
    )


def actions_choices(actions, *, first_service_id: int | None = None) -> list:
    """Service actions (a queryset, fetched here in one query with their plan's service's
    name, as plain values) grouped by service, the given service first. Each is named as
    `ServiceAction.__str__` names them."""
    rows = [
        (pk, f"{ref} {title}".strip(), service_id, service)
        for pk, ref, title, service_id, service in actions.values_list(
            "pk", "ref", "title", "plan__service_id", "plan__service__name"
        )
    ]
    first = next((row[3] for row in rows if row[2] == first_service_id), None)
    return grouped_choices(
        rows,
        value=lambda row: row[0],
        label=lambda row: row[1],
        group=lambda row: row[3],
        first=first,
    )


def sorted_options(options: Iterable[Choice]) -> list[Choice]:
    """Options by name ("A2 ..." before "A10 ...")."""
    return sorted(options, key=lambda choice: natural_key(choice[1]))


def services_by_directorate() -> list[Group]:
    """Every service as (pk, name), grouped by directorate, for filter drop-downs (one
    query). Always grouped, so a template can draw <optgroup>s without checking."""
    from planning.models import Service

    rows = Service.objects.select_related("directorate").only("pk", "name", "directorate__name")
    return grouped_choices(
        rows,
        value=lambda s: s.pk,
        label=lambda s: s.name,
        group=lambda s: s.directorate.name,
        keep_one_group=True,
    )
