"""The village ledger (村级台账) base: one pattern for every ledger kept per village.

A village ledger entry is numbered within its township, placed in a village (and optionally a grid),
has a status, a deadline, a responsible person and, where the ledger keeps them, evidence files
(``core.evidence``). The risk ledger (风险隐患), the demands (诉求) and the rectification ledger
(问题整改) stand on it; so do the coming ledgers (key tasks, contracts, claims and debts).

Model — inherit ``VillageLedgerEntry`` (or ``GridLedgerEntry`` when a row may name a grid)::

    class Contract(VillageLedgerEntry):
        number_prefix = "HT{year}-"          # HT2025-00001, allocated per township
        date_field = "signed_on"            # the entry's own date: the number's year, "not in the future"
        title = models.CharField("合同名称", max_length=200)
        signed_on = models.DateField("签订日期")
        status = models.CharField("状态", max_length=10, choices=ContractStatus.choices, default=...)
        deadline = models.DateField("到期日期", null=True, blank=True)   # relabel an inherited field
        history = HistoricalRecords()

        class Meta(VillageLedgerEntry.Meta):
            constraints = [models.UniqueConstraint(fields=["township", "number"], name="contract_unique_number")]

Service — ``ledger_save(entry, today=, user=, check=contract_errors)``: places the entry (township from
the village, grid from a household), checks the common rules (``ledger_errors``) and the ledger's own
(``check`` returns a dict of field → message), numbers a new entry and saves, in one transaction.
Form — ``core.forms.LedgerForm``; resource — ``core.resources.LedgerResource``: both call the same
steps, so a page and a spreadsheet obey the same rules.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.access import ScopedQuerySet
from core.numbers import allocate_number
from places.choices import AreaKind

NOT_A_VILLAGE = "请选择一个行政村"
GRID_OUTSIDE = "网格不属于所选行政村"
HOUSEHOLD_OUTSIDE = "该户不属于所选行政村"
DATE_IN_FUTURE = "{date}不能晚于今天"
DEADLINE_BEFORE_DATE = "{deadline}不能早于{date}"
RESPONSIBLE_ELSEWHERE = "责任人账号不属于本乡镇"

AREA = "places.Area"


class VillageLedgerEntry(models.Model):
    """A row of a village ledger: township and village keys, a number, a status, a deadline and a
    responsible person (a name as the ledger writes it, and optionally their login)."""

    number = models.CharField("编号", max_length=40)
    township = models.ForeignKey(
        AREA, verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "township"}
    )
    village = models.ForeignKey(
        AREA, verbose_name="行政村", on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "village"}
    )
    #: each ledger declares its status with its own choices (and its open statuses in OPEN_STATUSES)
    status = models.CharField("状态", max_length=16)
    deadline = models.DateField("完成时限", null=True, blank=True)
    responsible = models.CharField("责任人", max_length=50, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="责任人账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope_fields = {"township": "township", "village": "village"}
    #: the login a row names (``accounts.access``: a policy with RESPONSIBLE lets that person act on it)
    responsible_field = "responsible_user"

    #: the field holding the number, its prefix (``{year}`` is the year of ``date_field``) and width
    number_field = "number"
    number_prefix = "{year}-"
    number_width = 5
    #: the entry's own date (found, raised, signed): the number's year; not in the future; deadline not before it
    date_field = "found_on"
    OPEN_STATUSES: frozenset = frozenset()

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def entry_date(self) -> datetime.date | None:
        return getattr(self, self.date_field)


class GridLedgerEntry(VillageLedgerEntry):
    """A village ledger entry that may name a grid of the village (scoped to it, so grid staff see it)."""

    grid = models.ForeignKey(
        AREA,
        verbose_name="网格",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "grid"},
    )

    scope_fields = {"township": "township", "village": "village", "grid": "grid"}

    class Meta:
        abstract = True


# --- service steps ---------------------------------------------------------------------------------


def _label(entry, field: str) -> str:
    return str(entry._meta.get_field(field).verbose_name)


def ledger_place(entry) -> None:
    """Set the scope keys from the tree: the grid from a related household (when the ledger has
    one and no grid is given), the township from the village."""
    household = getattr(entry, "household", None) if hasattr(entry, "household_id") else None
    if household is not None and hasattr(entry, "grid_id") and not entry.grid_id:
        entry.grid_id = household.grid_id
    if entry.village_id:
        entry.township_id = entry.village.parent_id


def ledger_errors(entry, *, today: datetime.date) -> dict[str, str]:
    """The rules every village ledger entry obeys: a village that is a village, a grid and a
    household inside it, its date not in the future, the deadline not before its date, and a
    responsible login that works in the entry's township."""
    errors = {}
    if entry.village_id and entry.village.kind != AreaKind.VILLAGE:
        errors["village"] = NOT_A_VILLAGE
    if getattr(entry, "grid_id", None) and entry.grid.parent_id != entry.village_id:
        errors["grid"] = GRID_OUTSIDE
    if getattr(entry, "household_id", None) and entry.household.village_id != entry.village_id:
        errors["household"] = HOUSEHOLD_OUTSIDE
    day = entry.entry_date()
    if day and day > today:
        errors[entry.date_field] = DATE_IN_FUTURE.format(date=_label(entry, entry.date_field))
    if entry.deadline and day and entry.deadline < day:
        errors["deadline"] = DEADLINE_BEFORE_DATE.format(
            deadline=_label(entry, "deadline"), date=_label(entry, entry.date_field)
        )
    node = entry.responsible_user.scope_node if entry.responsible_user_id else None
    if node is not None and entry.township_id:
        tree = entry.village.tree_id if entry.village_id else entry.township.tree_id
        if node.tree_id != tree:
            errors["responsible_user"] = RESPONSIBLE_ELSEWHERE
    return errors


def ledger_validate(entry, *, today: datetime.date, check=None) -> None:
    """ValidationError (field → message) when the entry breaks the common rules or the ledger's own
    (``check(entry, today=)`` returns a dict; the common message wins on the same field)."""
    errors = dict(check(entry, today=today)) if check else {}
    errors.update(ledger_errors(entry, today=today))
    if errors:
        raise ValidationError(errors)


def ledger_number(entry) -> None:
    """Number a new entry (``number_prefix`` + the next serial of its township); a number already
    given (typed, or from a spreadsheet) is kept. Call inside the saving transaction."""
    if getattr(entry, entry.number_field):
        return
    day = entry.entry_date() or timezone.localdate()
    prefix = entry.number_prefix.format(year=day.year)
    number = allocate_number(type(entry), entry.township_id, prefix, field=entry.number_field, width=entry.number_width)
    setattr(entry, entry.number_field, number)


def ledger_save(entry, *, today: datetime.date, user=None, check=None, recorded_by: str | None = None):
    """Create or update an entry: placed, validated (common rules + ``check``), numbered when new,
    saved — all in one transaction. ``recorded_by`` names a field set to ``user`` on a new entry."""
    with transaction.atomic():
        ledger_place(entry)
        ledger_validate(entry, today=today, check=check)
        if recorded_by and entry.pk is None and user is not None and not getattr(entry, f"{recorded_by}_id"):
            setattr(entry, recorded_by, user)
        ledger_number(entry)
        entry.save()
    return entry
