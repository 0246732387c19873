"""The staff import of the list of universities: every row checked, rejected rows reported by line,
and nothing written unless every row is good."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook

from recruitment_weeks.audit.models import AuditEntry
from tests.factories import UserFactory
from universities.enums import UniversityAction, UniversityLevel
from universities.models import University
from universities.services import university_import
from universities.spreadsheets import read_university_sheet

pytestmark = pytest.mark.django_db

HEADING = ["学校名称", "学校标识码", "所在省份", "主管部门", "办学层次", "部属", "部省合建"]


def csv_bytes(rows: list[list[str]], heading=HEADING, encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(heading)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADING)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table() -> list[tuple]:
    return list(
        University.objects.order_by("name").values_list(
            "name", "code", "province__code", "authority", "level", "is_ministry_affiliated", "is_co_built"
        )
    )


def test_seed_holds_the_fourteen_co_built_universities():
    co_built = University.objects.filter(is_co_built=True).order_by("province__code", "code")

    assert [(u.name, u.code, u.province.code) for u in co_built] == [
        ("河北大学", "4113010075", "13"),
        ("山西大学", "4114010108", "14"),
        ("内蒙古大学", "4115010126", "15"),
        ("南昌大学", "4136010403", "36"),
        ("郑州大学", "4141010459", "41"),
        ("广西大学", "4145010593", "45"),
        ("海南大学", "4146010589", "46"),
        ("贵州大学", "4152010657", "52"),
        ("云南大学", "4153010673", "53"),
        ("西藏大学", "4154010694", "54"),
        ("青海大学", "4163010743", "63"),
        ("宁夏大学", "4164010749", "64"),
        ("新疆大学", "4165010755", "65"),
        ("石河子大学", "4165010759", "66"),
    ]


def test_import_creates_and_updates_from_csv():
    actor = UserFactory(is_staff=True, is_superuser=True)
    rows = read_university_sheet(
        name="list.csv",
        data=csv_bytes(
            [
                ["北京理工大学", "4111010007", "北京", "工业和信息化部", "本科", "是", "否"],
                ["北京电子科技职业学院", "", "11", "北京市", "专科（高职）", "否", "否"],
                ["河北大学", "4113010075", "河北省", "河北省人民政府", "本科", "否", "是"],
            ]
        ),
    )

    report = university_import(rows=rows, actor=actor)

    assert (report.created, report.updated, report.unchanged, report.rejected) == (2, 1, 0, [])
    assert University.objects.get(name="北京理工大学").is_ministry_affiliated is True
    vocational = University.objects.get(name="北京电子科技职业学院")
    assert (vocational.code, vocational.level, vocational.province.code) == ("", UniversityLevel.VOCATIONAL, "11")
    assert University.objects.get(code="4113010075").authority == "河北省人民政府"
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "target_repr")) == [
        (UniversityAction.CREATED, "北京理工大学"),
        (UniversityAction.CREATED, "北京电子科技职业学院"),
        (UniversityAction.UPDATED, "河北大学"),
    ]


def test_import_from_xlsx_reads_numeric_codes():
    data = xlsx_bytes([["测试学院", 4111019999, "北京市", "", "", "", ""]])
    rows = read_university_sheet(name="list.xlsx", data=data)

    report = university_import(rows=rows, actor=None)

    assert (report.created, report.rejected) == (1, [])
    assert University.objects.get(name="测试学院").code == "4111019999"


def test_import_with_bad_rows_reports_each_row_and_writes_nothing():
    before = table()
    rows = read_university_sheet(
        name="list.csv",
        data=csv_bytes(
            [
                ["好学院", "4111010901", "北京", "北京市", "本科", "否", "否"],  # 2: fine on its own
                ["重复学院", "4111010901", "北京", "北京市", "本科", "否", "否"],  # 3: code of row 2
                ["无省学院", "4111010902", "火星", "北京市", "本科", "否", "否"],  # 4: unknown province
                ["短码学院", "41110109", "北京", "北京市", "本科", "否", "否"],  # 5: 8 digits
                ["字母学院", "41110109AB", "北京", "北京市", "本科", "否", "否"],  # 6: not digits
                ["河北大学", "4111010905", "河北", "", "本科", "否", "是"],  # 7: has another code
                ["", "4111010903", "北京", "", "", "", ""],  # 8: no name
                ["层次学院", "4111010904", "北京", "", "研究生院", "也许", ""],  # 9: level and flag
                ["好学院", "4111010906", "北京", "", "", "", ""],  # 10: name of row 2
                ["无码学院", "", "", "", "", "", ""],  # 11: no province
            ]
        ),
    )

    report = university_import(rows=rows, actor=None)

    assert [(r.number, r.name, r.reasons) for r in report.rejected] == [
        (3, "重复学院", ["学校标识码4111010901与第2行重复。"]),
        (4, "无省学院", ["未知的省份“火星”。"]),
        (5, "短码学院", ["学校标识码应为10位数字。"]),
        (6, "字母学院", ["学校标识码应为10位数字。"]),
        (7, "河北大学", ["学校“河北大学”已有学校标识码4113010075。"]),
        (8, "", ["未填写学校名称。"]),
        (
            9,
            "层次学院",
            ["未知的办学层次“研究生院”（应为“本科”或“专科（高职）”）。", "“部属”应填“是”或“否”，而不是“也许”。"],
        ),
        (10, "好学院", ["学校名称与第2行重复。"]),
        (11, "无码学院", ["未填写所在省份。"]),
    ]
    assert (report.created, report.updated) == (0, 0)
    assert table() == before
    assert AuditEntry.objects.count() == 0


def test_import_by_code_renames_and_a_name_taken_by_another_is_rejected():
    University.objects.create(name="甲学院", code="4111010801", province_id=University.objects.first().province_id)
    rows = read_university_sheet(
        name="list.csv", data=csv_bytes([["甲学院", "4113010075", "河北", "", "本科", "否", "是"]])
    )

    report = university_import(rows=rows, actor=None)

    assert [(r.number, r.reasons) for r in report.rejected] == [
        (2, ["学校名称“甲学院”已被另一所学校（学校标识码4111010801）使用。"])
    ]
    assert University.objects.get(code="4113010075").name == "河北大学"


def test_import_renames_a_university_found_by_its_code():
    rows = read_university_sheet(
        name="list.csv", data=csv_bytes([["河北大学（新名）", "4113010075", "河北", "河北省", "本科", "否", "是"]])
    )

    report = university_import(rows=rows, actor=None)

    assert (report.created, report.updated, report.rejected) == (0, 1, [])
    assert University.objects.get(code="4113010075").name == "河北大学（新名）"


def test_import_of_the_same_list_twice_changes_nothing_the_second_time():
    data = csv_bytes([["乙学院", "4111010802", "北京", "北京市", "本科", "否", "否"]])
    university_import(rows=read_university_sheet(name="a.csv", data=data), actor=None)

    report = university_import(rows=read_university_sheet(name="a.csv", data=data), actor=None)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"PK\x03\x04not a zip", "无法读取该文件：请上传 .xlsx 或 UTF-8 / GBK 编码的 .csv 文件。"),
        ("a.xlsx", b"plain text", "无法读取该文件：请上传 .xlsx 或 UTF-8 / GBK 编码的 .csv 文件。"),
        ("a.csv", "学校名称\n\x00学院\n".encode(), "无法读取该文件：请上传 .xlsx 或 UTF-8 / GBK 编码的 .csv 文件。"),
        ("a.csv", b"", "文件为空。"),
        ("a.csv", "代码,省份\n1,2\n".encode(), "第1行应为表头，且包含“学校名称”列。"),
    ],
)
def test_unreadable_file_is_refused_as_a_whole(name, data, message):
    with pytest.raises(ValidationError) as raised:
        read_university_sheet(name=name, data=data)

    assert raised.value.messages == [message]


def test_gbk_csv_is_read():
    rows = read_university_sheet(name="a.csv", data=csv_bytes([["丙学院", "", "北京", "", "", "", ""]], encoding="gbk"))

    assert [(r.number, r.cells["name"], r.cells["province"]) for r in rows] == [(2, "丙学院", "北京")]


# --- The admin pages ------------------------------------------------------------------------------


def upload(client, data: bytes, name="list.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("admin:universities_university_import"), {"file": file})


def test_admin_import_page_reports_rejected_rows(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    before = table()

    response = upload(client, csv_bytes([["丁学院", "123", "北京", "", "", "", ""]]))

    assert response.status_code == 400
    assert [(r.number, r.reasons) for r in response.context["report"].rejected] == [(2, ["学校标识码应为10位数字。"])]
    assert "学校标识码应为10位数字。" in response.content.decode()
    assert table() == before


def test_admin_import_page_imports(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = upload(client, xlsx_bytes([["戊学院", "4111010803", "北京市", "北京市", "本科", "否", "否"]]), "l.xlsx")

    assert response.status_code == 200
    assert (response.context["report"].created, response.context["report"].rejected) == (1, [])
    assert University.objects.get(code="4111010803").name == "戊学院"


def test_admin_export_is_formula_safe_and_reimportable(client):
    province = University.objects.get(name="河北大学").province
    University.objects.create(name='=HYPERLINK("http://x")学院', code="", province=province, authority="+1")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:universities_university_export"))

    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["学校名称", "学校标识码", "所在省份", "主管部门", "办学层次", "部属", "部省合建"]
    assert ['\'=HYPERLINK("http://x")学院', "", "河北省", "'+1", "本科", "否", "否"] in rows
    assert ["河北大学", "4113010075", "河北省", "河北省", "本科", "否", "是"] in rows
    assert len(rows) == 16


@pytest.mark.parametrize("count", [1, 3])
def test_reimporting_unchanged_rows_costs_the_same_queries_whatever_their_number(django_assert_num_queries, count):
    data = csv_bytes([[f"学院{n}", f"41110108{n:02d}", "北京", "北京市", "本科", "否", "否"] for n in range(count)])
    university_import(rows=read_university_sheet(name="a.csv", data=data), actor=None)
    rows = read_university_sheet(name="a.csv", data=data)

    # savepoint, provinces, matches by code, matches by name, inner savepoint and its release, release
    with django_assert_num_queries(7):
        report = university_import(rows=rows, actor=None)

    assert report.unchanged == count
