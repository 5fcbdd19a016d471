"""The risk rules, table-driven."""

import datetime as dt

import pytest

from risk import rules


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (11, "Medium"),
        (12, "High"),
        (16, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_bands_hold_every_score(score, band):
    assert rules.band_for(rules.DEFAULT_BANDS, score).name == band


def test_default_bands_cover_the_five_by_five_exactly():
    assert rules.bands_problems(rules.DEFAULT_BANDS, 25) == []


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        (
            [{"name": "All", "min": 1, "max": 24, "colour": "red", "review_days": 30}],
            "exactly once",
        ),
        (
            [
                {"name": "Low", "min": 1, "max": 10, "colour": "green", "review_days": 90},
                {"name": "High", "min": 10, "max": 25, "colour": "red", "review_days": 30},
            ],
            "exactly once",
        ),
        ([{"name": "All", "min": 1, "max": 25, "colour": "pink", "review_days": 30}], "colour"),
        ([{"name": "All", "min": 1, "max": 25}], "Each band needs"),
    ],
)
def test_bad_bands_are_refused_with_a_reason(bands, problem):
    assert any(problem in p for p in rules.bands_problems(bands, 25))


@pytest.mark.parametrize(
    ("previous", "current", "direction"),
    [(None, 9, "new"), (12, 9, "improving"), (9, 12, "worsening"), (9, 9, "unchanged")],
)
def test_direction_of_travel(previous, current, direction):
    assert rules.direction(previous, current) == direction


@pytest.mark.parametrize(
    ("appetite", "score", "within"),
    [
        ("averse", 4, True),
        ("averse", 5, False),
        ("cautious", 10, True),
        ("open", 16, False),
        ("eager", 25, True),
    ],
)
def test_within_appetite(appetite, score, within):
    assert rules.within_appetite(appetite, score) is within


def test_next_review_follows_the_band_cadence():
    very_high = rules.band_for(rules.DEFAULT_BANDS, 20)
    assert rules.next_review(dt.date(2026, 11, 1), very_high) == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("score", "level", "prompt"),
    [
        (16, "service", "corporate"),
        (16, "directorate", "corporate"),
        (16, "corporate", None),
        (12, "service", "directorate"),
        (12, "directorate", None),
        (9, "service", None),
    ],
)
def test_escalation_prompt(score, level, prompt):
    result = rules.escalation_prompt(score, level)
    assert (result is None) if prompt is None else (prompt in result)


FIVE_BY_FIVE = rules.possible_scores(5, 5)


def test_a_five_by_five_matrix_cannot_produce_seven():
    assert 7 not in FIVE_BY_FIVE
    assert FIVE_BY_FIVE == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]


def _band(name, low, high, colour="red"):
    return {"name": name, "min": low, "max": high, "colour": colour, "review_days": 30}


@pytest.mark.parametrize(
    ("bands", "problems"),
    [
        # A council's bands that skip the scores a 5 × 5 cannot produce.
        (
            [
                _band("Low", 1, 6, "green"),
                _band("Medium", 8, 12, "yellow"),
                _band("High", 15, 20, "red"),
                _band("Critical", 25, 25, "black"),
            ],
            [],
        ),
        # 5 is a score the matrix produces: leaving it out is refused.
        (
            [_band("Low", 1, 4), _band("High", 6, 25)],
            ["The bands must hold each score the matrix can produce exactly once: 5 is in no band"],
        ),
        # Overlaps are refused even on scores the matrix cannot produce.
        (
            [_band("Low", 1, 7), _band("High", 7, 25)],
            ["The bands must hold each score exactly once: 7 is in two bands"],
        ),
        # A band holding only impossible scores is a mistake.
        (
            [_band("Low", 1, 6), _band("Odd", 7, 7), _band("High", 8, 25)],
            ["Band Odd: it holds no score the matrix can produce"],
        ),
        ([_band("Low", 0, 25)], ["Band Low: keep its scores between 1 and 25"]),
        ([_band("All", 1, 25, "purple")], []),
        (
            [_band("All", 1, 25, "pink")],
            [
                "Band All: choose a colour from green, amber, red, blue, grey, yellow, orange, "
                "purple, black"
            ],
        ),
    ],
)
def test_bands_need_only_cover_the_scores_the_matrix_can_produce(bands, problems):
    assert rules.bands_problems(bands, 25, FIVE_BY_FIVE) == problems


def test_a_score_only_register_needs_every_score_banded():
    bands = [_band("Low", 1, 6), _band("High", 8, 25)]
    assert rules.bands_problems(bands, 25) == [
        "The bands must hold each score the matrix can produce exactly once: 7 is in no band"
    ]


def _luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("css_class", "text", "background"),
    [
        # the committee paper's tags (templates/reporting/pdf/rating_styles.css) and the
        # GOV.UK tag colours the web pages use for the same keys
        ("gt-rag--black", "#ffffff", "#0b0c0c"),
        ("govuk-tag--purple", "#3d2375", "#dbd5e9"),
        ("govuk-tag--yellow", "#594d00", "#fff7bf"),
    ],
)
def test_band_tag_text_has_enough_contrast(css_class, text, background):
    from pathlib import Path

    styles = Path("templates/reporting/pdf/rating_styles.css").read_text()
    line = next(line for line in styles.splitlines() if f".{css_class} " in line)
    assert f"background: {background}" in line
    assert f"color: {text}" in line
    assert _contrast(text, background) >= 7  # WCAG AAA for text, as the RAG tags


@pytest.mark.parametrize("colour", rules.COLOURS)
def test_every_band_colour_is_drawn_with_its_name(colour):
    from core.templatetags.ratings import rating

    band = rules.Band(name="Band name", min=1, max=25, colour=colour, review_days=30)
    html = rating(band)
    assert "Band name" in html
    assert f"--{colour}" in html


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("#ffffff", "#0b0c0c"),  # .gt-rag--black (our SCSS: GOV.UK white on black)
        ("#2a1950", "#ddd6ec"),  # .govuk-tag--purple as GOV.UK Frontend compiles it
        ("#7a3c1c", "#ffee80"),  # .govuk-tag--yellow
    ],
)
def test_web_band_tags_have_enough_contrast(text, background):
    assert _contrast(text, background) >= 7


@pytest.mark.parametrize(
    ("cadence", "reviewed_on", "due", "words"),
    [
        ({"review_months": 1}, dt.date(2026, 1, 31), dt.date(2026, 2, 28), "every month"),
        ({"review_months": 3}, dt.date(2026, 11, 30), dt.date(2027, 2, 28), "every 3 months"),
        ({"review_days": 30}, dt.date(2026, 11, 1), dt.date(2026, 12, 1), "every 30 days"),
        ({"review_days": 1}, dt.date(2026, 12, 31), dt.date(2027, 1, 1), "every day"),
    ],
)
def test_the_next_review_follows_the_bands_cadence_in_days_or_months(
    cadence, reviewed_on, due, words
):
    band = rules.Band(name="Red", min=15, max=25, colour="red", **cadence)
    assert band.cadence == words
    assert rules.next_review(reviewed_on, band) == due
    assert (
        rules.next_review_due(last_reviewed=reviewed_on, opened_on=dt.date(2020, 1, 1), band=band)
        == due
    )


def test_a_risk_never_reviewed_is_due_its_cadence_after_it_was_opened():
    band = rules.Band(name="Amber", min=5, max=12, colour="amber", review_months=3)
    due = rules.next_review_due(last_reviewed=None, opened_on=dt.date(2026, 4, 15), band=band)
    assert due == dt.date(2026, 7, 15)


@pytest.mark.parametrize(
    ("cadence", "problem"),
    [
        ({}, "Band Red: give its review cadence in days or in months (one of them)"),
        (
            {"review_days": 30, "review_months": 1},
            "Band Red: give its review cadence in days or in months (one of them)",
        ),
        ({"review_months": 0}, "Band Red: review at least every day or every month"),
        ({"review_days": "30"}, "Band Red: review at least every day or every month"),
    ],
)
def test_a_band_needs_one_review_cadence(cadence, problem):
    bands = [{"name": "Red", "min": 1, "max": 25, "colour": "red", **cadence}]
    assert rules.bands_problems(bands, 25) == [problem]


def test_a_council_matrix_reviews_red_monthly_and_amber_quarterly():
    bands = [
        {"name": "Green", "min": 1, "max": 4, "colour": "green", "review_months": 6},
        {"name": "Amber", "min": 5, "max": 12, "colour": "amber", "review_months": 3},
        {"name": "Red", "min": 15, "max": 25, "colour": "red", "review_months": 1},
    ]
    assert rules.bands_problems(bands, 25, FIVE_BY_FIVE) == []
    assert rules.band_for(bands, 16).cadence == "every month"


THIS = (2026, 3)  # Q3 2026/27: October to December 2026
TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("quarter", "reviewed_on", "already", "problem"),
    [
        ((2026, 3), TODAY, False, None),
        ((2026, 3), TODAY, True, None),  # this quarter's review may be corrected
        ((2026, 2), dt.date(2026, 9, 20), False, None),  # backdated
        ((2025, 4), dt.date(2026, 12, 1), False, None),  # held late, entered now
        (
            (2026, 4),
            TODAY,
            False,
            ("quarter", "Q4 2026/27 has not started yet: choose this quarter or an earlier one"),
        ),
        (
            (2027, 1),
            TODAY,
            False,
            ("quarter", "Q1 2027/28 has not started yet: choose this quarter or an earlier one"),
        ),
        (
            (2026, 2),
            dt.date(2026, 9, 20),
            True,
            (
                "quarter",
                "Q2 2026/27 already has a review: a past quarter's review cannot be replaced",
            ),
        ),
        (
            (2026, 2),
            dt.date(2026, 6, 30),
            False,
            ("reviewed_on", "The date of the review must be on or after the start of Q2 2026/27"),
        ),
        (
            (2026, 3),
            dt.date(2026, 12, 8),
            False,
            ("reviewed_on", "The date of the review must be today or in the past"),
        ),
    ],
)
def test_which_quarters_a_review_may_be_recorded_for(quarter, reviewed_on, already, problem):
    assert (
        rules.review_quarter_problem(
            quarter=quarter,
            this_quarter=THIS,
            reviewed_on=reviewed_on,
            today=TODAY,
            already_reviewed=already,
        )
        == problem
    )
