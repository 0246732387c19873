import pytest
from django.test import Client

from tests.factories.staff import World, two_provinces


@pytest.fixture
def world(db) -> World:
    return two_provinces()


@pytest.fixture
def as_role(world):
    """as_role("staff_a") → a test client signed in as that role (anonymous: not signed in)."""

    def make(role: str) -> Client:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        return client

    return make
