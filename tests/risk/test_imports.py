"""Bringing a council's risk registers in from its own workbook (risk.imports)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from core import periods
from core.bulk import KINDS
from core.history import EditConflict
from core.imports import read_book
from risk.models import Risk, RiskAction, RiskMatrix, RiskReview
from tests.bulk_books import book_bytes, read, with_saved_values

KIND = KINDS["risk-registers"]
D = dt.date
HEAD = [
    "Register",
    "Reference",
    "Risk",
    "Owner",
    "Category",
    "Inherent likelihood",
    "Inherent impact",
    "Inherent score",
    "Current likelihood",
    "Current impact",
    "Current score",
    "Target likelihood",
    "Target impact",
    "Target score",
]


def risk_row(register="Parks", ref="PK-09", **kw):
    values = {
        "title": "Playground equipment fails inspection",
        "owner": "head",
        "category": "Health and safety",
        "inherent": (4, 4, 16),
        "current": (3, 3, 9),
        "target": (2, 2, 4),
    } | kw
    return [
        register,
        ref,
        values["title"],
        values["owner"],
        values["category"],
        *values["inherent"],
        *values["current"],
        *values["target"],
    ]


def check(world, content, persona="lead", name="council.xlsx"):
    return KIND.check(book=read(KIND, content, name), actor=world.people[persona], options={})


def save(world, result, persona="lead", source="council.xlsx"):
    return KIND.save(entries=result.entries, actor=world.people[persona], source=source)


def problems(result):
    return [
        f"{row.subject}, row {row.number}: {error}" for row in result.rows for error in row.errors
    ]


def test_a_new_risk_is_added_to_a_service_register_named_as_the_council_writes_it(
    world, risk_world
):
    content = book_bytes({"Risks": [HEAD, risk_row(), risk_row("parks risk register", "PK-10")]})
    result = check(world, content)
    assert problems(result) == []
    assert [row.outcome for row in result.rows] == ["Will be added", "Will be added"]
    assert not Risk.objects.filter(ref="PK-09").exists()  # the check writes nothing
    assert save(world, result) == 2
    risk = Risk.objects.get(ref="PK-09")
    assert risk.register == risk_world.parks
    assert (risk.inherent_score, risk.current_score, risk.target_score) == (16, 9, 4)
    assert risk.owner == world.people["head"]
    assert risk.next_review_date is not None
    record = risk.history.latest()
    assert record.history_change_reason.startswith("Imported from council.xlsx by ")
    assert record.history_user == world.people["lead"]


def test_a_register_not_opened_yet_is_opened_and_directorates_and_corporate_are_named(
    world, risk_world
):
    rows = [
        HEAD,
        risk_row("Leisure", "LS-01", owner="ajones@example.org"),
        risk_row("Place directorate", "PL-01", owner="Director Person (director)"),
        risk_row("Corporate", "CR-01", owner="board@example.org"),
    ]
    from planning.models import Person

    Person.objects.create(username="alexj", email="ajones@example.org")
    result = check(world, book_bytes({"Risks": rows}))
    assert problems(result) == []
    assert "opens the Leisure risk register" in result.rows[0].outcome
    save(world, result)
    assert Risk.objects.get(ref="LS-01").register.service.name == "Leisure"
    assert Risk.objects.get(ref="PL-01").register == risk_world.place
    assert Risk.objects.get(ref="CR-01").register == risk_world.corporate


def test_an_existing_risk_is_matched_by_reference_and_only_changes_are_named(world, risk_world):
    risk = risk_world.risk
    row = risk_row(
        ref="pk-01",
        title=risk.title,
        category="Service delivery",
        inherent=(4, 4, 16),
        current=(3, 4, 12),
        target=(2, 2, ""),
    )
    result = check(world, book_bytes({"Risks": [HEAD, row]}))
    assert problems(result) == []
    assert result.rows[0].outcome == "Will change: current impact"
    save(world, result)
    risk.refresh_from_db()
    assert risk.current_score == 12
    assert risk.title == "Tree disease spreads through the park"


def test_every_problem_is_named_by_sheet_row_and_column(world, risk_world):
    rows = [
        HEAD,
        risk_row("Nowhere", "X-1"),
        risk_row(ref="", title=""),
        risk_row(ref="PK-20", owner="nobody"),
        risk_row(ref="PK-21", category="Weather"),
        risk_row(ref="PK-22", current=(3, 4, 10)),
        risk_row(ref="PK-23", current=(6, 1, "")),
        risk_row(ref="PK-24", inherent=("", "", 16)),
        risk_row(ref="PK-25", current=("three", 3, "")),
        risk_row(ref="PK-26"),
        risk_row(ref="PK-26"),
        risk_row("Libraries", "LB-09"),
    ]
    result = check(world, book_bytes({"Risks": rows}), persona="head")
    found = problems(result)
    assert found == [
        "Risks, row 2: Column A (register): “Nowhere” is not a register here: name a service "
        "(its name or code), a directorate (“Place directorate”) or Corporate",
        "Risks, row 3: Column B (reference): Enter the risk's reference: risks are matched by it",
        "Risks, row 3: Column C (risk): Enter the risk",
        "Risks, row 4: Column D (owner): No one here has the user name or email “nobody”: add "
        "them first (people and roles), or correct the name",
        "Risks, row 5: Column E (category): “Weather” is not a category: use one of Financial, "
        "Service delivery, Safeguarding, Health and safety, Legal and regulatory, Reputation, "
        "People, Technology and information, Environment",
        "Risks, row 6: Column K (current score): The score 10 is not likelihood 3 × impact 4, "
        "which is 12",
        "Risks, row 7: Column I (current likelihood): Choose a likelihood from 1 to 5",
        "Risks, row 8: Column F (inherent likelihood): This register records likelihood × "
        "impact: give the inherent likelihood and impact",
        "Risks, row 9: Column I (current likelihood): Enter the current likelihood as a whole "
        "number (not “three”)",
        "Risks, row 11: Column B (reference): PK-26 is on an earlier row for the same register",
        "Risks, row 12: Column A (register): You may not import into the Libraries risk "
        "register: ask whoever keeps it",
    ]
    assert result.changes == 1  # PK-26's first row; nothing is saved while any problem stands


def test_a_score_only_register_takes_scores_alone_and_a_target_to_be_confirmed(world):
    from risk import rules
    from risk.models import Level
    from risk.services import register_for

    matrix = RiskMatrix.objects.create(
        name="Scores",
        likelihood_levels=rules.DEFAULT_LIKELIHOOD,
        impact_levels=rules.DEFAULT_IMPACT,
        bands=[
            {"name": "Low", "min": 1, "max": 8, "colour": "green", "review_months": 6},
            {"name": "High", "min": 9, "max": 25, "colour": "red", "review_months": 1},
        ],
        score_only=True,
    )
    register_for(level=Level.SERVICE, service=world.other_service, matrix=matrix)
    rows = [
        HEAD,
        risk_row(
            "libraries",
            "LB-05",
            inherent=("", "", 20),
            current=("", "", 13),
            target=("", "", "TBC"),
        ),
        risk_row(
            "libraries", "LB-06", inherent=("", "", 20), current=(3, 3, 9), target=("", "", 7)
        ),
        risk_row(
            "libraries", "LB-07", inherent=("", "", 30), current=("", "", 9), target=("", "", "")
        ),
    ]
    result = check(world, book_bytes({"Risks": rows}))
    assert problems(result) == [
        "Risks, row 3: Column I (current likelihood): This register records a score only: "
        "leave likelihood and impact empty",
        "Risks, row 4: Column H (inherent score): Give a score from 1 to 25",
    ]
    ok = check(world, book_bytes({"Risks": [HEAD, rows[1]]}))
    save(world, ok)
    risk = Risk.objects.get(ref="LB-05")
    assert risk.current_score == 13
    assert risk.current_likelihood is None
    assert risk.target_to_be_confirmed
    assert risk.target_shown == "To be confirmed"


def test_messy_workbooks_are_read_merged_cells_blank_rows_hidden_sheets_and_formulas(
    world, risk_world
):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Risks"
    sheet.append(["Parks and Place risk register 2026/27"])
    sheet.append([])
    sheet.append(HEAD)
    sheet.append(risk_row(ref="PK-30", inherent=(4, 4, "=F4*G4")))
    sheet.append(risk_row("", "PK-31"))
    sheet.append([])
    sheet.append([])
    sheet.merge_cells("A4:A5")
    lookups = book.create_sheet("Lookups")
    lookups.append(["Register", "Reference", "Risk", "Owner"])
    lookups.append(["Libraries", "LB-99", "Not a risk", "head"])
    lookups.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    unsaved = check(world, buffer.getvalue())
    assert problems(unsaved) == [
        "Risks, row 4: Column H (inherent score): Inherent score holds a formula whose value "
        "has not been worked out: open the file in a spreadsheet and save it, or type the value"
    ]
    content = with_saved_values(buffer.getvalue(), {"F4*G4": "16"})
    assert read(KIND, content).hidden == ["Lookups"]
    result = check(world, content)
    assert problems(result) == []
    assert [row.number for row in result.rows] == [4, 5]
    save(world, result)
    assert Risk.objects.get(ref="PK-31").register == risk_world.parks  # the merged register
    assert Risk.objects.get(ref="PK-30").inherent_score == 16
    assert not Risk.objects.filter(ref="LB-99").exists()


def test_further_actions_are_matched_by_risk_and_words_with_dates_in_every_form(world, risk_world):
    rows = [
        ["Risk reference", "Action", "Owner", "Due date", "Status"],
        ["PK-01", "Fell and burn the infected trees", "staff", "31/03/2027", "Done"],
        ["PK-01", "Replant with resistant species", "head", "March 2027", ""],
        ["PK-02", "Raise the lakeside path", "head", "2027-06-30", "In progress"],
        ["PK-02", "Check the sluice", "head", "31 Nov 2026", ""],
        ["PK-02", "Clear the drains", "head", "31 Mar 27", ""],
    ]
    result = check(world, book_bytes({"Further actions": rows}))
    assert problems(result) == [
        "Further actions, row 5: Column D (due date): 31 Nov 2026 is not a date: November has "
        "30 days",
        "Further actions, row 6: Column D (due date): Enter the due date with the year in full, "
        "like 31/03/2026 (not “31 Mar 27”)",
    ]
    result = check(world, book_bytes({"Further actions": rows[:4]}))
    assert [row.outcome for row in result.rows] == [
        "Will change: due date, status",
        "Will be added",
        "Will be added",
    ]
    save(world, result)
    risk_world.action.refresh_from_db()
    assert risk_world.action.due_date == D(2027, 3, 31)
    assert risk_world.action.status == "done"
    assert RiskAction.objects.get(description="Replant with resistant species").due_date == D(
        2027, 3, 31
    )


def quarters():
    """This quarter, the two before it and the next, for reviews dated from today."""
    this = periods.year_and_quarter(dt.date.today())
    before = periods.previous_quarter(*this)
    earlier = periods.previous_quarter(*before)
    after = (this[0], this[1] + 1) if this[1] < 4 else (this[0] + 1, 1)
    return this, before, earlier, after


def test_reviews_by_quarter_are_backdated_as_the_rules_allow(world, risk_world):
    this, before, earlier, after = quarters()
    label = periods.quarter_label
    held = periods.quarter_ends(*earlier)
    oldest = periods.previous_quarter(*earlier)
    head = ["Risk reference", "Quarter", "Review date", "Likelihood", "Impact", "Score", "Note"]
    rows = [
        head,
        ["PK-01", label(*earlier), f"{held:%d/%m/%Y}", 4, 3, 12, "Spread to the north wood"],
        ["PK-01", label(*before), f"{periods.quarter_starts(*before):%Y-%m-%d}", 3, 3, 9, "Felled"],
        ["PK-01", label(*after), f"{dt.date.today():%d/%m/%Y}", 2, 3, 6, ""],
        ["PK-01", label(*earlier), f"{held:%d/%m/%Y}", 4, 3, 12, "Twice"],
        [
            "PK-01",
            label(*oldest),
            f"{periods.quarter_starts(*oldest) - dt.timedelta(1):%d %B %Y}",
            1,
            2,
            2,
            "",
        ],
        ["PK-02", "Quarter two", "01/07/2026", 1, 1, 1, ""],
    ]
    result = check(world, book_bytes({"Reviews": rows}))
    assert problems(result) == [
        f"Reviews, row 4: Column B (quarter): {label(*after)} has not started yet: choose this "
        "quarter or an earlier one",
        f"Reviews, row 5: Column B (quarter): PK-01 has an earlier row for {label(*earlier)}",
        "Reviews, row 6: Column C (review date): The date of the review must be on or after "
        f"the start of {label(*oldest)}",
        "Reviews, row 7: Column B (quarter): Enter the quarter like Q2 2025/26 (not “Quarter two”)",
    ]
    result = check(world, book_bytes({"Reviews": rows[:3]}))
    assert [row.outcome for row in result.rows] == [
        "Will be added (backdated)",
        "Will be added (backdated)",
    ]
    save(world, result)
    reviews = {r.quarter_label: r for r in RiskReview.objects.filter(risk=risk_world.risk)}
    first = reviews[label(*earlier)]
    assert first.reviewed_on == held  # the source's date
    assert first.reviewed_by == world.people["head"]  # the risk's owner, none being given
    assert first.entered_by == world.people["lead"]
    assert first.entered_at.date() == dt.date.today()
    assert first.backdated
    assert first.imported_from == "council.xlsx"
    risk_world.risk.refresh_from_db()
    assert risk_world.risk.current_score == 9  # follows the latest quarter reviewed
    assert risk_world.risk.last_review_date == periods.quarter_starts(*before)
    # the same reviews again change nothing; a different score for a past quarter is refused
    assert check(world, book_bytes({"Reviews": rows[:3]})).changes == 0
    changed = [head, ["PK-01", label(*earlier), f"{held:%d/%m/%Y}", 1, 1, 1, ""]]
    assert problems(check(world, book_bytes({"Reviews": changed}))) == [
        f"Reviews, row 2: Column B (quarter): {label(*earlier)} already has a review: a past "
        "quarter's review cannot be replaced"
    ]


def test_a_review_shows_who_entered_it_apart_from_when_it_was_held(world, risk_world, client_for):
    head = ["Risk reference", "Review date", "Reviewed by", "Likelihood", "Impact"]
    result = check(
        world, book_bytes({"Reviews": [head, ["PK-01", "3 March 2026", "manager", 3, 3]]})
    )
    assert problems(result) == []
    save(world, result, source="parks-register.xlsx")
    html = client_for("head").get(reverse("risk:risk-detail", args=[risk_world.risk.pk]))
    text = html.content.decode()
    assert "Q4 2025/26" in text
    assert "3 Mar 2026 by " in text
    assert "(imported from parks-register.xlsx)" in text
    assert "Backdated" in text


def test_a_reference_in_two_registers_needs_the_register_named(world, risk_world):
    from tests.risk.world import make_risk

    make_risk(risk_world.libraries, world.people["other_head"], "PK-01")
    rows = [["Risk reference", "Action", "Owner"], ["PK-01", "Check", "head"]]
    result = check(world, book_bytes({"Further actions": rows}))
    assert problems(result) == [
        "Further actions, row 2: Column A (risk reference): PK-01 is in more than one "
        "register: add a Register column to say which"
    ]
    rows = [["Risk reference", "Register", "Action", "Owner"], ["PK-01", "Parks", "Check", "head"]]
    assert problems(check(world, book_bytes({"Further actions": rows}))) == []


def test_importing_is_all_or_nothing_and_refuses_a_risk_saved_since_the_check(world, risk_world):
    rows = [HEAD, risk_row(ref="PK-40"), risk_row(ref="PK-01", title="Renamed")]
    result = check(world, book_bytes({"Risks": rows}))
    risk = risk_world.risk
    risk.title = "Changed meanwhile"
    risk.save()
    with pytest.raises(EditConflict):
        save(world, result)
    assert not Risk.objects.filter(ref="PK-40").exists()


def test_a_rule_refusing_at_saving_leaves_everything_as_it_was(world, risk_world):
    rows = [HEAD, risk_row(ref="PK-41"), risk_row(ref="PK-42", title="x" * 301)]
    result = check(world, book_bytes({"Risks": rows}))
    with pytest.raises(ValidationError):
        save(world, result)
    assert not Risk.objects.filter(ref="PK-41").exists()


def test_who_may_import_which_register(world, risk_world):
    people = world.people
    assert KIND in __import__("core.bulk").bulk.kinds_for(people["lead"])
    assert people["head"].has_perm(KIND.permission)
    assert not people["staff"].has_perm(KIND.permission)
    assert not people["committee"].has_perm(KIND.permission)
    assert people["head"].has_perm(KIND.permission, risk_world.parks)
    assert not people["head"].has_perm(KIND.permission, risk_world.libraries)
    assert people["lead"].has_perm(KIND.permission, risk_world.corporate)


def test_a_csv_of_the_risks_sheet_in_windows_1252_imports(world, risk_world):
    text = (
        "Register,Reference,Risk,Owner,Category,Current likelihood,Current impact,"
        "Inherent likelihood,Inherent impact\r\n"
    )
    text += "Parks,PK-50,Café lease lapses (£40k),head,Financial,2,3,3,3\r\n"
    book = read_book("Risks.csv", text.encode("cp1252"), templates=KIND.templates)
    result = KIND.check(book=book, actor=world.people["lead"], options={})
    assert problems(result) == []
    save(world, result)
    risk = Risk.objects.get(ref="PK-50")
    assert risk.title == "Café lease lapses (£40k)"
    assert risk.target_to_be_confirmed


def test_exporting_the_register_and_importing_it_back_changes_nothing(
    world, risk_world, client_for
):
    Risk.objects.filter(pk=risk_world.escalated.pk).update(
        target_likelihood=None, target_impact=None, target_to_be_confirmed=True
    )
    url = reverse("planning:plan-workbook", args=[world.service_plan.pk])
    content = client_for("head").get(url).content
    assert load_workbook(io.BytesIO(content))["Risks"]["A1"].value == "Register"
    result = check(world, content, name="parks-plan.xlsx")
    assert problems(result) == []
    assert result.changes == 0
    assert [row.outcome for row in result.rows] == ["No change", "No change"]


def test_checking_takes_as_many_queries_for_twenty_rows_as_for_two(world, risk_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models import Person

    def queries(count: int) -> int:
        sheets = {
            "Risks": [HEAD, *(risk_row(ref=f"PK-{60 + n}") for n in range(count))],
            "Further actions": [
                ["Risk reference", "Action", "Owner", "Due date"],
                *(["PK-01", f"Step {n}", "staff", "31/03/2027"] for n in range(count)),
            ],
            "Reviews": [
                ["Risk reference", "Review date", "Likelihood", "Impact"],
                *([f"PK-{60 + n}", f"{dt.date.today():%d/%m/%Y}", 3, 3] for n in range(count)),
            ],
        }
        book = read(KIND, book_bytes(sheets))
        actor = Person.objects.get(pk=world.people["head"].pk)  # nothing cached
        with CaptureQueriesContext(connection) as captured:
            result = KIND.check(book=book, actor=actor, options={})
        assert problems(result) == []
        return len(captured)

    assert queries(2) == queries(20)


def test_a_name_shared_by_a_service_and_a_directorate_must_be_written_in_full(world, risk_world):
    from tests.factories import ServiceFactory

    ServiceFactory(name="Place", code="place-svc", directorate=world.other_service.directorate)
    rows = [HEAD, risk_row("Place", "PL-02"), risk_row("Place directorate", "PL-03")]
    result = check(world, book_bytes({"Risks": rows}))
    assert problems(result) == [
        "Risks, row 2: Column A (register): “Place” names both a service and a directorate: "
        "write the service's code, or “Place directorate”"
    ]
