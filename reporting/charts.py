"""Bar charts for the Board's dashboard, drawn on the server as accessible SVG.

Each chart has a title and a description, writes every segment's count and RAG word in
its legend, and always sits beside the table holding the same numbers: colour is never the
only way to read it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FILL = {
    "red": "#d4351c",
    "amber": "#ffdd00",
    "green": "#00703c",
    "blue": "#1d70b8",
    "grey": "#b1b4b6",
}
PATTERN_TEXT = {"red": "#ffffff", "green": "#ffffff", "blue": "#ffffff"}


@dataclass(frozen=True)
class Series:
    """One kind of segment: its word ("Red") and colour name."""

    word: str
    colour: str


def stacked_bars(
    *, title: str, description: str, series: list[Series], rows: list[tuple[str, list[int]]]
) -> SafeString:
    """Horizontal stacked bars, one per row (a label and a count per series), scaled to the
    largest total; segments wide enough show their count."""
    label_width, bar_width, bar, gap, top = 220, 420, 22, 8, 8
    legend_height = 26
    height = top + len(rows) * (bar + gap) + legend_height + 8
    width = label_width + bar_width + 60
    largest = max((sum(counts) for _, counts in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gt-chart" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}. {escape(description)}">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]
    for n, (label, counts) in enumerate(rows):
        y = top + n * (bar + gap)
        short = label if len(label) <= 34 else label[:33] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.7}" font-size="12" '
            f'text-anchor="end">{escape(short)}</text>'
        )
        x = float(label_width)
        for kind, count in zip(series, counts, strict=True):
            if not count:
                continue
            w = bar_width * count / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                f'fill="{FILL[kind.colour]}" stroke="#0b0c0c" stroke-width="0.5">'
                f"<title>{escape(label)}: {count} {escape(kind.word)}</title></rect>"
            )
            if w >= 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar * 0.7}" font-size="11" '
                    f'text-anchor="middle" fill="{PATTERN_TEXT.get(kind.colour, "#0b0c0c")}">'
                    f"{count}</text>"
                )
            x += w
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + bar * 0.7}" font-size="12">{sum(counts)}</text>'
        )
    y = top + len(rows) * (bar + gap) + 6
    x = float(label_width)
    for kind in series:
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{FILL[kind.colour]}" '
            f'stroke="#0b0c0c" stroke-width="0.5"/>'
            f'<text x="{x + 16:.1f}" y="{y + 10}" font-size="12">{escape(kind.word)}</text>'
        )
        x += 24 + 7 * len(kind.word)
    parts.append("</svg>")
    return mark_safe("".join(parts))
