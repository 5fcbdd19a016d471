"""The report's files, built from its frozen snapshot only: the PDF (tagged PDF/UA-1, A4,
title page, contents, summary counts, the sections, page x of y) and the Excel download."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from .. import excel
from .registry import SECTIONS


def report_html(snapshot: dict) -> str:
    sections = [
        {**section, "template": SECTIONS[section["key"]].template}
        for section in snapshot["sections"]
        if section["key"] in SECTIONS
    ]
    return render_to_string(
        "reporting/report/report_pdf.html", {"s": snapshot, "sections": sections}
    )


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def report_pdf(snapshot: dict) -> bytes:
    return html_to_pdf(report_html(snapshot))


def _cell(value):
    if isinstance(value, list):  # a RAG stored as [colour, word] after a JSON round trip
        return tuple(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def report_workbook(snapshot: dict) -> bytes:
    wb = excel.new_workbook()
    ws = wb.active
    ws.title = "Summary"
    summary = [
        (section["title"], [tuple(pair) for pair in section["summary"]])
        for section in snapshot["sections"]
        if section["summary"]
    ]
    title = f"{snapshot['title']}, {snapshot['period_label']} (version {snapshot['version']})"
    excel.summary_sheet(ws, title, dt.date.fromisoformat(snapshot["as_at"]), summary)
    for section in snapshot["sections"]:
        builder = SECTIONS.get(section["key"])
        if builder is None:
            continue
        for table in builder.tables(section["data"]):
            columns = [excel.Column(h, 16 if n else 10) for n, h in enumerate(table.headings)]
            excel.table_sheet(
                wb.create_sheet(table.title[:31]),
                columns,
                ([_cell(v) for v in row] for row in table.rows),
            )
    changes = wb.create_sheet("Changed since last quarter")
    excel.table_sheet(
        changes,
        [excel.Column("Section", 24), excel.Column("Item", 50)]
        + [excel.Column("Last quarter", 14), excel.Column("This quarter", 14)],
        (
            [
                c["section"],
                c["label"],
                (c["before_colour"], c["before"]),
                (c["now_colour"], c["now"]),
            ]
            for c in snapshot["changes"]
        ),
    )
    return excel.to_bytes(wb)
