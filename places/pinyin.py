"""Pinyin columns for search and sort: 张三 -> ("zhangsan", "zs").

The place tree is searched by pinyin and sits below ``core``, so the columns live here, at the
bottom, and every register (households, members, staff) takes ``PinyinNameMixin`` from here.

pypinyin segments whole phrases, which is slow and buys nothing for personal and place names, so
the conversion goes character by character through a cache (a few thousand characters cover
almost every name).
"""

from functools import lru_cache

from django.db import models
from pypinyin import lazy_pinyin


@lru_cache(maxsize=20_000)
def _char(char: str) -> str:
    return "".join(lazy_pinyin(char, errors="default")).lower()


def full_pinyin(text: str) -> str:
    return "".join(_char(c) for c in text or "")


def initials(text: str) -> str:
    return "".join(p[0] for p in (_char(c) for c in text or "") if p)


class PinyinNameMixin(models.Model):
    """Stored pinyin of ``name`` so "zs" finds 张三 and lists sort by pinyin."""

    name_pinyin = models.CharField("拼音", max_length=200, editable=False, blank=True, db_index=True)
    name_initials = models.CharField("拼音首字母", max_length=50, editable=False, blank=True, db_index=True)

    class Meta:
        abstract = True

    def fill_pinyin(self) -> None:
        self.name_pinyin = full_pinyin(self.name)
        self.name_initials = initials(self.name)

    def save(self, *args, **kwargs):
        self.fill_pinyin()
        super().save(*args, **kwargs)
