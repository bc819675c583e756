"""Every star page for every persona, inside and outside their scope: 200, 403 (role may not),
404 (outside scope), login redirect; and what the pages show each role."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from stars.models import CriterionMark, StarNotice

pytestmark = pytest.mark.django_db

PERSONAS = ("anon", "admin", "county", "office", "leader", "secretary", "sec2", "grid", "member", "office2")


def expect(default=200, **overrides):
    """A row of the table: the status per persona (grid staff and members see nothing here: 403)."""
    row = dict.fromkeys(PERSONAS, default)
    row.update(anon=302, grid=403, member=403)
    row.update(overrides)
    return row


READ = expect()
TOWNSHIP_ONE = expect(office2=404)  # a t1 row: everyone in t1 (and the county) reads it
VILLAGE_ONE = expect(office2=404, sec2=404)  # a v1 row
OFFICE_ON_T1 = expect(403, admin=200, office=200, office2=404, sec2=403)
OFFICE_ON_V1 = expect(403, admin=200, office=200, office2=404, sec2=404)
LEADERSHIP = expect(secretary=403, sec2=403)
EXPORT_T1 = expect(403, admin=200, office=200, office2=404)


@pytest.fixture
def notice(scene, world):
    item = StarNotice(township=world.t1, round=scene.round, title="东城镇评星结果公示", rendered_at=timezone.now())
    item.file.save("n.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    item.save()
    return item


@pytest.fixture
def users(personas, scene):
    found = {name: getattr(personas, name, None) for name in PERSONAS}
    found["sec2"] = scene.sec2
    found["anon"] = None
    return found


def table(scene, notice):
    mark = CriterionMark.objects.filter(rating=scene.v1).first()
    secretary = scene.secretaries[scene.v1.village_id]
    return [
        (reverse("stars:index"), READ),
        (reverse("stars:standard"), READ),
        (reverse("stars:standard") + "?year=2025", READ),
        (reverse("stars:settings"), LEADERSHIP),
        (reverse("stars:board", args=[scene.round.pk]), TOWNSHIP_ONE),
        (reverse("stars:board", args=[scene.other_round.pk]), expect(office=404, leader=404, secretary=404, sec2=404)),
        (reverse("stars:rating", args=[scene.v1.pk]), VILLAGE_ONE),
        (reverse("stars:rating", args=[scene.v2.pk]), expect(office2=404, secretary=404)),
        (reverse("stars:round_close_self", args=[scene.round.pk]), OFFICE_ON_T1),
        (reverse("stars:round_publish", args=[scene.round.pk]), OFFICE_ON_T1),
        (reverse("stars:correct", args=[scene.v1.pk]), OFFICE_ON_V1),
        (reverse("stars:evidence", args=[scene.evidence.pk]), VILLAGE_ONE),
        (reverse("stars:notice", args=[notice.pk]), TOWNSHIP_ONE),
        (reverse("stars:run", args=[scene.run.pk]), TOWNSHIP_ONE),
        (reverse("stars:run_publish", args=[scene.run.pk]), OFFICE_ON_T1),
        (reverse("stars:remuneration", args=[scene.run.pk]), EXPORT_T1),
        ("/r/star_criteria/", READ),
        ("/r/branch_ratings/", READ),
        (f"/r/branch_ratings/{mark.pk}/", VILLAGE_ONE),
        (f"/r/branch_ratings/{mark.pk}/edit/", OFFICE_ON_V1 | {"sec2": 403, "secretary": 403, "office2": 404}),
        ("/r/secretaries/", READ),
        (f"/r/secretaries/{secretary.pk}/", VILLAGE_ONE),
        ("/r/secretaries/new/", expect(403, admin=200, office=200, office2=200)),
        ("/r/secretary_appraisals/", READ),
        ("/r/secretary_records/", READ),
        ("/r/secretaries/export/", READ),
    ]


def test_every_page_for_every_persona(client, users, scene, notice):
    wrong = []
    for url, expected in table(scene, notice):
        for persona, status in expected.items():
            client.logout()
            if users[persona] is not None:
                client.force_login(users[persona])
            response = client.get(url)
            if response.status_code != status:
                wrong.append(f"{url} {persona}: {response.status_code} (expected {status})")
            elif status == 403:
                assert "无权" in response.content.decode() or response.status_code == 403
    assert not wrong, "\n".join(wrong)


POSTS = [
    # (url name, args from the scene, data, persona → status); 302 = done (redirect back)
    (
        "stars:self_assess",
        "v1",
        {"criterion": "plain", "met": "1"},
        {"secretary": 302, "sec2": 404, "office": 403, "leader": 403, "office2": 404, "grid": 403, "anon": 302},
    ),
    (
        "stars:review",
        "v1",
        {"criterion": "plain", "decision": "agree"},
        {"secretary": 403, "leader": 403, "county": 403, "office2": 404, "office": 302},
    ),
    ("stars:agree_all", "v1", {}, {"secretary": 403, "office2": 404, "office": 302}),
    (
        "stars:round_close_self",
        "round",
        {"confirmed": "1"},
        {"secretary": 403, "leader": 403, "office2": 404, "office": 302},
    ),
    (
        "stars:adjust",
        "rating_row",
        {"stars": "1", "reason": "测试"},
        {"secretary": 403, "leader": 403, "county": 403, "office2": 404, "office": 302},
    ),
    ("stars:run_recompute", "run", {}, {"leader": 403, "office2": 404, "office": 302}),
    (
        "stars:round_new",
        None,
        {"year": "2024"},
        {"leader": 403, "secretary": 403, "county": 403, "member": 403, "office": 302},
    ),
    ("stars:standard_defaults", None, {"year": "2024"}, {"leader": 403, "secretary": 403, "office": 302}),
]


def test_actions_answer_403_for_the_wrong_role_and_404_outside_scope(client, users, scene, standard):
    rows = {"v1": scene.v1.pk, "round": scene.round.pk, "run": scene.run.pk, "rating_row": scene.run.ratings.first().pk}
    wrong = []
    for name, target, data, expected in POSTS:
        url = reverse(name, args=[rows[target]]) if target else reverse(name)
        body = {k: (standard.plain.pk if v == "plain" else v) for k, v in data.items()}
        for persona, status in expected.items():
            client.logout()
            if users[persona] is not None:
                client.force_login(users[persona])
            response = client.post(url, body)
            if response.status_code != status:
                wrong.append(f"{name} {persona}: {response.status_code} (expected {status})")
    assert not wrong, "\n".join(wrong)


def test_get_on_an_action_is_refused(login, personas, scene):
    client = login(personas.office)
    assert client.get(reverse("stars:review", args=[scene.v1.pk])).status_code == 405
    assert client.get(reverse("stars:round_new")).status_code == 405


def test_a_secretary_sees_only_their_village_on_the_board_and_may_self_assess(login, personas, scene, world):
    page = login(personas.secretary).get(reverse("stars:board", args=[scene.round.pk])).content.decode()
    assert "苇水村" in page and "九光村" not in page
    assert "结束自评" not in page and "公示评星结果" not in page
    rating = login(personas.secretary).get(reverse("stars:rating", args=[scene.v1.pk])).content.decode()
    assert "保存自评" in rating and "保存审核" not in rating and "同意本村全部自评" not in rating


def test_the_office_sees_every_village_and_its_actions(login, personas, scene):
    page = login(personas.office).get(reverse("stars:board", args=[scene.round.pk])).content.decode()
    assert "苇水村" in page and "九光村" in page and "上郊村" not in page
    assert "结束自评，开始审核" in page
    assert 'id="board-list"' in page and 'id="board-table"' in page  # a list on phones, a table on desktops
    rating = login(personas.office).get(reverse("stars:rating", args=[scene.v1.pk])).content.decode()
    assert "保存自评" not in rating  # the office never self-assesses


def test_leadership_reads_without_buttons(login, personas, scene):
    page = login(personas.leader).get(reverse("stars:board", args=[scene.round.pk])).content.decode()
    assert "九光村" in page and "结束自评" not in page
    run = login(personas.leader).get(reverse("stars:run", args=[scene.run.pk])).content.decode()
    assert "王建国" in run and "导出报酬测算" not in run
    assert reverse("stars:run_publish", args=[scene.run.pk]) not in run and "重新计算" not in run


def test_confirmation_pages_say_what_will_happen(login, personas, scene):
    client = login(personas.office)
    page = client.get(reverse("stars:round_publish", args=[scene.round.pk])).content.decode()
    assert "公示后评星结果冻结，不能再修改自评和审核" in page and "公示期 5 天" in page and "确认公示" in page
    page = client.get(reverse("stars:round_close_self", args=[scene.round.pk])).content.decode()
    assert "此操作不能撤销" in page
    page = client.get(reverse("stars:run_publish", args=[scene.run.pk])).content.decode()
    assert "发布后星级冻结" in page


def test_a_bad_year_parameter_answers_a_chinese_400(login, personas):
    response = login(personas.office).get(reverse("stars:standard") + "?year=20x5")
    assert response.status_code == 400 and "年度参数无效" in response.content.decode()


def test_the_run_page_shows_stars_and_reasons(login, personas, scene):
    page = login(personas.office).get(reverse("stars:run", args=[scene.run.pk])).content.decode()
    assert "王建国" in page and "三星" in page and "任职 9 年；近三年 2 次优秀；无处分" in page
    assert "李春华" in page and "任职不满一年，暂不评星" in page
    own = login(personas.secretary).get(reverse("stars:run", args=[scene.run.pk])).content.decode()
    assert "王建国" in own and "李春华" not in own  # a secretary sees only their own village's row


def test_the_office_saves_a_years_settings_and_bad_values_are_refused(login, personas, world):
    from stars.models import StarSettings

    client = login(personas.office)
    url = reverse("stars:settings") + "?year=2026"
    data = {
        "publicity_days": "7", "honours_threshold": "8", "secretary_rating_on": "2026-03-01", "three_star_years": "5",
        "three_star_excellent": "2", "two_star_years": "3", "two_star_excellent": "1", "appraisals_counted": "3",
        "record_years": "3", "reward_level": "county", "base_amount": "28000", "coefficient_three": "1.25",
        "coefficient_two": "1.10", "coefficient_one": "1.00", "coefficient_none": "0.90",
    }  # fmt: skip
    bad = dict(data, publicity_days="0", secretary_rating_on="2025-12-01")
    page = client.post(url, bad).content.decode()
    assert "公示天数至少为 1 天" in page and "书记评星日期应在2026年内" in page
    assert not StarSettings.objects.exists()
    assert client.post(url, data).status_code == 302
    saved = StarSettings.objects.get(township=world.t1, year=2026)
    assert (saved.publicity_days, saved.rating_day.isoformat(), str(saved.coefficient_none)) == (
        7,
        "2026-03-01",
        "0.90",
    )
    assert login(personas.leader).post(url, data).status_code == 403


def test_the_standard_is_copied_from_last_year_with_one_click(login, personas, world, standard):
    from stars.models import Criterion

    client = login(personas.office)
    page = client.get(reverse("stars:standard") + "?year=2026").content.decode()
    assert "从2025年度复制" in page
    response = client.post(reverse("stars:standard_copy"), {"year": "2026"}, follow=True)
    assert "2026年度评星标准已建立（10 项）" in response.content.decode()
    assert Criterion.objects.filter(township=world.t1, year=2026).count() == 10
    again = client.post(reverse("stars:standard_copy"), {"year": "2026"}, follow=True).content.decode()
    assert "2026年度已有评星标准，不能再复制或载入" in again


def test_a_correction_through_the_page_makes_a_new_version(login, personas, scene, standard):
    import datetime

    from stars import services
    from stars.models import BranchRating
    from tests.stars.conftest import TODAY

    services.round_close_self(scene.round, user=personas.office, today=TODAY)
    for rating in (scene.v1, scene.v2):
        services.review_agree_all(rating, user=personas.office, today=TODAY)
        for c in standard.criteria:
            services.review(rating, c, met=c.order <= 7, note="核实", user=personas.office, today=TODAY)
    services.round_publish(scene.round, user=personas.office, today=TODAY)
    from stars.models import RatingRound

    RatingRound.objects.filter(pk=scene.round.pk).update(final_on=datetime.date(2026, 1, 1))  # publicity over
    client = login(personas.office)
    url = reverse("stars:correct", args=[scene.v1.pk])
    fields = {f"c{c.pk}": "1" if c.order <= 7 else "0" for c in standard.criteria}
    page = client.post(url, dict(fields, reason="")).content.decode()
    assert "请写明调整理由" in page and "没有改动" in page
    fields[f"c{standard.by_order[7].pk}"] = "0"
    response = client.post(url, dict(fields, reason="发生安全事故，降一星"))
    newer = BranchRating.objects.get(round=scene.round, village=scene.v1.village, is_current=True)
    assert response.status_code == 302 and response["Location"] == reverse("stars:rating", args=[newer.pk])
    assert (newer.version, newer.stars, newer.reason) == (2, 6, "发生安全事故，降一星")
    page = client.get(response["Location"]).content.decode()
    assert "第2版调整理由：发生安全事故，降一星" in page and "第1版" in page
