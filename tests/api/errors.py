"""The API's error bodies (recruitment_weeks/api_errors.py), spelled out for the tests' exact asserts."""

INVALID = "提交的数据有误，请按各字段的提示修改。"
INVALID_EN = "The submitted data is invalid; see the message for each field."


def error(status: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"status": status, "code": code, "message": message, "fields": fields or {}}


def invalid(fields: dict, message: str = INVALID) -> dict:
    """A 400 with field-level messages."""
    return error(400, "invalid", message, fields)


def non_field(message: str) -> dict:
    """A 400 about the request as a whole: the message is also the summary."""
    return error(400, "invalid", message, {"non_field_errors": [message]})


def forbidden(message: str, code: str = "permission_denied") -> dict:
    return error(403, code, message)
