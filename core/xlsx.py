"""Reading and writing spreadsheets safely.

An upload is checked before openpyxl sees it: size, extension, the zip magic bytes, and the zip's
entry count, total unpacked size and compression ratio (a "zip bomb" is refused unopened). It is
then read in read-only mode (defusedxml is installed, so openpyxl parses XML safely).
Exported text cells that a spreadsheet would run as a formula are neutralised with a leading
apostrophe, which the importer strips again so an export re-imports unchanged.
"""

import datetime
import io

import openpyxl
import tablib

from core.uploads import UploadPolicy, UploadRejected, check_file

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


class XlsxRejected(Exception):
    """The file is refused before any row is read; the message is for the user."""


SPREADSHEET = UploadPolicy(
    noun="文件",
    kinds=("xlsx",),
    max_bytes_setting="XLSX_MAX_BYTES",
    zip_limits=True,
    empty="文件为空，请选择一个填好的 Excel 文件",
    bad_kind="只能导入 .xlsx 格式的 Excel 文件",
    bad_content="文件内容不是有效的 .xlsx 文件",
)


def check_upload(name: str, data: bytes) -> None:
    """Raise XlsxRejected with a Chinese message when the file must not be opened (``core.uploads``)."""
    try:
        check_file(name, data, SPREADSHEET)
    except UploadRejected as exc:
        raise XlsxRejected(str(exc)) from exc


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("'") and value[1:2] and value[1] in DANGEROUS_PREFIXES:
            value = value[1:]
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return value


def read_dataset(data: bytes) -> tablib.Dataset:
    """The first sheet as a Dataset: row 1 the headers, fully empty rows dropped."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise XlsxRejected("无法读取该 Excel 文件，请确认文件未损坏") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise XlsxRejected("表格为空：第一行应为表头")
        headers = [str(h).strip() if h is not None else "" for h in header]
        while headers and headers[-1] == "":
            headers.pop()
        dataset = tablib.Dataset(headers=headers)
        width = len(headers)
        for row in rows:
            values = [_cell(v) for v in row[:width]]
            values += [None] * (width - len(values))
            if all(v in (None, "") for v in values):
                continue
            dataset.append(values)
        return dataset
    finally:
        book.close()


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def write_dataset(dataset: tablib.Dataset, title: str = "Sheet1") -> bytes:
    """Write a Dataset as .xlsx with every cell as text or number, formulas neutralised."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(list(dataset.headers or []))
    for row in dataset:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
