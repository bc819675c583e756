"""export_xlsx REGISTER FILE [--township NAME] [--reveal] — the exporter the web pages use."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import id_reveal_log
from core import imports
from core.management.commands._township import resolve_township
from core.registers import REGISTRY


class Command(BaseCommand):
    help = "把一个台账导出为 Excel（.xlsx），表头与导入模板相同，可原样再导入。"

    def add_arguments(self, parser):
        parser.add_argument("register", help="台账名称（见 import_xlsx --list）")
        parser.add_argument("file", help="输出的 .xlsx 文件路径")
        parser.add_argument("--township", help="乡镇名称或编码（只有一个乡镇时可省略）")
        parser.add_argument("--reveal", action="store_true", help="导出完整身份证号（将记录查看日志）")

    def handle(self, *args, register, file, township, reveal, **options):
        reg = REGISTRY.get(register)
        if reg is None:
            raise CommandError(f"没有名为“{register}”的台账；用 import_xlsx --list 查看")
        if not file.lower().endswith(".xlsx"):
            raise CommandError("输出文件名应以 .xlsx 结尾")
        node = resolve_township(township)
        queryset = reg.model.objects.within(node).order_by(*reg.default_ordering)
        if reg.select_related:
            queryset = queryset.select_related(*reg.select_related)
        queryset = reg.scope_for_export(queryset)
        data = imports.export_bytes(reg, queryset, reveal=reveal)
        if reveal:
            id_reveal_log(None, model=reg.name, count=queryset.count(), via="command")
        Path(file).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"已导出 {queryset.count()} 条到 {file}"))
