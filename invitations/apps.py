from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class InvitationsConfig(AppConfig):
    """An employer invites a graduate among a posting's matches to apply (or to one of its sessions);
    the graduate accepts or declines. It sits above the marketplace (the matches, the contact rule) and
    the fairs (the sessions) and below the staff console."""

    name = "invitations"
    verbose_name = pgettext_lazy("app", "邀约")

    def ready(self):
        from . import contact, enums  # noqa: F401 — registers the audit actions and the contact grant
