"""The report's three faces from one document: the web page's runs, the PDF (WeasyPrint through
``core.pdf``) and the .docx (python-docx). All three read the same blocks and figures, so they say
the same words; a gap is 【暂无数据】 everywhere, highlighted in a draft."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from core.pdf import render_pdf
from reports import charts
from reports.sections import Figure
from reports.text import Block

GAP_TEXT = "【暂无数据】"


@dataclass
class Document:
    """Everything a rendering needs: title, blocks, figures by key, the appendix's data."""

    title: str
    blocks: list[Block]
    figures: dict[str, Figure]
    appendix: dict
    draft: bool
    footer: str = ""
    confirmed: set = field(default_factory=set)

    def runs(self, block: Block) -> list[dict]:
        """The block as runs: {"text", "key", "url", "gap", "label", "confirmed"} (key None for plain text)."""
        result = []
        for kind, value in block.parts:
            if kind == "t":
                result.append({"text": value, "key": None})
                continue
            figure = self.figures.get(value)
            gap = figure is None or figure.gap
            result.append(
                {
                    "text": GAP_TEXT if gap else figure.text,
                    "key": value,
                    "url": figure.url if figure else None,
                    "label": figure.label if figure else value,
                    "gap": gap,
                    "confirmed": value in self.confirmed,
                }
            )
        return result

    def plain(self, block: Block) -> str:
        return block.lead + "".join(r["text"] for r in self.runs(block))

    def lines(self) -> list[str]:
        """The report's text, a paragraph a line (what pdftotext and the .docx read back contain)."""
        return [self.plain(b) for b in self.blocks]

    def rendered_blocks(self) -> list[dict]:
        return [{"kind": b.kind, "lead": b.lead, "runs": self.runs(b)} for b in self.blocks]


def pdf_bytes(doc: Document) -> bytes:
    """A4 PDF in the look of a Chinese government document, with the appendix's charts."""
    return render_pdf(
        "reports/pdf/report.html",
        {"doc": doc, "blocks": doc.rendered_blocks(), "charts": charts.charts(doc.appendix)},
    )


# --- .docx -------------------------------------------------------------------------------------

# Faces Word and WPS find on an office's Windows machine (GB/T 9704: 小标宋 title, 黑体 headings,
# 楷体 second-level headings, 仿宋 body); WPS and Word substitute when one is missing.
TITLE_FACE, HEADING_FACE, LEAD_FACE, BODY_FACE = "方正小标宋简体", "黑体", "楷体", "仿宋"


def _face(run, face: str, size_pt: float, bold=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = face
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), face)


def _page_number_footer(section):
    """A centred footer "— N —" with Word's PAGE field."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _face(paragraph.add_run("— "), "宋体", 14)
    run = paragraph.add_run()
    _face(run, "宋体", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    _face(paragraph.add_run(" —"), "宋体", 14)


def docx_bytes(doc: Document) -> bytes:
    """The same text and headings as an editable .docx (A4, GB/T 9704 margins and faces)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number_footer(section)
    document.core_properties.title = doc.title
    document.core_properties.author = "抓党建促基层治理系统"

    def paragraph(style=None):
        p = document.add_paragraph(style=style)
        p.paragraph_format.line_spacing = Pt(29)
        p.paragraph_format.space_after = Pt(0)
        return p

    for block in doc.blocks:
        if block.kind == "title":
            p = paragraph("Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for r in doc.runs(block):
                _face(p.add_run(r["text"]), TITLE_FACE, 22)
            continue
        if block.kind == "heading":
            p = paragraph("Heading 1")
            p.paragraph_format.first_line_indent = Pt(32)
            for r in doc.runs(block):
                _face(p.add_run(r["text"]), HEADING_FACE, 16)
            continue
        p = paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        if block.lead:
            _face(p.add_run(block.lead), LEAD_FACE, 16, bold=True)
        for r in doc.runs(block):
            run = p.add_run(r["text"])
            _face(run, BODY_FACE, 16)
            if r.get("gap") and doc.draft:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.add_page_break()
    p = paragraph("Heading 1")
    _face(p.add_run("附件：图表数据"), HEADING_FACE, 16)
    for title, header, rows in charts.tables(doc.appendix):
        p = paragraph()
        _face(p.add_run(title), LEAD_FACE, 14, bold=True)
        if not rows:
            _face(paragraph().add_run(charts.NO_DATA), BODY_FACE, 14)
            continue
        table = document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            _face(cell.paragraphs[0].add_run(str(text)), HEADING_FACE, 12)
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                _face(cell.paragraphs[0].add_run(str(text)), BODY_FACE, 12)
    if doc.footer:
        p = paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _face(p.add_run(doc.footer), BODY_FACE, 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
