"""Replies to Google Business Profile reviews, through the reviews source that collected the
review (it holds the OAuth grant): ``PUT …/reviews/{id}/reply``."""

from __future__ import annotations

from tocsin.responses.publishers.base import Outgoing, Publisher, PublishError, Sent, register


@register
class GoogleReviewPublisher(Publisher):
    channel = "google_review"
    limit = 4096

    def send(self, out: Outgoing) -> Sent:
        from tocsin.sources.google_reviews.collector import reply

        mention = out.statement.mention
        if mention is None or mention.source is None or mention.source.kind != "google_reviews":
            raise PublishError(
                "only an answer to a review collected from Google can be posted there",
                retryable=False,
            )
        if self.measure(out.text.strip()) > self.limit:
            raise PublishError("a review reply is at most 4,096 characters", retryable=False)
        reply(mention.source, mention.external_id, out.text)
        return Sent(url=mention.url)
