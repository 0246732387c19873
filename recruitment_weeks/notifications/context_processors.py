from functools import cache, partial

from .selectors import unread_count


def inbox(request) -> dict:
    """The unread count for the page header: one COUNT for signed-in users, none for others — and
    only when a template shows it (the portal's header does, the admin's pages do not). The template
    engine calls the callable at each use; it counts once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": cache(partial(unread_count, user=user))}
