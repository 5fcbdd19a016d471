"""Importing people and roles from a council's HR export: matching never by name, leavers
made inactive, line-management circles and unknown services named by row, roles given only
by administrators, all or nothing, history."""

import pytest

from core.imports import read_book
from planning.models import Person, Role, RoleAssignment
from tests import factories as f

from .bulk_files import check, outcomes, save, saved, workbook

PEOPLE_HEADINGS = [
    "Employee number",
    "User name",
    "First name",
    "Last name",
    "Email",
    "Job title",
    "Service",
    "Team",
    "Line manager",
    "Leaver",
]
ROLE_HEADINGS = ["Person", "Role", "Unit", "Remove"]


def hr_file(people=(), roles=None, **kwargs) -> bytes:
    sheets = {"People": [PEOPLE_HEADINGS, *people]}
    if roles is not None:
        sheets["Roles"] = [ROLE_HEADINGS, *roles]
    return saved(workbook(sheets, **kwargs))


def person_row(number="", user="", first="", last="", email="", **cells) -> list:
    return [
        number,
        user,
        first,
        last,
        email,
        cells.get("job", ""),
        cells.get("service", ""),
        cells.get("team", ""),
        cells.get("manager", ""),
        cells.get("leaver", ""),
    ]


def test_the_kind_is_registered_for_administrators_and_performance_leads(world):
    from core.bulk import KINDS

    assert KINDS["people"].permission == "planning.import_people"
    people = world.people
    assert {n for n in people if people[n].has_perm("planning.import_people")} == {"admin", "lead"}
    assert {n for n in people if people[n].has_perm("planning.import_roles")} == {"admin"}


def test_new_people_are_added_with_their_service_team_and_manager_and_no_password(world):
    admin = world.people["admin"]
    team = f.TeamFactory(service=world.service, name="Grounds")
    content = hr_file(
        [
            person_row(
                "E100",
                "",
                "Asha",
                "Patel",
                "Asha.Patel@example.gov.uk",
                job="Gardener",
                service="PARKS",
                team="grounds",
                manager="E101",
            ),
            [None] * 10,
            person_row(
                "E101",
                "bking",
                "Ben",
                "King",
                "ben.king@example.gov.uk",
                service="Parks",
                manager=world.people["head"].email,
            ),
        ],
        title="HR export, December 2026",
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert outcomes(checked) == [
        ("People", 4, "Will be added: They sign in as the council decides", []),
        ("People", 6, "Will be added: They sign in as the council decides", []),
    ]
    assert not Person.objects.filter(employee_number="E100").exists()
    assert save("people", checked, admin, "hr.xlsx") == 2

    asha = Person.objects.get(employee_number="E100")
    ben = Person.objects.get(employee_number="E101")
    # A new person without a user name is known by their email.
    assert asha.username == "asha.patel@example.gov.uk"
    assert (asha.service, asha.team, asha.line_manager, asha.job_title) == (
        world.service,
        team,
        ben,
        "Gardener",
    )
    assert ben.line_manager == world.people["head"]
    assert not asha.has_usable_password()
    reason = f"Imported from hr.xlsx by {admin.get_full_name()}"
    assert asha.history.latest().history_change_reason == reason
    assert asha.history.latest().history_user == admin


def test_people_are_matched_by_employee_number_then_user_name_then_email_never_by_name(world):
    admin, head, staff = world.people["admin"], world.people["head"], world.people["staff"]
    head.employee_number = "E1"
    head.save()
    content = hr_file(
        [
            person_row("E1", "", "", "", "", job="Head of Parks"),
            person_row("E2", staff.username, "", "", "", job="Ranger"),
            person_row("", "", "", "", world.people["manager"].email.upper(), job="Manager"),
            # Same name as the head of service, but nothing that identifies them: a new person.
            person_row("", "", head.first_name, head.last_name, "namesake@example.gov.uk"),
        ]
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert [row.outcome for row in checked.rows] == [
        "Will change: job title",
        "Will change: employee number, job title",
        "Will change: job title",
        "Will be added: They sign in as the council decides",
    ]
    save("people", checked, admin, "hr.xlsx")
    staff.refresh_from_db()
    assert (staff.employee_number, staff.job_title) == ("E2", "Ranger")
    assert Person.objects.filter(last_name=head.last_name, first_name=head.first_name).count() == 2


def test_an_unchanged_person_is_left_and_the_same_file_twice_changes_nothing(world):
    admin = world.people["admin"]
    content = hr_file([person_row("E9", "nina", "Nina", "Shah", "nina@example.gov.uk")])
    save("people", check("people", "hr.xlsx", content, admin), admin, "hr.xlsx")

    again = check("people", "hr.xlsx", content, admin)

    assert [row.outcome for row in again.rows] == ["No change"]
    assert again.entries == []


def test_a_leaver_is_made_inactive_not_deleted(world):
    admin, staff = world.people["admin"], world.people["staff"]
    content = hr_file(
        [
            person_row("", staff.username, leaver="Yes"),
            person_row("E77", "", "Gone", "Already", "gone@example.gov.uk", leaver="Y"),
        ]
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert [row.outcome for row in checked.rows] == [
        "Will change: leaver",
        "Left out: a leaver the council does not hold yet",
    ]
    save("people", checked, admin, "hr.xlsx")
    staff.refresh_from_db()
    assert staff.is_active is False
    assert not Person.objects.filter(employee_number="E77").exists()

    returning = check(
        "people", "hr.xlsx", hr_file([person_row("", staff.username, leaver="No")]), admin
    )
    assert returning.rows[0].outcome == "Will change: leaver"


def test_every_kind_of_problem_is_named_by_row_and_column(world):
    admin, head, staff = world.people["admin"], world.people["head"], world.people["staff"]
    head.employee_number = "E1"
    head.save()
    twin = f.PersonFactory(email="shared@example.gov.uk")
    f.PersonFactory(email="shared@example.gov.uk")
    book = workbook(
        {
            "People": [
                PEOPLE_HEADINGS,
                person_row(first="No", last="Identifier"),
                person_row("E1", staff.username, job="Clash"),
                person_row("", "", "", "", twin.email),
                person_row("E5", "", "New", "Person", "not-an-email"),
                person_row("E6", "", "New", "Starter", "starter@example.gov.uk", service="Moon"),
                person_row(
                    "E7", "", "Team", "Less", "t@example.gov.uk", service="parks", team="Nope"
                ),
                person_row("E8", "", "Lost", "Manager", "m@example.gov.uk", manager="E404"),
                person_row("E9", "", "Self", "Managed", "s@example.gov.uk", manager="E9"),
                person_row("", admin.username, leaver="Yes"),
                person_row("E10", "", "Bad", "Leaver", "b@example.gov.uk", leaver="Maybe"),
                person_row("E11", "", "Twice", "Listed", "tw@example.gov.uk"),
                person_row("E11", "", "Twice", "Listed", "tw@example.gov.uk"),
                person_row("E12", "", "", "", "nameless@example.gov.uk"),
                person_row("E13", "bad name!", "Bad", "Username", "bu@example.gov.uk"),
            ]
        }
    )

    checked = check("people", "hr.xlsx", saved(book), admin)

    assert [(row.number, row.errors) for row in checked.rows if row.errors] == [
        (
            2,
            [
                "Column A (employee number): Enter the person's employee number, user name or "
                "email: people are matched by these, never by name"
            ],
        ),
        (
            3,
            [
                f"Column B (user name): {staff.username} belongs to {staff} ({staff.username}), "
                "not this person"
            ],
        ),
        (
            4,
            ["Column E (email): 2 people have this email: give the employee number or user name"],
        ),
        (5, ["Column E (email): Enter an email address like name@council.gov.uk"]),
        (6, ["Column G (service): No service has the code or name “Moon”"]),
        (7, ["Column H (team): There is no team called “Nope” in Parks"]),
        (
            8,
            ["Column I (line manager): Nobody has the employee number, user name or email “E404”"],
        ),
        (9, ["Column I (line manager): A person cannot be their own line manager"]),
        (10, ["Column J (leaver): You cannot mark yourself as a leaver"]),
        (11, ["Column J (leaver): Enter Yes or No for leaver (not “Maybe”)"]),
        (13, ["Column A (employee number): This person is on row 12 too: keep one row"]),
        (14, ["Column C (first name): Enter the new person's first and last names"]),
        (15, ["Column B (user name): A user name may hold only letters, digits and @ . + - _"]),
    ]


def test_line_management_that_goes_round_in_a_circle_is_named_on_each_row(world):
    admin, head, manager = world.people["admin"], world.people["head"], world.people["manager"]
    # The manager reports to the head; making the head report to the manager closes a circle.
    content = hr_file(
        [
            person_row("", head.username, manager=manager.username),
            person_row("E50", "", "Ann", "Other", "ann@example.gov.uk", manager="E51"),
            person_row("E51", "", "Bob", "Other", "bob@example.gov.uk", manager="E50"),
        ]
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert checked.rows[0].errors == [
        "Column I (line manager): Line management would go round in a circle: "
        f"{head} → {manager} → {head}"
    ]
    assert checked.rows[1].errors == [
        "Column I (line manager): Line management would go round in a circle: "
        "Ann Other → Bob Other → Ann Other"
    ]
    assert checked.rows[2].errors[0].endswith("Bob Other → Ann Other → Bob Other")


def test_an_administrator_gives_and_takes_away_roles_with_history(world):
    admin, staff, head = world.people["admin"], world.people["staff"], world.people["head"]
    content = hr_file(
        [person_row("E60", "", "Cara", "New", "cara@example.gov.uk", service="parks")],
        roles=[
            ["E60", "Service manager", "parks", ""],
            [staff.username, "Performance lead", "Place portfolio", ""],
            [staff.email, "administrator", "", ""],
            [head.username, "Head of service", "Parks", "Yes"],
            [head.username, "Head of service", "Libraries", "Yes"],
            [world.people["board"].username, "Management Board member", "", ""],
        ],
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert [(row.subject, row.outcome, row.errors) for row in checked.rows] == [
        ("People", "Will be added: They sign in as the council decides", []),
        ("Roles", "Will be added", []),
        ("Roles", "Will be added", []),
        ("Roles", "Will be added", []),
        ("Roles", "Will be removed", []),
        ("Roles", "No change", []),
        ("Roles", "No change", []),
    ]
    assert save("people", checked, admin, "hr.xlsx") == 5

    cara = Person.objects.get(employee_number="E60")
    assert cara.roles.get().role == Role.SERVICE_MANAGER
    staff.refresh_from_db()
    assert staff.is_superuser
    assert staff.roles.get().portfolio.name == "Place portfolio"
    assert not head.roles.exists()
    reason = f"Imported from hr.xlsx by {admin.get_full_name()}"
    removed = RoleAssignment.history.filter(person_id=head.pk).latest()
    assert (removed.history_type, removed.history_change_reason) == ("-", reason)
    assert staff.history.latest().history_change_reason == reason


def test_role_problems_are_named(world):
    admin, staff = world.people["admin"], world.people["staff"]
    content = hr_file(
        [],
        roles=[
            ["nobody", "Director", "place", ""],
            [staff.username, "Chief wizard", "", ""],
            [staff.username, "Director", "", ""],
            [staff.username, "Director", "Atlantis", ""],
            [staff.username, "Board member", "Parks", ""],
            [admin.username, "Administrator", "", "Yes"],
            [staff.username, "Director", "place", ""],
            [staff.username, "Director", "Place", ""],
        ],
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert [row.errors for row in checked.rows] == [
        ["Column A (person): Nobody has the employee number, user name or email “nobody”"],
        [
            "Column B (role): “Chief wizard” is not a role here: use one of Head of service; "
            "Service manager; Director; Assistant director; Performance lead; Management Board "
            "member; Audit & Governance Committee member; Administrator"
        ],
        ["Column C (unit): Enter a directorate's code or name for this role"],
        ["Column C (unit): “Atlantis” is not a directorate's code or name"],
        ["Column C (unit): This role is held on the whole council: leave the unit empty"],
        ["Column D (remove): You cannot take away your own administrator role"],
        [],
        ["Column B (role): This role is on row 8 too: keep one row"],
    ]


def test_a_performance_lead_imports_people_but_gives_no_roles_and_changes_no_administrator(world):
    lead, admin, staff = world.people["lead"], world.people["admin"], world.people["staff"]
    content = hr_file(
        [
            person_row("", staff.username, job="Ranger"),
            person_row("", admin.username, email="lead-owns-this@example.gov.uk"),
        ],
        roles=[
            [lead.username, "Administrator", "", ""],
            [staff.username, "Director", "place", ""],
            [world.people["head"].username, "Head of service", "parks", ""],
        ],
    )

    checked = check("people", "hr.xlsx", content, lead)

    assert checked.rows[0].errors == []
    assert checked.rows[1].errors == [
        "Column B (user name): Only an administrator may change an administrator's record: "
        "leave this row out"
    ]
    only = (
        "Column B (role): Only administrators may give or take away roles: ask an "
        "administrator to import this sheet, or leave it out"
    )
    assert [row.errors for row in checked.rows[2:]] == [[only], [only], []]
    assert checked.rows[4].outcome == "No change"


def test_saving_is_all_or_nothing(world):
    """A user name taken between the check and the save: nobody in the file is saved."""
    admin = world.people["admin"]
    content = hr_file(
        [
            person_row("E70", "first", "First", "Person", "first@example.gov.uk"),
            person_row("E71", "second", "Second", "Person", "second@example.gov.uk"),
        ]
    )
    checked = check("people", "hr.xlsx", content, admin)
    assert checked.errors == []
    f.PersonFactory(username="second")

    with pytest.raises(Exception, match="user name|username"):
        save("people", checked, admin, "hr.xlsx")

    assert not Person.objects.filter(employee_number__in=["E70", "E71"]).exists()


def test_a_csv_export_in_windows_1252_is_read(world):
    admin = world.people["admin"]
    content = (
        "Employee number,User name,First name,Last name,Email\r\n"
        "E80,,Zoë,Brontë,zoe@example.gov.uk\r\n"
    ).encode("cp1252")
    from core.bulk import KINDS

    kind = KINDS["people"]
    book = read_book("People.csv", content, templates=kind.templates)
    checked = kind.check(book=book, actor=admin, options={})
    kind.save(entries=checked.entries, actor=admin, source="People.csv")
    assert Person.objects.get(employee_number="E80").get_full_name() == "Zoë Brontë"


def test_a_person_changed_between_check_and_save_refuses_the_whole_file(world):
    from core.history import EditConflict

    admin, staff, head = world.people["admin"], world.people["staff"], world.people["head"]
    content = hr_file(
        [
            person_row("E90", "", "Dee", "New", "dee@example.gov.uk"),
            person_row("", staff.username, job="Ranger"),
            person_row("", head.username, job="Head of Parks"),
        ]
    )
    checked = check("people", "hr.xlsx", content, admin)
    head.job_title = "Typed by someone else meanwhile"
    head.save()

    with pytest.raises(EditConflict):
        save("people", checked, admin, "hr.xlsx")

    staff.refresh_from_db()
    assert staff.job_title == ""
    assert not Person.objects.filter(employee_number="E90").exists()
    # Checked again, the file shows what it would do now: the person's version has moved.
    assert check("people", "hr.xlsx", content, admin).fingerprint != checked.fingerprint


def template_file(kind) -> bytes:
    """The kind's template as a council would fill it: every heading, the example rows."""
    sheets = {
        name: [
            [h.capitalize() for h in (*headings, *kind.optional.get(name, ()))],
            *kind.examples.get(name, []),
        ]
        for name, headings in kind.templates.items()
    }
    return saved(workbook(sheets, hidden=False))


def test_the_templates_example_rows_import_cleanly(world):
    from core.bulk import KINDS

    f.TeamFactory(service=world.service, name="Grounds")
    admin = world.people["admin"]
    checked = check("people", "template.xlsx", template_file(KINDS["people"]), admin)
    assert checked.errors == []
    save("people", checked, admin, "template.xlsx")
    alex = Person.objects.get(username="ajones")
    assert alex.line_manager.username == "sclarke"
    assert alex.roles.get().role == Role.HEAD_OF_SERVICE


def test_checking_takes_the_same_number_of_queries_whatever_the_files_size(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin, head = world.people["admin"], world.people["head"]

    def queries(size: int) -> int:
        rows = [
            person_row(f"Q{n}", "", "Q", f"Person {n}", f"q{n}@example.gov.uk", service="parks")
            for n in range(size)
        ]
        rows[0][8] = head.username
        roles = [[f"Q{n}", "Service manager", "parks", ""] for n in range(size)]
        content = hr_file(rows, roles=roles)
        with CaptureQueriesContext(connection) as captured:
            check("people", "hr.xlsx", content, admin)
        return len(captured)

    assert queries(2) == queries(40)


def test_only_an_administrator_changes_how_someone_signs_in(world):
    lead, head, staff = world.people["lead"], world.people["head"], world.people["staff"]
    content = hr_file(
        [
            person_row("", head.username, email="lead@example.gov.uk"),
            person_row("E31", "", "", "", staff.email.upper(), job="Ranger"),
        ]
    )

    checked = check("people", "hr.xlsx", content, lead)

    assert checked.rows[0].errors == [
        "Column E (email): Only an administrator may change someone's user name or email: "
        "they are how the person signs in"
    ]
    # The same address in other capitals is no change.
    assert checked.rows[1].outcome == "Will change: employee number, job title"
    assert check("people", "hr.xlsx", content, world.people["admin"]).errors == []


def test_a_performance_lead_cannot_make_themselves_anyones_line_manager(world):
    """A line manager reads their reports' development plans."""
    lead, staff = world.people["lead"], world.people["staff"]
    content = hr_file([person_row("", staff.username, manager=lead.email)])

    checked = check("people", "hr.xlsx", content, lead)

    assert checked.rows[0].errors == [
        "Column I (line manager): Only an administrator may make you someone's line manager "
        "through an import"
    ]
    assert check("people", "hr.xlsx", content, world.people["admin"]).errors == []


def test_an_email_worked_out_by_a_formula_is_read_as_its_saved_value(world):
    admin = world.people["admin"]
    book = workbook(
        {
            "People": [
                PEOPLE_HEADINGS,
                person_row("E40", "", "Fay", "Formula", '=LOWER(C2&"."&D2)&"@example.gov.uk"'),
            ]
        }
    )
    content = saved(book, values={("People", "E2"): "fay.formula@example.gov.uk"})

    checked = check("people", "hr.xlsx", content, admin)
    save("people", checked, admin, "hr.xlsx")

    assert Person.objects.get(employee_number="E40").email == "fay.formula@example.gov.uk"


def test_a_role_for_a_leaver_the_file_leaves_out_is_a_problem(world):
    admin = world.people["admin"]
    content = hr_file(
        [person_row("E95", "", "Long", "Gone", "lg@example.gov.uk", leaver="Yes")],
        roles=[["E95", "Board member", "", ""]],
    )

    checked = check("people", "hr.xlsx", content, admin)

    assert checked.rows[1].errors == [
        "Column A (person): E95 is a leaver the People sheet leaves out"
    ]
