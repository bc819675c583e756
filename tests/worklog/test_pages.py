"""The work log's registers: every page for every role, rows outside scope answer 404."""

import pytest
from django.urls import reverse

from worklog.models import GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training

pytestmark = pytest.mark.django_db

REGISTERS = {
    "group_members": "head",
    "tasks": "task",
    "meetings": "meeting",
    "research_visits": "visit",
    "trainings": "training",
    "study_tours": "tour",
    "service_centres": "centre",
}


@pytest.mark.parametrize("name", REGISTERS)
def test_the_office_lists_and_opens_its_township_rows_and_not_the_others(name, log, login):
    client = login(log.personas.office)
    page = client.get(reverse(f"{name}_list"))
    assert page.status_code == 200
    mine = getattr(log.one, REGISTERS[name])
    theirs = getattr(log.two, REGISTERS[name])
    assert client.get(reverse(f"{name}_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse(f"{name}_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse(f"{name}_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse(f"{name}_edit", args=[mine.pk])).status_code == 200
    assert client.get(reverse(f"{name}_create")).status_code == 200
    assert client.get(reverse(f"{name}_export")).status_code == 200
    assert client.get(reverse(f"{name}_template")).status_code == 200


@pytest.mark.parametrize("name", REGISTERS)
def test_a_party_member_may_not_read_the_registers(name, log, login):
    assert login(log.personas.member).get(reverse(f"{name}_list")).status_code == 403


@pytest.mark.parametrize("name", [n for n in REGISTERS if n != "service_centres"])
def test_a_secretary_reads_but_does_not_keep_the_township_records(name, log, login):
    client = login(log.personas.secretary)
    assert client.get(reverse(f"{name}_create")).status_code == 403


def test_a_secretary_sees_their_village_and_the_township_wide_tasks_only(log, login):
    client = login(log.personas.secretary)
    page = client.get(reverse("tasks_list")).content.decode()
    assert "RW2025-A1" in page and "RW2025-A2" in page  # township-wide, own village
    assert "RW2025-A3" not in page and "RW2025-B1" not in page  # other village, other township
    assert client.get(reverse("tasks_detail", args=[log.v2_task.pk])).status_code == 404
    assert client.get(reverse("meetings_detail", args=[log.one.meeting.pk])).status_code == 200
    assert client.get(reverse("research_visits_detail", args=[log.one.visit.pk])).status_code == 200


def test_grid_staff_see_no_meetings(log, login):
    assert login(log.personas.grid).get(reverse("meetings_list")).status_code == 403


def test_the_county_reads_every_township(log, login):
    client = login(log.personas.county)
    for name, attr in REGISTERS.items():
        assert client.get(reverse(f"{name}_detail", args=[getattr(log.two, attr).pk])).status_code == 200
    assert client.get(reverse("meetings_create")).status_code == 403


def test_the_office_records_a_meeting_numbered_by_the_service(log, login):
    client = login(log.personas.office)
    response = client.post(
        reverse("meetings_create"),
        {"kind": "progress", "held_on": "2025-03-20", "chair": "王A", "attendees": "王A、李A", "topics": "推进会"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(topics="推进会")
    assert meeting.number == "HY2025-0001" and meeting.township == log.world.t1 and meeting.recorded_by is not None


def test_a_visit_by_two_members_counts_two_person_times(log, login):
    client = login(log.personas.office)
    response = client.post(
        reverse("research_visits_create"),
        {
            "kind": "research", "village": log.world.v2.pk, "visited_on": "2025-04-01",
            "members": [log.one.head.pk, log.one.deputy.pk], "purpose": "调研集体经济",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    visit = ResearchVisit.objects.get(purpose="调研集体经济")
    assert visit.person_times == 2 and visit.township == log.world.t1


def test_a_township_wide_task_and_its_progress_timeline(log, login):
    client = login(log.personas.office)
    response = client.post(
        reverse("tasks_create"),
        {
            "title": "修订村规民约", "focus": "8", "unit": "镇党政办", "responsible": "王A",
            "assigned_on": "2025-02-01", "deadline": "2025-12-31", "status": "pending", "progress": 0,
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    task = KeyTask.objects.get(title="修订村规民约")
    assert task.village is None and task.township == log.world.t1 and task.number.startswith("RW2025-")
    for percent in (30, 100):
        response = client.post(
            reverse("worklog:task_progress", args=[task.pk]),
            {"on": "2025-03-01", "percent": percent, "note": f"完成{percent}%"},
        )
        assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done" and task.progress == 100 and task.updates.count() == 2
    page = client.get(reverse("tasks_detail", args=[task.pk])).content.decode()
    assert "进展时间线" in page and "完成30%" in page


def test_the_responsible_person_records_progress_on_their_own_task(log, login):
    task = log.one.task
    task.responsible_user = log.personas.grid
    task.save()
    client = login(log.personas.grid)
    response = client.post(
        reverse("worklog:task_progress", args=[task.pk]), {"on": "2025-03-01", "percent": 50, "note": "过半"}
    )
    assert response.status_code == 302
    assert KeyTask.objects.get(pk=task.pk).progress == 50
    other = login(log.personas.secretary).post(
        reverse("worklog:task_progress", args=[task.pk]), {"on": "2025-03-01", "percent": 60, "note": "x"}
    )
    assert other.status_code == 403


def test_minutes_upload_and_download_through_the_meeting(log, login):
    client = login(log.personas.office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(reverse("worklog:minutes_add", args=[log.one.meeting.pk]), {"file": pdf, "note": "纪要"})
    assert response.status_code == 302
    minutes = log.one.meeting.minutes.get()
    assert client.get(reverse("worklog:minutes_file", args=[minutes.pk])).status_code == 200
    assert login(log.personas.secretary).get(reverse("worklog:minutes_file", args=[minutes.pk])).status_code == 200
    assert login(log.personas.office2).get(reverse("worklog:minutes_file", args=[minutes.pk])).status_code == 404
    bad = SimpleUploadedFile("纪要.pdf", b"not a pdf", content_type="application/pdf")
    client.post(reverse("worklog:minutes_add", args=[log.one.meeting.pk]), {"file": bad})
    assert log.one.meeting.minutes.count() == 1


def test_every_model_answers_the_access_layer(log):
    for model in (GroupMember, KeyTask, Meeting, ResearchVisit, ServiceCentre, StudyTour, Training):
        assert model.objects.for_user(log.personas.office2).filter(township=log.world.t1).count() == 0
