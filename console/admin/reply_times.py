"""How quickly the employers of a staff member's venues answer applications (/admin/employers/employer/
reply-times/), slowest first, and its CSV download. The figures are the hourly sweep's
(marketplace.responsiveness); this page only reads them."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from console.csv_cells import csv_row
from console.selectors import employers_by_reply_time
from employers.models import Employer
from events.models import SHANGHAI
from marketplace.responsiveness import MIN_COUNTED
from venues.permissions import is_venue_staff

PER_PAGE = 50


def _employers(request):
    if not is_venue_staff(request.user):
        raise PermissionDenied
    return employers_by_reply_time(user=request.user)


def median_text(employer: Employer) -> str:
    """The median as staff read it: hours and the days graduates are told, or why there is none."""
    if employer.reply_median_hours is None:
        return _("过半申请未答复")
    days = employer.reply_within_days
    text = ngettext("%(hours).1f 小时（约 %(days)d 天）", "%(hours).1f 小时（约 %(days)d 天）", days)
    return text % {"hours": employer.reply_median_hours, "days": days}


def _computed(employer: Employer) -> str:
    if employer.reply_computed_at is None:
        return ""
    return timezone.localtime(employer.reply_computed_at, SHANGHAI).strftime("%Y-%m-%d %H:%M")


def reply_times_page(request):
    page = Paginator(_employers(request), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        **admin.site.each_context(request),
        "title": _("用人单位答复速度"),
        "page": page,
        "rows": [(employer, median_text(employer), _computed(employer)) for employer in page.object_list],
        "min_counted": MIN_COUNTED,
    }
    return TemplateResponse(request, "admin/employers/reply_times.html", context)


def reply_times_csv(request):
    employers = _employers(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, "用人单位答复速度.csv")
    response.write("\ufeff")  # a BOM, so Excel opens the Chinese text as UTF-8
    writer = csv.writer(response)
    header = [
        _("排名"),
        _("单位名称"),
        _("统一社会信用代码"),
        _("审核会场"),
        _("答复时间中位数（小时）"),
        _("通常几天内回复"),
        _("计入答复统计的申请数"),
        _("统计时间（北京时间）"),
    ]
    writer.writerow(csv_row(header))
    for rank, employer in enumerate(employers.iterator(chunk_size=1000), start=1):
        hours = None if employer.reply_median_hours is None else round(employer.reply_median_hours, 1)
        writer.writerow(
            csv_row(
                [
                    rank,
                    employer.name,
                    employer.uscc,
                    employer.reviewing_venue.name,
                    hours if hours is not None else _("过半申请未答复"),
                    employer.reply_within_days,
                    employer.reply_counted,
                    _computed(employer),
                ]
            )
        )
    return response
