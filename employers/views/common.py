"""What every employer page shares: who may open it, and how service errors reach the form."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from recruitment_weeks.pagination import InvalidPage, KeysetPage, keyset_page

from ..models import Employer
from ..permissions import can_publish, employer_of, is_employer_administrator


def page_of(request: HttpRequest, queryset) -> KeysetPage | HttpResponse:
    """One keyset page of a workspace list (20 rows, 上一页/下一页, no count); a broken page link
    redirects to the first page with a message."""
    try:
        return keyset_page(request, queryset)
    except InvalidPage:
        messages.warning(request, _("分页链接已失效，已回到第一页。"))
        return redirect(request.path)


def forbidden(request: HttpRequest, message: str, *, employer: Employer | None = None) -> HttpResponse:
    return render(request, "employers/forbidden.html", {"message": message, "employer": employer}, status=403)


def employer_required(view: Callable) -> Callable:
    """Anonymous → the login page; a signed-in user who is not an employer → 403. The view gets the
    user's employer as its second argument, so every read it makes can be scoped to it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        employer = employer_of(request.user)
        if employer is None:
            return forbidden(request, _("此页面仅限用人单位账户使用。"))
        return view(request, employer, *args, **kwargs)

    return wrapper


def approved_required(view: Callable) -> Callable:
    """An employer page that only an approved employer may use (publishing, joining a fair)."""

    @wraps(view)
    @employer_required
    def wrapper(request: HttpRequest, employer: Employer, *args, **kwargs) -> HttpResponse:
        if not can_publish(employer):
            return forbidden(request, _("单位注册信息审核通过后才能使用此功能。"), employer=employer)
        return view(request, employer, *args, **kwargs)

    return wrapper


def administrator_only(view: Callable) -> Callable:
    """Below ``employer_required`` or ``approved_required``: the team, the profile and licence and the
    fair registrations are the administrators' (a recruiter gets 403 and nothing changes)."""

    @wraps(view)
    def wrapper(request: HttpRequest, employer: Employer, *args, **kwargs) -> HttpResponse:
        if not is_employer_administrator(request.user):
            return forbidden(request, _("此功能仅限本单位管理员使用。"), employer=employer)
        return view(request, employer, *args, **kwargs)

    return wrapper


def error_lines(exc: ValidationError, labels: dict[str, str] | None = None) -> list[str]:
    """A service's errors as readable lines for a message ("职位描述：发布职位前请填写此项。")."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    labels = labels or {}
    lines = []
    for name, errors in exc.message_dict.items():
        label = labels.get(name)
        lines += [f"{label}：{message}" if label else message for message in errors]
    return lines
