"""The heat map as an SVG for PDFs: same cells, counts, band names and movement as the
HTML table, drawn as vectors."""

from __future__ import annotations

from django.utils.html import escape

CELL_FILL = {
    "green": "#cce2d8",
    "amber": "#fff7bf",
    "red": "#f4cdc6",
    "blue": "#bbd4ea",
    "grey": "#e5e6e7",
    "yellow": "#fff7bf",
    "orange": "#fcd6c3",
    "purple": "#dbd5e9",
    "black": "#0b0c0c",  # drawn with white text
}


def heat_map_svg(heat_map, *, cell: int = 78) -> str:
    """An accessible SVG (role img, title and description) of a risk heat map; for a
    score-only register, which has no likelihood × impact grid, the counts by band."""
    if getattr(heat_map, "score_only", False):
        return _by_band_svg(heat_map)
    left, top = 120, 30
    columns = len(heat_map.impact_levels)
    rows = len(heat_map.rows)
    width, height = left + columns * cell + 10, top + rows * cell + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="hm-title hm-desc">',
        f'<title id="hm-title">Risk heat map: {heat_map.total} risks</title>',
        f'<desc id="hm-desc">Counts of risks by likelihood (rows) and impact (columns), '
        f"with the band of each cell and the change since {escape(heat_map.previous_label)}</desc>",
    ]
    for n, level in enumerate(heat_map.impact_levels):
        x = left + n * cell + cell / 2
        parts.append(
            f'<text x="{x}" y="{top - 10}" font-size="10" text-anchor="middle">'
            f"I{n + 1} {escape(level['label'])}</text>"
        )
    for r, (likelihood, level, cells) in enumerate(heat_map.rows):
        y = top + r * cell
        parts.append(
            f'<text x="{left - 6}" y="{y + cell / 2}" font-size="10" text-anchor="end">'
            f"L{likelihood} {escape(level['label'])}</text>"
        )
        for c, item in enumerate(cells):
            x = left + c * cell
            fill = CELL_FILL.get(item.band.colour, "#ffffff")
            ink = "#ffffff" if item.band.colour == "black" else "#0b0c0c"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" '
                f'stroke="#0b0c0c" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{x + cell / 2}" y="{y + 30}" fill="{ink}" font-size="20" '
                f'font-weight="bold" text-anchor="middle">{item.count}</text>'
            )
            parts.append(
                f'<text x="{x + cell / 2}" y="{y + 48}" fill="{ink}" font-size="9" '
                f'text-anchor="middle">{escape(item.band.name)}</text>'
            )
            if item.movement:
                sign = "+" if item.movement > 0 else "−"
                parts.append(
                    f'<text x="{x + cell / 2}" y="{y + 64}" fill="{ink}" font-size="9" '
                    'text-anchor="middle">'
                    f"{sign}{abs(item.movement)} since last quarter</text>"
                )
    parts.append(
        f'<text x="{left}" y="{height - 12}" font-size="10">Impact increases to the right; '
        f"likelihood increases upwards.</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _by_band_svg(heat_map) -> str:
    width, height = 520, 40 + 26 * len(heat_map.by_band)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="hm-title hm-desc">',
        f'<title id="hm-title">Risks by band: {heat_map.total} risks</title>',
        '<desc id="hm-desc">This register records a score only, so a heat map by likelihood '
        "and impact does not apply: the number of risks in each band, now and "
        f"in {escape(heat_map.previous_label)}</desc>",
        '<text x="0" y="16" font-size="11">Score only: a heat map does not apply. '
        f"Risks by band (in {escape(heat_map.previous_label)})</text>",
    ]
    for n, (band, count, previous) in enumerate(heat_map.by_band):
        y = 40 + n * 26
        parts.append(
            f'<text x="0" y="{y}" font-size="11">{escape(band.name)} ({band.min} to '
            f"{band.max}): {count} ({previous})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
