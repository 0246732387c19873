"""The employer's team (/employer/team/): the list, inviting an account, changing a role, removing a
member. Administrators only; each write is one service call."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment_weeks.service_errors import add_to_form

from .. import selectors, services
from ..enums import MemberRole
from ..forms import MemberInviteForm, MemberRoleForm
from ..models import Employer, EmployerMember
from .common import administrator_only, employer_required


def _render(request: HttpRequest, employer: Employer, form: MemberInviteForm, status: int = 200) -> HttpResponse:
    members = list(selectors.team_of(employer=employer))
    context = {
        "employer": employer,
        "members": members,
        "form": form,
        "roles": MemberRole.choices,
    }
    return render(request, "employers/team.html", context, status=status)


@employer_required
@administrator_only
def team(request: HttpRequest, employer: Employer) -> HttpResponse:
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_invite(employer=employer, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("已邀请 %(email)s 加入团队。") % {"email": member.user.email})
            return redirect("employers:team")
    return _render(request, employer, form, status=400 if form.errors else 200)


def _member(employer: Employer, pk: int) -> EmployerMember:
    member = selectors.team_of(employer=employer).filter(pk=pk).first()
    if member is None:
        raise Http404("No such member")
    return member


@require_POST
@employer_required
@administrator_only
def member_role(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    member = _member(employer, pk)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择有效的角色。"))
        return redirect("employers:team")
    try:
        services.member_change_role(member=member, actor=request.user, role=form.cleaned_data["role"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已修改 %(name)s 的角色。") % {"name": member.display_name})
    return redirect("employers:team")


@require_POST
@employer_required
@administrator_only
def member_remove(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    member = _member(employer, pk)
    try:
        services.member_remove(member=member, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("employers:team")
    messages.success(request, _("已将 %(name)s 移出团队。") % {"name": member.display_name})
    if member.user_id == request.user.pk:
        return redirect("home")
    return redirect("employers:team")
