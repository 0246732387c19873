"""Account deletion. (The data export is a read: graduates.selectors.graduate_data_export.)"""

from django.db import transaction

from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.audit.services import audit_log, erase_subject
from recruitment_weeks.notifications.keys import audit_notice_key
from recruitment_weeks.notifications.models import Notification
from recruitment_weeks.uploads import delete_file_on_commit
from venues.permissions import venue_of

from ..enums import GraduateAction
from ..models import Application, Graduate

DELETED_LABEL = "已注销的毕业生"


@transaction.atomic
def graduate_delete_account(*, graduate: Graduate, actor) -> dict[str, int]:
    """Delete the graduate's account and personal data. Their applications stay for the employers'
    records, anonymised: graduate set to NULL, the graduate's note cleared, and the graduate's name
    removed from the employers' notifications about them.

    Side effects: the User, the Graduate, saved postings and searches and the graduate's own
    notifications deleted; the PDF résumé deleted from storage after commit; applications
    anonymised; the graduate's name and number taken out of earlier audit entries about them and
    their applications; audit entry ``graduates.graduate.deleted`` (with counts, no personal data).
    Returns {"applications": n, "notifications_scrubbed": m}.
    """
    graduate = Graduate.objects.select_for_update(of=("self",)).select_related("user").get(pk=graduate.pk)
    applications = dict(Application.objects.filter(graduate=graduate).values_list("pk", "posting__employer__user_id"))
    trail = list(
        AuditEntry.objects.filter(target_type="graduates.application", target_id__in=[str(pk) for pk in applications])
    )
    keys = [audit_notice_key(entry.pk, applications[int(entry.target_id)]) for entry in trail]
    scrubbed = []
    for notification in Notification.objects.filter(dedupe_key__in=keys):
        if notification.payload.get("graduate_name"):
            notification.payload["graduate_name"] = ""
            scrubbed.append(notification)
    Notification.objects.bulk_update(scrubbed, ["payload"])
    Application.objects.filter(pk__in=applications).update(note="")
    if graduate.mobile:  # a phone interview may have been set up on the graduate's own number
        Application.objects.filter(pk__in=applications, interview_location__contains=graduate.mobile).update(
            interview_location=""
        )
    # The audit trail stays (who did what to which record, and when); what in it named the graduate
    # goes: the label of their entries ("周同学", their account's username, "周同学 → 12") and a phone
    # interview on their number.
    erase_subject(
        subject=graduate,
        user_id=graduate.user_id,
        related_type="graduates.application",
        related_ids=list(applications),
        name=graduate.name,
        phone=graduate.mobile,
        replacement=DELETED_LABEL,
    )
    delete_file_on_commit(graduate.resume_pdf.storage, graduate.resume_pdf.name)
    counts = {"applications": len(applications), "notifications_scrubbed": len(scrubbed)}
    # The audit entry names no one: its target label is set before the row goes.
    graduate.name = DELETED_LABEL
    audit_log(
        actor=actor if actor != graduate.user else None,
        action=GraduateAction.DELETED,
        target=graduate,
        venue=venue_of(graduate),
        data=counts,
    )
    graduate.user.delete()  # cascades to the graduate, saved items, own notifications; applications SET_NULL
    return counts
