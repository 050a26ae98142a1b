"""Mastodon, through Mastodon.py: mentions of the firm's account, hashtag timelines and
status search on the firm's instance.

Each stream (the mentions, each hashtag, each search) pages forward from the newest id it
saw, kept together in ``Source.cursor`` as compact JSON. A first run takes only the newest
page of each stream: the firm wants what is said from now on, not years of history.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from mastodon import Mastodon
from mastodon.errors import (
    MastodonError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from tocsin.lib import safe_http, safe_requests
from tocsin.mentions.pipeline import Incoming
from tocsin.sources.base import Collected, Collector, SourceError, register
from tocsin.sources.mastodon.forms import TOKEN, MastodonForm, split_terms

if TYPE_CHECKING:
    from tocsin.sources.models import Source

PAGE = 40  # the API's maximum page size for statuses and notifications
MAX_PAGES = 10  # per stream and run: a burst larger than 400 posts waits for the next run
TIMEOUT = 20.0
DEFAULT_RETRY = 300.0
MAX_RETRY = 24 * 3600.0

Page = Callable[[str | None], list[Any]]


@register
class MastodonCollector(Collector):
    kind = "mastodon"
    settings_form = MastodonForm

    def collect(self, source: Source) -> Collected:
        instance = instance_url(source.url)
        token = str(source.credentials.get("access_token") or "")
        if token and not TOKEN.match(token):
            raise SourceError(
                "the stored access token is malformed; enter it again", retryable=False
            )
        api = client(instance, token)
        previous = read_cursor(source.cursor)
        cursors: dict[str, str] = {}  # streams no longer configured drop out of the cursor
        items: list[Incoming] = []
        domain = urlsplit(instance).hostname or ""
        for key, fetch_page, statuses in streams(api, source, bool(token)):
            newest, found = _walk(api, fetch_page, statuses, previous.get(key))
            if newest:
                cursors[key] = newest
            items.extend(incoming(s, domain) for s in found)
        return Collected(items=_unique(items), cursor=write_cursor(cursors))


def instance_url(url: str) -> str:
    """The instance's base address, refused when it points inside our network.

    Checked here first so that a refused instance is a clear, final error on the health
    view; every request is then vetted again and pinned to the vetted address by the
    client's session (:mod:`tocsin.lib.safe_requests`).
    """
    if not url:
        raise SourceError("no instance address", retryable=False)
    try:
        safe_http.vet(url)
    except (safe_http.Unresolvable, safe_http.FetchTimeout) as exc:
        raise SourceError(f"instance unreachable: {exc}") from None
    except safe_http.FetchError as exc:
        raise SourceError(f"address refused: {exc}", retryable=False) from None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def client(instance: str, token: str) -> Mastodon:
    return Mastodon(
        access_token=token or None,
        api_base_url=instance,
        ratelimit_method="throw",  # never sleep inside a worker: back off through the source
        request_timeout=TIMEOUT,
        mastodon_version="4.0.0",  # no version probe: one request less per run
        version_check_mode="none",
        session=safe_requests.session(),
        user_agent=safe_http.USER_AGENT,
    )


def streams(api: Mastodon, source: Source, authenticated: bool) -> list[tuple[str, Page, bool]]:
    """``(cursor key, page fetcher, pages hold statuses)`` for each configured stream.

    A fetcher takes the newest id already seen (or None) and returns one page, newest first.
    """
    config = source.config
    out: list[tuple[str, Page, bool]] = []
    if authenticated and config.get("mentions", True):
        out.append(("m", partial(_mentions_page, api), False))
    for tag in split_terms(str(config.get("hashtags") or ""), hashtags=True):
        out.append((_key("t", tag), partial(_hashtag_page, api, tag), True))
    for term in split_terms(str(config.get("terms") or "")):
        if not authenticated:
            # Mastodon answers status searches only to signed-in clients.
            raise SourceError(
                "searching statuses needs the account's access token", retryable=False
            )
        out.append((_key("q", term), partial(_search_page, api, term), True))
    return out


def _mentions_page(api: Mastodon, since: str | None) -> list[Any]:
    return list(api.notifications(types=["mention"], min_id=since, limit=PAGE) or [])


def _hashtag_page(api: Mastodon, tag: str, since: str | None) -> list[Any]:
    return list(api.timeline_hashtag(tag, min_id=since, limit=PAGE) or [])


def _search_page(api: Mastodon, term: str, since: str | None) -> list[Any]:
    result = api.search_v2(
        term,
        resolve=False,  # no WebFinger lookups on our behalf
        result_type="statuses",
        min_id=since,
        exclude_unreviewed=False,  # avoids a version probe; statuses are not reviewed anyway
        limit=PAGE,
    )
    return _statuses(result)


def _statuses(result: Any) -> list[Any]:
    return list(result.get("statuses") or []) if isinstance(result, Mapping) else []


def _walk(
    api: Mastodon, fetch_page: Page, statuses: bool, since: str | None
) -> tuple[str, list[Any]]:
    """Page forward from ``since`` (min_id) until a page comes back empty: returns the newest
    id seen and every status. Without ``since``, only the newest page."""
    found: list[Any] = []
    newest = since or ""
    for _ in range(MAX_PAGES):
        page = _call(api, fetch_page, newest or None)
        if not page:
            break
        ids = [str(row.get("id", "")) for row in page]
        top = max(ids, key=_id_order)
        if newest and _id_order(top) <= _id_order(newest):
            break  # a server that ignores min_id: do not loop on the same page
        newest = top
        for row in page:
            status = row if statuses else row.get("status")
            if status:
                found.append(status)
        if since is None or len(page) < PAGE:
            break
    return newest, found


def _call(api: Mastodon, fetch_page: Page, since: str | None) -> list[Any]:
    """One API call, its failures said in the firm's terms."""
    try:
        return list(fetch_page(since) or [])
    except MastodonRatelimitError:
        raise SourceError(
            "the instance's rate limit is reached; Tocsin waits until it resets",
            retry_after=_until_reset(api),
        ) from None
    except MastodonUnauthorizedError as exc:
        raise SourceError(
            f"the instance refused the access token (HTTP 401: {_reason(exc)}); create a new "
            "one with the scopes read:notifications and read:search",
            retryable=False,
        ) from None
    except MastodonNotFoundError:
        raise SourceError(
            "the instance does not know this API address (HTTP 404): is it a Mastodon server?",
            retryable=False,
        ) from None
    except MastodonServerError as exc:
        raise SourceError(
            f"the instance failed (HTTP {_status(exc)}); trying again later"
        ) from None
    except MastodonNetworkError as exc:
        text = str(exc)
        if "address refused" in text:  # safe_requests refused where a request would go
            raise SourceError(
                text[text.index("address refused") :][:300], retryable=False
            ) from None
        if "redirect" in text.lower():
            raise SourceError(
                "the instance redirected elsewhere; enter its final address", retryable=False
            ) from None
        raise SourceError(f"could not reach the instance: {text[:300]}") from None
    except MastodonError as exc:
        raise SourceError(f"the instance answered an error: {str(exc)[:300]}") from None


def _until_reset(api: Mastodon) -> float:
    """Seconds until the limit resets (X-RateLimit-Reset, read by Mastodon.py), capped."""
    reset = getattr(api, "ratelimit_reset", None)
    if not reset:
        return DEFAULT_RETRY
    return max(1.0, min(float(reset) - time.time(), MAX_RETRY))


def _status(exc: MastodonError) -> str:
    args = exc.args
    return str(args[1]) if len(args) > 1 else "5xx"


def _reason(exc: MastodonError) -> str:
    args = exc.args
    return str(args[3] or args[2]) if len(args) > 3 else "unauthorized"


def incoming(status: Mapping[str, Any], domain: str) -> Incoming:
    """A status as the pipeline takes it. Content is HTML (Mastodon sanitises it, we turn it
    into text); the author's followers are the reach."""
    account: Mapping[str, Any] = status.get("account") or {}
    acct = str(account.get("acct") or account.get("username") or "")
    if acct and "@" not in acct and domain:
        acct = f"{acct}@{domain}"  # local accounts are written without their server
    created = status.get("created_at")
    return Incoming(
        text=str(status.get("content") or ""),
        is_html=True,
        title=str(status.get("spoiler_text") or ""),
        url=str(status.get("url") or status.get("uri") or ""),
        author=str(account.get("display_name") or account.get("username") or ""),
        author_handle=f"@{acct}" if acct else "",
        reach=_int(account.get("followers_count")),
        published_at=created if isinstance(created, datetime) else _parse_time(created),
        external_id=str(status.get("uri") or status.get("id") or ""),
        lang=str(status.get("language") or "") or None,
    )


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _unique(items: list[Incoming]) -> list[Incoming]:
    """A post found by a hashtag and a search is one item."""
    seen: dict[str, Incoming] = {}
    for item in items:
        seen.setdefault(item.external_id or item.url, item)
    return list(seen.values())


def _id_order(value: str) -> tuple[int, str]:
    # Mastodon ids are numbers written as strings (snowflakes): longer is newer.
    return (len(value), value)


def _key(prefix: str, term: str) -> str:
    return f"{prefix}{hashlib.sha256(term.casefold().encode()).hexdigest()[:8]}"


def read_cursor(value: str) -> dict[str, str]:
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_cursor(cursors: Mapping[str, str]) -> str:
    return json.dumps(dict(cursors), separators=(",", ":"), sort_keys=True)
