"""Bringing a council's recommendation tracker in from its own workbook (audit.imports)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from audit.models import Audit, Decision, ExtensionRequest, Recommendation
from core.bulk import KINDS, kinds_for
from core.history import EditConflict
from tests.bulk_books import book_bytes, read, with_saved_values

KIND = KINDS["recommendation-tracker"]
D = dt.date
AUDIT_HEAD = ["Audit", "Report date", "Source", "Auditor", "Opinion", "Services"]
REC_HEAD = [
    "Audit",
    "Reference",
    "Recommendation",
    "Service",
    "Priority",
    "Owner",
    "Original due date",
    "Revised due date",
    "Status",
    "Per cent complete",
]
EXT_HEAD = [
    "Recommendation reference",
    "Requested on",
    "Requested by",
    "New date asked",
    "Reason",
    "Decision",
    "Decided on",
    "Decided by",
]
PLAYGROUNDS = [
    "Playground safety",
    "15/01/2025",
    "Internal audit",
    "Audit Partnership",
    "Reasonable assurance",
    "Parks; leisure",
]


def check(world, content, persona="lead", name="tracker.xlsx"):
    return KIND.check(book=read(KIND, content, name), actor=world.people[persona], options={})


def save(world, result, persona="lead", source="tracker.xlsx"):
    return KIND.save(entries=result.entries, actor=world.people[persona], source=source)


def problems(result):
    return [
        f"{row.subject}, row {row.number}: {error}" for row in result.rows for error in row.errors
    ]


def tracker(**sheets):
    return book_bytes(
        {
            "Audits": sheets.get("audits", [AUDIT_HEAD, PLAYGROUNDS]),
            "Audit recommendations": sheets.get(
                "recommendations",
                [
                    REC_HEAD,
                    [
                        "Playground safety",
                        "PS-1",
                        "Inspect swings weekly",
                        "Parks",
                        "high",
                        "head",
                        "31/03/2025",
                        "30/06/2025",
                        "In progress",
                        40,
                    ],
                    [
                        "Playground safety",
                        "PS-2",
                        "Train the wardens",
                        "Leisure",
                        "2",
                        "manager@example.org",
                        "March 2025",
                        "",
                        "Closed",
                        "",
                    ],
                ],
            ),
            "Extensions": sheets.get(
                "extensions",
                [
                    EXT_HEAD,
                    [
                        "PS-1",
                        "01/03/2025",
                        "head",
                        "2025-06-30",
                        "Supplier delay",
                        "Approved",
                        "3 March 2025",
                        "Lead Person (lead)",
                    ],
                ],
            ),
        }
    )


def test_audits_recommendations_and_extensions_are_added_with_the_sources_dates(world, audit_world):
    result = check(world, tracker())
    assert problems(result) == []
    assert [row.outcome for row in result.rows] == ["Will be added"] * 4
    assert save(world, result) == 4
    audit = Audit.objects.get(title="Playground safety")
    assert audit.report_date == D(2025, 1, 15)
    assert {s.name for s in audit.services.all()} == {"Parks", "Leisure"}
    first = Recommendation.objects.get(ref="PS-1")
    assert (first.priority, first.owner, first.agreed_on) == (
        1,
        world.people["head"],
        D(2025, 1, 15),
    )
    assert (first.original_due_date, first.revised_due_date) == (D(2025, 3, 31), D(2025, 6, 30))
    assert first.revision_count == 1
    second = Recommendation.objects.get(ref="PS-2")
    assert second.original_due_date == D(2025, 3, 31)  # "March 2025": due by its last day
    assert second.percent_complete == 100  # closed
    extension = first.extensions.get()
    assert timezone.localdate(extension.requested_at) == D(2025, 3, 1)  # never today
    assert timezone.localdate(extension.decided_at) == D(2025, 3, 3)
    assert extension.decided_by == world.people["lead"]
    assert extension.decision == Decision.APPROVED
    assert extension.entered_by == world.people["lead"]
    assert timezone.localdate(extension.entered_at) == timezone.localdate()
    assert extension.imported_from == "tracker.xlsx"
    record = extension.history.latest()
    assert record.history_change_reason.startswith("Imported from tracker.xlsx by ")
    # importing the same file again changes nothing
    assert check(world, tracker()).changes == 0


def test_the_extension_history_shows_who_entered_it_apart_from_its_own_dates(
    world, audit_world, client_for
):
    save(world, check(world, tracker()))
    rec = Recommendation.objects.get(ref="PS-1")
    text = client_for("lead").get(reverse("audit:recommendation-detail", args=[rec.pk]))
    text = text.content.decode()
    assert "1 Mar 2025 by " in text
    assert "on 3 Mar 2025" in text
    assert f"{timezone.localdate():%-d %b %Y} by " in text
    assert "(imported from tracker.xlsx)" in text


def test_every_problem_is_named_by_sheet_row_and_column(world, audit_world):
    audits = [
        AUDIT_HEAD,
        ["", "15/01/2025", "Internal audit", "Partnership", "Limited assurance", "Parks"],
        ["Bins", "31/02/2025", "Rumour", "", "", "Nowhere"],
        ["Cars", "01/02/2025", "Internal audit", "Partnership", "", "Parks"],
    ]
    recommendations = [
        REC_HEAD,
        ["Missing audit", "X-1", "Do it", "Parks", "1", "head", "31/03/2027", "", "", ""],
        [
            "Grounds maintenance contracts",
            "GM-1",
            "Retender the mowing contract",
            "Parks",
            "1",
            "head",
            "30/04/2027",
            "",
            "",
            "",
        ],
        [
            "Grounds maintenance contracts",
            "GM-9",
            "New",
            "Leisure",
            "urgent",
            "nobody",
            "01/02/2026",
            "01/01/2026",
            "Sleeping",
            "140",
        ],
    ]
    extensions = [
        EXT_HEAD,
        ["GM-1", "01/03/2099", "head", "30/06/2027", "", "Approved", "", ""],
        ["ZZ-1", "01/03/2026", "head", "30/06/2027", "Why", "", "", ""],
        ["GM-2", "01/03/2026", "other_head", "30/06/2027", "Why", "", "02/03/2026", ""],
        ["GM-2", "05/03/2026", "other_head", "30/06/2027", "Why", "Approved", "01/03/2026", "lead"],
    ]
    result = check(
        world, tracker(audits=audits, recommendations=recommendations, extensions=extensions)
    )
    assert problems(result) == [
        "Audits, row 2: Column A (audit): Enter the audit's title: audits are matched by it",
        "Audits, row 3: Column B (report date): 31/02/2025 is not a date: February 2025 has "
        "28 days",
        "Audits, row 3: Column C (source): “Rumour” is not a source: use one of Internal audit, "
        "External audit, Annual governance statement, Scrutiny, Other commitment",
        "Audits, row 3: Column D (auditor): Enter the auditor or body",
        "Audits, row 3: Column F (services): “Nowhere” is not a service here: use its name or code",
        "Audits, row 3: Column F (services): Enter at least one service the audit covers",
        "Audits, row 4: Column E (opinion): Choose the assurance opinion: an audit report "
        "always has one",
        "Audit recommendations, row 2: Column A (audit): No audit is called “Missing audit”: "
        "add it to the Audits sheet, or correct it",
        "Audit recommendations, row 3: Column G (original due date): The original due date is "
        "fixed once agreed (31 March 2027): a later date is the revised due date",
        "Audit recommendations, row 4: Column D (service): The audit does not cover Leisure: "
        "add it to the audit's services",
        "Audit recommendations, row 4: Column E (priority): “urgent” is not a priority: use one "
        "of 1 (high), 2 (medium), 3 (low)",
        "Audit recommendations, row 4: Column F (owner): No one here has the user name or email "
        "“nobody”: add them first (people and roles), or correct the name",
        "Audit recommendations, row 4: Column G (original due date): The original due date "
        "must be after the date it was agreed, 1 March 2026",
        "Audit recommendations, row 4: Column H (revised due date): The revised due date must be "
        "after the original due date, 1 February 2026",
        "Audit recommendations, row 4: Column I (status): “Sleeping” is not a status: use one of "
        "Not started, In progress, Implemented by management, Verified by internal audit, "
        "Closed, Superseded",
        "Audit recommendations, row 4: Column J (per cent complete): Enter a per cent complete "
        "from 0 to 100",
        "Extensions, row 2: Column B (requested on): The date requested must be today or in the "
        "past",
        "Extensions, row 2: Column E (reason): Enter why more time was asked for",
        "Extensions, row 2: Column G (decided on): Enter the date the extension was decided",
        "Extensions, row 2: Column H (decided by): Enter who decided it: a user name or email "
        "address",
        "Extensions, row 3: Column A (recommendation reference): No recommendation has the "
        "reference ZZ-1: add it to the Audit recommendations sheet, or correct it",
        "Extensions, row 4: Column F (decision): Give the decision, or leave when and by whom it "
        "was decided empty",
        "Extensions, row 5: Column G (decided on): The decision cannot come before the request, "
        "5 March 2026",
    ]


def test_a_second_request_waiting_and_a_revised_date_that_disagrees_are_refused(world, audit_world):
    recommendations = [
        REC_HEAD,
        [
            "Grounds maintenance contracts",
            "GM-2",
            "Recommendation GM-2",
            "Libraries",
            "2",
            "other_head",
            "31/03/2027",
            "31/05/2027",
            "In progress",
            10,
        ],
    ]
    extensions = [
        EXT_HEAD,
        ["GM-1", "01/11/2026", "head", "31/07/2027", "More time", "", "", ""],
        [
            "GM-2",
            "01/11/2026",
            "other_head",
            "30/06/2027",
            "Roof",
            "Approved",
            "02/11/2026",
            "lead",
        ],
    ]
    result = check(
        world,
        tracker(audits=[AUDIT_HEAD], recommendations=recommendations, extensions=extensions),
    )
    assert problems(result) == [
        "Extensions, row 2: Column F (decision): Another request for this recommendation is "
        "waiting",
        "Extensions, row 3: The recommendation's revised due date is 31 May 2027, not "
        "30 June 2027, the date of its latest approved extension: make them agree",
    ]


def test_an_approved_extension_alone_revises_the_due_date(world, audit_world):
    extensions = [
        EXT_HEAD,
        ["GM-2", "01/11/2026", "other_head", "June 2027", "Roof", "Approved", "02/11/2026", "lead"],
    ]
    audits, recs = [AUDIT_HEAD], [REC_HEAD]
    result = check(world, tracker(audits=audits, recommendations=recs, extensions=extensions))
    assert problems(result) == []
    save(world, result)
    other = Recommendation.objects.get(pk=audit_world.other_rec.pk)
    assert (other.revised_due_date, other.revision_count) == (D(2027, 6, 30), 1)
    assert other.revision_reason == "Roof"


def test_messy_trackers_are_read_merged_titles_blank_rows_hidden_sheets_and_formulas(
    world, audit_world
):
    book = Workbook()
    sheet = book.active
    sheet.title = "Audit recommendations"
    sheet.append(["Council recommendation tracker, December 2026"])
    sheet.append(REC_HEAD)
    sheet.append(
        [
            "Grounds maintenance contracts",
            "GM-5",
            "Fence the depot",
            "Parks",
            3,
            "head",
            dt.datetime(2027, 1, 31),
            None,
            "In progress",
            "=20+5",
        ]
    )
    sheet.append(
        [None, "GM-6", "Lock the depot", "Parks", 3, "head", "2027-02-28", None, "Not started", 0]
    )
    sheet.append([])
    sheet.merge_cells("A3:A4")
    hidden = book.create_sheet("Extensions")
    hidden.append(EXT_HEAD)
    hidden.append(["GM-5", "01/12/2026", "head", "31/12/2027", "x", "", "", ""])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    content = with_saved_values(buffer.getvalue(), {"20+5": "25"})
    assert read(KIND, content).hidden == ["Extensions"]
    result = check(world, content)
    assert problems(result) == []
    assert [row.number for row in result.rows] == [3, 4]
    save(world, result)
    assert Recommendation.objects.get(ref="GM-5").percent_complete == 25
    assert Recommendation.objects.get(ref="GM-6").audit == audit_world.audit
    assert not ExtensionRequest.objects.filter(recommendation__ref="GM-5").exists()


def test_importing_is_all_or_nothing_and_refuses_a_recommendation_saved_since_the_check(
    world, audit_world
):
    recommendations = [
        REC_HEAD,
        [
            "Grounds maintenance contracts",
            "GM-7",
            "New",
            "Parks",
            "1",
            "head",
            "31/03/2027",
            "",
            "",
            "",
        ],
        [
            "Grounds maintenance contracts",
            "GM-1",
            "Retender the mowing contract",
            "Parks",
            "1",
            "head",
            "31/03/2027",
            "",
            "In progress",
            50,
        ],
    ]
    content = tracker(audits=[AUDIT_HEAD], recommendations=recommendations, extensions=[EXT_HEAD])
    result = check(world, content)
    assert problems(result) == []
    rec = audit_world.rec
    rec.commentary = "Changed meanwhile"
    rec.save()
    with pytest.raises(EditConflict):
        save(world, result)
    assert not Recommendation.objects.filter(ref="GM-7").exists()


def test_administrators_and_performance_leads_import_the_tracker(world):
    people = world.people
    assert KIND in kinds_for(people["lead"])
    assert KIND in kinds_for(people["admin"])
    for persona in ("head", "director", "committee", "staff"):
        assert KIND not in kinds_for(people[persona])


def test_exporting_the_tracker_and_importing_it_back_changes_nothing(
    world, audit_world, client_for
):
    url = reverse("planning:plan-workbook", args=[world.service_plan.pk])
    content = client_for("head").get(url).content
    result = check(world, content, name="parks-plan.xlsx")
    assert problems(result) == []
    assert [row.outcome for row in result.rows] == ["No change"]
    assert result.changes == 0


def test_checking_takes_as_many_queries_for_twenty_rows_as_for_two(world, audit_world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models import Person

    def queries(count: int) -> int:
        recommendations = [
            REC_HEAD,
            *(
                [
                    "Playground safety",
                    f"PS-{n}",
                    "Inspect",
                    "Parks",
                    "1",
                    "head",
                    "31/03/2025",
                    "",
                    "In progress",
                    10,
                ]
                for n in range(count)
            ),
        ]
        extensions = [
            EXT_HEAD,
            *(
                [f"PS-{n}", "01/03/2025", "head", "30/06/2025", "Why", "", "", ""]
                for n in range(count)
            ),
        ]
        content = tracker(recommendations=recommendations, extensions=extensions)
        book = read(KIND, content)
        actor = Person.objects.get(pk=world.people["lead"].pk)  # nothing cached
        with CaptureQueriesContext(connection) as captured:
            result = KIND.check(book=book, actor=actor, options={})
        assert problems(result) == []
        return len(captured)

    assert queries(2) == queries(20)
