"""Building blocks shared by registers: ID numbers (pinyin columns: ``places.pinyin``) and import previews."""

from django.conf import settings
from django.db import models

from core import identity


class IdentityMixin(models.Model):
    """An ID-card number held encrypted, with a keyed HMAC for uniqueness and a masked copy.

    Set it with ``set_id_number``; read it with ``id_number`` (decrypts; call only for users
    allowed to reveal, and log the reveal).
    """

    id_encrypted = models.TextField("身份证号（加密）", editable=False, blank=True)
    id_hmac = models.CharField("身份证号摘要", max_length=64, editable=False, db_index=True)
    id_masked = models.CharField("身份证号", max_length=18, editable=False)
    id_last4 = models.CharField("身份证号后四位", max_length=4, editable=False, db_index=True)

    class Meta:
        abstract = True

    def set_id_number(self, raw: str):
        """Validate and set the number; return what it answers (``core.idnumbers.IdNumber``:
        birth date, gender). Encryption waits for the write (``seal_id``), so a preview of
        thousands of imported rows does not pay for it."""
        number = identity.parse_id_number(raw)
        value = number.value
        self._pending_id = value
        self.id_hmac = identity.hmac_id(value)
        self.id_masked = identity.mask_id(value)
        self.id_last4 = value[-4:]
        return number

    def seal_id(self) -> None:
        """Encrypt a number set since the last write; bulk writers call this before writing."""
        pending = getattr(self, "_pending_id", None)
        if pending:
            self.id_encrypted = identity.encrypt_id(pending)
            self._pending_id = None

    def save(self, *args, **kwargs):
        self.seal_id()
        super().save(*args, **kwargs)

    @property
    def id_number(self) -> str:
        return getattr(self, "_pending_id", None) or identity.decrypt_id(self.id_encrypted)


class ImportPreview(models.Model):
    """An uploaded spreadsheet whose preview waits for the user's confirmation.

    The file holds full ID numbers, so it is kept only here, encrypted with the app's key
    (``ID_ENCRYPTION_KEY``, Fernet): no plaintext copy rests on disk. Only its owner can apply or
    cancel it; it is deleted on apply, on cancel, and by the daily ``core.tasks.purge_import_previews``
    once older than a day (``core.previews``).
    """

    token = models.CharField("凭据", max_length=43, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.CASCADE)
    register = models.CharField("台账", max_length=40)
    township = models.ForeignKey("places.Area", verbose_name="乡镇", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("文件名", max_length=200)
    data_encrypted = models.BinaryField("文件（加密）")
    created_at = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "导入预览"
        verbose_name_plural = "导入预览"

    def __str__(self):
        return f"{self.register} {self.filename}"
