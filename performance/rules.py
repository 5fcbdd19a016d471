"""Which version of the rating rules applies to a period.

The council's policy and each indicator's own rules change by version, each applying from a
chosen month on. For a period (a month), the version in force is the one recorded last of
those applying by then (an undated one applies to every period): a later decision "from
October on" wins from October, and every earlier period keeps the rules it was rated under.
An indicator without versions of its own follows the rules on its definition throughout.

A RuleBook is read in two queries, whatever the number of indicators, and then answers
for any indicator and month without the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import rag
from .models import IndicatorDefinition, IndicatorRuleVersion, RagPolicy, rules_over


@dataclass(frozen=True)
class Rules:
    """The policy an indicator is rated under for one period, and how it is named."""

    policy: rag.Policy
    version: str  # "the council policy from April 2026", or "" when no version is dated


def in_force(rows: list, month: dt.date):
    """Of the versions (in the order recorded), the one in force for `month`, if any."""
    found = None
    for row in rows:
        if row.effective_from is None or row.effective_from <= month:
            found = row
    return found


class RuleBook:
    def __init__(self, council: list[RagPolicy], versions: dict[int, list[IndicatorRuleVersion]]):
        self.council = sorted(council, key=lambda row: row.pk)
        self.versions = versions

    @classmethod
    def read(cls, definition_ids: Iterable[int] | None = None) -> RuleBook:
        """The council's policies and the indicators' rule versions (every indicator's when
        `definition_ids` is None): two queries."""
        rows = IndicatorRuleVersion.objects.order_by("pk")
        if definition_ids is not None:
            rows = rows.filter(definition__in=list(definition_ids))
        versions: dict[int, list] = defaultdict(list)
        for row in rows:
            versions[row.definition_id].append(row)
        return cls(list(RagPolicy.objects.all()), dict(versions))

    def rules(self, definition: IndicatorDefinition, month: dt.date | None) -> Rules:
        """The rules `definition` is rated under for the period `month` (None: no period
        yet, so the rules in force now)."""
        month = month or dt.date.max
        council = in_force(self.council, month)
        default = council.as_policy() if council else rag.DEFAULT_POLICY
        own = in_force(self.versions.get(definition.pk, []), month)
        policy = rules_over(default, own or definition)
        if own is not None and own.effective_from is not None:
            return Rules(policy, f"{definition.ref}'s rules {own.version_label}")
        if council is not None and council.effective_from is not None:
            return Rules(policy, council.version_label)
        return Rules(policy, "")


def named(result: rag.RagResult, version: str) -> rag.RagResult:
    """The rating with its explanation naming the rule version that produced it:
    "… (amber within 10%, under the council policy from April 2026)"."""
    if not version or result.rating.severity < 0 or not result.explanation.endswith(")"):
        return result
    explanation = f"{result.explanation[:-1]}, under {version})"
    return rag.RagResult(result.rating, explanation, result.rule)
