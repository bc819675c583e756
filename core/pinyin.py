"""Pinyin columns for search and sort: 张三 -> ("zhangsan", "zs")."""

from pypinyin import Style, lazy_pinyin


def full_pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text or "", errors="ignore")).lower()


def initials(text: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="ignore") if p).lower()
