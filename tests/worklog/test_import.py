"""Every work-log register imports and exports in one layout: an export re-imports unchanged; bad rows
are named and nothing is saved."""

import pytest
import tablib
from django.urls import reverse

from core.imports import run_import
from core.registers import REGISTRY, get_register
from core.xlsx import write_dataset
from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

pytestmark = pytest.mark.django_db
NAMES = {
    "group_members": GroupMember,
    "tasks": KeyTask,
    "meetings": Meeting,
    "research_visits": ResearchVisit,
    "trainings": Training,
    "study_tours": StudyTour,
    "service_centres": ServiceCentre,
}


def importing(name, data, user, dry_run=False):
    return run_import(get_register(name), data, "表.xlsx", user=user, township=None, dry_run=dry_run)


@pytest.mark.parametrize("name", NAMES)
def test_export_then_import_changes_nothing(name, log, login):
    assert name in REGISTRY
    model = NAMES[name]
    exported = login(log.personas.office).get(reverse(f"{name}_export")).content
    before = model.objects.count()
    report = importing(name, exported, log.personas.office)
    assert report.problems == [], report.problems
    assert report.new == 0 and report.updated == 0 and report.unchanged >= 1
    assert model.objects.count() == before


def sheet(name, rows):
    headers = get_register(name).resource_class().import_columns()
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append([row.get(h, "") for h in headers])
    return write_dataset(data)


def test_new_meetings_get_numbers_and_a_future_one_refuses_the_file(log):
    good = {"会议类型": "专题工作推进会", "会议日期": "2025-04-01", "主持人": "王A", "参会人员": "王A", "议题": "推进"}
    report = importing("meetings", sheet("meetings", [good, {**good, "会议日期": "2025-04-02"}]), log.personas.office)
    assert report.problems == [] and report.new == 2
    assert set(Meeting.objects.filter(topics="推进").values_list("number", flat=True)) == {"HY2025-0001", "HY2025-0002"}
    before = Meeting.objects.count()
    bad = importing("meetings", sheet("meetings", [good, {**good, "会议日期": "2099-01-01"}]), log.personas.office)
    assert any("不能晚于今天" in p.message for p in bad.problems)
    assert Meeting.objects.count() == before


def test_a_visit_row_naming_someone_not_in_the_group_is_refused(log):
    row = {
        "类型": "入村调研",
        "村编码": "T1V1",
        "日期": "2025-04-01",
        "领导组成员": "王A、外人",
        "调研（指导）内容": "调研",
    }
    before = ResearchVisit.objects.count()
    report = importing("research_visits", sheet("research_visits", [row]), log.personas.office)
    assert any("不是本镇领导组成员" in p.message for p in report.problems), report.problems
    assert ResearchVisit.objects.count() == before
    ok = importing(
        "research_visits", sheet("research_visits", [{**row, "领导组成员": "王A、李A"}]), log.personas.office
    )
    assert ok.problems == [] and ResearchVisit.objects.get(purpose="调研", visited_on="2025-04-01").person_times == 2
