"""An answer given elsewhere (by phone, by email, on a network without an API): nothing is
sent, the approved words and where they were said are recorded on the mention."""

from __future__ import annotations

from tocsin.responses.publishers.base import Outgoing, Publisher, Sent, register


@register
class RecordedPublisher(Publisher):
    channel = "recorded"
    transactional = True

    def send(self, out: Outgoing) -> Sent:
        return Sent(url="")
