"""Users, their role and scope node, and the log of revealed ID numbers."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from accounts.roles import ALL_TOWNSHIP_ROLES, READ_ROLES, REVEAL_ROLES, SCOPE_KIND, Role

MEMBER_NEEDS_LINK = "党员账号必须关联一名党员：请在“党员”名册中为该党员选择这个登录账号"
NO_SCOPE_NODE = "{role}账号不设管辖范围（可查看全部乡镇），请清空“管辖范围”"


class User(AbstractUser):
    """A login. ``role`` says what they may do, ``scope_node`` where; a party member's login is
    linked from the member (``user.member``)."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.GRID)
    scope_node = models.ForeignKey(
        "places.Area",
        verbose_name="管辖范围",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        kind = SCOPE_KIND.get(self.role)
        if self.role == Role.COUNTY and self.scope_node_id:
            raise ValidationError({"scope_node": NO_SCOPE_NODE.format(role=self.get_role_display())})
        if kind and (self.scope_node is None or self.scope_node.kind != kind):
            raise ValidationError(
                {"scope_node": f"{self.get_role_display()}的管辖范围必须是一个{self._kind_label(kind)}"}
            )
        if self.role == Role.MEMBER and self.pk and self.member is None:
            raise ValidationError({"role": MEMBER_NEEDS_LINK})

    def _kind_label(self, kind):
        # The node kinds' labels, read from the scope field's model (accounts imports no app above it).
        kinds = self._meta.get_field("scope_node").related_model._meta.get_field("kind").choices
        return dict(kinds)[kind]

    @property
    def member(self):
        """The party member this login belongs to (``grids.Member.user``), or None.

        The link is kept on the member's side, so accounts points at no feature; the member is
        fetched once per user object and cached by Django.
        """
        try:
            return self.party_member
        except ObjectDoesNotExist:
            return None

    @property
    def member_id(self):
        member = self.member
        return member.pk if member is not None else None

    @property
    def sees_everything(self) -> bool:
        """Every township is in this user's scope: the administrator and the county (read-only)."""
        return self.is_superuser or self.role in ALL_TOWNSHIP_ROLES

    @property
    def can_read_registers(self) -> bool:
        return self.is_superuser or self.role in READ_ROLES

    @property
    def can_reveal_ids(self) -> bool:
        return self.is_superuser or self.role in REVEAL_ROLES

    def has_role(self, roles) -> bool:
        return self.is_superuser or self.role in roles

    @property
    def township(self):
        """The township this user works in (None for a system administrator)."""
        return self.scope_node.township_node if self.scope_node_id else None


class IdRevealLog(models.Model):
    """Who saw a full ID number, whose, when and how (page, export, command)."""

    user = models.ForeignKey(User, verbose_name="查看人", on_delete=models.PROTECT, null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    model = models.CharField("数据类型", max_length=50)
    object_id = models.BigIntegerField("记录", null=True, blank=True)
    count = models.PositiveIntegerField("条数", default=1)
    via = models.CharField("方式", max_length=20)  # page, export, command

    class Meta:
        verbose_name = "身份证号查看记录"
        verbose_name_plural = "身份证号查看记录"
        ordering = ["-at"]
