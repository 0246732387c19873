"""The audit actions, enumerated per app.

Each app that writes the audit log declares its actions as a ``models.TextChoices`` next to its other
enums and decorates it with :func:`register_actions`; :func:`audit_log` takes only such members, so
grepping an action's enum member finds every place that writes it. The registry lets the admin show
any entry's action by its label while the audit app (at the bottom of the layers) imports none of
the apps above it. An app whose enums module is not imported by its models imports it in its
``AppConfig.ready()``, so every action is registered once the apps are loaded.
"""

from django.db import models

_REGISTRY: dict[str, models.TextChoices] = {}


def register_actions[E: type[models.TextChoices]](enum: E) -> E:
    """Class decorator: make ``enum``'s members known to :func:`action_label` and :func:`action_choices`.
    A value may belong to one enum only (two apps cannot both claim an action)."""
    for member in enum:
        owner = _REGISTRY.get(member.value)
        if owner is not None and type(owner).__qualname__ != enum.__qualname__:
            raise ValueError(f"audit action {member.value!r} is already declared by {type(owner).__qualname__}")
        _REGISTRY[member.value] = member
    return enum


def action_label(value: str) -> str:
    """The action's label (translated); an action no enum declares shows as it is stored."""
    member = _REGISTRY.get(value)
    return str(member.label) if member is not None else value


def action_choices() -> list[tuple[str, str]]:
    """(value, label) of every registered action, by value (so one object's actions stay together)."""
    return [(value, str(member.label)) for value, member in sorted(_REGISTRY.items())]
