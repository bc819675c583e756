"""Reading generated files back: pdftotext and pdffonts (poppler), python-docx."""

import io
import re
import subprocess


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as one string: lines joined, page numbers ("— 3 —") and the running header dropped."""
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    lines = [line.strip() for line in text.decode().splitlines()]
    kept = [
        line
        for line in lines
        if line and not re.fullmatch(r"—\s*\d+\s*—", line) and not re.match(r"(草稿|第\d+版) · ", line)
    ]
    return "".join(kept)


def pdf_fonts(data: bytes, tmp_path) -> list[dict]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type(1-2 words) encoding emb sub uni object ID
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "line": line})
    return rows


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def docx_paragraphs(data: bytes):
    import docx

    return docx.Document(io.BytesIO(data)).paragraphs
