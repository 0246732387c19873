"""One error format for everything under /api/, in the request's language:

    {"status": 400, "code": "invalid", "message": "<one line>", "fields": {"email": ["…"], "items.0.name": ["…"]}}

``fields`` is always there: field-level messages keyed by the field's dotted path (nested serializers and
lists flattened: ``items.0.name``), messages about the request as a whole under ``non_field_errors``;
``{}`` for every error that is not about fields. ``code`` is stable for programs (``invalid``,
``not_authenticated``, ``permission_denied``, ``not_found``, ``throttled``, …), ``message`` is for
people. DRF's exceptions come through ``exception_handler`` (REST_FRAMEWORK["EXCEPTION_HANDLER"]);
Django's own 400/403/404/500 under /api/ (an unknown URL, an unhandled exception) through the
``handler*`` views that recruitment_weeks/urls.py installs; the rest of the site keeps its HTML pages.
``PortalAutoSchema`` documents the format (the ``Error`` component) on every operation.
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import defaults
from drf_spectacular.openapi import AutoSchema
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .service_errors import field_messages, is_permission_refusal

NON_FIELD_KEY = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"
INVALID_MESSAGE = _("提交的数据有误，请按各字段的提示修改。")
SERVER_ERROR_MESSAGE = _("服务器内部错误，请稍后再试。")
# DRF's parse errors carry the parser's own words in English ("JSON parse error - Expecting …").
PARSE_ERROR_MESSAGE = _("无法解析请求体，请检查其格式。")
BAD_REQUEST_MESSAGE = _("请求无效。")  # Django's own 400: a request too large, a disallowed host


def error_body(*, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"status": status, "code": code, "message": str(message), "fields": fields or {}}


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"dotted.path": [messages]}; bare messages belong to ``prefix``
    (or, at the top, to non_field_errors)."""
    fields: dict[str, list[str]] = {}

    def add(path: str, message: str) -> None:
        fields.setdefault(path or NON_FIELD_KEY, []).append(str(message))

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                # A nested serializer's own non-field errors stay under its path (items.0.non_field_errors);
                # Django's "__all__" (a service's message_dict passed on as it is) is the same thing.
                key = NON_FIELD_KEY if key == NON_FIELD_ERRORS else key
                walk(value, f"{path}.{key}" if path else str(key))
        elif isinstance(node, list | tuple):
            if any(isinstance(item, dict | list | tuple) for item in node):
                # A list of child errors (many=True): one entry per item, {} for the valid ones.
                for index, item in enumerate(node):
                    if isinstance(item, dict | list | tuple):
                        walk(item, f"{path}.{index}" if path else str(index))
                    else:
                        add(path, item)
            else:
                for item in node:
                    add(path, item)
        else:
            add(path, node)

    walk(detail, prefix)
    return fields


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is None:
            return str(_("请求过于频繁，请稍后再试。"))
        wait = int(exc.wait)
        return ngettext("请求过于频繁，请 %(wait)d 秒后再试。", "请求过于频繁，请 %(wait)d 秒后再试。", wait) % {
            "wait": wait
        }
    if isinstance(exc, exceptions.ParseError):
        return str(PARSE_ERROR_MESSAGE)
    if isinstance(exc.detail, str):
        return str(exc.detail)
    return str(INVALID_MESSAGE)


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def exception_handler(exc: Exception, context: dict) -> HttpResponse | None:
    """DRF's handler (headers such as Retry-After and WWW-Authenticate, the rollback of an atomic
    request), with the body in the one format. Anything else is left to Django: handler500 below."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        # A service's refusal: the one place it becomes an API error (403 or 400 with its fields).
        if is_permission_refusal(exc):
            exc = exceptions.PermissionDenied(exc.messages[0])
        else:
            exc = exceptions.ValidationError(field_messages(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, list[str]] = {}
    message = _message(exc)
    if isinstance(exc, exceptions.ValidationError) or not isinstance(exc.detail, str):
        fields = flatten(exc.detail)
        # The one-line summary: the request-wide message if there is one, else "see the fields".
        message = fields[NON_FIELD_KEY][0] if NON_FIELD_KEY in fields else str(INVALID_MESSAGE)
    response.data = error_body(status=response.status_code, code=_code(exc), message=message, fields=fields)
    return response


# --- Django's error views: JSON under /api/, the HTML pages elsewhere --------------------------------------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str) -> JsonResponse:
    """An error in the one format from outside DRF (Django's error views, middleware)."""
    return JsonResponse(
        error_body(status=status, code=code, message=message),
        status=status,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},  # as DRF's renderer writes it
    )


def bad_request(request, exception, template_name="400.html"):
    if _is_api(request):
        return json_error(400, "bad_request", BAD_REQUEST_MESSAGE)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name="403.html"):
    if _is_api(request):
        return json_error(403, "permission_denied", exceptions.PermissionDenied.default_detail)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name="404.html"):
    if _is_api(request):
        return json_error(404, "not_found", exceptions.NotFound.default_detail)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name="500.html"):
    # Django has logged the exception (django.request) before it calls this view.
    if _is_api(request):
        return json_error(500, "server_error", SERVER_ERROR_MESSAGE)
    return defaults.server_error(request, template_name)


# --- The schema ----------------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """Every error under /api/ (the schema's ``Error`` component)."""

    status = serializers.IntegerField(help_text=_("HTTP 状态码"))
    code = serializers.CharField(help_text=_("供程序判断的错误代码，如 invalid、not_found、throttled"))
    message = serializers.CharField(help_text=_("一行说明，使用请求的语言"))
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("按字段（点分路径，如 items.0.name）列出的错误；non_field_errors 为整体错误；无则为 {}"),
    )

    class Meta:
        ref_name = "Error"


ERROR_DESCRIPTIONS = {
    "400": _("请求有误（字段错误见 fields）"),
    "403": _("未登录、凭据无效或无权访问"),
    "404": _("对象不存在或不可见"),
    "406": _("无法提供 Accept 要求的格式"),
    "415": _("不支持的请求体格式"),
    "429": _("请求过于频繁（见 Retry-After）"),
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, adding the error responses an operation can give (in the one
    ``Error`` format) beside the ones the view declares. Every operation can be refused (403: a bad
    token, a missing CSRF token, a role), throttled (429) or asked for a format it lacks (406); 400
    where it takes input, 415 where it takes a body, 404 where a path names an object or a page.
    (Session authentication comes first, so "not signed in" is a 403; the one 401 is an expired API
    token, ``token_expired``, described in the README rather than on every operation.) Optional query
    parameters are marked ``allowEmptyValue``."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        # An empty optional query parameter (?degree=, ?page=) means "not given", as in the pages'
        # forms: say so, or a client (and schemathesis) must believe "" is refused.
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return operation

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        has_body = self.method in ("POST", "PUT", "PATCH")
        takes_query = bool(
            self._get_filter_parameters()
            or self._get_pagination_parameters()
            or any(getattr(p, "location", "query") == "query" for p in self.get_override_parameters())
        )
        codes = ["403", "406", "429"]
        if has_body or takes_query:
            codes.append("400")
        if has_body:
            codes.append("415")
        if "{" in self.path or self._get_pagination_parameters():
            codes.append("404")
        for code in sorted(codes):
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = str(ERROR_DESCRIPTIONS[code])
        return responses
