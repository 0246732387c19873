"""The statistics page of the admin (/admin/venues/venue/statistics/) and its CSV/XLSX downloads."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from console import charts
from console.csv_cells import csv_row
from console.statistics import (
    GROUP_PROVINCE,
    GROUP_VENUE,
    MEDIAN_LABEL,
    METRICS,
    freshness_line,
    special_fair_statistics,
    special_fair_table,
    statistics_table,
    venue_statistics,
)
from console.xlsx import XLSX_CONTENT_TYPE, table_workbook
from venues.permissions import is_main_venue_staff, is_venue_staff

DEFAULT_METRIC = "employers_approved"
LINE_SERIES = ("employers_registered", "graduates_registered", "applications", "interviews")
# Sessions and their places on a chart of their own: tens where the others count thousands.
FAIR_SERIES = ("sessions", "signups", "attendance")


def _parse(request) -> tuple[str, int | None, str]:
    if not is_venue_staff(request.user):
        raise PermissionDenied
    group = request.GET.get("group", GROUP_VENUE)
    if group not in (GROUP_VENUE, GROUP_PROVINCE):
        group = GROUP_VENUE
    try:
        week_id = int(request.GET["week"])
    except (KeyError, ValueError):
        week_id = None
    metric = request.GET.get("metric", DEFAULT_METRIC)
    if metric not in dict(METRICS):
        metric = DEFAULT_METRIC
    return group, week_id, metric


def statistics_page(request):
    """Per week and venue (or province for ministry staff): the table, a bar chart of one figure for
    the chosen week, and a line chart of the totals over the weeks."""
    group, week_id, metric = _parse(request)
    stats = venue_statistics(user=request.user, group=group)
    current = stats.week(week_id)
    labels = dict(METRICS)
    bar = line = None
    if current is not None:
        bar = charts.bar_chart(
            title=_("%(metric)s · %(week)s") % {"metric": labels[metric], "week": current.week.display_name},
            items=[(row.label, getattr(row.figures, metric)) for row in current.rows],
        )
        line = charts.line_chart(
            title=_("各招聘周合计"),
            x_labels=[w.week.get_season_display() + str(w.week.year) for w in stats.weeks],
            series=[(str(labels[name]), [getattr(w.total, name) for w in stats.weeks]) for name in LINE_SERIES],
        )
    special_fairs = special_fair_statistics(user=request.user, week=current.week) if current else []
    fairs_line = special_fair_bar = None
    if current is not None:
        fairs_line = charts.line_chart(
            title=_("场次、预约与出席 · 各招聘周合计"),
            x_labels=[w.week.get_season_display() + str(w.week.year) for w in stats.weeks],
            series=[(str(labels[name]), [getattr(w.total, name) for w in stats.weeks]) for name in FAIR_SERIES],
        )
    if special_fairs:
        special_fair_bar = charts.bar_chart(
            title=_("各专场预约人次 · %(week)s") % {"week": current.week.display_name},
            items=[(row.special_fair.title, row.signups) for row in special_fairs],
        )
    context = {
        **admin.site.each_context(request),
        "title": _("统计"),
        "stats": stats,
        "current": current,
        "metrics": METRICS,
        "metric": metric,
        "median_label": MEDIAN_LABEL,
        "group": group,
        "can_group_by_province": is_main_venue_staff(request.user),
        "bar": bar,
        "line": line,
        "query": request.GET.urlencode(),
        "freshness": freshness_line(stats.refreshed_at),
        "special_fairs": special_fairs,
        "fairs_line": fairs_line,
        "special_fair_bar": special_fair_bar,
    }
    return TemplateResponse(request, "admin/venues/statistics.html", context)


def statistics_csv(request):
    group, _week, _metric = _parse(request)
    stats = venue_statistics(user=request.user, group=group)
    header, rows = statistics_table(stats)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "招聘周统计.csv")
    response.write("\ufeff")  # a BOM, so Excel opens the Chinese text as UTF-8
    writer = csv.writer(response)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    if special_fairs := special_fair_table(user=request.user, stats=stats):
        writer.writerow([])
        writer.writerows(csv_row(row) for row in special_fairs)
    writer.writerows([[], csv_row([freshness_line(stats.refreshed_at)])])
    return response


def statistics_xlsx(request):
    group, _week, _metric = _parse(request)
    stats = venue_statistics(user=request.user, group=group)
    header, rows = statistics_table(stats)
    if special_fairs := special_fair_table(user=request.user, stats=stats):
        rows += [[], *special_fairs]
    rows += [[], [freshness_line(stats.refreshed_at)]]
    response = HttpResponse(
        table_workbook(title=_("招聘周统计"), header=header, rows=rows), content_type=XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, "招聘周统计.xlsx")
    return response
