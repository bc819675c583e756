"""import_workbook FILE [--dry-run] [--township NAME] — a whole township from one workbook."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import workbook
from core.management.commands._township import resolve_township


class Command(BaseCommand):
    help = "从整镇导入工作簿一次导入全镇台账；任何一张表有错误则一条也不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="填好的 .xlsx 工作簿")
        parser.add_argument("--dry-run", action="store_true", help="只检查并预览，不保存")
        parser.add_argument("--township", help="乡镇名称或编码（只有一个乡镇时可省略）")

    def handle(self, *args, file, dry_run, township, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        node = resolve_township(township)
        report = workbook.import_workbook_file(path, None, township=node, dry_run=dry_run)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"发现 {len(report.problems)} 处问题，未导入任何数据")
        for sheet in report.sheets:
            r = sheet.report
            self.stdout.write(
                f"{sheet.title}：共 {r.total} 行，新增 {r.new} 条，更新 {r.updated} 条，未变 {r.unchanged} 条"
            )
            for note in r.notes[:20]:
                self.stdout.write(f"  提示：{note}")
            if len(r.notes) > 20:
                self.stdout.write(f"  ……另有 {len(r.notes) - 20} 条提示")
        verb = "预览通过（未保存）" if dry_run else "导入完成"
        self.stdout.write(self.style.SUCCESS(f"{verb}：新增 {report.new} 条，更新 {report.updated} 条"))
