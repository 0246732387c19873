"""Keyset ("cursor") pagination for every API list that can grow large.

DRF's own CursorPagination keeps only the first ordering field in the cursor and breaks ties with an
OFFSET that it caps at 1000: rows sharing a timestamp (a bulk import, a seeded week) cost an ever
larger OFFSET and, past the cap, pages repeat. Here the cursor holds the value of *every* ordering
field, the last of which is the primary key, so the next page is exactly the rows after that tuple:

    WHERE a <= x AND (a < x OR (a = x AND id < y)) ORDER BY a DESC, id DESC LIMIT 21

The leading ``a <= x`` is what lets PostgreSQL start an index scan at the cursor. There is no
COUNT(*): a page knows only whether a row follows it (it fetches one row more than it shows).

The ordering is the queryset's own ``order_by`` (the selector is the one place that says in what
order a list comes), and must end with the primary key; a nullable field is refused, because NULLs
have no place in a keyset comparison.

A cursor on the wire is JSON in URL-safe base64 without padding (encode_token / decode_token); the
job search (marketplace.search) carries its own payload in the same envelope.
"""

import json
from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import reduce
from operator import or_

from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param


class InvalidCursor(ValueError):
    """A cursor we did not issue (or not for this list)."""


def encode_token(payload) -> str:
    """``payload`` (plain JSON values) as a cursor: compact JSON in URL-safe base64, unpadded."""
    return urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")


def _plain(value) -> bool:
    """No NUL and no lone surrogate in any string: neither can reach a database query as text."""
    if isinstance(value, str):
        try:
            value.encode()
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    return True


def utc_representable(value: datetime) -> datetime:
    """``value`` in UTC; raises OverflowError for an aware timestamp that exists only in its own offset
    (year 1 east of UTC, year 9999 west of it): the database adapters convert to UTC, so a cursor
    holding one would fail in the query (a 500 on SQLite) instead of being refused."""
    return value.astimezone(UTC)


def decode_token(token: str):
    """The payload of a cursor made by encode_token(); raises InvalidCursor for anything else
    (not base64, not JSON, a NUL or a lone surrogate anywhere in it)."""
    try:
        payload = json.loads(urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        plain = _plain(payload)
    except (ValueError, TypeError, RecursionError) as exc:  # binascii.Error and UnicodeDecodeError too
        raise InvalidCursor(token) from exc
    if not plain:
        raise InvalidCursor(token)
    return payload


class KeysetCursorPagination(pagination.CursorPagination):
    """``{"next": url|null, "previous": url|null, "results": [...]}``; ``?cursor=`` from those links,
    ``?page_size=`` (1–100, default 20)."""

    page_size = api_settings.PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = None  # the queryset's
    cursor_query_description = _("下一页或上一页链接中的分页参数")
    page_size_query_description = _("每页条数，默认 20，最多 100")
    invalid_cursor_message = _("分页参数无效，请从第一页开始。")

    page_size_message = _("每页条数须为 1 到 100 之间的整数。")

    def get_page_size(self, request) -> int:
        """The default when not given (or empty); otherwise 1–100, and anything else is a 400 on
        ``page_size`` (the schema says so, and a silent substitute would hide the client's mistake)."""
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [self.page_size_message]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.fields = self._ordering_fields(queryset)
        self.reverse, position = self.decode_cursor(request)

        # Walking back (a "previous" link) reads the reversed order and turns the page round after.
        queryset = queryset.order_by(
            *(("-" if descending != self.reverse else "") + field.attname for field, descending in self.fields)
        )
        if position is not None:
            queryset = queryset.filter(self._after(position))

        rows = list(queryset[: self.page_size + 1])
        has_more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if self.reverse:
            self.page.reverse()
            self.has_next, self.has_previous = True, has_more
        else:
            self.has_next, self.has_previous = has_more, position is not None
        self.display_page_controls = self.has_next or self.has_previous
        return self.page

    # --- The ordering and the comparison --------------------------------------------------------------

    def _ordering_fields(self, queryset: QuerySet) -> list[tuple[models.Field, bool]]:
        """[(field, descending), …] from the queryset's order_by, checked once per request."""
        order_by = queryset.query.order_by
        meta = queryset.model._meta
        if not order_by or not all(isinstance(term, str) and "__" not in term for term in order_by):
            raise ImproperlyConfigured(f"{meta.label}: cursor pagination needs order_by() on plain fields.")
        fields = []
        for term in order_by:
            name = term.lstrip("-")
            field = meta.pk if name == "pk" else meta.get_field(name)
            if field.null:
                raise ImproperlyConfigured(f"{meta.label}.{name} is nullable: it cannot be a keyset ordering.")
            fields.append((field, term.startswith("-")))
        if not fields[-1][0].primary_key:
            raise ImproperlyConfigured(f"{meta.label}: the ordering must end with the primary key (unique).")
        return fields

    def _after(self, position: list) -> Q:
        """The rows that come after ``position`` in the direction of travel (a lexicographic
        comparison of the ordering tuple), led by a range on the first field for the index."""

        def beyond(descending: bool) -> str:
            return "lt" if descending != self.reverse else "gt"

        terms = []
        for i, (field, descending) in enumerate(self.fields):
            equal = {f.attname: v for (f, _d), v in zip(self.fields[:i], position[:i], strict=True)}
            terms.append(Q(**equal, **{f"{field.attname}__{beyond(descending)}": position[i]}))
        first, descending = self.fields[0]
        return Q(**{f"{first.attname}__{beyond(descending)}e": position[0]}) & reduce(or_, terms)

    # --- Cursors ---------------------------------------------------------------------------------------

    def decode_cursor(self, request) -> tuple[bool, list | None]:
        """(reverse, position) from ``?cursor=``; anything not made by encode_cursor is a 400."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return False, None
        try:
            token = decode_token(encoded)
            reverse, raw = token["r"], token["p"]
            if reverse not in (0, 1) or not isinstance(raw, list) or len(raw) != len(self.fields):
                raise ValueError
            position = [self._parse(field, value) for (field, _d), value in zip(self.fields, raw, strict=True)]
        except (ValueError, TypeError, KeyError, OverflowError, DjangoValidationError):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]}) from None
        return bool(reverse), position

    @staticmethod
    def _parse(field: models.Field, value):
        if not isinstance(value, str):
            raise ValueError
        parsed = field.to_python(value)
        field.run_validators(parsed)  # e.g. an id beyond the column's range
        if isinstance(parsed, datetime):
            if timezone.is_naive(parsed):
                raise ValueError
            utc_representable(parsed)
        return parsed

    def encode_cursor(self, *, reverse: bool, instance) -> str:
        raw = [field.value_to_string(instance) for field, _d in self.fields]
        return replace_query_param(self.base_url, self.cursor_query_param, encode_token({"r": int(reverse), "p": raw}))

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if not self.page:  # walked back past the start: the first page begins where we were
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.encode_cursor(reverse=False, instance=self.page[-1])

    def get_previous_link(self) -> str | None:
        if not self.has_previous or not self.page:
            return None
        return self.encode_cursor(reverse=True, instance=self.page[0])

    # --- Body and schema -------------------------------------------------------------------------------

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters

    def get_paginated_response_schema(self, schema: dict) -> dict:
        body = super().get_paginated_response_schema(schema)
        body["required"] = ["next", "previous", "results"]
        return body


# --- The same pages in HTML lists ---------------------------------------------------------------------


class InvalidPage(ValueError):
    """A ``cursor`` or ``page_size`` in an HTML list's link that is not one of ours."""


@dataclass
class KeysetPage:
    rows: list
    next_url: str | None
    previous_url: str | None


def keyset_page(request, queryset: QuerySet, *, page_size: int = 20) -> KeysetPage:
    """One page of an HTML list, by the API lists' rules (the queryset's order, ending with the
    primary key; ``?cursor=``, ``?page_size=`` 1–100). Raises InvalidPage for a bad link: the view
    then starts again from the first page and says so."""
    paginator = KeysetCursorPagination()
    paginator.page_size = page_size
    try:
        rows = paginator.paginate_queryset(queryset, Request(request))
    except ValidationError as exc:
        raise InvalidPage(str(exc)) from exc
    return KeysetPage(rows=rows, next_url=paginator.get_next_link(), previous_url=paginator.get_previous_link())
