"""The firm's side: posting updates, showing the page, editing and importing the FAQ, API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tocsin.crises.models import Crisis
from tocsin.crises.services import timeline
from tocsin.firms.models import ApiToken, Membership
from tocsin.public import services
from tocsin.public.models import CrisisFaq, CrisisUpdate
from tocsin.testing import Cast

DEV_FAQ = Path(__file__).resolve().parents[4] / "shared" / "data" / "faq-dev" / "faq.yaml"
DEMO_FAQ = Path(__file__).resolve().parents[1] / "data" / "demo-payslips-faq.yaml"


def _client(member: Membership) -> Client:
    client = Client()
    client.force_login(member.person)
    return client


def _admin(crisis: Crisis, rest: str = "") -> str:
    return f"/f/{crisis.firm.slug}/public/{crisis.pk}/{rest}"


def test_partner_posts_an_update_that_lands_on_the_timeline(cast: Cast, crisis: Crisis) -> None:
    response = _client(cast.alice).post(
        _admin(crisis, "updates/"),
        {"state": "identified", "body_fr": "Cause identifiée.", "body_en": "Cause identified."},
    )
    assert response.status_code == 302
    update = CrisisUpdate.objects.for_firm(cast.firm_a).get()
    assert update.published_by == cast.alice.person and update.notify is False
    event = timeline(crisis).filter(action="public.update").get()
    assert event.actor_id == cast.alice.person.pk and "Cause identifiée." in event.summary
    assert "Cause identifiée." in Client().get(f"/p/alpha/{crisis.pk}/").content.decode()


def test_communicator_and_viewer_cannot_post_or_approve_the_faq(cast: Cast, crisis: Crisis) -> None:
    for member in (cast.colin, cast.victor):
        client = _client(member)
        assert client.get(_admin(crisis)).status_code == 200
        assert (
            client.post(
                _admin(crisis, "updates/"), {"state": "identified", "body_fr": "x"}
            ).status_code
            == 403
        )
        assert client.get(_admin(crisis, "faq/")).status_code == 403
    assert CrisisUpdate.objects.for_firm(cast.firm_a).count() == 0


def test_an_empty_update_is_refused(cast: Cast, crisis: Crisis) -> None:
    response = _client(cast.alice).post(
        _admin(crisis, "updates/"), {"state": "identified", "body_fr": ""}
    )
    assert response.status_code == 400
    assert CrisisUpdate.objects.for_firm(cast.firm_a).count() == 0


def test_partner_edits_the_faq_in_the_interface(cast: Cast, crisis: Crisis) -> None:
    client = _client(cast.alice)
    page = client.get(_admin(crisis, "faq/")).content.decode()
    assert "Allez-vous me rembourser les frais ?" in page
    entries = services.faq_entries(services.current_faq(crisis))
    data: dict[str, Any] = {
        "crisis": "Fuite de données clients",
        "form-TOTAL_FORMS": str(len(entries) + 1),
        "form-INITIAL_FORMS": str(len(entries)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, e in enumerate(entries):
        data[f"form-{i}-id"] = e["id"]
        data[f"form-{i}-questions"] = "\n".join(e["questions"])
        data[f"form-{i}-answer_fr"] = e["answers"]["fr"]
        data[f"form-{i}-answer_en"] = e["answers"]["en"]
    data["form-1-DELETE"] = "on"  # drop "refund"
    n = len(entries)
    data[f"form-{n}-id"] = "insurance"
    data[f"form-{n}-questions"] = "Êtes-vous assurés ?\nAre you insured?"
    data[f"form-{n}-answer_fr"] = "Oui, le cabinet est assuré."
    data[f"form-{n}-answer_en"] = "Yes, the firm is insured."
    response = client.post(_admin(crisis, "faq/save/"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = services.current_faq(crisis)
    assert saved is not None and saved.version == 2
    ids = [e["id"] for e in services.faq_entries(saved)]
    assert "refund" not in ids and "insurance" in ids
    assert timeline(crisis).filter(action="public.faq").count() == 2


def test_faq_entry_without_english_answer_is_refused(cast: Cast, crisis: Crisis) -> None:
    data = {
        "crisis": "x",
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": "only-french",
        "form-0-questions": "Une question ?",
        "form-0-answer_fr": "Une réponse.",
        "form-0-answer_en": "",
    }
    assert _client(cast.alice).post(_admin(crisis, "faq/save/"), data).status_code == 400
    assert services.current_faq(crisis).version == 1  # type: ignore[union-attr]


def test_faq_import_and_export_round_trip_in_the_dev_format(cast: Cast, crisis: Crisis) -> None:
    client = _client(cast.alice)
    source = DEV_FAQ.read_text(encoding="utf-8") if DEV_FAQ.exists() else DEMO_FAQ.read_text()
    upload = SimpleUploadedFile("faq.yaml", source.encode(), content_type="application/yaml")
    assert client.post(_admin(crisis, "faq/import/"), {"file": upload}).status_code == 302
    exported = _client(cast.victor).get(_admin(crisis, "faq.yaml"))
    assert exported["Content-Disposition"].startswith("attachment")
    assert yaml.safe_load(exported.content) == yaml.safe_load(source)
    # A broken file changes nothing and says what is wrong.
    response = client.post(
        _admin(crisis, "faq/import/"), {"text": "crisis: x\nentries: [{id: a}]"}, follow=True
    )
    assert "entries[0].questions" in response.content.decode()
    assert CrisisFaq.objects.for_firm(cast.firm_a).count() == 2


def test_api_publishes_an_update_and_imports_the_faq(cast: Cast, crisis: Crisis) -> None:
    _, token = ApiToken.issue(firm=cast.firm_a, person=cast.alice.person, name="t")
    auth = {"Authorization": f"Bearer {token}"}
    client = Client()
    created = client.post(
        f"/api/v1/public/crises/{crisis.pk}/updates",
        {"body_fr": "Point API.", "body_en": "API update.", "state": "monitoring", "notify": False},
        content_type="application/json",
        headers=auth,
    )
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "monitoring"
    listed = client.get(f"/api/v1/public/crises/{crisis.pk}/updates", headers=auth).json()
    assert [u["body_en"] for u in listed] == ["API update."]
    detail = client.get(f"/api/v1/public/crises/{crisis.pk}", headers=auth).json()
    assert detail["state"] == "monitoring" and detail["subscribers"]["confirmed"] == 0
    bad = client.put(
        f"/api/v1/public/crises/{crisis.pk}/faq",
        {"yaml": "entries: []"},
        content_type="application/json",
        headers=auth,
    )
    assert bad.status_code == 422
    good = client.put(
        f"/api/v1/public/crises/{crisis.pk}/faq",
        {"yaml": DEMO_FAQ.read_text(encoding="utf-8")},
        content_type="application/json",
        headers=auth,
    )
    assert good.status_code == 200 and good.json()["version"] == 2
    exported = client.get(f"/api/v1/public/crises/{crisis.pk}/faq", headers=auth).json()
    assert exported["version"] == 2


def test_admin_sets_the_conversation_retention(cast: Cast) -> None:
    response = _client(cast.ada).post("/f/alpha/public/settings/", {"conversation_days": "10"})
    assert response.status_code == 302
    assert services.settings_of(cast.firm_a).conversation_days == 10
    assert (
        _client(cast.alice)
        .post("/f/alpha/public/settings/", {"conversation_days": "1"})
        .status_code
        == 403
    )


def test_crisis_room_shows_the_public_panel(cast: Cast, crisis: Crisis) -> None:
    html = _client(cast.victor).get(f"/f/alpha/crises/{crisis.pk}/").content.decode()
    assert f"/f/alpha/public/{crisis.pk}/" in html
    assert f"/p/alpha/{crisis.pk}/" in html
