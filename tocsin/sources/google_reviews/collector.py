"""Google Business Profile reviews of the firm's own listing (My Business API v4), and the
reply call the publishing stage will use.

The OAuth client and refresh token are stored encrypted with the source; the access token
they give (valid about an hour) is kept there too and refreshed when it expires or when
Google says it no longer holds (401). The API's and the token endpoint's addresses come
from settings, never from the firm's form: the OAuth secrets must only ever go to Google
(tests point them at loopback with ``TOCSIN_GOOGLE_API_URL`` and ``TOCSIN_GOOGLE_TOKEN_URL``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from django.conf import settings

from tocsin.lib import safe_http
from tocsin.mentions.pipeline import Incoming
from tocsin.sources.base import Collected, Collector, SourceError, register
from tocsin.sources.google_reviews.forms import LISTING, GoogleReviewsForm

if TYPE_CHECKING:
    from tocsin.sources.models import Source

API_URL = "https://mybusiness.googleapis.com"
TOKEN_URL = "https://oauth2.googleapis.com/token"  # noqa: S105 (an address, not a secret)
PAGE = 50  # the API's maximum page size for reviews
MAX_PAGES = 20  # a first run reads up to 1,000 reviews; later runs stop at the last seen
EARLY = timedelta(seconds=60)  # refresh a little before Google would refuse the token
DEFAULT_RETRY = 300.0
MAX_RETRY = 24 * 3600.0
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
MAX_REPLY = 4096  # characters Google accepts in a reply
REVIEW_ID = re.compile(r"^[A-Za-z0-9_-]{1,300}$")


@register
class GoogleReviewsCollector(Collector):
    kind = "google_reviews"
    settings_form = GoogleReviewsForm

    def collect(self, source: Source) -> Collected:
        api = Api(source)
        since = _parse_time(source.cursor)  # the newest updateTime seen on earlier runs
        items: list[Incoming] = []
        newest = since
        token = ""
        for _ in range(MAX_PAGES):
            params = {"pageSize": str(PAGE), "orderBy": "updateTime desc"}
            if token:
                params["pageToken"] = token
            page = api.request("GET", f"{api.listing_url(source)}/reviews?{urlencode(params)}")
            reviews = [r for r in page.get("reviews") or [] if isinstance(r, dict)]
            fresh = []
            for review in reviews:
                updated = _parse_time(
                    str(review.get("updateTime") or review.get("createTime") or "")
                )
                if since is None or (updated is not None and updated > since):
                    fresh.append(review)
                    if updated is not None and (newest is None or updated > newest):
                        newest = updated
            items.extend(incoming(r) for r in fresh)
            token = str(page.get("nextPageToken") or "")
            if not token or len(fresh) < len(reviews):
                break  # the rest was seen on an earlier run
        return Collected(items=items, cursor=newest.isoformat() if newest else "")


def reply(source: Source, review_id: str, text: str) -> dict[str, Any]:
    """Publish (or replace) the firm's public answer to a review; returns Google's
    ``ReviewReply`` (``comment``, ``updateTime``).

    For the publishing stage only, once a person with the right role approved ``text``:
    nothing here checks tone or approval. ``review_id`` is the review's id or its full name
    (the mention's ``external_id``). Raises :class:`SourceError`.
    """
    text = text.strip()
    if not text:
        raise SourceError("an empty reply", retryable=False)
    if len(text) > MAX_REPLY:
        raise SourceError(f"a reply is at most {MAX_REPLY} characters", retryable=False)
    api = Api(source)
    prefix = f"{source.config.get('listing')}/reviews/"
    review = review_id[len(prefix) :] if review_id.startswith(prefix) else review_id
    if not REVIEW_ID.match(review):
        raise SourceError("not a review of this listing", retryable=False)
    try:
        return api.request(
            "PUT",
            f"{api.listing_url(source)}/reviews/{quote(review, safe='')}/reply",
            body={"comment": text},
        )
    finally:
        if api.renewed:
            source.save(update_fields=["sealed_credentials"])


class Api:
    """Authorised calls to the API for one source, the access token renewed as needed."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.creds = source.credentials
        self.renewed = False
        self.base = str(getattr(settings, "TOCSIN_GOOGLE_API_URL", API_URL)).rstrip("/")
        self.token_url = str(getattr(settings, "TOCSIN_GOOGLE_TOKEN_URL", TOKEN_URL))

    def listing_url(self, source: Source) -> str:
        listing = str(source.config.get("listing") or "")
        if not LISTING.match(listing):
            raise SourceError("no listing configured (accounts/…/locations/…)", retryable=False)
        return f"{self.base}/v4/{listing}"

    def request(self, method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = self._send(method, url, body, self.access_token())
        if answer.status == 401:
            # Revoked early, or our clock is off: one new token, one more try.
            answer = self._send(method, url, body, self.access_token(force=True))
            if answer.status == 401:
                raise SourceError(
                    "Google refuses the access to the listing (HTTP 401) even with a new token",
                    retryable=False,
                )
        return _json(answer, "the Business Profile API")

    def _send(
        self, method: str, url: str, body: dict[str, Any] | None, token: str
    ) -> safe_http.Fetched:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body).encode()
        return _fetch(url, method=method, headers=headers, content=content)

    def access_token(self, *, force: bool = False) -> str:
        """The stored access token while it is valid, else a new one from the refresh token
        (stored back into the source's credentials; the caller saves the source)."""
        token = str(self.creds.get("access_token") or "")
        expires = _parse_time(str(self.creds.get("access_expires_at") or ""))
        if token and expires and expires - EARLY > datetime.now(UTC) and not force:
            return token
        missing = [
            k for k in ("client_id", "client_secret", "refresh_token") if not self.creds.get(k)
        ]
        if missing:
            raise SourceError(
                "the OAuth grant is incomplete (missing " + ", ".join(missing) + ")",
                retryable=False,
            )
        answer = _fetch(
            self.token_url,
            method="POST",
            headers={"Accept": "application/json"},
            data={
                "grant_type": "refresh_token",
                "client_id": str(self.creds["client_id"]),
                "client_secret": str(self.creds["client_secret"]),
                "refresh_token": str(self.creds["refresh_token"]),
            },
        )
        if answer.status in (400, 401):
            error = _google_error(answer)
            raise SourceError(
                f"Google refused the refresh token ({error}); authorise Tocsin again for the "
                "listing and enter the new refresh token",
                retryable=False,
            )
        grant = _json(answer, "Google's token endpoint")
        token = str(grant.get("access_token") or "")
        if not token:
            raise SourceError("Google's token endpoint gave no access token")
        lifetime = int(grant.get("expires_in") or 3600)
        self.creds["access_token"] = token
        self.creds["access_expires_at"] = (
            datetime.now(UTC) + timedelta(seconds=lifetime)
        ).isoformat()
        self.source.credentials = self.creds
        self.renewed = True
        return token


def _fetch(url: str, **options: Any) -> safe_http.Fetched:
    try:
        return safe_http.fetch(url, **options)
    except safe_http.BlockedAddress as exc:
        raise SourceError(f"address refused: {exc}", retryable=False) from None
    except safe_http.FetchTimeout as exc:
        raise SourceError(f"timeout: {exc}") from None
    except safe_http.FetchError as exc:
        raise SourceError(str(exc)) from None


def _json(answer: safe_http.Fetched, who: str) -> dict[str, Any]:
    status = answer.status
    if status == 429:
        raise SourceError(
            f"{who} asks us to slow down (HTTP 429: {_google_error(answer)})",
            retry_after=_retry_after(answer.headers.get("retry-after", "")),
        )
    if status in (403, 404):
        raise SourceError(
            f"{who} answered HTTP {status} ({_google_error(answer)}): is the listing right, "
            "and does the authorised Google account manage it?",
            retryable=False,
        )
    if status >= 400:
        raise SourceError(
            f"{who} answered HTTP {status} ({_google_error(answer)})", retryable=status >= 500
        )
    try:
        payload = json.loads(answer.content or b"{}")
    except ValueError:
        raise SourceError(f"{who} answered something that is not JSON") from None
    if not isinstance(payload, dict):
        raise SourceError(f"{who} answered an unexpected JSON value")
    return payload


def _google_error(answer: safe_http.Fetched) -> str:
    """The error as Google writes it: ``{"error": {"status", "message"}}`` for APIs,
    ``{"error", "error_description"}`` for the token endpoint."""
    try:
        payload = json.loads(answer.content)
    except ValueError:
        return f"HTTP {answer.status}"
    if not isinstance(payload, dict):
        return f"HTTP {answer.status}"
    error = payload.get("error")
    if isinstance(error, dict):
        parts = [str(error.get("status") or ""), str(error.get("message") or "")]
    else:
        parts = [str(error or ""), str(payload.get("error_description") or "")]
    return ": ".join(p for p in parts if p)[:300] or f"HTTP {answer.status}"


def _retry_after(value: str) -> float:
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY
    if when.tzinfo is None:
        return DEFAULT_RETRY
    return max(1.0, min((when - datetime.now(UTC)).total_seconds(), MAX_RETRY))


def incoming(review: dict[str, Any]) -> Incoming:
    """A review as the pipeline takes it: the stars become the rating; a review with stars
    and no words still counts (a bare one-star review is a signal)."""
    rating = STARS.get(str(review.get("starRating") or ""))
    reviewer = review.get("reviewer") or {}
    anonymous = bool(reviewer.get("isAnonymous"))
    return Incoming(
        text=original_text(str(review.get("comment") or "")) or "★" * (rating or 0),
        author="" if anonymous else str(reviewer.get("displayName") or ""),
        rating=rating,
        published_at=_parse_time(str(review.get("createTime") or "")),
        external_id=str(review.get("name") or review.get("reviewId") or ""),
    )


def original_text(comment: str) -> str:
    """Google shows translated reviews as "(Translated by Google) … (Original) …": keep the
    words the reviewer wrote."""
    marker = "(Original)\n"
    if comment.startswith("(Translated by Google)") and marker in comment:
        return comment.split(marker, 1)[1].strip()
    return comment.strip()


def _parse_time(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
