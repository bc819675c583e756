"""A township brought in from its own spreadsheets, on an empty database, as the README says:
create_township, download the workbook, fill it in (as an office would: its own column order,
dates as Excel dates and as text, historic ID codes), import it in one step, check the flags."""

import datetime
import io

import openpyxl
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from core.idnumbers import check_digit
from core.models import ImportPreview
from grids.models import CentralHousehold, CentralHouseholdLink, GridStaff, Household, Member
from grids.selectors import grid_flags
from places.models import Area

PASSWORD = "Fc-2026-strong!"


def real_id(region, birth, order):
    body = f"{region}{birth}{order:03d}"
    return body + check_digit(body)


# Secretaries and members of 苇水村 and 九光村, with numbers as their cards really carry them.
SECRETARY_1 = real_id("142526", "19680512", 1)  # historic code (until 1985), X check digit
SECRETARY_2 = real_id("140522", "19720805", 122)  # the current code on a card of someone born 1972
MEMBER_3 = real_id("140525", "19880229", 4)  # a leap day, a neighbouring county
MEMBER_4 = real_id("142528", "19560815", 121)  # 高平县's old code
HEAD_5 = real_id("140522", "19900312", 3)
ASSISTANT = real_id("140581", "19600101", 51)  # 高平市 (from 1993), born 1960


def office_workbook() -> bytes:
    """A workbook as an office fills it: columns in its own order, 性别 left out, numbers typed
    as numbers where Excel would (population, a phone), dates as Excel dates and as text."""
    book = openpyxl.Workbook()
    book.remove(book.active)

    def sheet(title, headers, rows):
        ws = book.create_sheet(title)
        ws.append(headers)
        for row in rows:
            ws.append(row)

    sheet(
        "行政村",
        ["村名称", "村编码", "党支部书记身份证号", "书记任职日期", "是否社区", "备注"],
        [
            ["苇水村", "WS", SECRETARY_1, datetime.datetime(2021, 1, 15), "否", ""],
            ["九光村", "JG", SECRETARY_2, "2018年3月1日", "否", "原九光、后河两村合并"],
        ],
    )
    sheet(
        "网格",
        ["网格编码", "网格名称", "所属村编码", "已建网格党支部", "备注"],
        [
            ["WS01", "苇水村第1网格", "WS", "是", ""],
            ["WS02", "苇水村第2网格", "WS", "否", ""],
            ["JG01", "九光村第1网格", "JG", "否", ""],
        ],
    )
    sheet(
        "网格党小组",
        ["党小组编码", "党小组名称", "所属网格编码", "组长身份证号", "备注"],
        [["WS01P1", "苇水村第1网格党小组", "WS01", MEMBER_4, ""], ["JG01P1", "九光村第1网格党小组", "JG01", "", ""]],
    )
    sheet(
        "户",
        [
            "户号",
            "户主姓名",
            "户主身份证号",
            "家庭人口",
            "户类别",
            "所属网格编码",
            "网格党小组编码",
            "联系电话",
            "住址",
            "备注",
        ],
        [
            ["WS-001", "王建国", SECRETARY_1, 4, "一般户", "WS01", "WS01P1", 13903561234, "苇水村东街1号", ""],
            ["WS-002", "李秀英", MEMBER_4, 1, "独居老人户", "WS01", "WS01P1", "", "苇水村西街3号", ""],
            ["WS-003", "赵强", HEAD_5, 3, "脱贫户", "WS02", "", "13503560000", "苇水村南沟", ""],
            ["JG-001", "陈红梅", SECRETARY_2, 5, "一般户", "JG01", "JG01P1", "", "九光村", ""],
        ],
    )
    sheet(
        "党员",
        [
            "姓名",
            "身份证号",
            "所属网格编码",
            "网格党小组编码",
            "户号",
            "入党日期",
            "党员类别",
            "积分分层",
            "联系电话",
            "备注",
        ],
        [
            [
                "王建国",
                SECRETARY_1,
                "WS01",
                "WS01P1",
                "WS-001",
                datetime.datetime(1995, 7, 1),
                "正式党员",
                "村干部党员",
                "",
                "",
            ],
            ["陈红梅", SECRETARY_2, "JG01", "JG01P1", "JG-001", "2001/7/1", "正式党员", "村干部党员", "", ""],
            ["周晓燕", MEMBER_3, "WS02", "", "", "2015.06.30", "预备党员", "流动党员", "", "在太原务工"],
            ["李秀英", MEMBER_4, "WS01", "WS01P1", "WS-002", "1976-05-04", "正式党员", "年老体弱党员", "", ""],
        ],
    )
    sheet(
        "网格员",
        ["姓名", "身份证号", "网格职务", "人员来源", "所属网格编码", "联系电话"],
        [
            ["王建国", SECRETARY_1, "网格长", "支部书记", "WS01", ""],
            ["王建国", SECRETARY_1, "网格长", "支部书记", "WS02", ""],
            ["陈红梅", SECRETARY_2, "网格长", "支部书记", "JG01", ""],
            ["刘志刚", ASSISTANT, "网格辅助员", "村民代表", "WS02", "13700000000"],
        ],
    )
    sheet(
        "党员中心户",
        ["中心户党员身份证号", "党员姓名", "包联户号", "备注"],
        [[MEMBER_4, "李秀英", "WS-001，WS-003", ""], [MEMBER_3, "周晓燕", "", "新设，尚未包联"]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def every_table():
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_a_township_comes_in_from_one_workbook_following_the_readme(db, tmp_path, capsys):
    assert Area.objects.count() == 0
    # 1. create_township
    call_command("create_township", "凤城镇", "--code", "FC", "--office", "fc_office", "--password", PASSWORD)
    out = capsys.readouterr().out
    assert "已建立乡镇“凤城镇”（编码 FC）和镇办公室账号 fc_office" in out
    assert "import_workbook" in out and "待整改提示" in out
    township = Area.objects.get(code="FC")
    office = apps.get_model("accounts", "User").objects.get(username="fc_office")
    assert office.scope_node == township and office.check_password(PASSWORD)

    # 2. the workbook to fill in has every register's sheet, the codes sheet and the guide
    template = tmp_path / "工作簿.xlsx"
    call_command("workbook_template", str(template), "--township", "凤城镇")
    names = openpyxl.load_workbook(template).sheetnames
    assert names == ["行政村", "网格", "网格党小组", "户", "党员", "网格员", "党员中心户", "可选值与编码", "填写说明"]

    # 3. the filled workbook: a preview saves nothing, then the import saves everything
    filled = tmp_path / "凤城镇.xlsx"
    filled.write_bytes(office_workbook())
    before = every_table()
    call_command("import_workbook", str(filled), "--township", "FC", "--dry-run")
    assert "预览通过（未保存）" in capsys.readouterr().out
    assert every_table() == before
    call_command("import_workbook", str(filled), "--township", "FC")
    out = capsys.readouterr().out
    assert "导入完成：新增 21 条" in out
    assert "地区码 142526 是阳城县的旧代码" in out

    assert Area.objects.filter(tree_id=township.tree_id).count() == 1 + 2 + 3 + 2
    assert (Household.objects.count(), Member.objects.count(), GridStaff.objects.count()) == (4, 4, 4)
    assert (CentralHousehold.objects.count(), CentralHouseholdLink.objects.count()) == (2, 2)
    weishui = Area.objects.get(code="WS")
    assert weishui.secretary.name == "王建国" and weishui.secretary_since == datetime.date(2021, 1, 15)
    assert Area.objects.get(code="JG").secretary_since == datetime.date(2018, 3, 1)
    assert Area.objects.get(code="WS01P1").leader.name == "李秀英"
    wang = Member.objects.get(id_hmac=weishui.secretary.id_hmac)
    assert (wang.gender, wang.birth_date, wang.joined_on) == (
        "M",
        datetime.date(1968, 5, 12),
        datetime.date(1995, 7, 1),
    )
    assert Member.objects.get(name="周晓燕").joined_on == datetime.date(2015, 6, 30)
    assert Member.objects.get(name="陈红梅").gender == "F"
    assert Household.objects.get(number="WS-001").phone == "13903561234"
    assert GridStaff.objects.get(grid__code="WS01").member == wang  # linked by the ID number

    # 4. the flags follow the data: WS02 has no party group, 周晓燕's central household links nobody;
    #    every grid's 网格长 is its village's secretary
    flags = grid_flags(apps.get_model("accounts", "User").objects.get(pk=office.pk))  # fresh tree bounds
    assert [g.code for g in flags["bad_leader"]] == []
    assert [g.code for g in flags["no_group"]] == ["WS02"]
    assert [c.member.name for c in flags["lonely_centrals"]] == ["周晓燕"]

    # 5. the same workbook again changes nothing
    before = every_table()
    call_command("import_workbook", str(filled), "--township", "FC")
    assert "新增 0 条，更新 0 条" in capsys.readouterr().out
    assert every_table() == before


def test_a_workbook_with_bad_rows_in_two_sheets_reports_both_and_saves_nothing(db, tmp_path):
    call_command("create_township", "凤城镇", "--code", "FC", "--office", "fc_office", "--password", PASSWORD)
    book = openpyxl.load_workbook(io.BytesIO(office_workbook()))
    book["网格"]["C4"] = "HH"  # JG01's village: no such code
    book["党员"]["B4"] = MEMBER_3[:-1] + ("0" if MEMBER_3[-1] != "0" else "1")  # wrong check digit
    book["户"]["D3"] = 0  # population
    path = tmp_path / "bad.xlsx"
    book.save(path)
    before = every_table()
    with pytest.raises(CommandError, match="处问题，未导入任何数据"):
        call_command("import_workbook", str(path), "--township", "FC")
    assert every_table() == before

    from core import workbook

    report = workbook.import_workbook_file(path, None, township=Area.objects.get(code="FC"))
    assert not report.applied
    problems = report.problems
    assert "“网格”表第4行“所属村编码”列：找不到编码为“HH”的行政村/社区" in problems
    assert f"“党员”表第4行“身份证号”列：校验位应为 {MEMBER_3[-1]}" in problems
    assert "“户”表第3行“家庭人口”列：家庭人口应在 1 到 99 之间" in problems
    assert every_table() == before


def test_create_township_refuses_clearly_and_exits_non_zero(db, monkeypatch):
    call_command("create_township", "凤城镇", "--code", "FC", "--office", "fc_office", "--password", PASSWORD)
    with pytest.raises(CommandError) as caught:
        call_command("create_township", "凤城镇", "--code", "FC", "--office", "fc_office", "--password", "123")
    text = str(caught.value)
    assert "乡镇名称：已有名为“凤城镇”的乡镇" in text
    assert "编码：编码“FC”已被“凤城镇”使用" in text
    assert "办公室账号：账号“fc_office”已存在" in text
    assert "口令：" in text
    assert Area.objects.count() == 1
    monkeypatch.setenv("TOWNSHIP_OFFICE_PASSWORD", PASSWORD)
    call_command("create_township", "润城镇", "--office", "rc_office")
    assert Area.objects.get(name="润城镇").code == "RCZ"  # from the pinyin initials


def test_create_township_without_a_password_and_no_terminal_says_how_to_give_one(db, monkeypatch):
    monkeypatch.delenv("TOWNSHIP_OFFICE_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="请用 --password 或环境变量 TOWNSHIP_OFFICE_PASSWORD"):
        call_command("create_township", "凤城镇", "--office", "fc_office")
    assert Area.objects.count() == 0


def test_the_administrator_creates_a_township_from_a_page(db, client):
    from accounts.roles import Role
    from tests.factories import UserFactory

    admin = UserFactory(username="root", role=Role.ADMIN, is_superuser=True, is_staff=True)
    client.force_login(admin)
    form = {"name": "凤城镇", "code": "", "office": "fc_office", "office_name": "", "password": PASSWORD}
    response = client.post("/r/townships/new/", {**form, "password2": "other"})
    assert "两次输入的口令不一致" in response.content.decode()
    assert Area.objects.count() == 0
    response = client.post("/r/townships/new/", {**form, "password2": PASSWORD})
    text = response.content.decode()
    assert "已建立乡镇“凤城镇”（编码 FCZ）" in text and "下载整镇导入工作簿" in text
    office = UserFactory._meta.model.objects.get(username="fc_office")
    client.force_login(office)
    assert client.get("/r/townships/new/").status_code == 403
    county = UserFactory(username="county", role=Role.COUNTY)
    client.force_login(county)
    assert client.get("/r/townships/new/").status_code == 403  # reads every township, creates none
    assert client.get("/r/workbook/").status_code == 403


def test_the_workbook_page_previews_keeps_the_file_encrypted_and_applies_it(db, client):
    call_command("create_township", "凤城镇", "--code", "FC", "--office", "fc_office", "--password", PASSWORD)
    office = apps.get_model("accounts", "User").objects.get(username="fc_office")
    client.force_login(office)
    template = client.get("/r/workbook/template/")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    upload = io.BytesIO(office_workbook())
    upload.name = "凤城镇.xlsx"
    response = client.post("/r/workbook/", {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200 and "确认导入全部 7 张表" in text, text[text.find("<main") :][:3000]
    assert "王建国" in text and SECRETARY_1 not in text  # rows shown, numbers masked
    assert Member.objects.count() == 0
    preview = ImportPreview.objects.get()
    assert SECRETARY_1.encode() not in bytes(preview.data_encrypted)  # never plaintext at rest
    response = client.post("/r/workbook/", {"token": preview.token, "confirm": "1"})
    assert response.status_code == 302 and Member.objects.count() == 4
    assert ImportPreview.objects.count() == 0
