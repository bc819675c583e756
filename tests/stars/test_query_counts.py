"""Every star page runs a fixed number of queries, whatever the data size: measured with 3 and with
30 villages (× 10 criteria, with evidence, secretaries, appraisals and a rating run), ceiling 25."""

import datetime

import pytest
from django.urls import reverse

from places.models import Area
from stars import services
from stars.models import CriterionMark, MarkEvidence, Secretary, SecretaryAppraisal
from tests import factories as f
from tests.stars.conftest import TODAY, YEAR

pytestmark = pytest.mark.django_db
CEILING = 25


def build(world, personas, villages: int):
    township = f.TownshipFactory(name=f"测{villages}镇", code=f"Q{villages}")
    for i in range(villages):
        village = f.VillageFactory(name=f"测{villages}村{i}", code=f"Q{villages}V{i:02d}", parent=township)
        f.GridFactory(name=f"测{villages}村{i}第1网格", code=f"Q{villages}V{i:02d}G1", parent=village)
    Area.objects.rebuild()
    township.refresh_from_db()
    services.standard_load_defaults(township, YEAR)
    found = services.round_open(township, YEAR, user=None, today=TODAY)
    marks = list(CriterionMark.objects.filter(rating__round=found))
    CriterionMark.objects.filter(pk__in=[m.pk for m in marks]).update(self_met=True)
    MarkEvidence.objects.bulk_create(
        [
            MarkEvidence(
                mark=m,
                file="x.pdf",
                original_name="x.pdf",
                kind="pdf",
                size=1,
            )
            for m in marks
        ]
    )
    for rating in found.ratings.all():
        services.recount(rating)
    secretaries = Secretary.objects.bulk_create(
        [
            Secretary(township=township, village=v, name=f"书记{i}", appointed_on=datetime.date(2015 + i % 10, 3, 1))
            for i, v in enumerate(Area.objects.villages().filter(parent=township))
        ]
    )
    SecretaryAppraisal.objects.bulk_create(
        [
            SecretaryAppraisal(secretary=s, township=township, village=s.village, year=y, result="excellent")
            for s in secretaries
            for y in (2023, 2024, 2025)
        ]
    )
    run = services.secretary_run_compute(township, 2026, user=None, today=TODAY)
    office = f.UserFactory(username=f"office{villages}", role=personas.office.role, scope_node=township)
    secretary = f.UserFactory(
        username=f"sec{villages}", role=personas.secretary.role, scope_node=secretaries[0].village
    )
    rating = found.ratings.get(village=secretaries[0].village)
    return {
        "township": township,
        "round": found,
        "run": run,
        "office": office,
        "secretary": secretary,
        "rating": rating,
        "mark": marks[0],
    }


def urls(scene):
    return [
        ("office", reverse("stars:index")),
        ("office", reverse("stars:standard") + f"?year={YEAR}"),
        ("office", reverse("stars:settings")),
        ("office", reverse("stars:board", args=[scene["round"].pk])),
        ("office", reverse("stars:board", args=[scene["round"].pk]) + "?sort=stars"),
        ("secretary", reverse("stars:board", args=[scene["round"].pk])),
        ("office", reverse("stars:rating", args=[scene["rating"].pk])),
        ("secretary", reverse("stars:rating", args=[scene["rating"].pk])),
        ("office", reverse("stars:correct", args=[scene["rating"].pk])),
        ("office", reverse("stars:run", args=[scene["run"].pk])),
        ("office", reverse("stars:remuneration", args=[scene["run"].pk])),
        ("office", "/r/star_criteria/"),
        ("office", "/r/branch_ratings/"),
        ("office", f"/r/branch_ratings/{scene['mark'].pk}/"),
        ("office", "/r/branch_ratings/export/"),
        ("office", "/r/secretaries/"),
        ("office", f"/r/secretaries/{scene['run'].ratings.first().secretary_id}/"),
        ("office", "/r/secretary_appraisals/"),
        ("office", "/r/secretary_records/"),
    ]


def measure(client, scene, count_queries):
    found = {}
    for i, (who, url) in enumerate(urls(scene)):
        client.force_login(scene[who])
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200, url
        found[(i, who, "".join(c for c in url if not c.isdigit()))] = len(q)
    return found


def test_star_pages_have_a_fixed_query_count_at_two_sizes(client, world, personas, count_queries):
    small = measure(client, build(world, personas, 3), count_queries)
    large = measure(client, build(world, personas, 30), count_queries)
    assert small == large, {k: (small[k], large[k]) for k in small if small[k] != large.get(k)}
    too_many = {k: v for k, v in large.items() if v > CEILING}
    assert not too_many, too_many


def test_the_board_of_30_villages_and_10_criteria_in_a_fixed_number_of_queries(client, world, personas, count_queries):
    scene = build(world, personas, 30)
    client.force_login(scene["office"])
    services.round_close_self(scene["round"], user=None, today=TODAY)  # review: suggestions are read too
    with count_queries() as q:
        page = client.get(reverse("stars:board", args=[scene["round"].pk])).content.decode()
    assert page.count('id="v') == 30 and page.count("证1") == 300
    assert len(q) <= 20, [x["sql"][:120] for x in q.captured_queries]


def test_the_home_page_panel_adds_two_queries_at_most(rf, world, personas, count_queries):
    from stars.dashboard import star_panel

    scene = build(world, personas, 3)
    for who in ("office", "secretary"):
        request = rf.get("/")
        request.user = type(scene[who]).objects.select_related("scope_node").get(pk=scene[who].pk)
        with count_queries() as q:
            template, context = star_panel(request)
        assert len(q) <= 2 and context["round"] == scene["round"]
    assert context["own"] == scene["rating"]
