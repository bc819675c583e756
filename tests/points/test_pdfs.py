"""PDFs by WeasyPrint: the ranking notices (rendered by the Celery task and stored), the rule book and
the handbook. Checked with pdftotext (names, title) and pdffonts (a CJK font embedded)."""

import datetime
import subprocess

import pytest
from django.urls import reverse

from accounts.roles import Role
from points import services, tasks
from points.choices import ScopeKind
from points.models import RankingNotice, RankingSnapshot
from tests import factories as f
from tests.points.conftest import MARCH, TODAY, give


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def pdf_fonts(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    return out.splitlines()[2:]


def assert_cjk_font_embedded(data, tmp_path):
    fonts = pdf_fonts(data, tmp_path)
    cjk = [line for line in fonts if "CJK" in line]
    assert cjk, fonts
    # pdffonts columns: name type encoding emb sub uni object ID
    assert all(line.split()[-5] == "yes" for line in cjk), cjk


@pytest.fixture
def published(points, personas, world, django_capture_on_commit_callbacks):
    """March 2025 ranked in t1 and every scope published; the notices rendered by the task."""
    second = f.MemberFactory(grid=world.g2, name="欧阳娜娜")
    give(world.m1, points.patrol, 3, times=2)
    give(second, points.meeting, 2, times=3)
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    with django_capture_on_commit_callbacks(execute=True):  # eager Celery in tests: the task runs here
        for snapshot in outcome.snapshots:
            services.ranking_publish(snapshot=snapshot, user=personas.office, today=TODAY)
    return {s.scope_kind: s for s in outcome.snapshots}


def test_the_township_notice_lists_every_member_with_cjk_font_embedded(published, world, tmp_path):
    notice = RankingNotice.objects.get(snapshot=published[ScopeKind.OVERALL])
    assert notice.village_id is None and notice.row_count == 2
    data = notice.file.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "东城镇党员积分月榜公示（2025年3月）" in text
    assert "刘洋" in text and "欧阳娜娜" in text and "苇水村" in text
    assert "金融服务·AA级信用" not in text  # year thresholds do not apply to a month
    assert_cjk_font_embedded(data, tmp_path)


def test_a_village_notice_names_the_village_and_the_period(published, world, tmp_path):
    notice = RankingNotice.objects.get(snapshot=published[ScopeKind.VILLAGE], village=world.v1)
    assert notice.title == "苇水村党员积分月榜公示（2025年3月）"
    text = pdf_text(notice.file.read(), tmp_path)
    assert "苇水村党员积分月榜公示（2025年3月）" in text and "刘洋" in text


def test_the_tier_notice_has_a_section_per_tier(published, tmp_path):
    notice = RankingNotice.objects.get(snapshot=published[ScopeKind.TIER])
    text = pdf_text(notice.file.read(), tmp_path)
    assert "普通农村党员" in text and "欧阳娜娜" in text


def test_rendering_again_replaces_the_notice(published, tmp_path):
    snapshot = published[ScopeKind.OVERALL]
    first = RankingNotice.objects.get(snapshot=snapshot)
    tasks.ranking_notices_render(snapshot.pk)
    again = RankingNotice.objects.get(snapshot=snapshot)
    assert again.pk == first.pk and RankingNotice.objects.filter(snapshot=snapshot).count() == 1


def test_a_draft_has_no_notice(points, world):
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    assert tasks.ranking_notices_render(outcome.snapshots[0].pk) == []
    assert not RankingNotice.objects.exists()


def test_notices_download_within_scope(published, personas, login, world):
    township_notice = RankingNotice.objects.get(snapshot=published[ScopeKind.OVERALL])
    village_notice = RankingNotice.objects.get(snapshot=published[ScopeKind.VILLAGE], village=world.v1)
    office = login(personas.office)
    response = office.get(reverse("points:notice", args=[township_notice.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    page = office.get(reverse("points:ranking", args=[published[ScopeKind.OVERALL].pk])).content.decode()
    assert "东城镇党员积分月榜公示（2025年3月）（PDF）" in page
    secretary = login(personas.secretary)
    assert secretary.get(reverse("points:notice", args=[village_notice.pk])).status_code == 200
    # The township's notice is read by its secretaries, as the ranking it prints (decision 0011).
    response = secretary.get(reverse("points:notice", args=[township_notice.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    page = secretary.get(reverse("points:ranking", args=[published[ScopeKind.OVERALL].pk])).content.decode()
    assert reverse("points:notice", args=[township_notice.pk]) in page
    other_secretary = login(f.UserFactory(username="sec_v2", role=Role.SECRETARY, scope_node=world.v2))
    assert other_secretary.get(reverse("points:notice", args=[village_notice.pk])).status_code == 404
    assert other_secretary.get(reverse("points:notice", args=[township_notice.pk])).status_code == 200
    assert login(personas.grid).get(reverse("points:notice", args=[township_notice.pk])).status_code == 403
    assert login(personas.office2).get(reverse("points:notice", args=[village_notice.pk])).status_code == 404
    assert login(personas.office2).get(reverse("points:notice", args=[township_notice.pk])).status_code == 404


def test_the_rule_book_prints(points, personas, login, tmp_path):
    response = login(personas.office).get(reverse("points:rulebook_pdf", args=[points.book.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "东城镇农村党员干部积分制管理办法" in text and "森林防火" in text and "SL01" in text
    assert "年老体弱党员" in text and "月上限4" in text and "以苇水村为试点" in text
    assert_cjk_font_embedded(response.content, tmp_path)


def test_the_handbook_prints_the_members_year(points, personas, login, world, tmp_path):
    give(world.m1, points.meeting, 2, times=2)
    give(world.m1, points.patrol, 3, day=datetime.date(2025, 4, 2))
    response = login(personas.member).get(reverse("points:handbook_own_pdf") + "?year=2025")
    text = pdf_text(response.content, tmp_path)
    assert "党员积分管理手册" in text and "刘洋" in text and "2025年3月" in text and "2025年4月" in text
    assert "参加三会一课" in text
    assert_cjk_font_embedded(response.content, tmp_path)


def test_publishing_enqueues_the_notice_task_after_commit(points, personas, world, django_capture_on_commit_callbacks):
    (outcome,) = services.rankings_compute(period_kind="month", on_date=MARCH, today=TODAY, townships=[world.t1])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.ranking_publish(snapshot=outcome.snapshots[0], user=personas.office, today=TODAY)
    assert len(callbacks) == 1 and not RankingNotice.objects.exists()
    assert RankingSnapshot.objects.get(pk=outcome.snapshots[0].pk).is_published
