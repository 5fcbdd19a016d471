"""Values that look mistyped: the rules as a table, then the entry grid asking to confirm
them and an upload's check listing them, on the real pages."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance import rag, views
from performance.models import IndicatorValue
from performance.plausibility import (
    jump_warning,
    last_before,
    percentage_warning,
    value_warnings,
)

TODAY = dt.date(2026, 11, 23)
PERCENT = rag.Format(rag.Unit.PERCENTAGE, 1)
DAYS = rag.Format(rag.Unit.DAYS, 1)
APRIL, MAY, JUNE = dt.date(2026, 4, 1), dt.date(2026, 5, 1), dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("value", "fmt", "unbounded", "warned"),
    [
        (D("85.2"), PERCENT, False, False),
        (D(0), PERCENT, False, False),
        (D(100), PERCENT, False, False),
        (D("100.1"), PERCENT, False, True),
        (D(852), PERCENT, False, True),
        (D(-1), PERCENT, False, True),
        (D(852), PERCENT, True, False),
        (D(852), DAYS, False, False),
    ],
)
def test_a_percentage_outside_0_to_100_is_questioned_unless_allowed(value, fmt, unbounded, warned):
    assert bool(percentage_warning(value, fmt=fmt, unbounded=unbounded)) is warned


def test_the_percentage_warning_says_how_to_type_it():
    assert percentage_warning(D(852), fmt=PERCENT) == (
        "852.0% is outside 0% to 100%: check it is the percentage itself, like 85.2 for 85.2%"
    )


@pytest.mark.parametrize(
    ("value", "last", "warned"),
    [
        (D("99.9"), D(10), False),
        (D(100), D(10), True),  # ten times: 85.2 typed as 852
        (D("1.01"), D(10), False),
        (D(1), D(10), True),  # a tenth
        (D(12), D(10), False),
        (D(-200), D(10), True),
        (D(5), None, False),  # nothing before it
        (D(5), D(0), False),
        (D(0), D(50), False),
    ],
)
def test_a_value_ten_times_the_last_or_a_tenth_of_it_is_questioned(value, last, warned):
    assert bool(jump_warning(value, last=last, last_month=APRIL, fmt=DAYS)) is warned


def test_the_jump_warning_names_the_last_value_and_its_month():
    assert jump_warning(D(150), last=D(10), last_month=APRIL, fmt=DAYS) == (
        "150.0 days is 10 times the last value or more (10.0 days in April 2026): "
        "check the decimal point and the units"
    )
    assert "is a tenth of the last value or less" in jump_warning(
        D("8.5"), last=D(85), last_month=None, fmt=DAYS
    )


def test_the_last_value_is_the_latest_before_the_month():
    history = {APRIL: D(1), JUNE: D(3), MAY: D(2)}
    assert last_before(JUNE, history) == (MAY, D(2))
    assert last_before(APRIL, history) is None


def test_every_reason_is_given_and_an_empty_value_has_none():
    warnings = value_warnings(
        D(852), month=MAY, fmt=PERCENT, unbounded=False, history={APRIL: D("85.2")}
    )
    assert len(warnings) == 2
    assert value_warnings(None, month=MAY, fmt=PERCENT, unbounded=False, history={}) == []


# --- on the pages ---------------------------------------------------------------------


@pytest.fixture
def _fixed_today(monkeypatch):
    monkeypatch.setattr(views, "today", lambda: TODAY)


def values_url(world):
    """The entry grid at April and May's quarter (Q1): TODAY's default is Q3."""
    return reverse("performance:plan-values", args=[world.service_plan.pk]) + "?quarter=1"


def key(definition, month: dt.date) -> str:
    return f"{definition.pk}-{month:%Y%m}"


def held(definition, month, value):
    return IndicatorValue.objects.create(definition=definition, month=month, value=value)


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_the_grid_asks_to_confirm_a_percentage_over_100_and_saves_it_once_confirmed(
    client_for, world, perf
):
    client = client_for("head")
    data = {f"v-{key(perf.percent, APRIL)}": "852", f"c-{key(perf.percent, APRIL)}": "Kept"}
    response = client.post(values_url(world), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved yet: 1 value looks mistyped" in page
    assert "PK-01 in April 2026: 852.0% is outside 0% to 100%" in page
    assert f'href="#v-{key(perf.percent, APRIL)}"' in page
    assert f'name="w-{key(perf.percent, APRIL)}" value="852"' in page
    assert 'value="852"' in page
    assert "Kept" in page
    assert not IndicatorValue.objects.exists()

    response = client.post(values_url(world), data | {f"w-{key(perf.percent, APRIL)}": "852"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(definition=perf.percent).value == D(852)


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_a_value_saved_by_someone_else_while_a_warning_was_shown_is_not_overwritten(
    client_for, world, perf
):
    cell = key(perf.percent, APRIL)
    opened = client_for("head").get(values_url(world)).content.decode()
    assert f'name="s-{cell}" value=""' in opened  # nothing held when the grid was opened
    data = {f"v-{cell}": "852", f"s-{cell}": ""}
    warned = client_for("head").post(values_url(world), data)
    assert warned.status_code == 200
    held(perf.percent, APRIL, D(70))  # a colleague saves April meanwhile
    page = client_for("head").post(values_url(world), data).content.decode()
    assert f'name="s-{cell}" value=""' in page  # still the version the head saw

    response = client_for("head").post(values_url(world), data | {f"w-{cell}": "852"})
    assert response.status_code == 400
    assert IndicatorValue.objects.get(definition=perf.percent).value == D(70)
    row = IndicatorValue.objects.get(definition=perf.percent)
    assert f'name="s-{cell}" value="{row.updated_at.isoformat()}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_a_value_changed_after_the_warning_is_checked_again(client_for, world, perf):
    data = {f"v-{key(perf.percent, APRIL)}": "900", f"w-{key(perf.percent, APRIL)}": "852"}
    response = client_for("head").post(values_url(world), data)
    assert response.status_code == 200
    assert "900.0% is outside 0% to 100%" in response.content.decode()
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_the_grid_questions_ten_times_the_last_value_even_one_typed_alongside(
    client_for, world, perf
):
    data = {f"v-{key(perf.days, APRIL)}": "10", f"v-{key(perf.days, MAY)}": "150"}
    response = client_for("head").post(values_url(world), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "PK-02 in May 2026: 150.0 days is 10 times the last value or more" in page
    assert "(10.0 days in April 2026)" in page
    assert not IndicatorValue.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_values_already_held_are_not_questioned_again(client_for, world, perf):
    row = held(perf.percent, APRIL, D(852))
    data = {
        f"v-{key(perf.percent, APRIL)}": "852",
        f"s-{key(perf.percent, APRIL)}": row.updated_at.isoformat(),
        f"v-{key(perf.days, APRIL)}": "10",
    }
    response = client_for("head").post(values_url(world), data)
    assert response.status_code == 302
    assert IndicatorValue.objects.get(definition=perf.days).value == D(10)


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_an_indicator_that_may_pass_100_percent_is_not_questioned(client_for, world, perf):
    perf.percent.unbounded_percentage = True
    perf.percent.save()
    response = client_for("head").post(values_url(world), {f"v-{key(perf.percent, APRIL)}": "120"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == D(120)


@pytest.mark.django_db
@pytest.mark.usefixtures("_fixed_today")
def test_an_upload_check_flags_unlikely_values_by_row_before_anything_is_saved(
    client_for, world, perf
):
    held(perf.days, dt.date(2026, 3, 1), D(12))  # last year's March counts as the last value
    client = client_for("head")
    body = "PK-01,,2026-04,852,,no,\nPK-02,,2026-04,130,,,\nPK-01,,2026-05,84,,no,\n"
    headings = "reference,indicator,month,value,commentary,provisional,projected\n"
    upload = SimpleUploadedFile("values.csv", (headings + body).encode(), "text/csv")
    url = reverse("performance:plan-upload", args=[world.service_plan.pk])
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check 3 figures that look unlikely before saving" in page
    assert "Row 2: 852.0% is outside 0% to 100%" in page
    assert "Row 2: 852.0% is 10 times" not in page  # nothing before April
    assert "Row 3: 130.0 days is 10 times the last value or more (12.0 days in March 2026)" in (
        page
    )
    assert "Row 4: 84.0% is a tenth of the last value or less (852.0% in April 2026)" in page
    assert IndicatorValue.objects.count() == 1
    response = client.post(url, {"action": "save"})
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 4
