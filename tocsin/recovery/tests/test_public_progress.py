"""What the public crisis page may show of the corrective actions."""

from __future__ import annotations

from datetime import date

from tocsin.crises.models import Crisis
from tocsin.recovery import services
from tocsin.testing import Cast


def test_only_public_actions_appear_in_public_progress(cast: Cast, crisis: Crisis) -> None:
    shown = services.create_action(
        crisis,
        title="Formation à l'hameçonnage",
        title_en="Phishing training",
        due_on=date(2027, 1, 31),
        actor=None,
    )
    hidden = services.create_action(crisis, title="Revoir les droits d'accès", actor=None)
    services.update_action(shown, {"state": "in_progress", "percent": 60}, actor=None)
    services.add_note(
        shown, text="Première session faite", text_en="First session held", public=True, actor=None
    )
    services.add_note(shown, text="Karim était absent", public=False, actor=None)
    services.add_note(hidden, text="Interne", public=True, actor=None)
    services.set_public(shown, True, actor=cast.alice.person)

    rows = services.public_progress(crisis)

    assert [r["id"] for r in rows] == [shown.pk]
    row = rows[0]
    assert row["title"] == {"fr": "Formation à l'hameçonnage", "en": "Phishing training"}
    assert (row["state"], row["percent"], row["due_on"]) == ("in_progress", 60, date(2027, 1, 31))
    assert row["state_label"] == {"fr": "En cours", "en": "In progress"}
    assert row["note"] == {"fr": "Première session faite", "en": "First session held"}


def test_a_hidden_action_leaves_the_public_progress(cast: Cast, crisis: Crisis) -> None:
    action = services.create_action(crisis, title="Audit", actor=None)
    services.set_public(action, True, actor=cast.alice.person)
    services.set_public(action, False, actor=cast.alice.person)
    assert services.public_progress(crisis) == []


def test_public_crisis_page_shows_public_actions_in_the_visitors_language(
    cast: Cast, crisis: Crisis
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tocsin.public import services as public

    public.set_page(
        crisis, is_public=True, title_fr="Incident", title_en="Incident", contact="", actor=None
    )
    shown = services.create_action(
        crisis, title="Formation de l'équipe", title_en="Team training", actor=None
    )
    services.create_action(crisis, title="Droits d'accès internes", actor=None)
    url = reverse("public_crisis", args=[cast.firm_a.slug, crisis.pk])
    before = Client().get(url + "?lang=fr")["ETag"]
    services.set_public(shown, True, actor=cast.alice.person)
    services.add_note(
        shown, text="Session 1 faite", text_en="Session 1 held", public=True, actor=None
    )

    fr = Client().get(url + "?lang=fr")
    en = Client().get(url + "?lang=en").content.decode()
    assert fr["ETag"] != before  # caches revalidate when the progress changes
    page = fr.content.decode()
    assert "Ce que nous changeons" in page and "Formation de l&#x27;équipe" in page
    assert "Session 1 faite" in page and "Droits d" not in page
    assert "What we are changing" in en and "Team training" in en and "Session 1 held" in en
