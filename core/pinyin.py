"""Pinyin columns for search and sort: 张三 -> ("zhangsan", "zs").

Names repeat a great deal (a few hundred surnames and given-name characters), and pypinyin is
slow per call, so both functions are cached by the whole text.
"""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=200_000)
def full_pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text or "", errors="ignore")).lower()


@lru_cache(maxsize=200_000)
def initials(text: str) -> str:
    return "".join(p[0] for p in lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="ignore") if p).lower()
