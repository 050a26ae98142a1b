"""Who may use the sources pages and API (walked by tests/test_isolation.py)."""

from __future__ import annotations

from tocsin.sources.models import Source
from tocsin.testing import Cast

ALL = {"admin", "partner", "communicator", "viewer"}
EDITORS = {"admin", "partner", "communicator"}
ADMIN = {"admin"}

PAGES = {
    "source_import": ("GET", ADMIN),
    "source_import_mapping": ("GET", ADMIN),
    "source_import_done": ("GET", ADMIN),
    "sources": ("GET", ALL),
    "source": ("GET", ALL),
    "source_add": ("POST", ADMIN),
    "source_edit": ("POST", ADMIN),
    "source_toggle": ("POST", ADMIN),
    "source_collect": ("POST", EDITORS),
    "source_secret": ("POST", ADMIN),
    "source_delete": ("POST", ADMIN),
}
API = {
    ("GET", "/api/v1/sources"): ALL,
    ("POST", "/api/v1/sources"): ADMIN,
    ("GET", "/api/v1/sources/{source_id}"): ALL,
    ("GET", "/api/v1/sources/{source_id}/health"): ALL,
    ("PATCH", "/api/v1/sources/{source_id}"): ADMIN,
    ("DELETE", "/api/v1/sources/{source_id}"): ADMIN,
    ("POST", "/api/v1/sources/{source_id}/collect"): EDITORS,
}


def _source(cast: Cast) -> int:
    return Source.objects.create(
        firm=cast.firm_a,
        name="Alerte Google",
        kind="rss",
        url="https://www.google.com/alerts/feeds/1/2",
    ).pk


OBJECTS = {"source_id": _source}
