"""Evidence files of a ledger entry (佐证材料): stored under a random name, served only through a view
that applies the entry's access rules.

A ledger declares its evidence model on this base, with a foreign key to its entry::

    class RiskEvidence(EvidenceFile):
        entry_field = "risk"
        evidence_dir = "township/evidence"
        risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="evidence")

Files are checked first (``core.uploads.check_upload`` with the ledger's ``UploadPolicy``), then
stored with ``evidence_store`` and served by ``core.files.file_response(request, evidence,
**evidence_download(evidence))`` after the access layer allows it.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models


class EvidenceKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPG = "jpg", "JPG 图片"
    PNG = "png", "PNG 图片"
    DOCX = "docx", "Word 文档"
    XLSX = "xlsx", "Excel 表格"


CONTENT_TYPES = {
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.JPG: "image/jpeg",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
INLINE_KINDS = (EvidenceKind.JPG, EvidenceKind.PNG)


def evidence_upload_to(instance, filename):
    # Never use the uploaded name in the path; it is kept in original_name for display.
    suffix = PurePosixPath(filename).suffix.lower()
    township_id = getattr(instance, instance.entry_field).township_id
    return f"{instance.evidence_dir}/{township_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """One evidence file of a ledger entry (a photo, a scan, a document)."""

    file = models.FileField("文件", upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=8, choices=EvidenceKind.choices)
    size = models.PositiveIntegerField("大小（字节）")
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    #: the name of the foreign key to the entry (not ``owner_field``: that is the access layer's
    #: path to a party member's own rows), and the folder under MEDIA_ROOT
    entry_field = "entry"
    evidence_dir = "evidence"

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


def evidence_store(model, entry, checked, *, user, note: str = "") -> list:
    """Store checked uploads (``core.uploads.CheckedUpload``) as evidence of ``entry``; call inside the
    transaction that saves the entry, so a failure leaves no row behind."""
    stored = []
    for upload in checked:
        evidence = model(
            **{model.entry_field: entry},
            original_name=upload.name[-200:],
            kind=upload.kind,
            size=len(upload.data),
            note=note[:200],
            uploaded_by=user,
        )
        evidence._history_user = user
        evidence.file.save(upload.name, ContentFile(upload.data), save=False)
        evidence.save()
        stored.append(evidence)
    return stored


def evidence_download(evidence) -> dict:
    """How an evidence file is sent (``core.files.file_response(request, evidence, **evidence_download(evidence))``,
    which asks the access layer first): under its original name, typed by its checked kind, pictures inline."""
    return {
        "filename": evidence.original_name,
        "inline": evidence.kind in INLINE_KINDS,
        "content_type": CONTENT_TYPES.get(evidence.kind, "application/octet-stream"),
    }
