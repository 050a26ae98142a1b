"""Each channel adapter against a loopback server that speaks its API, errors included."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tocsin.mentions.models import Mention, Status
from tocsin.responses import services
from tocsin.responses.models import (
    MentionAnswer,
    Publication,
    PublicationState,
    PublishingAccount,
    Statement,
)
from tocsin.responses.publishers.base import graphemes, publisher_for
from tocsin.responses.tests.helpers import account, approved, committed
from tocsin.sources.models import Source
from tocsin.sources.testing_servers import ApiServer, Reply, Seen, json_reply
from tocsin.testing import Cast

pytestmark = pytest.mark.usefixtures("allow_loopback")

LONG = " ".join(
    f"Étape {i} de notre travail : nous vérifions les faits avec soin et nous vous tiendrons informés."
    for i in range(1, 9)
)


def _publish(
    cast: Cast, channel: str, acct: PublishingAccount | None, text: str = LONG, **kw: Any
) -> tuple[Statement, Publication]:
    statement = approved(cast, text, channels=[channel], **kw)
    [pub] = committed(
        services.publish, statement, actor=cast.alice, accounts=[acct] if acct else []
    )
    pub.refresh_from_db()
    return statement, pub


# --------------------------------------------------------------------------- Mastodon


def mastodon_status(sid: int, text: str, reply_to: str | None) -> dict[str, object]:
    return {
        "id": str(sid),
        "uri": f"https://social.example/users/alpha/statuses/{sid}",
        "url": f"https://social.example/@alpha/{sid}",
        "created_at": "2026-11-27T08:15:00.000Z",
        "content": f"<p>{text}</p>",
        "visibility": "public",
        "in_reply_to_id": reply_to,
        "account": {"id": "1", "username": "alpha", "acct": "alpha"},
        "mentions": [],
        "tags": [],
        "emojis": [],
        "media_attachments": [],
    }


def test_mastodon_long_statement_becomes_a_thread(cast: Cast, api_server: ApiServer) -> None:
    counter = iter(range(100, 200))

    def post(seen: Seen) -> Reply:
        form = _form(seen)
        return json_reply(
            200, mastodon_status(next(counter), form["status"], form.get("in_reply_to_id"))
        )

    api_server.route("/api/v1/statuses", post)
    acct = account(cast, "mastodon", api_server.url(""))
    _, pub = _publish(cast, "mastodon", acct)
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    posts = api_server.requests_to("/api/v1/statuses")
    assert len(posts) == 2
    first, second = (_form(p) for p in posts)
    assert len(first["status"]) <= 500 and first["status"].endswith("1/2")
    assert "in_reply_to_id" not in first and second["in_reply_to_id"] == "100"
    keys = {p.headers["idempotency-key"] for p in posts}
    assert len(keys) == 2  # a retry the server already saw is not posted twice
    assert pub.url == "https://social.example/@alpha/100"


def test_mastodon_refused_token_fails_without_retry(cast: Cast, api_server: ApiServer) -> None:
    api_server.route("/api/v1/statuses", json_reply(401, {"error": "The access token is invalid"}))
    acct = account(cast, "mastodon", api_server.url(""))
    _, pub = _publish(cast, "mastodon", acct, "Nous vérifions les faits.")
    assert pub.state == PublicationState.FAILED and "access token" in pub.last_error


def test_mastodon_instance_that_turns_private_fails_without_retry(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: public for the account's check, loopback for the post itself.
    from tocsin.lib import safe_http

    answers = iter(["93.184.216.34", "127.0.0.1"])
    monkeypatch.setattr(
        safe_http, "system_resolver", lambda host, port: [next(answers, "127.0.0.1")]
    )
    acct = account(cast, "mastodon", "https://rebind.example")
    _, pub = _publish(cast, "mastodon", acct, "Nous vérifions les faits.")
    assert pub.state == PublicationState.FAILED and pub.attempts == 1
    assert "address refused" in pub.last_error and "127.0.0.1" in pub.last_error


def _form(seen: Seen) -> dict[str, str]:
    from urllib.parse import parse_qsl

    if seen.headers.get("content-type", "").startswith("application/json"):
        return {k: str(v) for k, v in json.loads(seen.body).items() if v is not None}
    return dict(parse_qsl(seen.body.decode()))


# --------------------------------------------------------------------------- Bluesky

DID = "did:plc:z72i7hdynmk6r22z27h6tvur"


def jwt(expires_in: float, scope: str = "com.atproto.appPass") -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    now = int(time.time())
    body = {"scope": scope, "sub": DID, "iat": now, "exp": int(now + expires_in)}
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(body)}.c2lnbmF0dXJl"


def bluesky_session() -> dict[str, object]:
    return {
        "accessJwt": jwt(7200),
        "refreshJwt": jwt(90 * 86400, "com.atproto.refresh"),
        "handle": "alpha.bsky.social",
        "did": DID,
        "active": True,
    }


def test_bluesky_long_statement_becomes_a_thread(cast: Cast, api_server: ApiServer) -> None:
    counter = iter(range(1, 100))

    def create(seen: Seen) -> Reply:
        n = next(counter)
        return json_reply(
            200, {"uri": f"at://{DID}/app.bsky.feed.post/rkey{n}", "cid": f"bafycid{n}"}
        )

    api_server.route("/xrpc/com.atproto.server.createSession", json_reply(200, bluesky_session()))
    api_server.route("/xrpc/com.atproto.repo.createRecord", create)
    acct = account(
        cast,
        "bluesky",
        api_server.url(""),
        credentials={"identifier": "alpha.bsky.social", "app_password": "abcd-efgh-ijkl-mnop"},
    )
    _statement, pub = _publish(cast, "bluesky", acct, link="https://alpha.example/incident")
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    records = [
        json.loads(s.body) for s in api_server.requests_to("/xrpc/com.atproto.repo.createRecord")
    ]
    assert len(records) >= 2
    texts = [r["record"]["text"] for r in records]
    assert all(graphemes(t) <= 300 for t in texts)
    assert texts[0].endswith(f"1/{len(texts)}")
    # The link is in the first post, as a clickable facet.
    facet = records[0]["record"]["facets"][0]
    assert facet["features"][0]["uri"] == "https://alpha.example/incident"
    # Each later post names the first as root and the previous as parent.
    assert "reply" not in records[0]["record"] or records[0]["record"]["reply"] is None
    assert records[1]["record"]["reply"]["root"]["uri"].endswith("rkey1")
    for n, record in enumerate(records[1:], start=2):
        assert record["record"]["reply"]["parent"]["uri"].endswith(f"rkey{n - 1}")
        assert record["record"]["reply"]["root"]["cid"] == "bafycid1"
    assert pub.url == "https://bsky.app/profile/alpha.bsky.social/post/rkey1"
    # The session is kept (encrypted) so that the next post does not sign in again.
    acct.refresh_from_db()
    assert "session" in acct.credentials


def test_bluesky_thread_retry_continues_after_the_posts_already_out(
    cast: Cast, api_server: ApiServer
) -> None:
    answers = [
        json_reply(200, {"uri": f"at://{DID}/app.bsky.feed.post/rkey1", "cid": "c1"}),
        json_reply(502, {"error": "UpstreamFailure", "message": "try later"}),
        json_reply(200, {"uri": f"at://{DID}/app.bsky.feed.post/rkey2", "cid": "c2"}),
        json_reply(200, {"uri": f"at://{DID}/app.bsky.feed.post/rkey3", "cid": "c3"}),
        json_reply(200, {"uri": f"at://{DID}/app.bsky.feed.post/rkey4", "cid": "c4"}),
    ]
    api_server.route("/xrpc/com.atproto.server.createSession", json_reply(200, bluesky_session()))
    api_server.route("/xrpc/com.atproto.repo.createRecord", *answers)
    acct = account(
        cast, "bluesky", api_server.url(""), credentials={"identifier": "a", "app_password": "b"}
    )
    _, pub = _publish(cast, "bluesky", acct)
    assert pub.state == PublicationState.PENDING and len(pub.progress) == 1
    services.publish_due(now=pub.due_at + timedelta(seconds=1))
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED
    texts = [
        json.loads(s.body)["record"]["text"]
        for s in api_server.requests_to("/xrpc/com.atproto.repo.createRecord")
    ]
    # Post 1 went out once; post 2 was tried twice (the 502, then the retry), not post 1.
    assert [t.rsplit(" ", 1)[1] for t in texts] == ["1/3", "2/3", "2/3", "3/3"]


# --------------------------------------------------------------------------- X


def test_x_thread_and_rate_limit(cast: Cast, api_server: ApiServer, settings: Any) -> None:
    settings.TOCSIN_X_API_URL = api_server.url("").rstrip("/")
    reset = int(time.time()) + 900
    counter = iter(range(1, 100))
    api_server.route(
        "/2/tweets",
        lambda seen: json_reply(201, {"data": {"id": f"18{next(counter)}", "text": "…"}}),
    )
    acct = account(cast, "x")
    _, pub = _publish(cast, "x", acct)
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    bodies = [json.loads(s.body) for s in api_server.requests_to("/2/tweets")]
    assert len(bodies) >= 3 and all(len(b["text"]) <= 280 for b in bodies)
    assert bodies[1]["reply"] == {"in_reply_to_tweet_id": "181"}
    assert api_server.requests_to("/2/tweets")[0].headers["authorization"] == "Bearer tok-123"
    assert pub.url == "https://x.com/i/web/status/181"

    api_server.route(
        "/2/tweets",
        json_reply(
            429,
            {"title": "Too Many Requests", "detail": "Too Many Requests"},
            {"x-rate-limit-reset": str(reset)},
        ),
    )
    _, limited = _publish(cast, "x", acct, "Nous vérifions les faits.", title="second")
    assert limited.state == PublicationState.PENDING
    assert limited.due_at > timezone.now() + timedelta(minutes=10)


# --------------------------------------------------------------------------- LinkedIn


def test_linkedin_post_and_refused_token(cast: Cast, api_server: ApiServer, settings: Any) -> None:
    settings.TOCSIN_LINKEDIN_API_URL = api_server.url("").rstrip("/")
    api_server.route(
        "/rest/posts",
        Reply(201, b"", {"x-restli-id": "urn:li:share:7130000000000000000"}),
        json_reply(
            401,
            {
                "status": 401,
                "serviceErrorCode": 65600,
                "code": "INVALID_ACCESS_TOKEN",
                "message": "Invalid access token",
            },
        ),
    )
    acct = account(cast, "linkedin", author="urn:li:organization:12345")
    _, pub = _publish(cast, "linkedin", acct)
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    seen = api_server.requests_to("/rest/posts")[0]
    body = json.loads(seen.body)
    assert body["author"] == "urn:li:organization:12345" and body["visibility"] == "PUBLIC"
    assert body["commentary"] == LONG
    assert seen.headers["x-restli-protocol-version"] == "2.0.0"
    assert pub.url == "https://www.linkedin.com/feed/update/urn:li:share:7130000000000000000/"
    _, refused = _publish(cast, "linkedin", acct, "Nous vérifions les faits.", title="b")
    assert refused.state == PublicationState.FAILED
    assert "Invalid access token" in refused.last_error


def test_linkedin_health_check_needs_the_page_admin_role(
    cast: Cast, api_server: ApiServer, settings: Any
) -> None:
    settings.TOCSIN_LINKEDIN_API_URL = api_server.url("").rstrip("/")
    api_server.route(
        "/rest/organizationAcls",
        json_reply(
            200,
            {
                "elements": [
                    {
                        "organization": "urn:li:organization:999",
                        "role": "ADMINISTRATOR",
                        "state": "APPROVED",
                    }
                ]
            },
        ),
    )
    acct = account(cast, "linkedin", author="urn:li:organization:12345")
    assert services.check_account(acct) is False
    assert "may not post" in acct.health_message


# --------------------------------------------------------------------------- Facebook


def test_facebook_post_and_expired_token(cast: Cast, api_server: ApiServer, settings: Any) -> None:
    settings.TOCSIN_FACEBOOK_API_URL = api_server.url("").rstrip("/")
    api_server.route(
        "/v21.0/1234567890/feed",
        json_reply(200, {"id": "1234567890_987654321"}),
        json_reply(
            400,
            {
                "error": {
                    "message": "Error validating access token: Session has expired",
                    "type": "OAuthException",
                    "code": 190,
                    "error_subcode": 463,
                    "fbtrace_id": "AbCdEf",
                }
            },
        ),
    )
    acct = account(cast, "facebook", page_id="1234567890")
    _, pub = _publish(cast, "facebook", acct, LONG, link="https://alpha.example/incident")
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    form = _form(api_server.requests_to("/v21.0/1234567890/feed")[0])
    assert form["message"] == LONG and form["link"] == "https://alpha.example/incident"
    assert form["access_token"] == "tok-123"
    assert pub.url == "https://www.facebook.com/1234567890_987654321"
    _, expired = _publish(cast, "facebook", acct, "Nous vérifions les faits.", title="b")
    assert expired.state == PublicationState.FAILED and "Session has expired" in expired.last_error


def test_token_health_check_warns_before_a_crisis_post(
    cast: Cast, api_server: ApiServer, settings: Any
) -> None:
    settings.TOCSIN_FACEBOOK_API_URL = api_server.url("").rstrip("/")
    api_server.route(
        "/v21.0/1234567890",
        json_reply(400, {"error": {"message": "Session has expired", "code": 190}}),
    )
    acct = account(cast, "facebook", page_id="1234567890")
    from tocsin.responses.tasks import check_accounts

    assert check_accounts() == 1
    acct.refresh_from_db()
    assert acct.healthy is False
    statement = approved(cast, channels=["facebook"])
    assert any("Session has expired" in w for w in services.warnings_for(statement))


# --------------------------------------------------------------------------- Google reviews


def test_answer_to_a_google_review_goes_on_the_review(
    cast: Cast, api_server: ApiServer, settings: Any
) -> None:
    settings.TOCSIN_GOOGLE_API_URL = api_server.url("").rstrip("/")
    settings.TOCSIN_GOOGLE_TOKEN_URL = api_server.url("/token")
    source = Source(
        firm=cast.firm_a,
        name="Avis Google",
        kind="google_reviews",
        config={"listing": "accounts/123/locations/456"},
    )
    source.credentials = {
        "client_id": "c",
        "client_secret": "s",
        "refresh_token": "r",
        "access_token": "ya29.ok",
        "access_expires_at": (datetime.now(UTC) + timedelta(hours=1)).isoformat(),
    }
    source.save()
    review = "accounts/123/locations/456/reviews/AbC-12_x"
    mention = Mention.objects.create(
        firm=cast.firm_a,
        source=source,
        dedup_key="rev",
        external_id=review,
        text="Très déçu du suivi de mon dossier.",
        rating=1,
        lang="fr",
        url="https://maps.google.com/review",
    )
    path = "/v4/accounts/123/locations/456/reviews/AbC-12_x/reply"
    api_server.route(path, json_reply(200, {"comment": "…", "updateTime": "2026-11-27T10:00:00Z"}))
    statement = services.draft_reply(
        mention,
        author=cast.colin.person,
        text="Bonjour, merci pour votre retour. Pouvez-vous nous écrire afin que nous en parlions ?",
    )
    assert statement.channels == ["google_review"]
    services.approve(statement, approver=cast.alice, version_number=1)
    [pub] = committed(services.publish, statement, actor=cast.alice)
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    [seen] = api_server.requests_to(path)
    assert seen.method == "PUT" and json.loads(seen.body)["comment"].startswith("Bonjour")
    mention.refresh_from_db()
    assert mention.status == Status.ANSWERED
    answer = MentionAnswer.objects.for_firm(cast.firm_a).get(mention=mention)
    assert answer.channel == "google_review" and answer.statement_id == statement.pk


def test_every_channel_has_an_adapter() -> None:
    from tocsin.responses.models import Channel

    for channel in Channel.values:
        assert publisher_for(channel).channel == channel


def test_reply_to_a_mastodon_mention_answers_the_status(cast: Cast, api_server: ApiServer) -> None:
    uri = "https://other.example/users/jeanne/statuses/42"
    api_server.route(
        "/api/v2/search",
        json_reply(
            200,
            {"accounts": [], "hashtags": [], "statuses": [mastodon_status(777, "Alors ?", None)]},
        ),
    )
    api_server.route(
        "/api/v1/statuses",
        lambda seen: json_reply(200, mastodon_status(900, "…", _form(seen).get("in_reply_to_id"))),
    )
    acct = account(cast, "mastodon", api_server.url(""))
    source = Source.objects.create(firm=cast.firm_a, name="Mastodon", kind="mastodon")
    mention = Mention.objects.create(
        firm=cast.firm_a,
        source=source,
        dedup_key="toot",
        external_id=uri,
        text="@alpha vous répondez quand ?",
        lang="fr",
    )
    statement = services.draft_reply(
        mention, author=cast.colin.person, text="Bonjour, nous vous écrivons en privé aujourd'hui."
    )
    assert statement.channels == ["mastodon"]
    services.approve(statement, approver=cast.alice, version_number=1)
    [pub] = committed(services.publish, statement, actor=cast.alice, accounts=[acct])
    pub.refresh_from_db()
    assert pub.state == PublicationState.PUBLISHED, pub.last_error
    [search] = api_server.requests_to("/api/v2/search")
    assert "resolve=" in search.path and "other.example" in search.path
    assert _form(api_server.requests_to("/api/v1/statuses")[0])["in_reply_to_id"] == "777"
    mention.refresh_from_db()
    assert mention.status == Status.ANSWERED
