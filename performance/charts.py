"""Trend charts drawn on the server as SVG: no JavaScript, the same markup in a PDF.

Each line differs by dash pattern and marker shape as well as colour, the chart has a
<title> and <desc>, and the page puts the same numbers in a table beside it."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .status import IndicatorStatus

WIDTH, HEIGHT = 520, 320
LEFT, RIGHT, TOP, BOTTOM = 78, 14, 16, 78
MONTHS = ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]

SERIES = (
    # (key, label, stroke, dash, marker)
    ("this", "This year", "#1d70b8", "", "circle"),
    ("last", "Last year", "#505a5f", "8 4", "square"),
    ("target", "Target", "#0b0c0c", "2 4", "none"),
)


def trend_chart(status: IndicatorStatus, last_year: IndicatorStatus | None) -> SafeString:
    definition = status.definition
    lines = {
        "this": [cell.value for cell in status.months],
        "last": [cell.value for cell in last_year.months] if last_year else [None] * 12,
        "target": [cell.target if cell.takes_value else None for cell in status.months],
    }
    numbers = [v for series in lines.values() for v in series if v is not None]
    title = f"{definition.ref} {definition.name}: trend for {status.year}"
    if not numbers:
        desc = "No values or targets yet for this year."
        return _svg(title, desc, "")
    low, high = min(numbers), max(numbers)
    pad = (high - low) * Decimal("0.15") or Decimal(1)
    low, high = low - pad, high + pad
    if min(numbers) >= 0:
        low = max(low, Decimal(0))
    if definition.unit == "percentage" and max(numbers) <= 100:
        high = min(high, Decimal(100))
    fmt = definition.fmt

    def x(index: int) -> float:
        return LEFT + index * (WIDTH - LEFT - RIGHT) / 11

    def y(value: Decimal) -> float:
        return TOP + float((high - value) / (high - low)) * (HEIGHT - TOP - BOTTOM)

    parts = []
    for step in range(5):
        value = low + (high - low) * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="14">'
            f"{escape(fmt.value(value))}</text>"
        )
    for index, name in enumerate(MONTHS):
        parts.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="14">{name}</text>'
        )
    for key, _label, stroke, dash, marker in SERIES:
        points = [(x(i), y(v)) for i, v in enumerate(lines[key]) if v is not None]
        if not points:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="3"{dashed}/>'
        )
        for px, py in points:
            if marker == "circle":
                parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{stroke}"/>')
            elif marker == "square":
                parts.append(
                    f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" '
                    f'fill="#ffffff" stroke="{stroke}" stroke-width="2"/>'
                )
    legend_y = HEIGHT - 16
    for number, (_key, label, stroke, dash, marker) in enumerate(SERIES):
        lx = 8 + number * 170
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{lx}" x2="{lx + 36}" y1="{legend_y}" y2="{legend_y}" stroke="{stroke}" '
            f'stroke-width="3"{dashed}/>'
        )
        if marker == "circle":
            parts.append(f'<circle cx="{lx + 18}" cy="{legend_y}" r="5" fill="{stroke}"/>')
        elif marker == "square":
            parts.append(
                f'<rect x="{lx + 14}" y="{legend_y - 4}" width="8" height="8" fill="#ffffff" '
                f'stroke="{stroke}" stroke-width="2"/>'
            )
        parts.append(f'<text x="{lx + 44}" y="{legend_y + 5}" font-size="14">{label}</text>')
    entered = sum(1 for v in lines["this"] if v is not None)
    desc = (
        f"Monthly values for {status.year} ({entered} entered) as a solid line with round "
        f"markers, last year's as a dashed line with square markers, and the target as a "
        f"dotted line. The vertical axis runs from {fmt.value(low)} to {fmt.value(high)}. "
        f"{status.rating.explanation}. The table beside the chart gives every number."
    )
    return _svg(title, desc, "".join(parts))


def _svg(title: str, desc: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text inside is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="gt-chart gt-chart--trend" role="img" aria-labelledby="chart-title chart-desc" '
        f'width="100%" font-family="Arial, sans-serif">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>{body}</svg>'
    )
