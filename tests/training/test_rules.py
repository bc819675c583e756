"""Grading and answer keys, without the database."""

import pytest

from training import rules
from training.choices import QuestionKind


@pytest.mark.parametrize(
    ("kind", "answer", "options", "key", "error"),
    [
        (QuestionKind.SINGLE, "b", 3, "B", None),
        (QuestionKind.MULTIPLE, "D、A，C", 4, "ACD", None),
        (QuestionKind.JUDGE, "对", 0, "T", None),
        (QuestionKind.JUDGE, "×", 0, "F", None),
        (QuestionKind.SINGLE, "", 3, "", rules.NO_ANSWER),
        (QuestionKind.SINGLE, "E", 4, "E", rules.OPTION_MISSING.format(letter="E", letters="A、B、C、D")),
        (QuestionKind.MULTIPLE, "AF", 4, "AF", rules.OPTION_MISSING.format(letter="F", letters="A、B、C、D")),
        (QuestionKind.SINGLE, "AB", 4, "AB", rules.SINGLE_ONE),
        (QuestionKind.MULTIPLE, "A", 4, "A", rules.MULTIPLE_TWO),
        (QuestionKind.JUDGE, "也许", 0, "也许", rules.JUDGE_ANSWER),
        (QuestionKind.SINGLE, "A", 1, "A", rules.TOO_FEW_OPTIONS),
    ],
)
def test_answer_keys(kind, answer, options, key, error):
    assert rules.normalize_key(kind, answer, options) == (key, error)


def test_grading_single_multiple_and_true_false_with_partial_answers_wrong():
    assert rules.grade("B", rules.given_key(QuestionKind.SINGLE, ["B"]))
    assert not rules.grade("B", rules.given_key(QuestionKind.SINGLE, ["C"]))
    assert rules.grade("ACD", rules.given_key(QuestionKind.MULTIPLE, ["D", "A", "C"]))
    assert not rules.grade("ACD", rules.given_key(QuestionKind.MULTIPLE, ["A", "C"]))  # partial: wrong
    assert not rules.grade("ACD", rules.given_key(QuestionKind.MULTIPLE, ["A", "B", "C", "D"]))  # one extra: wrong
    assert rules.grade("T", rules.given_key(QuestionKind.JUDGE, ["T"]))
    assert not rules.grade("T", rules.given_key(QuestionKind.JUDGE, []))  # no answer
    assert rules.given_key(QuestionKind.JUDGE, ["T", "F"]) == ""
    assert (rules.score(2, 3), rules.score(0, 0)) == (67, 0)
