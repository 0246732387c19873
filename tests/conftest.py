"""Cross-app fixtures only."""

import pytest
from django.core import mail


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    # Tests read mail.outbox; the real SMTP server is the one outside boundary we do not reach.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the on_commit callbacks of the block, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
