"""Fixtures shared by the security suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def application() -> Iterator[WSGIHandler]:
    """Django's WSGI application, called in this process, keeping the test's database
    connection between calls as Django's test client does (closing it would lose the
    in-memory SQLite database, or the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
