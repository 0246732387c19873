"""A database that is briefly unreachable (a restart, a failover, crash recovery) answers 503 with
Retry-After instead of Django's 500 page: the client may simply retry, and the next request reconnects
by itself (CONN_HEALTH_CHECKS). Lock and serialization failures are OperationalErrors too, and are
just as temporary."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .api_errors import json_error

logger = logging.getLogger("django.request")
RETRY_AFTER_SECONDS = 5


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
