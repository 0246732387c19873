"""The weeks as an iCalendar feed (RFC 5545), for any calendar application to subscribe to."""

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RecruitmentWeek


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", r"\;").replace(",", r"\,").replace("\n", r"\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    return [*out, current]


def weeks_ics(weeks, *, now: dt.datetime) -> str:
    host = settings.SITE_URL.split("://")[-1].split("/")[0] or "localhost"
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//recruitment-weeks//portal//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(_('全国高校毕业生就业网络联盟招聘周'))}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for week in weeks:
        deadline = week.report_deadline.astimezone(dt.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:week-{week.year}-{week.season}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{week.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{week.ends_on + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(week.display_name)}",
            f"URL:{settings.SITE_URL}/weeks/{week.year}/{week.season}/",
            "END:VEVENT",
            "BEGIN:VEVENT",
            f"UID:report-deadline-{week.year}-{week.season}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{deadline:%Y%m%dT%H%M%SZ}",
            f"DTEND:{deadline:%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_escape(_('分会场网站链接报送截止：%(name)s') % {'name': week.display_name})}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{folded}\r\n" for line in lines for folded in _fold(line))


def weeks_calendar(request) -> HttpResponse:
    body = weeks_ics(RecruitmentWeek.objects.order_by("starts_on"), now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="recruitment-weeks.ics"'
    return response
