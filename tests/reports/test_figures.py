"""The report's text from the hand-built township: every sentence with the right figure, gaps marked."""

from reports import services
from reports.rules import period_of
from tests.reports.conftest import GAP_SENTENCES, SENTENCES, D, without_meetings


def october(township):
    return services.report_for(township.world.t1, period_of("month", D(2026, 10, 15)))


def test_the_draft_says_every_sentence_with_its_figure(township):
    text = "\n".join(services.draft_document(october(township)).lines())
    for sentence in SENTENCES:
        assert sentence in text
    assert "【暂无数据】" not in text


def test_a_figure_without_data_is_marked_not_zero(township):
    without_meetings(township)
    text = "\n".join(services.draft_document(october(township)).lines())
    for sentence in GAP_SENTENCES:
        assert sentence in text
    assert "党政班子会0次" not in text


def test_a_period_without_a_quiz_keeps_the_sources_words_and_no_quiz_ever_is_a_gap(township):
    from training.models import AnswerItem, AnswerSheet, Quiz, QuizQuestion

    september = services.report_for(township.world.t1, period_of("month", D(2026, 8, 15)))
    text = "\n".join(services.draft_document(september).lines())
    assert "组织党员干部培训0次，开展了党员在线答题、集中测试答题，提升专项行动专业知识水平。" in text
    figures = services.live_figures(september)  # the sentence writes no average: it is no figure, so no gap
    assert (figures["quizzes"].value, figures["quiz_sheets"].value, "quiz_average" in figures) == (0, 0, False)
    assert not [f.key for f in services.sections.gaps(figures) if f.key.startswith("quiz")]
    for model in (AnswerItem, AnswerSheet, QuizQuestion, Quiz):
        model.objects.all().delete()
    text = "\n".join(services.draft_document(october(township)).lines())
    assert "集中测试答题【暂无数据】次，参与【暂无数据】人次，平均得分【暂无数据】分，" in text


def test_a_month_without_a_study_tour_leaves_the_tour_sentence_out(township):
    september = services.report_for(township.world.t1, period_of("month", D(2026, 9, 15)))
    figures = services.live_figures(september)
    text = "\n".join(services.draft_document(september).lines())
    assert "组织召开党政班子会1次，专题工作推进会0次" in text and "组织党员干部培训1次" in text
    assert "观摩学习" not in text and "tour_date" not in figures
    assert not [f.key for f in services.sections.gaps(figures) if f.section == "一"]
