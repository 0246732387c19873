"""A service refuses with Django's ValidationError; this is how that refusal reaches a person.

Services name the field of each problem (``{"title": ["…"]}``) or none (a refusal of the whole
request). A page puts the messages next to its fields (:func:`add_to_form`); the API returns them in
its error format (the exception handler calls :func:`field_messages`). A refusal about *who* asks
rather than *what* was sent carries one of :data:`PERMISSION_CODES` and becomes a 403.
"""

from django.core.exceptions import ValidationError
from django.forms import Form

NON_FIELD_KEY = "non_field_errors"

# An employer whose registration is not approved may not publish or join a fair: a 403 in the API, a
# "forbidden" page on the site, not a form error.
PERMISSION_CODES = frozenset({"employer_not_approved"})


def is_permission_refusal(exc: ValidationError) -> bool:
    return getattr(exc, "code", None) in PERMISSION_CODES


def field_messages(exc: ValidationError) -> dict[str, list[str]]:
    """{"field": ["message", …], "non_field_errors": [...]}: what the API returns with its 400."""
    if not hasattr(exc, "error_dict"):
        return {NON_FIELD_KEY: list(exc.messages)}
    return {(NON_FIELD_KEY if name == "__all__" else name): list(errors) for name, errors in exc.message_dict.items()}


def add_to_form(form: Form, exc: ValidationError, field_names: dict[str, str] | None = None) -> None:
    """Put the messages next to the form fields they name (a service key renamed by ``field_names``
    where the form calls it otherwise); anything else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        target = (field_names or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)
