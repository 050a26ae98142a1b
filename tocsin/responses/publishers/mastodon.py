"""Mastodon statuses through Mastodon.py (``status_post``): public, in the statement's
language, long texts as a thread of replies to ourselves, each post with an
``Idempotency-Key`` so that even a retry the server already saw is not posted twice. A reply
to a mention answers the mentioned status when it lives on our instance's knowledge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mastodon.errors import (
    MastodonAPIError,
    MastodonError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from tocsin.responses.publishers.base import (
    Outgoing,
    Publisher,
    PublishError,
    Sent,
    links_as,
    register,
)

if TYPE_CHECKING:
    from mastodon import Mastodon

    from tocsin.responses.models import PublishingAccount


def _client(account: PublishingAccount) -> Mastodon:
    from tocsin.sources.base import SourceError
    from tocsin.sources.mastodon.collector import client, instance_url

    token = str(account.credentials.get("access_token") or "")
    if not token:
        raise PublishError("no Mastodon access token stored", retryable=False)
    try:
        return client(instance_url(account.base_url), token)
    except SourceError as exc:
        raise PublishError(str(exc), retryable=exc.retryable) from None


def _explained(exc: MastodonError) -> PublishError:
    if isinstance(exc, MastodonUnauthorizedError):
        return PublishError(
            "Mastodon refused the access token; create a new one with write:statuses",
            retryable=False,
        )
    if isinstance(exc, MastodonRatelimitError):
        return PublishError("Mastodon's rate limit is reached", retry_after=300.0)
    if isinstance(exc, MastodonNetworkError) and "address refused" in str(exc):
        return PublishError(f"Mastodon: {str(exc)[:300]}", retryable=False)  # SSRF guard
    if isinstance(exc, MastodonServerError | MastodonNetworkError):
        return PublishError(f"Mastodon is unreachable or failing: {str(exc)[:200]}")
    if isinstance(exc, MastodonAPIError):
        return PublishError(f"Mastodon refused the post: {str(exc)[:300]}", retryable=False)
    return PublishError(f"Mastodon: {str(exc)[:300]}")


@register
class MastodonPublisher(Publisher):
    channel = "mastodon"
    limit = 500
    threads = True

    def measure(self, text: str) -> int:
        return links_as(23)(text)

    def send(self, out: Outgoing) -> Sent:
        assert out.account is not None
        limit = int(out.account.config.get("max_characters") or self.limit)
        api = _client(out.account)
        posts = self.split(out.text, out.link, limit)
        previous: Any = out.progress[-1].split("|")[0] if out.progress else None
        try:
            if previous is None and out.statement.mention is not None:
                previous = _local_id(api, out.statement.mention.external_id)
            for index in range(len(out.progress), len(posts)):
                status = api.status_post(
                    posts[index],
                    in_reply_to_id=previous,
                    visibility="public",
                    language=out.language,
                    idempotency_key=f"tocsin-{out.publication.pk}-{index}",
                )
                out.record(f"{status['id']}|{status.get('url') or ''}")
                previous = status["id"]
        except MastodonError as exc:
            raise _explained(exc) from None
        return Sent(url=out.progress[0].split("|", 1)[1])

    def split(self, text: str, link: str, limit: int) -> list[str]:
        from tocsin.responses.publishers.base import split_thread

        return split_thread(text, limit, measure=self.measure, link=link)

    def check(self, account: PublishingAccount) -> str:
        try:
            me = _client(account).account_verify_credentials()
        except MastodonError as exc:
            raise _explained(exc) from None
        return "@" + str(me.get("acct") or "?")


def _local_id(api: Mastodon, external_id: str) -> str | None:
    """The id, on our instance, of the status a mention came from.

    The collector stores the status's URI, which names it on its home instance; ids are
    per instance, so the URI is resolved through our instance's search (``resolve=true``
    fetches a remote status). A bare id is taken as ours. Not found: answer without
    threading rather than fail the reply.
    """
    if external_id.isdigit():
        return external_id
    if not external_id.startswith("https://"):
        return None
    found = api.search_v2(external_id, resolve=True, result_type="statuses")
    statuses = found.get("statuses") or []
    return str(statuses[0]["id"]) if statuses else None
