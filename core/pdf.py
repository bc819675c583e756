"""Rendering PDFs with WeasyPrint: one helper for every printable document.

Templates extend ``core/pdf_base.html`` (A4, Noto Sans CJK SC, page numbers, plain tables)
and fill its blocks. WeasyPrint embeds the subset of the CJK font the document uses, so the PDF
prints the same on any machine. Rendering a long document takes seconds: call this from a
Celery task, not from a request, unless the document is short.
"""

import functools
import logging
import shutil
import subprocess
import threading

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


@functools.cache
def installed_families() -> frozenset[str] | None:
    """The font families fontconfig knows (``fc-list``), read once per process; None when it cannot say."""
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(",") if name.strip())


@functools.cache
def body_fonts() -> str:
    """The body's font-family list: the FangSong faces installed, then the Song face. Naming only
    installed faces matters for speed: every name missing is another fontconfig fallback search for
    each run of text (about a tenth of a report's rendering time with five missing names)."""
    installed = installed_families()
    names = [n for n in FANGSONG_FONTS if installed is None or n in installed or n == SERIF_FONT]
    return ", ".join(f'"{name}"' for name in names)


_local = threading.local()


def font_config():
    """One WeasyPrint FontConfiguration per thread, kept: a new one loads fontconfig's configuration
    and opens every CJK face afresh (each a 20 MB collection) on every render. Our templates declare
    no @font-face, so nothing document-specific accumulates in it."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a Django template to PDF bytes."""
    from weasyprint import HTML

    fonts = {"cjk_font": CJK_FONT, "serif_font": SERIF_FONT, "sans_font": SANS_FONT, "body_fonts": body_fonts()}
    html = render_to_string(template_name, {**fonts, **context})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config())
