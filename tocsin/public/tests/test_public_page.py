"""The public crisis page, its feed and the banner: what anyone can read, and only that."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from django.test import Client

from tocsin.crises.models import Crisis, CrisisType
from tocsin.public import services
from tocsin.public.models import PublicState
from tocsin.testing import Cast

ATOM = "{http://www.w3.org/2005/Atom}"


def _url(crisis: Crisis, rest: str = "") -> str:
    return f"/p/{crisis.firm.slug}/{crisis.pk}/{rest}"


def _publish(crisis: Crisis, cast: Cast, fr: str, en: str = "", state: str = "identified") -> Any:
    return services.publish_update(
        crisis, body_fr=fr, body_en=en, state=state, notify=False, actor=cast.alice.person
    )


def test_public_page_shows_updates_newest_first_and_the_faq(cast: Cast, crisis: Crisis) -> None:
    _publish(crisis, cast, "Premier point.", "First update.", "investigating")
    _publish(crisis, cast, "Deuxième point.", "Second update.")
    response = Client().get(_url(crisis))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert html.index("Deuxième point.") < html.index("Premier point.")
    assert "Un serveur du cabinet a été piraté le 3 juin." in html
    assert "state-identified" in html
    assert "widget.js" in html
    english = Client().get(_url(crisis) + "?lang=en").content.decode()
    assert '<html lang="en">' in english and "Second update." in english
    assert "One of the firm&#x27;s servers was hacked on 3 June." in english
    assert "Client data leak" in english


def test_user_text_is_escaped(cast: Cast, crisis: Crisis) -> None:
    _publish(crisis, cast, "<script>alert(1)</script> & co")
    html = Client().get(_url(crisis)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


def test_page_is_cacheable_and_revalidates(cast: Cast, crisis: Crisis) -> None:
    client = Client()
    first = client.get(_url(crisis))
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    assert "csrftoken" not in first.cookies and "sessionid" not in first.cookies
    again = client.get(_url(crisis), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    _publish(crisis, cast, "Nouveau point.")
    changed = client.get(_url(crisis), headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and "Nouveau point." in changed.content.decode()


def test_hidden_crisis_and_other_firms_crisis_are_not_found(cast: Cast, crisis: Crisis) -> None:
    client = Client()
    assert client.get(f"/p/{cast.firm_b.slug}/{crisis.pk}/").status_code == 404
    assert client.get(f"/p/{cast.firm_b.slug}/{crisis.pk}/feed.atom").status_code == 404
    assert client.get(f"/p/nobody/{crisis.pk}/").status_code == 404
    services.set_page(crisis, is_public=False, title_fr="x", actor=cast.alice.person)
    assert client.get(_url(crisis)).status_code == 404
    assert client.get(_url(crisis, "widget.js")).status_code == 404
    hidden = Crisis.objects.create(
        firm=cast.firm_a,
        title="Interne",
        crisis_type=CrisisType.OTHER,
        awareness_at=crisis.opened_at,
    )
    assert client.get(_url(hidden)).status_code == 404


def test_atom_feed_lists_updates_in_the_language_asked(cast: Cast, crisis: Crisis) -> None:
    _publish(crisis, cast, "Point en français.", "Update in English.")
    response = Client().get(_url(crisis, "feed.atom") + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].findtext(f"{ATOM}summary") == "Update in English."
    assert root.findtext(f"{ATOM}title").endswith("Client data leak")  # type: ignore[union-attr]


def test_firm_index_lists_public_crises(cast: Cast, crisis: Crisis) -> None:
    html = Client().get(f"/p/{cast.firm_a.slug}/").content.decode()
    assert "Fuite de données clients" in html
    assert (
        "Fuite de données clients" not in Client().get(f"/p/{cast.firm_b.slug}/").content.decode()
    )


def test_banner_shows_while_a_crisis_is_public_and_not_resolved(cast: Cast, crisis: Crisis) -> None:
    client = Client()
    script = client.get(f"/p/{cast.firm_a.slug}/banner.js")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("text/javascript")
    body = script.content.decode()
    assert "Client data leak" in body and f"/p/{cast.firm_a.slug}/{crisis.pk}/" in body
    assert "no public crisis" in client.get(f"/p/{cast.firm_b.slug}/banner.js").content.decode()
    _publish(crisis, cast, "Incident clos.", state=PublicState.RESOLVED)
    assert "no public crisis" in client.get(f"/p/{cast.firm_a.slug}/banner.js").content.decode()


def test_scripts_cannot_be_closed_by_a_title(cast: Cast, crisis: Crisis) -> None:
    services.set_page(crisis, is_public=True, title_fr="</script><b>x</b>", actor=cast.alice.person)
    body = Client().get(f"/p/{cast.firm_a.slug}/banner.js").content.decode()
    assert "</script>" not in body and "\\u003c/script\\u003e" in body
    widget = Client().get(_url(crisis, "widget.js")).content.decode()
    assert "</script>" not in widget
