"""Checking an uploaded file before it is stored or opened: the one helper for photos, evidence files
and spreadsheets.

The client's file name and content type are not trusted. A file is accepted when it is not empty,
within the size limit, of an accepted kind, and its first bytes are that kind's signature ("magic");
an Office file must also open as a zip holding its kind's folder, within entry-count (and, for
spreadsheets, unpacked-size and compression-ratio) limits, and a photo must decode (Pillow) within a
pixel limit. Each app declares what it accepts once, as an ``UploadPolicy``::

    PHOTO = UploadPolicy(noun="照片", kinds=("jpg", "png", "webp"), by_content=True, decode_images=True)
    kind = check_upload(upload, PHOTO).kind        # UploadRejected(message); validation_error(exc, "photo")
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileKind:
    name: str  # stored extension: "jpg"
    extensions: tuple[str, ...]
    label: str  # shown in messages: "JPG"
    magic: tuple[bytes, ...] = ()
    office_folder: str = ""  # a .docx must hold word/, an .xlsx xl/
    image_format: str = ""  # Pillow's name, for images

    def matches(self, head: bytes) -> bool:
        if self.name == "webp":
            return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
        return any(head.startswith(m) for m in self.magic)


ZIP_MAGIC = b"PK\x03\x04"
KINDS = {
    k.name: k
    for k in (
        FileKind("jpg", (".jpg", ".jpeg"), "JPG", (b"\xff\xd8\xff",), image_format="JPEG"),
        FileKind("png", (".png",), "PNG", (b"\x89PNG\r\n\x1a\n",), image_format="PNG"),
        FileKind("webp", (".webp",), "WEBP", image_format="WEBP"),
        FileKind("pdf", (".pdf",), "PDF", (b"%PDF-",)),
        FileKind("docx", (".docx",), "Word（.docx）", (ZIP_MAGIC,), office_folder="word/"),
        FileKind("xlsx", (".xlsx",), "Excel（.xlsx）", (ZIP_MAGIC,), office_folder="xl/"),
    )
}
MAX_PIXELS = 60_000_000  # refuse decompression bombs well before Pillow's own limit
OFFICE_MAX_ENTRIES = 5000

EMPTY = "{noun}为空"
TOO_LARGE = "{noun}过大：最大允许 {limit} MB{hint}"
BAD_CONTENT = "{noun}内容与扩展名不符或已损坏，已拒绝"
ZIP_TOO_MANY = "文件结构异常（内部条目过多），已拒绝"
ZIP_TOO_BIG = "文件解压后过大，已拒绝"
ZIP_RATIO = "文件压缩比异常，可能是恶意文件，已拒绝"


class UploadRejected(ValueError):
    """A file that must not be stored or opened; the message is for the user."""


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload accepts, and how its messages name it."""

    noun: str  # "照片", "佐证材料", "文件"
    kinds: tuple[str, ...]
    #: the kind comes from the content (photos: any name), else from the extension, checked against the content
    by_content: bool = False
    max_bytes_setting: str = "UPLOAD_MAX_BYTES"
    too_large_hint: str = ""
    #: messages that differ from the generated ones (e.g. what a bad extension should say)
    bad_kind: str = ""
    empty: str = ""
    bad_content: str = ""
    #: spreadsheets: refuse a zip that unpacks too big or too compressed (settings XLSX_MAX_*)
    zip_limits: bool = False
    #: photos: an image must also decode (Pillow), within MAX_PIXELS
    decode_images: bool = False

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)

    @property
    def bad_kind_message(self) -> str:
        if self.bad_kind:
            return self.bad_kind
        labels = [KINDS[k].label for k in self.kinds]
        return f"{self.noun}只能是 {'、'.join(labels)} 文件"

    @property
    def empty_message(self) -> str:
        return self.empty or EMPTY.format(noun=self.noun)

    @property
    def bad_content_message(self) -> str:
        return self.bad_content or (self.bad_kind_message if self.by_content else BAD_CONTENT.format(noun=self.noun))

    def too_large_message(self, max_bytes=None) -> str:
        limit = max(1, (max_bytes or self.max_bytes) // (1024 * 1024))
        return TOO_LARGE.format(noun=self.noun, limit=limit, hint=self.too_large_hint)


@dataclass
class CheckedUpload:
    name: str
    data: bytes
    kind: str


def _kind_by_name(name: str, policy: UploadPolicy) -> FileKind | None:
    lowered = (name or "").lower()
    for key in policy.kinds:
        if lowered.endswith(KINDS[key].extensions):
            return KINDS[key]
    return None


def _check_zip(data: bytes, kind: FileKind, policy: UploadPolicy) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadRejected(policy.bad_content_message) from exc
    limit = settings.XLSX_MAX_ENTRIES if policy.zip_limits else OFFICE_MAX_ENTRIES
    if len(entries) > limit:
        raise UploadRejected(ZIP_TOO_MANY if policy.zip_limits else policy.bad_content_message)
    if policy.zip_limits:
        unpacked = sum(e.file_size for e in entries)
        if unpacked > settings.XLSX_MAX_UNPACKED_BYTES:
            raise UploadRejected(ZIP_TOO_BIG)
        packed = sum(e.compress_size for e in entries) or 1
        if unpacked / packed > settings.XLSX_MAX_RATIO:
            raise UploadRejected(ZIP_RATIO)
    names = {e.filename for e in entries}
    if "[Content_Types].xml" not in names and policy.zip_limits:
        raise UploadRejected(policy.bad_content_message)
    if not any(n.startswith(kind.office_folder) for n in names):
        raise UploadRejected(policy.bad_content_message)


def _check_image(data: bytes, kind: FileKind, policy: UploadPolicy) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind.image_format:
                raise UploadRejected(policy.bad_content_message)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UploadRejected(policy.bad_content_message)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise UploadRejected(policy.bad_content_message) from exc


def check_file(name: str, data: bytes, policy: UploadPolicy, *, max_bytes: int | None = None) -> str:
    """The kind of a safe file (``"jpg"``, ``"pdf"``, …), or UploadRejected with a Chinese message."""
    max_bytes = max_bytes or policy.max_bytes
    if not data:
        raise UploadRejected(policy.empty_message)
    if len(data) > max_bytes:
        raise UploadRejected(policy.too_large_message(max_bytes))
    head = data[:16]
    if policy.by_content:
        kind = next((KINDS[k] for k in policy.kinds if KINDS[k].matches(head)), None)
        if kind is None:
            raise UploadRejected(policy.bad_kind_message)
    else:
        kind = _kind_by_name(name, policy)
        if kind is None:
            raise UploadRejected(policy.bad_kind_message)
        if not kind.matches(head):
            raise UploadRejected(policy.bad_content_message)
    if kind.office_folder:
        _check_zip(data, kind, policy)
    if kind.image_format and policy.decode_images:
        _check_image(data, kind, policy)
    return kind.name


def check_upload(upload, policy: UploadPolicy) -> CheckedUpload:
    """Read an uploaded file (at most the limit + 1 bytes) and check it; the file is left rewound."""
    if upload.size and upload.size > policy.max_bytes:
        raise UploadRejected(policy.too_large_message())
    upload.seek(0)
    data = upload.read(policy.max_bytes + 1)
    upload.seek(0)
    return CheckedUpload(upload.name or "", data, check_file(upload.name or "", data, policy))


def validation_error(exc: UploadRejected, field: str | None = None) -> ValidationError:
    """The rejection as a ValidationError on ``field`` (or the form), for services and forms."""
    return ValidationError({field: str(exc)}) if field else ValidationError(str(exc))
