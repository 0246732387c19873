"""Fixtures of the employers area's tests."""

import pytest

from tests.factories import MembershipFactory


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Uploaded licences go to a fresh private directory per test (never under var/)."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": root}},
    }
    return root


@pytest.fixture
def reviewer_of():
    """reviewer_of(venue) → a staff user with a membership on ``venue``."""

    def make(venue, **user):
        return MembershipFactory(venue=venue, user__is_staff=True, **{f"user__{k}": v for k, v in user.items()}).user

    return make
