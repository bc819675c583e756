"""清化收: organisations, contracts, claims and debts with dated entries, assets; imports in the
layouts offices keep (元 or 万元, three ways of writing a date), bad rows refused with nothing saved,
and the roll-ups by village and township against hand-built data."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from economy import selectors, services
from economy.models import Asset, ClaimDebt, ClaimEntry, Contract, EconomicOrganisation
from tests.economy.conftest import claim, contract, importing, xlsx

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 15)
CONTRACT_HEADERS = [
    "组织编码",
    "合同编号",
    "承包（租赁）方",
    "标的类别",
    "合同金额（元）",
    "起始日期",
    "到期日期",
    "清查结果",
]


def crow(number, org="N1", amount=5, start="2022-01-01", **values):
    """A contract sheet's row."""
    row = {"组织编码": org, "合同编号": number, "承包（租赁）方": "张三", "标的类别": "土地", "合同金额（元）": amount,
           "起始日期": start}  # fmt: skip
    row.update(values)
    return row


def contracts_snapshot():
    return sorted(
        Contract.objects.values_list("organisation_id", "number", "amount", "starts_on", "deadline", "status")
    )


def test_a_contract_sheet_in_yuan_with_dates_written_three_ways_imports(orgs, personas):
    rows = [
        crow("HT-1", amount=12000, start=D(2020, 3, 1), 到期日期="2030.2.28", 清查结果="规范"),
        crow(
            "HT-2", amount="3,500.50", start="2021年3月1日", 到期日期="2026-02-28", 清查结果="需整改", 标的类别="房屋"
        ),  # noqa: E501
        crow("HT-1", org="N2", amount=800.5, start="2019-01-01", 清查结果="", 标的类别="林地"),
    ]
    report = importing("contracts", xlsx(CONTRACT_HEADERS, rows), personas.office)
    assert report.ok and report.new == 3, [str(p) for p in report.problems]
    c1, c2 = Contract.objects.filter(organisation=orgs.o1).order_by("number")
    assert (c1.starts_on, c1.deadline, c1.amount, c1.village, c1.township) == (
        D(2020, 3, 1), D(2030, 2, 28), Decimal("12000.00"), orgs.o1.village, orgs.o1.township
    )  # fmt: skip
    assert (c2.starts_on, c2.amount, c2.status) == (D(2021, 3, 1), Decimal("3500.50"), "to_fix")
    assert Contract.objects.get(organisation=orgs.o2).status == "compliant"


def test_a_contract_sheet_in_wan_yuan_is_stored_in_yuan_and_exported_in_yuan(orgs, personas, login):
    headers = ["组织编码", "合同编号", "承包（租赁）方", "标的类别", "合同金额（万元）", "起始日期"]
    row = crow("HT-9", start="2020/3/1", **{"合同金额（万元）": 1.25})
    del row["合同金额（元）"]
    rows = [row]
    assert importing("contracts", xlsx(headers, rows), personas.office).ok
    assert Contract.objects.get().amount == Decimal("12500.00")
    exported = login(personas.office).get(reverse("contracts_export")).content
    again = importing("contracts", exported, personas.office)
    assert again.ok and again.unchanged == 1, again.problems


def test_bad_contract_rows_are_refused_and_nothing_is_saved(orgs, personas):
    contract(orgs.o1, "HT-1")
    before = contracts_snapshot()
    history = Contract.history.count()
    rows = [
        crow("HT-2", amount=-5),
        crow("HT-3", 到期日期="2021-12-31"),
        crow("HT-4", start="2022-02-30"),
        crow("HT-4"),
        crow("HT-5", org="N3"),
        crow("HT-6", amount="5.125"),
        crow("HT-1", amount=99, start="2024-01-01"),
    ]
    report = importing("contracts", xlsx(CONTRACT_HEADERS, rows), personas.office)
    text = [str(p) for p in report.problems]
    assert "第2行“合同金额（元）”列：金额不能为负数" in text
    assert "第3行“到期日期”列：到期日期不能早于起始日期" in text
    assert any(t.startswith("第4行“起始日期”列：日期“2022-02-30”无法识别") for t in text)
    assert "第5行“组织编码”列：与第4行的组织编码、合同编号重复" in text
    assert any(t.startswith("第6行“组织编码”列：找不到组织编码为“N3”") for t in text)
    assert "第7行“合同金额（元）”列：以元填写的金额最多保留两位小数，现为“5.125”" in text
    assert len(text) == 6  # row 8 (an update of HT-1) was fine, and it is not saved either
    assert contracts_snapshot() == before and Contract.history.count() == history


def test_the_contract_form_refuses_a_duplicate_number_in_one_organisation_only(orgs, personas, login):
    contract(orgs.o1, "HT-1")
    url = reverse("contracts_create")
    data = {"organisation": orgs.o1.pk, "number": "HT-1", "counterparty": "甲", "subject": "land", "amount": "10",
            "starts_on": "2024-01-01", "status": "compliant"}  # fmt: skip
    response = login(personas.office).post(url, data)
    assert response.status_code == 200 and Contract.objects.count() == 1
    data["organisation"] = orgs.o2.pk
    assert login(personas.office).post(url, data).status_code == 302
    assert Contract.objects.filter(number="HT-1").count() == 2


def test_entries_never_exceed_what_is_owed_and_keep_the_claim_in_step(orgs, personas):
    c = claim(orgs.o1, amount="1000.00")
    services.entry_add(c, amount=Decimal("400.00"), entry_on=D(2026, 1, 5), today=TODAY, user=personas.office)
    c.refresh_from_db()
    assert (c.settled, c.status, c.outstanding) == (Decimal("400.00"), "partly", Decimal("600.00"))
    with pytest.raises(ValidationError) as exc:
        services.entry_add(c, amount=Decimal("600.01"), entry_on=D(2026, 1, 6), today=TODAY)
    assert exc.value.message_dict == {"amount": ["本次清收600.01元超过尚未清收的600.00元"]}
    for bad, message in (
        ({"amount": Decimal("0"), "entry_on": D(2026, 1, 6)}, "清收金额应大于 0"),
        ({"amount": Decimal("1"), "entry_on": D(2026, 4, 1)}, "清收日期不能晚于今天"),
        ({"amount": Decimal("1"), "entry_on": D(2024, 4, 30)}, "清收日期不能早于发生日期（2024-05-01）"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.entry_add(c, today=TODAY, **bad)
    services.entry_add(c, amount=Decimal("600.00"), entry_on=D(2026, 2, 1), today=TODAY)
    c.refresh_from_db()
    assert (c.settled, c.status) == (Decimal("1000.00"), "settled")
    assert ClaimEntry.objects.filter(claim=c).count() == 2


def test_a_wrong_entry_is_reversed_by_a_new_one_never_edited(orgs):
    c = claim(orgs.o1, kind="debt", amount="500.00")
    entry = services.entry_add(c, amount=Decimal("200.00"), entry_on=D(2026, 1, 5), today=TODAY)
    reversal = services.entry_reverse(entry, today=TODAY)
    c.refresh_from_db()
    assert (reversal.amount, reversal.reverses, c.settled, c.status) == (Decimal("-200.00"), entry, 0, "open")
    entry.refresh_from_db()
    assert entry.amount == Decimal("200.00")
    with pytest.raises(ValidationError, match="这条记录已冲正过"):
        services.entry_reverse(entry, today=TODAY)
    with pytest.raises(ValidationError, match="冲正记录不能再冲正"):
        services.entry_reverse(reversal, today=TODAY)


def test_a_claims_amount_cannot_fall_below_what_was_collected(orgs):
    c = claim(orgs.o1, amount="1000.00")
    services.entry_add(c, amount=Decimal("700.00"), entry_on=D(2026, 1, 5), today=TODAY)
    c.refresh_from_db()
    c.amount = Decimal("600.00")
    with pytest.raises(ValidationError, match="金额不能小于已清收的700.00元"):
        services.claim_save(c, today=TODAY)


def test_entry_pages_by_role_and_scope(orgs, personas, login, world):
    c = claim(orgs.o1, amount="1000.00")
    other = claim(orgs.o3, amount="1000.00")
    url = reverse("economy:entry_add", args=[c.pk])
    data = {"entry_on": "2026-01-05", "amount": "250.50", "note": "现金"}
    assert login(personas.leader).post(url, data).status_code == 403
    assert login(personas.office2).post(url, data).status_code == 404
    assert login(personas.secretary).post(url, data).status_code == 302  # 苇水村 is the secretary's
    assert (
        login(personas.secretary).post(reverse("economy:entry_add", args=[claim(orgs.o2).pk]), data).status_code == 404
    )
    response = login(personas.office).post(url, {"entry_on": "2026-01-05", "amount": "800"}, follow=True)
    assert "超过尚未清收的749.50元" in response.content.decode()
    c.refresh_from_db()
    assert c.settled == Decimal("250.50")
    detail = login(personas.office).get(reverse("claims_and_debts_detail", args=[c.pk])).content.decode()
    assert "250.50" in detail and 'id="entry-form"' in detail
    assert login(personas.office).get(reverse("claims_and_debts_detail", args=[other.pk])).status_code == 404
    entry = ClaimEntry.objects.get()
    assert login(personas.office2).post(reverse("economy:entry_reverse", args=[entry.pk])).status_code == 404
    assert login(personas.office).post(reverse("economy:entry_reverse", args=[entry.pk])).status_code == 302
    c.refresh_from_db()
    assert c.settled == 0


def test_a_claim_sheet_names_claims_and_debts_and_ignores_the_settled_column(orgs, personas, login):
    headers = ["组织编码", "编号", "类型", "债务人（债权人）", "金额（万元）", "发生日期"]
    zq = dict(zip(headers, ["N1", "ZQ-1", "债权", "张三", 0.5, "2020.6.30"], strict=True))
    zw = dict(zip(headers, ["N1", "ZW-1", "债务", "建筑公司", "12.34", "2019年12月1日"], strict=True))
    rows = [zq, zw]
    report = importing("claims_and_debts", xlsx(headers, rows), personas.office)
    assert report.ok, [str(p) for p in report.problems]
    zq = ClaimDebt.objects.get(number="ZQ-1")
    assert (zq.amount, zq.kind, zq.status) == (Decimal("5000.00"), "claim", "open")
    services.entry_add(zq, amount=Decimal("1000"), entry_on=D(2025, 1, 1), today=TODAY)
    exported = login(personas.office).get(reverse("claims_and_debts_export")).content
    again = importing("claims_and_debts", exported, personas.office)
    assert again.ok and again.unchanged == 2, [str(p) for p in again.problems]
    zq.refresh_from_db()
    assert (zq.settled, zq.status) == (Decimal("1000.00"), "partly")
    bad = [{"组织编码": "N1", "编号": "ZQ-1", "类型": "债权", "债务人（债权人）": "张三", "金额（万元）": "0.05",
            "发生日期": "2020-06-30"}]  # fmt: skip
    report = importing("claims_and_debts", xlsx(headers, bad), personas.office)
    assert [str(p) for p in report.problems] == ["第2行“金额（万元）”列：金额不能小于已清收的1000.00元"]


def test_an_organisation_sheet_keeps_the_clean_up_state_consistent(world, personas):
    headers = [
        "组织编码",
        "组织名称",
        "村编码",
        "合同清查完成",
        "合同清查完成日期",
        "债权债务摸底完成",
        "债权债务摸底完成日期",
        "结果公示日期",
    ]
    good = {"组织编码": "N1", "组织名称": "苇水村股份经济合作社", "村编码": "T1V1", "合同清查完成": "是",
            "合同清查完成日期": "2025-03-01", "债权债务摸底完成": "是", "债权债务摸底完成日期": "2025-04-01",
            "结果公示日期": "2025-05-01"}  # fmt: skip
    early = dict(good, 组织编码="N2", 村编码="T1V2", 债权债务摸底完成="否", 债权债务摸底完成日期="")
    report = importing("economic_organisations", xlsx(headers, [good, early]), personas.office)
    assert [str(p) for p in report.problems] == [
        "第3行“结果公示日期”列：合同清查和债权债务摸底均完成后才能登记公示日期"
    ]
    assert not EconomicOrganisation.objects.exists()
    report = importing("economic_organisations", xlsx(headers, [good]), personas.office)
    assert report.ok and EconomicOrganisation.objects.get().publicised


def test_the_roll_up_by_village_and_township_matches_hand_built_data(orgs, world):
    second = EconomicOrganisation.objects.create(
        township=world.t1, village=world.v1, code="N1b", name="苇水村第二合作社"
    )
    contract(orgs.o1, "HT-1", amount="10000.00")
    contract(orgs.o1, "HT-2", amount="2500.50", status="to_fix")
    contract(second, "HT-1", amount="0.50")
    contract(orgs.o3, "HT-1", amount="99999.00")  # another township
    c1 = claim(orgs.o1, amount="30000.00")
    c2 = claim(second, amount="1234.56")
    d1 = claim(orgs.o2, kind="debt", amount="50000.00")
    services.entry_add(c1, amount=Decimal("10000.00"), entry_on=D(2026, 1, 10), today=TODAY)
    services.entry_add(c1, amount=Decimal("0.01"), entry_on=D(2025, 12, 31), today=TODAY)  # before the period
    services.entry_add(c2, amount=Decimal("1234.56"), entry_on=D(2026, 2, 1), today=TODAY)
    services.entry_add(d1, amount=Decimal("25000.00"), entry_on=D(2026, 3, 1), today=TODAY)
    Asset.objects.create(township=world.t1, village=world.v2, organisation=orgs.o2, number="ZC1", kind="resource",
                         name="机动地", value=Decimal("88000.00"))  # fmt: skip
    summary = selectors.cleanup_for_node(world.t1, D(2026, 1, 1), D(2026, 3, 31))
    assert [roll.village.name for roll in summary.villages] == ["苇水村", "九光村"]
    v1 = summary.villages[0].totals
    assert (v1.organisations, v1.contracts, v1.contracts_to_fix, v1.contract_amount) == (2, 3, 1, Decimal("12501.00"))
    assert (v1.claims, v1.collected, v1.period_collected) == (
        Decimal("31234.56"),
        Decimal("11234.57"),
        Decimal("11234.56"),
    )
    t = summary.totals
    assert (t.organisations, t.contracts, t.debts, t.period_resolved, t.assets, t.asset_value) == (
        3, 3, Decimal("50000.00"), Decimal("25000.00"), 1, Decimal("88000.00")
    )  # fmt: skip
    village = selectors.cleanup_for_node(world.v2, D(2026, 1, 1), D(2026, 3, 31))
    assert village.totals.period_resolved == Decimal("25000.00") and village.totals.period_collected == 0


def test_the_cleanup_page_by_role(orgs, personas, login):
    url = reverse("economy:cleanup")
    for who, status in (("office", 200), ("leader", 200), ("secretary", 200), ("county", 200), ("grid", 403)):
        assert login(getattr(personas, who)).get(url).status_code == status, who
    html = login(personas.secretary).get(url).content.decode()
    assert "苇水村股份经济合作社" in html and "九光村股份经济合作社" not in html
    assert login(personas.office).get(url, {"from": "2026-13-01"}).status_code == 400
