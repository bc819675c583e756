"""Section (五)'s figures against a hand-built ledger."""

import datetime

from issues.selectors import my_problems, problem_figures

D = datetime.date


def test_figures_of_the_township_in_the_reports_words(ledger, count_queries):
    with count_queries() as queries:
        figures = problem_figures(node=ledger.world.t1)
    assert len(queries) == 3
    assert figures.sentence == "党委2类问题2条，领导班子1类问题1条，2个村级党组织共梳理2类问题3条"
    c = figures.committee
    assert (c.categories, c.problems, c.pending, c.in_progress, c.done, c.ongoing, c.overdue) == (2, 2, 1, 1, 0, 0, 1)
    assert (figures.leadership.rectified, figures.leadership.open) == (1, 0)
    assert (figures.total, figures.open, figures.rectified, figures.overdue) == (6, 4, 2, 1)


def test_rectified_versus_open_per_village(ledger):
    figures = problem_figures(node=ledger.world.t1)
    rows = {row.village.name: row for row in figures.villages}
    assert list(rows) == ["苇水村", "九光村"]
    weishui, jiuguang = rows["苇水村"], rows["九光村"]
    assert (weishui.problems, weishui.categories, weishui.rectified, weishui.open, weishui.rate) == (2, 2, 1, 1, 50)
    assert (jiuguang.problems, jiuguang.rectified, jiuguang.open, jiuguang.in_progress) == (1, 0, 1, 1)


def test_a_village_node_counts_only_that_villages_problems(ledger):
    figures = problem_figures(node=ledger.world.v1)
    assert figures.sentence == "党委0类问题0条，领导班子0类问题0条，1个村级党组织共梳理2类问题2条"
    assert [row.village.name for row in figures.villages] == ["苇水村"]


def test_the_date_range_is_on_the_found_date(ledger):
    from issues.models import Problem

    Problem.objects.filter(pk=ledger.c2.pk).update(found_on=D(2025, 1, 10))
    Problem.objects.filter(pk=ledger.v2.pk).update(found_on=D(2025, 4, 2))
    figures = problem_figures(node=ledger.world.t1, date_from=D(2025, 2, 1), date_to=D(2025, 3, 31))
    assert figures.sentence == "党委1类问题1条，领导班子1类问题1条，1个村级党组织共梳理2类问题2条"
    assert {row.village.name: row.problems for row in figures.villages} == {"苇水村": 2, "九光村": 0}


def test_another_townships_problems_never_count(ledger):
    figures = problem_figures(node=ledger.world.t2)
    assert figures.sentence == "党委0类问题0条，领导班子0类问题0条，1个村级党组织共梳理1类问题1条"


def test_my_problems_are_the_ones_i_am_responsible_for(ledger, personas):
    assert [p.code for p in my_problems(personas.grid)] == ["2025-0004"]
    assert list(my_problems(personas.office)) == []
