"""RSS and Atom feeds (Google Alerts, news, blogs, forums): polled with conditional GET,
pushed through WebSub when the feed names a hub."""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from django.utils import timezone

from tocsin.lib import safe_http
from tocsin.sources.base import Collected, Collector, SourceError, register
from tocsin.sources.rss import feeds
from tocsin.sources.rss.forms import FeedForm

if TYPE_CHECKING:
    from tocsin.sources.models import Source

ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
MAX_RETRY_AFTER = 24 * 3600.0


@register
class FeedCollector(Collector):
    kind = "rss"
    settings_form = FeedForm

    def collect(self, source: Source) -> Collected:
        headers = {"Accept": ACCEPT}
        # Conditional GET: an unchanged feed answers 304 with no body and costs nothing.
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        answer = fetch(source.url, headers)
        status = answer.status
        etag = answer.headers.get("etag", "")
        last_modified = answer.headers.get("last-modified", "")
        if status == 304:
            return Collected(not_modified=True, etag=etag, last_modified=last_modified)
        if status in (429, 503):
            raise SourceError(
                f"the feed's server asks us to slow down (HTTP {status})",
                retry_after=retry_after(answer.headers.get("retry-after", "")),
            )
        if status >= 400:
            # 5xx and timeouts pass; 404, 410, 401 and 403 need the firm to act.
            raise SourceError(f"the feed answered HTTP {status}", retryable=status >= 500)
        if not 200 <= status < 300:
            raise SourceError(f"unexpected answer HTTP {status}", retryable=False)
        try:
            parsed = feeds.parse(
                answer.content, url=answer.url, headers=dict(answer.headers.items())
            )
        except feeds.FeedProblem as exc:
            raise SourceError(str(exc), retryable=True) from None
        if answer.moved_permanently and len(answer.url) <= 2000:
            # The feed moved for good: ask the new address next time (it was vetted like
            # any other hop, and is vetted again on every fetch).
            source.url = answer.url
        if parsed.hub and source.config.get("websub", True):
            from tocsin.sources.rss import websub

            websub.ensure_subscribed(source, parsed.hub, parsed.self_url or answer.url)
        return Collected(items=parsed.items, etag=etag, last_modified=last_modified)


def fetch(url: str, headers: dict[str, str]) -> safe_http.Fetched:
    """Fetch through safe_http and say what went wrong in the firm's terms."""
    try:
        return safe_http.fetch(url, headers=headers)
    except safe_http.BlockedAddress as exc:
        raise SourceError(f"address refused: {exc}", retryable=False) from None
    except safe_http.TooLarge as exc:
        raise SourceError(f"feed too large: {exc}", retryable=False) from None
    except safe_http.FetchTimeout as exc:
        raise SourceError(f"timeout: {exc}") from None
    except safe_http.FetchError as exc:
        raise SourceError(str(exc)) from None


def retry_after(value: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), capped."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, min((when - timezone.now()).total_seconds(), MAX_RETRY_AFTER))
