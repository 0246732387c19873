"""Reports (举报) of public postings, for what the discrimination screen misses, and how the reviewing
venue's staff handle them: close the posting, or dismiss the report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.services import audit_log
from venues.permissions import venue_of

from ..enums import EmployerAction, PostingStatus, ReportReason, ReportState
from ..models import JobPosting, PostingReport
from ..selectors import posting_is_public
from .postings import posting_close

MAX_DETAILS = 1000


@transaction.atomic
def posting_report(*, posting: JobPosting, reporter, reason: str, details: str = "") -> PostingReport:
    """Report a public posting. The same person reporting the same posting again while their first
    report is open gets that report back (a double click, a second tab: one row).

    Side effects: one PostingReport in the queue of the venue reviewing the posting's employer; audit
    entry ``employers.posting.reported`` for that venue.
    """
    if not posting_is_public(posting):
        raise ValidationError(_("该职位已关闭或不存在。"), code="posting_not_public")
    details = (details or "").strip()
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = ValidationError(_("请选择举报原因。"), code="reason")
    if len(details) > MAX_DETAILS:
        errors["details"] = ValidationError(
            _("具体说明不能超过%(max)d字。") % {"max": MAX_DETAILS}, code="details_too_long"
        )
    elif reason == ReportReason.OTHER and not details:
        errors["details"] = ValidationError(_("选择“其他”时请写明举报原因。"), code="details_required")
    if errors:
        raise ValidationError(errors)
    # One open report per person and posting: lock the posting so two requests at once keep one.
    posting = JobPosting.objects.select_for_update(of=("self",)).select_related("employer").get(pk=posting.pk)
    existing = PostingReport.objects.filter(posting=posting, reporter=reporter, state=ReportState.OPEN).first()
    if existing is not None:
        return existing
    report = PostingReport.objects.create(posting=posting, reporter=reporter, reason=reason, details=details)
    audit_log(
        actor=reporter,
        action=EmployerAction.POSTING_REPORTED,
        target=report,
        venue=venue_of(posting),
        data={"posting": posting.pk, "reason": reason},
    )
    return report


def _handle(report: PostingReport, *, actor, state: str, action: EmployerAction, note: str) -> PostingReport:
    report = PostingReport.objects.select_for_update(of=("self",)).select_related("posting__employer").get(pk=report.pk)
    if report.state != ReportState.OPEN:
        raise ValidationError(_("该举报已处理。"), code="report_handled")
    report.state, report.handled_by, report.handled_at = state, actor, timezone.now()
    report.handling_note = (note or "").strip()[:500]
    report.save(update_fields=["state", "handled_by", "handled_at", "handling_note"])
    audit_log(
        actor=actor,
        action=action,
        target=report,
        venue=venue_of(report.posting),
        data={"posting": report.posting_id, "note": report.handling_note},
    )
    return report


@transaction.atomic
def report_close_posting(*, report: PostingReport, actor, note: str = "") -> PostingReport:
    """The report is right: close the posting (the posting's own closing transition, audited) and mark
    the report handled. Other open reports of that posting are handled with it.

    Side effects: audit ``employers.posting.closed`` (if it was still open) and
    ``employers.report.resolved`` per report handled.
    """
    closed = {"state": ReportState.POSTING_CLOSED, "action": EmployerAction.REPORT_RESOLVED, "note": note}
    report = _handle(report, actor=actor, **closed)
    if report.posting.status != PostingStatus.CLOSED:
        posting_close(posting=report.posting, actor=actor)
    for other in PostingReport.objects.filter(posting_id=report.posting_id, state=ReportState.OPEN):
        _handle(other, actor=actor, **closed)
    return report


@transaction.atomic
def report_dismiss(*, report: PostingReport, actor, note: str) -> PostingReport:
    """The report is unfounded: dismiss it with a reason; the posting stays as it is.
    Side effects: audit ``employers.report.dismissed``."""
    if not (note or "").strip():
        raise ValidationError(_("请填写原因。"), code="reason_required")
    return _handle(report, actor=actor, state=ReportState.DISMISSED, action=EmployerAction.REPORT_DISMISSED, note=note)
