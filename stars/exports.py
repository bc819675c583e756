"""The remuneration sheet (报酬测算) the office sends to the finance office: one row per secretary with
the star level, the coefficient and the year's pay, a total, and the basis in the heading."""

import io

import openpyxl
from openpyxl.styles import Alignment, Font

from core.xlsx import neutralise
from stars.choices import RunStatus

HEADERS = [
    "序号",
    "行政村",
    "姓名",
    "任职日期",
    "星级",
    "报酬系数",
    "基本报酬（元）",
    "测算报酬（元）",
    "评星理由",
    "调整理由",
]
WIDTHS = [6, 14, 10, 12, 8, 10, 14, 14, 60, 30]


def remuneration_xlsx(run, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "报酬测算"
    status = "已发布" if run.status == RunStatus.PUBLISHED else "草稿，未发布"
    sheet.append([f"{run.township.name}{run.year}年党支部书记报酬测算（{status}）"])
    sheet.append([f"评定日期：{run.rated_on:%Y年%m月%d日}；报酬 = 基本报酬 × 星级报酬系数"])
    sheet.append(HEADERS)
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for i, r in enumerate(rows, start=1):
        sheet.append(
            [
                i,
                neutralise(r.village.name),
                neutralise(r.name),
                r.appointed_on,
                r.label,
                r.coefficient,
                run.base_amount,
                r.amount,
                neutralise(r.reasons),
                neutralise(r.override_reason),
            ]
        )
    total_row = len(rows) + 4
    sheet.append(["合计", "", f"{len(rows)}人", "", "", "", "", sum((r.amount for r in rows), start=0)])
    for row in sheet.iter_rows(min_row=4, max_row=total_row):
        row[3].number_format = "yyyy-mm-dd"
        for cell in (row[5], row[6], row[7]):
            cell.number_format = "0.00"
        row[8].alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
