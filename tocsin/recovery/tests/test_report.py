"""The post-crisis report: its measures, its languages, its PDF and its one-page summary."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tocsin.crises import pins
from tocsin.crises import services as crises
from tocsin.crises.models import Crisis
from tocsin.public.models import CrisisUpdate
from tocsin.recovery import report, services
from tocsin.recovery.tests.conftest import mention
from tocsin.testing import Cast


def _moment(crisis: Crisis, key: str) -> report.Moment:
    return next(m for m in report.moments(crisis) if m.key == key)


def test_report_measures_time_to_detect_from_first_mention(cast: Cast, crisis: Crisis) -> None:
    opened = crisis.opened_at
    mention(cast.firm_a, opened - timedelta(hours=6), negative=True, crisis_type="accounting_error")
    mention(cast.firm_a, opened - timedelta(days=30), crisis_type="accounting_error")  # too old
    mention(cast.firm_b, opened - timedelta(hours=9), crisis_type="accounting_error")  # firm B
    detect = _moment(crisis, "detect")
    assert detect.since_first == timedelta(hours=6)
    assert detect.at == opened

    # A mention pinned to the crisis is the authority on where it started.
    pinned = mention(cast.firm_a, opened - timedelta(hours=2, minutes=30), negative=True)
    pins.pin_mention(crisis, pinned.pk, actor=cast.colin.person)
    assert _moment(crisis, "detect").since_first == timedelta(hours=2, minutes=30)
    assert report.duration_text(timedelta(hours=2, minutes=30)) == "2 h 30 min"


def test_report_measures_acknowledgement_and_first_public_response(
    cast: Cast, crisis: Crisis
) -> None:
    first = mention(cast.firm_a, crisis.opened_at - timedelta(hours=1), negative=True)
    pins.pin_mention(crisis, first.pk, actor=cast.colin.person)
    assert _moment(crisis, "respond").at is None
    crises.assess(
        crisis, answers={"public": True}, activate=True, reason="", actor=cast.alice.person
    )
    CrisisUpdate.objects.create(
        firm=cast.firm_a,
        crisis=crisis,
        state="investigating",
        body_fr="Nous analysons la situation.",
        published_at=crisis.opened_at + timedelta(hours=3),
    )
    assert _moment(crisis, "respond").since_first == timedelta(hours=4)
    # Assessed just now, but the public update three hours after opening acknowledged it.
    assert _moment(crisis, "acknowledge").since_first == timedelta(hours=4)


def test_acknowledgement_is_the_first_triage(cast: Cast, crisis: Crisis) -> None:
    first = mention(cast.firm_a, crisis.opened_at - timedelta(hours=1), negative=True)
    pins.pin_mention(crisis, first.pk, actor=cast.colin.person)
    assert _moment(crisis, "acknowledge").at is None
    crises.assess(
        crisis, answers={"public": True}, activate=True, reason="", actor=cast.alice.person
    )
    acknowledged = _moment(crisis, "acknowledge")
    assert acknowledged.at is not None and acknowledged.at > crisis.opened_at
    assert "qualifiée" in report.render_html(crisis, "fr")


def _report_context(cast: Cast, crisis: Crisis) -> None:
    first = mention(cast.firm_a, crisis.opened_at - timedelta(hours=5), negative=True)
    pins.pin_mention(crisis, first.pk, actor=cast.colin.person)
    action = services.create_action(crisis, title="Double contrôle des déclarations", actor=None)
    services.update_action(action, {"state": "in_progress", "percent": 50}, actor=None)
    services.save_lessons(
        crisis,
        lessons="Vérifier le calendrier fiscal chaque trimestre\nRépondre sous 24 heures",
        summary="",
        actor=cast.alice.person,
    )


def test_report_html_speaks_french_or_english(cast: Cast, crisis: Crisis) -> None:
    _report_context(cast, crisis)
    client = Client()
    client.force_login(cast.victor.person)
    url = reverse("recovery_report", args=["alpha", crisis.pk])
    fr = client.get(url + "?lang=fr").content.decode()
    en = client.get(url + "?lang=en").content.decode()
    assert "Rapport post-crise" in fr and "Délai de détection" in fr and "5 h 00 min" in fr
    assert "Post-crisis report" in en and "Time to detect" in en
    for page in (fr, en):
        assert "Double contrôle des déclarations" in page
        assert "Vérifier le calendrier fiscal chaque trimestre" in page
        assert "<svg" in page  # charts drawn on the server


def _text_of(document: Any) -> str:
    """Text laid out in a WeasyPrint document: what the PDF pages show."""
    words: list[str] = []

    def walk(box: Any) -> None:
        if getattr(box, "text", None):
            words.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(words)


def test_report_pdf_is_a_pdf_in_french(cast: Cast, crisis: Crisis, tmp_path: Path) -> None:
    from weasyprint import HTML

    _report_context(cast, crisis)
    out = tmp_path / "rapport.pdf"
    call_command("report", crisis=crisis.pk, lang="fr", pdf=out, stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF-")
    # The same document, laid out by WeasyPrint: its pages carry the French text and charts.
    document = HTML(string=report.render_html(crisis, "fr", pdf=True)).render()
    text = _text_of(document)
    assert "Rapport post-crise" in text and "Délai de détection" in text
    assert "Double contrôle des déclarations" in text and "Chronologie" in text
    assert 'src="data:image/svg+xml;base64,' in report.render_html(crisis, "fr", pdf=True)


def test_executive_summary_fits_on_one_page(cast: Cast, crisis: Crisis) -> None:
    from weasyprint import HTML

    _report_context(cast, crisis)
    for i in range(12):  # a long crisis: its timeline must not spill into the summary
        services.create_action(crisis, title=f"Action {i}", actor=None)
    document = HTML(string=report.render_html(crisis, "en", executive=True, pdf=True)).render()
    assert len(document.pages) == 1
    text = _text_of(document)
    assert "Executive summary" in text and "Time to detect" in text
    assert "Timeline" not in text


def test_lessons_freeze_when_a_partner_finalises_the_report(cast: Cast, crisis: Crisis) -> None:
    colin, alice = Client(), Client()
    colin.force_login(cast.colin.person)
    alice.force_login(cast.alice.person)
    lessons = reverse("recovery_lessons", args=["alpha", crisis.pk])
    colin.post(lessons, {"lessons": "Première leçon", "summary": ""})
    assert colin.post(reverse("recovery_finalise", args=["alpha", crisis.pk])).status_code == 403
    alice.post(reverse("recovery_finalise", args=["alpha", crisis.pk]))
    colin.post(lessons, {"lessons": "Réécrite", "summary": ""})
    rep = services.report_of(crisis)
    assert rep.is_final and rep.finalised_by == cast.alice.person
    assert rep.lessons == "Première leçon"
    assert crises.timeline(crisis).filter(action="recovery.report_final").exists()
