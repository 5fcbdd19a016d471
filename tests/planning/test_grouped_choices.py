"""Long drop-downs are grouped (<optgroup>) and sorted, offer exactly the same choices as
before, and cost the same number of queries whatever the council's size."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from performance.models import IndicatorDefinition, IndicatorUsage
from planning.choices import NO_SERVICE, grouped_choices, natural_key
from planning.models import Person
from tests import factories as f
from tests.audit.world import build_audit_world

from .test_query_counts import count_queries

pytestmark = pytest.mark.django_db


class SelectParser(HTMLParser):
    """Each select's options as (group label or None, value, text), in page order."""

    def __init__(self):
        super().__init__()
        self.selects: dict[str, list[tuple[str | None, str, str]]] = {}
        self._select = self._group = self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = self.selects.setdefault(attrs["id"], [])
        elif tag == "optgroup" and self._select is not None:
            self._group = attrs["label"]
        elif tag == "option" and self._select is not None:
            self._option = [self._group, attrs.get("value", ""), ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            group, value, text = self._option
            self._select.append((group, value, text.strip()))
            self._option = None
        elif tag == "optgroup":
            self._group = None
        elif tag == "select":
            self._select = None


def options(client, url: str, field_id: str) -> list[tuple[str | None, str, str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = SelectParser()
    parser.feed(response.content.decode())
    return parser.selects[field_id]


def groups_of(opts) -> list[str]:
    """The optgroup labels in page order."""
    seen: list[str] = []
    for group, _, _ in opts:
        if group is not None and group not in seen:
            seen.append(group)
    return seen


def texts_in(opts, group: str) -> list[str]:
    return [text for g, _, text in opts if g == group]


def assert_sorted(texts: list[str]) -> None:
    assert texts == sorted(texts, key=natural_key), texts


# --- the helper ------------------------------------------------------------------------


def test_groups_come_by_name_with_the_wanted_one_first_and_the_catch_all_last():
    rows = [("Zoe", "Parks"), ("adam", "Libraries"), ("Ben", "Parks"), ("Cy", "")]
    choices = grouped_choices(
        rows,
        value=lambda r: r[0],
        label=lambda r: r[0],
        group=lambda r: r[1] or "None",
        first="Parks",
        last="None",
    )
    assert choices == [
        ("Parks", [("Ben", "Ben"), ("Zoe", "Zoe")]),
        ("Libraries", [("adam", "adam")]),
        ("None", [("Cy", "Cy")]),
    ]


def test_one_group_is_a_plain_sorted_list_and_references_sort_as_numbers():
    rows = ["A10 Later", "A2 Sooner", "a1 First"]
    choices = grouped_choices(rows, value=str, label=str, group=lambda r: "Only")
    assert [label for _, label in choices] == ["a1 First", "A2 Sooner", "A10 Later"]
    assert grouped_choices([], value=str, label=str, group=str) == []


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # A superscript (a footnote mark) is not a digit of the number before it.
        (
            ["Carbon neutral by 2030¹", "Carbon neutral by 2030"],
            ["Carbon neutral by 2030", "Carbon neutral by 2030¹"],
        ),
        (["Target ²", "Target 2", "Target 10"], ["Target 2", "Target 10", "Target ²"]),
        # Fractions and circled numbers are text, not numbers.
        (["Share ½", "Share 1", "Share ①"], ["Share 1", "Share ½", "Share ①"]),
        # Other scripts' decimal digits sort by their value, among ASCII numbers.
        (["Ward ١٢", "Ward 3", "Ward ٢"], ["Ward ٢", "Ward 3", "Ward ١٢"]),
        (["Unit ४२", "Unit 41", "Unit 43"], ["Unit 41", "Unit ४२", "Unit 43"]),
        # Leading zeros do not change a number's place.
        (["A010", "A9", "A0011"], ["A9", "A010", "A0011"]),
        # Runs longer than Python turns into an int still sort by size.
        (["x" + "9" * 5000, "x1" + "0" * 5000, "x7"], ["x7", "x" + "9" * 5000, "x1" + "0" * 5000]),
        (["nul\x00here", "nul", ""], ["", "nul", "nul\x00here"]),
        (["🙂 plan 10", "🙂 plan 2", "plan 1"], ["plan 1", "🙂 plan 2", "🙂 plan 10"]),
    ],
)
def test_natural_key_orders_any_text_without_raising(texts, expected):
    assert sorted(texts, key=natural_key) == expected


@given(st.lists(st.text(), max_size=8))
def test_natural_key_compares_every_pair_of_unicode_texts(texts):
    keys = [natural_key(t) for t in texts]
    for a in keys:
        for b in keys:
            assert [a < b, a == b, a > b].count(True) == 1


def test_a_form_listing_an_item_with_a_superscript_in_its_title_opens(client_for, world):
    world.action.title = "Carbon neutral by 2030¹"
    world.action.save()
    url = reverse("planning:objective-add", args=[world.pdp.pk])
    response = client_for("staff").get(url)
    assert response.status_code == 200
    assert "Carbon neutral by 2030¹" in response.content.decode()


# --- the pages -------------------------------------------------------------------------


def person(service, first: str, last: str) -> Person:
    return f.PersonFactory(service=service, first_name=first, last_name=last)


def test_corporate_risk_owner_is_grouped_by_service_own_first(client_for, world):
    from risk.models import Level
    from risk.services import register_for

    admin = world.people["admin"]
    admin.service = world.other_service  # Libraries
    admin.save()
    leisure = f.ServiceFactory(name="Leisure centres", directorate=world.other_service.directorate)
    person(leisure, "Yusuf", "Ali")
    person(leisure, "Anna", "Berg")
    person(world.service, "Aaron", "Zed")
    corporate = register_for(level=Level.CORPORATE)
    opts = options(client_for("admin"), reverse("risk:risk-add", args=[corporate.pk]), "id_owner")

    assert opts[0] == (None, "", "Choose a person")
    groups = groups_of(opts)
    assert groups[0] == "Libraries"
    assert groups[-1] == NO_SERVICE
    assert groups[1:-1] == sorted(groups[1:-1], key=natural_key)
    assert "Leisure centres" in groups
    assert "Parks" in groups
    for group in groups:
        assert_sorted(texts_in(opts, group))
    assert texts_in(opts, "Leisure centres") == ["Anna Berg", "Yusuf Ali"]
    # the same people as before: every active person, each once
    offered = [int(value) for _, value, _ in opts[1:]]
    active = Person.objects.filter(is_active=True).values_list("pk", flat=True)
    assert sorted(offered) == sorted(active)


def test_directorate_risk_threatened_actions_are_grouped_by_service(client_for, world):
    from risk.models import Level
    from risk.services import register_for

    pools = f.ServiceFactory(name="Pools", directorate=world.service.directorate)
    pools_plan = f.ServicePlanFactory(year=world.year, service=pools)
    f.ActionFactory(plan=pools_plan, ref="A10", title="Retile")
    f.ActionFactory(plan=pools_plan, ref="A2", title="Reopen")
    place = register_for(level=Level.DIRECTORATE, directorate=world.service.directorate)
    url = reverse("risk:risk-add", args=[place.pk])
    opts = options(client_for("director"), url, "id_threatens_action")

    assert opts[0] == (None, "", "None")
    assert groups_of(opts) == ["Parks", "Pools"]
    assert texts_in(opts, "Pools") == ["A2 Reopen", "A10 Retile"]
    person(pools, "Pat", "Poole")
    owners = options(client_for("director"), url, "id_owner")
    assert groups_of(owners) == ["Parks", "Pools"]
    assert texts_in(owners, "Pools") == ["Pat Poole"]


def test_a_person_from_a_later_group_can_still_be_chosen_and_an_outsider_cannot(client_for, world):
    from risk.models import Level, Risk
    from risk.services import register_for

    pools = f.ServiceFactory(name="Pools", directorate=world.service.directorate)
    swimmer = person(pools, "Sam", "Swim")
    place = register_for(level=Level.DIRECTORATE, directorate=world.service.directorate)
    data = {
        "ref": "PL-9",
        "title": "Pool closes",
        "category": "service_delivery",
        "treatment": "treat",
        **{
            f"{k}_{a}": "2"
            for k in ("inherent", "current", "target")
            for a in ("likelihood", "impact")
        },
    }
    url = reverse("risk:risk-add", args=[place.pk])
    outsider = client_for("director").post(url, data | {"owner": world.people["other_head"].pk})
    assert outsider.status_code == 400
    assert not Risk.objects.filter(ref="PL-9").exists()
    response = client_for("director").post(url, data | {"owner": swimmer.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Risk.objects.get(ref="PL-9").owner == swimmer


def test_recommendation_owner_is_grouped_by_service_own_first(client_for, world):
    audit = build_audit_world(world).audit
    lead = world.people["lead"]
    lead.service = world.other_service
    lead.save()
    opts = options(
        client_for("lead"), reverse("audit:recommendation-add", args=[audit.pk]), "id_owner"
    )
    assert opts[0] == (None, "", "Choose a person")
    assert groups_of(opts) == ["Libraries", "Parks"]
    for group in groups_of(opts):
        texts = texts_in(opts, group)
        assert texts
        assert all(text.endswith(f"({group})") for text in texts)
        assert_sorted(texts)


def test_library_indicators_corporate_measures_first_then_own_service(client_for, world):
    def indicator(ref, name, service, corporate=False):
        return IndicatorDefinition.objects.create(
            ref=ref,
            name=name,
            type="outcome",
            aggregation="sum",
            service=service,
            is_corporate=corporate,
            owner=world.people["director"] if corporate else None,
        )

    indicator("Z1", "Council tax collected", world.other_service, corporate=True)
    indicator("L10", "Loans", world.other_service)
    indicator("L2", "Visits", world.other_service)
    indicator("P1", "Trees planted", world.service)
    used = indicator("P0", "Already used", world.service)
    IndicatorUsage.objects.create(plan=world.service_plan, definition=used)
    url = reverse("performance:plan-definition-use", args=[world.service_plan.pk])
    opts = options(client_for("head"), url, "id_definition")

    assert opts[0] == (None, "", "Choose an indicator")
    assert groups_of(opts) == ["Corporate measures", "Parks", "Libraries"]
    assert texts_in(opts, "Corporate measures") == ["Z1 Council tax collected"]
    assert texts_in(opts, "Parks") == ["P1 Trees planted"]
    assert texts_in(opts, "Libraries") == ["L2 Visits", "L10 Loans"]

    chosen = IndicatorDefinition.objects.get(ref="L10")
    response = client_for("head").post(url, {"definition": chosen.pk, "serves_action": ""})
    assert response.status_code == 302
    assert world.service_plan.indicators.filter(definition=chosen).exists()
    refused = client_for("head").post(url, {"definition": used.pk, "serves_action": ""})
    assert refused.status_code == 400


def test_what_an_action_serves_is_by_level_nearest_first_sorted_by_reference(client_for, world):
    f.PriorityFactory(plan=world.directorate_plan, ref="P10", title="Later priority")
    f.PriorityFactory(plan=world.directorate_plan, ref="P2", title="Sooner priority")
    url = reverse("planning:action-add", args=[world.service_plan.pk])
    opts = options(client_for("head"), url, "id_serves")

    groups = groups_of(opts)
    assert groups == [
        "Directorate priorities",
        "Delivery plan activities",
        "Corporate ambitions",
    ]
    for group in groups:
        assert_sorted(texts_in(opts, group))
    priorities = texts_in(opts, groups[0])
    assert priorities.index("P2 Sooner priority") < priorities.index("P10 Later priority")
    lead = options(client_for("head"), url, "id_lead")
    assert lead[0] == (None, "", "Not chosen yet")
    assert_sorted([text for _, _, text in lead[1:]])


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [("committee", "audit:tracker"), ("lead", "performance:indicator-list")],
)
def test_service_filters_are_grouped_by_directorate(client_for, world, persona, url_name):
    f.ServiceFactory(name="Allotments", directorate=world.service.directorate)
    opts = options(client_for(persona), reverse(url_name), "service")
    assert opts[0] == (None, "", "All services")
    assert groups_of(opts) == ["Communities", "Place"]
    assert texts_in(opts, "Communities") == ["Leisure", "Libraries"]
    assert texts_in(opts, "Place") == ["Allotments", "Parks"]
    chosen = options(
        client_for(persona), reverse(url_name) + f"?service={world.service.pk}", "service"
    )
    assert chosen == opts  # the same options, and the chosen one is kept (below)
    page = client_for(persona).get(reverse(url_name) + f"?service={world.service.pk}")
    assert f'<option value="{world.service.pk}" selected>Parks</option>' in page.content.decode()


# --- query counts -------------------------------------------------------------------


def grow(world, times: int) -> None:
    """More services in both directorates, each with people, a plan with actions, risks'
    owners, unused library indicators, and more thread items to serve."""
    audit = build_audit_world(world).audit
    for n in range(times):
        for directorate in (world.service.directorate, world.other_service.directorate):
            service = f.ServiceFactory(directorate=directorate)
            audit.services.add(service)
            for _ in range(3):
                f.PersonFactory(service=service)
            plan = f.ServicePlanFactory(year=world.year, service=service)
            f.ActionFactory(plan=plan)
            IndicatorDefinition.objects.create(
                ref=f"GROW-{service.pk}",
                name=f"Grown {service.pk}",
                type="output",
                aggregation="sum",
                service=service,
                is_corporate=n % 2 == 0,
                owner=world.people["director"],
            )
        f.PersonFactory(service=world.service)
        f.ActionFactory(plan=world.service_plan)
        activity = f.ActivityFactory(plan=world.delivery, serves_ambition=world.ambition)
        f.PriorityFactory(plan=world.directorate_plan, serves_activity=activity)


def form_pages(world):
    from risk.models import Level
    from risk.services import register_for

    w = world
    audit = build_audit_world(world).audit
    parks = register_for(level=Level.SERVICE, service=w.service)
    place = register_for(level=Level.DIRECTORATE, directorate=w.service.directorate)
    corporate = register_for(level=Level.CORPORATE)
    usage = IndicatorUsage.objects.filter(plan=w.service_plan).first()
    return [
        ("head", reverse("planning:action-add", args=[w.service_plan.pk])),
        ("head", reverse("planning:action-edit", args=[w.action.pk])),
        ("head", reverse("planning:item-serves", args=["action", w.action.pk])),
        ("head", reverse("planning:commitment-add", args=[w.service_plan.pk])),
        ("staff", reverse("planning:objective-add", args=[w.pdp.pk])),
        ("director", reverse("planning:priority-add", args=[w.directorate_plan.pk])),
        ("head", reverse("risk:risk-add", args=[parks.pk])),
        ("director", reverse("risk:risk-add", args=[place.pk])),
        ("admin", reverse("risk:risk-add", args=[corporate.pk])),
        ("lead", reverse("audit:recommendation-add", args=[audit.pk])),
        ("head", reverse("performance:plan-definition-use", args=[w.service_plan.pk])),
        ("head", reverse("performance:usage-serves", args=[usage.pk])),
        ("committee", reverse("audit:tracker")),
        ("lead", reverse("performance:indicator-list")),
    ]


def test_grouped_form_pages_run_the_same_queries_at_two_sizes(client_for, world):
    library = IndicatorDefinition.objects.create(
        ref="USED-1", name="Used", type="output", aggregation="sum", service=world.service
    )
    IndicatorUsage.objects.create(plan=world.service_plan, definition=library)
    grow(world, 1)
    small = {key: count_queries(client_for, *key) for key in form_pages(world)}
    people_before = Person.objects.count()
    grow(world, 5)
    assert Person.objects.count() >= people_before + 30
    large = {key: count_queries(client_for, *key) for key in form_pages(world)}
    grown = {key: (small[key], large[key]) for key in small if small[key] != large[key]}
    assert not grown, f"query counts grew with the data (small, large): {grown}"


def _natural_key_split(text: str) -> tuple:
    """natural_key without its shortcut for text with no digits."""
    from planning.choices import _DIGITS, _number_key

    parts = _DIGITS.split(text)
    return tuple(
        _number_key(part) if n % 2 else (1, 0, part.casefold())
        for n, part in enumerate(parts)
        if part
    )


@given(st.text())
def test_natural_key_shortcut_for_names_without_numbers_changes_no_order(text):
    assert natural_key(text) == _natural_key_split(text)
