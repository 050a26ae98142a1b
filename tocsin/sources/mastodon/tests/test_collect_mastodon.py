"""Collecting from a Mastodon instance played by a real HTTP server on loopback, answering
in the shapes of the Mastodon API documentation (docs.joinmastodon.org/entities)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.mastodon.collector import _key, read_cursor, write_cursor
from tocsin.sources.mastodon.forms import MastodonForm
from tocsin.sources.models import Source
from tocsin.sources.testing_servers import ApiServer, Reply, Seen, json_reply, query
from tocsin.testing import Cast

pytestmark = pytest.mark.usefixtures("allow_loopback")

TOKEN = "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0"


def status(
    sid: int, text: str = "Le Cabinet Alpha a encore perdu mes papiers", **account: object
) -> dict[str, object]:
    acct = {
        "id": "1",
        "username": "jeanne",
        "acct": "jeanne",
        "display_name": "Jeanne Roux",
        "followers_count": 1234,
        "url": "https://mastodon.example/@jeanne",
        **account,
    }
    return {
        "id": str(sid),
        "uri": f"https://mastodon.example/users/{acct['username']}/statuses/{sid}",
        "url": f"https://mastodon.example/@{acct['username']}/{sid}",
        "created_at": "2026-11-27T08:15:00.000Z",
        "content": f'<p>{text} <a href="https://mastodon.example/tags/cabinetalpha">#<span>cabinetalpha</span></a></p>',
        "spoiler_text": "",
        "visibility": "public",
        "language": "fr",
        "account": acct,
        "reblog": None,
        "mentions": [],
        "tags": [],
        "emojis": [],
        "media_attachments": [],
    }


def notification(nid: int, st: dict[str, object]) -> dict[str, object]:
    return {
        "id": str(nid),
        "type": "mention",
        "created_at": st["created_at"],
        "account": st["account"],
        "status": st,
    }


def _source(cast: Cast, server: ApiServer, **config: object) -> Source:
    source = Source.objects.create(
        firm=cast.firm_a,
        name="Mastodon",
        kind="mastodon",
        url=server.url("/"),
        config={"mentions": True, "hashtags": "", "terms": "", **config},
    )
    source.credentials = {"access_token": TOKEN}
    source.save()
    return source


def test_mastodon_mentions_of_the_account_become_mentions(
    cast: Cast, api_server: ApiServer
) -> None:
    api_server.route(
        "/api/v1/notifications",
        json_reply(
            200, [notification(90, status(113)), notification(89, status(112, "Merci au cabinet"))]
        ),
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (2, 2, "")
    [seen] = api_server.seen
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert query(seen)["types[]"] == "mention"
    mention = Mention.objects.for_firm(cast.firm_a).get(external_id__endswith="/statuses/113")
    assert mention.text.startswith("Le Cabinet Alpha a encore perdu mes papiers")
    assert "<p>" not in mention.text
    assert (mention.author, mention.author_handle, mention.reach) == (
        "Jeanne Roux",
        "@jeanne@localhost",
        1234,
    )
    assert mention.external_id == "https://mastodon.example/users/jeanne/statuses/113"
    assert mention.published_at == datetime(2026, 11, 27, 8, 15, tzinfo=UTC)
    source.refresh_from_db()
    assert read_cursor(source.cursor) == {"m": "90"}


def test_mastodon_pages_forward_from_the_cursor_with_min_id(
    cast: Cast, api_server: ApiServer
) -> None:
    first = [status(i) for i in range(240, 200, -1)]  # a full page of 40, newest first

    def tag_page(seen: Seen) -> Reply:
        since = query(seen).get("min_id")
        if since == "100":
            return json_reply(200, first)
        if since == "240":
            return json_reply(200, [status(241)])
        return json_reply(500, {"error": "unexpected min_id"})

    api_server.route("/api/v1/timelines/tag/CabinetAlpha", tag_page)
    source = _source(cast, api_server, mentions=False, hashtags="#CabinetAlpha")
    source.cursor = write_cursor({_key("t", "CabinetAlpha"): "100"})
    source.save()
    report = services.collect(source)
    assert (report.seen, report.created, report.error) == (41, 41, "")
    pages = api_server.requests_to("/api/v1/timelines/tag/CabinetAlpha")
    assert [query(s)["min_id"] for s in pages] == ["100", "240"]
    source.refresh_from_db()
    assert json.loads(source.cursor) == {_key("t", "CabinetAlpha"): "241"}


def test_mastodon_first_run_takes_only_the_newest_page(cast: Cast, api_server: ApiServer) -> None:
    api_server.route(
        "/api/v1/timelines/tag/expertcomptable",
        json_reply(200, [status(i) for i in range(80, 40, -1)]),
    )
    source = _source(cast, api_server, mentions=False, hashtags="expertcomptable")
    assert services.collect(source).created == 40
    [page] = api_server.requests_to("/api/v1/timelines/tag/expertcomptable")
    assert "min_id" not in query(page)


def test_mastodon_post_found_by_hashtag_and_search_is_one_mention(
    cast: Cast, api_server: ApiServer
) -> None:
    api_server.route("/api/v1/timelines/tag/cabinetalpha", json_reply(200, [status(7)]))
    api_server.route(
        "/api/v2/search", json_reply(200, {"accounts": [], "hashtags": [], "statuses": [status(7)]})
    )
    source = _source(
        cast, api_server, mentions=False, hashtags="cabinetalpha", terms="Cabinet Alpha"
    )
    report = services.collect(source)
    assert (report.seen, report.created) == (1, 1)
    [search] = api_server.requests_to("/api/v2/search")
    assert (query(search)["q"], query(search)["type"]) == ("Cabinet Alpha", "statuses")
    assert services.collect(source).created == 0  # the second run finds nothing new


def test_mastodon_rate_limit_backs_off_until_reset(cast: Cast, api_server: ApiServer) -> None:
    reset = timezone.now() + timedelta(minutes=20)
    api_server.route(
        "/api/v1/notifications",
        json_reply(
            429,
            {"error": "Too many requests"},
            {
                "X-RateLimit-Limit": "300",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            },
        ),
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert "rate limit" in report.error
    source.refresh_from_db()
    assert source.next_run_at >= reset - timedelta(seconds=5)
    assert len(api_server.seen) == 1  # no retry loop inside the worker


def test_mastodon_revoked_token_is_a_clear_error(cast: Cast, api_server: ApiServer) -> None:
    api_server.route(
        "/api/v1/notifications", json_reply(401, {"error": "The access token was revoked"})
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert "refused the access token" in report.error
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    assert source.last_error == report.error


def test_mastodon_server_error_is_tried_again_later(cast: Cast, api_server: ApiServer) -> None:
    api_server.route(
        "/api/v1/notifications",
        json_reply(500, {"error": "boom"}),
        json_reply(200, [notification(1, status(1))]),
    )
    source = _source(cast, api_server)
    assert "HTTP 500" in services.collect(source).error
    source.refresh_from_db()
    assert services.collect(source).created == 1
    source.refresh_from_db()
    assert source.healthy


def test_mastodon_instance_on_a_private_address_is_refused(
    cast: Cast, api_server: ApiServer
) -> None:
    source = _source(cast, api_server)
    source.url = api_server.url("/", host="127.0.0.1")
    source.save()
    report = services.collect(source)
    assert "address refused" in report.error
    assert api_server.seen == []


def test_mastodon_search_without_token_says_so(cast: Cast, api_server: ApiServer) -> None:
    source = _source(cast, api_server, terms="Cabinet Alpha")
    source.credentials = {}
    source.save()
    assert "access token" in services.collect(source).error
    assert api_server.seen == []


def test_mastodon_form_refuses_a_token_that_names_a_file() -> None:
    form = MastodonForm(
        {"url": "https://mastodon.social", "access_token": "/etc/passwd-or-so", "mentions": "on"}
    )
    assert not form.is_valid()
    assert "access_token" in form.errors


def test_mastodon_form_cleans_hashtags_and_bounds_streams() -> None:
    form = MastodonForm(
        {"url": "https://mastodon.social", "hashtags": "#Alpha, beta alpha\n#Alpha"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["hashtags"] == "Alpha beta alpha"
    many = MastodonForm(
        {"url": "https://mastodon.social", "hashtags": " ".join(f"t{i}" for i in range(11))}
    )
    assert not many.is_valid()


def test_mastodon_redirect_to_another_address_is_not_followed(
    cast: Cast, api_server: ApiServer
) -> None:
    target = api_server.url("/api/v1/notifications", host="127.0.0.1")
    api_server.route(
        "/api/v1/notifications",
        Reply(302, b"", {"Location": target}),
    )
    source = _source(cast, api_server)
    report = services.collect(source)
    assert "redirected elsewhere" in report.error
    assert len(api_server.seen) == 1  # the private address was never asked


def _resolving(monkeypatch: pytest.MonkeyPatch, name: str, *answers: str) -> list[str]:
    """Make ``name`` resolve to each of ``answers`` in turn (the last one repeats);
    returns the log of lookups."""
    from tocsin.lib import safe_http

    asked: list[str] = []
    real = safe_http.system_resolver

    def resolver(host: str, port: int) -> list[str]:
        if host != name:
            return real(host, port)
        asked.append(host)
        return [answers[min(len(asked), len(answers)) - 1]]

    monkeypatch.setattr(safe_http, "system_resolver", resolver)
    return asked


def test_mastodon_connects_to_the_address_it_vetted(
    cast: Cast, api_server: ApiServer, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "mastodon.test" exists for safe_http's resolver alone: were the connection to look the
    # name up again (as requests does by itself), it would fail.
    settings.TOCSIN_ALLOWED_PRIVATE_HOSTS = ["mastodon.test"]  # type: ignore[attr-defined]
    asked = _resolving(monkeypatch, "mastodon.test", "127.0.0.1")
    api_server.route("/api/v1/notifications", json_reply(200, [notification(1, status(1))]))
    source = _source(cast, api_server)
    source.url = api_server.url("/", host="mastodon.test")
    source.save()
    report = services.collect(source)
    assert (report.created, report.error) == (1, "")
    [seen] = api_server.seen
    assert seen.headers["host"] == f"mastodon.test:{api_server.port}"
    assert len(asked) == 2  # the source's check, then the request's own


def test_mastodon_name_that_turns_private_after_the_check_is_not_fetched(
    cast: Cast, api_server: ApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: a public answer for the first check, loopback a moment later.
    _resolving(monkeypatch, "rebind.test", "93.184.216.34", "127.0.0.1")
    source = _source(cast, api_server)
    source.url = "http://rebind.test:8080/"
    source.save()
    report = services.collect(source)
    # Refused by the request's own check; without it, requests would have looked the name
    # up itself and failed to resolve it ("could not reach the instance").
    assert report.error.startswith("address refused") and "127.0.0.1" in report.error
    assert Mention.objects.for_firm(cast.firm_a).count() == 0
