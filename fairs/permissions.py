"""Who reviews what in the fairs (named predicates shared by the admin, the staff API and the pages).

A 专场 is reviewed by the staff of its organiser venue and, for a jointly organised one, of each
partner venue: any of them may review the employers' applications to join it and approve the
sessions held in it. A session outside a 专场 is reviewed by the staff of its ``venue`` alone (the
venue of the employer's approved fair registration). Every scope is venues.permissions.staff_scope:
main-venue staff reach their system's branch venues, superusers everything.
"""

from django.db.models import Q

from venues.permissions import StaffScope, staff_scope

from .models import Session, SpecialFair, SpecialFairParticipation


def special_fair_reviewers_q(scope: StaffScope, path: str = "") -> Q:
    """A filter for rows whose 专场 (reached by ``path``; "" for a 专场 itself) the scope reviews: its
    organiser venue or one of its partner venues is in the scope. The partners are a subquery, so a
    row appears once however many partners it has."""
    if scope.everything:
        return Q()
    prefix = f"{path}__" if path else ""
    venue_ids = sorted(scope.venue_ids)
    partnered = SpecialFair.objects.filter(partner_venues__in=venue_ids).values("pk")
    return Q(**{f"{prefix}venue__in": venue_ids}) | Q(**{f"{path or 'pk'}__in": partnered})


def session_reviewers_q(scope: StaffScope) -> Q:
    """Sessions the scope reviews: those of its venues, and those of a 专场 it organises or co-organises."""
    if scope.everything:
        return Q()
    return scope.q("venue") | special_fair_reviewers_q(scope, "special_fair")


def _organisers(special_fair: SpecialFair) -> set[int]:
    """The organiser and partner venues' ids (one query unless the partners are prefetched)."""
    return {special_fair.venue_id, *(venue.pk for venue in special_fair.partner_venues.all())}


def can_review_special_fair(user, special_fair: SpecialFair) -> bool:
    scope = staff_scope(user)
    return scope.everything or any(scope.allows(venue_id) for venue_id in _organisers(special_fair))


def can_review_participation(user, participation: SpecialFairParticipation) -> bool:
    """Staff of the 专场's organiser or partner venues review an employer's application to join it."""
    return can_review_special_fair(user, participation.special_fair)


def can_review_session(user, session: Session) -> bool:
    """Staff of the session's venue, or of a venue organising its 专场 together with it."""
    scope = staff_scope(user)
    if scope.allows(session.venue_id):
        return True
    return session.special_fair_id is not None and can_review_special_fair(user, session.special_fair)
