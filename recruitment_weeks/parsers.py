"""The API's JSON parser: DRF's, with a limit on nesting and no text that cannot be stored.

Python's decoder recurses once per level of nesting, so ``[[[[…]]]]`` 100,000 levels deep raised
RecursionError: a 500. This parser refuses, as a 400 in the API's error format, nesting deeper than
:data:`MAX_DEPTH` (checked before decoding), and any string — a value or a key, at any depth —
holding a NUL or a lone surrogate, which could not be stored and read back. The size is limited
before parsing: DRF reads a JSON body through ``request.body``, which refuses one larger than
``DATA_UPLOAD_MAX_MEMORY_SIZE`` (a 400 ``bad_request``).
"""

import re

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils import json

from recruitment_weeks.reference.validators import UNREADABLE_MESSAGE, has_unreadable_characters

MAX_DEPTH = 32
"""Arrays and objects inside each other: the deepest request body of the API has 3 levels."""

_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)  # strings (skipped) and brackets


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit`` (brackets in strings ignored)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


class PortalJSONParser(JSONParser):
    max_depth = MAX_DEPTH

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read()
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        if nesting_depth_exceeds(text, self.max_depth):
            raise exceptions.ParseError(f"JSON nested deeper than {self.max_depth} levels")
        try:
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        _refuse_unreadable(data)
        return data


def _refuse_unreadable(data) -> None:
    """A field error naming the top-level field that holds the bad text; a request-wide one otherwise."""
    if not has_unreadable_characters(data):
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if not has_unreadable_characters(key) and has_unreadable_characters(value):
                raise exceptions.ValidationError({key: [UNREADABLE_MESSAGE]})
    raise exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [UNREADABLE_MESSAGE]})
