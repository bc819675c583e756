"""Abstract building blocks shared by registers: ID numbers (pinyin columns: ``places.pinyin``)."""

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

    def set_id_number(self, raw: str) -> None:
        """Validate and set the number. Encryption waits for the write (``seal_id``), so a preview
        of thousands of imported rows does not pay for it."""
        value = identity.validate_id_number(raw)
        self._pending_id = value
        self.id_hmac = identity.hmac_id(value)
        self.id_masked = identity.mask_id(value)
        self.id_last4 = value[-4:]

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
