"""Import previews kept between "upload and preview" and "confirm": encrypted, owner-only, short-lived.

An uploaded sheet holds full ID numbers. It is stored in ``core.ImportPreview`` encrypted with the
app's key (never as a plaintext file), read back only by the user who uploaded it, and deleted on
apply, on cancel, and after ``MAX_AGE`` by the daily beat job (``core.tasks.purge_import_previews``).
"""

import datetime
import secrets
import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from core import identity
from core.models import ImportPreview

MAX_AGE = datetime.timedelta(days=1)
EXPIRED = "导入预览已失效（已确认、已取消或超过一天），请重新上传文件"


def preview_store(*, user, register: str, township, filename: str, data: bytes) -> str:
    """Keep an uploaded file encrypted; return the token the confirm form carries."""
    token = secrets.token_urlsafe(24)
    ImportPreview.objects.create(
        token=token,
        user=user,
        register=register,
        township=township,
        filename=filename[:200],
        data_encrypted=identity.encrypt_bytes(data),
    )
    return token


def preview_read(*, user, register: str, token: str):
    """The (data, township, filename) of the user's preview, kept; None when it is gone."""
    preview = (
        ImportPreview.objects.select_related("township")
        .filter(token=token or "", user=user, register=register, created_at__gte=timezone.now() - MAX_AGE)
        .first()
    )
    if preview is None:
        return None
    return identity.decrypt_bytes(bytes(preview.data_encrypted)), preview.township, preview.filename


def preview_take(*, user, register: str, token: str):
    """The (data, township, filename) of the user's preview, deleting it; None when it is gone.

    Taken once: applying deletes it whether the import then succeeds or not."""
    preview = (
        ImportPreview.objects.select_related("township")
        .filter(token=token or "", user=user, register=register, created_at__gte=timezone.now() - MAX_AGE)
        .first()
    )
    if preview is None:
        return None
    ImportPreview.objects.filter(pk=preview.pk).delete()
    return identity.decrypt_bytes(bytes(preview.data_encrypted)), preview.township, preview.filename


def preview_discard(*, user, register: str, token: str) -> int:
    """Cancel: delete the user's preview (and any of theirs for the same register)."""
    deleted, _ = ImportPreview.objects.filter(user=user, register=register).delete()
    return deleted


def previews_purge(now=None) -> int:
    """Delete every preview older than ``MAX_AGE``, and any plaintext upload an older version of
    the app left under MEDIA_ROOT/imports. Returns the number of previews deleted."""
    now = now or timezone.now()
    deleted, _ = ImportPreview.objects.filter(created_at__lt=now - MAX_AGE).delete()
    legacy = Path(settings.MEDIA_ROOT) / "imports"
    if legacy.is_dir():
        shutil.rmtree(legacy, ignore_errors=True)
    return deleted
