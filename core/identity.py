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
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

INVALID_ID_MESSAGE = "身份证号无效：请检查位数、出生日期、地区码和校验位"


def normalize_id(raw: str) -> str:
    return (raw or "").strip().replace(" ", "").upper()


@lru_cache(maxsize=4096)
def _region_valid(region: str, year: int) -> bool:
    """Whether a region code existed in a birth year (stdnum's table lookup, cached: it is slow)."""
    probe = f"{region}{year:04d}0101001"
    try:
        ric.get_birth_place(probe + "0")
    except stdnum_exceptions.ValidationError:
        return False
    return True


def validate_id_number(raw: str) -> str:
    """Return the normalised number or raise ValidationError with a Chinese message.

    The same checks as ``stdnum.cn.ric.validate`` (length, digits, birth date, region in its
    birth year, check digit) with the region lookup cached, since imports validate thousands.
    """
    value = normalize_id(raw)
    try:
        if len(value) != 18 or not value[:-1].isdigit():
            raise stdnum_exceptions.InvalidFormat()
        birth = ric.get_birth_date(value)
        if not _region_valid(value[:6], birth.year):
            raise stdnum_exceptions.InvalidComponent()
        if ric.calc_check_digit(value) != value[-1]:
            raise stdnum_exceptions.InvalidChecksum()
    except (stdnum_exceptions.ValidationError, ValueError) as exc:
        raise ValidationError(INVALID_ID_MESSAGE, code="invalid_id") from exc
    return value


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


def hmac_id(value: str) -> str:
    return hmac.new(_hmac_key(), normalize_id(value).encode(), hashlib.sha256).hexdigest()


def mask_id(value: str) -> str:
    """110101199001011234 -> 110101********1234."""
    if not value:
        return ""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"
