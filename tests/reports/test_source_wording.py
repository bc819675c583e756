"""The generated report against the source report itself (tests/reports/source_report.txt, a verbatim
copy of ../shared/seeds/000_e1dc0a3b0f6c6a88.txt): every paragraph of 一、主要做法及成效, the opening and
the closing read word for word as the source, each ``*`` filled with the hand-built township's
figure. The only other differences are the spans the source fixes but the data decides (DATA_SPANS,
from ../shared/DOMAIN.md and docs/guide/report.md): there the report follows the data.
"""

import re
from pathlib import Path

import pytest

from reports import sections, services
from tests.reports.test_figures import october

SOURCE = (Path(__file__).parent / "source_report.txt").read_text(encoding="utf-8")
GAP = "【暂无数据】"

# Spans of the source that the data writes (each becomes one filled place, like a ``*``).
DATA_SPANS = {
    "一": [
        "*月*日",
        "党政领导、*村党支部书记、驻村第一书记",
        "全县第一批实训基地小召村、*社区、*庄村、*村、县老干部综治办、县盲人曲艺队",
        "集中测试答题，",  # the quizzes of the period: how many, sheets, average score (training)
    ],
    "三": ["*、*等*个", "*、*两个", "两天"],  # names and count of the centres; days a week is a setting
    "六": ["八星级*个，七星级*个，六星级*个"],  # the levels that occur, highest first
    "七": ["*镇农村党员干部积分制管理办法", "*村、*村、*村"],  # the rule book's title; the pilot villages
    "八": ["苇水、九光、上郊", "资金注入、三资撬动、村企联建", "资金往来、合同签订及“三重一大”“四议两公开”"],
    "closing": ["**"],
}

# The filled places of each paragraph for the hand-built township's October (tests/reports/conftest.py),
# in order.
EXPECTED = {
    "opening": [],
    "二": ["2", "3", "2", "2", "1", "1", "1", "1", "2"],
    "一": [
        "2",
        "1",
        "3",
        "1",
        "集中测试答题2次，参与3人次，平均得分89分，",
        "10月26日",
        "党政领导、苇水村党支部书记、驻村第一书记",
        "小召村、南关社区、李家庄村、上郊村、县老干部综治办、县盲人曲艺队",
    ],
    "三": ["苇水村和九光村两个", "九光村一个", "12", "两天", "6", "1"],
    "四": ["2", "1", "1"],
    "五": ["2", "2", "1", "1", "2", "2", "3"],
    "六": ["2", "八星级1个，七星级1个", "2", "1", "0", "0", "1"],
    "七": ["东城镇农村党员干部积分制管理办法", "苇水村和九光村"],
    "八": [
        "苇水、九光",
        "资金注入、三资撬动",
        "1",
        "1",
        "1.24",
        "2.5",
        "资金往来、合同签订、“三重一大”、“四议两公开”",
        "4",
        "2",
        "40",
    ],
    "closing": ["东城", "东城", "东城"],
}
FOCUS_NUMBERS = "一二三四五六七八"


def source_paragraphs() -> dict[str, str]:
    lines = [line.strip() for line in SOURCE.splitlines() if line.strip()]
    found = {"opening": lines[0], "closing": next(line for line in lines if line.startswith("下一步"))}
    for line in lines:
        match = re.match(r"（([一二三四五六七八])）", line)
        if match:
            found[match.group(1)] = line
    return found


def pattern(key: str, paragraph: str) -> re.Pattern:
    for span in DATA_SPANS.get(key, []):
        assert span in paragraph, f"（{key}）: the source has no “{span}”"
        paragraph = paragraph.replace(span, "*")
    escaped = re.escape(paragraph).replace(r"\*", "(.+?)")
    return re.compile(escaped)


def landed(number: str) -> bool:
    return all(s.landed for s in sections.SECTIONS if s.number == number)


@pytest.fixture
def generated(township) -> dict[str, str]:
    lines = services.draft_document(october(township)).lines()
    found = {"opening": lines[1], "closing": lines[-1]}
    for line in lines:
        match = re.match(r"（([一二三四五六七八])）", line)
        if match:
            found[match.group(1)] = line
    return found


def test_the_source_has_every_paragraph_the_report_writes():
    assert set(source_paragraphs()) == {"opening", "closing", *FOCUS_NUMBERS}


@pytest.mark.parametrize("key", ["opening", *FOCUS_NUMBERS, "closing"])
def test_each_paragraph_reads_as_the_source_with_the_townships_figures(generated, key):
    source = source_paragraphs()[key]
    match = pattern(key, source).fullmatch(generated[key])
    assert match, f"（{key}）does not read as the source:\n{generated[key]}\n{source}"
    filled = list(match.groups())
    if key in EXPECTED or key in FOCUS_NUMBERS:
        expected = EXPECTED[key]
        assert len(filled) == len(expected)
        for got, want in zip(filled, expected, strict=True):
            assert got == want, f"（{key}）: {filled}"
    if key in FOCUS_NUMBERS and landed(key):
        assert GAP not in generated[key], f"（{key}）is landed but has a gap: {generated[key]}"
    assert "*" not in generated[key]
