"""Workbooks: the contact form laid out like the notice's attachment, and the statistics table.

The attachment (2020年全国高校毕业生就业网络联盟招聘周活动联系表) is published in Chinese only, so its
labels are not translated: a title (its year is the week's, not a fixed 2020), a table of
单位名称 · 网站名称 · 网址, then 联系信息 with 姓名 · 职务 · 电话 · 邮箱 for 负责人 and 联系人, and under the
table the 填报单位 and 填报日期 lines.
:func:`contact_form_sheet` draws exactly that on one sheet (columns A–F).
"""

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from console.csv_cells import FORMULA_TRIGGERS
from venues.models import ContactForm, Venue

TITLE = "{year}年全国高校毕业生就业网络联盟招聘周活动联系表"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
COLUMN_WIDTHS = {"A": 12, "B": 10, "C": 14, "D": 16, "E": 18, "F": 26}


def title(year: int) -> str:
    """The attachment's title for the weeks of ``year`` (the 2020 notice's "2020年…联系表")."""
    return TITLE.format(year=year)


def chinese_date(day: dt.date | None, *, year: int) -> str:
    """'2020年4月28日'; the attachment's blank '<year>年　月　日' when not filled in."""
    return f"{day.year}年{day.month}月{day.day}日" if day else f"{year}年　月　日"


def _box(ws: Worksheet, cell_range: str) -> None:
    for row in ws[cell_range]:
        for cell in row:
            cell.border = BOX


def contact_form_sheet(ws: Worksheet, *, form: ContactForm | None, venue: Venue, year: int) -> None:
    """Draw the attachment on ``ws`` (an empty form if the venue has not filled it in) for the
    weeks of ``year``."""
    for column, width in COLUMN_WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.merge_cells("A1:F1")
    ws["A1"] = title(year)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 32

    for row, (label, value) in enumerate(
        [
            ("单位名称", form.unit_name if form else ""),
            ("网站名称", form.site_name if form else ""),
            ("网址", form.site_url if form else ""),
        ],
        start=2,
    ):
        ws.merge_cells(f"A{row}:B{row}")
        ws.merge_cells(f"C{row}:F{row}")
        ws[f"A{row}"], ws[f"C{row}"] = label, value
        ws[f"A{row}"].alignment, ws[f"C{row}"].alignment = CENTER, LEFT
        ws[f"A{row}"].font = Font(bold=True)

    ws.merge_cells("A5:A7")
    ws["A5"] = "联系信息"
    ws["A5"].font = Font(bold=True)
    for column, label in zip("CDEF", ("姓名", "职务", "电话", "邮箱"), strict=True):
        ws[f"{column}5"] = label
        ws[f"{column}5"].font = Font(bold=True)
    people = [
        ("负责人", ("leader_name", "leader_title", "leader_phone", "leader_email")),
        ("联系人", ("contact_name", "contact_title", "contact_phone", "contact_email")),
    ]
    for row, (role, names) in enumerate(people, start=6):
        ws[f"B{row}"] = role
        ws[f"B{row}"].font = Font(bold=True)
        for column, name in zip("CDEF", names, strict=True):
            ws[f"{column}{row}"] = getattr(form, name) if form else ""
    for row in ws["A5:F7"]:
        for cell in row:
            cell.alignment = CENTER
    _box(ws, "A2:F7")

    ws.merge_cells("A9:F9")
    ws.merge_cells("A10:F10")
    ws["A9"] = f"填报单位：{form.filled_by_unit if form else ''}"
    ws["A10"] = f"填报日期：{chinese_date(form.filled_on if form else None, year=year)}"
    ws.print_title_rows = "1:1"


def _sheet_title(venue: Venue, used: set[str]) -> str:
    # Excel: at most 31 characters, none of []:*?/\ and unique in the workbook.
    base = "".join(ch for ch in str(venue.name) if ch not in "[]:*?/\\")[:28] or venue.slug[:28]
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}-{n}", n + 1
    used.add(title)
    return title


SUMMARY_HEADER = [
    "会场",
    "单位名称",
    "网站名称",
    "网址",
    "负责人姓名",
    "负责人职务",
    "负责人电话",
    "负责人邮箱",
    "联系人姓名",
    "联系人职务",
    "联系人电话",
    "联系人邮箱",
    "填报单位",
    "填报日期",
]


def contact_forms_workbook(venues: list[Venue], forms: dict[int, ContactForm], *, year: int) -> bytes:
    """One venue: its attachment on one sheet. Several (a ministry's whole system): a summary sheet
    with one row per venue (未填报 where missing), then each venue's attachment on its own sheet.
    ``year`` is the year of the week the forms are for (the title and the blank date show it)."""
    wb = Workbook()
    first = wb.active
    if len(venues) == 1:
        first.title = _sheet_title(venues[0], set())
        contact_form_sheet(first, form=forms.get(venues[0].pk), venue=venues[0], year=year)
        return _save(wb)
    first.title = "汇总"
    first.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(SUMMARY_HEADER))
    first["A1"] = title(year)
    first["A1"].font = Font(bold=True, size=14)
    first["A1"].alignment = CENTER
    first.append(SUMMARY_HEADER)
    for cell in first[2]:
        cell.font = Font(bold=True)
        cell.alignment = CENTER
    for venue in venues:
        form = forms.get(venue.pk)
        if form is None:
            first.append([venue.name, "未填报"])
            continue
        first.append(
            [
                venue.name,
                form.unit_name,
                form.site_name,
                form.site_url,
                form.leader_name,
                form.leader_title,
                form.leader_phone,
                form.leader_email,
                form.contact_name,
                form.contact_title,
                form.contact_phone,
                form.contact_email,
                form.filled_by_unit,
                chinese_date(form.filled_on, year=year),
            ]
        )
    for index in range(1, len(SUMMARY_HEADER) + 1):
        first.column_dimensions[get_column_letter(index)].width = 16
    first.freeze_panes = "B3"
    used = {"汇总"}
    for venue in venues:
        sheet = wb.create_sheet(_sheet_title(venue, used))
        contact_form_sheet(sheet, form=forms.get(venue.pk), venue=venue, year=year)
    return _save(wb)


def table_workbook(*, title: str, header: list[str], rows: list[list]) -> bytes:
    """A plain table (the statistics download): bold header, frozen below it."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "C2"
    for index in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(index)].width = 14 if index > 2 else 30
    return _save(wb)


def _cells_as_text(wb: Workbook) -> None:
    """Store every text cell as text, never as a formula or an error value.

    Nothing in these workbooks is meant to be computed, while much of the text is typed by users (site
    names, URLs, contact names, phone numbers): openpyxl would write ``=HYPERLINK(...)`` or a DDE call
    as a live formula. A string cell becomes a string cell whatever it starts with, and one that starts
    like a formula also gets Excel's quote prefix, so editing it in Excel keeps it text."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                    if cell.value.startswith(FORMULA_TRIGGERS):
                        cell.quotePrefix = True


def _save(wb: Workbook) -> bytes:
    _cells_as_text(wb)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
