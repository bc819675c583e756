"""Shared helpers for deterministic demo data (seed_demo): the context and Chinese names and IDs.

Each app that has demo data has a ``demo.py`` with ``seed(ctx)``; seed_demo calls them in the
order of ``SEEDERS``. Everything random comes from ``ctx.rng`` so a seed gives the same data.
"""

import datetime
import random
from dataclasses import dataclass, field

from core.idnumbers import check_digit

# The order in which apps seed: later apps use what earlier ones made.
SEEDERS = [
    "grids", "accounts", "township", "visits", "issues", "stars", "points", "worklog", "training", "economy", "reports",
]  # fmt: skip

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石"
    "姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN_MALE = "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国志红春海文晓东亮成忠永"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀英华慧巧美娅莉燕玲桂珍萍红梅琳素云莲真环雪荣爱妹香月凤洁琴翠兰"
VILLAGE_HEADS = (
    "苇水", "九光", "上郊", "下郊", "东庄", "西庄", "南沟", "北岭", "李家", "王家", "后河", "前河", "杨柳", "石门",
    "白土", "红岩", "桃园", "杏林", "梨园", "枣坡", "松树", "柏山", "黄龙", "青龙", "凤凰", "麻地", "孙家", "赵家",
    "马庄", "牛家", "东沟", "西沟", "上庄", "下庄", "中寨", "新村", "河底", "岭上", "固隆", "蟒河",
)  # fmt: skip
TOWNSHIP_HEADS = (
    "凤城", "北留", "润城", "町店", "芹池", "次营", "横河", "河北", "蟒河", "东冶", "白桑", "寺头", "西河", "演礼",
    "固隆", "驾岭", "董封", "西交",
)  # fmt: skip
# Region codes the residents of 阳城县 really hold, regardless of birth year: a card keeps the
# code in force when it was issued (142526 until 1985, then 140522), and people move in from
# neighbouring counties (old 晋东南地区 codes and current 晋城市 ones). Weighted.
REGION_CODES = (
    ("140522", 55), ("142526", 25), ("140525", 6), ("142528", 3), ("140581", 3),
    ("142525", 2), ("140521", 2), ("140502", 2), ("140524", 1), ("142529", 1),
)  # fmt: skip
STREETS = ("东街", "西街", "南街", "北街", "中街", "前巷", "后巷", "新区", "老街", "河边")


@dataclass
class DemoContext:
    rng: random.Random
    scale: str
    today: datetime.date
    townships: list = field(default_factory=list)
    logins: list = field(default_factory=list)  # (role label, username, password, scope)
    password: str = "demo12345"
    data: dict = field(default_factory=dict)  # what one seeder leaves for the next

    @property
    def year_ago(self) -> datetime.date:
        return self.today - datetime.timedelta(days=365)

    def person_name(self, gender: str) -> str:
        given = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
        length = 1 if self.rng.random() < 0.35 else 2
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(given) for _ in range(length))

    def birth_date(self, min_age=18, max_age=85) -> datetime.date:
        age_days = self.rng.randint(min_age * 365, max_age * 365)
        return self.today - datetime.timedelta(days=age_days)

    def id_number(self, birth: datetime.date, gender: str) -> str:
        """A valid, never repeated 身份证号 with a real region code (``REGION_CODES``)."""
        codes, weights = zip(*REGION_CODES, strict=True)
        region = self.rng.choices(codes, weights=weights)[0]
        used = self.data.setdefault("used_ids", set())
        while True:
            order = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            body = f"{region}{birth:%Y%m%d}{order:03d}"
            if body not in used:
                used.add(body)
                return body + check_digit(body)

    def phone(self) -> str:
        return f"1{self.rng.choice('3578')}{self.rng.randint(0, 999999999):09d}"

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        span = (end - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))
