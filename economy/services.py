"""Every write of the four key points, and its rules. Views, forms, imports and the demo call these.

Messages are module constants (tests assert on them). The ledgers (contracts, claims and debts,
assets) stand on ``core.ledgers``: placed, validated (the common rules and each ledger's
``*_errors``), numbered and saved in one transaction. A claim's collections and a debt's
resolutions are dated ``ClaimEntry`` rows added under a row lock, never more than is still owed,
never edited; a wrong one is reversed by a new entry.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from core.evidence import evidence_store
from core.ledgers import ledger_save
from core.uploads import UploadPolicy, UploadRejected, check_upload, validation_error
from economy import rules
from economy.choices import ENTRY_LABEL
from economy.models import (
    Asset,
    ClaimDebt,
    ClaimEntry,
    CollectiveIncome,
    Contract,
    DutyItem,
    EconomicOrganisation,
    EconomySettings,
    SystemKind,
    VillageRule,
    VillageSystem,
)
from places.choices import AreaKind

NEGATIVE = "{label}不能为负数"
NOT_POSITIVE = "{label}应大于 0"
IN_FUTURE = "{label}不能晚于今天"
NOT_A_VILLAGE = "请选择一个行政村"
BAD_YEAR = "年度应在 2000 到 2100 之间"
SOURCES_MISMATCH = "各项收入来源之和（{total}万元）与实际收入（{actual}万元）不一致"
SOURCES_WITHOUT_ACTUAL = "填写了收入来源，请同时填写实际收入"
INCOME_EXISTS = "{village}{year}年的集体经济收入已登记，请修改原记录"
ORG_OTHER_VILLAGE = "集体经济组织“{name}”不属于{village}"
PUBLICISED_TOO_EARLY = "合同清查和债权债务摸底均完成后才能登记公示日期"
DONE_DATE_WITHOUT_DONE = "填写了{label}，请同时勾选“{done}”"
DONE_BEFORE_PUBLICISED = "公示日期不能早于{label}"
CODE_EXISTS = "组织编码“{code}”已被“{name}”使用"
CONTRACT_NUMBER_EXISTS = "合同编号“{number}”在{organisation}中已存在"
ASSET_NUMBER_EXISTS = "资产编号“{number}”在{organisation}中已存在"
AMOUNT_BELOW_SETTLED = "金额不能小于已{entry}的{settled}元"
ENTRY_NOT_POSITIVE = "{entry}金额应大于 0"
ENTRY_TOO_MANY_DECIMALS = "{entry}金额最多保留两位小数（元）"
ENTRY_EXCEEDS = "本次{entry}{amount}元超过尚未{entry}的{outstanding}元"
ENTRY_BEFORE_CLAIM = "{entry}日期不能早于发生日期（{arose}）"
ENTRY_REVERSED = "这条记录已冲正过"
ENTRY_IS_REVERSAL = "冲正记录不能再冲正"
REVERSAL_EXCEEDS = "冲正后已{entry}金额将为负数"
SYSTEM_EXISTS = "{village}已登记“{system}”"
SYSTEM_OTHER_TOWNSHIP = "该制度不属于本乡镇的制度目录"
DUTY_EXISTS = "{place}{kind}已有第{number}项"
DUTY_NUMBER = "序号应大于 0"
RULE_EXISTS = "{village}{day}通过的村规民约已登记"
WEAK_LINE_NEGATIVE = "薄弱村标准不能为负数"
SYSTEM_KIND_EXISTS = "制度目录中已有“{name}”"
TOWNSHIP_ITEM_NOT_YOURS = "镇级清单（不选村）只有镇办公室可以登记"
TOWNSHIP_ITEM_NEEDS_TOWNSHIP = "镇级清单请由本乡镇的办公室登记"
DOCUMENT_KINDS = "只接受 PDF、JPG、PNG 或 Word（.docx）文件"
NO_DOCUMENT = "请选择要上传的文件"

# The documents of contracts, systems and rules: scans (PDF, photos) or the typed text (.docx).
DOCUMENTS = UploadPolicy(noun="文件", kinds=("pdf", "jpg", "png", "docx"), decode_images=True, bad_kind=DOCUMENT_KINDS)


def _label(obj, field):
    return str(obj._meta.get_field(field).verbose_name)


def _place(obj) -> dict:
    """Township from the village; an error when the village is not a village."""
    if obj.village_id:
        if obj.village.kind != AreaKind.VILLAGE:
            return {"village": NOT_A_VILLAGE}
        obj.township_id = obj.village.parent_id
    return {}


def _not_negative(obj, fields, errors):
    for name in fields:
        value = getattr(obj, name)
        if value is not None and value < 0:
            errors.setdefault(name, NEGATIVE.format(label=_label(obj, name)))


def _not_future(obj, fields, today, errors):
    for name in fields:
        value = getattr(obj, name)
        if value is not None and value > today:
            errors.setdefault(name, IN_FUTURE.format(label=_label(obj, name)))


def _raise(errors):
    if errors:
        raise ValidationError(errors)


# --- settings ---------------------------------------------------------------------------------------


def settings_save(row: EconomySettings) -> EconomySettings:
    if row.weak_line is not None and row.weak_line < 0:
        raise ValidationError({"weak_line": WEAK_LINE_NEGATIVE})
    row.save()
    return row


# --- collective income ------------------------------------------------------------------------------


def income_errors(income: CollectiveIncome, *, check_db=True) -> dict[str, str]:
    """A year's income: no negative amount, a sensible year, the sources adding up to the actual."""
    errors = _place(income)
    if income.year is not None and not 2000 <= income.year <= 2100:
        errors["year"] = BAD_YEAR
    _not_negative(income, ("last_year", "target", "actual", *CollectiveIncome.SOURCES), errors)
    total = income.sources_total
    if total and "actual" not in errors:
        if income.actual is None:
            errors["actual"] = SOURCES_WITHOUT_ACTUAL
        elif total != income.actual:
            cent = rules.CENT
            errors["actual"] = SOURCES_MISMATCH.format(total=total.quantize(cent), actual=income.actual.quantize(cent))
    if check_db and income.village_id and income.year and "village" not in errors:
        taken = CollectiveIncome.objects.filter(village_id=income.village_id, year=income.year)
        if taken.exclude(pk=income.pk).exists():
            errors["year"] = INCOME_EXISTS.format(village=income.village.name, year=income.year)
    return errors


def income_save(income: CollectiveIncome) -> CollectiveIncome:
    with transaction.atomic():
        _raise(income_errors(income))
        income.save()
    return income


# --- organisations ----------------------------------------------------------------------------------


def organisation_errors(org: EconomicOrganisation, *, today: datetime.date, check_code=True) -> dict[str, str]:
    """The clean-up's state holds together: a date only with its step done, publicity only after
    both steps, no date in the future, a code unique in the township."""
    errors = _place(org)
    _not_future(org, ("contracts_checked_on", "debts_surveyed_on", "publicised_on"), today, errors)
    for done, day in (("contracts_checked", "contracts_checked_on"), ("debts_surveyed", "debts_surveyed_on")):
        if getattr(org, day) and not getattr(org, done):
            errors.setdefault(day, DONE_DATE_WITHOUT_DONE.format(label=_label(org, day), done=_label(org, done)))
        if org.publicised_on and getattr(org, day) and org.publicised_on < getattr(org, day):
            errors.setdefault("publicised_on", DONE_BEFORE_PUBLICISED.format(label=_label(org, day)))
    if org.publicised_on and not (org.contracts_checked and org.debts_surveyed):
        errors.setdefault("publicised_on", PUBLICISED_TOO_EARLY)
    if check_code and org.code and org.township_id:
        other = EconomicOrganisation.objects.filter(township_id=org.township_id, code=org.code).exclude(pk=org.pk)
        clash = other.first()
        if clash is not None:
            errors["code"] = CODE_EXISTS.format(code=org.code, name=clash.name)
    return errors


def organisation_save(org: EconomicOrganisation, *, today: datetime.date) -> EconomicOrganisation:
    with transaction.atomic():
        _raise(organisation_errors(org, today=today))
        org.save()
    return org


# --- the ledgers of an organisation -----------------------------------------------------------------


def place_in_organisation(entry) -> None:
    """A ledger row lives in its organisation's village (set before the ledger's steps run)."""
    if entry.organisation_id and not entry.village_id:
        entry.village_id = entry.organisation.village_id
        entry.village = entry.organisation.village


def _organisation_errors(entry) -> dict[str, str]:
    if entry.organisation_id and entry.village_id and entry.organisation.village_id != entry.village_id:
        return {"organisation": ORG_OTHER_VILLAGE.format(name=entry.organisation.name, village=entry.village.name)}
    return {}


def _number_taken(entry, message, check_db) -> dict[str, str]:
    if not check_db or not entry.number or not entry.organisation_id:
        return {}
    taken = type(entry).objects.filter(organisation_id=entry.organisation_id, number=entry.number)
    if taken.exclude(pk=entry.pk).exists():
        return {"number": message.format(number=entry.number, organisation=entry.organisation.name)}
    return {}


def contract_errors(contract: Contract, *, today, check_db=True) -> dict[str, str]:
    """The contract ledger's own rules (the dates' order is the common rule of core.ledgers)."""
    errors = _organisation_errors(contract)
    _not_negative(contract, ("amount", "area"), errors)
    errors.update(_number_taken(contract, CONTRACT_NUMBER_EXISTS, check_db))
    return errors


def contract_import_errors(contract, *, today):
    """As ``contract_errors``; an import matches rows by organisation and number, so it never clashes."""
    return contract_errors(contract, today=today, check_db=False)


def contract_save(contract: Contract, *, today, user=None) -> Contract:
    place_in_organisation(contract)
    return ledger_save(contract, today=today, user=user, check=contract_errors)


def claim_errors(claim: ClaimDebt, *, today) -> dict[str, str]:
    errors = _organisation_errors(claim)
    if claim.amount is not None:
        if claim.amount <= 0:
            errors["amount"] = NOT_POSITIVE.format(label=_label(claim, "amount"))
        elif claim.amount < (claim.settled or 0):
            entry = ENTRY_LABEL.get(claim.kind, "清收")
            errors["amount"] = AMOUNT_BELOW_SETTLED.format(entry=entry, settled=claim.settled)
    return errors


def claim_save(claim: ClaimDebt, *, today, user=None) -> ClaimDebt:
    place_in_organisation(claim)
    if claim.amount is not None:
        claim.status = rules.claim_status(claim.amount, claim.settled or Decimal("0"))
    return ledger_save(claim, today=today, user=user, check=claim_errors)


def asset_errors(asset: Asset, *, today, check_db=True) -> dict[str, str]:
    errors = _organisation_errors(asset)
    _not_negative(asset, ("value", "quantity"), errors)
    errors.update(_number_taken(asset, ASSET_NUMBER_EXISTS, check_db))
    return errors


def asset_import_errors(asset, *, today):
    return asset_errors(asset, today=today, check_db=False)


def asset_save(asset: Asset, *, today, user=None) -> Asset:
    place_in_organisation(asset)
    return ledger_save(asset, today=today, user=user, check=asset_errors)


# --- collections and resolutions --------------------------------------------------------------------


def entry_add(claim: ClaimDebt, *, amount, entry_on: datetime.date, today: datetime.date, note="", user=None):
    """Record a collection (债权清收) or a resolution (化解债务): dated, at most what is still owed.
    The claim row is locked so two people recording at once cannot together exceed it."""
    label = ENTRY_LABEL[claim.kind]
    with transaction.atomic():
        locked = ClaimDebt.objects.select_for_update().get(pk=claim.pk)
        errors = {}
        if amount is None or amount <= 0:
            errors["amount"] = ENTRY_NOT_POSITIVE.format(entry=label)
        elif rules.decimals(Decimal(amount)) > 2:
            errors["amount"] = ENTRY_TOO_MANY_DECIMALS.format(entry=label)
        elif amount > locked.outstanding:
            errors["amount"] = ENTRY_EXCEEDS.format(entry=label, amount=amount, outstanding=locked.outstanding)
        if entry_on is None:
            errors["entry_on"] = "请填写日期"
        elif entry_on > today:
            errors["entry_on"] = IN_FUTURE.format(label=f"{label}日期")
        elif entry_on < locked.arose_on:
            errors["entry_on"] = ENTRY_BEFORE_CLAIM.format(entry=label, arose=locked.arose_on)
        _raise(errors)
        entry = ClaimEntry.objects.create(
            claim=locked,
            township_id=locked.township_id,
            village_id=locked.village_id,
            kind=locked.kind,
            entry_on=entry_on,
            amount=Decimal(amount).quantize(rules.CENT),
            note=note,
            recorded_by=user,
        )
        _settle(locked, locked.settled + entry.amount)
    claim.settled, claim.status = locked.settled, locked.status
    return entry


def entry_reverse(entry: ClaimEntry, *, today: datetime.date, note="", user=None) -> ClaimEntry:
    """Reverse a wrong entry with a new one of the opposite amount, dated today; the original stays."""
    with transaction.atomic():
        locked = ClaimDebt.objects.select_for_update().get(pk=entry.claim_id)
        if entry.reverses_id:
            raise ValidationError(ENTRY_IS_REVERSAL)
        if ClaimEntry.objects.filter(reverses=entry).exists():
            raise ValidationError(ENTRY_REVERSED)
        if locked.settled - entry.amount < 0:
            raise ValidationError(REVERSAL_EXCEEDS.format(entry=ENTRY_LABEL[locked.kind]))
        reversal = ClaimEntry.objects.create(
            claim=locked,
            township_id=locked.township_id,
            village_id=locked.village_id,
            kind=locked.kind,
            entry_on=today,
            amount=-entry.amount,
            note=note or f"冲正{entry.entry_on}的记录",
            reverses=entry,
            recorded_by=user,
        )
        _settle(locked, locked.settled - entry.amount)
    return reversal


def _settle(claim: ClaimDebt, settled: Decimal) -> None:
    claim.settled = settled
    claim.status = rules.claim_status(claim.amount, settled)
    claim.save(update_fields=["settled", "status"])


# --- systems, duty lists, village rules -------------------------------------------------------------


def system_kind_save(kind: SystemKind) -> SystemKind:
    with transaction.atomic():
        taken = SystemKind.objects.filter(township_id=kind.township_id, name=kind.name).exclude(pk=kind.pk)
        if taken.exists():
            raise ValidationError({"name": SYSTEM_KIND_EXISTS.format(name=kind.name)})
        kind.save()
    return kind


def village_system_errors(row: VillageSystem, *, today, check_db=True) -> dict[str, str]:
    errors = _place(row)
    _not_future(row, ("adopted_on",), today, errors)
    if row.system_id and row.township_id and row.system.township_id != row.township_id:
        errors["system"] = SYSTEM_OTHER_TOWNSHIP
    if check_db and row.system_id and row.village_id and "village" not in errors:
        taken = VillageSystem.objects.filter(village_id=row.village_id, system_id=row.system_id).exclude(pk=row.pk)
        if taken.exists():
            errors["system"] = SYSTEM_EXISTS.format(village=row.village.name, system=row.system.name)
    return errors


def village_system_save(row: VillageSystem, *, today) -> VillageSystem:
    with transaction.atomic():
        _raise(village_system_errors(row, today=today))
        row.save()
    return row


def duty_errors(item: DutyItem, *, today, check_db=True) -> dict[str, str]:
    errors = _place(item)
    _not_future(item, ("issued_on",), today, errors)
    if item.number is not None and item.number <= 0:
        errors["number"] = DUTY_NUMBER
    if check_db and item.number and item.kind and item.township_id:
        taken = DutyItem.objects.filter(township_id=item.township_id, kind=item.kind, number=item.number)
        taken = taken.filter(village_id=item.village_id) if item.village_id else taken.filter(village__isnull=True)
        if taken.exclude(pk=item.pk).exists():
            place = item.village.name if item.village_id else "镇级"
            errors["number"] = DUTY_EXISTS.format(place=place, kind=item.get_kind_display(), number=item.number)
    return errors


def duty_save(item: DutyItem, *, today, township=None) -> DutyItem:
    """A township item has no village: its township comes from the caller (the user's township)."""
    with transaction.atomic():
        if not item.village_id and township is not None:
            item.township = township
        _raise(duty_errors(item, today=today))
        item.save()
    return item


def rule_errors(rule: VillageRule, *, today, check_db=True) -> dict[str, str]:
    errors = _place(rule)
    _not_future(rule, ("adopted_on",), today, errors)
    if rule.articles is not None and rule.articles <= 0:
        errors["articles"] = NOT_POSITIVE.format(label=_label(rule, "articles"))
    if check_db and rule.village_id and rule.adopted_on and "village" not in errors:
        taken = VillageRule.objects.filter(village_id=rule.village_id, adopted_on=rule.adopted_on)
        if taken.exclude(pk=rule.pk).exists():
            errors["adopted_on"] = RULE_EXISTS.format(village=rule.village.name, day=rule.adopted_on)
    return errors


def rule_save(rule: VillageRule, *, today) -> VillageRule:
    with transaction.atomic():
        _raise(rule_errors(rule, today=today))
        rule.save()
    return rule


# --- documents --------------------------------------------------------------------------------------


def document_add(model, entry, *, upload, user=None, note: str = ""):
    """Store ``upload`` as a document (``model``: ContractDocument, SystemDocument, RuleDocument) of
    ``entry`` after checking its size, kind and first bytes (``core.uploads``); a refused file
    raises ValidationError on ``file`` and leaves neither a row nor a file behind."""
    if upload is None:
        raise ValidationError({"file": NO_DOCUMENT})
    try:
        checked = check_upload(upload, DOCUMENTS)
    except UploadRejected as exc:
        raise validation_error(exc, "file") from exc
    with transaction.atomic():
        return evidence_store(model, entry, [checked], user=user, note=(note or "").strip())[0]
