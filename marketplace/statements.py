"""Compiled SQL, reused: a hot read whose query has a fixed shape skips Django's query building.

Building and compiling the job search's queryset took more of a worker's CPU than anything else in
the request (py-spy, holding the GIL: about 45 % — filter() clones, lookups, as_sql()), for a
statement that is the same text every time a search of the same shape runs; only the parameters
differ. A ``Statement`` wraps a function that builds a queryset from named values. The first call of
a shape builds it with *sentinel* values (one of a kind per name and type), compiles it with Django's
own compiler, and notes which parameter each sentinel became; later calls of that shape put their
values in those places and execute the same SQL. Django still writes every statement: this only
remembers it.

A shape whose values do not come out as parameters unchanged (a LIKE wraps its value in %…%, a value
Django adapts to another type, an expression such as a subquery), or whose columns Django converts
after reading, is not reused: it is built by the ORM on every call, as before. Tests compare the
reused SQL and parameters with a fresh compile of the same values (tests/jobs/test_statements.py).
"""

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, router
from django.db.models import QuerySet

_UNREUSABLE = object()


def _sentinel(value: Any, index: int) -> Any:
    """A value of the same type that no real search carries (or None: this type is not reused)."""
    kind = type(value)
    if kind is str:
        return f"\ue000sentinel-{index}\ue000"  # a private-use character
    if kind is int:
        return 2_000_000_000 + index  # within int4 and positive, so Django keeps it a plain parameter
    if kind is dt.datetime and value.tzinfo is not None:
        return dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=index)
    if kind is dt.date:
        return dt.date(1901, 1, 1) + dt.timedelta(days=index)
    return None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[tuple[str | None, Any], ...]  # per parameter: (value name, None) or (None, constant)
    names: tuple[str, ...]  # the values() names of a row
    using: str  # the database alias it was compiled for
    model: Any = None  # a queryset's model: run on the database the router reads it from now

    def params(self, values: dict[str, Any]) -> tuple:
        return tuple(values[name] if name is not None else constant for name, constant in self.slots)


def _name_of(param: Any, by_sentinel: dict) -> str | None:
    try:
        return by_sentinel.get((type(param), param))
    except TypeError:  # an unhashable parameter (a list): a constant of the query
        return None


@dataclass(frozen=True)
class Composed:
    """A statement built from compiled querysets (e.g. one as another's FROM, which the ORM cannot
    write): its SQL, parameters and row names. Iterating runs it; a Statement reuses it like a
    queryset's SQL."""

    sql: str
    params: tuple
    names: tuple[str, ...]
    using: str
    reusable: bool = True  # False: a column Django would convert after reading
    model: Any = None  # the model read: a reused statement runs where the router reads it from now

    def __iter__(self):
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        return iter([dict(zip(self.names, row, strict=True)) for row in rows])


def _compile_composed(composed: Composed, sentinels: dict[str, Any]) -> _Compiled | object:
    if not composed.reusable:
        return _UNREUSABLE
    by_sentinel = {(type(v), v): name for name, v in sentinels.items()}
    names = [_name_of(p, by_sentinel) for p in composed.params]
    slots = tuple((name, None if name is not None else p) for name, p in zip(names, composed.params, strict=True))
    inlined = any(isinstance(v, str) and v in composed.sql for v in sentinels.values())
    if {name for name in names if name is not None} != set(sentinels) or inlined:
        return _UNREUSABLE
    return _Compiled(sql=composed.sql, slots=slots, names=composed.names, using=composed.using, model=composed.model)


def _compile(queryset: QuerySet | Composed, sentinels: dict[str, Any]) -> _Compiled | object:
    if isinstance(queryset, Composed):
        return _compile_composed(queryset, sentinels)
    query = queryset.query
    if query.extra_select or query.annotation_select or not query.values_select:
        return _UNREUSABLE  # rows are read as values() of plain columns only
    compiler = query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _UNREUSABLE  # Django answers this shape without a query
    by_sentinel = {(type(v), v): name for name, v in sentinels.items()}
    names = [_name_of(p, by_sentinel) for p in params]
    slots = tuple((name, None if name is not None else p) for name, p in zip(names, params, strict=True))
    placed = {name for name in names if name is not None}
    inlined = any(isinstance(v, str) and v in sql for v in sentinels.values())
    if placed != set(sentinels) or inlined:
        return _UNREUSABLE
    if compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]]):
        return _UNREUSABLE  # a column Django converts after reading: rows as the driver returns them only
    return _Compiled(sql=sql, slots=slots, names=tuple(query.values_select), using=queryset.db, model=queryset.model)


class Statement:
    """``Statement(build)`` where ``build(shape, values)`` returns a values() queryset; ``rows(shape,
    values)`` returns its rows as dicts. ``shape`` (hashable) must hold everything besides ``values``
    that changes the SQL (sort order, LIMIT); the values' names and types are added to it. So
    ``build`` may look at which values there are, never at what they are: it is run with stand-ins."""

    def __init__(self, build: Callable[[Hashable, dict[str, Any]], QuerySet], *, size: int = 256):
        self.build = build
        self.size = size
        self._compiled: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def compiled(self, shape: Hashable, values: dict[str, Any]) -> _Compiled | None:
        """The reusable statement of this shape (compiled on first use), or None if it is not reusable
        (or reuse is switched off: SEARCH_REUSE_SQL=0 builds every search with the ORM)."""
        if not settings.SEARCH_REUSE_SQL:
            return None
        named = sorted(values.items())
        sentinels = {name: _sentinel(value, index) for index, (name, value) in enumerate(named)}
        if any(s is None for s in sentinels.values()):
            return None
        key = (shape, tuple((name, type(value)) for name, value in named))
        with self._lock:
            found = self._compiled.get(key)
            if found is not None:
                self._compiled.move_to_end(key)
        if found is None:
            try:
                found = _compile(self.build(shape, sentinels), sentinels)
            except (TypeError, ValueError, ValidationError):
                found = _UNREUSABLE  # a field that looks into its value (int("…")): built each time
            with self._lock:
                self._compiled[key] = found
                while len(self._compiled) > self.size:
                    self._compiled.popitem(last=False)
        return None if found is _UNREUSABLE else found

    def rows(self, shape: Hashable, values: dict[str, Any]) -> list[dict[str, Any]]:
        compiled = self.compiled(shape, values)
        if compiled is None:
            return list(self.build(shape, values))
        # The SQL is the same on the primary and on a replica (recruitment_weeks/replicas.py): the one
        # this request reads from now, not the one that happened to compile it.
        using = router.db_for_read(compiled.model) if compiled.model is not None else compiled.using
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, compiled.params(values))
            rows = cursor.fetchall()
        names = compiled.names
        return [dict(zip(names, row, strict=True)) for row in rows]
