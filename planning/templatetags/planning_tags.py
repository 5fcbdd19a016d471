"""Presentation helpers for planning templates. None of them query the database."""

from django import template
from django.urls import NoReverseMatch, reverse

from core import money
from core.ratings import Shown
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
