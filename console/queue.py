"""审核队列 — the review queue: the pending rows a reviewer may decide on, longest-waiting first, a
screenful at a time, with the model's own review actions.

It is a page of the admin (``<model>/queue/``, behind ``admin_view``), scoped exactly as the
changelist (``get_queryset``: the rows of the venues the user manages) and deciding through the
same actions (``response_action``: the review permission, the services, the audit log). It leaves
out what a reviewer working down a queue does not use and what makes Django's changelist cost
~35 ms a page at national scale: the filter sidebar, the search box, sortable headers, page-number
links, the nav sidebar. Rows load only the columns shown; provinces, venues and weeks are named from
row_labels() instead of joined. Pages follow a keyset on (submitted_at, id), the partial "pending"
index, so the thousandth page costs what the first does.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import display_for_field, display_for_value, label_for_field, lookup_field
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from console import paginator
from events.models import RecruitmentWeek
from recruitment_weeks.pagination import InvalidPage, keyset_page
from recruitment_weeks.reference.labels import display, row_labels
from venues.models import Province, Venue
from venues.permissions import staff_scope

# Foreign keys to these small tables are shown by name from row_labels(), not joined.
NAMED_BY_LABEL = (Province, Venue, RecruitmentWeek)
# Every queued row is pending; how long it has waited is the "waiting" column.
LEFT_OUT = ("action_checkbox", "status", "submitted_at")


QUEUE_PAGE = 25


class ReviewQueueView:
    """The queue of one reviewed ModelAdmin (ReviewQueueMixin adds it to the admin's URLs)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin
        self.opts = model_admin.opts

    # --- the request ---------------------------------------------------------------------------------
    def __call__(self, request):
        admin = self.model_admin
        if not admin.has_view_permission(request):
            raise PermissionDenied
        venues = self.venues(request)
        venue_id = self.venue_choice(request, venues)
        queryset = admin.get_queryset(request).filter(status="pending")
        if venue_id is not None:
            queryset = queryset.filter(**{admin.venue_path: venue_id})
        if request.method == "POST":
            # The selected ids are looked up in this scoped, pending queryset: any other id is simply
            # not found. response_action checks the action's permission and calls the services.
            response = admin.response_action(request, queryset=queryset)
            return response or HttpResponseRedirect(request.get_full_path())

        columns = self.columns()
        try:
            page = keyset_page(request, self.shown(queryset, columns), page_size=QUEUE_PAGE)
        except InvalidPage:
            admin.message_user(request, _("翻页参数无效，已回到队首。"), messages.WARNING)
            return HttpResponseRedirect(request.path + (f"?venue={venue_id}" if venue_id else ""))
        context = {
            **admin.admin_site.each_context(request),
            "is_nav_sidebar_enabled": False,  # a workspace of its own; the breadcrumbs lead back
            "opts": self.opts,
            "title": _("审核队列：%(name)s") % {"name": self.opts.verbose_name_plural},
            "headers": [label for _name, label, _render in columns],
            "rows": [self.row(obj, columns) for obj in page.rows],
            "waiting": paginator.capped_count(queryset),
            "cap": paginator.COUNT_CAP,
            "venues": venues,
            "venue_id": venue_id,
            "next_url": page.next_url,
            "previous_url": page.previous_url,
            "action_choices": admin.get_action_choices(request, default_choices=[]),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"),
        }
        request.current_app = admin.admin_site.name
        return TemplateResponse(request, "admin/staff/review_queue.html", context)

    def row(self, obj, columns) -> dict:
        first, *rest = (render(obj) for _name, _label, render in columns)
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=(obj.pk,))
        # Ids as text: the template engine would localize each int (a number_format call) on output.
        return {"pk": str(obj.pk), "url": url, "first": first, "rest": rest}

    # --- the venue select ----------------------------------------------------------------------------
    @staticmethod
    def venues(request) -> list[tuple[str, str]]:
        """(id, name) of the venues the user manages, in the venues' order: no query (staff_scope
        is already known, the names are row_labels). Ids as text, as the form sends them back."""
        scope = staff_scope(request.user)
        return [(str(pk), name) for pk, name in row_labels(Venue).items() if scope.allows(pk)]

    @staticmethod
    def venue_choice(request, venues) -> str | None:
        """``?venue=`` narrows the queue to one of the user's venues; any other value is ignored."""
        raw = request.GET.get("venue", "")
        return next((pk for pk, _name in venues if pk == raw), None)

    # --- the columns ---------------------------------------------------------------------------------
    def columns(self) -> list[tuple[str, str, Callable]]:
        """(name, header, render(obj) -> text) for the changelist's columns less LEFT_OUT."""
        admin = self.model_admin
        return [
            (name, label_for_field(name, admin.model, admin), self.renderer(name))
            for name in admin.list_display
            if name not in LEFT_OUT
        ]

    def field(self, name: str):
        try:
            return self.opts.get_field(name)
        except FieldDoesNotExist:
            return None  # an admin method (``waiting``)

    def renderer(self, name: str) -> Callable:
        field = self.field(name)
        if field is not None and field.many_to_one and field.related_model in NAMED_BY_LABEL:
            labels, empty = row_labels(field.related_model), self.model_admin.get_empty_value_display()
            return lambda obj: labels.get(getattr(obj, field.attname), empty)
        if field is not None and field.choices:
            return lambda obj: display(obj, name)
        return lambda obj: self.cell(name, obj)

    def cell(self, name: str, obj) -> str:
        """Any other column as the changelist shows it (admin.utils: dates, numbers, related rows)."""
        field, attr, value = lookup_field(name, obj, self.model_admin)
        empty = self.model_admin.get_empty_value_display()
        if field is None:
            return display_for_value(value, empty, getattr(attr, "boolean", False))
        if field.many_to_one:
            related = getattr(obj, field.name)
            return empty if related is None else str(related)
        return display_for_field(value, field, empty)

    def shown(self, queryset, columns):
        """The rows with only what the columns read: the fields themselves, other related rows joined
        (a fair registration's employer), plus status and submitted_at for the ``waiting`` column."""
        loaded, joined = {"status", "submitted_at"}, []
        for name, _label, _render in columns:
            field = self.field(name)
            if field is None:
                continue
            loaded.add(field.name)
            if field.many_to_one and field.related_model not in NAMED_BY_LABEL:
                joined.append(field.name)
        queryset = queryset.only(*loaded).order_by("submitted_at", "pk")
        return queryset.select_related(*joined) if joined else queryset


def queue_urls(model_admin) -> list:
    opts = model_admin.opts
    view = model_admin.admin_site.admin_view(ReviewQueueView(model_admin))
    return [path("queue/", view, name=f"{opts.app_label}_{opts.model_name}_queue")]
