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
# The faces of a Chinese government document (GB/T 9704), as installed: the title in a Song face
# (小标宋), headings in a Hei face (黑体), the body in FangSong (仿宋) where a FangSong font is
# installed, else the Song face. Debian's fonts-noto-cjk gives Noto Serif CJK (Song) and Sans (Hei).
SERIF_FONT = "Noto Serif CJK SC"
SANS_FONT = CJK_FONT
FANGSONG_FONTS = ("FangSong", "FangSong_GB2312", "STFangsong", "仿宋", "仿宋_GB2312", SERIF_FONT)

# WeasyPrint reports each layout step at INFO; keep worker logs to what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = {"cjk_font": CJK_FONT, "serif_font": SERIF_FONT, "sans_font": SANS_FONT}
    fonts["body_fonts"] = ", ".join(f'"{name}"' for name in FANGSONG_FONTS)
    html = render_to_string(template_name, {**fonts, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=FontConfiguration())
