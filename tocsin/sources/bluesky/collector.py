"""Bluesky, through atproto's client: ``app.bsky.feed.searchPosts`` for each search term.

Tocsin signs in with an app password once, keeps the session (encrypted, with the source's
credentials) and refreshes it as the client needs; Bluesky limits sign-ins to 30 per five
minutes and 300 a day per account, so signing in on every run would soon be refused. Each
term pages back through the newest posts until the time of the newest post it saw on the
previous run (``since``), kept in ``Source.cursor`` as compact JSON.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from atproto import Client, models
from atproto_client import exceptions as atx
from atproto_client.request import Request

from tocsin.lib import safe_httpx
from tocsin.mentions.pipeline import Incoming
from tocsin.sources.base import Collected, Collector, SourceError, register
from tocsin.sources.bluesky.forms import DEFAULT_SERVICE, BlueskyForm
from tocsin.sources.mastodon.forms import split_terms

if TYPE_CHECKING:
    from tocsin.sources.models import Source

PAGE = 100  # the lexicon's maximum
MAX_PAGES = 5  # per term and run
DEFAULT_RETRY = 300.0
MAX_RETRY = 24 * 3600.0
SESSION_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired"})


@register
class BlueskyCollector(Collector):
    kind = "bluesky"
    settings_form = BlueskyForm

    def collect(self, source: Source) -> Collected:
        terms = split_terms(str(source.config.get("terms") or ""))
        if not terms:
            raise SourceError("no search term configured", retryable=False)
        account = Account(source)
        try:
            previous = read_cursor(source.cursor)
            cursors: dict[str, str] = {}
            items: dict[str, Incoming] = {}
            for term in terms:
                key = _key(term)
                newest, posts = account.search(term, previous.get(key), source.config.get("lang"))
                if newest:
                    cursors[key] = newest
                for post in posts:
                    item = incoming(post)
                    items.setdefault(item.external_id, item)
        finally:
            account.keep_session()
        return Collected(items=list(items.values()), cursor=write_cursor(cursors))


class Account:
    """The signed-in client of one source, and what it takes to stay signed in."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.creds = source.credentials
        self.client = Client(
            base_url=source.url or DEFAULT_SERVICE,
            request=Request(**safe_httpx.client_options()),
        )
        self.signed_in = False

    def search(
        self, term: str, since: str | None, lang: object
    ) -> tuple[str, list[models.AppBskyFeedDefs.PostView]]:
        """Posts for ``term`` newer than ``since`` (an ISO time), newest first, and the time of
        the newest one. Without ``since``, only the newest page."""
        posts: list[models.AppBskyFeedDefs.PostView] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"q": term, "sort": "latest", "limit": PAGE}
            if since:
                params["since"] = since
            if cursor:
                params["cursor"] = cursor
            if isinstance(lang, str) and lang:
                params["lang"] = lang
            page = self.call(partial(self.client.app.bsky.feed.search_posts, params))
            fresh = [p for p in page.posts if not since or (p.indexed_at or "") > since]
            posts.extend(fresh)
            cursor = page.cursor
            if since is None or not cursor or len(fresh) < len(page.posts) or not page.posts:
                break
        newest = max((p.indexed_at or "" for p in posts), default=since or "")
        return newest, posts

    def call[T](self, request: Callable[[], T]) -> T:
        """Make a request signed in; a session the server no longer accepts is replaced by a
        new sign-in with the app password, once."""
        if not self.signed_in:
            self.sign_in()
        try:
            return _explained(request)
        except _SessionRefused:
            if not self.creds.get("session"):
                raise
            self.creds.pop("session", None)
            self.sign_in()
            return _explained(request)

    def sign_in(self) -> None:
        session = str(self.creds.get("session") or "")
        if session:
            try:
                self.client.login(session_string=session, fetch_bsky_profile=False)
                self.signed_in = True
                return
            except (ValueError, atx.AtProtocolError):
                self.creds.pop("session", None)  # unreadable: sign in afresh
        identifier = str(self.creds.get("identifier") or "")
        password = str(self.creds.get("app_password") or "")
        if not identifier or not password:
            raise SourceError("no Bluesky handle and app password stored", retryable=False)
        try:
            _explained(lambda: self.client.login(identifier, password, fetch_bsky_profile=False))
        except _SessionRefused as exc:
            raise SourceError(
                f"Bluesky refused the handle or the app password ({exc.detail}); create a new "
                "app password and enter it again",
                retryable=False,
            ) from None
        self.signed_in = True

    def keep_session(self) -> None:
        """Store the current session (new or refreshed) with the credentials, encrypted; the
        caller saves the source."""
        try:
            current = self.client.export_session_string() if self.signed_in else ""
        except atx.AtProtocolError:
            current = ""
        if current and current != self.creds.get("session"):
            self.creds["session"] = current
        elif not current:
            self.creds.pop("session", None)
        if self.creds != self.source.credentials:
            self.source.credentials = self.creds


class _SessionRefused(SourceError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"the Bluesky session is no longer valid ({detail}); Tocsin signs in again next time"
        )
        self.detail = detail


def _explained[T](request: Callable[[], T]) -> T:
    """One client call, its failures said in the firm's terms."""
    try:
        return request()
    except safe_httpx.Refused as exc:
        raise SourceError(f"address refused: {exc}", retryable=False) from None
    except atx.RateLimitExceededError as exc:
        # Bluesky sends ratelimit-reset (epoch seconds); some services only Retry-After.
        wait = exc.retry_after
        if exc.reset_at is not None:
            wait = (exc.reset_at - datetime.now(UTC)).total_seconds()
        raise SourceError(
            "Bluesky's rate limit is reached; Tocsin waits until it resets",
            retry_after=min(max(wait, 1.0), MAX_RETRY) if wait is not None else DEFAULT_RETRY,
        ) from None
    except (atx.UnauthorizedError, atx.BadRequestError) as exc:
        name, message = _error(exc)
        if isinstance(exc, atx.UnauthorizedError) or name in SESSION_ERRORS:
            raise _SessionRefused(f"{name}: {message}" if message else name) from None
        raise SourceError(
            f"Bluesky refused the search ({name}: {message})", retryable=False
        ) from None
    except atx.InvokeTimeoutError:
        raise SourceError("Bluesky did not answer in time") from None
    except atx.RequestErrorBase as exc:
        status = exc.response.status_code if exc.response is not None else None
        if status is None:
            raise SourceError(f"could not reach Bluesky: {exc}") from None
        name, message = _error(exc)
        raise SourceError(
            f"Bluesky answered HTTP {status} ({name}: {message})".replace(" (: )", ""),
            retryable=status >= 500 or status in (408, 409),
        ) from None
    except atx.AtProtocolError as exc:
        raise SourceError(f"unexpected answer from Bluesky: {str(exc)[:300]}") from None


def _error(exc: atx.RequestErrorBase) -> tuple[str, str]:
    """The XRPC error name and message of a failed request."""
    content = exc.response.content if exc.response is not None else None
    name = getattr(content, "error", None)
    message = getattr(content, "message", None)
    if isinstance(content, Mapping):
        name, message = content.get("error"), content.get("message")
    return str(name or ""), str(message or "")[:300]


def incoming(post: models.AppBskyFeedDefs.PostView) -> Incoming:
    """A post as the pipeline takes it, with its address on bsky.app."""
    record: Any = post.record
    text = str(getattr(record, "text", "") or "")
    langs = getattr(record, "langs", None) or []
    author = post.author
    return Incoming(
        text=text,
        url=web_url(post.uri, author.handle, author.did),
        author=author.display_name or author.handle,
        author_handle=f"@{author.handle}",
        published_at=_time(getattr(record, "created_at", None)) or _time(post.indexed_at),
        external_id=post.uri,
        lang=str(langs[0]) if langs else None,
    )


def web_url(uri: str, handle: str, did: str) -> str:
    """``at://did/app.bsky.feed.post/rkey`` → ``https://bsky.app/profile/handle/post/rkey``."""
    rkey = uri.rstrip("/").rsplit("/", 1)[-1]
    who = did if not handle or handle == "handle.invalid" else handle
    return f"https://bsky.app/profile/{quote(who, safe=':.')}/post/{quote(rkey, safe='')}"


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _key(term: str) -> str:
    return hashlib.sha256(term.casefold().encode()).hexdigest()[:8]


def read_cursor(value: str) -> dict[str, str]:
    try:
        data = json.loads(value) if value else {}
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_cursor(cursors: Mapping[str, str]) -> str:
    return json.dumps(dict(cursors), separators=(",", ":"), sort_keys=True)
