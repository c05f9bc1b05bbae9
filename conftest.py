from __future__ import annotations

import pytest
from django.test import Client

from tests.cast import Cast, build_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def client_for(cast: Cast):
    """A signed-in test client for a role in the cast: client_for('sendco')."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(cast[role])
        return client

    return make
