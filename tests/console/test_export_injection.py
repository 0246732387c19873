"""Spreadsheet formula injection: every exported cell that comes from what people typed is text.

The 联系表 workbook (one venue's sheet, and the summary of a ministry's system) and the statistics
CSV/XLSX downloads are opened in Excel, LibreOffice or WPS by staff; a value starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return must never become a formula there."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from console.csv_cells import csv_cell
from events.models import RecruitmentWeek
from tests.factories import BranchVenueFactory, MainVenueFactory, ProvinceFactory, WeekFactory
from tests.factories.staff import ContactFormFactory, staff_user
from venues.enums import System
from venues.services import CONTACT_FORM_FIELDS

pytestmark = pytest.mark.django_db

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
# Every field of the form a person types as text (the date is a date picker).
TEXT_FIELDS = [field for field in CONTACT_FORM_FIELDS if field != "filled_on"]


def payload(prefix: str, field: str) -> str:
    """A live formula, one per field, short enough for the narrowest column (30 characters)."""
    return f'{prefix}HYPERLINK("//e.x/{TEXT_FIELDS.index(field)}","x")'


def read_back(value: str) -> str:
    """What a reader of the file gets: XML parsers read a raw carriage return as a line feed."""
    return value.replace("\r", "\n")


def assert_no_formula(content: bytes) -> None:
    """No cell of any sheet holds a formula (<f>) in the file itself."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def text_cells(book) -> dict[str, object]:
    """Every non-empty cell's value -> its cell, over every sheet."""
    return {cell.value: cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_contact_form_workbook_stores_every_typed_field_as_text(client, prefix):
    venue = BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)
    ContactFormFactory(venue=venue, **{field: payload(prefix, field) for field in TEXT_FIELDS})
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_contactform_download"))

    assert_no_formula(response.content)
    cells = text_cells(load_workbook(io.BytesIO(response.content)))
    for field in TEXT_FIELDS[:-1]:  # the last, 填报单位, follows its label in one cell
        cell = cells[read_back(payload(prefix, field))]
        assert (cell.data_type, cell.quotePrefix) == ("s", True), field
    assert cells[read_back(f"填报单位：{payload(prefix, 'filled_by_unit')}")].data_type == "s"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_contact_form_summary_of_a_system_stores_every_typed_field_as_text(client, prefix):
    venue = BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)
    ContactFormFactory(venue=venue, **{field: payload(prefix, field) for field in TEXT_FIELDS})
    client.force_login(staff_user("main-hr", MainVenueFactory(system=System.HR)))

    response = client.get(reverse("admin:venues_contactform_download"))

    assert_no_formula(response.content)
    summary = load_workbook(io.BytesIO(response.content))["汇总"]
    row = next(r for r in summary.iter_rows(min_row=3) if r[0].value == venue.name)
    assert [cell.value for cell in row[1:13]] == [read_back(payload(prefix, field)) for field in TEXT_FIELDS]
    assert {(cell.data_type, cell.quotePrefix) for cell in row[1:13]} == {("s", True)}


@pytest.fixture
def hostile_statistics(request):
    """A week and a venue (and its province) whose names start like formulas."""
    prefix = request.param
    RecruitmentWeek.objects.all().delete()
    WeekFactory(year=2030, season="spring", name=f"{prefix}1+1 周", starts_on=dt.date(2030, 4, 23))
    province = ProvinceFactory(code="81", name=f"{prefix}cmd|' /C calc'!A0")
    venue = BranchVenueFactory(province=province, system=System.HR, name=f'{prefix}HYPERLINK("http://evil/")')
    return prefix, venue


@pytest.mark.parametrize("hostile_statistics", PREFIXES, indirect=True)
def test_statistics_csv_neutralises_every_value_starting_like_a_formula(client, hostile_statistics):
    prefix, venue = hostile_statistics
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_statistics_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [row[:2] for row in rows[1:-2]] == [
        [f"'{prefix}1+1 周", f'\'{prefix}HYPERLINK("http://evil/")'],
        [f"'{prefix}1+1 周", "合计"],
    ]
    assert rows[-2:] == [[], ["统计数据尚未汇总，后台任务将在几分钟内完成汇总。"]]  # the freshness line
    assert rows[1][2:] == ["0"] * 12 + [""]  # no activity: every count 0, the median empty


@pytest.mark.parametrize("hostile_statistics", PREFIXES, indirect=True)
def test_statistics_xlsx_stores_names_as_text_and_figures_as_numbers(client, hostile_statistics):
    prefix, venue = hostile_statistics
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_statistics_xlsx"))

    assert_no_formula(response.content)
    row = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, max_row=2))
    assert [cell.value for cell in row[:3]] == [
        read_back(f"{prefix}1+1 周"),
        read_back(f'{prefix}HYPERLINK("http://evil/")'),
        0,
    ]
    assert [(cell.data_type, cell.quotePrefix) for cell in row[:3]] == [("s", True), ("s", True), ("n", False)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[(f"{p}SUM(A1)", f"'{p}SUM(A1)") for p in PREFIXES],
        ("甲省", "甲省"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, -3),
        (2.5, 2.5),
    ],
)
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected
