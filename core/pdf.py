"""Rendering PDFs with WeasyPrint: one helper for every printable document.

Templates extend ``core/pdf_base.html`` (A4, Noto Sans CJK SC, page numbers, plain tables)
and fill its blocks. WeasyPrint embeds the subset of the CJK font the document uses, so the PDF
prints the same on any machine. Rendering a long document takes seconds: call this from a
Celery task, not from a request, unless the document is short.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string

CJK_FONT = "Noto Sans CJK SC"

# WeasyPrint reports each layout step at INFO; keep worker logs to what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, {"cjk_font": CJK_FONT, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
