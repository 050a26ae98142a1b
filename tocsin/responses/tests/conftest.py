"""A demo firm for the checker tests: what it may say about itself, and who its clients are."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tocsin.responses.checker import FirmContext, check_draft


@pytest.fixture(scope="session")
def firm() -> FirmContext:
    return FirmContext.from_mapping(
        {
            "firm_name": "Cabinet Lemoine & Associés",
            "partners": ["Claire Lemoine", "Yann Kerbrat"],
            "clients": ["Boucherie Tanguy", "Kestrel Marine Ltd", "Odile Marchand"],
            "contacts": {
                "emails": ["contact@lemoine-associes.fr"],
                "phones": ["+33 2 98 11 22 33"],
                "addresses": ["4 place de la Liberté, 29200 Brest"],
            },
        }
    )


def kinds(text: str, firm: FirmContext | None = None) -> set[str]:
    """The kinds of flag the checker raises on ``text``."""
    return {flag.kind for flag in check_draft(text, firm_context=firm)}


# Loopback servers for the channel adapters (publishers) and the language model.
from tocsin.sources.testing_servers import api_server  # noqa: E402
from tocsin.sources.tests.loopback import allow_loopback  # noqa: E402

__all__ = ["allow_loopback", "api_server", "firm", "kinds"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted in English, whatever an earlier test left active."""
    with translation.override("en"):
        yield
