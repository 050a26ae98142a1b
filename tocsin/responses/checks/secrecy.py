"""Professional secrecy: what must never be said about a client in public.

An *expert-comptable* is bound by professional secrecy (ordonnance n° 45-2138 of
19 September 1945, art. 21; Code pénal, art. 226-13): in public the firm may not even
confirm that someone is a client, let alone give a name, contact details, an identifier,
an amount or a fact about a client's file. These checks find what identifies a person or a
business without a named-entity model: civility titles, first-name lists, legal forms and
trade nouns, the firm's own client list, and checksummed identifiers. What the firm may
publish about itself (its name, partners, public email, phone, address) is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tocsin.responses.checks.context import FirmContext
from tocsin.responses.checks.flags import Hit, Reason
from tocsin.responses.checks.identifiers import iban_valid, nir_valid, siren_valid, siret_valid
from tocsin.responses.checks.rules import apply_rules, rule
from tocsin.responses.checks.text import Draft, fold, words

_LAW = "secret professionnel (ordonnance de 1945, art. 21 ; Code pénal, art. 226-13)"
_LAW_EN = "professional secrecy (1945 ordinance, art. 21; French Criminal Code, art. 226-13)"


def _reason(code: str, fr: str, en: str) -> Reason:
    return Reason(code=f"secrecy.{code}", fr=f"{fr} — {_LAW}.", en=f"{en} — {_LAW_EN}.")


CLIENT_NAMED = _reason(
    "client",
    "Nomme un client du cabinet",
    "Names one of the firm's clients",
)
CLIENT_CONFIRMED = _reason(
    "client_relationship",
    "Confirme une relation client ou un fait sur un client précis",
    "Confirms a client relationship or a fact about a specific client",
)
PERSON = _reason("person", "Nomme une personne", "Names a person")
BUSINESS = _reason("business", "Nomme une entreprise", "Names a business")
EMAIL = _reason(
    "email",
    "Adresse e-mail qui n'est pas un contact public du cabinet",
    "Email address that is not one of the firm's public contacts",
)
PHONE = _reason(
    "phone",
    "Numéro de téléphone qui n'est pas un contact public du cabinet",
    "Phone number that is not one of the firm's public contacts",
)
IBAN = _reason("iban", "IBAN (clé de contrôle valide)", "IBAN (valid checksum)")
SIREN = _reason("siren", "Numéro SIREN/SIRET ou de TVA", "SIREN/SIRET or VAT number")
NIR = _reason("nir", "Numéro de sécurité sociale", "Social security number")
ADDRESS = _reason(
    "address",
    "Adresse postale qui n'est pas celle du cabinet",
    "Postal address that is not the firm's",
)
AMOUNT = _reason(
    "amount",
    "Montant rattaché à un client, un salarié ou un dossier",
    "Amount tied to a client, an employee or a file",
)

_UPPER = "A-ZÀ-ÖØ-Ý"
_LOWER = "a-zß-öø-ÿ"
_WORD = (
    rf"[{_UPPER}](?:[{_LOWER}]+|['’][{_UPPER}][{_LOWER}]+)+(?:['’]s\b)?"
    rf"(?:-[{_UPPER}](?:[{_LOWER}]+|['’][{_UPPER}][{_LOWER}]+)+)?"
)
_CAPS = rf"[{_UPPER}]{{2,}}(?:-[{_UPPER}]{{2,}})?"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,+])(\+|00)?\d(?:[\d]|[ .\-](?=\d)|\((?=\d)|\)(?=[ \d])){6,24}")
_CURRENCY_AFTER = re.compile(r"^\s?(€|eur|euros?|k€|£|\$|livres|pounds|dollars)", re.IGNORECASE)
_ID_KEYWORD = re.compile(r"(siren|siret|rcs|tva|vat|n°|numero|number|no\.)\W{0,4}$", re.I)
_TITLE = re.compile(
    r"(?<![\w.])(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Maître|Maitre|Mr\.?|"
    r"Mrs\.?|Ms\.?|Miss|Dr\.?|Docteur|Doctor|Pr\.?|Professeur|Lady|Dame)\s+"
    rf"(?P<name>(?:{_WORD}|{_CAPS})(?:\s+(?:{_WORD}|{_CAPS}))?)"
)
_VOCATIVE = re.compile(
    rf"(?:^|[.!?:]\s+)(?P<name>{_WORD}),\s+(?i:votre|vos|vous|your|you|merci|thank)\b"
)
_FULL_NAME = re.compile(rf"\b(?P<first>{_WORD})\s+(?P<last>{_WORD}|{_CAPS})\b")
_GREETING = re.compile(
    rf"\b(?i:bonjour|bonsoir|hello|hi|dear|cher|chère|salut)\s+(?P<name>{_WORD})(?!\s+[{_UPPER}])"
)
_LEGAL_FORM = re.compile(
    rf"(?P<span>(?:(?:{_WORD}|{_CAPS}|&)\s+){{1,4}}?(?:SARL|SAS|SASU|SA|EURL|SCI|SNC|SCP|"
    r"SELARL|SELAS|SCOP|GAEC|EARL|SCEA|Ltd|Limited|LLC|LLP|Inc|PLC|plc|GmbH|Corp)\.?)(?!\w)"
)
_FORM_FIRST = re.compile(
    r"\b(?:SCI|SARL|SAS|SASU|EURL|SNC|SCP|SELARL|SELAS|SCOP|GAEC|EARL|SCEA)\s+"
    rf"(?:(?:Les|Le|La|L'|Du|Des|De)\s+)?{_WORD}(?:\s+{_WORD})?"
)
_ROLE_OF = re.compile(
    r"\b(?i:owner|owners|g[ée]rante?|patronne?|director|directeur|directrice|manager|"
    r"fondat(?:eur|rice)|founder|dirigeante?|boss|head)\s+(?i:of|de|du|de la|des|d')\s*"
    rf"(?P<name>{_WORD}(?:\s+{_WORD}){{1,3}})"
)
_TRADE = re.compile(
    r"\b(?i:boulangerie|p[aâ]tisserie|boucherie|charcuterie|garage|restaurant|brasserie|"
    r"caf[ée]|h[ôo]tel|pharmacie|clinique|salon|boutique|atelier|agence|soci[ée]t[ée]|"
    r"entreprise|[ée]tablissements|ets|maison|domaine|ch[âa]teau|ferme|transports|"
    r"menuiserie|plomberie|imprimerie|librairie|bakery|shop|store|pub|clinic|studio|"
    r"company|surgery)\s+(?:(?:de la|du|des|de|d'|d’|the|of)\s+)?"
    rf"(?P<name>(?:(?:Le|La|Les|Du|De|Des|Van|Von|Mac|Mc)\s+)?{_WORD}(?:\s+{_WORD})?)"
)
_ADDRESS_FR = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|"
    r"impasse|quai|route|cours|square|passage) [a-z' -]{2,40}?(?=[,.;\n)]|$| \d)"
)
_ADDRESS_EN = re.compile(
    r"\b\d{1,4}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Drive|Close|"
    r"Way|Square|Crescent|Terrace)\b"
)
_AMOUNT = re.compile(
    r"(?:[€£$] ?\d{1,3}(?:[ ,.]\d{3})*(?:[.,]\d{1,2})?(?: ?(?:k|m|million))?|"
    r"\b\d{1,3}(?:[ .,]\d{3})*(?:[.,]\d{1,2})? ?(?:k€|m€|€|euros?\b|eur\b|£|\$|livres?\b|"
    r"pounds?\b|dollars?\b|gbp\b|usd\b))"
)
_CLIENT_CONTEXT = re.compile(
    r"\b(votre|vos|son|sa|ses|leur|leurs|their|his|her|your|clients?|cliente?s?|societe|"
    r"entreprise|salaries?|salariee?s?|employes?|company|employees?|dossier|account|compte|"
    r"rappel|redressement|doit|owes?|owed|underpaid|overpaid)\b"
)
_PUBLIC_PRICE = re.compile(r"(honoraires|tarif|prix|forfait|fees?|price|pricing)\W+(\w+\W+){0,4}$")
_STREET_BEFORE = re.compile(
    r"(rue|avenue|boulevard|place|allee|quai|lycee|college|ecole|hopital|gare|stade|"
    r"street|road|square|prix|fondation|institut)\s*$"
)
# Capitalised words that follow a first name without being a surname.
_NOT_SURNAMES = words(
    "le la les des du de et ou un une the and or of in on at a an for to lundi mardi "
    "mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet "
    "aout septembre octobre novembre decembre monday tuesday wednesday thursday friday "
    "saturday sunday january february march april may june july august september october "
    "november december nous vous we you il elle ils elles it this urssaf cnil tracfin "
    "france paris "
)
_PARTICLES = words("le la les l de du des da di van von the")
_NOT_NAMES = words(
    "un une monsieur madame mademoiselle president presidente prefet prefete "
    "directeur directrice maire ministre juge le-president france urssaf cnil dgfip "
    "impots tracfin etat "
)
_SUSPICION_ABOUT = rule(
    "secrecy",
    "client_relationship",
    CLIENT_CONFIRMED.fr,
    CLIENT_CONFIRMED.en,
    r"\b(ce|cet|cette|this|that) (dossier|file|client|cliente|entreprise|societe|company|"
    r"business|personne|person)\b",
    only_if_sentence=r"\b(autorites|authorities|tracfin|soupcons?|doutes?|suspicions?|doubts?|"
    r"procureur|prosecutor|police|fraude|fraud|blanchiment|laundering)\b",
    skip_quoted=False,
)
_CLIENT_RELATIONSHIP = rule(
    "secrecy",
    "client_relationship",
    CLIENT_CONFIRMED.fr,
    CLIENT_CONFIRMED.en,
    r"\b(ce client|cette cliente|this client|that client|notre client|notre cliente|"
    r"our client(?!s)|fait partie de nos clients|(est|sont) (bien |effectivement )?"
    r"(client|cliente|clients) (du|de notre|de ce) cabinet|(is|are) (indeed )?(a|one of our|"
    r"among our) clients?\b|one of our clients|confirm (that )?(\w+ ){0,3}(is|was) (a|our) "
    r"client|qui vous a (sauve|tire d'affaire)|(that|who) bailed you out|"
    r"(clients?|clientes?|customers?) (\w+ ){0,2}(qui ne (paient|paie|payent) pas|who "
    r"(don't|do not|never|did not|didn't) pay)|(a propos|au sujet|concernant|regarding|concerning|about) (de )?(cette|cet|ce|this|"
    r"that) (entreprise|societe|personne|individu|client|cliente|company|business|person|"
    r"individual)|confirmons que (\w+ ){0,4}(est|etait) (bien )?(client|cliente|notre client))\b",
    unless_after=r"^\s*(base|portal|portail|area|espace|service|s\b)",
    skip_quoted=False,
)


@cache
def first_names() -> frozenset[str]:
    """Folded first names from ``data/first_names.txt`` (read once per process)."""
    path = Path(__file__).resolve().parent.parent / "data" / "first_names.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(line.strip()) for line in lines if line.strip() and line[0] != "#")


def _is_allowed_name(name: str, context: FirmContext) -> bool:
    folded = " ".join(fold(name).replace("'s", "").split())
    return any(
        folded == allowed or folded in allowed.split() for allowed in context.allowed_names
    ) or bool(context.firm_name and folded and folded in fold(context.firm_name))


def _is_first_name(word: str) -> bool:
    names = first_names()
    return all(part in names for part in fold(word).split("-"))


def _persons(draft: Draft, context: FirmContext) -> Iterator[Hit]:
    text = draft.text
    for match in _TITLE.finditer(text):
        name = match.group("name")
        parts = [fold(part) for part in name.split()]
        # "Monsieur le Maire" is a function, "Mme Le Goff" a person: particles need a surname.
        if any(part in _NOT_NAMES for part in parts) or parts[-1] in _PARTICLES:
            continue
        if _is_allowed_name(name, context):
            continue
        yield Hit("secrecy", match.start(), match.end("name"), PERSON)
    for match in _FULL_NAME.finditer(text):
        first, last = match.group("first"), match.group("last")
        if not _is_first_name(first) or fold(last) in _NOT_SURNAMES:
            continue
        if _STREET_BEFORE.search(draft.folded_before(match.start())):
            continue
        if _is_allowed_name(f"{first} {last}", context):
            continue
        yield Hit("secrecy", match.start(), match.end(), PERSON)
    for match in _VOCATIVE.finditer(text):
        name = match.group("name")
        if _is_first_name(name) and not _is_allowed_name(name, context):
            yield Hit("secrecy", match.start("name"), match.end("name"), PERSON)
    for match in _GREETING.finditer(text):
        name = match.group("name")
        if _is_first_name(name) and not _is_allowed_name(name, context):
            yield Hit("secrecy", match.start("name"), match.end("name"), PERSON)


def _businesses(draft: Draft, context: FirmContext) -> Iterator[Hit]:
    text = draft.text
    for match in _LEGAL_FORM.finditer(text):
        span = match.group("span")
        lead = re.match(r"(?:La|Le|Les|L'|The|Notre|Our)\s+", span)
        start = match.start("span") + (lead.end() if lead else 0)
        if _is_allowed_name(text[start : match.end("span")], context):
            continue
        yield Hit("secrecy", start, match.end("span"), BUSINESS)
    for match in _FORM_FIRST.finditer(text):
        if not _is_allowed_name(match.group(), context):
            yield Hit("secrecy", match.start(), match.end(), BUSINESS)
    for match in _ROLE_OF.finditer(text):
        if not _is_allowed_name(match.group("name"), context):
            yield Hit("secrecy", match.start("name"), match.end("name"), BUSINESS)
    for match in _TRADE.finditer(text):
        name = match.group("name")
        if fold(name.split()[-1]) in _NOT_NAMES | _NOT_SURNAMES:
            continue
        if _is_allowed_name(text[match.start() : match.end()], context):
            continue
        yield Hit("secrecy", match.start(), match.end(), BUSINESS)
    folded = draft.folded
    if context.client_pattern is not None:
        for match in context.client_pattern.finditer(folded):
            start, end = draft.original_span(match.start(), match.end())
            yield Hit("secrecy", start, end, CLIENT_NAMED)
    yield from apply_rules([_CLIENT_RELATIONSHIP, _SUSPICION_ABOUT], draft)


def _contacts(draft: Draft, context: FirmContext) -> Iterator[Hit]:
    text = draft.text
    for match in _EMAIL.finditer(text):
        if not context.allows_email(match.group()):
            yield Hit("secrecy", match.start(), match.end(), EMAIL)
    for match in _IBAN.finditer(text):
        compact = re.sub(r"\s", "", match.group()).upper()
        if iban_valid(compact) and not context.allows_identifier(compact):
            yield Hit("secrecy", match.start(), match.end(), IBAN)
    for match in _NUMBER.finditer(text):
        yield from _classify_number(draft, match, context)
    for match in _ADDRESS_FR.finditer(draft.folded):
        if not context.allows_address(match.group()):
            start, end = draft.original_span(match.start(), match.end())
            yield Hit("secrecy", start, end, ADDRESS)
    for match in _ADDRESS_EN.finditer(text):
        if not context.allows_address(fold(match.group())):
            yield Hit("secrecy", match.start(), match.end(), ADDRESS)


def _classify_number(draft: Draft, match: re.Match[str], context: FirmContext) -> Iterator[Hit]:
    """Tell phones, SIREN/SIRET, VAT and social security numbers apart by shape and checksum."""
    raw = match.group().rstrip(" .-(")
    start, end = match.start(), match.start() + len(raw)
    digits = re.sub(r"\D", "", raw)
    if _CURRENCY_AFTER.match(draft.text[end:]) or context.allows_identifier(digits):
        return
    before = draft.text[max(0, start - 20) : start]
    if (
        (len(digits) == 14 and siret_valid(digits))
        or (len(digits) == 9 and siren_valid(digits))
        or (len(digits) == 11 and siren_valid(digits[2:]) and re.search(r"FR\s?$", before, re.I))
    ):
        yield Hit("secrecy", start, end, SIREN)
    elif len(digits) == 15 and nir_valid(digits):
        yield Hit("secrecy", start, end, NIR)
    elif (raw.startswith(("+", "00")) and 9 <= len(digits) <= 15) or (
        digits.startswith("0") and len(digits) in (10, 11)
    ):
        if not context.allows_phone(raw):
            yield Hit("secrecy", start, end, PHONE)
    elif len(digits) == 9 and _ID_KEYWORD.search(before):
        yield Hit("secrecy", start, end, SIREN)


def _amounts(draft: Draft, identified: bool) -> Iterator[Hit]:
    for match in _AMOUNT.finditer(draft.folded):
        start, end = draft.original_span(match.start(), match.end())
        if _PUBLIC_PRICE.search(draft.folded[max(0, match.start() - 60) : match.start()]):
            continue
        if identified or _CLIENT_CONTEXT.search(draft.sentence_at(start)):
            yield Hit("secrecy", start, end, AMOUNT)


def secrecy_hits(draft: Draft, context: FirmContext) -> list[Hit]:
    """Every secrecy hit in ``draft``; amounts count only next to a client or a person."""
    hits = [
        *_persons(draft, context),
        *_businesses(draft, context),
        *_contacts(draft, context),
    ]
    hits.extend(_amounts(draft, identified=bool(hits)))
    return hits
