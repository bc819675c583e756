"""The rule for ID-card numbers (身份证号), as pure functions: no database, no settings.

A number is accepted when its length, characters, province code, birth date and check digit are
right (GB 11643-1999). The county code (digits 3–6) is *not* checked against the codes in force on
the holder's birth date, as ``stdnum.cn.ric`` does: a number keeps the code in force when it was
issued, so a resident of 阳城县 born in 1972 holds ``142526…`` or ``140522…`` depending on when the
card was made, and both are real (python-stdnum issue #442). An unknown or historic county code is
only *noted* (``region_note``) for the import preview, never refused.

First-generation 15-digit numbers are refused with a message saying so: they were withdrawn on
2013-01-01, and converting one by rule (insert "19", recompute the check digit) gives a number the
holder may not have, since many second-generation cards carry a newer county code. See
docs/decisions/0008-id-numbers.md.

Every refusal raises ``IdNumberError`` whose message names the check that failed, in the form the
import error machinery prefixes with "第5行“身份证号”列：".
"""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

CHINA = datetime.timezone(datetime.timedelta(hours=8))
LENGTH = 18
MIN_BIRTH_YEAR = 1900
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_DIGITS = "10X98765432"

# Province-level codes (GB/T 2260), plus 83 for the residence permits of Taiwan residents
# (港澳台居民居住证 use 81, 82 and 83).
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区", "83": "台湾地区（居住证）",
}  # fmt: skip

REQUIRED = "请填写身份证号"
WRONG_LENGTH = "应为18位，现为{length}位"
FIRST_GENERATION = "应为18位，现为15位：第一代15位身份证号已于2013年停用，请填写第二代18位号码"
BAD_CHARACTER = "第{position}位“{char}”不是数字（只有最后一位可以是 X）"
BAD_PROVINCE = "前两位 {code} 不是省级行政区代码"
NO_SUCH_DATE = "出生日期 {digits} 不存在"
FUTURE_DATE = "出生日期 {digits} 晚于今天"
TOO_EARLY = "出生日期 {digits} 早于1900年"
BAD_CHECK_DIGIT = "校验位应为 {expected}"
MASKED_UNKNOWN = "身份证号 {masked} 已打码，且不是该行已有记录的号码：新增或修改号码时请填写完整的18位号码"

GENDER_MISMATCH = "性别“{given}”与身份证号不符：身份证号第17位表示“{expected}”"
GENDER_LABELS = {"M": "男", "F": "女"}

MASK_RE = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")


class IdNumberError(ValueError):
    """A number refused; ``str(error)`` is the Chinese message naming the failed check."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return self.message


@dataclass(frozen=True)
class IdNumber:
    """An accepted number and what it answers: birth date, gender ("M"/"F") and region."""

    value: str
    birth_date: datetime.date
    gender: str
    province: str

    @property
    def region(self) -> str:
        return self.value[:6]


def normalize(raw) -> str:
    """Strip spaces (also full-width ones) and upper-case a final x."""
    text = "" if raw is None else str(raw)
    return text.replace(" ", "").replace("\u3000", "").strip().upper()


def check_digit(body17: str) -> str:
    """The 18th character for 17 digits (ISO 7064 MOD 11-2)."""
    return CHECK_DIGITS[sum(int(d) * w for d, w in zip(body17, WEIGHTS, strict=True)) % 11]


def is_masked(raw) -> bool:
    """Whether the text is a masked number as this app exports it (140522********1228)."""
    return bool(MASK_RE.match(normalize(raw)))


def mask(value: str) -> str:
    """110101199001011234 -> 110101********1234."""
    if not value:
        return ""
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def parse(raw, today: datetime.date | None = None) -> IdNumber:
    """Return the accepted number with what it answers, or raise ``IdNumberError``."""
    value = normalize(raw)
    if not value:
        raise IdNumberError(REQUIRED, "required")
    if len(value) == 15 and value.isdigit():
        raise IdNumberError(FIRST_GENERATION, "first_generation")
    if len(value) != LENGTH:
        raise IdNumberError(WRONG_LENGTH.format(length=len(value)), "length")
    for position, char in enumerate(value[:-1], start=1):
        if not char.isdigit() or not char.isascii():
            raise IdNumberError(BAD_CHARACTER.format(position=position, char=char), "characters")
    if not (value[-1].isdigit() and value[-1].isascii()) and value[-1] != "X":
        raise IdNumberError(BAD_CHARACTER.format(position=LENGTH, char=value[-1]), "characters")
    province = PROVINCES.get(value[:2])
    if province is None:
        raise IdNumberError(BAD_PROVINCE.format(code=value[:2]), "province")
    digits = value[6:14]
    try:
        birth = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(NO_SUCH_DATE.format(digits=digits), "birth_date") from None
    if birth.year < MIN_BIRTH_YEAR:
        raise IdNumberError(TOO_EARLY.format(digits=digits), "birth_date")
    if birth > (today or datetime.datetime.now(tz=CHINA).date()):
        raise IdNumberError(FUTURE_DATE.format(digits=digits), "birth_date")
    expected = check_digit(value[:17])
    if value[-1] != expected:
        raise IdNumberError(BAD_CHECK_DIGIT.format(expected=expected), "check_digit")
    gender = "M" if int(value[16]) % 2 else "F"
    return IdNumber(value=value, birth_date=birth, gender=gender, province=province)


def gender_problem(given: str, number: IdNumber) -> str:
    """The message when a sheet's or form's gender ("M"/"F") contradicts the number, else ""."""
    if given and given != number.gender:
        return GENDER_MISMATCH.format(given=GENDER_LABELS.get(given, given), expected=GENDER_LABELS[number.gender])
    return ""


@lru_cache(maxsize=4096)
def _county_entries(region: str) -> tuple[tuple[str, int | None, int | None], ...]:
    """(name, first year, last year) of every county that has used this code (stdnum's table)."""
    from stdnum import numdb

    entries = []
    for _part, props in numdb.get("cn/loc").info(region):
        for county in props.get("county", "").split(","):
            if not county:
                continue
            if county.startswith("["):
                span, name = county[1:].split("]", 1)
                start, end = span.split("-")
                entries.append((name, int(start) if start else None, int(end) if end else None))
            else:
                entries.append((county, None, None))
    return tuple(entries)


def region_note(number: IdNumber) -> str:
    """A remark for the import preview when the county code is unknown or no longer in use.

    Returns "" for a code in use today. Never a reason to refuse the number.
    """
    if number.province and number.region[2:] == "0000":
        return ""
    entries = _county_entries(number.region)
    if not entries:
        return f"地区码 {number.region} 不在行政区划代码表中（已接受，请核对）"
    if any(end is None for _name, _start, end in entries):
        return ""
    name, _start, end = max(entries, key=lambda e: e[2] or 0)
    return f"地区码 {number.region} 是{name}的旧代码（{end}年停用，已接受）"
