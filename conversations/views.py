"""The conversation pages: each party's list, one conversation, and the actions on it; the staff's
report queue. Another user's conversation (or attachment, or report) is the same 404 as a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from graduates.models import Application
from graduates.selectors import graduate_of

from . import selectors, services
from .enums import ParticipantRole
from .forms import MessageForm, ReportForm, ResolveForm
from .live import message_payload
from .permissions import can_moderate, can_open, can_open_for_invitation, role_in

PAGE_MESSAGES = 50


def _party_conversation(request: HttpRequest, pk: int):
    conversation = selectors.conversation_of_party(user=request.user, pk=pk)
    if conversation is None:
        raise Http404("No conversation")
    return conversation


def _refusal(request: HttpRequest, exc: ValidationError) -> None:
    for text in exc.messages:
        messages.error(request, text)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inbox_for(user=request.user), 20).get_page(request.GET.get("page"))
    is_employer = getattr(request.user, "employer", None) is not None
    return render(request, "conversations/conversation_list.html", {"page": page, "is_employer": is_employer})


def _thread(conversation) -> list[dict]:
    roles = {conversation.employer.user_id: ParticipantRole.EMPLOYER}
    if conversation.graduate is not None:
        roles[conversation.graduate.user_id] = ParticipantRole.GRADUATE
    latest = list(selectors.messages_of(conversation=conversation)[:PAGE_MESSAGES])
    return [message_payload(m, sender_role=roles.get(m.sender_id)) | {"at": m.created_at} for m in reversed(latest)]


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _party_conversation(request, pk), MessageForm())


def _detail_page(
    request: HttpRequest, conversation, form: MessageForm, report_form: ReportForm | None = None, *, status: int = 200
) -> HttpResponse:
    thread = _thread(conversation)
    services.conversation_mark_read(conversation=conversation, user=request.user)
    context = {
        "conversation": conversation,
        "role": role_in(request.user, conversation),
        "thread": thread,
        "last_id": thread[-1]["id"] if thread else 0,
        "blocked": selectors.blocked(conversation=conversation),
        "form": form,
        "report_form": report_form or ReportForm(),
    }
    return render(request, "conversations/conversation_detail.html", context, status=status)


@require_POST
@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _party_conversation(request, pk)
    form = MessageForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    else:
        try:
            services.message_send(
                conversation=conversation,
                sender=request.user,
                body=form.cleaned_data["body"],
                attachment=form.cleaned_data["attachment"],
            )
        except ValidationError as exc:
            _refusal(request, exc)
        else:
            return redirect(reverse("conversations:detail", kwargs={"pk": conversation.pk}) + "#composer")
    # Refused: the conversation again with the reason and what was typed, not a redirect that drops it.
    return _detail_page(request, conversation, form, status=400)


@require_POST
@login_required
def open_for_application(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("posting"), pk=application_id)
    if not can_open(request.user, application):
        raise Http404("No application")
    conversation = services.conversation_open(application=application, actor=request.user)
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
@login_required
def open_for_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    """Open (or find) the invitation's conversation and go to it. Another's invitation is 404; one
    that can no longer be talked about goes back to the list with the reason."""
    invitation = selectors.invitation_of_party(user=request.user, pk=invitation_id)
    if invitation is None:
        raise Http404("No invitation")
    if not can_open_for_invitation(request.user, invitation):
        messages.error(request, _("该邀约已婉拒、撤回或过期，或单位目前不能沟通，无法发消息。"))
        namespace = "graduates" if graduate_of(request.user) is not None else "employers"
        return redirect(reverse(f"{namespace}:invitation_list") + f"#invitation-{invitation.pk}")
    conversation = services.conversation_open(invitation=invitation, actor=request.user)
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
@login_required
def block(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _party_conversation(request, pk)
    services.conversation_block(conversation=conversation, actor=request.user)
    messages.success(request, _("已屏蔽，双方都不能再发送消息。"))
    return redirect("conversations:detail", pk=conversation.pk)


@require_POST
@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _party_conversation(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明举报原因（不超过1000字）。"))
        # The conversation again with the reason and what was typed (the form shows its own errors).
        return _detail_page(request, conversation, MessageForm(), form, status=400)
    services.conversation_report(conversation=conversation, reporter=request.user, details=form.cleaned_data["details"])
    messages.success(request, _("举报已提交，会场工作人员将处理。"))
    return redirect("conversations:detail", pk=conversation.pk)


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """To the conversation's two parties only; always a download, never rendered in our origin."""
    stored = selectors.attachment_for_party(user=request.user, conversation_pk=pk, pk=attachment_id)
    if stored is None:
        raise Http404("No attachment")
    ext = stored.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=f"attachment-{stored.pk}.{ext}",
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Staff: the moderation queue ----------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_staff:
        raise Http404("Not staff")
    page = Paginator(selectors.reports_for_staff(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "conversations/report_list.html", {"page": page})


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report and — because it is reported, and only then — the conversation it is about."""
    found = selectors.report_for_staff(user=request.user, pk=pk) if request.user.is_staff else None
    if found is None:
        raise Http404("No report")
    conversation = found.conversation
    if not can_moderate(
        request.user, conversation, reported_venue_ids=selectors.reported_venue_ids(conversation=conversation)
    ):
        raise Http404("No report")
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_resolve(
                report=found, actor=request.user, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _refusal(request, exc)
        except PermissionDenied as exc:
            raise Http404("No report") from exc
        else:
            messages.success(request, _("举报已处理。"))
            return redirect("conversations:report_detail", pk=found.pk)
    context = {"report": found, "conversation": conversation, "thread": _thread(conversation), "form": form}
    return render(request, "conversations/report_detail.html", context)
