"""Writes for job postings: drafts, edits, publishing, closing, and closing the expired ones."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.workflow import transition
from venues.permissions import venue_of

from ..enums import EmployerAction, EmployerStatus, PostingStatus
from ..models import Employer, JobPosting
from ..search_text import refresh_search_text
from ..selectors import expired_postings
from ..validators import posting_text_errors

POSTING_FIELDS = (
    "title",
    "description",
    "requirements",
    "headcount",
    "province",
    "city",
    "degree_requirement",
    "salary_min",
    "salary_max",
    "valid_until",
)
# What a published posting must have (the degree requirement always has a value: "不限" by default).
PUBLISH_REQUIRED = ("title", "description", "requirements", "headcount", "city", "salary_min", "salary_max")
TEXT_FIELDS = ("title", "description", "requirements")
MAX_VALIDITY_DAYS = 180

NOT_APPROVED = _("单位注册信息审核通过后才能发布职位。")


def _values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in POSTING_FIELDS if name in data}
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    for name in ("province", "degree_requirement"):
        if values.get(name) in (None, ""):
            values.pop(name, None)  # not given: keep the posting's (new: the employer's province, 不限)
    return values


def _draft_errors(posting: JobPosting) -> dict[str, list]:
    """What even a draft must get right: a title, sane numbers, and no discriminatory limits."""
    errors: dict[str, list] = posting_text_errors({name: getattr(posting, name) for name in TEXT_FIELDS})
    if not posting.title:
        errors.setdefault("title", []).insert(0, ValidationError(_("请填写职位名称。"), code="required"))
    if posting.headcount is not None and posting.headcount < 1:
        errors.setdefault("headcount", []).append(ValidationError(_("招聘人数至少为1人。"), code="headcount_min"))
    if posting.salary_min is not None and posting.salary_max is not None and posting.salary_min > posting.salary_max:
        errors.setdefault("salary_max", []).append(
            ValidationError(_("月薪上限不能低于月薪下限。"), code="salary_range")
        )
    return errors


def _publish_errors(posting: JobPosting, *, today: dt.date) -> dict[str, list]:
    """Everything a published posting must have, on top of the draft's rules."""
    errors = _draft_errors(posting)
    for name in PUBLISH_REQUIRED:
        if getattr(posting, name) in (None, "") and name not in errors:
            errors[name] = [ValidationError(_("发布职位前请填写此项。"), code="required")]
    if posting.valid_until is None:
        errors.setdefault("valid_until", []).append(ValidationError(_("发布职位前请填写此项。"), code="required"))
    elif posting.valid_until < today:
        errors.setdefault("valid_until", []).append(ValidationError(_("有效期不能早于今天。"), code="valid_until_past"))
    elif posting.valid_until > today + dt.timedelta(days=MAX_VALIDITY_DAYS):
        errors.setdefault("valid_until", []).append(
            ValidationError(
                _("有效期最长为%(days)d天，请选择%(last)s或之前的日期。"),
                code="valid_until_too_far",
                params={"days": MAX_VALIDITY_DAYS, "last": (today + dt.timedelta(days=MAX_VALIDITY_DAYS)).isoformat()},
            )
        )
    return errors


def _check_may_publish(employer: Employer) -> None:
    # Read afresh: a suspension a moment ago must count.
    if not Employer.objects.filter(pk=employer.pk, status=EmployerStatus.APPROVED).exists():
        raise ValidationError(NOT_APPROVED, code="employer_not_approved")


def _save(
    posting: JobPosting, *, disciplines, publish: bool, actor, action: EmployerAction, changed: list[str]
) -> JobPosting:
    today = timezone.localdate()
    will_be_published = publish or posting.status == PostingStatus.PUBLISHED
    if will_be_published:
        _check_may_publish(posting.employer)
    errors = _publish_errors(posting, today=today) if will_be_published else _draft_errors(posting)
    if errors:
        raise ValidationError(errors)
    publishing = publish and posting.status != PostingStatus.PUBLISHED
    posting.save()
    if disciplines is not None:
        posting.disciplines.set(disciplines)
    refresh_search_text(posting=posting)
    audit_log(actor=actor, action=action, target=posting, venue=venue_of(posting), data={"fields": changed})
    if publishing:
        # Saved with the status it had; publishing is the same move as posting_publish().
        transition(
            posting,
            move=PostingStatus.moves["published"],
            actor=actor,
            action=EmployerAction.POSTING_PUBLISHED,
            venue=venue_of(posting),
            changes={"published_at": timezone.now()},
        )
    return posting


@transaction.atomic
def posting_create(
    *, employer: Employer, actor, data: dict[str, Any], disciplines=None, publish: bool = False
) -> JobPosting:
    """A new posting: a draft (only the title is required; allowed before approval), or published at
    once with ``publish=True`` (approved employers only; every field required, valid for at most 180
    days). Text that breaks the 三严禁 rule is refused either way, quoting the phrase.
    Side effects: audit ``employers.posting.created`` (and ``.published``); the search text.
    """
    values = _values(data)
    values.setdefault("province", employer.province)
    posting = JobPosting(employer=employer, status=PostingStatus.DRAFT, **values)
    return _save(
        posting,
        disciplines=disciplines,
        publish=publish,
        actor=actor,
        action=EmployerAction.POSTING_CREATED,
        changed=sorted(values),
    )


@transaction.atomic
def posting_update(
    *, posting: JobPosting, actor, data: dict[str, Any], disciplines=None, publish: bool = False
) -> JobPosting:
    """Edit a posting of any status. A published posting stays published, so the edit must keep it
    publishable; ``publish=True`` publishes a draft or closed posting in the same step.
    Side effects: audit ``employers.posting.updated`` (and ``.published``); the search text.
    """
    posting = JobPosting.objects.select_for_update().select_related("employer").get(pk=posting.pk)
    values = _values(data)
    changed = sorted(name for name, value in values.items() if getattr(posting, name) != value)
    for name in changed:
        setattr(posting, name, values[name])
    if disciplines is not None and {d.pk for d in disciplines} != set(posting.disciplines.values_list("pk", flat=True)):
        changed.append("disciplines")
    return _save(
        posting,
        disciplines=disciplines,
        publish=publish,
        actor=actor,
        action=EmployerAction.POSTING_UPDATED,
        changed=changed,
    )


@transaction.atomic
def posting_publish(*, posting: JobPosting, actor) -> JobPosting:
    """draft or closed → published. Approved employers only; every field required.
    Side effects: audit ``employers.posting.published``."""
    posting = JobPosting.objects.select_for_update().select_related("employer").get(pk=posting.pk)
    _check_may_publish(posting.employer)
    errors = _publish_errors(posting, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    transition(
        posting,
        move=PostingStatus.moves["published"],
        actor=actor,
        action=EmployerAction.POSTING_PUBLISHED,
        venue=venue_of(posting),
        changes={"published_at": timezone.now()},
    )
    return posting


@transaction.atomic
def posting_close(*, posting: JobPosting, actor) -> JobPosting:
    """draft or published → closed: it leaves every public list at once.
    Side effects: audit ``employers.posting.closed``."""
    posting = JobPosting.objects.select_for_update(of=("self",)).select_related("employer").get(pk=posting.pk)
    transition(
        posting,
        move=PostingStatus.moves["closed"],
        actor=actor,
        action=EmployerAction.POSTING_CLOSED,
        venue=venue_of(posting),
    )
    return posting


@transaction.atomic
def postings_close_expired(*, today: dt.date | None = None, after: int = 0, upto: int | None = None) -> int:
    """Close every published posting whose validity ended before ``today`` (Asia/Shanghai), among the
    ids in ``(after, upto]`` (all by default; the sweep's batches give ranges). The public selectors
    already hide them from that day on; this makes the employer's own list say so. A closed posting
    leaves the filter, so running it twice closes nothing twice.
    Side effects: audit ``employers.posting.expired`` per posting (actor: the system). Returns the count."""
    today = today or timezone.localdate()
    expired = expired_postings(today).filter(pk__gt=after)
    if upto is not None:
        expired = expired.filter(pk__lte=upto)
    expired = list(expired.select_for_update(of=("self",)).select_related("employer").order_by("pk"))
    for posting in expired:
        transition(
            posting,
            move=PostingStatus.moves["expired"],
            actor=None,
            action=EmployerAction.POSTING_EXPIRED,
            venue=venue_of(posting),
            data={"valid_until": posting.valid_until.isoformat()},
        )
    return len(expired)
