"""Training attendees: a count, or party members picked from the registers (scoped to the user and the
training's township), or both; bad input refused in Chinese with nothing saved; fixed query ceilings."""

import pytest
from django.urls import reverse

from tests import factories as f
from tests.worklog.conftest import TODAY
from worklog import services
from worklog.models import Training

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {
        "number": "", "held_on": "2025-03-20", "topic": "网格治理培训", "kind": "topic", "audience": "cadres",
        "trainer": "党校讲师", "place": "镇会议室", "attendee_count": "", "notes": "",
    }  # fmt: skip
    data.update(extra)
    return data


def snapshot():
    through = Training.attendees.through
    return (
        list(Training.objects.order_by("pk").values_list("pk", "topic", "attendee_count")),
        sorted(through.objects.values_list("training_id", "member_id")),
    )


def test_the_picker_offers_the_members_of_the_users_township_only(log, login):
    w = log.world
    page = login(log.personas.office).get(reverse("trainings_create")).content.decode()
    assert 'name="attendees"' in page
    assert f'value="{w.m1.pk}"' in page and "刘洋（苇水村）" in page and "陈静（九光村）" in page
    assert f'value="{w.m3.pk}"' not in page  # 孙杰 is a member of the other township


def test_members_picked_set_the_count_and_show_on_the_detail_page(log, login):
    w = log.world
    client = login(log.personas.office)
    response = client.post(reverse("trainings_create"), form_data(attendees=[w.m1.pk, w.m2.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    training = Training.objects.get(topic="网格治理培训")
    assert training.attendee_count == 2
    assert set(training.attendees.all()) == {w.m1, w.m2}
    detail = client.get(reverse("trainings_detail", args=[training.pk])).content.decode()
    assert "参训党员（2 名" in detail and "刘洋（苇水村）" in detail
    # Others not in the register attended too: the count is the total, the picked members stay.
    edit = client.post(
        reverse("trainings_edit", args=[training.pk]),
        form_data(number=training.number, attendees=[w.m1.pk], attendee_count="45"),
    )
    assert edit.status_code == 302
    training.refresh_from_db()
    assert training.attendee_count == 45 and list(training.attendees.all()) == [w.m1]


def test_a_count_alone_is_still_allowed(log, login):
    response = login(log.personas.office).post(reverse("trainings_create"), form_data(attendee_count="120"))
    assert response.status_code == 302
    training = Training.objects.get(topic="网格治理培训")
    assert training.attendee_count == 120 and not training.attendees.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"attendees": ["m3"]}, "不在您可选的本乡镇党员名册中"),  # another township's member (pk put in below)
        ({"attendees": ["abc"]}, "所选的参训党员“abc”不在您可选的本乡镇党员名册中"),
        ({"attendees": ["m1", "m2"], "attendee_count": "1"}, "参训人数（1）少于所选的参训党员（2 名）"),
        ({"attendee_count": "-5"}, "确保该值大于或等于0"),
        ({"attendee_count": "十"}, "输入整数"),
        ({"held_on": "2999-01-01", "attendees": ["m1"]}, "不能晚于今天"),
    ],
)
def test_bad_attendees_are_refused_with_nothing_saved(log, login, extra, message):
    w = log.world
    members = {"m1": w.m1.pk, "m2": w.m2.pk, "m3": w.m3.pk}
    if "attendees" in extra:
        extra = extra | {"attendees": [members.get(v, v) for v in extra["attendees"]]}
    before = snapshot()
    response = login(log.personas.office).post(reverse("trainings_create"), form_data(**extra))
    assert response.status_code == 200
    assert message in response.content.decode(), response.context["form"].errors
    assert snapshot() == before


def test_the_service_refuses_members_of_another_township(log):
    w = log.world
    training = Training(
        township=w.t1, held_on=TODAY, topic="外镇党员", audience="cadres", trainer="讲师", attendee_count=0
    )
    before = snapshot()
    with pytest.raises(Exception, match="参训党员不属于本乡镇：孙杰"):
        services.training_save(training, [w.m1, w.m3], today=TODAY)
    assert snapshot() == before


def test_the_training_pages_cost_the_same_queries_with_few_and_many_members(log, login, count_queries):
    w = log.world
    client = login(log.personas.office)
    training = log.one.training
    training.attendees.set([w.m1, w.m2])
    urls = [reverse("trainings_create"), reverse("trainings_edit", args=[training.pk]),
            reverse("trainings_detail", args=[training.pk])]  # fmt: skip

    def measure():
        counts = []
        for url in urls:
            with count_queries() as q:
                assert client.get(url).status_code == 200
            counts.append(len(q))
        return counts

    small = measure()
    many = [f.MemberFactory(grid=w.g1 if n % 2 else w.g4) for n in range(30)]
    training.attendees.add(*many)
    large = measure()
    assert small == large and max(large) <= 25
