"""Two guards around the database.

StatementTimeoutMiddleware: on PostgreSQL every request runs under a statement_timeout of its kind
(DB_STATEMENT_TIMEOUT_MS: public pages and API, staff), so no query a visitor can shape holds a
worker and a connection for long; a query over the limit is cancelled by the server and answered
with a clear message (the page, or the API's error format with code ``query_timeout``), never a 500.
Celery tasks and commands run without a limit (they never pass through here).

DatabaseUnavailableMiddleware: a database that is briefly unreachable (a restart, a failover, crash
recovery) answers 503 with Retry-After instead of Django's 500 page: the client may simply retry, and
the next request reconnects by itself (CONN_HEALTH_CHECKS). Lock and serialization failures are
OperationalErrors too, and are just as temporary."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .api_errors import json_error

logger = logging.getLogger("django.request")
RETRY_AFTER_SECONDS = 5


QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement cancelled (statement_timeout)
STAFF_PREFIXES = ("/admin/", "/api/v1/staff/")


def request_kind(request) -> str:
    """ "staff" for the admin and the staff API (national tables, downloads), "public" for the rest."""
    return "staff" if request.path.startswith(STAFF_PREFIXES) else "public"


class QueryTimedOut(OperationalError):
    """A request answered as if its own query had been cancelled by statement_timeout: it waited for
    another request's search of the same page, and that search was cancelled."""


def is_query_timeout(exception: BaseException) -> bool:
    return isinstance(exception, QueryTimedOut) or getattr(exception.__cause__, "pgcode", None) == QUERY_CANCELED


class StatementTimeoutMiddleware:
    """Sets the request kind's statement_timeout on the connection before the request's first query,
    and only when it differs from what the connection (a persistent one: CONN_MAX_AGE) already has:
    most requests cost no extra query, and one that reads no database (/healthz) opens none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        limit = int(settings.DB_STATEMENT_TIMEOUT_MS[request_kind(request)])

        def with_limit(execute, sql, params, many, context):
            raw = context["connection"].connection
            if getattr(connection, "_statement_timeout", None) != (id(raw), limit):
                with raw.cursor() as cursor:  # the driver's own cursor: not through this wrapper again
                    cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{limit}ms"])
                connection._statement_timeout = (id(raw), limit)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(with_limit):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, OperationalError) and is_query_timeout(exception)):
            return None
        logger.warning("statement timeout: %s %s", request.method, request.get_full_path())
        message = _("查询耗时过长，已停止。请增加筛选条件（如省份、城市、学历）或换用更具体的关键词后重试。")
        if request.path.startswith("/api/"):
            return json_error(503, "query_timeout", message)
        return render(request, "query_timeout.html", {"message": message}, status=503)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s %s", request.method, request.path, exc_info=exception)
        message = _("服务暂时不可用，请稍后重试")
        if request.path.startswith("/api/"):
            response = json_error(503, "service_unavailable", message)
        else:
            response = HttpResponse(message, content_type="text/plain; charset=utf-8", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
