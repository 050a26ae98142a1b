"""A drill's sandbox never speaks in public: no public page, no email to subscribers."""

from __future__ import annotations

from django.test import Client

from tocsin.preparedness.drills import start_drill
from tocsin.testing import Cast


def test_sandbox_has_no_public_page(cast: Cast, client: Client) -> None:
    drill = start_drill(cast.firm_a, "data_breach", by=cast.alice.person)
    assert client.get("/p/alpha/").status_code == 200
    assert client.get(f"/p/{drill.sandbox.slug}/").status_code == 404
    assert client.get(f"/p/{drill.sandbox.slug}/banner.js").status_code == 404


def test_sandbox_statement_is_never_published(cast: Cast) -> None:
    import pytest

    from tocsin.responses.drafting import StatementError
    from tocsin.responses.models import Statement

    drill = start_drill(cast.firm_a, "data_breach", by=cast.alice.person)
    sandbox_alice = drill.sandbox.memberships.get(person=cast.alice.person)
    statement = Statement.objects.create(firm=drill.sandbox, title="Exercice", language="fr")
    from django.utils import translation

    from tocsin.responses.publishing import publish

    with translation.override("en"), pytest.raises(StatementError, match="drill"):
        publish(statement, actor=sandbox_alice, channels=["crisis_page"])
