"""The four key points' rules as pure functions (no database): amounts as sheets write them,
weak villages, progress, a claim's state, the report's "M余条"."""

from decimal import ROUND_DOWN, Decimal, InvalidOperation

from economy.choices import ClaimStatus

CENT = Decimal("0.01")
TEN_THOUSAND = Decimal("10000")
WAN = "wan"
YUAN = "yuan"
UNIT_LABEL = {WAN: "万元", YUAN: "元"}

NOT_A_NUMBER = "金额“{value}”不是数字"
NEGATIVE = "金额不能为负数"
TOO_MANY_DECIMALS = "以{unit}填写的金额最多保留两位小数，现为“{value}”"
NOT_WHOLE_WAN = "{value}元折合万元超过两位小数：请改用万元列填写（两位小数），或核对金额"


def read_decimal(value) -> Decimal | None:
    """A number as a sheet or a form gives it (Decimal, int, float from Excel, text with thousands
    separators or a trailing 元/万元); None for an empty cell. Floats are read at Excel's 15 digits,
    so 12.3 is 12.3, not 12.300000000000000711."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER.format(value=value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(format(value, ".15g"))
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    for suffix in ("万元", "元"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(NOT_A_NUMBER.format(value=value)) from None
    if not number.is_finite():
        raise ValueError(NOT_A_NUMBER.format(value=value))
    return number


def decimals(value: Decimal) -> int:
    """How many decimals a number really has (12.50 has one, 12 none)."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def amount_in(value, *, written: str, stored: str, negative: bool = False) -> Decimal | None:
    """An amount written in ``written`` units (万元 or 元, at most two decimals), in ``stored`` units
    with two decimals. Refused (ValueError, Chinese): not a number, negative, more than two
    decimals, or 元 that make more than two decimals of 万元 when 万元 is stored."""
    number = read_decimal(value)
    if number is None:
        return None
    if number < 0 and not negative:
        raise ValueError(NEGATIVE)
    if decimals(number) > 2:
        raise ValueError(TOO_MANY_DECIMALS.format(unit=UNIT_LABEL[written], value=value))
    if written == stored:
        result = number
    elif written == WAN:  # 万元 → 元: always exact
        result = number * TEN_THOUSAND
    else:  # 元 → 万元
        result = number / TEN_THOUSAND
        if decimals(result) > 2:
            raise ValueError(NOT_WHOLE_WAN.format(value=value))
    return result.quantize(CENT)


def yuan_to_wan(amount: Decimal | None) -> Decimal | None:
    """元 → 万元, exact (up to six decimals); the report rounds when it writes it."""
    if amount is None:
        return None
    return (Decimal(amount) / TEN_THOUSAND).normalize() if amount else Decimal("0")


def income_basis(actual: Decimal | None, last_year: Decimal | None) -> Decimal | None:
    """What a village's income is judged by: this year's actual, or last year's while not reported."""
    return actual if actual is not None else last_year


def is_weak(actual: Decimal | None, last_year: Decimal | None, line: Decimal) -> bool:
    """A 薄弱村: its income (``income_basis``) below the township's line; no figure at all counts as weak."""
    basis = income_basis(actual, last_year)
    return basis is None or basis < line


def progress(actual: Decimal | None, target: Decimal | None) -> int:
    """Percent of the target reached, rounded down, 0 without a target or an actual."""
    if not target or actual is None or target <= 0:
        return 0
    return int((Decimal(actual) * 100 / Decimal(target)).to_integral_value(rounding=ROUND_DOWN))


def claim_status(amount: Decimal, settled: Decimal) -> str:
    if settled <= 0:
        return ClaimStatus.OPEN
    if settled >= amount:
        return ClaimStatus.SETTLED
    return ClaimStatus.PARTLY


def short_village_name(name: str) -> str:
    """苇水村 → 苇水 (the report writes "推广苇水、九光、上郊等村成功经验")."""
    return name[:-1] if len(name) > 1 and name.endswith("村") else name
