"""The report's text from the hand-built township: every sentence with the right figure, gaps marked."""

from reports import services
from reports.rules import period_of
from tests.reports.conftest import GAP_SENTENCES, SENTENCES, D


def october(township):
    return services.report_for(township.world.t1, period_of("month", D(2026, 10, 15)))


def test_the_draft_says_every_sentence_with_its_figure(township):
    text = "\n".join(services.draft_document(october(township)).lines())
    for sentence in SENTENCES:
        assert sentence in text
    for sentence in GAP_SENTENCES:
        assert sentence in text
