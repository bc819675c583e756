"""The question bank imports from xlsx; a question without an answer or with a key naming a missing
option is refused with its row and column, and nothing is saved."""

import pytest
import tablib

from core.imports import run_import
from core.registers import REGISTRY, get_register
from core.xlsx import write_dataset
from training.models import Question
from training.resources import QuestionResource

pytestmark = pytest.mark.django_db
HEADERS = QuestionResource().import_columns()


def sheet(rows):
    data = tablib.Dataset(headers=HEADERS)
    for row in rows:
        data.append([row.get(h, "") for h in HEADERS])
    return write_dataset(data)


def load(data, user):
    return run_import(get_register("questions"), data, "题库.xlsx", user=user, township=None, dry_run=False)


def row(**values):
    base = {"题号": "K1", "题型": "单选题", "题目": "网格长由谁担任？", "选项A": "书记", "选项B": "主任", "答案": "A"}
    base.update(values)
    return base


def test_the_bank_imports_and_round_trips(world, personas, login):
    assert "questions" in REGISTRY
    data = sheet([row(), row(**{"题号": "K2", "题型": "多选题", "选项C": "委员", "答案": "A,C"}),
                  row(**{"题号": "K3", "题型": "判断题", "选项A": "", "选项B": "", "答案": "对"})])  # fmt: skip
    report = run_import(
        get_register("questions"), data, "题库.xlsx", user=personas.office, township=None, dry_run=False
    )
    assert report.problems == [] and report.new == 3
    assert Question.objects.get(code="K2").answer == "AC" and Question.objects.get(code="K3").answer == "T"
    exported = login(personas.office).get("/r/questions/export/").content
    again = run_import(
        get_register("questions"), exported, "题库.xlsx", user=personas.office, township=None, dry_run=False
    )
    assert again.problems == [] and again.unchanged == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"答案": ""}, "没有正确答案"),
        ({"答案": "D"}, "不是已有选项"),
        ({"题型": "多选题", "答案": "AE"}, "不是已有选项"),
    ],
)
def test_bad_questions_are_refused_and_nothing_saved(values, message, world, personas):
    data = sheet([row(**{"题号": "OK1"}), row(**values)])
    report = run_import(
        get_register("questions"), data, "题库.xlsx", user=personas.office, township=None, dry_run=False
    )
    assert any(message in p.message for p in report.problems), report.problems
    assert Question.objects.count() == 0
