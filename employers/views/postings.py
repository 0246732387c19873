"""The employer's postings: list, create, edit, publish, close."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from recruitment_weeks.service_errors import add_to_form, is_permission_refusal

from .. import selectors, services
from ..enums import PostingStatus
from ..forms import PostingForm
from ..models import Employer
from ..permissions import can_publish
from .common import employer_required, error_lines, forbidden


def _posting_or_404(employer: Employer, pk: int):
    posting = selectors.posting_of(employer=employer, pk=pk)
    if posting is None:  # not there, or another employer's: the same answer
        raise Http404("No such posting")
    return posting


def _form_page(request: HttpRequest, employer: Employer, *, posting=None) -> HttpResponse:
    form = PostingForm(request.POST or None, posting=posting, employer=employer)
    status = 200
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        kwargs = {"actor": request.user, "data": form.posting_data(), "disciplines": form.cleaned_data["disciplines"]}
        try:
            if posting is None:
                saved = services.posting_create(employer=employer, publish=publish, **kwargs)
            else:
                saved = services.posting_update(posting=posting, publish=publish, **kwargs)
        except ValidationError as exc:
            add_to_form(form, exc)
            if is_permission_refusal(exc):
                status = 403
        else:
            if saved.status == PostingStatus.PUBLISHED:
                messages.success(request, _("职位“%(title)s”已发布。") % {"title": saved.title})
            else:
                messages.success(request, _("职位“%(title)s”已保存。") % {"title": saved.title})
            return redirect("employers:posting_list")
    return render(
        request,
        "employers/jobposting_form.html",
        {"form": form, "posting": posting, "employer": employer, "can_publish": can_publish(employer)},
        status=status,
    )


@employer_required
def posting_create(request: HttpRequest, employer: Employer) -> HttpResponse:
    return _form_page(request, employer)


@employer_required
def posting_edit(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    return _form_page(request, employer, posting=_posting_or_404(employer, pk))


@require_POST
@employer_required
def posting_publish(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    posting = _posting_or_404(employer, pk)
    try:
        services.posting_publish(posting=posting, actor=request.user)
    except ValidationError as exc:
        if is_permission_refusal(exc):
            return forbidden(request, exc.messages[0], employer=employer)
        labels = {name: str(field.label) for name, field in PostingForm.base_fields.items()}
        messages.error(request, _("职位未发布：") + "；".join(error_lines(exc, labels)))
        return redirect("employers:posting_edit", pk=posting.pk)
    messages.success(request, _("职位“%(title)s”已发布。") % {"title": posting.title})
    return redirect("employers:posting_list")


@require_POST
@employer_required
def posting_close(request: HttpRequest, employer: Employer, pk: int) -> HttpResponse:
    posting = _posting_or_404(employer, pk)
    try:
        services.posting_close(posting=posting, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("职位“%(title)s”已关闭。") % {"title": posting.title})
    return redirect("employers:posting_list")
