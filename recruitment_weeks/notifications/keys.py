"""The dedupe keys of notifications that more than one place builds or looks for: the writer and the
readers of a key family call the same function here, so they cannot drift apart.

A key makes a notification exist once (Notification.dedupe_key is unique).
"""

from django.db.models import CharField, Expression, Value
from django.db.models.functions import Cast, Concat


def audit_notice_key(entry_id: int, user_id: int) -> str:
    """The notice to ``user_id`` about the audit entry ``entry_id`` (a decision, an application's
    move): the writers' key, and what the graduate's erasure looks for to scrub those notices."""
    return f"audit:{entry_id}:user:{user_id}"


def _week_digest_prefix(week_id: int) -> str:
    return f"week-digest:{week_id}:graduate:"


def week_digest_key(week_id: int, graduate_id: int) -> str:
    """The one week digest a graduate gets for a week."""
    return f"{_week_digest_prefix(week_id)}{graduate_id}"


def week_digest_key_expression(week_id: int, graduate_id: Expression) -> Concat:
    """week_digest_key() in SQL, for a graduate id given as an expression (e.g. OuterRef("pk")): to
    find, in the same query, the graduates who already have theirs."""
    return Concat(Value(_week_digest_prefix(week_id)), Cast(graduate_id, CharField()))
