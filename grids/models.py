"""The area tree (township → village → grid → grid party group) and the people and households in it.

Only ``Area`` is an MPTT tree. Every other row points at its nodes through denormalised keys
(``township``, ``village``, ``grid``) so a scope filter is one indexed equality.
"""

from django.core.exceptions import ValidationError
from django.db import models
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords

from accounts.scope import ScopedQuerySet
from core import idnumbers
from core.models import IdentityMixin, PinyinNameMixin
from grids.choices import (
    CHILD_KIND,
    AreaKind,
    Gender,
    HouseholdCategory,
    MemberStatus,
    MemberTier,
    StaffRole,
    StaffSource,
)


class AreaQuerySet(TreeQuerySet):
    """Areas; scope is the mptt range of the user's node (each township is its own tree)."""

    def within(self, node):
        if node is None:
            return self.none()
        return self.filter(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)

    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_everything:
            return self
        return self.within(user.scope_node)

    def townships(self):
        return self.filter(kind=AreaKind.TOWNSHIP)

    def villages(self):
        return self.filter(kind=AreaKind.VILLAGE)

    def grids(self):
        return self.filter(kind=AreaKind.GRID)

    def party_groups(self):
        return self.filter(kind=AreaKind.PARTY_GROUP)


class Area(MPTTModel, PinyinNameMixin):
    """A node of the tree: a township, an administrative village, a grid or a grid party group."""

    kind = models.CharField("层级", max_length=16, choices=AreaKind.choices, db_index=True)
    name = models.CharField("名称", max_length=100)
    code = models.CharField("编码", max_length=40, unique=True, help_text="导入导出时用于识别的唯一编码")
    parent = TreeForeignKey(
        "self", verbose_name="上级", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Village fields.
    is_community = models.BooleanField("社区", default=False)
    secretary = models.ForeignKey(
        "grids.Member",
        verbose_name="党支部书记",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary_since = models.DateField("书记任职日期", null=True, blank=True)
    # Grid fields.
    has_party_branch = models.BooleanField("已建网格党支部", default=False)
    # Party-group fields.
    leader = models.ForeignKey(
        "grids.Member",
        verbose_name="党小组组长",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField("备注", blank=True)

    objects = AreaQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level"])

    class MPTTMeta:
        order_insertion_by = ["code"]

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_per_parent"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        expected = CHILD_KIND.get(self.parent.kind) if self.parent_id else AreaKind.TOWNSHIP
        if self.kind != expected:
            if self.parent_id:
                raise ValidationError({"parent": f"{self.parent.get_kind_display()}下只能建立{expected.label}"})
            raise ValidationError({"parent": "只有乡镇可以没有上级"})
        if self.pk and self.parent_id and (self.parent_id == self.pk or self.parent.is_descendant_of(self)):
            raise ValidationError({"parent": "不能把区域移到它自己或它的下级之下"})

    @property
    def township_node(self):
        return self if self.kind == AreaKind.TOWNSHIP else self.get_root()


class Placed(models.Model):
    """A row that lives in a grid: it carries township, village and grid keys for scope."""

    township = models.ForeignKey(
        Area, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "township"}
    )
    village = models.ForeignKey(
        Area, verbose_name="行政村", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "village"}
    )
    grid = models.ForeignKey(
        Area, verbose_name="网格", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "grid"}
    )

    scope_fields = {"township": "township", "village": "village", "grid": "grid"}

    class Meta:
        abstract = True

    def place_in_grid(self, grid: Area) -> None:
        """Set the grid and the keys above it from the tree (the only place these keys are set)."""
        if grid.kind != AreaKind.GRID:
            raise ValidationError({"grid": "请选择一个网格"})
        self.grid = grid
        self.village = grid.parent
        self.township_id = grid.parent.parent_id


class Household(Placed, PinyinNameMixin, IdentityMixin):
    """A household (户), identified by its household number within the township."""

    number = models.CharField("户号", max_length=30)
    name = models.CharField("户主姓名", max_length=50)
    party_group = models.ForeignKey(
        Area,
        verbose_name="网格党小组",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="households",
        limit_choices_to={"kind": "party_group"},
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    population = models.PositiveSmallIntegerField("家庭人口", default=1)
    category = models.CharField(
        "户类别", max_length=20, choices=HouseholdCategory.choices, default=HouseholdCategory.ORDINARY
    )
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["id_encrypted"])

    class Meta:
        verbose_name = "户"
        verbose_name_plural = "户"
        constraints = [
            models.UniqueConstraint(fields=["township", "number"], name="household_unique_number"),
            models.UniqueConstraint(fields=["township", "id_hmac"], name="household_unique_head_id"),
        ]
        indexes = [
            models.Index(fields=["village", "number"]),
            models.Index(fields=["grid", "number"]),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class Member(Placed, PinyinNameMixin, IdentityMixin):
    """A party member (党员) of a village branch."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    status = models.CharField("党员类别", max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL)
    tier = models.CharField("积分分层", max_length=20, choices=MemberTier.choices, default=MemberTier.ORDINARY)
    party_group = models.ForeignKey(
        Area,
        verbose_name="网格党小组",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"kind": "party_group"},
    )
    household = models.ForeignKey(
        Household, verbose_name="所在户", on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["id_encrypted"])

    class Meta:
        verbose_name = "党员"
        verbose_name_plural = "党员"
        constraints = [
            models.UniqueConstraint(fields=["township", "id_hmac"], name="member_unique_id"),
        ]
        indexes = [models.Index(fields=["village", "name_pinyin"]), models.Index(fields=["grid", "name_pinyin"])]

    def __str__(self):
        return self.name

    def set_id_number(self, raw: str):
        """Set the number; the birth date always follows from it (gender: see ``gender_from_id``)."""
        number = super().set_id_number(raw)
        self.birth_date = number.birth_date
        return number

    def gender_from_id(self, number, given: str) -> None:
        """Take the gender from the number when none is given; refuse one that contradicts it."""
        problem = idnumbers.gender_problem(given, number)
        if problem:
            raise ValidationError({"gender": problem})
        self.gender = number.gender


class GridStaff(Placed, PinyinNameMixin, IdentityMixin):
    """A member of a grid's three-level team: 网格长, 全科网格员 or 网格辅助员."""

    name = models.CharField("姓名", max_length=50)
    role = models.CharField("网格职务", max_length=20, choices=StaffRole.choices, db_index=True)
    source = models.CharField("人员来源", max_length=20, choices=StaffSource.choices)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    member = models.ForeignKey(
        Member, verbose_name="对应党员", on_delete=models.SET_NULL, null=True, blank=True, related_name="grid_roles"
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["id_encrypted"])

    class Meta:
        verbose_name = "网格员"
        verbose_name_plural = "网格员"
        constraints = [
            models.UniqueConstraint(fields=["grid", "id_hmac"], name="gridstaff_unique_person_per_grid"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class CentralHousehold(Placed):
    """A party-member central household (党员中心户) and the households it looks after (包联)."""

    member = models.OneToOneField(Member, verbose_name="中心户党员", on_delete=models.PROTECT, related_name="central")
    households = models.ManyToManyField(
        Household, verbose_name="包联户", through="CentralHouseholdLink", related_name="central_households"
    )
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "党员中心户"
        verbose_name_plural = "党员中心户"

    def __str__(self):
        return f"{self.member.name}中心户"


class CentralHouseholdLink(models.Model):
    """One household looked after by one central household; a household has at most one."""

    central = models.ForeignKey(CentralHousehold, on_delete=models.CASCADE, related_name="links")
    household = models.OneToOneField(Household, on_delete=models.CASCADE, related_name="central_link")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "中心户包联关系"
        verbose_name_plural = "中心户包联关系"
