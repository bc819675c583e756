"""import_xlsx REGISTER FILE [--dry-run] [--township NAME] — the importer the web pages use."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import imports
from core.management.commands._township import resolve_township
from core.registers import REGISTRY


class Command(BaseCommand):
    help = "从 Excel（.xlsx）导入一个台账；先检查全部行，有任何错误则一条也不导入。"

    def add_arguments(self, parser):
        parser.add_argument("register", nargs="?", help="台账名称（用 --list 查看）")
        parser.add_argument("file", nargs="?", help=".xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不保存")
        parser.add_argument("--township", help="乡镇名称或编码（只有一个乡镇时可省略）")
        parser.add_argument("--list", action="store_true", help="列出可导入的台账名称，每行一个")

    def handle(self, *args, register, file, dry_run, township, list, **options):
        if list:
            for name in sorted(n for n, r in REGISTRY.items() if r.importable):
                self.stdout.write(name)
            return
        if not register or not file:
            raise CommandError("用法：import_xlsx REGISTER FILE [--dry-run] [--township NAME]；用 --list 查看台账名称")
        reg = REGISTRY.get(register)
        if reg is None or not reg.importable:
            raise CommandError(f"没有名为“{register}”的可导入台账；用 --list 查看")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        node = resolve_township(township)
        report = imports.run_import(reg, path.read_bytes(), path.name, user=None, township=node, dry_run=dry_run)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"发现 {len(report.problems)} 处问题，未导入任何数据")
        verb = "预览通过（未保存）" if dry_run else "导入完成"
        self.stdout.write(
            self.style.SUCCESS(f"{verb}：共 {report.total} 行，新增 {report.new} 条，更新 {report.updated} 条")
        )
