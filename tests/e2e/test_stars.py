"""Star ratings in the browser: a village secretary self-assesses a criterion with evidence on a
375-px phone; the office closes self-assessment, reviews and publishes (公示) after confirming."""

import os

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from stars import services
from stars.choices import RoundStatus
from stars.models import BranchRating, CriterionMark, MarkEvidence, RatingRound
from tests import factories as f
from tests.conftest import build_world
from tests.e2e.conftest import log_in
from tests.stars.conftest import TODAY, YEAR, upload

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
PDF = b"%PDF-1.7\n" + b"\x00" * 200


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_secretary_self_assesses_on_a_phone_and_the_office_reviews_and_publishes(live_server, phone_page, browser):
    world = build_world()
    office = f.UserFactory(username="office", full_name="党建办干事", role=Role.OFFICE, scope_node=world.t1)
    secretary = f.UserFactory(username="secretary", full_name="王书记", role=Role.SECRETARY, scope_node=world.v1)
    other = f.UserFactory(username="secretary2", role=Role.SECRETARY, scope_node=world.v2)
    criteria = services.standard_load_defaults(world.t1, YEAR)
    found = services.round_open(world.t1, YEAR, user=office, today=TODAY)
    v1 = BranchRating.objects.get(round=found, village=world.v1)
    v2 = BranchRating.objects.get(round=found, village=world.v2)
    first = criteria[0]  # 班子建设新: evidence required
    for c in criteria:
        needs = [upload()] if c.evidence_required else []
        services.self_assess(v2, c, met=c.order != 4, uploads=needs if c.order != 4 else [], user=other, today=TODAY)
        if c != first:
            services.self_assess(
                v1, c, met=c.order <= 7, uploads=needs if c.order <= 7 else [], user=secretary, today=TODAY
            )

    # --- the secretary, on a phone -----------------------------------------------------------
    page = phone_page
    log_in(page, live_server, "secretary")
    go = page.get_by_role("link", name="去自评")
    expect(go).to_be_visible()
    assert go.bounding_box()["height"] >= 44
    go.click()
    card = page.locator(f"#c{first.pk}")
    expect(card).to_contain_text("班子建设新")
    expect(card).to_contain_text("须上传佐证")
    # "Met" without evidence is refused with the reason.
    card.get_by_label("达标", exact=True).check()
    card.get_by_role("button", name="保存自评").click()
    expect(page.locator(".alert-danger")).to_contain_text("要求上传佐证材料")
    card = page.locator(f"#c{first.pk}")
    card.get_by_label("达标", exact=True).check()
    card.locator("textarea[name=note]").fill("全年召开支部党员大会4次、党课4次")
    card.locator("input[type=file]").set_input_files(
        files=[{"name": "三会一课记录.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    button = card.get_by_role("button", name="保存自评")
    assert button.bounding_box()["height"] >= 44
    button.click()
    expect(page.locator(".alert-success")).to_contain_text("“班子建设新”的自评已保存")
    expect(page.locator(f"#c{first.pk}")).to_contain_text("三会一课记录.pdf")
    expect(page.locator("#self-stars")).to_have_text("7")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # --- the office, on a desktop --------------------------------------------------------------
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    desk = context.new_page()
    log_in(desk, live_server, "office")
    desk.goto(f"{live_server.url}/stars/rounds/{found.pk}/")
    expect(desk.locator("#round-status")).to_have_text("自评中")
    desk.get_by_role("link", name="结束自评，开始审核").click()
    expect(desk.locator("#confirm-warning")).to_contain_text("此操作不能撤销")
    desk.get_by_role("button", name="结束自评，开始审核").click()
    expect(desk.locator("#round-status")).to_have_text("镇审核中")
    # Review: agree with 苇水村 entirely; overrule one of 九光村's with a reason.
    desk.locator(f"#v{world.v1.pk} a").first.click()
    desk.get_by_role("button", name="同意本村全部自评").click()
    expect(desk.locator(".alert-success")).to_contain_text("已同意苇水村的 10 项自评")
    desk.goto(f"{live_server.url}/stars/ratings/{v2.pk}/")
    fifth = desk.locator(f"#c{criteria[4].pk}")
    fifth.get_by_label("未达标").check()
    fifth.locator("textarea[name=note]").fill("整治前后照片不全")
    fifth.get_by_role("button", name="保存审核").click()
    expect(desk.locator(".alert-success")).to_contain_text("“村容村貌新”已审核")
    desk.get_by_role("button", name="同意本村全部自评").click()
    desk.goto(f"{live_server.url}/stars/rounds/{found.pk}/")
    desk.get_by_role("link", name="公示评星结果").click()
    expect(desk.locator("#confirm-warning")).to_contain_text("公示后评星结果冻结")
    desk.get_by_role("button", name="确认公示").click()
    expect(desk.locator("#round-status")).to_have_text("公示中")
    expect(desk.locator("#levels")).to_have_text("2个党支部中八星级1个，七星级1个")
    context.close()

    found = RatingRound.objects.get(pk=found.pk)
    assert found.status == RoundStatus.PUBLICITY
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.self_stars, v1.stars) == (7, 7) and (v2.self_stars, v2.stars) == (9, 8)
    mark = CriterionMark.objects.get(rating=v2, criterion=criteria[4])
    assert (mark.self_met, mark.reviewed_met, mark.review_note) == (True, False, "整治前后照片不全")
    assert MarkEvidence.objects.filter(
        mark__rating=v1, mark__criterion=first, original_name="三会一课记录.pdf"
    ).exists()
