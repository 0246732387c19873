"""Reads about graduates that encode the portal's rules: who sees whose contact details, a graduate's
own applications and their history, saved items, and the data export."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from recruitment_weeks.audit.models import AuditEntry
from recruitment_weeks.notifications.models import Notification

from .enums import GraduateStatus
from .models import Application, Graduate, SavedPosting, SavedSearch

APPLICATION_TARGET = "graduates.application"


# --- A graduate's own things ---------------------------------------------------------------------


def graduate_of(user) -> Graduate | None:
    """The signed-in user's graduate profile (loaded with the user by the auth backend), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.graduate
    except Graduate.DoesNotExist:
        return None


def applications_of(*, graduate: Graduate) -> QuerySet[Application]:
    """The graduate's applications, newest change first, with posting, employer and province."""
    return (
        Application.objects.filter(graduate=graduate)
        .select_related("posting__employer", "posting__province")
        .order_by("-status_changed_at", "-id")
    )


def application_of(*, graduate: Graduate, pk: int) -> Application | None:
    """One of the graduate's own applications; None for anyone else's (callers answer 404)."""
    return applications_of(graduate=graduate).filter(pk=pk).first()


def application_history(*, application: Application) -> list[AuditEntry]:
    """The application's changes, oldest first (from the audit log: one query)."""
    return list(
        AuditEntry.objects.filter(target_type=APPLICATION_TARGET, target_id=str(application.pk)).order_by(
            "created_at", "id"
        )
    )


def application_histories(*, applications: Iterable[Application]) -> dict[int, list[AuditEntry]]:
    """Histories of many applications in one query: {application id: [entries, oldest first]}."""
    ids = [str(a.pk) for a in applications]
    out: dict[int, list[AuditEntry]] = defaultdict(list)
    if ids:
        for entry in AuditEntry.objects.filter(target_type=APPLICATION_TARGET, target_id__in=ids).order_by(
            "created_at", "id"
        ):
            out[int(entry.target_id)].append(entry)
    return out


def saved_posting_ids(*, graduate: Graduate | None, posting_ids: Iterable[int]) -> set[int]:
    if graduate is None:
        return set()
    return set(
        SavedPosting.objects.filter(graduate=graduate, posting_id__in=list(posting_ids)).values_list(
            "posting_id", flat=True
        )
    )


def saved_searches_of(*, graduate: Graduate) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(graduate=graduate).order_by("-created_at", "-id")


def graduates_visible_to_employers() -> QuerySet[Graduate]:
    """Approved graduates who chose to show their job-seeking information to approved employers."""
    return Graduate.objects.filter(status=GraduateStatus.APPROVED, visible_to_employers=True)


# --- Staff search ----------------------------------------------------------------------------------

# The generated column of graduates migration 0010 (GIN-indexed): the fields' character pairs.
TEXT_PAIRS = '"graduates_graduate"."text_pairs"'


def _pairs_query(word: str) -> str | None:
    """The character pairs of ``word`` as a tsquery that every graduate holding ``word`` in the
    indexed text matches (a superset: the columns decide), or None when no pair has a letter, digit or
    CJK character to index. One character: every pair it begins (a prefix)."""

    def quoted(text: str) -> str:
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"

    if len(word) == 1:
        return quoted(word) + ":*" if word.isalnum() else None
    pairs = [word[i : i + 2] for i in range(len(word) - 1)]
    pairs = [pair for pair in dict.fromkeys(pairs) if any(ch.isalnum() for ch in pair)]
    return " & ".join(quoted(pair) for pair in pairs) or None


def graduates_matching(queryset: QuerySet[Graduate], text: str) -> QuerySet[Graduate]:
    """``queryset`` narrowed to the graduates whose name, university or major contains each word of
    ``text`` (case-insensitive), as the staff's search box asks. On PostgreSQL the GIN index of the
    three fields' character pairs finds the candidates first, so a search costs what it finds."""
    for word in text.lower().split():
        if connection.vendor == "postgresql" and (query := _pairs_query(word)):
            queryset = queryset.filter(
                RawSQL(f"{TEXT_PAIRS} @@ to_tsquery('simple', %s)", [query], output_field=BooleanField())
            )
        queryset = queryset.filter(Q(name__icontains=word) | Q(university__icontains=word) | Q(major__icontains=word))
    return queryset


# --- Export --------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def graduate_data_export(*, graduate: Graduate) -> dict[str, Any]:
    """Everything the portal holds about the graduate, as JSON-ready data (the "download my data")."""
    graduate = (
        Graduate.objects.select_related("user", "university_province", "discipline", "reviewing_venue")
        .prefetch_related("preferred_provinces")
        .get(pk=graduate.pk)
    )
    user = graduate.user
    applications = list(applications_of(graduate=graduate))
    histories = application_histories(applications=applications)
    saved = SavedPosting.objects.filter(graduate=graduate).select_related("posting__employer").order_by("created_at")
    return {
        "exported_at": _iso(timezone.now()),
        "account": {
            "username": user.username,
            "email": user.email,
            "language": user.language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": {
            "name": graduate.name,
            "mobile": graduate.mobile,
            "email": graduate.email,
            "university": graduate.university,
            "university_province": graduate.university_province.name,
            "degree": graduate.degree,
            "degree_label": str(graduate.get_degree_display()),
            "major": graduate.major,
            "discipline": {"code": graduate.discipline.code, "name": graduate.discipline.name},
            "graduation_year": graduate.graduation_year,
            "preferred_provinces": [p.name for p in graduate.preferred_provinces.all()],
            "preferred_cities": [c for c in graduate.preferred_cities.split(",") if c],
            "preferred_industries": graduate.preferred_industries,
            "preferred_work": graduate.preferred_work,
            "expected_salary": graduate.expected_salary,
            "visible_to_employers": graduate.visible_to_employers,
            "resume": graduate.resume,
            "resume_pdf_on_file": bool(graduate.resume_pdf),
            "privacy_consented_at": _iso(graduate.privacy_consented_at),
            "status": graduate.status,
            "status_reason": graduate.status_reason,
            "reviewing_venue": graduate.reviewing_venue.name,
            "submitted_at": _iso(graduate.submitted_at),
            "reviewed_at": _iso(graduate.reviewed_at),
        },
        "applications": [
            {
                "id": a.pk,
                "posting_id": a.posting_id,
                "posting_title": a.posting.title,
                "employer": a.posting.employer.name,
                "status": a.status,
                "note": a.note,
                "status_reason": a.status_reason,
                "interview_at": _iso(a.interview_at),
                "interview_mode": a.interview_mode,
                "interview_location": a.interview_location,
                "interview_note": a.interview_note,
                "created_at": _iso(a.created_at),
                "status_changed_at": _iso(a.status_changed_at),
                "history": [
                    {"action": e.action, "at": _iso(e.created_at), "from": e.data.get("from"), "to": e.data.get("to")}
                    for e in histories.get(a.pk, [])
                ],
            }
            for a in applications
        ],
        "saved_postings": [
            {
                "posting_id": s.posting_id,
                "title": s.posting.title,
                "employer": s.posting.employer.name,
                "saved_at": _iso(s.created_at),
            }
            for s in saved
        ],
        "saved_searches": [
            {"name": s.name, "params": s.params, "created_at": _iso(s.created_at)}
            for s in SavedSearch.objects.filter(graduate=graduate).order_by("created_at")
        ],
        "notifications": [
            {"kind": n.kind, "payload": n.payload, "created_at": _iso(n.created_at), "read_at": _iso(n.read_at)}
            for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
        ],
    }


def graduates_of_university(*, university_id: int) -> QuerySet[Graduate]:
    """A career centre's own graduates (those whose listed university is theirs): the unconfirmed
    first, each group oldest registration first, with what the list shows loaded."""
    return (
        Graduate.objects.filter(listed_university_id=university_id)
        .select_related("discipline")
        .order_by(F("university_confirmed_at").asc(nulls_first=True), "submitted_at", "id")
    )
