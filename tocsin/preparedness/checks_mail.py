"""Checks of the firm's mail domain: SPF, DKIM and DMARC, read with dnspython.

Forged mail in a firm's name (fake invoices, changed bank details) is the commonest fraud
against its clients; these three records are what lets receivers refuse it.
"""

from __future__ import annotations

import dns.exception
import dns.resolver

from tocsin.preparedness.findings import FAIL, PASS, WARN, CheckConfig, Finding, texts


def resolver_for(config: CheckConfig) -> dns.resolver.Resolver:
    if config.nameservers:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = list(config.nameservers)
        resolver.port = config.dns_port
    else:
        resolver = dns.resolver.Resolver()
    resolver.lifetime = config.timeout
    resolver.timeout = config.timeout
    return resolver


class LookupFailed(Exception):
    """The DNS server did not answer (as opposed to answering that there is no record)."""


def txt_records(resolver: dns.resolver.Resolver, name: str) -> list[str]:
    """The TXT strings at ``name`` (each record's parts joined); [] when there are none."""
    try:
        answer = resolver.resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
        return []
    except (dns.exception.Timeout, dns.resolver.NoNameservers) as exc:
        raise LookupFailed(str(exc)) from None
    return [b"".join(r.strings).decode("utf-8", "replace") for r in answer]


def _unreachable(key: str, title: dict[str, str], domain: str, error: str) -> Finding:
    return Finding(
        key,
        WARN,
        2,
        1,
        title,
        texts(
            f"Le DNS de {domain} n'a pas répondu : la vérification n'a pas pu être faite.",
            f"The DNS for {domain} did not answer: the check could not run.",
        ),
        texts("Relancez la vérification plus tard.", "Run the check again later."),
        detail=error,
    )


SPF_TITLE = texts("Enregistrement SPF", "SPF record")
DMARC_TITLE = texts("Politique DMARC", "DMARC policy")
DKIM_TITLE = texts("Signature DKIM", "DKIM signature")


def check_spf(resolver: dns.resolver.Resolver, domain: str) -> Finding:
    """SPF lists the servers allowed to send for the domain; ``-all``/``~all`` end it."""
    try:
        records = [r for r in txt_records(resolver, domain) if r.lower().startswith("v=spf1")]
    except LookupFailed as exc:
        return _unreachable("spf", SPF_TITLE, domain, str(exc))
    fix = texts(
        f"Publiez un seul enregistrement TXT sur {domain}, par exemple « v=spf1 include:<votre fournisseur> -all », en listant uniquement les serveurs qui envoient vos courriels.",
        f'Publish a single TXT record on {domain}, such as "v=spf1 include:<your provider> -all", listing only the servers that send your mail.',
    )
    if not records:
        return Finding(
            "spf",
            FAIL,
            4,
            1,
            SPF_TITLE,
            texts(
                "Aucun SPF : n'importe qui peut envoyer des courriels au nom du cabinet sans que les messageries des clients le détectent.",
                "No SPF: anyone can send mail in the firm's name without clients' mail services noticing.",
            ),
            fix,
        )
    if len(records) > 1:
        return Finding(
            "spf",
            FAIL,
            4,
            1,
            SPF_TITLE,
            texts(
                "Plusieurs enregistrements SPF : la norme les rend tous invalides.",
                "Several SPF records: the standard makes them all invalid.",
            ),
            fix,
            detail=" | ".join(records),
        )
    record = records[0]
    terms = record.lower().split()
    if "+all" in terms or "all" in terms:
        return Finding(
            "spf",
            FAIL,
            4,
            1,
            SPF_TITLE,
            texts(
                "Le SPF se termine par « +all » : il autorise le monde entier à envoyer pour le cabinet.",
                'SPF ends with "+all": it allows the whole world to send for the firm.',
            ),
            fix,
            detail=record,
        )
    if "-all" in terms or "~all" in terms:
        return Finding(
            "spf",
            PASS,
            4,
            1,
            SPF_TITLE,
            texts(
                "SPF publié : les serveurs autorisés à envoyer pour le cabinet sont déclarés.",
                "SPF published: the servers allowed to send for the firm are declared.",
            ),
            detail=record,
        )
    return Finding(
        "spf",
        WARN,
        4,
        1,
        SPF_TITLE,
        texts(
            "Le SPF ne se termine ni par « -all » ni par « ~all » : les autres serveurs ne sont pas refusés.",
            'SPF ends with neither "-all" nor "~all": other servers are not refused.',
        ),
        fix,
        detail=record,
    )


def _dmarc_tags(record: str) -> dict[str, str]:
    tags: dict[str, str] = {}
    for part in record.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            tags[k.strip().lower()] = v.strip()
    return tags


def check_dmarc(resolver: dns.resolver.Resolver, domain: str) -> Finding:
    """DMARC tells receivers what to do with mail failing SPF and DKIM; ``p=none`` only
    watches, so it is a warning: the first step of a rollout, not protection."""
    try:
        records = [
            r for r in txt_records(resolver, f"_dmarc.{domain}") if r.lower().startswith("v=dmarc1")
        ]
    except LookupFailed as exc:
        return _unreachable("dmarc", DMARC_TITLE, domain, str(exc))
    fix = texts(
        f"Publiez sur _dmarc.{domain} : « v=DMARC1; p=quarantine; rua=mailto:dmarc@{domain} », lisez les rapports quelques semaines, puis passez à « p=reject ».",
        f'Publish at _dmarc.{domain}: "v=DMARC1; p=quarantine; rua=mailto:dmarc@{domain}", read the reports for a few weeks, then move to "p=reject".',
    )
    if len(records) != 1:
        return Finding(
            "dmarc",
            FAIL,
            4,
            1,
            DMARC_TITLE,
            texts(
                "Pas de DMARC valide : les messageries ne savent pas qu'elles doivent refuser les faux courriels du cabinet.",
                "No valid DMARC: mail services do not know they should refuse forged mail from the firm.",
            ),
            fix,
            detail=" | ".join(records),
        )
    record = records[0]
    policy = _dmarc_tags(record).get("p", "").lower()
    if policy in ("quarantine", "reject"):
        return Finding(
            "dmarc",
            PASS,
            4,
            1,
            DMARC_TITLE,
            texts(
                f"DMARC en « {policy} » : les faux courriels au nom du cabinet sont écartés.",
                f'DMARC set to "{policy}": forged mail in the firm\'s name is set aside.',
            ),
            detail=record,
        )
    return Finding(
        "dmarc",
        WARN,
        4,
        1,
        DMARC_TITLE,
        texts(
            "DMARC en « p=none » : les faux courriels sont seulement observés, pas bloqués.",
            'DMARC set to "p=none": forged mail is only watched, not blocked.',
        ),
        fix,
        detail=record,
    )


def check_dkim(resolver: dns.resolver.Resolver, domain: str, selectors: tuple[str, ...]) -> Finding:
    """DKIM keys live under selectors nobody can list: we try the common ones and the
    firm's own. Not finding one is a warning, since the key may sit under another name."""
    found: list[str] = []
    revoked: list[str] = []
    try:
        for selector in selectors:
            for record in txt_records(resolver, f"{selector}._domainkey.{domain}"):
                tags = _dmarc_tags(record)
                if "p" not in tags:
                    continue
                (found if tags["p"] else revoked).append(selector)
    except LookupFailed as exc:
        return _unreachable("dkim", DKIM_TITLE, domain, str(exc))
    if found:
        return Finding(
            "dkim",
            PASS,
            3,
            1,
            DKIM_TITLE,
            texts(
                "Une clé DKIM est publiée : les courriels du cabinet peuvent être signés.",
                "A DKIM key is published: the firm's mail can be signed.",
            ),
            detail=", ".join(sorted(set(found))),
        )
    return Finding(
        "dkim",
        WARN,
        3,
        1,
        DKIM_TITLE,
        texts(
            "Aucune clé DKIM trouvée sous les sélecteurs courants : les courriels du cabinet ne sont peut-être pas signés.",
            "No DKIM key found under the common selectors: the firm's mail may not be signed.",
        ),
        texts(
            "Activez la signature DKIM chez votre fournisseur de messagerie (Microsoft 365, Google, OVH…) ; si elle l'est déjà, indiquez le sélecteur dans le formulaire d'audit.",
            "Turn on DKIM signing at your mail provider (Microsoft 365, Google, OVH…); if it is on already, give its selector in the audit form.",
        ),
        detail=("revoked: " + ", ".join(revoked)) if revoked else ", ".join(selectors),
    )


def check_mail_domain(domain: str, config: CheckConfig) -> list[Finding]:
    domain = domain.strip().lower().rstrip(".")
    resolver = resolver_for(config)
    return [
        check_spf(resolver, domain),
        check_dkim(resolver, domain, config.dkim_selectors),
        check_dmarc(resolver, domain),
    ]
