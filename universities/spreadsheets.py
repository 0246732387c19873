"""Reading a staff member's list of universities from an xlsx or CSV file into plain rows.

Only reading: what the rows mean and whether they are acceptable is the import service's business
(universities.services.university_import). Cells are read as values, never as formulas (openpyxl's
``data_only``: a formula cell gives the value the spreadsheet last computed, or nothing).
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
UNREADABLE_FILE = _("无法读取该文件：请上传 .xlsx 或 UTF-8 / GBK 编码的 .csv 文件。")

# Column heading → field. Chinese headings as the ministry's list has them, and English field names.
HEADINGS: dict[str, str] = {
    "学校名称": "name",
    "name": "name",
    "学校标识码": "code",
    "code": "code",
    "所在省份": "province",
    "所在地": "province",
    "省份": "province",
    "province": "province",
    "主管部门": "authority",
    "authority": "authority",
    "办学层次": "level",
    "level": "level",
    "部属": "is_ministry_affiliated",
    "部属高校": "is_ministry_affiliated",
    "ministry_affiliated": "is_ministry_affiliated",
    "部省合建": "is_co_built",
    "部省合建高校": "is_co_built",
    "co_built": "is_co_built",
}


@dataclass(frozen=True)
class SheetRow:
    """One data row: its line number as the spreadsheet shows it (the heading is line 1) and its
    cells by field, as text (empty cells as "")."""

    number: int
    cells: dict[str, str]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into Excel comes back as 4113010075.0
    return str(value).strip()


def _rows_of(table: list[list]) -> list[SheetRow]:
    if not table:
        raise ValidationError(_("文件为空。"), code="empty_file")
    fields = [HEADINGS.get(_text(cell).lower() if _text(cell).isascii() else _text(cell)) for cell in table[0]]
    if "name" not in fields:
        raise ValidationError(_("第1行应为表头，且包含“学校名称”列。"), code="no_heading")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        cells = {field: _text(value) for field, value in zip(fields, values, strict=False) if field}
        if any(cells.values()):
            rows.append(SheetRow(number=number, cells=cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("一次最多导入%(max)d行，本文件有%(count)d行。"),
            code="too_many_rows",
            params={"max": MAX_ROWS, "count": len(rows)},
        )
    return rows


def _xlsx_table(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row, _ in zip(sheet.iter_rows(values_only=True), range(MAX_ROWS + 2), strict=False)]
    finally:
        workbook.close()


def _csv_table(data: bytes) -> list[list]:
    # Excel on a Chinese Windows saves CSV in GBK (GB 18030 is its superset); anything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(UNREADABLE_FILE, code="unreadable_file")
    if "\x00" in text:
        raise ValidationError(UNREADABLE_FILE, code="unreadable_file")
    return list(csv.reader(io.StringIO(text, newline="")))


def read_university_sheet(*, name: str, data: bytes) -> list[SheetRow]:
    """The data rows of an uploaded file (xlsx by its content, CSV otherwise), or a ValidationError
    saying why the file as a whole cannot be read."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("文件不能超过5 MB。"), code="file_too_large")
    if data[:4] == b"PK\x03\x04":
        try:
            table = _xlsx_table(data)
        except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
            raise ValidationError(UNREADABLE_FILE, code="unreadable_file") from error
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise ValidationError(UNREADABLE_FILE, code="unreadable_file")
    else:
        try:
            table = _csv_table(data)
        except csv.Error as error:
            raise ValidationError(UNREADABLE_FILE, code="unreadable_file") from error
    return _rows_of(table)
