"""The ledger pages: who may open them, 404 outside scope, fixed query counts, bad input."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from issues import rules, services
from issues.choices import Level, Status
from issues.models import Problem, ProblemCategory, ProblemEvidence
from tests.issues.conftest import PNG, TODAY
from tests.issues.factories import ProblemFactory

D = datetime.date


DESCRIPTIONS = ("理论学习不够深入", "组织生活会", "班子成员联系", "苇水村党员", "苇水村路灯", "九光村便民", "上郊村")


def listed(client, url=None):
    body = client.get(url or reverse("problems_list")).content.decode()
    return {d for d in DESCRIPTIONS if d in body}


def test_each_role_sees_its_own_part_of_the_ledger(ledger, personas, login):
    township = {"理论学习不够深入", "组织生活会", "班子成员联系", "苇水村党员", "苇水村路灯", "九光村便民"}
    expected = {
        "admin": township | {"上郊村"},
        "office": township,
        "leader": township,
        "secretary": {"苇水村党员", "苇水村路灯"},  # his village's 村级 problems, no 党委/班子 ones
        "grid": {"苇水村党员"},  # only what he is responsible for
        "office2": {"上郊村"},
    }
    for role, descriptions in expected.items():
        assert listed(login(getattr(personas, role))) == descriptions, role


def test_the_ledger_is_searched_by_code_description_and_responsible_person(ledger, personas, login):
    client = login(personas.office)
    assert listed(client, reverse("problems_list") + "?q=2025-0002") == {"组织生活会"}
    assert listed(client, reverse("problems_list") + "?q=网格员") == {"苇水村党员"}


def test_party_members_cannot_open_the_ledger(personas, login, ledger):
    client = login(personas.member)
    assert client.get(reverse("problems_list")).status_code == 403
    assert client.get(reverse("problems_detail", args=[ledger.v1.pk])).status_code == 403


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("office", "c1", "t2"),
        ("leader", "l1", "t2"),
        ("secretary", "v1b", "c1"),
        ("secretary", "v1", "v2"),
        ("grid", "v1", "v1b"),
        ("office2", "t2", "v1"),
    ],
)
def test_detail_answers_404_outside_scope(role, visible, hidden, personas, login, ledger):
    client = login(getattr(personas, role))
    assert client.get(reverse("problems_detail", args=[getattr(ledger, visible).pk])).status_code == 200
    hidden_pk = getattr(ledger, hidden).pk
    assert client.get(reverse("problems_detail", args=[hidden_pk])).status_code == 404
    assert client.get(reverse("issues:problem_status", args=[hidden_pk])).status_code == 404
    assert client.get(reverse("problems_edit", args=[hidden_pk])).status_code in (403, 404)


def test_filters_and_overdue_stand_out(ledger, personas, login):
    client = login(personas.office)
    assert listed(client, reverse("problems_list") + "?overdue=1") == {"理论学习不够深入"}
    assert listed(client, reverse("problems_list") + "?level=leadership") == {"班子成员联系"}
    assert listed(client, reverse("problems_list") + f"?village={ledger.world.v1.pk}") == {"苇水村党员", "苇水村路灯"}
    assert listed(client, reverse("problems_list") + f"?category={ledger.service.pk}") == {"苇水村路灯", "九光村便民"}
    assert listed(client, reverse("problems_list") + "?status=ongoing") == {"班子成员联系"}
    assert listed(client, reverse("problems_list") + "?channel=public") == set()
    body = client.get(reverse("problems_list")).content.decode()
    assert "逾期" in body and 'class="overdue"' in body
    # Overdue first.
    assert body.index("理论学习不够深入") < body.index("组织生活会")


def _grow(ledger, personas, n=25):
    """More problems, evidence and history everywhere the pages look."""
    w = ledger.world
    for i in range(n):
        village = (w.v1, w.v2)[i % 2]
        p = ProblemFactory(
            code=f"2024-{i + 1:04d}",
            level=Level.VILLAGE,
            village=village,
            category=(ledger.theory, ledger.life, ledger.service)[i % 3],
            responsible_user=personas.grid,
            overdue=i % 3 == 0,
            deadline=D(2025, 4, 1),
        )
        services.evidence_add(p, upload=SimpleUploadedFile(f"{i}.png", PNG), user=personas.office)
        services.problem_transition(p, to=Status.IN_PROGRESS, user=personas.office, today=TODAY)
    for _ in range(5):
        services.evidence_add(ledger.v1, upload=SimpleUploadedFile("x.png", PNG), user=personas.office)
    services.problem_transition(ledger.v1, to=Status.IN_PROGRESS, user=personas.office, today=TODAY)


PAGES = [
    ("office", lambda lg: reverse("problems_list")),
    ("office", lambda lg: reverse("problems_list") + f"?overdue=1&category={lg.theory.pk}"),
    ("office", lambda lg: reverse("problems_detail", args=[lg.v1.pk])),
    ("office", lambda lg: reverse("issues:problem_status", args=[lg.v1.pk])),
    ("office", lambda lg: reverse("issues:stats")),
    ("office", lambda lg: reverse("problem_categories_list")),
    ("secretary", lambda lg: reverse("problems_list")),
    ("secretary", lambda lg: reverse("issues:stats")),
    ("grid", lambda lg: reverse("issues:my_tasks")),
]


@pytest.mark.parametrize(("role", "url"), PAGES)
def test_query_count_does_not_grow_with_the_data(role, url, ledger, personas, login, count_queries):
    client = login(getattr(personas, role))
    target = url(ledger)
    client.get(target)  # warm the session and caches
    with count_queries() as small:
        assert client.get(target).status_code == 200
    _grow(ledger, personas)
    with count_queries() as large:
        assert client.get(target).status_code == 200
    assert len(small) == len(large) <= 25, [q["sql"] for q in large.captured_queries]


@pytest.mark.parametrize("role", ["office", "secretary", "grid"])
def test_the_dashboard_panel_runs_a_fixed_number_of_queries(role, ledger, personas, count_queries, rf):
    from django.template.loader import render_to_string

    from issues.dashboard import problems_overdue

    request = rf.get("/")
    request.user = getattr(personas, role)

    def render():
        with count_queries() as queries:
            template, context = problems_overdue(request)
            html = render_to_string(template, context, request=request)
        return len(queries), html

    small, _ = render()
    _grow(ledger, personas)
    large, html = render()
    assert small == large <= 4
    assert "问题整改" in html


def test_office_records_a_problem(ledger, personas, login):
    client = login(personas.office)
    data = {
        "level": Level.VILLAGE,
        "village": ledger.world.v2.pk,
        "category": ledger.service.pk,
        "channel": "visit",
        "source_ref": "7月3日入户走访",
        "description": "九光村老人反映吃水难",
        "measures": "协调水利站检修管网",
        "responsible": "陈静",
        "responsible_user": personas.secretary.pk,
        "found_on": "2025-07-03",
        "deadline": "2025-08-15",
        "status": Status.PENDING,
    }
    response = client.post(reverse("problems_create"), data)
    problem = Problem.objects.get(description="九光村老人反映吃水难")
    assert response.status_code == 302 and response["Location"] == reverse("problems_detail", args=[problem.pk])
    assert (problem.code, problem.township, problem.channel) == ("2025-0007", ledger.world.t1, "visit")
    detail = client.get(response["Location"]).content.decode()
    assert "九光村老人反映吃水难" in detail and "登记问题" in detail  # history with its reason


def _form(ledger, **changes):
    data = {
        "level": Level.COMMITTEE,
        "category": ledger.theory.pk,
        "channel": "higher",
        "description": "上级指出的问题",
        "measures": "整改",
        "responsible": "李",
        "found_on": "2025-07-03",
        "deadline": "2025-08-15",
        "status": Status.PENDING,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": "2025-07-01"}, rules.DEADLINE_BEFORE_FOUND),
        ({"deadline": ""}, rules.DEADLINE_REQUIRED),
        ({"level": Level.VILLAGE}, rules.VILLAGE_REQUIRED),
        ({"village": "VILLAGE"}, rules.VILLAGE_NOT_ALLOWED),
        ({"fixed_on_spot": "on", "result": "", "verified_by": "王"}, rules.CLOSING_NEEDS_RESULT),
        ({"fixed_on_spot": "on", "result": "修好", "verified_by": "王"}, services.FIXED_ON_SPOT_NEEDS_EVIDENCE),
        ({"status": Status.ONGOING, "measures": ""}, rules.ONGOING_NEEDS_MEASURES),
        ({"code": "2025-0002"}, services.CODE_TAKEN.format(code="2025-0002")),
    ],
)
def test_bad_problem_forms_show_a_chinese_message_and_save_nothing(changes, message, ledger, personas, login):
    if changes.get("village") == "VILLAGE":
        changes["village"] = ledger.world.v1.pk
    before = (Problem.objects.count(), Problem.history.count())
    response = login(personas.office).post(reverse("problems_create"), _form(ledger, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Problem.objects.count(), Problem.history.count()) == before


def test_bad_evidence_on_the_form_saves_nothing(ledger, personas, login):
    before = (Problem.objects.count(), ProblemEvidence.objects.count())
    fake = SimpleUploadedFile("现场.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    data = _form(ledger, fixed_on_spot="on", result="修好", verified_by="王", evidence=fake)
    response = login(personas.office).post(reverse("problems_create"), data)
    assert rules.EVIDENCE_BAD_CONTENT in response.content.decode()
    assert (Problem.objects.count(), ProblemEvidence.objects.count()) == before


def test_fixed_on_the_spot_through_the_form(ledger, personas, login):
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    data = _form(ledger, fixed_on_spot="on", result="当场修复", verified_by="王主任", evidence=photo, deadline="")
    response = login(personas.office).post(reverse("problems_create"), data)
    assert response.status_code == 302
    problem = Problem.objects.get(description="上级指出的问题")
    assert (problem.status, problem.fixed_on_spot, problem.evidence.count()) == (Status.DONE, True, 1)


def test_a_secretary_cannot_record_a_committee_problem(ledger, personas, login):
    before = Problem.objects.count()
    response = login(personas.secretary).post(reverse("problems_create"), _form(ledger))
    assert response.status_code == 200
    assert Problem.objects.count() == before
    assert "不在可用的选项中" in response.content.decode()


def test_closing_on_the_status_page_needs_a_note(ledger, personas, login):
    client = login(personas.office)
    url = reverse("issues:problem_status", args=[ledger.v2.pk])
    history = ledger.v2.history.count()
    response = client.post(url, {"to": Status.DONE, "result": "", "verified_by": ""})
    body = response.content.decode()
    assert rules.CLOSING_NEEDS_RESULT in body and rules.CLOSING_NEEDS_VERIFIER in body
    ledger.v2.refresh_from_db()
    assert (ledger.v2.status, ledger.v2.history.count()) == (Status.IN_PROGRESS, history)
    closing = {"to": Status.DONE, "result": "固定了服务时间", "verified_by": "王主任"}
    asked = client.post(url, closing).content.decode()  # 销号 asks first, saying it is final
    assert "销号后不能再改" in asked and 'name="confirmed" value="1"' in asked and "固定了服务时间" in asked
    ledger.v2.refresh_from_db()
    assert ledger.v2.status == Status.IN_PROGRESS
    response = client.post(url, {**closing, "confirmed": "1"})
    assert response.status_code == 302
    ledger.v2.refresh_from_db()
    assert (ledger.v2.status, ledger.v2.verified_by) == (Status.DONE, "王主任")


def test_a_refused_move_is_not_offered_and_not_accepted(ledger, personas, login):
    client = login(personas.office)
    url = reverse("issues:problem_status", args=[ledger.c1.pk])
    page = client.get(url).content.decode()
    assert 'value="pending"' not in page
    response = client.post(url, {"to": Status.PENDING})
    assert response.status_code == 200
    ledger.c1.refresh_from_db()
    assert ledger.c1.status == Status.IN_PROGRESS


def test_the_responsible_person_works_on_his_task_but_readers_cannot(ledger, personas, login):
    url = reverse("issues:problem_status", args=[ledger.v1.pk])
    assert login(personas.leader).get(url).status_code == 403
    client = login(personas.grid)
    assert client.post(url, {"to": Status.IN_PROGRESS}).status_code == 302
    ledger.v1.refresh_from_db()
    assert ledger.v1.status == Status.IN_PROGRESS
    assert ledger.v1.history.first().history_user == personas.grid


def test_evidence_upload_and_download_respect_scope(ledger, personas, login, settings):
    client = login(personas.secretary)
    url = reverse("issues:evidence_add", args=[ledger.v1.pk])
    before = ProblemEvidence.objects.count()
    response = client.post(url, {"evidence": SimpleUploadedFile("a.exe", b"MZ"), "note": ""}, follow=True)
    assert rules.EVIDENCE_BAD_EXTENSION in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 100
    response = client.post(url, {"evidence": SimpleUploadedFile("a.png", PNG + b"0" * 100)}, follow=True)
    assert rules.EVIDENCE_TOO_LARGE.format(limit=1) in response.content.decode()
    assert ProblemEvidence.objects.count() == before
    settings.UPLOAD_MAX_BYTES = 5 * 1024 * 1024
    client.post(url, {"evidence": SimpleUploadedFile("整改后.png", PNG), "note": "整改后照片"})
    evidence = ProblemEvidence.objects.get()
    download = reverse("issues:evidence_file", args=[evidence.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert login(personas.office2).get(download).status_code == 404
    assert login(personas.office).get(download).status_code == 200
    client = login(personas.secretary)
    assert client.post(reverse("issues:evidence_add", args=[ledger.v2.pk]), {}).status_code == 404


def test_statistics_page_in_the_reports_words(ledger, personas, login):
    body = login(personas.office).get(reverse("issues:stats")).content.decode()
    assert "党委2类问题2条，领导班子1类问题1条，2个村级党组织共梳理2类问题3条" in body
    body = login(personas.office).get(reverse("issues:stats") + "?date_from=2025-04-01").content.decode()
    assert "党委0类问题0条" in body
    body = login(personas.secretary).get(reverse("issues:stats")).content.decode()
    assert "1个村级党组织共梳理2类问题2条" in body and "九光村" not in body
    body = login(personas.admin).get(reverse("issues:stats") + f"?township={ledger.world.t2.pk}").content.decode()
    assert "1个村级党组织共梳理1类问题1条" in body
    assert login(personas.grid).get(reverse("issues:stats")).status_code == 403
    response = login(personas.office).get(reverse("issues:stats") + "?date_from=2025-05-01&date_to=2025-04-01")
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_my_tasks_and_the_dashboard_list_overdue_problems(ledger, personas, login):
    services.problems_mark_overdue(today=TODAY)
    body = login(personas.grid).get(reverse("issues:my_tasks")).content.decode()
    assert "苇水村党员学习不经常" in body and "逾期" in body and "理论学习不够深入" not in body
    body = login(personas.grid).get(reverse("dashboard")).content.decode()
    assert "我的整改任务" in body and "已逾期 1 条" in body
    body = login(personas.office).get(reverse("dashboard")).content.decode()
    assert 'id="overdue-list"' in body and "理论学习不够深入" in body and "上郊村" not in body


def test_categories_are_edited_by_the_office(ledger, personas, login):
    client = login(personas.office)
    before = ProblemCategory.objects.count()
    response = client.post(reverse("problem_categories_create"), {"name": "理论学习", "order": 9})
    assert "该乡镇已有同名的问题类别" in response.content.decode()
    assert ProblemCategory.objects.count() == before
    assert client.post(reverse("problem_categories_create"), {"name": "作风建设", "order": 9}).status_code == 302
    assert ProblemCategory.objects.get(name="作风建设").township == ledger.world.t1
    assert login(personas.secretary).get(reverse("problem_categories_list")).status_code == 403
    body = login(personas.office2).get(reverse("problem_categories_list")).content.decode()
    assert "组织生活" not in body


def test_a_closed_problem_has_no_status_form(ledger, personas, login):
    response = login(personas.office).get(reverse("issues:problem_status", args=[ledger.v1b.pk]), follow=True)
    assert rules.CLOSED_IS_FINAL in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("problems_detail", args=[ledger.v1b.pk])
