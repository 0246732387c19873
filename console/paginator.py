"""The admin's paginator at national scale: a count that stops at COUNT_CAP.

Django's changelist counts every matching row for its "N results" line and page links; over a
million graduates that COUNT(*) costs more than the page. Counting at most COUNT_CAP + 1 rows
(``SELECT COUNT(*) FROM (… LIMIT n)``) bounds it; past the cap the list says "1,000+" and offers
the first COUNT_CAP rows' pages — a search or a filter narrows any longer list.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 1_000


def capped_count(queryset) -> int:
    """How many rows, counting at most COUNT_CAP + 1 (more than COUNT_CAP reads as "1000+")."""
    # Without its ORDER BY: which rows fall under the cap does not change how many there are.
    return queryset.order_by()[: COUNT_CAP + 1].count()


class CappedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list)

    @property
    def cap(self) -> int:
        return COUNT_CAP

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


class NationalScaleAdmin:
    """For a ModelAdmin over a table that grows to millions of rows: the capped count, and no second
    count of the whole table (``show_full_result_count``). Order such lists by an indexed key."""

    paginator = CappedCountPaginator
    show_full_result_count = False
