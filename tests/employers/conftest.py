"""Fixtures of the employers area's tests."""

import pytest

from tests.factories import MembershipFactory


@pytest.fixture
def reviewer_of():
    """reviewer_of(venue) → a staff user with a membership on ``venue``."""

    def make(venue, **user):
        return MembershipFactory(venue=venue, user__is_staff=True, **{f"user__{k}": v for k, v in user.items()}).user

    return make
