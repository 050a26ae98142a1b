"""The demo firm's inbox: three quiet weeks, then a payroll-data leak that spreads."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tocsin.firms.models import Firm
from tocsin.mentions.models import Status, WatchQuery
from tocsin.mentions.pipeline import Incoming, ingest

QUIET = [
    (
        "fr",
        "Très bon accompagnement du cabinet Martin & Associés pour la création de ma SARL, merci Claire !",
        "Google",
        5,
    ),
    (
        "fr",
        "Quelqu'un connaît un bon expert-comptable à Lyon ? On m'a conseillé Martin & Associés.",
        "Forum",
        None,
    ),
    (
        "fr",
        "Le cabinet Martin & Associés organise un petit-déjeuner sur la facturation électronique jeudi.",
        "LinkedIn",
        None,
    ),
    ("fr", "Réponse rapide et claire sur ma déclaration de TVA, cabinet sérieux.", "Google", 5),
    (
        "en",
        "Great experience with Martin & Associés for our French subsidiary's bookkeeping.",
        "Google",
        4,
    ),
    (
        "fr",
        "Un peu long pour obtenir mon bilan cette année chez Martin & Associés, mais bon travail au final.",
        "Google",
        3,
    ),
    (
        "fr",
        "Martin & Associés recrute un collaborateur comptable en CDI à Lyon 3e.",
        "LinkedIn",
        None,
    ),
    (
        "fr",
        "Article intéressant de Claire Martin sur la réforme de la facture électronique.",
        "Blog",
        None,
    ),
    (
        "fr",
        "Impossible de joindre mon comptable chez Martin & Associés depuis 10 jours, c'est agaçant.",
        "X",
        None,
    ),
    ("en", "Martin & Associés helped us through a tax audit, calm and precise.", "Google", 5),
]
STORM = [
    (
        "fr",
        "Alerte : des fiches de paie de clients du cabinet Martin & Associés circulent sur un forum. Fuite de données ?",
        "X",
        12000,
    ),
    (
        "fr",
        "Fuite de données chez Martin & Associés (Lyon) : des bulletins de salaire et RIB de clients accessibles en ligne",
        "Le Progrès",
        250000,
    ),
    (
        "fr",
        "RT @veillecyber: Fuite de données chez Martin & Associés (Lyon) : des bulletins de salaire et RIB de clients accessibles en ligne",
        "X",
        3400,
    ),
    (
        "fr",
        "Je suis cliente de Martin & Associés et mes données sont dans la nature ?? Personne ne répond au téléphone, inadmissible.",
        "Facebook",
        800,
    ),
    (
        "fr",
        "Cabinet Martin & Associés : mes salariés ont reçu un mail de phishing avec leur fiche de paie en pièce jointe. Scandale.",
        "Google",
        None,
    ),
    (
        "en",
        "Lyon accounting firm Martin & Associés reportedly leaked client payroll data. Anyone affected?",
        "Mastodon",
        5200,
    ),
    (
        "fr",
        "Martin & Associés n'a toujours pas communiqué sur la fuite. Silence radio, c'est pire que tout.",
        "X",
        2100,
    ),
    (
        "fr",
        "Est-ce que la CNIL a été prévenue pour la fuite chez Martin & Associés ? Les clients ont le droit de savoir.",
        "Forum",
        None,
    ),
    (
        "fr",
        "Fuite de données : le cabinet Martin & Associés victime d'un rançongiciel ? Le site est inaccessible.",
        "Blog",
        9000,
    ),
    (
        "fr",
        "RT @veillecyber: Fuite de données chez Martin & Associés (Lyon) : des bulletins de salaire et RIB de clients accessibles en ligne #cyber",
        "X",
        700,
    ),
]


def populate(firm: Firm) -> None:
    rng = random.Random(7)  # the same demo every time
    now = timezone.now()
    for name, query in (
        ("Le cabinet", '"Martin & Associés" OR "Martin et Associés" OR "cabinet Martin"'),
        ("Les associés", '"Claire Martin" OR "Antoine Roche"'),
        ("Fuite et erreurs", '"Martin*" NEAR/8 (fuite OR piratage OR erreur* OR rançon*)'),
    ):
        WatchQuery.objects.create(firm=firm, name=name, query=query)
    items: list[Incoming] = []
    for day in range(21, 2, -1):
        for _ in range(rng.randint(0, 2)):
            lang, text, where, stars = rng.choice(QUIET)
            at = now - timedelta(days=day, hours=rng.randint(0, 20))
            items.append(
                Incoming(
                    text=text,
                    author=f"{where} · {rng.choice(['Julie', 'Marc', 'S. B.', 'Nadia', 'Tom'])}",
                    rating=stars,
                    published_at=at,
                    lang=lang,
                    external_id=f"q{day}-{len(items)}",
                )
            )
    for i, (lang, text, where, reach) in enumerate(STORM * 3):
        at = now - timedelta(hours=40 - i * 1.2 + rng.random())
        items.append(
            Incoming(
                text=text,
                author=f"{where} · {rng.choice(['Lucie', 'Paul', 'veillecyber', 'Amina'])}",
                reach=reach,
                published_at=at,
                lang=lang,
                external_id=f"s{i}",
            )
        )
    result = ingest(firm, items, source_label="Demo")
    from tocsin.mentions.models import Mention

    # A few already triaged, as a communicator would have done.
    Mention.objects.for_firm(firm).filter(pk__in=result.created[:5]).update(status=Status.ANSWERED)
