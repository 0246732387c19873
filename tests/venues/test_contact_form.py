"""The contact form (联系表): the service, the admin form and the .xlsx laid out like the attachment."""

import datetime as dt
from io import BytesIO
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from events.enums import Season
from events.models import RecruitmentWeek
from recruitment_weeks.audit.models import AuditEntry
from tests.factories import BranchVenueFactory, MainVenueFactory, ProvinceFactory, WeekFactory
from tests.factories.staff import ContactFormFactory, staff_user
from venues.enums import System
from venues.models import ContactForm, Venue
from venues.services import contact_form_save

pytestmark = pytest.mark.django_db

FIELDS = {
    "unit_name": "甲省人力资源和社会保障厅就业促进处",
    "site_name": "甲省人才网",
    "site_url": "https://rc.example.cn/",
    "leader_name": "王强",
    "leader_title": "处长",
    "leader_phone": "010-84202538",
    "leader_email": "wangqiang@example.cn",
    "contact_name": "李娜",
    "contact_title": "科员",
    "contact_phone": "13912345678",
    "contact_email": "lina@example.cn",
    "filled_by_unit": "甲省人力资源和社会保障厅",
    "filled_on": dt.date(2020, 4, 28),
}


@pytest.fixture
def venue():
    return BranchVenueFactory(province=ProvinceFactory(code="81", name="甲省"), system=System.HR)


def workbook(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_contact_form_save_creates_then_updates_one_form_and_audits(venue):
    user = staff_user("s", venue)

    contact_form_save(venue=venue, actor=user, **FIELDS)
    contact_form_save(venue=venue, actor=user, **{**FIELDS, "contact_name": "张伟"})

    assert list(ContactForm.objects.values_list("venue", "contact_name")) == [(venue.pk, "张伟")]
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "data")) == [
        ("venues.contactform.saved", {"created": True, "filled_on": "2020-04-28"}),
        ("venues.contactform.saved", {"created": False, "filled_on": "2020-04-28"}),
    ]


def test_contact_form_save_rejects_bad_values_field_by_field_and_saves_nothing(venue):
    bad = {
        **FIELDS,
        "leader_phone": "abc",
        "contact_email": "not-an-email",
        "site_url": "javascript:x",
        "unit_name": "",
    }

    with pytest.raises(ValidationError) as exc:
        contact_form_save(venue=venue, actor=None, **bad)

    assert sorted(exc.value.message_dict) == ["contact_email", "leader_phone", "site_url", "unit_name"]
    assert (ContactForm.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_admin_contact_form_error_keeps_what_was_typed(client, venue):
    client.force_login(staff_user("s", venue))
    data = {**FIELDS, "venue": venue.pk, "leader_phone": "电话", "filled_on": "2020-04-28"}

    response = client.post(reverse("admin:venues_contactform_add"), data)

    form = response.context["adminform"].form
    assert (response.status_code, list(form.errors)) == (200, ["leader_phone"])
    assert form["unit_name"].value() == FIELDS["unit_name"]
    assert ContactForm.objects.count() == 0


def test_contact_form_xlsx_is_laid_out_like_the_attachment(client, venue):
    ContactFormFactory(venue=venue, **FIELDS)
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_contactform_download"))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("联系表-甲省人社分会场.xlsx")
    book = workbook(response)
    assert book.sheetnames == ["甲省人社分会场"]
    ws = book.active
    assert ws["A1"].value == "2020年全国高校毕业生就业网络联盟招聘周活动联系表"
    assert sorted(str(r) for r in ws.merged_cells.ranges) == sorted(
        ["A1:F1", "A2:B2", "C2:F2", "A3:B3", "C3:F3", "A4:B4", "C4:F4", "A5:A7", "A9:F9", "A10:F10"]
    )
    assert [[c.value for c in row] for row in ws["A2:F7"]] == [
        ["单位名称", None, "甲省人力资源和社会保障厅就业促进处", None, None, None],
        ["网站名称", None, "甲省人才网", None, None, None],
        ["网址", None, "https://rc.example.cn/", None, None, None],
        ["联系信息", None, "姓名", "职务", "电话", "邮箱"],
        [None, "负责人", "王强", "处长", "010-84202538", "wangqiang@example.cn"],
        [None, "联系人", "李娜", "科员", "13912345678", "lina@example.cn"],
    ]
    assert (ws["A9"].value, ws["A10"].value) == ("填报单位：甲省人力资源和社会保障厅", "填报日期：2020年4月28日")
    assert ws["A1"].font.bold and ws["C6"].border.left.style == "thin"


def test_main_venue_staff_download_one_workbook_with_every_venue_of_their_system(client, venue):
    other = BranchVenueFactory(province=ProvinceFactory(code="82", name="乙省"), system=System.HR)
    education = BranchVenueFactory(province=venue.province, system=System.EDUCATION)
    ContactFormFactory(venue=venue, **FIELDS)
    ContactFormFactory(venue=education, unit_name="甲省教育厅学生处")
    client.force_login(staff_user("main-hr", MainVenueFactory(system=System.HR)))

    book = workbook(client.get(reverse("admin:venues_contactform_download")))

    hr_venues = list(Venue.objects.filter(system=System.HR).order_by("kind", "province__code"))
    summary = book["汇总"]
    assert summary["A1"].value == "2020年全国高校毕业生就业网络联盟招聘周活动联系表"
    assert [c.value for c in summary[2]][:5] == ["会场", "单位名称", "网站名称", "网址", "负责人姓名"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == len(hr_venues) and len(book.sheetnames) == len(hr_venues) + 1
    assert rows[venue.name][1:4] == ("甲省人力资源和社会保障厅就业促进处", "甲省人才网", "https://rc.example.cn/")
    assert rows[other.name][1] == "未填报"
    assert education.name not in rows
    assert book[venue.name]["C2"].value == "甲省人力资源和社会保障厅就业促进处"


def test_provincial_staff_cannot_download_another_provinces_form(client, venue):
    other = BranchVenueFactory(province=ProvinceFactory(code="82"), system=System.HR)
    ContactFormFactory(venue=other, unit_name="乙省人才中心")
    client.force_login(staff_user("s", venue))

    response = client.get(reverse("admin:venues_contactform_download"), {"venue": other.pk})

    assert response.status_code == 404


def test_download_selected_action_exports_only_rows_in_scope(client, venue):
    mine = ContactFormFactory(venue=venue, **FIELDS)
    theirs = ContactFormFactory(venue=BranchVenueFactory(province=ProvinceFactory(code="82"), system=System.HR))
    client.force_login(staff_user("s", venue))

    response = client.post(
        reverse("admin:venues_contactform_changelist"),
        {"action": "download_selected", "_selected_action": [mine.pk, theirs.pk], "index": "0"},
    )

    assert workbook(response).sheetnames == ["甲省人社分会场"]


def test_contact_form_xlsx_takes_its_year_from_the_week_not_a_fixed_2020(client, venue):
    """The title and the blank date carry the year of the current or next week (here 2030's)."""
    WeekFactory(year=2030, season=Season.SPRING, starts_on=dt.date(2030, 4, 23))
    client.force_login(staff_user("s", venue))

    ws = workbook(client.get(reverse("admin:venues_contactform_download"))).active

    assert ws["A1"].value == "2030年全国高校毕业生就业网络联盟招聘周活动联系表"
    assert ws["A10"].value == "填报日期：2030年　月　日"


def test_contact_form_xlsx_for_a_named_week_uses_that_weeks_year(client, venue):
    WeekFactory(year=2030, season=Season.SPRING, starts_on=dt.date(2030, 4, 23))
    spring_2020 = RecruitmentWeek.objects.get(year=2020, season=Season.SPRING)
    client.force_login(staff_user("main-hr", MainVenueFactory(system=System.HR)))

    book = workbook(client.get(reverse("admin:venues_contactform_download"), {"week": spring_2020.pk}))

    assert book["汇总"]["A1"].value == "2020年全国高校毕业生就业网络联盟招聘周活动联系表"
    assert book[venue.name]["A10"].value == "填报日期：2020年　月　日"
    assert client.get(reverse("admin:venues_contactform_download"), {"week": 999999}).status_code == 404
