"""The people and households of the area tree: households, party members, grid staff, central households.

The tree itself is ``places.Area``. Every row here lives in a grid (``places.models.Placed``): it
carries township, village and grid keys so a scope filter is one indexed equality.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.access import ScopedQuerySet
from core import idnumbers
from core.models import IdentityMixin
from grids.choices import Gender, HouseholdCategory, MemberStatus, MemberTier, StaffRole, StaffSource
from places.models import Area, Placed
from places.pinyin import PinyinNameMixin


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
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        help_text="党员本人的登录账号（角色为党员），用于查看本人积分和申报",
    )
    notes = models.TextField("备注", blank=True)

    objects = ScopedQuerySet.as_manager()
    owner_field = "pk"  # a 党员 sees their own record
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

    def set_id_number(self, raw: str, today=None):
        """Set the number; the birth date always follows from it (gender: see ``gender_from_id``)."""
        number = super().set_id_number(raw, today)
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
