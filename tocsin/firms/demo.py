"""The demo firm: Cabinet Martin & Associés, its team, and a second firm to show tenancy.

Each app that has something to show adds a ``demo.py`` with ``populate(firm)``; ``tocsin
demo`` calls them in the order of INSTALLED_APPS, after this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tocsin.firms import services
from tocsin.firms.models import Firm, Membership
from tocsin.firms.roles import Role

DEMO_SLUG = "martin-associes"
DEMO_PASSWORD = "demo-tocsin-2026"  # noqa: S105  (documented demo credential, demo data only)


@dataclass(frozen=True)
class DemoPerson:
    first: str
    last: str
    email: str
    role: str
    title: str
    phone: str
    languages: str = "fr"
    on_call: bool = False


TEAM = [
    DemoPerson(
        "Claire",
        "Martin",
        "claire@martin-associes.example",
        Role.PARTNER,
        "Associée, expert-comptable",
        "+33 6 12 34 56 01",
        "fr,en",
        True,
    ),
    DemoPerson(
        "Antoine",
        "Roche",
        "antoine@martin-associes.example",
        Role.PARTNER,
        "Associé, commissaire aux comptes",
        "+33 6 12 34 56 02",
        "fr",
    ),
    DemoPerson(
        "Léa",
        "Dubois",
        "lea@martin-associes.example",
        Role.COMMUNICATOR,
        "Office manager, communication",
        "+33 6 12 34 56 03",
        "fr,en",
        True,
    ),
    DemoPerson(
        "Karim",
        "Benali",
        "karim@martin-associes.example",
        Role.ADMIN,
        "Responsable informatique et DPO",
        "+33 6 12 34 56 04",
        "fr,en",
    ),
    DemoPerson(
        "Hugo",
        "Petit",
        "hugo@martin-associes.example",
        Role.VIEWER,
        "Collaborateur comptable",
        "+33 6 12 34 56 05",
        "fr",
    ),
]


def _add(firm: Firm, p: DemoPerson) -> Membership:
    membership = services.add_member(
        firm,
        email=p.email,
        role=p.role,
        first_name=p.first,
        last_name=p.last,
        password=DEMO_PASSWORD,
        title=p.title,
        on_call=p.on_call,
    )
    person = membership.person
    person.phone, person.languages = p.phone, p.languages
    person.save(update_fields=["phone", "languages"])
    return membership


@transaction.atomic
def build() -> Firm:
    """Create (or find) the demo firm. Idempotent: running it twice changes nothing."""
    existing = Firm.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    firm = services.create_firm(
        "Cabinet Martin & Associés",
        slug=DEMO_SLUG,
        contact_email="contact@martin-associes.example",
        contact_phone="+33 4 78 00 00 00",
        website="https://www.martin-associes.example",
    )
    members = {p.email: _add(firm, p) for p in TEAM}
    claire, antoine = members[TEAM[0].email], members[TEAM[1].email]
    lea, karim = members[TEAM[2].email], members[TEAM[3].email]
    claire.deputy, antoine.deputy, lea.deputy, karim.deputy = antoine, claire, claire, antoine
    for m in (claire, antoine, lea, karim):
        m.save(update_fields=["deputy"])

    other = services.create_firm("Rousseau Expertise", slug="rousseau-expertise")
    _add(
        other,
        DemoPerson(
            "Inès", "Rousseau", "ines@rousseau.example", Role.ADMIN, "Associée", "+33 6 98 76 54 01"
        ),
    )
    return firm
