"""Where people read, values read as people write them: every moment in Asia/Shanghai as
"Y-m-d H:i", every choice by its label, an interview's location under the label of its mode — on the
pages that show an application and in every notification (inbox and email)."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse

from marketplace import services
from recruitment_weeks.notifications.enums import NotificationKind
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.notifications.services import render_notification
from tests.factories import ApplicationFactory, EmployerFactory, GraduateFactory, PostingFactory, UserFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# 2030-05-01 06:30 UTC is 14:30 in Beijing.
AT = dt.datetime(2030, 5, 1, 6, 30, tzinfo=dt.UTC)
LOCAL = "2030-05-01 14:30"
LOCATIONS = {
    "online": ("会议链接", "Meeting link", "https://meeting.example.cn/123"),
    "phone": ("电话号码", "Phone number", "010-84202538"),
    "onsite": ("面试地点", "Interview address", "北京市海淀区中关村大街1号"),
}
RESUME = {
    "education": [
        {
            "school": "北京测试大学",
            "major": "计算机科学与技术",
            "degree": "bachelor",
            "start": "2016-09",
            "end": "2020-06",
        }
    ],
    "internships": [],
    "awards": [],
    "skills": ["Python"],
}


def choice_codes() -> set[str]:
    """The stored values of every choice field in the portal's models (words of three letters or more)."""
    codes = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "flatchoices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]{2,}", value):
                    codes.add(value)
    return codes


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: bytes | str) -> str:
    parser = _Visible()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return re.sub(r" （", "（", " ".join(" ".join(parser.parts).split()))  # "</time>（" reads as one


def raw_values(text: str) -> list[str]:
    """ISO timestamps and choice codes found in text people read."""
    codes = choice_codes()
    words = re.findall(r"(?<![\w@./-])[a-z][a-z0-9_]{2,}(?![\w@.-])", text)
    return ISO_MOMENT.findall(text) + sorted({word for word in words if word in codes})


@pytest.fixture
def invited(request):
    mode = request.param
    employer = EmployerFactory(approved=True)
    graduate = GraduateFactory(approved=True, name="周同学", resume=RESUME)
    application = ApplicationFactory(graduate=graduate, posting=PostingFactory(employer=employer, published=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.now", lambda: AT - dt.timedelta(days=3))
        services.application_invite(
            application=application, actor=employer.user, at=AT, mode=mode, location=LOCATIONS[mode][2]
        )
    application.refresh_from_db()
    return mode, application


@pytest.mark.parametrize("invited", list(LOCATIONS), indirect=True)
def test_the_interview_email_reads_local_time_and_the_location_under_its_label(invited):
    mode, application = invited
    label_zh, label_en, location = LOCATIONS[mode]
    notification = Notification.objects.get(recipient=application.graduate.user)

    _subject, zh = render_notification(notification, language="zh-hans")
    _subject, en = render_notification(notification, language="en")

    assert f"面试时间：{LOCAL}（北京时间）" in zh
    assert f"{label_zh}：{location}" in zh
    assert f"Interview time: {LOCAL} (Beijing time)" in en
    assert f"{label_en}: {location}" in en
    assert raw_values(zh) == []


@pytest.mark.parametrize("invited", list(LOCATIONS), indirect=True)
def test_the_inbox_reads_local_time_and_the_location_under_its_label(client, invited):
    mode, application = invited
    label_zh, _label_en, location = LOCATIONS[mode]
    client.force_login(application.graduate.user)

    page = visible_text(client.get(reverse("notifications:inbox")).content)

    assert f"面试时间 {LOCAL}（北京时间）" in page
    assert f"{label_zh} {location}" in page
    assert raw_values(page) == []


@pytest.mark.parametrize("invited", ["onsite"], indirect=True)
def test_the_application_pages_read_labels_and_local_time(client, invited):
    _mode, application = invited
    employer_client, graduate_client = client, type(client)()
    employer_client.force_login(application.posting.employer.user)
    graduate_client.force_login(application.graduate.user)

    employer_page = employer_client.get(reverse("employers:application_detail", args=[application.pk])).content
    pages = {
        "employer detail": employer_page,
        "employer list": employer_client.get(
            reverse("employers:application_list", args=[application.posting_id])
        ).content,
        "graduate detail": graduate_client.get(reverse("graduates:application_detail", args=[application.pk])).content,
        "graduate list": graduate_client.get(reverse("graduates:application_list")).content,
        "graduate dashboard": graduate_client.get(reverse("graduates:dashboard")).content,
    }

    assert text_of(employer_page, "graduate-resume").startswith(
        "教育经历 北京测试大学 · 计算机科学与技术 · 本科 · 2016-09 · 2020-06"
    )
    for name in ("employer detail", "graduate detail"):
        text = visible_text(pages[name])
        assert f"面试时间 {LOCAL}（北京时间）" in text, name
        assert "面试地点 北京市海淀区中关村大街1号" in text, name
    assert {name: raw_values(visible_text(html)) for name, html in pages.items()} == {name: [] for name in pages}


@pytest.mark.parametrize("kind", NotificationKind.values)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_notification_kind_formats_a_moment_it_carries(client, kind, language):
    """The payload keeps moments as ISO 8601 text (data); no template shows them so."""
    user = UserFactory(password=None)
    payload = {"interview_at": AT.isoformat(), "interview_mode_value": "onsite", "interview_location": "某地"}
    notification = Notification.objects.create(recipient=user, kind=kind, payload=payload, dedupe_key="k")
    client.force_login(user)

    subject, body = render_notification(notification, language=language)
    inbox = visible_text(client.get(reverse("notifications:inbox")).content)

    assert ISO_MOMENT.findall(subject + body + inbox) == []
    assert LOCAL in body
    assert LOCAL in inbox


@pytest.mark.parametrize("invited", ["onsite"], indirect=True)
def test_labels_are_in_the_recipients_language_not_the_actors(invited):
    """An employer using the English pages invites a graduate who reads Chinese."""
    from django.utils import translation

    _mode, application = invited
    with translation.override("en"):
        services.application_offer(application=application, actor=application.posting.employer.user)

    payload = Notification.objects.filter(recipient=application.graduate.user).latest("pk").payload
    assert (payload["status_label"], payload["interview_mode"]) == ("发放录用通知", "现场面试")
