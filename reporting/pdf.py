"""Committee papers as tagged PDFs (PDF/UA-1), A4 landscape, from print templates."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict, *, base_url: str = "") -> bytes:
    """Render a print template (A4 landscape @page, repeating table header, page x of y in
    the footer) to a tagged PDF."""
    html = render_to_string(template, {"council_name": settings.COUNCIL_NAME, **context})
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf(
        pdf_variant="pdf/ua-1"
    )
