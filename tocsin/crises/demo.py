"""The demo firm in crisis: payslips of a client's employees exposed after a phishing attack.

Awareness was 30 hours ago: the CNIL clock has about 42 hours left, the police complaint is
filed, the breach is in the register, half of the playbook is done and the CNIL draft is
half written. A past accounting-error crisis, closed, shows the history; one playbook is
overdue for its yearly review, to show the evergreen reminder.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tocsin.crises import breaches, pins, services
from tocsin.crises import playbook as playbooks
from tocsin.crises.models import CrisisState, CrisisType, Playbook, Severity
from tocsin.firms.models import Firm, Membership
from tocsin.mentions.models import Mention

DONE_STEPS = ("contain", "qualify", "holding_statement", "police_complaint", "register")


def _member(firm: Firm, first: str) -> Membership:
    return Membership.objects.select_related("person").get(
        firm=firm, person__email=f"{first}@martin-associes.example"
    )


@transaction.atomic
def populate(firm: Firm) -> None:
    now = timezone.now()
    claire, antoine = _member(firm, "claire"), _member(firm, "antoine")
    lea, karim = _member(firm, "lea"), _member(firm, "karim")

    past = services.open_crisis(
        firm,
        opened_by=antoine.person,
        crisis_type=CrisisType.ACCOUNTING_ERROR,
        title="Avis Google : « déclaration de TVA déposée en retard »",
        awareness_at=now - timedelta(days=63),
        now=now - timedelta(days=63),
        severity=Severity.MODERATE,
        description="Un client reproche publiquement une majoration de TVA.",
    )
    services.assess(
        past, answers={"public": True, "harm": True}, activate=True, reason="", actor=antoine.person
    )
    for task in past.tasks.all():
        services.set_task_done(task, done=True, actor=antoine.person)
    services.record_decision(
        past,
        text="Demander la remise gracieuse de la majoration, à la charge du cabinet",
        reason="Le retard vient du cabinet (pièce reçue à temps) ; le client ne doit rien payer.",
        actor=antoine.person,
    )
    services.change_state(
        past,
        CrisisState.MONITORING,
        actor=antoine.person,
        reason="Réponse publique faite, client rappelé",
    )
    services.change_state(
        past,
        CrisisState.CLOSED,
        actor=antoine.person,
        reason="Remise accordée, avis mis à jour par le client",
    )

    crisis = services.open_crisis(
        firm,
        opened_by=claire.person,
        crisis_type=CrisisType.DATA_BREACH,
        title="Bulletins de paie d'un client exposés après un hameçonnage",
        awareness_at=now - timedelta(hours=30),
        now=now - timedelta(hours=29),
        severity=Severity.HIGH,
        description=(
            "Une collaboratrice a saisi ses identifiants sur une fausse page de connexion. "
            "Le compte a servi à télécharger les bulletins de paie d'octobre d'un client "
            "(environ 40 salariés). Un salarié du client en parle sur LinkedIn."
        ),
    )
    services.assess(
        crisis,
        answers={"personal_data": True, "confirmed": True, "public": True, "sensitive": True},
        activate=True,
        reason="",
        actor=claire.person,
    )
    services.assign_role(
        crisis,
        "insurer_contact",
        member=antoine,
        deputy=claire,
        external_contact="Assureur RCP et cyber, contrat n° RCP-2026-0147, sinistres@assureur.example",
        actor=claire.person,
    )
    services.record_decision(
        crisis,
        text="Réinitialiser tous les mots de passe et imposer la double authentification",
        reason="Un seul compte est compromis avéré, mais le même message a atteint 6 boîtes.",
        actor=claire.person,
    )
    workers = {"it": karim, "dpo": karim, "spokesperson": lea, "lead": claire}
    for task in crisis.tasks.all():
        if task.step_key not in DONE_STEPS:
            continue
        actor = workers.get(task.owner_role, claire).person
        for index in range(len(task.checklist)):
            services.check_item(task, index, done=True, actor=actor)
        services.set_task_done(task, done=True, actor=actor)
    police = crisis.clocks.get(kind="police_complaint")
    services.meet_clock(
        police, actor=claire.person, reference="Plainte en ligne THESEE, récépissé 2026-11-PL-0412"
    )
    record = crisis.breach_record
    breaches.save_breach_record(
        record,
        {
            "facts": "Hameçonnage d'une collaboratrice ; téléchargement des bulletins d'octobre.",
            "effects": "Environ 40 salariés d'un client : identité, NIR, salaire, RIB partiel.",
            "remedial_action": "Compte bloqué, mots de passe réinitialisés, 2FA imposée.",
        },
        actor=karim.person,
    )
    breaches.save_notification(
        crisis.notification,
        {
            "nature": "Accès non autorisé à un compte de messagerie et au portail de paie "
            "après hameçonnage ; copie des bulletins de paie d'octobre d'un client.",
            "people_categories": "Salariés d'un client du cabinet",
            "people_count": 40,
            "record_categories": "Identité, NIR, rémunération, coordonnées bancaires partielles",
            "measures_taken": "Compte bloqué, sessions révoquées, mots de passe réinitialisés, "
            "double authentification imposée, plainte déposée.",
        },
        actor=karim.person,
    )
    # Mentions the monitoring demo collected about the breach, pinned to the crisis.
    for mention in Mention.objects.for_firm(firm).filter(crisis_type="data_breach")[:8]:
        pins.pin_mention(crisis, mention.pk, actor=lea.person)
    # One playbook overdue for its yearly review: the evergreen reminder on the crises page.
    stale = playbooks.current(firm, CrisisType.INAPPROPRIATE_COMMUNICATION, "fr")
    Playbook.objects.for_firm(firm).filter(pk=stale.pk).update(
        reviewed_at=now - timedelta(days=400)
    )
