"""The source pages: list with health, add, edit, enable, collect now, delete."""

from __future__ import annotations

import pytest
from django.test import Client

from tocsin.firms.models import AuditEvent, Membership
from tocsin.mentions.models import Mention
from tocsin.sources import services
from tocsin.sources.models import Source
from tocsin.sources.tests.loopback import Loopback, Reply
from tocsin.testing import Cast

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Presse</title>
<item><title>Cabinet Alpha cite dans la presse</title><guid>p1</guid>
<description>Article sur le Cabinet Alpha.</description></item></channel></rss>"""


def _client(member: Membership) -> Client:
    client = Client()
    client.force_login(member.person)
    return client


def _source(cast: Cast, **fields: object) -> Source:
    values: dict[str, object] = {"name": "Alerte", "kind": "rss", "url": "https://example.org/f"}
    values.update(fields)
    return Source.objects.create(firm=cast.firm_a, **values)


def test_admin_adds_a_feed_source(cast: Cast) -> None:
    response = _client(cast.ada).post(
        "/f/alpha/sources/add/",
        {
            "kind": "rss",
            "name": "Google Alerte « Cabinet Alpha »",
            "enabled": "on",
            "interval_seconds": "600",
            "weight": "1.5",
            "s-url": "https://www.google.com/alerts/feeds/1/2",
        },
    )
    assert response.status_code == 302
    source = Source.objects.for_firm(cast.firm_a).get()
    assert (source.kind, source.url, source.interval_seconds) == (
        "rss",
        "https://www.google.com/alerts/feeds/1/2",
        600,
    )
    assert source.config == {"only_matching": False, "websub": False}
    assert AuditEvent.objects.filter(action="source.create", target_id=str(source.pk)).exists()


def test_add_page_offers_the_kinds(cast: Cast) -> None:
    page = _client(cast.ada).get("/f/alpha/sources/add/").content.decode()
    assert "?kind=rss" in page and "?kind=webhook" in page
    form = _client(cast.ada).get("/f/alpha/sources/add/?kind=rss").content.decode()
    assert 'name="s-url"' in form


def test_private_feed_address_is_refused_by_the_form(cast: Cast) -> None:
    response = _client(cast.ada).post(
        "/f/alpha/sources/add/",
        {
            "kind": "rss",
            "name": "Métadonnées",
            "interval_seconds": "600",
            "weight": "1",
            "s-url": "http://169.254.169.254/latest/meta-data/",
        },
    )
    assert response.status_code == 200
    assert "Tocsin will not fetch this address" in response.content.decode() or (
        "Tocsin ne" in response.content.decode()
    )
    assert not Source.objects.for_firm(cast.firm_a).exists()


@pytest.mark.parametrize("member", ["alice", "colin", "victor"])
def test_only_an_admin_can_add_a_source(cast: Cast, member: str) -> None:
    response = _client(getattr(cast, member)).post(
        "/f/alpha/sources/add/", {"kind": "rss", "name": "x", "s-url": "https://example.org/"}
    )
    assert response.status_code == 403
    assert not Source.objects.for_firm(cast.firm_a).exists()


def test_viewer_cannot_add_source(cast: Cast) -> None:
    assert _client(cast.victor).get("/f/alpha/sources/add/?kind=rss").status_code == 403


def test_source_list_shows_health_and_escapes_names(cast: Cast) -> None:
    _source(cast, name="<script>alert(1)</script>", items_seen=12, mentions_created=3)
    _source(cast, name="Cassé", consecutive_failures=2, last_error="the feed answered HTTP 500")
    page = _client(cast.victor).get("/f/alpha/sources/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "the feed answered HTTP 500" in page
    assert "badge negative" in page and "badge positive" in page
    assert "/f/alpha/sources/add/" not in page  # a viewer is not offered to add


def test_other_firm_cannot_see_a_source(cast: Cast) -> None:
    source = _source(cast)
    assert _client(cast.bob).get(f"/f/beta/sources/{source.pk}/").status_code == 404
    assert _client(cast.bob).get(f"/f/alpha/sources/{source.pk}/").status_code == 404


def test_source_detail_shows_its_health(cast: Cast) -> None:
    source = _source(cast, last_error="address refused: loopback", consecutive_failures=1)
    page = _client(cast.victor).get(f"/f/alpha/sources/{source.pk}/").content.decode()
    assert "address refused: loopback" in page
    assert "source_collect" not in page and f"/sources/{source.pk}/edit/" not in page


def test_admin_edits_a_source_and_a_new_address_forgets_the_etag(cast: Cast) -> None:
    source = _source(cast, etag='"old"', consecutive_failures=3)
    response = _client(cast.ada).post(
        f"/f/alpha/sources/{source.pk}/edit/",
        {
            "name": "Nouveau nom",
            "enabled": "on",
            "interval_seconds": "900",
            "weight": "1",
            "s-url": "https://example.org/new-feed",
            "s-only_matching": "on",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.url, source.etag) == (
        "Nouveau nom",
        "https://example.org/new-feed",
        "",
    )
    assert source.consecutive_failures == 0 and source.config["only_matching"] is True


def test_disabled_source_is_not_collected(cast: Cast) -> None:
    source = _source(cast)
    _client(cast.ada).post(f"/f/alpha/sources/{source.pk}/toggle/")
    source.refresh_from_db()
    assert not source.enabled
    assert source.pk not in services.due_sources()
    _client(cast.ada).post(f"/f/alpha/sources/{source.pk}/toggle/")
    assert source.pk in services.due_sources()


@pytest.mark.django_db(transaction=True)
def test_collect_now_runs_the_collection(
    cast: Cast, loopback: Loopback, allow_loopback: None
) -> None:
    loopback.route("/feed.xml", Reply(200, RSS, {"Content-Type": "application/rss+xml"}))
    source = _source(cast, url=loopback.url("/feed.xml"))
    Source.objects.for_firm(cast.firm_a).filter(pk=source.pk).update(
        next_run_at=source.next_run_at.replace(year=2100)
    )
    response = _client(cast.colin).post(f"/f/alpha/sources/{source.pk}/collect/")
    assert response.status_code == 302
    assert Mention.objects.for_firm(cast.firm_a).count() == 1
    source.refresh_from_db()
    assert source.items_seen == 1 and source.last_success_at is not None


def test_viewer_cannot_collect_now(cast: Cast) -> None:
    source = _source(cast)
    assert _client(cast.victor).post(f"/f/alpha/sources/{source.pk}/collect/").status_code == 403


def test_delete_keeps_the_mentions(cast: Cast) -> None:
    source = _source(cast)
    Mention.objects.create(firm=cast.firm_a, source=source, dedup_key="k", text="Cabinet Alpha")
    response = _client(cast.ada).post(f"/f/alpha/sources/{source.pk}/delete/")
    assert response.status_code == 302
    assert not Source.objects.for_firm(cast.firm_a).exists()
    assert Mention.objects.for_firm(cast.firm_a).count() == 1
    assert AuditEvent.objects.filter(action="source.delete").exists()


def test_webhook_source_shows_its_address_and_its_secret_once(cast: Cast) -> None:
    client = _client(cast.ada)
    client.post(
        "/f/alpha/sources/add/",
        {
            "kind": "webhook",
            "name": "Talkwalker",
            "enabled": "on",
            "interval_seconds": "900",
            "weight": "1",
        },
    )
    source = Source.objects.for_firm(cast.firm_a).get()
    secret = source.credentials["hmac_secret"]
    first = client.get(f"/f/alpha/sources/{source.pk}/").content.decode()
    assert secret in first and f"/hooks/{source.callback_token}/" in first
    second = client.get(f"/f/alpha/sources/{source.pk}/").content.decode()
    assert secret not in second and f"/hooks/{source.callback_token}/" in second
    client.post(f"/f/alpha/sources/{source.pk}/secret/")
    source.refresh_from_db()
    assert source.credentials["hmac_secret"] != secret
    assert (
        source.credentials["hmac_secret"]
        in client.get(f"/f/alpha/sources/{source.pk}/").content.decode()
    )


def test_pages_speak_french_first(cast: Cast) -> None:
    _source(cast, consecutive_failures=2)
    page = _client(cast.ada).get("/f/alpha/sources/").content.decode()
    assert "Ajouter une source" in page and "en échec (2 fois)" in page
