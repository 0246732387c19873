"""The audit log: actions enumerated per app (with today's values), a venue on every entry whose
target has one, the backfill of that venue for older entries, and the erasure of a person."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import models
from django.utils import translation

from conversations.enums import ConversationAction
from employers import services as employer_services
from employers.enums import EmployerAction
from fairs import services as fair_services
from fairs.enums import FairAction, SpecialFairAction
from graduates import services as graduate_services
from graduates.enums import GraduateAction
from invitations.enums import InvitationAction
from marketplace import services as marketplace_services
from marketplace.enums import ApplicationAction
from recruitment_weeks.accounts.enums import AccountAction
from recruitment_weeks.accounts.services import token_issue
from recruitment_weeks.audit.actions import action_choices, action_label
from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.audit.services import audit_log, erase_subject
from tests.factories.staff import two_provinces
from universities.enums import UniversityAction
from venues import services as venue_services
from venues.enums import VenueAction
from venues.permissions import VENUE_PATHS, venue_of

pytestmark = pytest.mark.django_db

ENUMS = [
    AccountAction,
    EmployerAction,
    GraduateAction,
    ApplicationAction,
    FairAction,
    VenueAction,
    UniversityAction,
    SpecialFairAction,
    ConversationAction,
    InvitationAction,
]

# The values stored before the actions were enumerated, and those added since: existing rows must keep
# their meaning.
STORED_VALUES = {
    "accounts.token.issued", "accounts.token.revoked", "accounts.user.renamed",
    "employers.employer.registered", "employers.employer.updated", "employers.employer.approved",
    "employers.employer.rejected", "employers.employer.suspended", "employers.employer.reinstated",
    "employers.employer.resubmitted",
    "employers.posting.created", "employers.posting.updated", "employers.posting.published",
    "employers.posting.closed", "employers.posting.expired", "employers.posting.reported",
    "employers.report.resolved", "employers.report.dismissed",
    "graduates.graduate.registered", "graduates.graduate.updated", "graduates.graduate.approved",
    "graduates.graduate.rejected", "graduates.graduate.resubmitted", "graduates.graduate.deleted",
    "graduates.application.submitted", "graduates.application.resubmitted", "graduates.application.withdrawn",
    "graduates.application.viewed", "graduates.application.interview", "graduates.application.offer",
    "graduates.application.hired", "graduates.application.rejected",
    # Added with the graduate's answer to an offer (new actions; no stored value renamed).
    "graduates.application.accepted", "graduates.application.declined",
    "events.fairregistration.submitted", "events.fairregistration.resubmitted",
    "events.fairregistration.withdrawn", "events.fairregistration.approved",
    "events.fairregistration.rejected", "events.fairregistration.closed",
    "venues.sitelinkreport.submitted", "venues.sitelinkreport.updated", "venues.contactform.saved",
    "venues.announcement.published", "venues.announcement.updated", "venues.announcement.deleted",
    # Added with password reset and the staff's second factor (new actions; no stored value renamed).
    "accounts.password.reset", "accounts.second_factor.enrolled", "accounts.second_factor.recovery_code_used",
    "accounts.second_factor.reset", "accounts.session.ended", "accounts.session.ended_everywhere",
    "accounts.email.verified", "accounts.mobile.verified",
    # Added with universities and their career centres (issue 20).
    "graduates.graduate.confirmed", "graduates.graduate.outcome_recorded",
    "universities.university.created", "universities.university.updated",
    "universities.careercentremember.applied", "universities.careercentremember.approved",
    "universities.careercentremember.rejected",
    "universities.universitynotice.published", "universities.universitynotice.acknowledged",
    # Added with 专场, sessions and bookings (new actions).
    "fairs.specialfair.created", "fairs.specialfair.published", "fairs.specialfair.cancelled",
    "fairs.specialfairparticipation.submitted", "fairs.specialfairparticipation.resubmitted",
    "fairs.specialfairparticipation.withdrawn", "fairs.specialfairparticipation.approved",
    "fairs.specialfairparticipation.rejected",
    "fairs.session.scheduled", "fairs.session.approved", "fairs.session.rejected", "fairs.session.cancelled",
    "fairs.booking.booked", "fairs.booking.waitlisted", "fairs.booking.promoted", "fairs.booking.cancelled",
    "fairs.booking.attended",
    # Added with conversations between employers and graduates (new actions).
    "conversations.conversation.opened", "conversations.conversation.blocked",
    "conversations.conversation.reported", "conversations.report.dismissed", "conversations.report.suspended",
    # Added with invitations (邀约) from a posting's matches (new actions).
    "invitations.invitation.sent", "invitations.invitation.accepted", "invitations.invitation.declined",
    "invitations.invitation.withdrawn", "invitations.invitation.expired",
    # Added with employer teams (new actions).
    "employers.member.invited", "employers.member.role_changed", "employers.member.removed",
}  # fmt: skip


# --- Enumerated actions ------------------------------------------------------------------------------


def test_the_enums_hold_exactly_the_stored_values_and_all_are_registered():
    values = [member.value for enum in ENUMS for member in enum]

    assert sorted(values) == sorted(STORED_VALUES)  # no value twice, none renamed
    assert [value for value, _label in action_choices()] == sorted(STORED_VALUES)


def test_every_action_has_a_chinese_label_and_an_english_translation():
    for enum in ENUMS:
        for member in enum:
            with translation.override("zh-hans"):
                chinese = action_label(member.value)
            with translation.override("en"):
                english = action_label(member.value)
            assert chinese != member.value and any("\u4e00" <= ch <= "\u9fff" for ch in chinese), member
            assert english != chinese and english.isascii(), member


def test_an_unknown_action_is_shown_as_stored():
    assert action_label("legacy.thing.done") == "legacy.thing.done"


def test_audit_log_refuses_a_plain_string():
    world = two_provinces()

    with pytest.raises(TypeError):
        audit_log(actor=None, action="employers.employer.updated", target=world.employer_a)

    assert AuditEntry.objects.count() == 0


# --- A venue on each entry -----------------------------------------------------------------------------


def test_the_services_file_each_entry_under_the_venue_of_its_target():
    w = two_provinces()
    root = w.users["superuser"]

    employer_services.employer_approve(employer=w.employer_a, actor=root)
    employer_services.posting_close(posting=w.posting_a, actor=root)
    graduate_services.graduate_reject(graduate=w.graduate_b, actor=root, reason="材料不全")
    fair_services.fair_registration_approve(registration=w.fair_b, actor=root)
    marketplace_services.application_mark_viewed(application=w.application_a, actor=w.approved_a.user)
    marketplace_services.application_withdraw(application=w.application_b, actor=w.application_b.graduate.user)
    venue_services.site_link_report_submit(
        venue=w.a_edu, week=w.week, site_name="甲省高校就业网", site_url="https://a.example.cn/", actor=root
    )
    venue_services.announcement_delete(announcement=w.announcement_b, actor=root)
    token_issue(user=w.users["employer"])
    graduate_services.graduate_delete_account(graduate=w.graduate_a, actor=w.graduate_a.user)

    assert list(AuditEntry.objects.order_by("pk").values_list("action", "venue")) == [
        ("employers.employer.approved", w.a_hr.pk),
        ("employers.posting.closed", w.a_hr.pk),
        ("graduates.graduate.rejected", w.b_edu.pk),
        ("events.fairregistration.approved", w.b_hr.pk),
        ("graduates.application.viewed", w.a_hr.pk),  # the posting's employer's venue
        ("graduates.application.withdrawn", w.b_hr.pk),
        ("venues.sitelinkreport.submitted", w.a_edu.pk),
        ("venues.announcement.deleted", w.b_hr.pk),
        ("accounts.token.issued", None),  # an account has no venue
        ("graduates.graduate.deleted", w.a_edu.pk),
    ]


def test_venue_of_follows_the_same_paths_as_the_scoped_admins():
    from django.contrib import admin

    from console.scoping import VenueScopedAdmin

    scoped = {
        model._meta.label_lower: model_admin.venue_path
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, VenueScopedAdmin) and model_admin.venue_path
    }
    del scoped["audit.auditentry"]  # the log itself: filed by the venue stored on each entry
    assert scoped == {label: path for label, path in VENUE_PATHS.items() if label in scoped}
    assert set(scoped) == set(VENUE_PATHS)
    w = two_provinces()
    assert [venue_of(obj) for obj in (w.employer_b, w.graduate_b, w.application_b, w.fair_b, w.report_b)] == [
        w.b_hr.pk,
        w.b_edu.pk,
        w.b_hr.pk,
        w.b_hr.pk,
        w.b_hr.pk,
    ]
    assert venue_of(w.users["employer"]) is None


# --- The backfill of older entries ---------------------------------------------------------------------


def _old_entry(target: models.Model, action: str, **data) -> AuditEntry:
    """An entry as written before entries had a venue."""
    return AuditEntry.objects.create(
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target),
        data=data,
    )


def test_the_backfill_files_older_entries_under_their_targets_venue():
    w = two_provinces()
    entries = {
        "employer": _old_entry(w.employer_b, "employers.employer.registered"),
        "posting": _old_entry(w.posting_a, "employers.posting.published"),
        "graduate": _old_entry(w.graduate_a, "graduates.graduate.registered"),
        "application": _old_entry(w.application_b, "graduates.application.submitted"),
        "fair": _old_entry(w.fair_a, "events.fairregistration.submitted"),
        "report": _old_entry(w.report_b, "venues.sitelinkreport.submitted"),
        "contact": _old_entry(w.contact_a, "venues.contactform.saved"),
        "announcement": _old_entry(w.announcement_b, "venues.announcement.published", venue=w.b_hr.pk),
        "account": _old_entry(w.users["employer"], "accounts.token.issued"),
    }
    gone = _old_entry(w.announcement_a, "venues.announcement.deleted", venue=w.a_hr.pk, title="甲省公告")
    w.announcement_a.delete()
    entries["deleted announcement"] = gone
    orphan = _old_entry(w.employer_a, "employers.employer.registered")
    orphan.target_id = "999999"  # its employer is gone
    orphan.save()
    entries["gone employer"] = orphan
    already = _old_entry(w.employer_a, "employers.employer.updated")
    AuditEntry.objects.filter(pk=already.pk).update(venue=w.b_edu)  # already filed: left alone
    entries["already filed"] = already
    migration = importlib.import_module("recruitment_weeks.audit.migrations.0003_backfill_auditentry_venue")

    migration.backfill_venue(django_apps, None)

    venues = {name: AuditEntry.objects.get(pk=entry.pk).venue_id for name, entry in entries.items()}
    assert venues == {
        "employer": w.b_hr.pk,
        "posting": w.a_hr.pk,
        "graduate": w.a_edu.pk,
        "application": w.b_hr.pk,
        "fair": w.a_hr.pk,
        "report": w.b_hr.pk,
        "contact": w.a_hr.pk,
        "announcement": w.b_hr.pk,
        "account": None,
        "deleted announcement": w.a_hr.pk,
        "gone employer": None,
        "already filed": w.b_edu.pk,
    }


# --- Erasure ---------------------------------------------------------------------------------------------


def test_erase_subject_takes_out_the_name_and_phone_and_keeps_the_rest():
    w = two_provinces()
    graduate, application = w.application_a.graduate, w.application_a
    about_graduate = audit_log(
        actor=None, action=GraduateAction.UPDATED, target=graduate, venue=w.a_edu, data={"fields": ["name"]}
    )
    about_account = _old_entry(graduate.user, "accounts.token.issued")
    interview = audit_log(
        actor=w.approved_a.user,
        action=ApplicationAction.INTERVIEW,
        target=application,
        venue=w.a_hr,
        data={"interview_location": f"电话 {graduate.mobile}", "interview_mode": "phone"},
    )
    AuditEntry.objects.filter(pk=interview.pk).update(target_repr=f"{graduate.name} → {application.posting}")
    online = audit_log(
        actor=w.approved_a.user,
        action=ApplicationAction.INTERVIEW,
        target=application,
        venue=w.a_hr,
        data={"interview_location": "https://meeting.example.cn/1"},
    )
    someone_else = audit_log(actor=None, action=GraduateAction.UPDATED, target=w.graduate_b, venue=w.b_edu)
    before = {e.pk: e for e in AuditEntry.objects.all()}

    erase_subject(
        subject=graduate,
        user_id=graduate.user_id,
        related_type="graduates.application",
        related_ids=[application.pk],
        name=graduate.name,
        phone=graduate.mobile,
        replacement="已注销",
    )

    after = {e.pk: e for e in AuditEntry.objects.all()}
    assert set(after) == set(before)  # every entry stays
    assert (after[about_graduate.pk].target_repr, after[about_account.pk].target_repr) == ("已注销", "已注销")
    assert after[interview.pk].target_repr == f"已注销 → {application.posting}"
    assert after[interview.pk].data == {"interview_location": "", "interview_mode": "phone"}
    assert after[online.pk].data == {"interview_location": "https://meeting.example.cn/1"}
    assert after[someone_else.pk].target_repr == before[someone_else.pk].target_repr
    for pk, entry in after.items():
        old = before[pk]
        assert (entry.action, entry.actor_id, entry.venue_id, entry.target_type, entry.target_id) == (
            old.action,
            old.actor_id,
            old.venue_id,
            old.target_type,
            old.target_id,
        )


def test_week_closing_files_the_closed_registrations_under_their_venue():
    from fairs.sweeps import week_closing_process

    w = two_provinces()
    now = w.week.closes_at + dt.timedelta(hours=1)

    week_closing_process(now=now)

    assert set(AuditEntry.objects.values_list("action", "target_id", "venue")) == {
        ("events.fairregistration.closed", str(w.fair_a.pk), w.a_hr.pk),
        ("events.fairregistration.closed", str(w.fair_b.pk), w.b_hr.pk),
    }
    assert AuditEntry.objects.count() == 2
