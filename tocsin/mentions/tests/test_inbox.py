from __future__ import annotations

from typing import Any

from django.test import Client

from tocsin.mentions.models import Mention, Status
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast


def test_inbox_lists_filters_and_escapes(cast: Cast, client: Client) -> None:
    ingest(
        cast.firm_a,
        [
            Incoming(
                text="<script>alert('x')</script> Fuite de données chez Alpha", author="<b>mal</b>"
            ),
            Incoming(text="Bravo à l'équipe du cabinet Alpha"),
        ],
    )
    ingest(cast.firm_b, [Incoming(text="Secret de la firme B")])
    client.force_login(cast.victor.person)
    page = client.get("/f/alpha/inbox/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page and "&lt;b&gt;mal" in page
    assert "Bravo" in page and "Secret de la firme B" not in page
    filtered = client.get("/f/alpha/inbox/", {"q": "fuite"}).content.decode()
    assert "Bravo" not in filtered and "Fuite" in filtered


def test_communicator_triages_with_htmx(cast: Cast, client: Client) -> None:
    mention_id = ingest(cast.firm_a, [Incoming(text="Question sur ma facture")]).created[0]
    client.force_login(cast.colin.person)
    response = client.post(
        "/f/alpha/inbox/triage/",
        {"ids": [mention_id], "status": "answered"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "status-answered" in response.content.decode()
    assert Mention.objects.for_firm(cast.firm_a).get().status == Status.ANSWERED


def test_viewer_cannot_triage(cast: Cast, client: Client) -> None:
    mention_id = ingest(cast.firm_a, [Incoming(text="Question")]).created[0]
    client.force_login(cast.victor.person)
    assert (
        client.post(
            "/f/alpha/inbox/triage/", {"ids": [mention_id], "status": "ignored"}
        ).status_code
        == 403
    )


def test_correction_is_kept_as_labelled_data(cast: Cast, client: Client) -> None:
    mention_id = ingest(
        cast.firm_a, [Incoming(text="Mon comptable ne répond plus depuis un mois")]
    ).created[0]
    before = Mention.objects.for_firm(cast.firm_a).get()
    new_type = "supplier_outage" if before.crisis_type != "supplier_outage" else "none"
    client.force_login(cast.colin.person)
    client.post(
        f"/f/alpha/inbox/{mention_id}/correct/",
        {"sentiment": before.sentiment, "crisis_type": new_type},
    )
    mention = Mention.objects.for_firm(cast.firm_a).get()
    assert mention.crisis_type == new_type
    [correction] = mention.corrections.all()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "crisis_type",
        before.crisis_type,
        new_type,
    )


def test_watch_query_errors_point_at_the_fault(cast: Cast, client: Client) -> None:
    client.force_login(cast.colin.person)
    response = client.post(
        "/f/alpha/watch/", {"name": "bad", "query": '"Cabinet Alpha" AND (fuite', "active": "on"}
    )
    assert response.status_code == 400 and "12" in response.content.decode()
    ok = client.post(
        "/f/alpha/watch/", {"name": "ok", "query": '"Cabinet Alpha" AND fuite', "active": "on"}
    )
    assert ok.status_code == 302


def test_overview_shows_the_mention_curve(
    cast: Cast, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    # The curve reads the hourly rollups that the work after ingest (on commit) recounts.
    with django_capture_on_commit_callbacks(execute=True):
        ingest(
            cast.firm_a, [Incoming(text="Fuite de données: colère des clients", external_id="1")]
        )
    client.force_login(cast.victor.person)
    assert "/f/alpha/inbox/curve/" in client.get("/f/alpha/").content.decode()
    svg = client.get("/f/alpha/inbox/curve/").content.decode()
    assert svg.startswith("<svg") and svg.count("<rect") >= 60 and ": 1 " in svg


def test_crisis_room_shows_the_pinned_mentions(cast: Cast, client: Client) -> None:
    from django.utils import timezone

    from tocsin.crises import pins, services

    mention_id = ingest(cast.firm_a, [Incoming(text="Fuite de fiches de paie chez Alpha")]).created[
        0
    ]
    crisis = services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type="data_breach",
        title="Fuite",
        awareness_at=timezone.now(),
    )
    pins.pin_mention(crisis, mention_id, actor=cast.alice.person)
    client.force_login(cast.victor.person)
    page = client.get(f"/f/alpha/crises/{crisis.pk}/").content.decode()
    assert "Fuite de fiches de paie chez Alpha" in page and f"/f/alpha/inbox/{mention_id}/" in page


def test_crisis_room_lists_statements_waiting(cast: Cast, client: Client) -> None:
    from django.utils import timezone

    from tocsin.crises import services
    from tocsin.responses.models import Statement

    crisis = services.open_crisis(
        cast.firm_a,
        opened_by=cast.alice.person,
        crisis_type="data_breach",
        title="Fuite",
        awareness_at=timezone.now(),
    )
    Statement.objects.create(
        firm=cast.firm_a, crisis=crisis, title="Déclaration d'attente", language="fr"
    )
    client.force_login(cast.colin.person)
    page = client.get(f"/f/alpha/crises/{crisis.pk}/").content.decode()
    assert "Déclaration d&#x27;attente" in page or "Déclaration d'attente" in page
    mention_id = ingest(cast.firm_a, [Incoming(text="Question")]).created[0]
    assert (
        f"/f/alpha/responses/mention/{mention_id}/"
        in client.get(f"/f/alpha/inbox/{mention_id}/").content.decode()
    )


def test_corrected_sentiment_shows_in_the_curve_at_once(cast: Cast, client: Client) -> None:
    from tocsin.alerts.models import Rollup

    ingest(cast.firm_a, [Incoming(text="Merci au cabinet pour son accompagnement remarquable")])
    mention = Mention.objects.for_firm(cast.firm_a).get()
    assert mention.sentiment != "negative"
    client.force_login(cast.colin.person)
    client.post(
        f"/f/alpha/inbox/{mention.pk}/correct/",
        {"sentiment": "negative", "crisis_type": mention.crisis_type},
    )
    [hour] = Rollup.objects.for_firm(cast.firm_a)
    assert (hour.volume, hour.negative) == (1, 1)


def test_bulk_triage_goes_back_to_the_inbox_and_never_elsewhere(cast: Cast, client: Client) -> None:
    mention_id = ingest(cast.firm_a, [Incoming(text="Question sur ma facture")]).created[0]
    client.force_login(cast.colin.person)
    for back, expected in [
        ("/f/alpha/inbox/?status=new", "/f/alpha/inbox/?status=new"),
        ("//evil.example/phish", "/f/alpha/inbox/"),
        ("https://evil.example/", "/f/alpha/inbox/"),
        ("inbox", "/f/alpha/inbox/"),  # not an address: was looked up as a view name (500)
        ("/\\evil.example", "/f/alpha/inbox/"),
    ]:
        response = client.post(
            "/f/alpha/inbox/triage/", {"ids": [mention_id], "status": "answered", "next": back}
        )
        assert (response.status_code, response["Location"]) == (302, expected), back
