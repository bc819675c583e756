"""The PDF and the .docx of the hand-built township: the same sentences, embedded CJK fonts, A4."""

import io
import shutil

import pytest

from reports import render, services
from tests.reports.conftest import GAP_SENTENCES, SENTENCES, without_meetings
from tests.reports.helpers import docx_paragraphs, docx_text, pdf_fonts, pdf_text
from tests.reports.test_figures import october

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")


@pytest.fixture
def doc(township):
    return services.draft_document(october(township))


def test_the_pdf_says_every_sentence_with_its_figure(doc, tmp_path):
    text = pdf_text(render.pdf_bytes(doc), tmp_path)
    for sentence in SENTENCES:
        assert sentence in text
    assert "附图1" in text and "附图5" in text and "【暂无数据】" not in text
    assert "暂无数据" not in text  # every chart has its data, the collective income's too


def test_the_pdf_embeds_its_cjk_fonts(doc, tmp_path):
    fonts = pdf_fonts(render.pdf_bytes(doc), tmp_path)
    cjk = [f for f in fonts if "CJK" in f["name"]]
    assert {n for f in cjk for n in ("Serif", "Sans") if n in f["name"]} == {"Serif", "Sans"}
    assert cjk and all(f["emb"] == "yes" for f in cjk)


def test_the_docx_reads_back_with_the_same_text_and_headings(doc):
    data = render.docx_bytes(doc)
    text = docx_text(data)
    for sentence in SENTENCES:
        assert sentence in text
    paragraphs = docx_paragraphs(data)
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["一、主要做法及成效", "二、存在问题及下步计划"]
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text.startswith("东城镇抓党建")
    assert not [r.text for p in paragraphs for r in p.runs if r.font.highlight_color is not None]
    import docx

    section = docx.Document(io.BytesIO(data)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37


def test_a_gap_is_marked_in_the_pdf_and_highlighted_in_the_docx(township, tmp_path):
    without_meetings(township)
    doc = services.draft_document(october(township))
    text = pdf_text(render.pdf_bytes(doc), tmp_path)
    paragraphs = docx_paragraphs(render.docx_bytes(doc))
    for sentence in GAP_SENTENCES:
        assert sentence in text and sentence in "\n".join(p.text for p in paragraphs)
    highlighted = [r.text for p in paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert highlighted == ["【暂无数据】", "【暂无数据】"]


def test_renders_share_one_font_configuration_per_thread_and_name_only_installed_faces(doc, tmp_path):
    """core.pdf keeps its FontConfiguration (a new one reopens every CJK face) and lists only the
    FangSong faces fontconfig has, then the Song face (a missing name costs a fallback search per run)."""
    import threading

    from core import pdf

    first = pdf_text(render.pdf_bytes(doc), tmp_path)
    config = pdf.font_config()
    assert pdf_text(render.pdf_bytes(doc), tmp_path) == first and pdf.font_config() is config
    other = []
    thread = threading.Thread(target=lambda: other.append(pdf.font_config()))
    thread.start()
    thread.join()
    assert other[0] is not config
    installed = pdf.installed_families()
    names = [name.strip('"') for name in pdf.body_fonts().split(", ")]
    assert pdf.SERIF_FONT in installed and names[-1] == pdf.SERIF_FONT
    assert all(name in installed for name in names)
