"""What a criterion's evidence may be: the one upload policy of this app (checked by ``core.uploads``:
extension, magic bytes, zip structure of Office files, size)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

try:
    from core.uploads import UploadPolicy, UploadRejected, check_upload, validation_error
except ImportError:  # pragma: no cover - until issue 9's core.uploads is on main (then this goes)
    UploadPolicy = None

EVIDENCE = (
    UploadPolicy(noun="佐证材料", kinds=("pdf", "jpg", "png", "docx", "xlsx")) if UploadPolicy is not None else None
)


@dataclass
class Checked:
    name: str
    data: bytes
    kind: str


def check_evidence(upload, field: str = "evidence"):
    """The checked file (``name``, ``data``, ``kind``), or ValidationError on ``field`` with the reason."""
    if EVIDENCE is None:  # pragma: no cover
        from issues.services import _read_upload

        try:
            name, data, kind = _read_upload(upload)
        except ValidationError as exc:
            raise ValidationError({field: exc.message_dict["evidence"]}) from exc
        upload.seek(0)
        return Checked(name, data, kind)
    try:
        return check_upload(upload, EVIDENCE)
    except UploadRejected as exc:
        raise validation_error(exc, field) from exc
