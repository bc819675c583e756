"""Section (八) of the progress report from a hand-built township: the selector's figures (None
where no data stands behind one) and the report's sentences filled with them."""

import datetime
from decimal import Decimal

import pytest

from economy import selectors, services
from economy.models import DutyItem, SystemKind, VillageRule, VillageSystem
from reports import services as report_services
from reports.rules import period_of
from tests.economy.conftest import claim, income, organisation

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 10, 20)


def build(world):
    w = world
    income(w.v1, target=Decimal("30"), actual=Decimal("20"), model_village=True, route="funds")
    income(w.v2, target=Decimal("6"), actual=Decimal("2"), to_lift=True, route="enterprise")
    income(w.v3, target=Decimal("6"), to_lift=True, model_village=True, route="assets")  # the other township
    done = {"contracts_checked": True, "debts_surveyed": True}
    o1 = organisation(w.v1, "N1", publicised_on=D(2026, 9, 1), **done)
    organisation(w.v1, "N1b", publicised_on=D(2026, 11, 1), **done)  # publicised after the period
    o2 = organisation(w.v2, "N2", contracts_checked=True)
    organisation(w.v3, "N3", publicised_on=D(2026, 1, 1), **done)
    c1 = claim(o1, amount="80000.00")
    d2 = claim(o2, kind="debt", amount="100000.00")
    services.entry_add(c1, amount=Decimal("12345.00"), entry_on=D(2026, 10, 3), today=TODAY)
    services.entry_add(c1, amount=Decimal("55.00"), entry_on=D(2026, 10, 31), today=D(2026, 11, 1))
    services.entry_add(c1, amount=Decimal("1000.00"), entry_on=D(2026, 9, 30), today=TODAY)  # September
    services.entry_add(d2, amount=Decimal("25000.00"), entry_on=D(2026, 10, 10), today=TODAY)
    kinds = [SystemKind.objects.create(township=w.t1, name=n, order=i) for i, n in
             enumerate(["资金往来", "合同签订", "“三重一大”", "“四议两公开”", "村务监督"])]  # fmt: skip
    for kind in kinds[:4]:
        VillageSystem.objects.create(township=w.t1, village=w.v1, system=kind, adopted_on=D(2026, 3, 1))
    VillageSystem.objects.create(township=w.t1, village=w.v2, system=kinds[4], adopted_on=D(2026, 12, 1))
    for n in range(1, 4):
        DutyItem.objects.create(township=w.t1, village=w.v1, kind="personalised", number=n, post="村党支部书记",
                                content="事项", issued_on=D(2026, 4, 1))  # fmt: skip
    DutyItem.objects.create(township=w.t1, village=None, kind="personalised", number=1, post="包村干部",
                            content="镇级事项", issued_on=D(2026, 4, 1))  # fmt: skip
    DutyItem.objects.create(township=w.t1, village=w.v2, kind="negative", number=1, post="村委会主任",
                            content="负面事项", issued_on=D(2026, 4, 1))  # fmt: skip
    VillageRule.objects.create(township=w.t1, village=w.v1, adopted_on=D(2019, 5, 1), articles=12)
    VillageRule.objects.create(township=w.t1, village=w.v1, adopted_on=D(2025, 5, 1), articles=27)
    VillageRule.objects.create(township=w.t1, village=w.v2, adopted_on=D(2024, 5, 1), articles=21)
    VillageRule.objects.create(township=w.t1, village=w.v2, adopted_on=D(2026, 12, 1), articles=99)  # after


def test_the_figures_of_a_hand_built_township(world):
    build(world)
    f = selectors.key_point_figures(world.t1, D(2026, 10, 1), D(2026, 10, 31))
    assert f.model_villages == ["苇水"] and f.routes == ["资金注入", "村企联建"] and f.villages_to_lift == 1
    assert f.organisations_publicised == 1
    assert f.claims_collected == Decimal("1.24") and f.debts_resolved == Decimal("2.5")
    assert f.systems == ["资金往来", "合同签订", "“三重一大”", "“四议两公开”"]
    assert f.personalised_items == 4
    assert (f.villages_with_rules, f.rule_articles) == (2, 48)
    village = selectors.key_point_figures(world.v2, D(2026, 10, 1), D(2026, 10, 31))
    assert village.model_villages is None and village.villages_to_lift == 1
    assert (village.claims_collected, village.debts_resolved, village.organisations_publicised) == (None, 2.5, 0)
    assert (village.villages_with_rules, village.rule_articles, village.personalised_items) == (1, 21, 0)


def test_a_township_without_data_has_gaps_not_zeros(world):
    f = selectors.key_point_figures(world.t1, D(2026, 10, 1), D(2026, 10, 31))
    assert all(getattr(f, k) is None for k in f.__dataclass_fields__ if k != "notes")
    assert "还没有登记村集体经济收入" in f.notes["villages_to_lift"]


def test_the_reports_section_eight_is_filled_from_the_ledgers(world):
    build(world)
    report = report_services.report_for(world.t1, period_of("month", D(2026, 10, 15)))
    text = "\n".join(report_services.draft_document(report).lines())
    assert "推广苇水等村成功经验，通过资金注入、村企联建等途径，力争1个行政村集体经济取得明确提升。" in text
    assert "对1个集体经济组织合同清查、债权债务摸底完成公示，债权清收1.24万元，化解债务2.5万元" in text
    assert "建立健全资金往来、合同签订、“三重一大”、“四议两公开”等各项管理制度" in text
    assert "制定差异化个性清单4项" in text
    assert "建立健全2个村“村规民约”40余条" in text


def test_shortfalls_name_weak_villages_unpublicised_organisations_and_villages_without_rules(world):
    build(world)
    VillageRule.objects.filter(village=world.v2).delete()
    facts = selectors.economy_shortfalls(world.t1, D(2026, 10, 1), D(2026, 10, 31))
    texts = [s.text for s in facts]
    assert "九光村一个村集体经济收入低于5万元，仍属薄弱村，增收渠道单一。" in texts
    assert any("苇水村第二" in t or "合作社" in t for t in texts)
    assert "九光村一个村尚未建立“村规民约”。" in texts


def test_the_flags_of_the_year_are_read_as_they_stood_at_the_periods_end(world):
    from economy.models import CollectiveIncome

    build(world)
    row = CollectiveIncome.objects.get(village=world.v1)
    row.to_lift, row.model_village = True, False
    row.save()  # a change recorded now (December 2026), after October
    CollectiveIncome.history.filter(village=world.v1, history_type="+").update(
        history_date=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )
    october = selectors.key_point_figures(world.t1, D(2026, 10, 1), D(2026, 10, 31))
    # 苇水's flags as entered in February; 九光's row, entered only now, stands as the year's plan
    assert october.model_villages == ["苇水"] and october.villages_to_lift == 1
    now = selectors.key_point_figures(world.t1, D(2026, 12, 1), D(2026, 12, 31))
    assert now.model_villages is None and now.villages_to_lift == 2
