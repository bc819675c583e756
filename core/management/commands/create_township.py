"""create_township NAME [--code CODE] --office USERNAME [--password P] — a township and its office login."""

import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.townships import township_create

PASSWORD_ENV = "TOWNSHIP_OFFICE_PASSWORD"
LABELS = {"name": "乡镇名称", "code": "编码", "office": "办公室账号", "password": "口令"}


class Command(BaseCommand):
    help = "建立一个乡镇和它的第一个镇办公室账号，并打印下一步怎么做。"

    def add_arguments(self, parser):
        parser.add_argument("name", help="乡镇名称，如 凤城镇")
        parser.add_argument("--code", default="", help="乡镇编码（字母数字，省略时按拼音首字母生成）")
        parser.add_argument("--office", required=True, help="镇办公室登录账号名")
        parser.add_argument("--office-name", default="", help="账号显示的姓名（默认“乡镇名称+办公室”）")
        parser.add_argument(
            "--password", default=None, help=f"账号口令；脚本中可改用环境变量 {PASSWORD_ENV}，都不给时提示输入"
        )

    def handle(self, *args, name, code, office, office_name, password, **options):
        password = password or os.environ.get(PASSWORD_ENV) or self._prompt()
        try:
            created = township_create(
                name=name, code=code, office_username=office, password=password, full_name=office_name
            )
        except ValidationError as exc:
            lines = [
                f"{LABELS.get(field, field)}：{'；'.join(messages)}" for field, messages in exc.message_dict.items()
            ]
            raise CommandError("未建立乡镇：\n" + "\n".join(lines)) from None
        township = created.township
        self.stdout.write(
            self.style.SUCCESS(
                f"已建立乡镇“{township.name}”（编码 {township.code}）和镇办公室账号 {created.office.username}。"
            )
        )
        self.stdout.write("下一步：")
        for number, line in enumerate(created.next_steps(), start=1):
            self.stdout.write(f"  {number}. {line}")

    def _prompt(self) -> str:
        if not sys.stdin.isatty():
            raise CommandError(f"请用 --password 或环境变量 {PASSWORD_ENV} 给出办公室账号的口令")
        first = getpass.getpass("办公室账号的口令：")
        if first != getpass.getpass("再输入一次："):
            raise CommandError("两次输入的口令不一致")
        return first
