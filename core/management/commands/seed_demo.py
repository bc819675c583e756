"""seed_demo: deterministic, realistic demo data and one demo login per role."""

import datetime
import importlib
import importlib.util
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import SEEDERS, DemoContext
from places.models import Area


class Command(BaseCommand):
    help = "生成演示数据（确定性的：同一 --seed 得到同样的数据）并打印每个角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["township", "county", "small"],
            default="township",
            help="township：约30个村、100个网格、1万户；county：15个乡镇；small：测试用的小数据",
        )
        parser.add_argument("--seed", type=int, default=1, help="随机种子（默认 1）")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="以哪一天为“今天”（YYYY-MM-DD，默认今天），演示数据覆盖此前一年",
        )
        parser.add_argument("--reset", action="store_true", help="先清空数据库中的全部数据")

    def handle(self, *args, scale, seed, today, reset, **options):
        from django.utils import timezone

        if Area.objects.exists():
            if not reset:
                raise CommandError("数据库中已有数据。如需重新生成，请加 --reset（将清空全部数据）。")
            call_command("flush", "--no-input", verbosity=0)
        ctx = DemoContext(rng=random.Random(seed), scale=scale, today=today or timezone.localdate())
        started = time.monotonic()
        with transaction.atomic():
            for app in SEEDERS:
                module_name = f"{app}.demo"
                if importlib.util.find_spec(app) is None or importlib.util.find_spec(module_name) is None:
                    continue
                step = time.monotonic()
                importlib.import_module(module_name).seed(ctx)
                self.stdout.write(f"  {app}: {time.monotonic() - step:.1f} 秒")
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已生成（{scale}，种子 {seed}），用时 {time.monotonic() - started:.1f} 秒。")
        )
        self.stdout.write(f"演示账号（密码均为 {ctx.password}）：")
        for label, username, _password, scope in ctx.logins:
            self.stdout.write(f"  {label:<6}  用户名 {username:<10}  范围 {scope}")
