"""Test fixtures live in tocsin.testing so that every test folder shares the cast.

The suite runs twice, on SQLite then on PostgreSQL. Tests that never touch the database
(models, parsers, detectors) say nothing new the second time: with
``TOCSIN_TESTS_DATABASE_ONLY=1`` (set by ``make test-postgres``) only tests that use the
database are collected.
"""

from __future__ import annotations

import os

import pytest

pytest_plugins = ["tocsin.testing"]

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_setup",
    "cast",
    "live_server",
    "admin_client",
}


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") is not None:
        return True
    return bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("TOCSIN_TESTS_DATABASE_ONLY") != "1":
        return
    keep = [item for item in items if _uses_database(item)]
    dropped = [item for item in items if not _uses_database(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
