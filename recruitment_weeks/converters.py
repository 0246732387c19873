"""Path converters. ``id``: a database id of at most 18 digits, so a longer number matches no route
(404) instead of reaching a query the driver cannot hold (SQLite raises OverflowError past 2**63)."""

from django.urls import register_converter
from django.urls.converters import IntConverter


class IdConverter(IntConverter):
    regex = "[0-9]{1,18}"


register_converter(IdConverter, "id")
