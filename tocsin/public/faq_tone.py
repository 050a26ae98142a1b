"""When the chatbot must step aside: anger, threats, insults, a demand for a person.

A canned answer to someone who threatens to sue or insults the firm makes the crisis worse;
the product hands such conversations to a person. Cues are matched on folded tokens
(see :func:`tocsin.public.faq_text.tokenize`), so "Incompétents", "incompetents" and
"INCOMPETENTS" are one cue. Patterns look for the *act* (threatening, insulting), not the
topic: "can you recommend a lawyer?" is a question, "my lawyer will call you" is a threat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tocsin.public.faq_text import tokenize


def _compile(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b")


THREAT = _compile(
    r"plaintes?",
    r"porter plainte",
    r"tribunal(?! de commerce)",
    r"tribunaux",
    r"prud ?hom\w*",
    r"(saisir|saisirai|saisis|saisirons) la justice",
    r"en justice",
    r"proces",
    r"poursuites?",
    r"vous poursuivre",
    r"(mon|notre|mes|nos) avocats?",
    r"(prendre|prends|contacter|contacte|saisir|appeler|appelle|consulter|voir) (un|mon) avocat",
    r"mise en demeure",
    r"dommages et interets",
    r"action (collective|de groupe)",
    r"class action",
    r"(my|our) (lawyers?|attorneys?|solicitors?)",
    r"(get|getting|hire|hiring|call|calling|contact|contacting|see|seeing|consult) "
    r"(a|my) (lawyer|attorney|solicitor)",
    r"sue",
    r"suing",
    r"lawsuits?",
    r"legal action",
    r"(in|to) court",
    r"report you",
    r"(signaler|signale|denoncer|denonce) (a|au|aupres de) l ordre",
    r"(aller|irai|vais|contacter|contacterai|prevenir|alerter|alerterai|appeler|ecrire a) "
    r"(voir )?(la presse|les journalistes?|les medias)",
    r"(go|going|went|talk|talking|contact|contacting|call|calling|tell|telling|write to) "
    r"(to )?(the press|journalists?|the media|a journalist|the papers)",
    r"(file|filing|make|making|lodge|lodging) a (formal )?complaint",
    r"complain\w* to",
    r"(dire|dirai|raconter|prevenir|previens|avertir) (a )?tout le monde",
    r"(tell|telling|warn|warning) (everyone|everybody|all my)",
    r"(bad|negative|1 star|one star) reviews?",
    r"avis negatifs?",
    r"(une|1) etoile",
    r"boycott\w*",
    r"(take|taking|move|moving) my (business|money|account) elsewhere",
    r"scandal\w*",
)

# Questions about what the *firm* did ("avez-vous porté plainte ?" after a breach) are not
# threats; they are removed before THREAT is searched.
NOT_THREAT = _compile(
    r"(avez vous|allez vous|vous avez|a t on|a t il|le cabinet a|le cabinet va) (deja )?"
    r"(porte|depose|porter|deposer|fait) (une )?plainte",
    r"(have|did|will) you (already )?(file|filed|lodge|lodged|make|made|report|reported)"
    r"( a)?( police)? (complaint|report)",
    r"(are|will|did|do) you (going to |plan to |intend to )?(sue|take)",
    r"(allez vous|comptez vous|va t il|le cabinet va) (porter plainte|poursuivre)",
)

INSULT = _compile(
    r"incompetent\w*",
    r"incompetence",
    r"incapables?",
    r"bras casses",
    r"nazes?",
    r"tocards?",
    r"charlots",
    r"branquignols?",
    r"bons? a rien",
    r"(vous etes|bande de|tous) (des )?nuls?",
    r"nuls",
    r"escrocs?",
    r"voleurs?",
    r"arnaqueurs?",
    r"menteurs?",
    r"minables?",
    r"lamentables?",
    r"pathetiques?",
    r"pathetic",
    r"clowns?",
    r"guignols?",
    r"amateurs?",
    r"amateurish",
    r"idiots?",
    r"imbeciles?",
    r"cretins?",
    r"connards?",
    r"connasses?",
    r"encules?",
    r"batards?",
    r"merde\w*",
    r"putain",
    r"bordel",
    r"foutage",
    r"foutez",
    r"foutu\w*",
    r"vous moquez",
    r"se moque\w*",
    r"useless",
    r"morons?",
    r"stupid",
    r"crooks?",
    r"scammers?",
    r"thieves",
    r"liars?",
    r"shit\w*",
    r"fuck\w*",
    r"wtf",
    r"damn",
    r"bullshit",
    r"crap",
    r"bunch of",
    r"honte",
    r"honteu\w*",
    r"shame\w*",
    r"disgrace\w*",
    r"disgust\w*",
    r"degoutant\w*",
    r"degoute\w*",
    r"ecoeur\w*",
    r"inadmissible",
    r"inacceptable",
    r"unacceptable",
    r"outrag\w*",
    r"ridicul\w*",
    r"absurde",
    r"furieu\w*",
    r"furious",
    r"angry",
    r"livid",
    r"en colere",
    r"(je suis|suis) (tres )?(enerve|enervee|remonte|remontee)",
    r"marre",
    r"ras le bol",
    r"fed up",
    r"sick (of|and tired)",
    r"insupportable",
    r"intolerable",
    r"revoltant\w*",
    r"n en peux plus",
    r"n importe quoi",
    r"(prenez|prend) pour des",
    r"taking the piss",
    r"joke",
    r"blague",
    r"vous vous fichez",
)

# Each of these alone is not enough (0.5); two together, or one with "!!", are.
IMPATIENCE = _compile(
    r"toujours (pas|rien|aucun\w*)",
    r"still (no|not|nothing|waiting)",
    r"depuis (des|deux|trois|quatre|plusieurs|\d+) (jours|semaines|mois)",
    r"(\d+|deux|trois|quatre|plusieurs) (jours|semaines|mois) que",
    r"(days|weeks|months) (now|of waiting|and still|without)",
    r"(j attends|i have been waiting|we have been waiting)",
    r"aucune (reponse|nouvelle)",
    r"no (answer|reply|response|news)",
    r"personne ne (repond|rappelle|m a)",
    r"(nobody|no one|noone) (answers|replies|calls|called|picks)",
    r"(jamais|never) (de reponse|answer|reply|replied)",
    r"c est abuse",
    r"unbelievable",
    r"incroyable",
    r"(changer|change) de (cabinet|comptable)",
    r"(je vais|je vous) (partir|quitter|quitte)",
    r"leave you",
)

STRONG_HUMAN = _compile(
    r"(un|une|a|an|real|vrai|vraie|actual|live) (humain|humaine|etre humain|human|human being)",
    r"(vraie|vrai|real|actual|live) (personne|person|agent|people)",
    r"personne (reelle|physique)",
    r"en chair et en os",
    r"(pas|not) (un |une |a |to a |with a )?(robot|bot|chatbot|machine|automate)",
    r"(parler|talk|speak|talking|chatting) (a|to|with) (un |une |a |the |this )?"
    r"(robot|bot|chatbot|machine)",
    r"(je|j) (veux|exige|demande a|demande de|veut) parler",
    r"(i|we) (want|need|demand) to (talk|speak)",
    r"let me (talk|speak)",
    r"passez moi",
    r"put me through",
    r"transfer me",
)

WEAK_HUMAN = _compile(
    r"parler (a|avec) (quelqu un|quelqu|une personne|quelqu une)",
    r"(parler|talk|speak|discuter) (a|au|avec|to|with) (un |une |a |an |the |votre |your )?"
    r"(conseiller|conseillere|operateur|operator|agent|representative|responsable|manager|"
    r"associe|directeur|patron|partner|boss)",
    r"(talk|speak) (to|with) (someone|somebody|a person|anyone)",
    r"joindre quelqu un",
    r"quelqu un a qui parler",
    r"someone to talk to",
    r"souhait\w* parler",
)


@dataclass(frozen=True)
class Tone:
    """How a question sounds: does it need a person, and why (for the inbox)."""

    upset: bool
    wants_person: bool  # insists on a human: escalate whatever the question
    asks_contact: bool  # politely asks to talk to someone: the contact entry may answer
    reasons: tuple[str, ...]

    @property
    def escalate(self) -> bool:
        return self.upset or self.wants_person


def read_tone(text: str, concepts: frozenset[str] = frozenset()) -> Tone:
    """Spot anger, threats, insults and requests for a person in one question.

    ``concepts`` are the question's lexicon concepts (see faq_text): the lexicon's typo
    tolerance adds "tone-anger" for a misspelt insult ("incompetant") the patterns miss.
    """
    folded = " ".join(tokenize(text))
    reasons: list[str] = []
    score = 0.0
    if THREAT.search(NOT_THREAT.sub(" ", folded)):
        reasons.append("threat")
        score += 1.0
    if INSULT.search(folded) or "tone-anger" in concepts:
        reasons.append("insult or anger")
        score += 1.0
    impatience = len(IMPATIENCE.findall(folded))
    if impatience:
        reasons.append("impatience")
        score += 0.5 * impatience
    if text.count("!") >= 2 or "?!" in text or "!?" in text:
        score += 0.5
    shouted = [w for w in re.findall(r"[^\W\d_]{3,}", text) if w.isupper()]
    if len(shouted) >= 2 and len(shouted) * 2 >= len(re.findall(r"[^\W\d_]{3,}", text)):
        reasons.append("shouting")
        score += 0.5
    wants_person = bool(STRONG_HUMAN.search(folded))
    if wants_person:
        reasons.append("asks for a person")
    return Tone(
        upset=score >= 1.0,
        wants_person=wants_person,
        asks_contact=bool(WEAK_HUMAN.search(folded)),
        reasons=tuple(reasons),
    )
