"""rankings: compute and store the party-member points rankings of a period."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from places.models import Area
from points import rules, services
from points.choices import PeriodKind

BAD_PERIOD = "--period 只能是 month（月榜）、quarter（季榜）或 year（年榜），收到“{value}”"
BAD_DATE = "--date 应为 YYYY-MM-DD 格式的日期，收到“{value}”"
NO_TOWNSHIP = "找不到名为“{name}”的乡镇"
MANY_TOWNSHIPS = "有多个名为“{name}”的乡镇，请改用乡镇编码（{codes}）"
NOTHING_DONE = "没有计算任何排行"
ACTIONS = {
    "created": "已计算（第1版，草稿）",
    "replaced": "已重新计算（草稿已更新）",
    "corrected": "已生成更正版本（草稿）",
    "kept": "已公示，未重新计算",
    "skipped": "跳过",
}


class Command(BaseCommand):
    help = "计算并保存某一期间（月、季度、年）的党员积分排行：全镇总榜、分村排名、分层排名。"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="month（月榜）、quarter（季榜）或 year（年榜）")
        parser.add_argument("--date", required=True, help="期间内的任一日期，YYYY-MM-DD")
        parser.add_argument("--township", default=None, help="只计算这个乡镇（名称或编码；默认全部乡镇）")

    def handle(self, *args, period, date, township, **options):
        if period not in PeriodKind.values:
            raise CommandError(BAD_PERIOD.format(value=period))
        try:
            on_date = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(BAD_DATE.format(value=date)) from None
        townships = None
        if township:
            matches = list(Area.objects.townships().filter(name=township)) or list(
                Area.objects.townships().filter(code=township)
            )
            if not matches:
                raise CommandError(NO_TOWNSHIP.format(name=township))
            if len(matches) > 1:
                raise CommandError(MANY_TOWNSHIPS.format(name=township, codes="、".join(t.code for t in matches)))
            townships = matches
        try:
            outcomes = services.rankings_compute(
                period_kind=period, on_date=on_date, today=timezone.localdate(), townships=townships
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        start, _ = rules.period_bounds(period, on_date)
        label = f"{rules.period_label(period, start)}{PeriodKind(period).label}"
        for outcome in outcomes:
            counts = outcome.snapshots[0].member_count if outcome.snapshots else 0
            line = f"{outcome.township.name} {label}：{ACTIONS[outcome.action]}，参评 {counts} 人"
            if outcome.message:
                line += f"（{outcome.message}）"
            self.stdout.write(line)
        if outcomes and all(o.action == "skipped" for o in outcomes):
            raise CommandError(NOTHING_DONE)
