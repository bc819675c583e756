"""Import templates people can fill in without guessing: an example row, the allowed values and
codes on their own sheet, and Excel drop-down lists (data validation) on every choice column.

One function writes a template of one register or of several (the township workbook,
``core.workbook``): ``template_workbook([(title, resource), …])``. The example row comes from the
resource (``RegisterResource.example_values``); an import skips a row left exactly as the example.
"""

import io

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.resources import BoolWidget, ChoiceWidget, DateWidget, IdNumberField
from places.widgets import AreaWidget

CODES_TITLE = "可选值与编码"
GUIDE_TITLE = "填写说明"
MAX_ROWS = 5000  # rows that get the drop-downs and the text format
HEADER_FILL = PatternFill("solid", fgColor="F8D7DA")  # required columns
OPTIONAL_FILL = PatternFill("solid", fgColor="E9ECEF")
EXAMPLE_FONT = Font(color="6C757D", italic=True)
GUIDE = [
    "1. 每张表第一行是表头，请不要修改、删除或调换表头；从第二行起每行填写一条记录。",
    "2. 第二行是示例（灰色斜体）。照它的格式填写；示例行原样保留时导入会跳过它，也可以直接删除或改写。",
    "3. 红色表头为必填列，灰色表头可留空。带下拉箭头的列请从下拉列表中选择，可选值见“可选值与编码”表。",
    "4. 身份证号填写完整的18位号码（最后一位可以是 X）；编码、户号、电话请按文本填写，不要写成数字或公式。",
    "5. 日期可写作 2024-01-31、2024/1/31 或 2024年1月31日，也可以用 Excel 的日期格式。",
    "6. 上传后系统先预览检查；只要有一行有错，就一条也不导入，并按“哪张表、第几行、哪一列、什么原因”列出问题。",
]


def _allowed(resource_field):
    widget = resource_field.widget
    if isinstance(widget, ChoiceWidget):
        return widget.labels
    if isinstance(widget, BoolWidget):
        return list(widget.labels)
    return None


def _is_required(resource_field, resource) -> bool:
    widget = resource_field.widget
    if resource_field.column_name in getattr(resource, "optional_columns", ()):
        return False
    if isinstance(resource_field, IdNumberField):
        return resource_field.required
    if isinstance(widget, ChoiceWidget):
        return widget.required and widget.default is None
    return bool(getattr(widget, "required", False)) or type(widget).__name__ == "RequiredTextWidget"


def _note(resource_field, resource, allowed) -> str:
    parts = ["必填" if _is_required(resource_field, resource) else "可留空"]
    if allowed:
        parts.append("可选：" + "、".join(allowed))
    if isinstance(resource_field.widget, DateWidget):
        parts.append("日期，如 2024-01-31")
    if isinstance(resource_field, IdNumberField):
        parts.append("18位身份证号")
    if isinstance(resource_field.widget, AreaWidget):
        parts.append("填写编码（见“可选值与编码”表或本工作簿中对应的表）")
    return "；".join(parts)


def template_workbook(sheets, *, code_lists=None, code_sources=None) -> bytes:
    """Write a template: one sheet per (title, resource), then the allowed values, then a guide.

    ``code_lists``: {column title: [codes]} listed on the codes sheet (the township's existing
    villages, grids, party groups) and offered as drop-downs on the AreaWidget columns of that kind.
    ``code_sources``: {area kind: (sheet title, column letter)} — in a workbook, the sheet where
    the codes of that kind are written, so the drop-down lists the codes filled in there.
    """
    code_lists = code_lists or {}
    code_sources = code_sources or {}
    book = openpyxl.Workbook()
    book.remove(book.active)
    codes = book.create_sheet(CODES_TITLE)
    code_column = 0

    def add_list(title, values):
        """Write a list on the codes sheet; return the absolute reference of its cells."""
        nonlocal code_column
        code_column += 1
        letter = get_column_letter(code_column)
        codes.cell(row=1, column=code_column, value=title).font = Font(bold=True)
        for offset, value in enumerate(values, start=2):
            codes.cell(row=offset, column=code_column, value=value)
        codes.column_dimensions[letter].width = max(14, len(title) * 2 + 2)
        last = max(len(values) + 1, 2)
        return f"{quote_sheetname(CODES_TITLE)}!${letter}$2:${letter}${last}"

    area_refs = {}
    for kind, (title, values) in code_lists.items():
        area_refs[kind] = add_list(title, values)

    for index, (title, resource) in enumerate(sheets):
        sheet = book.create_sheet(title[:31], index)
        fields = resource.get_import_fields()
        example = resource.example_values()
        for column, resource_field in enumerate(fields, start=1):
            letter = get_column_letter(column)
            allowed = _allowed(resource_field)
            header = sheet.cell(row=1, column=column, value=resource_field.column_name)
            header.font = Font(bold=True)
            header.fill = HEADER_FILL if _is_required(resource_field, resource) else OPTIONAL_FILL
            header.alignment = Alignment(horizontal="center")
            header.comment = Comment(_note(resource_field, resource, allowed), "系统")
            sheet.column_dimensions[letter].width = max(12, len(resource_field.column_name) * 2 + 4)
            cell = sheet.cell(row=2, column=column, value=example[column - 1])
            cell.font = EXAMPLE_FONT
            if not allowed and not isinstance(resource_field.widget, DateWidget):
                # codes, ID numbers, phones and household numbers stay text (no 1.4E+17)
                sheet.column_dimensions[letter].number_format = "@"
                cell.number_format = "@"
            reference = None
            if allowed:
                reference = add_list(f"{title}·{resource_field.column_name}", allowed)
            elif isinstance(resource_field.widget, AreaWidget):
                kind = resource_field.widget.kind
                if kind in code_sources:
                    source_title, source_letter = code_sources[kind]
                    reference = f"{quote_sheetname(source_title)}!${source_letter}$2:${source_letter}${MAX_ROWS}"
                else:
                    reference = area_refs.get(kind)
            if reference:
                validation = DataValidation(
                    type="list",
                    formula1=f"={reference}",
                    allow_blank=True,
                    showErrorMessage=bool(allowed),
                    errorTitle="请从下拉列表中选择",
                    error=("可选：" + "、".join(allowed))[:255] if allowed else None,
                )
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{MAX_ROWS}")
        sheet.freeze_panes = "A2"

    guide = book.create_sheet(GUIDE_TITLE)
    guide.column_dimensions["A"].width = 110
    for row, line in enumerate(GUIDE, start=1):
        guide.cell(row=row, column=1, value=line)
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
