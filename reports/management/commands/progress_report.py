"""progress_report: write a township's progress report of a month, quarter or year to a PDF or .docx file."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from places.models import Area
from reports import render, services
from reports.rules import requested_period

NO_TOWNSHIP = "找不到名为“{name}”的乡镇（也可以写乡镇编码）"
MANY_TOWNSHIPS = "有多个名为“{name}”的乡镇，请改用乡镇编码（{codes}）"
CHOOSE_TOWNSHIP = "系统中有{n}个乡镇，请用 --township 指定一个（{names}）"
NO_TOWNSHIPS = "系统中还没有乡镇"
BAD_OUT = "--out 的文件名须以 .pdf 或 .docx 结尾，收到“{value}”"
CANNOT_WRITE = "无法写入“{path}”：{reason}"


class Command(BaseCommand):
    help = (
        "生成乡镇抓党建促基层治理能力提升专项行动工作进展情况报告（月度、季度或年度），写成 PDF 或 Word 文件。"
        "该期报告已出具的，输出已出具的最新版本；否则按当前台账数据输出草稿。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="month（月度）、quarter（季度）或 year（年度）")
        parser.add_argument("--date", required=True, help="期间内的任一日期，如 2026-10-31")
        parser.add_argument("--township", default=None, help="乡镇名称或编码（只有一个乡镇时可省略）")
        parser.add_argument("--out", required=True, help="输出文件，以 .pdf 或 .docx 结尾")

    def _township(self, name):
        townships = Area.objects.townships()
        if name:
            matches = list(townships.filter(name=name)) or list(townships.filter(code=name))
            if not matches:
                raise CommandError(NO_TOWNSHIP.format(name=name))
            if len(matches) > 1:
                raise CommandError(MANY_TOWNSHIPS.format(name=name, codes="、".join(t.code for t in matches)))
            return matches[0]
        everything = list(townships.order_by("code")[:11])
        if not everything:
            raise CommandError(NO_TOWNSHIPS)
        if len(everything) > 1:
            names = "、".join(t.name for t in everything[:10]) + ("等" if len(everything) > 10 else "")
            raise CommandError(CHOOSE_TOWNSHIP.format(n=townships.count(), names=names))
        return everything[0]

    def handle(self, *args, period, date, township, out, **options):
        path = Path(out)
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".docx"):
            raise CommandError(BAD_OUT.format(value=out))
        try:
            wanted = requested_period(period, date, timezone.localdate())
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        node = self._township(township)
        report = services.report_for(node, wanted)
        version = report.versions.order_by("-number").first() if report.is_issued else None
        doc = services.version_document(version) if version else services.draft_document(report)
        data = render.pdf_bytes(doc) if suffix == ".pdf" else render.docx_bytes(doc)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(CANNOT_WRITE.format(path=out, reason=exc.strerror or exc)) from None
        gaps = [f for f in doc.figures.values() if f.gap]
        kind = f"已出具第{version.number}版" if version else "草稿（当前数据）"
        self.stdout.write(f"{doc.title}：{kind}，已写入 {path}（{len(data) // 1024} KB）")
        if gaps:
            self.stdout.write(f"其中{len(gaps)}项暂无数据，标为【暂无数据】：" + "、".join(g.label for g in gaps[:12]))
