"""The ID-number rule (core.idnumbers): real-shaped numbers are accepted, each refusal names its check."""

import datetime

import pytest

from core import idnumbers

TODAY = datetime.date(2026, 12, 1)

# Real-shaped numbers: right length, characters, birth date and check digit, a province code.
# The comment says what stdnum.cn.ric (the old rule) made of each.
ACCEPTED = [
    ("140522197208051228", "1972-08-05", "F"),  # the issue's number: 阳城县's 1985 code, born 1972 (old: refused)
    ("142526199003120038", "1990-03-12", "M"),  # 阳城县's pre-1985 code on a card of someone born 1990 (old: refused)
    ("14052219720805009X", "1972-08-05", "M"),  # X check digit, current code, born before it existed (old: refused)
    ("14252619680512001X", "1968-05-12", "M"),  # X check digit, historic code in force at birth
    ("110104197506110046", "1975-06-11", "F"),  # 宣武区, merged into 西城区 in 2010
    ("140581196001010512", "1960-01-01", "M"),  # 高平市 (from 1993), born 1960 (old: refused)
    ("460106197007040322", "1970-07-04", "F"),  # 海南省 (from 1988), born 1970 (old: refused)
    ("500101196509230026", "1965-09-23", "F"),  # 重庆市 (from 1997), born 1965 (old: refused)
    ("14052219880229004X", "1988-02-29", "F"),  # a leap day
    ("370102200002290063", "2000-02-29", "F"),  # 2000 is a leap year
    ("810000198510120035", "1985-10-12", "M"),  # 港澳台居民居住证: 香港 (old: refused)
    ("830000197901010027", "1979-01-01", "F"),  # 港澳台居民居住证: 台湾 (old: refused)
    ("140599198001010013", "1980-01-01", "M"),  # a county code no table knows: accepted, noted
    (" 14252619680512001x ", "1968-05-12", "M"),  # spaces and a lower-case x from a spreadsheet
]


@pytest.mark.parametrize(("raw", "birth", "gender"), ACCEPTED)
def test_real_shaped_numbers_are_accepted_with_birth_date_and_gender(raw, birth, gender):
    number = idnumbers.parse(raw, today=TODAY)
    assert number.value == raw.strip().upper()
    assert number.birth_date.isoformat() == birth
    assert number.gender == gender


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("14052219720805122", "应为18位，现为17位"),
        ("1405221972080512281", "应为18位，现为19位"),
        ("140522720805122", "应为18位，现为15位：第一代15位身份证号已于2013年停用，请填写第二代18位号码"),
        ("1405221972O8051228", "第11位“O”不是数字（只有最后一位可以是 X）"),
        ("14052219720805122Y", "第18位“Y”不是数字（只有最后一位可以是 X）"),
        ("140522197213450010", "出生日期 19721345 不存在"),
        ("140522190002290017", "出生日期 19000229 不存在"),  # 1900 was not a leap year
        ("140522189912310011", "出生日期 18991231 早于1900年"),
        ("140522202701010016", "出生日期 20270101 晚于今天"),
        ("140522197208051227", "校验位应为 8"),
        ("14052219720805009 1", "校验位应为 X"),  # a stray space is dropped; the digit is wrong
        ("990522197208051220", "前两位 99 不是省级行政区代码"),
        ("", "请填写身份证号"),
    ],
)
def test_each_refusal_names_the_check_that_failed(raw, message):
    with pytest.raises(idnumbers.IdNumberError) as caught:
        idnumbers.parse(raw, today=TODAY)
    assert str(caught.value) == message


def test_historic_and_unknown_county_codes_are_noted_not_refused():
    historic = idnumbers.parse("142526199003120038", today=TODAY)
    assert idnumbers.region_note(historic) == "地区码 142526 是阳城县的旧代码（1985年停用，已接受）"
    unknown = idnumbers.parse("140599198001010013", today=TODAY)
    assert idnumbers.region_note(unknown) == "地区码 140599 不在行政区划代码表中（已接受，请核对）"
    current = idnumbers.parse("140522197208051228", today=TODAY)
    assert idnumbers.region_note(current) == ""


def test_a_masked_number_is_recognised_and_masking_keeps_six_and_four():
    assert idnumbers.mask("140522197208051228") == "140522********1228"
    assert idnumbers.is_masked("140522********1228")
    assert idnumbers.is_masked("142526********001x")
    assert not idnumbers.is_masked("140522197208051228")
    assert not idnumbers.is_masked("140522****1228")


def test_the_gender_in_a_sheet_must_agree_with_the_number():
    number = idnumbers.parse("140522197208051228", today=TODAY)  # 17th digit 2: female
    assert idnumbers.gender_problem("F", number) == ""
    assert idnumbers.gender_problem("", number) == ""
    assert idnumbers.gender_problem("M", number) == "性别“男”与身份证号不符：身份证号第17位表示“女”"


def test_the_check_digit_is_iso_7064_mod_11_2():
    assert idnumbers.check_digit("11010519491231002") == "X"
    assert idnumbers.check_digit("14052219720805122") == "8"
