"""workbook_template FILE [--township NAME] — write the township workbook to fill in."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import workbook
from core.management.commands._township import resolve_township


class Command(BaseCommand):
    help = "生成整镇导入工作簿（每个台账一张表，带示例行、可选值与下拉列表），填好后用 import_workbook 导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="要写出的 .xlsx 文件路径")
        parser.add_argument("--township", help="乡镇名称或编码（只有一个乡镇时可省略）")

    def handle(self, *args, file, township, **options):
        node = resolve_township(township)
        path = Path(file)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("文件名应以 .xlsx 结尾")
        if not path.parent.is_dir():
            raise CommandError(f"目录不存在：{path.parent}")
        path.write_bytes(workbook.template_bytes(workbook.get_workbook("township"), township=node))
        self.stdout.write(self.style.SUCCESS(f"已写出 {path}（{node.name}）"))
