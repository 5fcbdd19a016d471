"""The parts of a service plan kept one per plan (the assurance checklist, the staffing
answers) or one per theme (the self-assessment narratives) have history pages too. The
checklist and staffing answers are stored together, but their history reads question by
question: "question: old answer → new answer", never the stored structure."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from core.history import EditConflict, version_token
from planning import services
from planning.models import ASSURANCE_QUESTIONS, STAFFING_QUESTIONS

from .test_query_counts import count_queries

pytestmark = pytest.mark.django_db

RISKS = dict(ASSURANCE_QUESTIONS)["risks"]
FRAUD = dict(ASSURANCE_QUESTIONS)["fraud"]
PRESSURES = dict(STAFFING_QUESTIONS)["pressures"]
SKILLS = dict(STAFFING_QUESTIONS)["skills"]


def change_line(label: str, old: str, new: str) -> str:
    return f"<strong>{escape(label)}</strong>: {escape(old)} → {escape(new)}"


def save_assurance(world, persona, answers, version="", **dates):
    return services.assurance_save(
        plan=world.service_plan,
        actor=world.people[persona],
        answers=answers,
        bcp_last_tested=dates.get("bcp"),
        delegation_last_reviewed=dates.get("delegation"),
        version=version,
    )


def save_workforce(world, persona, answers, sickness, version=""):
    return services.workforce_save(
        plan=world.service_plan,
        actor=world.people[persona],
        answers=answers,
        sickness_days_per_fte=sickness,
        version=version,
    )


def history_page(client_for, persona, kind, pk):
    response = client_for(persona).get(reverse("planning:item-history", args=[kind, pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_checklist_history_reads_question_by_question(client_for, world):
    first = {"risks": {"answer": "yes", "evidence": "Quarterly risk review"}}
    assurance = save_assurance(world, "head", first)
    second = {
        "risks": {"answer": "partly", "evidence": "Quarterly risk review"},
        "fraud": {"answer": "no", "evidence": ""},
    }
    save_assurance(world, "manager", second, version_token(assurance), bcp=dt.date(2026, 10, 1))

    body = history_page(client_for, "lead", "assurance", assurance.pk)
    assert change_line(f"Answer to “{RISKS}”", "Yes", "Partly") in body
    assert change_line(f"Answer to “{FRAUD}”", "(blank)", "No") in body
    assert change_line("Business continuity plan last tested", "(blank)", "1 October 2026") in body
    latest = body.split('class="gt-timeline__entry')[1]
    # The evidence for risks did not change, so the latest change does not list it...
    assert escape(f"Evidence for “{RISKS}”") not in latest
    # ...but what the checklist first held is shown with its creation.
    created = body.split('class="gt-timeline__entry')[2]
    assert f"<strong>{escape(f'Evidence for “{RISKS}”')}</strong>: Quarterly risk review" in created
    # Never the raw stored structure.
    timeline = body.split('class="govuk-list gt-timeline"')[1].split("</ol>")[0]
    assert "answer&#x27;" not in timeline
    assert "{" not in timeline
    assert escape(f"Changed by {world.people['manager']}") in body
    assert escape(f"Created by {world.people['head']}") in body
    assert body.index("Changed by") < body.index("Created by")


def test_the_staffing_answers_history_reads_question_by_question(client_for, world):
    workforce = save_workforce(world, "head", {"pressures": "Arborists"}, Decimal("8.5"))
    save_workforce(
        world,
        "manager",
        {"pressures": "Arborists and rangers", "skills": "Drone surveys"},
        Decimal("9"),
        version_token(workforce),
    )
    body = history_page(client_for, "head", "workforce", workforce.pk)
    assert change_line(PRESSURES, "Arborists", "Arborists and rangers") in body
    assert change_line(SKILLS, "(blank)", "Drone surveys") in body
    assert change_line("Sickness days lost per FTE (last 12 months)", "8.50", "9.00") in body
    assert reverse("planning:plan-resources", args=[world.service_plan.pk]) in body


def test_a_self_assessment_theme_shows_its_narrative_changes(client_for, world):
    plan = world.service_plan
    entry = services.self_assessment_save(
        plan=plan, theme="leadership", narrative="Clear direction.", actor=world.people["head"]
    )
    services.self_assessment_save(
        plan=plan,
        theme="leadership",
        narrative="Clear direction, shared with partners.",
        actor=world.people["manager"],
        version=version_token(entry),
    )
    body = history_page(client_for, "lead", "selfassessment", entry.pk)
    assert "Leadership and governance" in body  # the theme's title, not its key
    after = "Clear direction, shared with partners."
    assert change_line("Narrative", "Clear direction.", after) in body
    assert "<strong>Narrative</strong>: Clear direction.</li>" in body  # as first written
    assert reverse("planning:plan-self-assessment", args=[plan.pk]) in body
    assert ">Self-assessment</a>" in body  # back to the section it came from


def test_someone_elses_checklist_change_is_named_by_question_when_a_save_is_refused(world):
    assurance = save_assurance(world, "head", {"risks": {"answer": "yes", "evidence": ""}})
    seen = version_token(assurance)
    save_assurance(world, "manager", {"risks": {"answer": "no", "evidence": ""}}, seen)
    with pytest.raises(EditConflict) as refused:
        save_assurance(world, "head", {"risks": {"answer": "partly", "evidence": ""}}, seen)
    changes = [(c.field, c.old, c.new) for c in refused.value.changes]
    assert changes == [(f"Answer to “{RISKS}”", "Yes", "No")]


def test_each_section_links_to_its_history_for_editors_and_readers(client_for, world):
    plan = world.service_plan
    entry = services.self_assessment_save(
        plan=plan, theme="culture", narrative="Staff speak up.", actor=world.people["head"]
    )
    assurance = save_assurance(world, "head", {"risks": {"answer": "yes", "evidence": ""}})
    workforce = save_workforce(world, "head", {"pressures": "Arborists"}, None)
    links = {
        "plan-self-assessment": (
            reverse("planning:item-history", args=["selfassessment", entry.pk]),
            '">History<span class="govuk-visually-hidden"> of Culture and challenge</span></a>',
        ),
        "plan-assurance": (
            reverse("planning:item-history", args=["assurance", assurance.pk]),
            '">History of the checklist<span class="govuk-visually-hidden"> and its dates',
        ),
        "plan-resources": (
            reverse("planning:item-history", args=["workforce", workforce.pk]),
            '">History of the staffing answers<span class="govuk-visually-hidden">',
        ),
    }
    for persona in ("head", "lead"):
        for section, (url, text) in links.items():
            body = client_for(persona).get(reverse(f"planning:{section}", args=[plan.pk]))
            assert f'href="{url}{text}' in body.content.decode(), (persona, section)


def test_nothing_written_yet_means_no_history_link(client_for, world):
    plan = world.service_plan
    for section in ("plan-self-assessment", "plan-assurance", "plan-resources"):
        body = client_for("head").get(reverse(f"planning:{section}", args=[plan.pk]))
        assert "/history/" not in body.content.decode(), section


@pytest.mark.parametrize("kind", ["selfassessment", "assurance", "workforce"])
def test_a_missing_part_is_not_found(client_for, world, kind):
    url = reverse("planning:item-history", args=[kind, 999999])
    assert client_for("admin").get(url).status_code == 404


def test_the_checklist_history_runs_no_more_queries_for_a_longer_history(client_for, world):
    assurance = save_assurance(world, "head", {})
    url = reverse("planning:item-history", args=["assurance", assurance.pk])
    small = count_queries(client_for, "head", url)
    for n, (key, _question) in enumerate(ASSURANCE_QUESTIONS * 2):
        assurance = save_assurance(
            world,
            "manager" if n % 2 else "head",
            assurance.answers | {key: {"answer": ["yes", "no"][n % 2], "evidence": f"#{n}"}},
            version_token(assurance),
        )
    large = count_queries(client_for, "head", url)
    assert client_for("head").get(url).content.decode().count("Changed by") == 12
    assert small == large
