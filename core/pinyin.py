"""Pinyin columns for search and sort: 张三 -> ("zhangsan", "zs").

pypinyin segments whole phrases, which is slow and buys nothing for personal and place names, so
the conversion goes character by character through a cache (a few thousand characters cover
almost every name).
"""

from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=20_000)
def _char(char: str) -> str:
    return "".join(lazy_pinyin(char, errors="default")).lower()


def full_pinyin(text: str) -> str:
    return "".join(_char(c) for c in text or "")


def initials(text: str) -> str:
    return "".join(p[0] for p in (_char(c) for c in text or "") if p)
