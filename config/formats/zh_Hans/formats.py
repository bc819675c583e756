"""Date formats for Simplified Chinese, over Django's own (django/conf/locale/zh_Hans/formats.py).

Django's DATE_INPUT_FORMATS for zh_Hans carry "%Y年%n月%j日", which strptime cannot read (``%n`` is
not a directive and ``%j`` is the day of the year), so "2026年11月27日" typed into a form was
refused. These are the formats every date field and ``core.params.date`` read (``core.dates``).
"""

DATE_FORMAT = "Y年n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
DATETIME_FORMAT = "Y年n月j日 H:i"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-11-27 (also 2026-1-5)
    "%Y年%m月%d日",  # 2026年11月27日
    "%Y/%m/%d",  # 2026/11/27
    "%Y.%m.%d",  # 2026.11.27
    "%Y%m%d",  # 20261127
]
