"""The rule book (积分制管理办法): its items with their tier overrides, and the thresholds."""

from django.db import transaction

from points.models import (
    PointThreshold,
    RuleCategory,
    RuleItem,
    RuleItemTier,
)

# --- the rule book ---------------------------------------------------------------------------


def rule_item_save(*, item: RuleItem, category_name: str, overrides: dict) -> RuleItem:
    """Save an item of a rule book, its category (made when new) and its tiers' differing terms."""
    with transaction.atomic():
        book = item.rule_book
        name = category_name.strip()
        category = RuleCategory.objects.filter(rule_book=book, name=name).first()
        if category is None:
            category = RuleCategory.objects.create(rule_book=book, name=name, order=book.categories.count() + 1)
        item.category = category
        item.township_id = book.township_id
        item.save()
        RuleItemTier.objects.filter(item=item).exclude(tier__in=list(overrides)).delete()
        for tier, values in overrides.items():
            RuleItemTier.objects.update_or_create(item=item, tier=tier, defaults=values)
    return item


def threshold_delete(threshold: PointThreshold) -> None:
    """Remove a threshold (积分运用标准) from its rule book."""
    threshold.delete()
