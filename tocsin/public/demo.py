"""The demo firm's public side: its data-breach crisis public, with two updates in French
and English, the approved FAQ of a payroll-data leak, and a few subscribers.

Called by ``tocsin demo`` after the crises demo opened the breach. Idempotent: a crisis that
already has updates is left as it is. Nothing is emailed: subscribers are created confirmed.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from tocsin.crises.models import Crisis, CrisisState, CrisisType
from tocsin.firms.models import Firm, Membership
from tocsin.public import services
from tocsin.public.models import CrisisUpdate, PublicState, Subscriber

FAQ_FILE = Path(__file__).parent / "data" / "demo-payslips-faq.yaml"

UPDATES = [
    (
        26,
        PublicState.INVESTIGATING,
        "Un compte de messagerie d'une collaboratrice a été compromis par hameçonnage et a "
        "servi à télécharger les bulletins de paie d'octobre des salariés d'un de nos clients. "
        "Le compte a été bloqué, les sessions révoquées et une enquête est en cours. Les "
        "personnes concernées seront contactées individuellement.",
        "An employee's email account was compromised by phishing and used to download the "
        "October payslips of the employees of one of our clients. The account has been "
        "blocked, its sessions revoked, and an investigation is under way. The people "
        "concerned will be contacted individually.",
    ),
    (
        4,
        PublicState.IDENTIFIED,
        "L'origine de l'incident est identifiée et circonscrite : un seul compte, un seul "
        "client. Tous les mots de passe ont été réinitialisés et la double authentification "
        "est obligatoire. Une plainte a été déposée ; la notification à la CNIL est en cours "
        "dans le délai légal. Chaque salarié concerné reçoit un courrier personnel.",
        "The cause of the incident is identified and contained: one account, one client. "
        "Every password has been reset and two-factor sign-in is mandatory. A police "
        "complaint has been filed; the notification to the CNIL is under way within the "
        "legal deadline. Each employee concerned is receiving a personal letter.",
    ),
]

SUBSCRIBERS = [
    ("m.girard@example.org", "fr"),
    ("paie@boulangerie-lumiere.example", "fr"),
    ("j.smith@example.com", "en"),
]


@transaction.atomic
def populate(firm: Firm) -> None:
    crisis = (
        Crisis.objects.for_firm(firm)
        .filter(crisis_type=CrisisType.DATA_BREACH, state=CrisisState.ACTIVE)
        .order_by("-opened_at")
        .first()
    )
    if crisis is None or services.updates_of(crisis).exists():
        return
    partner = (
        Membership.objects.select_related("person")
        .filter(firm=firm, role__in=["partner", "admin"])
        .order_by("person__email")
        .first()
    )
    actor = partner.person if partner else None
    services.set_page(
        crisis,
        is_public=True,
        title_fr="Incident de sécurité : bulletins de paie d'un client exposés",
        title_en="Security incident: a client's payslips exposed",
        contact="04 78 00 00 00 · contact@martin-associes.example",
        actor=actor,
    )
    services.save_faq(crisis, FAQ_FILE.read_text(encoding="utf-8"), actor=actor)
    now = timezone.now()
    for hours_ago, state, body_fr, body_en in UPDATES:
        update = services.publish_update(
            crisis, body_fr=body_fr, body_en=body_en, state=state, notify=False, actor=actor
        )
        CrisisUpdate.objects.for_firm(firm).filter(pk=update.pk).update(
            published_at=now - timedelta(hours=hours_ago)
        )
    for email, language in SUBSCRIBERS:
        Subscriber.objects.for_firm(firm).get_or_create(
            crisis=crisis,
            email=email,
            defaults={"firm": firm, "language": language, "confirmed_at": now},
        )
