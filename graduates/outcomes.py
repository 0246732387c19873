"""毕业去向 figures: per university, per province and per recruitment week, for career centres,
venue staff and the downloads. Each table is a fixed number of aggregate queries, whatever the
number of graduates or universities."""

import csv
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from events.models import RecruitmentWeek

from .enums import ApplicationStatus, Outcome
from .models import Application, Graduate

GROUP_UNIVERSITY = "university"
GROUP_PROVINCE = "province"
OFFER_STATUSES = ("offer", "accepted", "declined", "hired")  # an offer was made (whatever its answer)
_GROUP_KEYS = {
    GROUP_UNIVERSITY: ("listed_university_id", "listed_university__name"),
    GROUP_PROVINCE: ("university_province_id", "university_province__name"),
}


@dataclass
class OutcomeRow:
    label: str
    graduates: int = 0
    confirmed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)  # Outcome value → graduates
    offers: int = 0  # graduates with at least one offer on the portal
    hires: int = 0  # graduates hired through the portal

    @property
    def recorded(self) -> int:
        return sum(self.outcomes.values())

    @property
    def placed(self) -> int:
        return sum(self.outcomes.get(value, 0) for value in Outcome.placed)

    @property
    def outcome_counts(self) -> list[int]:
        return [self.outcomes.get(value, 0) for value in Outcome.values]


def outcome_table(*, graduates: QuerySet[Graduate], group: str) -> list[OutcomeRow]:
    """One row per university (or province) of ``graduates``, by name, then a total row. Two queries."""
    key_id, key_name = _GROUP_KEYS[group]
    aggregates = {
        "n": Count("id"),
        "confirmed": Count("id", filter=Q(university_confirmed_at__isnull=False)),
        **{f"o_{value}": Count("id", filter=Q(outcome=value)) for value in Outcome.values},
    }
    rows: dict[int | None, OutcomeRow] = {}
    for values in graduates.order_by().values(key_id, key_name).annotate(**aggregates):
        rows[values[key_id]] = OutcomeRow(
            label=values[key_name] or "—",
            graduates=values["n"],
            confirmed=values["confirmed"],
            outcomes={value: values[f"o_{value}"] for value in Outcome.values},
        )
    applications = (
        Application.objects.filter(graduate__in=graduates.values("pk"))
        .order_by()
        .values(f"graduate__{key_id}")
        .annotate(
            offers=Count("graduate", filter=Q(status__in=OFFER_STATUSES), distinct=True),
            hires=Count("graduate", filter=Q(status=ApplicationStatus.HIRED), distinct=True),
        )
    )
    for values in applications:
        row = rows.get(values[f"graduate__{key_id}"])
        if row is not None:
            row.offers, row.hires = values["offers"], values["hires"]
    ordered = sorted(rows.values(), key=lambda row: row.label)
    total = OutcomeRow(label=_("合计"))
    for row in ordered:
        total.graduates += row.graduates
        total.confirmed += row.confirmed
        total.offers += row.offers
        total.hires += row.hires
        for value, count in row.outcomes.items():
            total.outcomes[value] = total.outcomes.get(value, 0) + count
    return [*ordered, total]


@dataclass
class WeekRow:
    week: RecruitmentWeek
    recorded: int  # outcomes recorded during the week
    placed: int  # … of which placed
    offers: int  # offers made during the week (the application's last change in the week)
    hires: int


def _week_range(week: RecruitmentWeek) -> tuple[dt.datetime, dt.datetime]:
    """The week's days in Asia/Shanghai as aware datetimes [first day 00:00, day after the last)."""
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(week.starts_on, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(week.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def outcome_weeks(*, graduates: QuerySet[Graduate]) -> list[WeekRow]:
    """Per recruitment week (in calendar order): outcomes recorded, and the portal's offers and hires
    during the week. Three queries, whatever the number of weeks."""
    weeks = list(RecruitmentWeek.objects.order_by("starts_on"))
    if not weeks:
        return []
    graduate_counts, application_counts = {}, {}
    for week in weeks:
        start, end = _week_range(week)
        in_week = Q(outcome_recorded_at__gte=start, outcome_recorded_at__lt=end)
        graduate_counts[f"r{week.pk}"] = Count("id", filter=in_week)
        graduate_counts[f"p{week.pk}"] = Count("id", filter=in_week & Q(outcome__in=Outcome.placed))
        changed = Q(status_changed_at__gte=start, status_changed_at__lt=end)
        application_counts[f"o{week.pk}"] = Count("id", filter=changed & Q(status__in=OFFER_STATUSES))
        application_counts[f"h{week.pk}"] = Count("id", filter=changed & Q(status=ApplicationStatus.HIRED))
    g = graduates.order_by().aggregate(**graduate_counts)
    a = Application.objects.filter(graduate__in=graduates.values("pk")).order_by().aggregate(**application_counts)
    return [
        WeekRow(
            week=week,
            recorded=g[f"r{week.pk}"],
            placed=g[f"p{week.pk}"],
            offers=a[f"o{week.pk}"],
            hires=a[f"h{week.pk}"],
        )
        for week in weeks
    ]


def outcome_headings() -> list[str]:
    """The table's and the download's column headings (translated at call time)."""
    return [
        _("名称"),
        _("毕业生"),
        _("高校已确认"),
        *[str(label) for label in Outcome.labels],
        _("已填报去向"),
        _("已落实去向"),
        _("获录用通知"),
        _("经本平台录用"),
    ]


def outcome_cells(row: OutcomeRow) -> list:
    counts = [row.graduates, row.confirmed, *row.outcome_counts, row.recorded, row.placed, row.offers, row.hires]
    return [row.label, *counts]


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text that a spreadsheet would read as a formula is prefixed with ' (as console.csv_cells does;
    that module sits above this app, so the rule is restated here for the career centre's download)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def outcome_csv_response(rows: list[OutcomeRow], *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response.write("\ufeff")  # so Excel opens the UTF-8 file as UTF-8
    writer = csv.writer(response)
    writer.writerow(outcome_headings())
    for row in rows:
        writer.writerow([_cell(value) for value in outcome_cells(row)])
    return response
