"""The crisis's public page: an update through the public app's ``publish_update``, which
also emails the page's subscribers. It is a database write, so it runs in the transaction
that marks the publication published: exactly once."""

from __future__ import annotations

import importlib
from typing import Any

from tocsin.responses.publishers.base import Outgoing, Publisher, PublishError, Sent, register


def public_services() -> Any:
    """The public app's services module, or a clear error while it is not installed."""
    try:
        services: Any = importlib.import_module("tocsin.public.services")
    except ImportError:
        services = None
    if services is None or not hasattr(services, "publish_update"):
        raise PublishError(
            "the public crisis page is not installed (tocsin.public.services.publish_update)",
            retryable=False,
        )
    return services


@register
class CrisisPagePublisher(Publisher):
    channel = "crisis_page"
    transactional = True

    def send(self, out: Outgoing) -> Sent:
        crisis = out.statement.crisis
        if crisis is None:
            raise PublishError("only a crisis statement goes on a crisis page", retryable=False)
        services = public_services()
        if out.language == "fr":
            body_fr, body_en = out.text, out.translation
        else:
            body_fr, body_en = out.translation, out.text
        if not body_fr.strip():
            raise PublishError(
                "the crisis page needs the French text: add it as the translation",
                retryable=False,
            )
        try:
            services.publish_update(
                crisis,
                body_fr=body_fr,
                body_en=body_en,
                state=out.statement.public_state or "investigating",
                notify=True,
                actor=out.publication.requested_by,
            )
        except ValueError as exc:  # PublicError
            raise PublishError(str(exc), retryable=False) from None
        url = ""
        if hasattr(services, "page_url"):
            url = services.page_url(crisis)
        return Sent(url=url)
