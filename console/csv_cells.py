"""CSV values that a spreadsheet opens as data, never as a formula (OWASP's CSV injection advice)."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make Excel, LibreOffice or WPS read an imported value as a formula."""


def csv_cell(value):
    """``value`` for a CSV cell: ``None`` as empty, numbers as they are, and text that starts like a
    formula prefixed with ``'`` so the spreadsheet shows it as text (the csv writer does the quoting)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_row(values) -> list:
    return [csv_cell(value) for value in values]
