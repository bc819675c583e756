"""Reading and writing spreadsheets safely.

An upload is checked before openpyxl sees it: size, extension, the zip magic bytes, and the zip's
entry count, total unpacked size and compression ratio (a "zip bomb" is refused unopened). It is
then read in read-only mode (defusedxml is installed, so openpyxl parses XML safely).
Exported text cells that a spreadsheet would run as a formula are neutralised with a leading
apostrophe, which the importer strips again so an export re-imports unchanged.
"""

import datetime
import decimal
import io
import re
import shutil
import tempfile
import zipfile

import openpyxl
import tablib
from django.conf import settings

from core.uploads import UploadPolicy, UploadRejected, check_file

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


class XlsxRejected(Exception):
    """The file is refused before any row is read; the message is for the user."""


class TooManyRows(XlsxRejected):
    """The sheet has more rows than one import takes (``IMPORT_MAX_ROWS``)."""


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


def _open(data: bytes):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        raise XlsxRejected("无法读取该 Excel 文件，请确认文件未损坏") from exc


#: zlib level of the written package: 1 writes about three times as fast as the default 6, files about 15% larger
COMPRESS_LEVEL = 1

TOO_MANY_ROWS = "表格行数过多：一次最多导入 {limit:,} 行，请分成几个文件导入"


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def row_hint(data: bytes) -> int | None:
    """The number of data rows the first sheet says it has (its dimension, read without reading
    the rows; None when the file does not say). Only a hint, to choose where an import runs: the
    limit itself is enforced while reading."""
    book = _open(data)
    try:
        sheet = book.worksheets[0]
        last = sheet.max_row
        if last is None:  # no dimension (e.g. a write-only openpyxl file): count the row tags
            last = _count_rows(sheet._get_source())
    except Exception:  # a sheet without a usable dimension
        return None
    finally:
        book.close()
    return None if last is None else max(last - 1, 0)


def _count_rows(source) -> int:
    """The ``<row`` elements of a sheet's XML, streamed (its unpacked size is already bounded)."""
    count, tail = 0, b""
    with source:
        while chunk := source.read(1 << 20):
            block = tail + chunk
            count += block.count(b"<row ") + block.count(b"<row>")
            tail = block[-5:]
            count -= tail.count(b"<row ") + tail.count(b"<row>")
    return count + tail.count(b"<row ") + tail.count(b"<row>")


def _sheet_dataset(sheet) -> tablib.Dataset:
    """A sheet as a Dataset: row 1 the headers, fully empty rows dropped; more than
    ``IMPORT_MAX_ROWS`` rows (or the dimension saying so) is refused before they are all read."""
    limit = max_rows()
    declared = sheet.max_row
    if declared is not None and declared - 1 > limit * 2:
        raise TooManyRows(TOO_MANY_ROWS.format(limit=limit))
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise XlsxRejected("表格为空：第一行应为表头")
    headers = [str(h).strip() if h is not None else "" for h in header]
    while headers and headers[-1] == "":
        headers.pop()
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    scanned = 0
    for row in rows:
        scanned += 1
        values = [_cell(v) for v in row[:width]]
        values += [None] * (width - len(values))
        if all(v in (None, "") for v in values):
            if scanned > limit * 2:  # a sheet of blank rows is not read to its end
                raise TooManyRows(TOO_MANY_ROWS.format(limit=limit))
            continue
        if len(dataset) >= limit:
            raise TooManyRows(TOO_MANY_ROWS.format(limit=limit))
        dataset.append(values)
    return dataset


def read_dataset(data: bytes) -> tablib.Dataset:
    """The first sheet as a Dataset: row 1 the headers, fully empty rows dropped."""
    book = _open(data)
    try:
        return _sheet_dataset(book.worksheets[0])
    finally:
        book.close()


def read_datasets(data: bytes, titles) -> dict[str, tablib.Dataset]:
    """The sheets named in ``titles`` that the workbook has, each as a Dataset (an empty sheet
    gives an empty Dataset)."""
    book = _open(data)
    try:
        found = {}
        for sheet in book.worksheets:
            if sheet.title in titles:
                try:
                    found[sheet.title] = _sheet_dataset(sheet)
                except TooManyRows:
                    raise
                except XlsxRejected:
                    found[sheet.title] = tablib.Dataset()
        return found
    finally:
        book.close()


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def _naive(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: an aware time is written as local time."""
    if value.tzinfo is None:
        return value
    from django.utils import timezone

    return timezone.localtime(value).replace(tzinfo=None)


# --- writing -----------------------------------------------------------------------------------
#
# A sheet is written as the package's XML directly (SpreadsheetML, ECMA-376 part 1 §18), streamed:
# one worksheet of inline strings, numbers and dates (styles 1 and 2), rows joined in batches. The
# libraries' per-cell machinery was the cost of a big export: xlsxwriter's constant-memory mode
# spends about 6 µs of CPU per cell (checks, an escaping regex and a formatted write each), so
# 100,000 rows of 8 columns took 4.5 s of CPU before any row was read (bench/exports.py); this
# writes the same cells in about a fifth of that (0.8-1.0 s). Readers see what xlsxwriter wrote: text cells,
# numbers, dates with a yyyy-mm-dd format (openpyxl reads them back as datetimes).

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTENT_TYPES = (
    XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"'
    ' Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"'
    ' Target="docProps/app.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    XML_HEAD + f'<Relationships xmlns="{PKG_REL_NS}">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    ' Target="styles.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    XML_HEAD + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><bookViews><workbookView/></bookViews>'
    '<sheets><sheet name="{title}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
#: cell styles: 0 general, 1 a date (yyyy-mm-dd), 2 a date and time
STYLES = (
    XML_HEAD + f'<styleSheet xmlns="{MAIN_NS}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
CORE_PROPS = (
    XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>'
)
APP_PROPS = (
    XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>township</Application></Properties>"
)
SHEET_HEAD = XML_HEAD + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
#: what text needs before it goes into XML: markup, characters XML 1.0 cannot hold (written as
#: Excel's _xHHHH_ escapes), an _xHHHH_ of its own (escaped so it reads back as written)
NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_")
EPOCH = datetime.date(1899, 12, 30)
EPOCH_TIME = datetime.datetime.combine(EPOCH, datetime.time())
LEAP_BUG = datetime.date(1900, 3, 1)  # Excel counts a 29 February 1900: serials before it are one less
ROWS_PER_WRITE = 500
MAX_CELL_TEXT = 32767


def _control(match) -> str:
    text = match.group()
    return f"_x{ord(text):04X}_" if len(text) == 1 else "_x005F" + text


def _text(value: str) -> str:
    """A text cell's <is> content, escaped; space kept when it leads or trails (cut at Excel's
    32,767 characters a cell, as xlsxwriter did)."""
    if len(value) > MAX_CELL_TEXT:
        value = value[:MAX_CELL_TEXT]
    if NEEDS_ESCAPE.search(value) is not None:
        value = CONTROL.sub(_control, value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    if value[0] in " \t\n\r" or value[-1] in " \t\n\r":
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _serial(value) -> str:
    """A date or a naive datetime as Excel's serial day number (1900 system)."""
    if type(value) is datetime.date:
        days = (value - EPOCH).days
        return str(days - 1 if value < LEAP_BUG else days)
    delta = value - EPOCH_TIME
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return f"{serial - 1 if value.date() < LEAP_BUG else serial:.16G}"


def _column_letters(n: int) -> list[str]:
    letters = []
    for index in range(n):
        name, index = "", index + 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _cells(row, letters, number) -> str:
    parts = []
    append = parts.append
    for letter, value in zip(letters, row, strict=False):
        if value is None or value == "":
            continue
        kind = type(value)
        if kind is str:
            if value.startswith(DANGEROUS_PREFIXES):
                value = "'" + value
            append(f'<c r="{letter}{number}" t="inlineStr">{_text(value)}</c>')
        elif kind is int:
            append(f'<c r="{letter}{number}"><v>{value}</v></c>')
        elif kind is float or kind is decimal.Decimal:
            append(f'<c r="{letter}{number}"><v>{float(value):.16G}</v></c>')
        elif kind is datetime.date:
            append(f'<c r="{letter}{number}" s="1"><v>{_serial(value)}</v></c>')
        elif kind is datetime.datetime:
            append(f'<c r="{letter}{number}" s="2"><v>{_serial(_naive(value))}</v></c>')
        else:
            text = neutralise(str(value))
            if text:
                append(f'<c r="{letter}{number}" t="inlineStr">{_text(text)}</c>')
    return "".join(parts)


def write_rows(handle, headers, rows, title: str = "Sheet1") -> None:
    """Write a sheet to the binary file ``handle``, streamed (memory stays flat whatever the row
    count: rows go to a temporary file, then into the zip). Every cell is text, a number or a
    date; text that a spreadsheet would run as a formula is neutralised (``neutralise``)."""
    headers = [str(h) for h in headers]
    width = len(headers)
    last_row = 1
    with tempfile.TemporaryFile() as body:
        letters = _column_letters(max(width, 1))
        body.write(f'<row r="1">{_cells(headers, letters, 1)}</row>'.encode())
        batch = []
        for last_row, row in enumerate(rows, start=2):
            if len(row) > len(letters):  # a row wider than the headers is written whole
                letters = _column_letters(len(row))
            batch.append(f'<row r="{last_row}">{_cells(row, letters, last_row)}</row>')
            if len(batch) == ROWS_PER_WRITE:
                body.write("".join(batch).encode())
                batch = []
        if batch:
            body.write("".join(batch).encode())
        body.seek(0)
        dimension = f"A1:{letters[-1]}{last_row}" if width else "A1"
        name = BAD_TITLE.sub("_", title)[:31].strip("'") or "Sheet1"
        name = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        created = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as package:
            package.writestr("[Content_Types].xml", CONTENT_TYPES)
            package.writestr("_rels/.rels", ROOT_RELS)
            package.writestr("docProps/app.xml", APP_PROPS)
            package.writestr("docProps/core.xml", CORE_PROPS.format(created=created))
            package.writestr("xl/workbook.xml", WORKBOOK.replace("{title}", name))
            package.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
            package.writestr("xl/styles.xml", STYLES)
            with package.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(
                    (
                        SHEET_HEAD + f'<dimension ref="{dimension}"/><sheetViews><sheetView workbookViewId="0"/>'
                        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>'
                    ).encode()
                )
                shutil.copyfileobj(body, sheet, 1 << 20)
                sheet.write(b"</sheetData></worksheet>")


def write_dataset(dataset: tablib.Dataset, title: str = "Sheet1") -> bytes:
    """Write a Dataset as .xlsx with every cell as text or number, formulas neutralised."""
    out = io.BytesIO()
    write_rows(out, dataset.headers or [], dataset, title=title)
    return out.getvalue()
