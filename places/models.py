"""The area tree (township → village → grid → grid party group) and the scope keys every placed row carries.

Only ``Area`` is an MPTT tree; each township is its own tree (its own ``tree_id``). Every other row
points at its nodes through denormalised keys (``township``, ``village``, ``grid``) so a scope filter
is one indexed equality: inherit ``Placed`` for a row that lives in a grid, or declare the keys and a
``scope_fields`` mapping for a row that lives higher up (see docs/adding-a-model.md).

Foundation: this app imports only ``accounts``; features refer to ``places.Area`` and inherit ``Placed``.
The two person fields of a node (a village's secretary, a party group's leader) point at the
``grids.Member`` register by string, the one reference upwards (docs/decisions/0006-places-and-layers.md).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords

from accounts.access import Policy, ScopedQuerySet
from accounts.roles import READ_ROLES, Role
from places.choices import CHILD_KIND, AreaKind
from places.pinyin import PinyinNameMixin

MEMBER = "grids.Member"


class AreaQuerySet(ScopedQuerySet, TreeQuerySet):
    """Areas; scope is the mptt range of the user's node (each township is its own tree)."""

    def within_q(self, node):
        if node is None:
            return None
        return Q(tree_id=node.tree_id, lft__gte=node.lft, rght__lte=node.rght)

    def holds(self, obj, node):
        return node is not None and obj.tree_id == node.tree_id and node.lft <= obj.lft and obj.rght <= node.rght

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
        MEMBER,
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
        MEMBER,
        verbose_name="党小组组长",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField("备注", blank=True)

    objects = AreaQuerySet.as_manager()
    # Places are no secret inside one's scope: a party member sees their own village's tree.
    policy = Policy(view=READ_ROLES | {Role.MEMBER})
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
        """The township this node belongs to (itself for a township; the root of its tree)."""
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


class TownshipWideQuerySet(ScopedQuerySet):
    """Township-wide documents (a rule book and its items, a ranking snapshot, a work plan).

    They belong to the township as a whole, not to a place inside it, so everyone working in the
    township reads them: a user scoped to a village or a grid sees their township's documents.
    Rows that belong to a place inside the township (a ranking's rows) are scoped normally.
    """

    scope_fields = {"township": "township"}

    def within_q(self, node):
        if node is None:
            return None
        # Each township is its own mptt tree, so the node's tree is its township.
        return Q(township__tree_id=node.tree_id)

    def holds(self, obj, node):
        if node is None:
            return False
        return obj.township_id == township_pk(node)


def township_pk(node) -> int:
    """The key of the township a node belongs to (no query for a township or a loaded parent chain)."""
    while node.kind != AreaKind.TOWNSHIP:
        node = node.parent
    return node.pk
