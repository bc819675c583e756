"""The quiz rules, pure (no database): answer keys, grading and scores.

A key is stored as the letters of the right options in order ("B", "ACD") for choice questions and
T or F for true/false ones. A member's answer is graded right only when it equals the key exactly:
a multiple-choice answer missing one right option, or naming one wrong one, is wrong (no partial marks).
"""

from training.choices import FALSE, JUDGE_LABELS, TRUE, QuestionKind

LETTERS = "ABCDEF"
NO_ANSWER = "题目没有正确答案"
OPTION_MISSING = "答案中的“{letter}”不是已有选项（本题选项为 {letters}）"
SINGLE_ONE = "单选题的答案只能是一个选项"
MULTIPLE_TWO = "多选题的答案应至少包含两个选项"
JUDGE_ANSWER = "判断题的答案应为“对”或“错”"
TOO_FEW_OPTIONS = "选择题至少需要两个选项"
JUDGE_NO_OPTIONS = "判断题不需要填写选项"
NO_TEXT = "请填写题目"

JUDGE_INPUT = {"对": TRUE, "正确": TRUE, "√": TRUE, "T": TRUE, "是": TRUE, "错": FALSE, "错误": FALSE, "×": FALSE,
               "F": FALSE, "否": FALSE}  # fmt: skip


def normalize_key(kind: str, answer: str, option_count: int) -> tuple[str, str | None]:
    """(the stored key, an error message or None) for an answer as an office writes it."""
    text = "".join((answer or "").split()).upper().replace("，", "").replace(",", "").replace("、", "")
    if not text:
        return "", NO_ANSWER
    if kind == QuestionKind.JUDGE:
        key = JUDGE_INPUT.get(text) or JUDGE_INPUT.get(answer.strip())
        return (key, None) if key else (text, JUDGE_ANSWER)
    if option_count < 2:
        return text, TOO_FEW_OPTIONS
    letters = LETTERS[:option_count]
    for letter in text:
        if letter not in letters:
            return text, OPTION_MISSING.format(letter=letter, letters="、".join(letters))
    key = "".join(sorted(set(text)))
    if kind == QuestionKind.SINGLE and len(key) != 1:
        return key, SINGLE_ONE
    if kind == QuestionKind.MULTIPLE and len(key) < 2:
        return key, MULTIPLE_TWO
    return key, None


def question_errors(kind: str, text: str, options: list[str], answer: str) -> tuple[str, dict]:
    """(the key, field → message) for a question."""
    errors = {}
    if not (text or "").strip():
        errors["text"] = NO_TEXT
    options = [o for o in options if o]
    if kind == QuestionKind.JUDGE and options:
        errors["options"] = JUDGE_NO_OPTIONS
    key, problem = normalize_key(kind, answer, len(options))
    if problem:
        errors["answer" if problem != TOO_FEW_OPTIONS else "options"] = problem
    return key, errors


def given_key(kind: str, values) -> str:
    """A member's answer as a key: the chosen letters in order ("" for no answer)."""
    if isinstance(values, str):
        values = [values]
    chosen = {v for v in values if v}
    if kind == QuestionKind.JUDGE:
        return next(iter(chosen)) if len(chosen) == 1 and chosen <= {TRUE, FALSE} else ""
    return "".join(sorted(c for c in chosen if len(c) == 1 and c in LETTERS))


def grade(key: str, given: str) -> bool:
    """Right only when the answer is exactly the key (a partial multiple-choice answer is wrong)."""
    return bool(key) and given == key


def score(correct: int, total: int) -> int:
    """The score out of 100, rounded."""
    return round(100 * correct / total) if total else 0


def key_label(kind: str, key: str) -> str:
    return JUDGE_LABELS.get(key, key) if kind == QuestionKind.JUDGE else key
