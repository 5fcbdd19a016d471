"""Presentation helpers for planning templates. None of them query the database."""

from django import template
from django.template.defaultfilters import date, pluralize
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from core import money
from core.ratings import Shown
from core.templatetags.ratings import rating
from planning.models import delivery_rag_shown

register = template.Library()

# The sections of a Service Business Plan, in the order a head of service works through
# them: (key, label, URL name). Sections whose pages another part of the product provides
# show as plain text until that part is installed.
SERVICE_PLAN_SECTIONS = [
    ("overview", "Overview", "planning:plan-detail"),
    ("self-assessment", "Self-assessment", "planning:plan-self-assessment"),
    ("resources", "Resources", "planning:plan-resources"),
    ("finance", "Finance", "planning:plan-finance"),
    ("delivery", "Delivery plan", "planning:plan-delivery"),
    ("indicators", "Performance indicators", "performance:plan-indicators"),
    ("definitions", "Indicator definitions", "performance:plan-definitions"),
    ("risks", "Service risks", "risk:plan-risks"),
    ("audit", "Audit recommendations", "audit:plan-recommendations"),
    ("commitments", "Other commitments", "planning:plan-commitments"),
    ("assurance", "Assurance", "planning:plan-assurance"),
]


@register.simple_tag
def service_plan_sections(plan, current: str = "") -> list[dict]:
    """The plan's section navigation: each section's label, link (or None) and whether it
    is the page being shown."""
    sections = []
    for key, label, url_name in SERVICE_PLAN_SECTIONS:
        args = ["service", plan.pk] if url_name == "planning:plan-detail" else [plan.pk]
        try:
            url = reverse(url_name, args=args)
        except NoReverseMatch:
            url = None
        sections.append({"key": key, "label": label, "url": url, "current": key == current})
    return sections


@register.filter
def delivery_rag(value: str | None) -> Shown:
    """A delivery RAG status to draw with `{% rating %}`: "No update yet" when there is none."""
    return delivery_rag_shown(value)


@register.filter
def answer_colour(answer: str) -> str:
    """An assurance answer's colour: yes green, partly yellow, no red, unanswered grey."""
    return {"yes": "green", "partly": "yellow", "no": "red"}.get(answer, "grey")


@register.filter
def saving_rating(value: str) -> Shown:
    """A saving's RAG to draw with `{% rating %}`: blue is a saving delivered."""
    return Shown(value, "Delivered") if value == "blue" else delivery_rag_shown(value)


@register.filter
def pounds(value) -> str:
    """Money in whole pounds: £1,234 and -£1,234; blank for no value."""
    return money.whole_pounds(value)


@register.filter
def signed_percent(value) -> str:
    """A variance percentage with its sign, one decimal place: +5.0%, -2.3%; blank if none."""
    if value is None or value == "":
        return ""
    from decimal import ROUND_HALF_UP, Decimal

    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"+{number}%" if number > 0 else f"{number}%"


@register.filter
def saving_rag(saving, quarter: int) -> str:
    """A saving's RAG as at the quarter: the latest given up to then."""
    return saving.rag_at(int(quarter))


CANNOT_OPEN = "An item in a plan you cannot open"


@register.simple_tag
def item_link(item) -> str:
    """A plan item as a link to its thread page (its ref, then its title), or a note that it
    is in a plan the person cannot open. Uses the `thread_url` a list page set
    (`planning.links.mark_thread_urls`), else resolves the address."""
    if getattr(item, "can_open", None) is False:
        return format_html('<span class="gt-thread__hidden">{}</span>', CANNOT_OPEN)
    url = getattr(item, "thread_url", None) or item.get_absolute_url()
    ref = format_html('<span class="gt-ref">{}</span> ', item.ref) if item.ref else ""
    return format_html('<a class="govuk-link" href="{}">{}{}</a>', url, ref, item.title)


@register.simple_tag
def serves_link(item) -> str:
    """What the item serves, as `item_link` draws it, or a tag saying it serves nothing yet."""
    target = item.serves
    if target:
        return format_html(
            '<span class="govuk-visually-hidden">Serves </span>{}', item_link(target)
        )
    return rating("orange", "Serves nothing yet")


@register.simple_tag
def action_dates(action) -> str:
    """An action's current due date (ServiceAction.current_due_date), the one date every
    page shows; once revised, with how many times it moved and the original date."""
    current = getattr(action, "current_due_date", action.due_date)
    if current != action.due_date:
        revisions = action.due_date_revisions
        return format_html(
            '{} <span class="govuk-body-s">(revised {} time{}; originally {})</span>',
            date(current, "j M Y"),
            revisions,
            pluralize(revisions),
            date(action.due_date, "j M Y") or "not set",
        )
    return date(current, "j M Y") or "Not set"
