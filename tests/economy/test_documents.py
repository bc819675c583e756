"""Documents of contracts, management systems and village rules: uploaded through ``core.uploads``
(size, extension, first bytes, an Office file's folder, a picture that decodes), stored under a
random name, downloaded only through ``core.files.file_response`` by who may read the row; a
refused file leaves neither a row nor a file behind."""

import datetime
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from PIL import Image

from accounts.roles import Role
from economy.models import ContractDocument, RuleDocument, SystemDocument, SystemKind, VillageRule, VillageSystem
from tests import factories as f
from tests.economy.conftest import contract

pytestmark = pytest.mark.django_db
D = datetime.date


def pdf_bytes() -> bytes:
    """A real one-page PDF (WeasyPrint), so the download is read back with pdftotext."""
    from weasyprint import HTML

    return HTML(string="<p>承包合同</p>").write_pdf()


def docx_bytes(text="村规民约全文") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def rows(orgs, world):
    kind = SystemKind.objects.create(township=world.t1, name="“三重一大”")
    return {
        "contract": contract(orgs.o1, "HT-1"),
        "system": VillageSystem.objects.create(
            township=world.t1, village=world.v1, system=kind, adopted_on=D(2025, 3, 1)
        ),
        "rule": VillageRule.objects.create(township=world.t1, village=world.v1, adopted_on=D(2025, 3, 1), articles=20),
    }


MODELS = {"contract": ContractDocument, "system": SystemDocument, "rule": RuleDocument}
DETAIL = {"contract": "contracts_detail", "system": "management_systems_detail", "rule": "village_rules_detail"}


def upload(client, kind, row, name, data, note=""):
    url = reverse(f"economy:{kind}_document_add", args=[row.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "note": note}, follow=True)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize("kind", ["contract", "system", "rule"])
def test_the_office_uploads_a_document_and_the_villages_secretary_downloads_it(kind, rows, personas, login, client):
    row = rows[kind]
    data = pdf_bytes()
    response = upload(login(personas.office), kind, row, "签字版.pdf", data, note="盖章扫描件")
    assert "文件“签字版.pdf”已上传" in response.content.decode()
    (document,) = MODELS[kind].objects.all()
    assert (document.kind, document.size, document.note, document.uploaded_by) == (
        "pdf",
        len(data),
        "盖章扫描件",
        personas.office,
    )
    assert "签字版" not in document.file.name and document.file.name.startswith(f"economy/{kind}s/{row.township_id}/")
    page = response.content.decode()
    file_url = reverse(f"economy:{kind}_document", args=[document.pk])
    assert file_url in page and 'id="document-form"' in page

    client.logout()
    answer = login(personas.secretary).get(file_url)
    assert answer.status_code == 200 and answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Content-Type"] == "application/pdf" and "attachment" in answer["Content-Disposition"]
    body = b"".join(answer.streaming_content)
    assert body == data
    import subprocess

    text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True).stdout.decode()
    assert "承包合同" in text


def test_a_word_document_and_a_photo_are_accepted_and_typed_by_their_content(rows, personas, login):
    client = login(personas.secretary)
    upload(client, "rule", rows["rule"], "村规民约.docx", docx_bytes())
    upload(client, "rule", rows["rule"], "公示照片.PNG", png_bytes())
    kinds = sorted(RuleDocument.objects.values_list("kind", "original_name"))
    assert kinds == [("docx", "村规民约.docx"), ("png", "公示照片.PNG")]
    docx = RuleDocument.objects.get(kind="docx")
    answer = client.get(reverse("economy:rule_document", args=[docx.pk]))
    text = Document(io.BytesIO(b"".join(answer.streaming_content))).paragraphs[0].text
    assert text == "村规民约全文"
    photo = RuleDocument.objects.get(kind="png")
    answer = client.get(reverse("economy:rule_document", args=[photo.pk]))
    assert answer["Content-Type"] == "image/png" and "inline" in answer["Content-Disposition"]


def zip_without_word() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("payload/evil.bin", "x" * 100)
    return buffer.getvalue()


BAD_FILES = [
    ("合同.exe", b"MZ\x90\x00" + b"\x00" * 100, "只接受 PDF、JPG、PNG 或 Word（.docx）文件"),
    ("合同.pdf", b"MZ\x90\x00" + b"\x00" * 100, "文件内容与扩展名不符或已损坏，已拒绝"),
    ("合同.pdf", b"", "文件为空"),
    ("照片.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "文件内容与扩展名不符或已损坏，已拒绝"),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "文件内容与扩展名不符或已损坏，已拒绝"),  # does not decode
    ("制度.docx", b"PK\x03\x04" + b"\x00" * 64, "文件内容与扩展名不符或已损坏，已拒绝"),  # not a zip
    ("制度.docx", None, "文件内容与扩展名不符或已损坏，已拒绝"),  # a zip without word/
    ("表格.xlsx", None, "只接受 PDF、JPG、PNG 或 Word（.docx）文件"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[f"{n}-{m[:6]}" for n, _d, m in BAD_FILES])
def test_a_bad_file_is_refused_with_a_chinese_message_and_nothing_is_stored(name, data, message, rows, personas, login):
    data = zip_without_word() if data is None else data
    before = (ContractDocument.objects.count(), ContractDocument.history.count(), stored_files())
    response = upload(login(personas.office), "contract", rows["contract"], name, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert (ContractDocument.objects.count(), ContractDocument.history.count(), stored_files()) == before


def test_a_file_above_the_limit_is_refused_before_it_is_read(rows, personas, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    data = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    response = upload(login(personas.office), "contract", rows["contract"], "大文件.pdf", data)
    assert "文件过大：最大允许 1 MB" in response.content.decode()
    assert not ContractDocument.objects.exists() and stored_files() == []


def test_a_post_without_a_file_says_so(rows, personas, login):
    url = reverse("economy:contract_document_add", args=[rows["contract"].pk])
    response = login(personas.office).post(url, {"note": "x"}, follow=True)
    assert "请选择要上传的文件" in response.content.decode() and not ContractDocument.objects.exists()


def test_who_may_upload_and_who_may_download(rows, personas, login, client, world):
    secretary2 = f.UserFactory(username="sec2", role=Role.SECRETARY, scope_node=world.v2)
    row = rows["contract"]
    url = reverse("economy:contract_document_add", args=[row.pk])
    data = {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    expected = {"leader": 403, "county": 403, "grid": 403, "member": 403, "office2": 404}
    for who, status in expected.items():
        client.logout()
        data["file"].seek(0)
        assert login(getattr(personas, who)).post(url, data).status_code == status, who
    client.logout()
    assert login(secretary2).post(url, data).status_code == 404
    assert not ContractDocument.objects.exists()

    client.logout()
    upload(login(personas.secretary), "contract", row, "a.pdf", pdf_bytes())
    document = ContractDocument.objects.get()
    file_url = reverse("economy:contract_document", args=[document.pk])
    readers = {"office": 200, "leader": 200, "county": 200, "admin": 200, "grid": 403, "member": 403, "office2": 404}
    for who, status in readers.items():
        client.logout()
        assert login(getattr(personas, who)).get(file_url).status_code == status, who
    client.logout()
    assert login(secretary2).get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302  # to the login page

    client.logout()
    page = login(personas.leader).get(reverse("contracts_detail", args=[row.pk])).content.decode()
    assert file_url in page and 'id="document-form"' not in page  # leadership reads, uploads nothing


def test_the_detail_page_reads_its_documents_in_a_fixed_number_of_queries(rows, personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.office)
    row = rows["contract"]
    url = reverse("contracts_detail", args=[row.pk])
    counts = []
    for n in (1, 6):
        while ContractDocument.objects.count() < n:
            upload(client, "contract", row, f"{ContractDocument.objects.count()}.pdf", pdf_bytes())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 25, counts
