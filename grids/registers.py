"""The grid registers, each declared once (see core.registers)."""

from django.db.models import Count
from django.urls import reverse

from accounts.roles import EDIT_ROLES, GRID_EDIT_ROLES, READ_ROLES, SYSTEM_ROLES, VILLAGE_EDIT_ROLES
from core.locks import tree_lock
from core.registers import Column, Register, nav, nav_section, register
from core.workbook import Step, WorkbookSpec, register_workbook
from grids import filters, forms, resources, selectors
from grids.models import CentralHousehold, GridStaff, Household, Member
from places.choices import AreaKind
from places.models import Area

SECTION = "网格治理"
nav_section(SECTION, 10)
NAME_SEARCH = ["name__contains", "name_initials__startswith", "name_pinyin__startswith"]
PERSON_SEARCH = NAME_SEARCH + ["id_last4__endswith"]

nav(SECTION, "网格树", "grids:tree", order=1)
nav(SECTION, "整镇导入", "workbook_import", roles=EDIT_ROLES, order=2)
nav("系统管理", "新建乡镇", "township_new", roles=SYSTEM_ROLES, order=200)

# One workbook for the whole township: sheets in this order, imported in dependency order. A
# village's secretary and a party group's leader may be members defined in the same workbook, so
# both are set in a second pass once the members are in.
register_workbook(
    WorkbookSpec(
        name="township",
        label="整镇导入工作簿",
        sheets=["villages", "grids", "party_groups", "households", "members", "grid_staff", "central_households"],
        steps=[
            Step("villages", {"defer_people": True}),
            Step("grids"),
            Step("party_groups", {"defer_people": True}),
            Step("households"),
            Step("members"),
            Step("villages"),
            Step("party_groups"),
            Step("grid_staff"),
            Step("central_households"),
        ],
        code_columns={AreaKind.VILLAGE: "villages", AreaKind.GRID: "grids", AreaKind.PARTY_GROUP: "party_groups"},
    )
)
nav(SECTION, "待整改提示", "grids:flags", order=90)


class AreaRegister(Register):
    section = SECTION
    model = Area
    kind = None
    # Area's policy lets a party member read their village's areas (pickers, their own page);
    # the area registers are for the staff who keep them.
    read_roles = READ_ROLES
    search_fields = ["name__contains", "name_initials__startswith", "code__contains"]
    search_help = "名称、拼音首字母或编码"
    default_ordering = ("code",)
    select_related = ("parent",)

    def get_queryset(self, user):
        return super().get_queryset(user).filter(kind=self.kind)

    def scope_for_export(self, queryset):
        return queryset.filter(kind=self.kind)

    def write_lock(self):
        return tree_lock()

    def detail_context(self, obj, user):
        return {"children": selectors.tree_children(obj), "ancestors": obj.get_ancestors()}


@register
class VillageRegister(AreaRegister):
    name = "villages"
    label = "行政村"
    reveals_ids = True  # the secretary's ID number
    kind = AreaKind.VILLAGE
    nav_order = 10
    resource_class = resources.VillageResource
    form_class = forms.VillageForm
    filterset_class = filters.AreaFilterSet
    select_related = ("parent", "secretary")
    detail_template = "grids/area_detail.html"
    columns = [
        Column("编码", "code", sort="code"),
        Column("名称", "name", sort="name_pinyin", link=True),
        Column("所属乡镇", "parent.name"),
        Column("社区", lambda a: "是" if a.is_community else ""),
        Column("党支部书记", "secretary.name"),
        Column("网格数", "grid_count", sort="grid_count"),
    ]
    detail_fields = [
        ("编码", "code"),
        ("所属乡镇", "parent.name"),
        ("党支部书记", "secretary.name"),
        ("书记任职日期", "secretary_since"),
        ("备注", "notes"),
    ]

    def get_queryset(self, user):
        return super().get_queryset(user).annotate(grid_count=Count("children"))


@register
class GridRegister(AreaRegister):
    name = "grids"
    label = "网格"
    kind = AreaKind.GRID
    nav_order = 11
    resource_class = resources.GridResource
    form_class = forms.GridForm
    filterset_class = filters.GridAreaFilterSet
    detail_template = "grids/area_detail.html"
    columns = [
        Column("编码", "code", sort="code"),
        Column("名称", "name", sort="name_pinyin", link=True),
        Column("所属行政村", "parent.name"),
        Column("网格党支部", lambda a: "已建" if a.has_party_branch else ""),
        Column("党小组数", "group_count", sort="group_count"),
    ]
    detail_fields = [("编码", "code"), ("所属行政村", "parent.name"), ("备注", "notes")]

    def get_queryset(self, user):
        return super().get_queryset(user).annotate(group_count=Count("children"))


@register
class PartyGroupRegister(AreaRegister):
    name = "party_groups"
    label = "网格党小组"
    reveals_ids = True  # the group leader's ID number
    kind = AreaKind.PARTY_GROUP
    nav_order = 12
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.PartyGroupResource
    form_class = forms.PartyGroupForm
    filterset_class = filters.PartyGroupFilterSet
    select_related = ("parent", "parent__parent", "leader")
    detail_template = "grids/area_detail.html"
    columns = [
        Column("编码", "code", sort="code"),
        Column("名称", "name", sort="name_pinyin", link=True),
        Column("所属网格", "parent.name"),
        Column("所属行政村", "parent.parent.name"),
        Column("组长", "leader.name"),
    ]
    detail_fields = [("编码", "code"), ("所属网格", "parent.name"), ("组长", "leader.name"), ("备注", "notes")]


@register
class HouseholdRegister(Register):
    name = "households"
    label = "户"
    section = SECTION
    nav_order = 20
    model = Household
    edit_roles = GRID_EDIT_ROLES
    resource_class = resources.HouseholdResource
    form_class = forms.HouseholdForm
    filterset_class = filters.HouseholdFilterSet
    search_fields = PERSON_SEARCH + ["number__contains"]
    search_help = "户主姓名、拼音首字母、户号或身份证号后几位"
    default_ordering = ("number",)
    select_related = ("village", "grid", "party_group")
    columns = [
        Column("户号", "number", sort="number", link=True),
        Column("户主", "name", sort="name_pinyin"),
        Column("身份证号", "id_masked"),
        Column("行政村", "village.name"),
        Column("网格", "grid.name"),
        Column("人口", "population", sort="population"),
        Column("户类别", "get_category_display", sort="category"),
    ]
    detail_fields = [
        ("户号", "number"),
        ("户主姓名", "name"),
        ("户主身份证号", "id_masked"),
        ("联系电话", "phone"),
        ("住址", "address"),
        ("家庭人口", "population"),
        ("户类别", "get_category_display"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("网格党小组", "party_group.name"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        members = [(m.name, reverse("members_detail", args=[m.pk])) for m in obj.members.all()]
        central = CentralHousehold.objects.filter(links__household=obj).select_related("member").first()
        centrals = [(str(central), reverse("central_households_detail", args=[central.pk]))] if central else []
        return {"related": [("家庭党员", members), ("包联的党员中心户", centrals)]}


@register
class MemberRegister(Register):
    name = "members"
    label = "党员"
    section = SECTION
    nav_order = 30
    model = Member
    edit_roles = VILLAGE_EDIT_ROLES
    resource_class = resources.MemberResource
    form_class = forms.MemberForm
    filterset_class = filters.MemberFilterSet
    search_fields = PERSON_SEARCH
    search_help = "姓名、拼音首字母或身份证号后几位"
    default_ordering = ("village__code", "name_pinyin")
    select_related = ("village", "grid", "party_group")
    columns = [
        Column("姓名", "name", sort="name_pinyin", link=True),
        Column("性别", "get_gender_display"),
        Column("身份证号", "id_masked"),
        Column("行政村", "village.name"),
        Column("网格", "grid.name"),
        Column("党员类别", "get_status_display", sort="status"),
        Column("积分分层", "get_tier_display", sort="tier"),
        Column("入党日期", "joined_on", sort="joined_on"),
    ]
    detail_fields = [
        ("姓名", "name"),
        ("性别", "get_gender_display"),
        ("身份证号", "id_masked"),
        ("出生日期", "birth_date"),
        ("联系电话", "phone"),
        ("入党日期", "joined_on"),
        ("党员类别", "get_status_display"),
        ("积分分层", "get_tier_display"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("网格党小组", "party_group.name"),
        ("备注", "notes"),
    ]

    def detail_context(self, obj, user):
        """The member's central household (党员中心户) and the households it looks after, and the
        central household that looks after the member's own household. Three queries."""
        central = CentralHousehold.objects.for_user(user).filter(member=obj).first()
        related = [
            ("党员中心户", [(str(central), reverse("central_households_detail", args=[central.pk]))] if central else [])
        ]
        if central is not None:
            linked = Household.objects.for_user(user).filter(central_link__central=central).order_by("number")
            rows = [(str(h), reverse("households_detail", args=[h.pk])) for h in linked]
            related.append((f"中心户包联户（{len(rows)}户）", rows))
        if obj.household_id:
            cover = (
                CentralHousehold.objects.for_user(user)
                .filter(links__household_id=obj.household_id)
                .select_related("member")
                .first()
            )
            if cover is not None:
                related.append(
                    ("所在户的包联中心户", [(str(cover), reverse("central_households_detail", args=[cover.pk]))])
                )
        return {"related": related}


@register
class GridStaffRegister(Register):
    name = "grid_staff"
    label = "网格员"
    section = SECTION
    nav_order = 40
    model = GridStaff
    edit_roles = VILLAGE_EDIT_ROLES
    import_roles = EDIT_ROLES
    resource_class = resources.GridStaffResource
    form_class = forms.GridStaffForm
    filterset_class = filters.GridStaffFilterSet
    search_fields = PERSON_SEARCH
    search_help = "姓名、拼音首字母或身份证号后几位"
    default_ordering = ("grid__code", "role", "name_pinyin")
    select_related = ("village", "grid", "member")
    columns = [
        Column("姓名", "name", sort="name_pinyin", link=True),
        Column("网格职务", "get_role_display", sort="role"),
        Column("人员来源", "get_source_display"),
        Column("行政村", "village.name"),
        Column("网格", "grid.name", sort="grid__code"),
        Column("联系电话", "phone"),
        Column("党员", lambda s: "是" if s.member_id else ""),
    ]
    detail_fields = [
        ("姓名", "name"),
        ("身份证号", "id_masked"),
        ("网格职务", "get_role_display"),
        ("人员来源", "get_source_display"),
        ("联系电话", "phone"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("对应党员", "member.name"),
    ]


@register
class CentralHouseholdRegister(Register):
    name = "central_households"
    label = "党员中心户"
    reveals_ids = True  # the member's ID number
    section = SECTION
    nav_order = 50
    model = CentralHousehold
    edit_roles = VILLAGE_EDIT_ROLES
    resource_class = resources.CentralHouseholdResource
    form_class = forms.CentralHouseholdForm
    filterset_class = filters.CentralHouseholdFilterSet
    search_fields = ["member__name__contains", "member__name_initials__startswith", "member__id_last4__endswith"]
    search_help = "党员姓名、拼音首字母或身份证号后几位"
    default_ordering = ("village__code", "member__name_pinyin")
    select_related = ("member", "village", "grid")
    columns = [
        Column("中心户党员", "member.name", sort="member__name_pinyin", link=True),
        Column("行政村", "village.name"),
        Column("网格", "grid.name"),
        Column("包联户数", "link_count", sort="link_count"),
    ]
    detail_fields = [
        ("中心户党员", "member.name"),
        ("行政村", "village.name"),
        ("网格", "grid.name"),
        ("备注", "notes"),
    ]

    def get_queryset(self, user):
        return super().get_queryset(user).annotate(link_count=Count("links"))

    def detail_context(self, obj, user):
        households = Household.objects.filter(central_link__central=obj).order_by("number")
        rows = [(str(h), reverse("households_detail", args=[h.pk])) for h in households]
        return {"related": [(f"包联户（{len(rows)}户）", rows)]}
