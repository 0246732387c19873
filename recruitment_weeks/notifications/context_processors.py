from .selectors import unread_count


def inbox(request) -> dict:
    """The unread count for the page header: one COUNT for signed-in users, none for others."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": unread_count(user=user)}
