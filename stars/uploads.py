"""What a criterion's evidence may be: the one upload policy of this app, checked by ``core.uploads``
(extension, magic bytes, the zip structure of Office files, size)."""

from core.uploads import UploadPolicy, UploadRejected, check_upload, validation_error

EVIDENCE = UploadPolicy(noun="佐证材料", kinds=("pdf", "jpg", "png", "docx", "xlsx"))


def check_evidence(upload, field: str = "evidence"):
    """The checked file (``name``, ``data``, ``kind``), or ValidationError on ``field`` with the reason."""
    try:
        return check_upload(upload, EVIDENCE)
    except UploadRejected as exc:
        raise validation_error(exc, field) from exc
