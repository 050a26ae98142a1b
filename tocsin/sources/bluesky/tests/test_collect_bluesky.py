"""Collecting Bluesky searches from a fake PDS on loopback that answers as the AT Protocol
lexicons say (com.atproto.server.createSession/refreshSession, app.bsky.feed.searchPosts)."""

from __future__ import annotations

import base64
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.bluesky.collector import _key, web_url, write_cursor
from tocsin.sources.bluesky.forms import BlueskyForm
from tocsin.sources.models import Source
from tocsin.sources.testing_servers import ApiServer, Reply, Seen, json_reply, query
from tocsin.testing import Cast

pytestmark = pytest.mark.usefixtures("allow_loopback")

DID = "did:plc:z72i7hdynmk6r22z27h6tvur"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"


def jwt(expires_in: float, scope: str = "com.atproto.appPass") -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    now = int(time.time())
    body = {"scope": scope, "sub": DID, "iat": now, "exp": int(now + expires_in)}
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(body)}.c2lnbmF0dXJl"


def session(access_in: float = 7200) -> dict[str, object]:
    return {
        "accessJwt": jwt(access_in),
        "refreshJwt": jwt(90 * 86400, "com.atproto.refresh"),
        "handle": "veille-alpha.bsky.social",
        "did": DID,
        "active": True,
    }


def post(
    rkey: str, indexed: str, text: str = "Le cabinet Alpha ne répond plus"
) -> dict[str, object]:
    return {
        "uri": f"at://did:plc:abc123/app.bsky.feed.post/{rkey}",
        "cid": "bafyreib2rxk3rh6kzwq",
        "author": {
            "did": "did:plc:abc123",
            "handle": "paul.bsky.social",
            "displayName": "Paul Girard",
            "labels": [],
        },
        "record": {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": indexed,
            "langs": ["fr"],
        },
        "replyCount": 0,
        "repostCount": 2,
        "likeCount": 5,
        "indexedAt": indexed,
        "labels": [],
    }


def _source(cast: Cast, server: ApiServer, **creds: object) -> Source:
    source = Source.objects.create(
        firm=cast.firm_a,
        name="Bluesky",
        kind="bluesky",
        url=server.url("/"),
        config={"terms": "Cabinet Alpha"},
    )
    source.credentials = {
        "identifier": "veille-alpha.bsky.social",
        "app_password": "abcd-efgh-ijkl-mnop",
        **creds,
    }
    source.save()
    return source


def test_bluesky_search_becomes_mentions_with_bsky_app_links(
    cast: Cast, api_server: ApiServer
) -> None:
    api_server.route(CREATE, json_reply(200, session()))
    api_server.route(
        SEARCH,
        json_reply(200, {"posts": [post("3kq2a", "2026-11-27T09:00:00.000Z")], "cursor": "1"}),
        json_reply(200, {"posts": []}),
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (1, 1, "")
    [login] = api_server.requests_to(CREATE)
    assert json.loads(login.body) == {
        "identifier": "veille-alpha.bsky.social",
        "password": "abcd-efgh-ijkl-mnop",
    }
    [search] = api_server.requests_to(SEARCH)
    assert (query(search)["q"], query(search)["sort"]) == ("Cabinet Alpha", "latest")
    assert search.headers["authorization"].startswith("Bearer ")
    mention = Mention.objects.for_firm(cast.firm_a).get()
    assert mention.external_id == "at://did:plc:abc123/app.bsky.feed.post/3kq2a"
    assert mention.url == "https://bsky.app/profile/paul.bsky.social/post/3kq2a"
    assert (mention.author, mention.author_handle) == ("Paul Girard", "@paul.bsky.social")
    assert mention.published_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    source.refresh_from_db()
    assert "session" in source.credentials  # kept encrypted for the next run
    assert DID not in source.sealed_credentials

    # The next run reuses the session (no sign-in) and asks only for newer posts.
    services.collect(source)
    assert len(api_server.requests_to(CREATE)) == 1
    assert query(api_server.requests_to(SEARCH)[-1])["since"] == "2026-11-27T09:00:00.000Z"


def test_bluesky_pages_back_with_the_cursor_until_the_last_post_seen(
    cast: Cast, api_server: ApiServer
) -> None:
    since = "2026-11-27T08:00:00.000Z"

    def search(seen: Seen) -> Reply:
        cursor = query(seen).get("cursor")
        if cursor is None:
            return json_reply(
                200,
                {
                    "posts": [
                        post(f"a{i}", f"2026-11-27T10:{59 - i:02d}:00.000Z") for i in range(100)
                    ],
                    "cursor": "p2",
                },
            )
        if cursor == "p2":
            return json_reply(
                200,
                {
                    "posts": [post("b1", "2026-11-27T09:00:00.000Z"), post("old", since)],
                    "cursor": "p3",
                },
            )
        return json_reply(500, {"error": "InternalServerError"})

    api_server.route(CREATE, json_reply(200, session()))
    api_server.route(SEARCH, search)
    source = _source(cast, api_server)
    source.cursor = write_cursor({_key("Cabinet Alpha"): since})
    source.save()
    report = services.collect(source)
    assert (report.created, report.error) == (101, "")
    assert [query(s).get("cursor") for s in api_server.requests_to(SEARCH)] == [None, "p2"]
    source.refresh_from_db()
    assert json.loads(source.cursor) == {_key("Cabinet Alpha"): "2026-11-27T10:59:00.000Z"}


def test_bluesky_expired_access_token_is_refreshed_once(cast: Cast, api_server: ApiServer) -> None:
    old = session(access_in=-60)
    stored = f"veille-alpha.bsky.social:::{DID}:::{old['accessJwt']}:::{old['refreshJwt']}:::{api_server.url('/')}"
    fresh = session()
    api_server.route(REFRESH, json_reply(200, fresh))
    api_server.route(SEARCH, json_reply(200, {"posts": [post("r1", "2026-11-27T09:00:00.000Z")]}))
    source = _source(cast, api_server, session=stored)
    assert services.collect(source).created == 1
    [refresh] = api_server.requests_to(REFRESH)
    assert refresh.headers["authorization"] == f"Bearer {old['refreshJwt']}"
    assert (
        api_server.requests_to(SEARCH)[0].headers["authorization"] == f"Bearer {fresh['accessJwt']}"
    )
    assert api_server.requests_to(CREATE) == []
    source.refresh_from_db()
    assert str(fresh["accessJwt"]) in source.credentials["session"]


def test_bluesky_refused_session_signs_in_again_with_the_app_password(
    cast: Cast, api_server: ApiServer
) -> None:
    old = session(access_in=-60)
    stored = f"veille-alpha.bsky.social:::{DID}:::{old['accessJwt']}:::{old['refreshJwt']}:::{api_server.url('/')}"
    api_server.route(
        REFRESH, json_reply(400, {"error": "ExpiredToken", "message": "Token has expired"})
    )
    api_server.route(CREATE, json_reply(200, session()))
    api_server.route(SEARCH, json_reply(200, {"posts": []}))
    source = _source(cast, api_server, session=stored)
    assert services.collect(source).error == ""
    assert len(api_server.requests_to(CREATE)) == 1


def test_bluesky_wrong_app_password_is_a_clear_error(cast: Cast, api_server: ApiServer) -> None:
    api_server.route(
        CREATE,
        json_reply(
            401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}
        ),
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert "refused the handle or the app password" in report.error
    assert "Invalid identifier or password" in report.error
    assert api_server.requests_to(SEARCH) == []


def test_bluesky_rate_limit_waits_until_the_reset(cast: Cast, api_server: ApiServer) -> None:
    reset = int(time.time()) + 600
    api_server.route(CREATE, json_reply(200, session()))
    api_server.route(
        SEARCH,
        json_reply(
            429,
            {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
            {
                "ratelimit-limit": "3000",
                "ratelimit-remaining": "0",
                "ratelimit-reset": str(reset),
                "ratelimit-policy": "3000;w=300",
            },
        ),
    )
    source = _source(cast, api_server)
    assert "rate limit" in services.collect(source).error
    source.refresh_from_db()
    assert source.next_run_at >= datetime.fromtimestamp(reset, tz=UTC) - timedelta(seconds=5)


def test_bluesky_server_error_is_tried_again_later(cast: Cast, api_server: ApiServer) -> None:
    api_server.route(CREATE, json_reply(200, session()))
    api_server.route(SEARCH, json_reply(500, {"error": "InternalServerError", "message": "boom"}))
    source = _source(cast, api_server)
    report = services.collect(source)
    assert "HTTP 500" in report.error
    source.refresh_from_db()
    assert source.next_run_at > timezone.now()
    assert source.consecutive_failures == 1


def test_bluesky_service_on_a_private_address_is_refused(cast: Cast, api_server: ApiServer) -> None:
    source = _source(cast, api_server)
    source.url = api_server.url("/", host="127.0.0.1")
    source.save()
    assert "address refused" in services.collect(source).error
    assert api_server.seen == []


def test_bluesky_web_link_falls_back_to_the_did_for_an_invalid_handle() -> None:
    assert web_url("at://did:plc:x/app.bsky.feed.post/3k", "handle.invalid", "did:plc:x") == (
        "https://bsky.app/profile/did:plc:x/post/3k"
    )


def test_bluesky_form_needs_terms_and_strips_the_at_sign() -> None:
    form = BlueskyForm(
        {
            "url": "https://bsky.social",
            "identifier": "@alpha.bsky.social",
            "terms": "Cabinet Alpha\n\nCabinet Alpha",
        }
    )
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["identifier"], form.cleaned_data["terms"]) == (
        "alpha.bsky.social",
        "Cabinet Alpha",
    )
    assert not BlueskyForm({"url": "https://bsky.social", "terms": " "}).is_valid()
