"""Bad input of the issue's list, each refused with a Chinese message saying what to change and the
database proven unchanged (rows and history counted before and after)."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from stars import services
from stars.models import (
    BranchRating,
    CriterionMark,
    MarkEvidence,
    Secretary,
    SecretaryAppraisal,
)
from tests.stars.conftest import PNG, TODAY, YEAR, upload

pytestmark = pytest.mark.django_db


def state():
    """Everything a refused write could have touched."""
    return (
        list(
            CriterionMark.objects.order_by("pk").values_list(
                "pk", "self_met", "self_note", "reviewed_met", "review_note"
            )
        ),
        CriterionMark.history.count(),
        MarkEvidence.objects.count(),
        list(BranchRating.objects.order_by("pk").values_list("pk", "self_stars", "stars", "version", "is_current")),
        Secretary.objects.count(),
        Secretary.history.count(),
        SecretaryAppraisal.objects.count(),
        SecretaryAppraisal.history.count(),
    )


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow_post(client, url, data):
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_self_assessment_after_the_round_is_closed(login, personas, scene, standard):
    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    before = state()
    page = follow_post(
        login(personas.secretary),
        reverse("stars:self_assess", args=[scene.v1.pk]),
        {"criterion": standard.plain.pk, "met": "0", "note": "改主意了"},
    )
    assert "本年度自评已结束（当前：镇审核中），不能再修改自评" in page
    assert state() == before


def test_review_by_a_secretary(login, personas, scene, standard):
    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    before = state()
    response = login(personas.secretary).post(
        reverse("stars:review", args=[scene.v1.pk]), {"criterion": standard.plain.pk, "decision": "1"}
    )
    assert response.status_code == 403  # the access layer: 您的角色（村书记）无权审核
    with pytest.raises(services.ValidationError, match="只有本镇办公室可以审核评星结果"):
        services.review(scene.v1, standard.plain, met=True, user=personas.secretary, today=TODAY)
    assert state() == before


def test_a_met_without_the_evidence_the_criterion_requires(login, personas, scene, standard):
    before = state()
    page = follow_post(
        login(personas.secretary),
        reverse("stars:self_assess", args=[scene.v1.pk]),
        {"criterion": standard.by_order[10].pk, "met": "1"},  # 有村规民约: evidence required, none uploaded yet
    )
    assert "“有村规民约”要求上传佐证材料：请先上传至少一份佐证材料，再标记为达标" in page
    assert state() == before


def test_an_evidence_file_whose_content_is_not_its_extension(login, personas, scene, standard):
    before = state()
    fake = upload("照片.png", b"MZ\x90\x00 not a picture at all")
    page = follow_post(
        login(personas.secretary),
        reverse("stars:self_assess", args=[scene.v1.pk]),
        {"criterion": standard.by_order[10].pk, "met": "1", "evidence": fake},
    )
    assert "内容与扩展名不符" in page
    page = follow_post(
        login(personas.secretary),
        reverse("stars:self_assess", args=[scene.v1.pk]),
        {"criterion": standard.by_order[10].pk, "met": "1", "evidence": upload("程序.exe", PNG)},
    )
    assert "只能" in page  # the accepted kinds are named
    assert state() == before


def test_a_criterion_outside_the_townships_standard(login, personas, scene, standard, world):
    later = services.standard_copy(world.t1, from_year=YEAR, to_year=YEAR + 1)  # t1's 2026 standard
    before = state()
    client = login(personas.secretary)
    page = follow_post(client, reverse("stars:self_assess", args=[scene.v1.pk]), {"criterion": later[0].pk, "met": "1"})
    assert "“班子建设新”不属于东城镇2025年度的评星标准" in page
    # Another township's criterion is not even visible to the secretary: it is not named.
    page = follow_post(
        client, reverse("stars:self_assess", args=[scene.v1.pk]), {"criterion": standard.other_township.pk, "met": "1"}
    )
    assert "所选评星标准不在本年度的标准中" in page
    assert state() == before


def test_an_appointment_date_in_the_future(login, personas, scene, world):
    before = state()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(personas.office).post(
        "/r/secretaries/new/", {"village": world.v2.pk, "name": "张未来", "appointed_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200 and "任职日期不能晚于今天" in response.content.decode()
    assert state() == before


def test_a_second_serving_secretary_in_a_village(login, personas, scene, world):
    before = state()
    response = login(personas.office).post(
        "/r/secretaries/new/", {"village": world.v1.pk, "name": "张二", "appointed_on": "2024-01-01"}
    )
    assert "苇水村已有现任书记王建国：请先填写其离任日期" in response.content.decode()
    assert state() == before


def test_an_appraisal_result_not_in_the_list(login, personas, scene, world):
    before = state()
    secretary = scene.secretaries[world.v1.pk]
    response = login(personas.office).post(
        "/r/secretary_appraisals/new/", {"secretary": secretary.pk, "year": "2022", "result": "良好"}
    )
    assert "考核结果只能是：优秀、称职、基本称职、不称职" in response.content.decode()
    # The same through a spreadsheet: the row, the column and the allowed values are named.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["行政村编码", "书记姓名", "考核年度", "考核结果"])
    sheet.append(["T1V1", "王建国", 2022, "良好"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "考核.xlsx"
    response = login(personas.office).post("/r/secretary_appraisals/import/", {"file": data})
    page = response.content.decode()
    assert "第2行“考核结果”列：“良好”不是有效选项，可选：优秀、称职、基本称职、不称职" in page
    assert state() == before


def test_a_secretary_cannot_self_assess_another_village(login, personas, scene, standard):
    before = state()
    response = login(scene.sec2).post(
        reverse("stars:self_assess", args=[scene.v1.pk]), {"criterion": standard.plain.pk, "met": "1"}
    )
    assert response.status_code == 404
    assert state() == before


def test_publishing_before_everything_is_reviewed(login, personas, scene):
    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    before = state()
    page = follow_post(
        login(personas.office), reverse("stars:round_publish", args=[scene.round.pk]), {"confirmed": "1"}
    )
    assert "还有 20 项未审核（九光村、苇水村），全部审核后才能公示" in page
    assert state() == before


def test_an_overrule_without_a_reason(login, personas, scene, standard):
    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    before = state()
    page = follow_post(
        login(personas.office),
        reverse("stars:review", args=[scene.v1.pk]),
        {"criterion": standard.by_order[1].pk, "decision": "0", "note": " "},
    )
    assert "审核结论与自评不一致时，须写明理由" in page
    assert state() == before
