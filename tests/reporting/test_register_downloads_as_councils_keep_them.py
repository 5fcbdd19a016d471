"""The committee's register downloads show what the register pages show (issue 15): a
target "To be confirmed", the score of a score-only risk, and the next review date by
the band's cadence."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from reporting.committee import REGISTER_COLUMNS
from reporting.svg import heat_map_svg
from risk import rules
from risk.models import Risk
from risk.selectors import Cell, HeatMap
from tests.reporting.test_committee_downloads import download, pdf_text

pytestmark = pytest.mark.django_db

COLUMN = {column.heading: n for n, column in enumerate(REGISTER_COLUMNS)}


@pytest.fixture
def council_risks(risk_world):
    Risk.objects.filter(pk=risk_world.risk.pk).update(
        last_review_date=dt.date(2026, 10, 1), next_review_date=dt.date(2030, 1, 1)
    )
    Risk.objects.filter(pk=risk_world.escalated.pk).update(
        target_likelihood=None, target_impact=None, target_to_be_confirmed=True
    )
    return risk_world


def test_register_workbook_shows_targets_to_be_confirmed_and_the_cadence_date(
    client_for, council_risks
):
    url = reverse("reporting:register-xlsx", args=[council_risks.place.pk]) + "?include=services"
    wb = openpyxl.load_workbook(io.BytesIO(download(client_for, url)))
    rows = {row[0]: row for row in wb["Risks"].iter_rows(min_row=2, values_only=True)}
    assert rows["PK-02"][COLUMN["Target score"]] == "To be confirmed"
    assert rows["PK-01"][COLUMN["Target score"]] == 4
    assert rows["PK-01"][COLUMN["Next review"]].date() == dt.date(2026, 12, 30)
    counts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0]}
    assert counts["Target score to be confirmed"] == 1


def test_register_paper_shows_targets_to_be_confirmed_and_the_cadence_date(
    client_for, council_risks
):
    url = reverse("reporting:register-pdf", args=[council_risks.place.pk]) + "?include=services"
    text = pdf_text(download(client_for, url))
    assert "To be confirmed" in text
    assert "30/12/2026" in text
    assert "01/01/2030" not in text


def _band(colour: str) -> rules.Band:
    return rules.Band(name=f"{colour} band", min=1, max=25, colour=colour, review_days=30)


def test_the_papers_heat_map_draws_black_bands_with_white_words():
    cells = [Cell(likelihood=1, impact=1, score=1, band=_band("black"), count=2)]
    svg = heat_map_svg(
        HeatMap([{"label": "Rare"}], [{"label": "Minor"}], rows=[(1, {"label": "Rare"}, cells)])
    )
    assert 'fill="#0b0c0c"' in svg
    assert 'fill="#ffffff" font-size="9" text-anchor="middle">black band</text>' in svg


def test_the_papers_figure_for_a_score_only_register_says_a_heat_map_does_not_apply():
    heat = HeatMap([], [], score_only=True, by_band=[(_band("purple"), 3, 1)], total=3)
    svg = heat_map_svg(heat)
    assert "a heat map does not apply" in svg
    assert "purple band (1 to 25): 3 (1)" in svg
