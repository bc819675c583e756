import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_smoke(scene, login, personas):
    c = login(personas.office)
    for url in [
        reverse("stars:index"),
        reverse("stars:standard"),
        reverse("stars:settings"),
        reverse("stars:board", args=[scene.round.pk]),
        reverse("stars:rating", args=[scene.v1.pk]),
        reverse("stars:round_close_self", args=[scene.round.pk]),
        reverse("stars:round_publish", args=[scene.round.pk]),
        reverse("stars:evidence", args=[scene.evidence.pk]),
        reverse("stars:run", args=[scene.run.pk]),
        reverse("stars:remuneration", args=[scene.run.pk]),
        "/r/star_criteria/",
        "/r/branch_ratings/",
        "/r/secretaries/",
        "/r/secretary_appraisals/",
        "/r/secretary_records/",
        f"/r/secretaries/{scene.secretaries[scene.v1.village_id].pk}/",
        "/r/branch_ratings/export/",
        "/r/star_criteria/export/",
        "/r/secretaries/export/",
        "/",
        "/r/star_criteria/new/",
        "/r/secretaries/new/",
    ]:
        r = c.get(url)
        print(url, r.status_code)
        assert r.status_code == 200, (url, r.content[:3000])
    c = login(personas.secretary)
    r = c.get(reverse("stars:rating", args=[scene.v1.pk]))
    assert "保存自评" in r.content.decode()
