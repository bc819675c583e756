"""Three-colour management: weekly reviews, colour decisions with reasons, colour history and the board."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.access import SHARED_READ_ONLY
from township import selectors, services
from township.models import ReviewFinding, RiskReview, VillageColour
from township.services import COLOUR_REASON_REQUIRED, COLOUR_TOWNSHIP_ONLY, FindingInput
from visits import selectors as visit_selectors

D = datetime.date
NEW = reverse("township:review_new")


def review(world, held_on, decisions, level="township", village=None, user=None):
    """Record a review through the service: ``decisions`` maps a village to (colour, reason)."""
    r = RiskReview(township=world.t1, held_on=held_on, attendees="张书记、李镇长", level=level, village=village)
    items = [FindingInput(village=v, findings="研判", colour=c, reason=why) for v, (c, why) in decisions.items()]
    return services.review_save(r, items, today=D(2030, 1, 1), user=user)


def form_data(world, held_on, rows, **extra):
    data = {"held_on": held_on.isoformat(), "level": "township", "attendees": "张书记、李镇长", "summary": ""}
    for village, (findings, colour, reason) in rows.items():
        data.update(
            {f"v{village.pk}-findings": findings, f"v{village.pk}-colour": colour, f"v{village.pk}-reason": reason}
        )
    data.update(extra)
    return data


def test_a_colour_decision_without_a_reason_is_refused_and_nothing_saved(personas, login, world):
    data = form_data(world, D(2024, 3, 4), {world.v1: ("河道淤堵", "red", ""), world.v2: ("平稳", "", "")})
    response = login(personas.office).post(NEW, data)
    assert response.status_code == 200
    assert COLOUR_REASON_REQUIRED in response.content.decode()
    assert (RiskReview.objects.count(), ReviewFinding.objects.count(), VillageColour.objects.count()) == (0, 0, 0)


def test_a_review_records_findings_and_colour_decisions_from_its_date(personas, login, world):
    data = form_data(world, D(2024, 3, 4), {world.v1: ("河道淤堵", "red", "汛期隐患集中"), world.v2: ("平稳", "", "")})
    response = login(personas.office).post(NEW, data)
    assert response.status_code == 302
    r = RiskReview.objects.get()
    assert (r.township, r.recorded_by, r.attendee_count) == (world.t1, personas.office, 2)
    assert ReviewFinding.objects.filter(review=r).count() == 2
    entry = VillageColour.objects.get()
    assert (entry.village, entry.colour, entry.effective_from, entry.reason) == (
        world.v1,
        "red",
        D(2024, 3, 4),
        "汛期隐患集中",
    )
    detail = login(personas.office).get(reverse("township:review_detail", args=[r.pk])).content.decode()
    assert "汛期隐患集中" in detail and "河道淤堵" in detail


def test_colour_on_a_date_follows_the_history(world):
    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定"), world.v2: ("yellow", "关注")})
    review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头")})
    review(world, D(2024, 5, 6), {world.v1: ("green", "已化解")})

    def colour(day):
        return {v.name: v.colour for v in selectors.villages_with_colour(world.t1, day)}

    assert colour(D(2024, 1, 7)) == {"苇水村": None, "九光村": None}
    assert colour(D(2024, 1, 8)) == {"苇水村": "green", "九光村": "yellow"}
    assert colour(D(2024, 3, 3))["苇水村"] == "green"
    assert colour(D(2024, 3, 4))["苇水村"] == "red"
    assert colour(D(2024, 5, 5))["苇水村"] == "red"
    assert colour(D(2024, 12, 31)) == {"苇水村": "green", "九光村": "yellow"}
    history = selectors.colour_history(world.v1)
    assert [(h.effective_from, h.colour) for h in history] == [
        (D(2024, 5, 6), "green"),
        (D(2024, 3, 4), "red"),
        (D(2024, 1, 8), "green"),
    ]


def test_a_decision_keeping_the_colour_adds_no_history_entry(world):
    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定")})
    review(world, D(2024, 1, 15), {world.v1: ("green", "继续保持")})
    assert VillageColour.objects.count() == 1
    assert ReviewFinding.objects.filter(colour="green").count() == 2


def test_a_back_dated_decision_takes_effect_between_later_ones(world):
    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定")})
    review(world, D(2024, 5, 6), {world.v1: ("red", "重点")})
    review(world, D(2024, 3, 4), {world.v1: ("yellow", "关注")})
    assert [
        v.colour for v in selectors.villages_with_colour(world.v1.parent, D(2024, 4, 1)) if v.pk == world.v1.pk
    ] == ["yellow"]


def test_only_a_township_meeting_decides_colours(world):
    with pytest.raises(ValidationError) as exc:
        review(world, D(2024, 1, 11), {world.v1: ("red", "理由")}, level="village", village=world.v1)
    assert COLOUR_TOWNSHIP_ONLY in str(exc.value)
    assert RiskReview.objects.count() == 0


def test_editing_a_review_replaces_its_decisions(personas, login, world):
    r = review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头")})
    data = form_data(world, D(2024, 3, 4), {world.v1: ("复核", "yellow", "已初步化解")})
    response = login(personas.office).post(reverse("township:review_edit", args=[r.pk]), data)
    assert response.status_code == 302
    assert list(VillageColour.objects.values_list("village", "colour")) == [(world.v1.pk, "yellow")]
    assert ReviewFinding.objects.get().findings == "复核"


def test_two_township_meetings_on_one_day_are_refused(personas, login, world):
    review(world, D(2024, 3, 4), {})
    response = login(personas.office).post(NEW, form_data(world, D(2024, 3, 4), {}))
    assert "这一天已有本镇镇级会议的周例会记录" in response.content.decode()
    assert RiskReview.objects.count() == 1


def test_a_meeting_needs_attendees_and_cannot_be_in_the_future(personas, login, world):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = login(personas.office).post(NEW, form_data(world, tomorrow, {}, attendees=" 、 "))
    body = response.content.decode()
    assert services.REVIEW_NO_ATTENDEES in body and services.REVIEW_IN_FUTURE in body
    assert RiskReview.objects.count() == 0


def test_secretary_records_their_village_meeting_and_sees_only_it(personas, login, world):
    township_review = review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头")})
    client = login(personas.secretary)
    page = client.get(NEW).content.decode()
    assert "苇水村" in page and "九光村" not in page
    data = form_data(world, D(2024, 3, 7), {world.v1: ("本村研判", "", "")}, level="village", village=world.v1.pk)
    response = client.post(NEW, data)
    assert response.status_code == 302
    mine = RiskReview.objects.get(village=world.v1)
    assert mine.level == "village"
    assert client.get(reverse("township:review_detail", args=[mine.pk])).status_code == 200
    # The township's meeting is read by its villages (decision 0011), but only the office corrects it.
    assert client.get(reverse("township:review_detail", args=[township_review.pk])).status_code == 200
    edit = client.get(reverse("township:review_edit", args=[township_review.pk]))
    assert edit.status_code == 403 and SHARED_READ_ONLY.format(action="修改") in edit.content.decode()
    assert client.post(reverse("township:review_edit", args=[township_review.pk]), data).status_code == 403
    assert RiskReview.objects.get(pk=township_review.pk).village is None


def test_a_township_meeting_is_read_by_its_villages_each_seeing_its_own_finding(personas, login, world):
    meeting = review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头"), world.v2: ("yellow", "九光村道路塌方")})
    other_village = review(world, D(2024, 3, 6), {world.v2: ("", "")}, level="village", village=world.v2)
    detail = reverse("township:review_detail", args=[meeting.pk])
    secretary = login(personas.secretary)
    page = secretary.get(detail).content.decode()
    assert "信访苗头" in page and "张书记" in page
    assert "九光村道路塌方" not in page and "九光村" not in page  # another village's finding stays hidden
    assert reverse("township:review_edit", args=[meeting.pk]) not in page
    listed = secretary.get(reverse("township:reviews")).content.decode()
    row = listed[listed.index(detail) :].split("</tr>")[0]
    assert "<td>1</td><td>1</td>" in row  # its counts are of the findings the secretary sees
    assert reverse("township:review_detail", args=[other_village.pk]) not in listed
    assert secretary.get(reverse("township:review_detail", args=[other_village.pk])).status_code == 404
    # The village page links the meeting that decided the colour, and the link opens.
    village_page = secretary.get(reverse("township:village", args=[world.v1.pk])).content.decode()
    assert detail in village_page
    # Grid staff read the meeting too (no village finding is theirs); another township does not.
    grid_page = login(personas.grid).get(detail).content.decode()
    assert "张书记" in grid_page and "信访苗头" not in grid_page
    assert login(personas.office2).get(detail).status_code == 404
    office = login(personas.office).get(detail).content.decode()
    assert "信访苗头" in office and "九光村道路塌方" in office


def test_review_pages_roles(personas, login, world):
    r = review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头")})
    assert login(personas.leader).get(reverse("township:reviews")).status_code == 200
    assert login(personas.leader).get(NEW).status_code == 403
    assert login(personas.grid).get(NEW).status_code == 403
    assert login(personas.member).get(reverse("township:reviews")).status_code == 403
    assert login(personas.office2).get(reverse("township:review_detail", args=[r.pk])).status_code == 404
    assert "信访苗头" not in login(personas.office2).get(reverse("township:reviews")).content.decode()


def test_board_groups_villages_by_colour_on_the_chosen_day(personas, login, world):
    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定"), world.v2: ("yellow", "关注")})
    review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头")})
    client = login(personas.office)
    body = client.get(reverse("township:board"), {"date": "2024-03-10"}).content.decode()
    red = body[body.index('id="board-red"') : body.index('id="board-yellow"')]
    yellow = body[body.index('id="board-yellow"') : body.index('id="board-green"')]
    assert "苇水村" in red and "九光村" in yellow
    body = client.get(reverse("township:board"), {"date": "2024-02-01"}).content.decode()
    green = body[body.index('id="board-green"') : body.index('id="board-none"')]
    assert "苇水村" in green
    assert "上郊村" not in client.get(reverse("township:board")).content.decode()
    assert "上郊村" in login(personas.office2).get(reverse("township:board")).content.decode()


def test_village_page_shows_history_with_reasons_and_is_404_outside_scope(personas, login, world):
    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定")})
    review(world, D(2024, 3, 4), {world.v1: ("red", "信访苗头集中")})
    url = reverse("township:village", args=[world.v1.pk])
    body = login(personas.secretary).get(url).content.decode()
    assert "信访苗头集中" in body and "2024年1月8日 至 2024年3月3日" in body and "2024年3月4日 至 今" in body
    assert login(personas.secretary).get(reverse("township:village", args=[world.v2.pk])).status_code == 404
    assert login(personas.office2).get(url).status_code == 404
    assert login(personas.member).get(url).status_code == 403


def test_section_four_figures_count_by_the_colour_on_the_day(world):
    from tests.visits.helpers import demand, risk

    review(world, D(2024, 1, 8), {world.v1: ("green", "稳定"), world.v2: ("yellow", "关注")})
    review(world, D(2024, 3, 4), {world.v1: ("yellow", "汛期")})
    demand(world.v1, raised_on=D(2024, 2, 1), resolved_on=D(2024, 2, 20))  # green when resolved
    demand(world.v1, raised_on=D(2024, 2, 1), resolved_on=D(2024, 3, 5))  # yellow by then
    demand(world.v2, kind="problem", raised_on=D(2024, 2, 2), resolved_on=D(2024, 2, 9))  # yellow village
    demand(world.v1, kind="problem", raised_on=D(2024, 3, 10))  # v1 yellow by then, not yet solved
    demand(world.v1, kind="problem", raised_on=D(2024, 2, 10))  # v1 still green then
    demand(world.v3, raised_on=D(2024, 2, 1), resolved_on=D(2024, 2, 3))  # another township
    risk(world.v1, found_on=D(2024, 2, 1))
    risk(world.v3, found_on=D(2024, 2, 1))
    figures = selectors.three_colour_figures(world.t1, D(2024, 1, 1), D(2024, 3, 31))
    assert (figures.villages, figures.villages_with_ledger) == (2, 1)
    assert (figures.green, figures.yellow, figures.red, figures.unrated) == (0, 2, 0, 0)
    assert figures.reviews == 2 and figures.risks_found == 1
    # What green and yellow villages solved is the contact system's figure, by the colour on the day.
    by_colour = visit_selectors.demand_colour_figures(world.t1, D(2024, 1, 1), D(2024, 3, 31))
    assert by_colour["demands_resolved_green"] == 1
    assert (by_colour["problems_found_yellow"], by_colour["problems_resolved_yellow"]) == (2, 1)
    early = selectors.three_colour_figures(world.t1, D(2024, 1, 1), D(2024, 2, 28))
    early_by_colour = visit_selectors.demand_colour_figures(world.t1, D(2024, 1, 1), D(2024, 2, 28))
    assert (early.green, early.yellow, early_by_colour["demands_resolved_green"]) == (1, 1, 1)


def test_section_three_figures(world, personas):
    from tests import factories as f
    from tests.visits.helpers import assign, visit

    cadre = f.UserFactory(username="c", role="office", scope_node=world.t1)
    leader = f.UserFactory(username="l", role="leader", scope_node=world.t1)
    assign(cadre, household=world.h1)
    assign(cadre, household=world.h2)
    assign(leader, village=world.v1, kind="leadership")
    visit(cadre, world.h1, D(2024, 2, 1))
    visit(cadre, world.h1, D(2024, 2, 20))
    visit(cadre, world.h4, D(2024, 2, 3))
    visit(cadre, world.h2, D(2024, 4, 3))  # outside the period
    figures = visit_selectors.contact_figures(world.t1, D(2024, 2, 1), D(2024, 2, 29))
    assert (figures.households_each, figures.visits_per_month, figures.days_per_week) == (10, 8, 2)
    assert (figures.cadres, figures.leadership_members, figures.leadership_villages) == (1, 1, 1)
    assert (figures.contact_households, figures.visits, figures.households_visited) == (2, 3, 2)
    assert figures.contact_households_visited == 1
    assert visit_selectors.contact_figures(world.t2, D(2024, 2, 1), D(2024, 2, 29)).visits == 0


@pytest.mark.parametrize("url_name", ["township:board", "township:reviews", "township:review_new"])
def test_colour_pages_query_count_does_not_grow(url_name, personas, login, world, count_queries):
    from tests import factories as f
    from tests.visits.helpers import demand, risk

    client = login(personas.office)

    def grow(n, start):
        for i in range(n):
            v = f.VillageFactory(parent=world.t1, name=f"新村{start + i}", code=f"NV{start + i}")
            review(world, D(2024, 1, 1) + datetime.timedelta(days=start + i), {v: ("yellow", "关注")})
            risk(v, found_on=D(2024, 2, 1))
            demand(v, raised_on=D(2024, 2, 1))

    grow(2, 0)
    client.get(reverse(url_name))
    with count_queries() as small:
        assert client.get(reverse(url_name)).status_code == 200
    grow(6, 100)
    with count_queries() as large:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(small) == len(large) <= 25


def test_village_and_review_detail_query_count_is_fixed(personas, login, world, count_queries):
    from tests.visits.helpers import demand, risk

    client = login(personas.office)
    r = review(world, D(2024, 1, 8), {world.v1: ("green", "稳定"), world.v2: ("yellow", "关注")})
    risk(world.v1, found_on=D(2024, 1, 9))
    demand(world.v1, raised_on=D(2024, 1, 9))
    urls = [reverse("township:village", args=[world.v1.pk]), reverse("township:review_detail", args=[r.pk])]
    before = []
    for url in urls:
        client.get(url)
        with count_queries() as q:
            client.get(url)
        before.append(len(q))
    for i in range(6):
        review(world, D(2024, 2, 1) + datetime.timedelta(days=7 * i), {world.v1: (["red", "green"][i % 2], "调整")})
        risk(world.v1, found_on=D(2024, 2, 1))
        demand(world.v1, raised_on=D(2024, 2, 1))
    for url, n in zip(urls, before, strict=True):
        with count_queries() as q:
            client.get(url)
        assert len(q) == n <= 25
