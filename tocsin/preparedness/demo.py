"""The demo firm's preparation: a finished audit six months ago, a better one last month
(so the progress chart has a slope), and a past data-breach drill with its report."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tocsin.crises import services as crises
from tocsin.firms.models import Firm, Membership
from tocsin.preparedness import drills, questionnaire
from tocsin.preparedness.findings import FAIL, PASS, WARN, texts
from tocsin.preparedness.models import Audit

FIRST = {
    "mfa_email": "no",
    "mfa_remote": "partly",
    "backups_offline": "partly",
    "backups_tested": "no",
    "supplier_continuity": "no",
    "supplier_contracts": "unknown",
    "updates": "yes",
    "inventory": "no",
    "antivirus": "yes",
    "phishing_training": "no",
    "admin_rights": "partly",
    "departures": "partly",
    "passwords": "partly",
    "client_portal": "yes",
    "email_domain": "unknown",
    "wifi_guest": "yes",
    "laptops_encrypted": "partly",
    "incident_plan": "no",
    "cyber_insurance": "yes",
}
LATER = {
    **FIRST,
    "mfa_email": "yes",
    "backups_tested": "yes",
    "supplier_continuity": "partly",
    "supplier_contracts": "partly",
    "phishing_training": "yes",
    "incident_plan": "partly",
    "email_domain": "partly",
}

# What the checks found on the fictional site: recorded, since the demo runs offline.
CHECKS = [
    (
        "tls_version",
        PASS,
        4,
        1,
        ("Version de TLS", "TLS version"),
        ("Le site utilise TLSv1.3.", "The site uses TLSv1.3."),
        None,
    ),
    (
        "tls_certificate",
        PASS,
        5,
        1,
        ("Certificat du site", "Site certificate"),
        ("Certificat valide.", "Certificate valid."),
        None,
    ),
    (
        "https_redirect",
        PASS,
        3,
        1,
        ("Redirection vers HTTPS", "Redirect to HTTPS"),
        ("http:// redirige vers https://.", "http:// redirects to https://."),
        None,
    ),
    (
        "hsts",
        FAIL,
        3,
        1,
        ("En-tête HSTS", "HSTS header"),
        (
            "Pas d'en-tête HSTS : un attaquant sur le même Wi-Fi peut forcer un client vers une version non chiffrée du site.",
            "No HSTS header: an attacker on the same Wi-Fi can push a client to an unencrypted version of the site.",
        ),
        (
            "Ajoutez « Strict-Transport-Security: max-age=31536000; includeSubDomains ».",
            'Add "Strict-Transport-Security: max-age=31536000; includeSubDomains".',
        ),
    ),
    (
        "spf",
        PASS,
        4,
        1,
        ("Enregistrement SPF", "SPF record"),
        ("SPF publié.", "SPF published."),
        None,
    ),
    (
        "dmarc",
        WARN,
        4,
        1,
        ("Politique DMARC", "DMARC policy"),
        (
            "DMARC en « p=none » : les faux courriels sont seulement observés, pas bloqués.",
            'DMARC set to "p=none": forged mail is only watched, not blocked.',
        ),
        (
            "Passez DMARC en « p=quarantine » puis « p=reject ».",
            'Move DMARC to "p=quarantine" then "p=reject".',
        ),
    ),
    (
        "security_txt",
        WARN,
        1,
        1,
        ("Fichier security.txt", "security.txt file"),
        ("Pas de security.txt.", "No security.txt."),
        (
            "Publiez /.well-known/security.txt (RFC 9116).",
            "Publish /.well-known/security.txt (RFC 9116).",
        ),
    ),
]


def _checks() -> list[dict[str, object]]:
    return [
        {
            "key": key,
            "status": status,
            "risk": risk,
            "effort": effort,
            "title": texts(*title),
            "explanation": texts(*explanation),
            "fix": texts(*fix) if fix else {},
            "detail": "",
        }
        for key, status, risk, effort, title, explanation, fix in CHECKS
    ]


def _member(firm: Firm, role: str) -> Membership | None:
    return Membership.objects.filter(firm=firm, role=role).select_related("person").first()


@transaction.atomic
def populate(firm: Firm) -> None:
    now = timezone.now()
    admin = _member(firm, "admin")
    partner = _member(firm, "partner")
    domain = firm.contact_email.rsplit("@", 1)[1] if "@" in firm.contact_email else ""
    for days, answers, checks in ((190, FIRST, []), (35, LATER, _checks())):
        at = now - timedelta(days=days)
        Audit.objects.create(
            firm=firm,
            created_at=at,
            created_by=admin.person if admin else None,
            website=firm.website,
            mail_domain=domain,
            answers=answers,
            checks=checks,
            checks_ran_at=at if checks else None,
            score=questionnaire.score(answers, checks),
            completed_at=at + timedelta(days=2),
        )

    # A data-breach drill run three weeks ago at ×4: the team
    # opened the crisis in time but never triaged a mention; its report is kept.
    started = now - timedelta(days=21)
    person = partner.person if partner else None
    drill = drills.start_drill(firm, "data_breach", by=person, speed=4.0, now=started)
    drills.deliver_due(drill, now=started + timedelta(minutes=40))
    # The triage of that day is not replayed: the audit trail dates events when they are
    # written, so the report honestly shows the first mention was never triaged.
    crises.open_crisis(
        drill.sandbox,
        opened_by=person,
        crisis_type="data_breach",
        title="Exercice : fuite de bulletins de paie",
        awareness_at=started + timedelta(minutes=3),
        now=started + timedelta(minutes=12),
    )
    drills.end_drill(drill, by=person, now=started + timedelta(minutes=45))
