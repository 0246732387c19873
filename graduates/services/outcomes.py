"""毕业去向: the graduate records where they went (the page and the API call this)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from recruitment_weeks.audit.services import audit_log
from recruitment_weeks.reference.validators import has_unreadable_characters
from venues.permissions import venue_of

from ..enums import GraduateAction, Outcome
from ..models import Graduate

# Where naming the organisation or school makes sense (an employer, a university abroad, …).
NAMES_ORGANISATION = ("signed", "flexible", "self_employed", "further_study", "abroad")


@transaction.atomic
def graduate_record_outcome(*, graduate: Graduate, actor, outcome: str, organisation: str = "") -> Graduate:
    """Record (or change) the graduate's 毕业去向 and, where it names one, the employer or school.
    Side effects: audit entry ``graduates.graduate.outcome_recorded`` when something changed."""
    organisation = (organisation or "").strip()
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("请选择毕业去向。")
    if len(organisation) > 100:
        errors["organisation"] = _("单位或学校名称不能超过100个字。")
    elif has_unreadable_characters(organisation):
        errors["organisation"] = _("不能包含空字符（NUL）或无法编码的字符（不成对的代理项）。")
    if errors:
        raise ValidationError(errors)
    if outcome not in NAMES_ORGANISATION:
        organisation = ""
    graduate = Graduate.objects.select_for_update(of=("self",)).get(pk=graduate.pk)
    if (graduate.outcome, graduate.outcome_organisation) == (outcome, organisation):
        return graduate
    previous = graduate.outcome
    graduate.outcome, graduate.outcome_organisation = outcome, organisation
    graduate.outcome_recorded_at = timezone.now()
    graduate.save(update_fields=["outcome", "outcome_organisation", "outcome_recorded_at", "updated_at"])
    audit_log(
        actor=actor,
        action=GraduateAction.OUTCOME_RECORDED,
        target=graduate,
        venue=venue_of(graduate),
        data={"from": previous, "to": outcome},
    )
    return graduate
