"""The Board sees the numbers the committee paper prints: the dashboard for the last month of
a quarter and the quarterly report taken for that quarter show the same service actions by
ambition and RAG, the same delivery exceptions, the same indicator ratings, the same
corporate risks in the same order with the same heat map, and the same revenue forecast by
directorate."""

import datetime as dt
from collections import Counter

import pytest

from reporting.dashboard import dashboard_build
from reporting.report.finance import whole
from reporting.report.registry import Period
from reporting.report.snapshot import section_of, snapshot_take
from tests import factories as f
from tests.reporting.dashboard_world import (
    build_dashboard_world,
    grow_council,
    update_posted_on,
)
from tests.reporting.report_world import build_report_world
from tests.risk.world import make_risk

pytestmark = pytest.mark.django_db

SEPTEMBER = dt.date(2026, 9, 1)  # the last month of the second quarter


@pytest.fixture(autouse=True)
def _today(settings):
    settings.PLANNING_TODAY = "2026-11-23"


@pytest.fixture
def council(world):
    """The report's and the dashboard's worlds, grown: more services with actions in every
    state, an action serving no ambition, one in the other directorate rated amber, and
    corporate risks of equal and different scores."""
    report = build_report_world(world)
    build_dashboard_world(world)
    grow_council(world, 2)
    head = world.people["other_head"]
    f.ActionFactory(plan=world.other_plan, title="Tidy the archive", due_date=dt.date(2026, 5, 1))
    amber = f.ActionFactory(plan=world.other_plan, serves_activity=world.activity, lead=head)
    update_posted_on(
        action=amber, actor=head, rag="amber", commentary="Late stock", on=dt.date(2026, 7, 20)
    )
    board = world.people["board"]
    corporate = report.corporate_risk.register
    for ref, likelihood, impact in (("CR-03", 3, 3), ("CR-02", 3, 3), ("CR-04", 5, 5)):
        make_risk(corporate, board, ref, current_likelihood=likelihood, current_impact=impact)
    return world


@pytest.fixture
def seen(council):
    """The Board member's dashboard for September, and the report the performance lead took
    for the second quarter (both read the whole council)."""
    panels = {
        panel.key: data
        for panel, data in dashboard_build(month=SEPTEMBER, user=council.people["board"])
    }
    period = Period(
        year=council.year, quarter=2, as_at=dt.date(2026, 11, 23), actor=council.people["lead"]
    )
    snapshot = snapshot_take(period=period, version=1)
    return panels, {s["key"]: s["data"] for s in snapshot["sections"]}, snapshot


def test_service_actions_by_ambition_and_rag_agree(seen):
    panels, report, _ = seen
    board = panels["actions_by_ambition"]
    paper = report["delivery_progress"]
    assert [
        (r["label"], [c["count"] for c in r["cells"]], r["overdue"], r["total"])
        for r in board["rows"]
    ] == [(r["ambition"], r["counts"], r["overdue"], r["total"]) for r in paper["rows"]]
    assert [c["count"] for c in board["total"]["cells"]] == paper["totals"]
    assert board["total"]["overdue"] == paper["overdue"]
    assert board["total"]["total"] == paper["total"]
    assert paper["rows"][-1]["ambition"] == "Serving no ambition"
    assert paper["rows"][-1]["total"] == 1
    assert min(paper["totals"]) > 0  # every RAG, and no update yet, is counted somewhere


def test_the_red_and_overdue_actions_agree(seen):
    panels, report, _ = seen
    board = panels["exceptions"]
    exceptions = [e for r in report["delivery_progress"]["rows"] for e in r["exceptions"]]
    assert board["red_total"] == sum(1 for e in exceptions if e["rag"] == "red")
    assert board["overdue_total"] == sum(1 for e in exceptions if e["overdue"])
    assert {p.pk for p in board["red_actions"]} | {p.pk for p in board["overdue"]} == {
        int(e["key"].split(":")[1]) for e in exceptions
    }


def test_indicator_ratings_agree(seen):
    panels, report, snapshot = seen
    board = panels["indicators"]
    scorecard = report["indicator_scorecard"]["rows"]
    assert board["total"] == len(scorecard)
    rated = {r["rating"].word.upper(): r["count"] for r in board["by_rating"] if r["count"]}
    assert rated == Counter(r["rag"] for r in scorecard)
    summary = dict(section_of(snapshot, "indicator_scorecard")["summary"])
    words = {r["rating"].word: r["count"] for r in board["by_rating"]}
    for word in ("Red", "Amber", "Green"):
        assert summary[f"Indicators rated {word}"] == words[word]
    worsening_red = [r["ref"] for r in scorecard if r["rag"] == "RED" and r["short"] == "Worsening"]
    assert worsening_red
    assert sorted(i["ref"] for i in panels["exceptions"]["indicators"]) == sorted(worsening_red)
    # each figure is written alike on both, and a miss never reads as its target
    written = {r["ref"]: (r["value"], r["target"]) for r in scorecard}
    for i in panels["exceptions"]["indicators"]:
        assert (i["value"], i["target"]) == written[i["ref"]]
    for r in scorecard:
        if r["rag"] in ("RED", "AMBER"):
            assert r["value"] != r["target"], r


def test_the_corporate_risks_and_their_order_agree(seen):
    panels, report, _ = seen
    board = panels["corporate_risks"]
    paper = report["corporate_risks"]
    refs = [r["ref"] for r in paper["rows"]]
    assert refs == ["CR-04", "CR-01", "CR-02", "CR-03"]  # highest first, ties by reference
    assert [row.risk.ref for row in board["rows"]] == refs
    assert board["total"] == len(paper["rows"])
    assert [
        (cell.likelihood, cell.impact, cell.count)
        for _, _, cells in board["heat_map"].rows
        for cell in cells
    ] == [(c["likelihood"], c["impact"], c["count"]) for c in paper["heat_map"]]


def test_the_revenue_forecast_by_directorate_agrees(seen):
    panels, report, _ = seen
    forecast = panels["revenue"]["forecast"]
    paper = report["revenue"]
    assert paper["month"] == SEPTEMBER.isoformat()

    def figures(row):
        return (
            row.name,
            whole(row.current_budget),
            whole(row.actual_to_date),
            whole(row.forecast),
            whole(row.variance.amount),
            row.rating.rag,
        )

    def printed(row):
        keys = ("name", "current_budget", "actual_to_date", "forecast", "variance", "rag")
        return tuple(row[k] for k in keys)

    assert [figures(d.row) for d in forecast.directorates] == [printed(r) for r in paper["rows"]]
    assert figures(forecast.total) == printed(paper["total"])
    assert len(paper["rows"]) == 2
