"""Checking a visit photo before it is stored: size limit, magic bytes, and Pillow can read it.

The client's file name and content type are not trusted: the type comes from the first bytes
and is confirmed by Pillow decoding the image header.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError

PHOTO_TOO_LARGE = "照片过大：最大允许 {limit} MB，请压缩后再上传"
PHOTO_NOT_IMAGE = "上传的文件不是图片：仅支持 JPG、PNG、WEBP 格式的照片"
PHOTO_EMPTY = "照片文件为空"

# Magic bytes → (Pillow format, stored extension).
SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "PNG", "png"),
)
MAX_PIXELS = 60_000_000  # refuse decompression bombs well before Pillow's own limit


def _sniff(head: bytes) -> tuple[str, str] | None:
    for magic, fmt, ext in SIGNATURES:
        if head.startswith(magic):
            return fmt, ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP", "webp"
    return None


def check_photo(upload) -> str:
    """Validate an uploaded photo; return the extension to store it under or raise ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(PHOTO_TOO_LARGE.format(limit=max(1, limit // (1024 * 1024))), code="too_large")
    if upload.size == 0:
        raise ValidationError(PHOTO_EMPTY, code="empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    sniffed = _sniff(data[:16])
    if sniffed is None:
        raise ValidationError(PHOTO_NOT_IMAGE, code="not_image")
    fmt, ext = sniffed
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != fmt:
                raise ValidationError(PHOTO_NOT_IMAGE, code="not_image")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(PHOTO_NOT_IMAGE, code="not_image")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(PHOTO_NOT_IMAGE, code="not_image") from exc
    return ext
