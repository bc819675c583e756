"""ID-card numbers (身份证号): validation, encryption, keyed hashing and masking.

A plain hash of an ID number is brute-forced in minutes (the space is small), so uniqueness and
look-up use an HMAC under a secret key, and the number itself is stored encrypted. The full number
is never logged; pages show the masked form and revealing it is a permission that is logged.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from core import idnumbers


def normalize_id(raw: str) -> str:
    return idnumbers.normalize(raw)


def parse_id_number(raw: str, today=None) -> idnumbers.IdNumber:
    """The number with its birth date and gender, or ValidationError naming the failed check.
    ``today`` (default: the local date) may be passed by a caller checking many numbers."""
    try:
        return idnumbers.parse(raw, today=today or timezone.localdate())
    except idnumbers.IdNumberError as exc:
        raise ValidationError(exc.message, code=f"id_{exc.code}") from exc


def validate_id_number(raw: str) -> str:
    """Return the normalised number or raise ValidationError (rule: ``core.idnumbers``)."""
    return parse_id_number(raw).value


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    # Settings refuse to start without the key (production) or supply the development one.
    return Fernet(key.encode())


def _hmac_key() -> bytes:
    return settings.ID_HMAC_KEY.encode()


def encrypt_id(value: str) -> str:
    return _fernet(settings.ID_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt_id(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(settings.ID_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt a file's content with the ID-number key (import previews hold ID numbers)."""
    return _fernet(settings.ID_ENCRYPTION_KEY).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """The content ``encrypt_bytes`` encrypted; b"" when it cannot be decrypted."""
    try:
        return _fernet(settings.ID_ENCRYPTION_KEY).decrypt(token)
    except InvalidToken:
        return b""


def hmac_id(value: str) -> str:
    return hmac.new(_hmac_key(), normalize_id(value).encode(), hashlib.sha256).hexdigest()


def mask_id(value: str) -> str:
    """110101199001011234 -> 110101********1234."""
    return idnumbers.mask(value)
