"""Saved postings (收藏) and saved searches. Saving twice — a double click, two tabs — keeps one row."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from employers.models import JobPosting
from employers.selectors import posting_is_public
from graduates.models import Graduate, SavedPosting, SavedSearch
from marketplace.search_params import clean_search_params, search_key, search_name

MAX_SAVED_SEARCHES = 20


@transaction.atomic
def saved_posting_add(*, graduate: Graduate, posting: JobPosting) -> SavedPosting:
    """Save a public posting; saving it again returns the same row. Side effects: one SavedPosting."""
    if not posting_is_public(posting):
        raise ValidationError(_("该职位已关闭或不存在。"), code="posting_not_public")
    try:
        with transaction.atomic():
            return SavedPosting.objects.create(graduate=graduate, posting=posting)
    except IntegrityError:
        return SavedPosting.objects.get(graduate=graduate, posting=posting)


@transaction.atomic
def saved_posting_remove(*, graduate: Graduate, posting_id: int) -> bool:
    """Forget a saved posting (only the graduate's own). Returns whether one was removed."""
    deleted, _counts = SavedPosting.objects.filter(graduate=graduate, posting_id=posting_id).delete()
    return bool(deleted)


@transaction.atomic
def saved_search_save(*, graduate: Graduate, params: dict[str, Any], name: str = "") -> SavedSearch:
    """Save a job search (keyword and filters, validated like the search page's). The same search
    saved again returns the existing row. At most 20 per graduate.

    The cap holds under concurrency: the graduate's row is locked before counting, so two requests
    saving at once count one after the other (on PostgreSQL; SQLite serialises writers anyway).

    Side effects: one SavedSearch (the deadlines' daily alerts read these).
    """
    params = clean_search_params(params)
    params.pop("sort", None)  # the order of a list is not part of what is searched for
    if not params:
        raise ValidationError({"q": _("请先输入关键词或选择筛选条件，再保存搜索。")}, code="empty_search")
    key = search_key(params)
    # Lock the owner before counting: without it, 30 simultaneous saves each counted 19 and all inserted.
    Graduate.objects.select_for_update().only("pk").get(pk=graduate.pk)
    existing = SavedSearch.objects.filter(graduate=graduate, key=key).first()
    if existing is not None:
        return existing
    if SavedSearch.objects.filter(graduate=graduate).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError(
            _("最多保存%(max)d个搜索，请先删除不再需要的。") % {"max": MAX_SAVED_SEARCHES}, code="too_many"
        )
    name = (name or "").strip()[:100] or search_name(params)
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(graduate=graduate, key=key, params=params, name=name)
    except IntegrityError:
        return SavedSearch.objects.get(graduate=graduate, key=key)


@transaction.atomic
def saved_search_delete(*, graduate: Graduate, saved_search_id: int) -> bool:
    """Delete one of the graduate's saved searches (never another's). Returns whether one was deleted."""
    deleted, _counts = SavedSearch.objects.filter(graduate=graduate, pk=saved_search_id).delete()
    return bool(deleted)
