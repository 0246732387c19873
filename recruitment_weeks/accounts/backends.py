from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalBackend(ModelBackend):
    """ModelBackend that loads a signed-in user's employer and graduate profiles with the user: every
    page asks which role the user has (header, permissions), so that costs no extra query."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("employer", "graduate").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
