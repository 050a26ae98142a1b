"""The demo firm's recovery: corrective actions on its data-breach crisis (three of them
public, with progress notes in French and English) and a report draft, with its lessons and
a positive campaign, for the accounting-error crisis it closed two months ago.

Called by ``tocsin demo`` after the crises demo; does nothing the second time.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tocsin.crises.models import Crisis, CrisisState, CrisisType
from tocsin.firms.models import Firm, Membership
from tocsin.recovery import services
from tocsin.recovery.models import ActionState, CampaignKind, CorrectiveAction

# (title, English title, owner's first name, due in days, state, percent, public, notes)
BREACH_ACTIONS = [
    (
        "Double authentification sur toutes les messageries et le portail de paie",
        "Two-factor sign-in on every mailbox and on the payroll portal",
        "karim",
        -1,
        ActionState.DONE,
        100,
        True,
        [
            (
                "La double authentification est active pour les 14 comptes du cabinet.",
                "Two-factor sign-in is active for all 14 accounts of the firm.",
            )
        ],
    ),
    (
        "Formation de toute l'équipe à la détection de l'hameçonnage",
        "Phishing-awareness training for the whole team",
        "lea",
        10,
        ActionState.IN_PROGRESS,
        60,
        True,
        [
            (
                "Première session faite (8 personnes sur 14), la seconde est prévue.",
                "First session held (8 people out of 14); the second is scheduled.",
            )
        ],
    ),
    (
        "Audit externe de la sécurité du portail client",
        "External security audit of the client portal",
        "karim",
        30,
        ActionState.PLANNED,
        0,
        True,
        [],
    ),
    (
        "Revoir les droits d'accès aux dossiers de paie",
        "",
        "claire",
        14,
        ActionState.IN_PROGRESS,
        40,
        False,
        [],
    ),
]

PAST_LESSONS = """Une pièce reçue à temps doit être enregistrée le jour même, avec accusé de réception au client.
Répondre à un avis négatif dans les 24 heures, sans se justifier, en proposant un appel.
Le calendrier fiscal partagé avait une échéance fausse : le vérifier chaque trimestre."""


def _member(firm: Firm, first: str) -> Membership | None:
    return (
        Membership.objects.select_related("person")
        .filter(firm=firm, person__email=f"{first}@martin-associes.example")
        .first()
    )


@transaction.atomic
def populate(firm: Firm) -> None:
    breach = (
        Crisis.objects.for_firm(firm)
        .filter(crisis_type=CrisisType.DATA_BREACH)
        .exclude(state=CrisisState.CLOSED)
        .order_by("-opened_at")
        .first()
    )
    if breach is None or CorrectiveAction.objects.for_firm(firm).exists():
        return
    claire = _member(firm, "claire")
    partner = claire.person if claire else None
    today = timezone.localdate()
    for title, title_en, owner, days, state, percent, public, notes in BREACH_ACTIONS:
        action = services.create_action(
            breach,
            title=title,
            title_en=title_en,
            owner=_member(firm, owner),
            due_on=today + timedelta(days=days),
            actor=partner,
        )
        services.update_action(action, {"state": state, "percent": percent}, actor=partner)
        for text, text_en in notes:
            services.add_note(action, text=text, text_en=text_en, public=public, actor=partner)
        if public:
            services.set_public(action, True, actor=partner)

    past = (
        Crisis.objects.for_firm(firm)
        .filter(state=CrisisState.CLOSED)
        .order_by("-opened_at")
        .first()
    )
    if past is None:
        return
    antoine = _member(firm, "antoine")
    actor = antoine.person if antoine else partner
    action = services.create_action(
        past,
        title="Enregistrer chaque pièce reçue le jour même, avec accusé de réception",
        owner=_member(firm, "lea"),
        due_on=timezone.localdate(past.opened_at) + timedelta(days=20),
        actor=actor,
    )
    services.update_action(action, {"state": ActionState.DONE}, actor=actor)
    services.save_lessons(
        past,
        lessons=PAST_LESSONS,
        summary="Un retard de déclaration de TVA imputable au cabinet a été rendu public "
        "par un client. Le cabinet a reconnu l'erreur, obtenu la remise de la majoration et "
        "changé sa procédure de réception des pièces.",
        actor=actor,
    )
    campaign = services.create_campaign(
        past,
        kind=CampaignKind.TRAINING,
        title="Webinaire « TVA : les échéances à ne pas manquer »",
        goal="Montrer l'expertise du cabinet sur le sujet même de la crise.",
        actor=actor,
    )
    start = timezone.now() + timedelta(days=7)
    services.add_campaign_item(
        campaign,
        title="Annonce du webinaire sur LinkedIn",
        planned_at=start,
        channel="linkedin",
        draft="Le 12 du mois prochain, nos experts présentent les échéances de TVA 2027…",
    )
    services.add_campaign_item(
        campaign,
        title="Invitation par courriel aux clients",
        planned_at=start + timedelta(days=1),
        channel="email",
        draft="Chère cliente, cher client, nous vous invitons à notre webinaire…",
    )
