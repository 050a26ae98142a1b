"""The profession's rules on communication, which go beyond tone.

An *expert-comptable* communicates with restraint and accuracy and never compares himself
with, or disparages, another firm (code de déontologie, décret 2012-432, art. 152 of the
decree as codified). A firm that has filed, or not filed, a suspicious-transaction report
must never say so (Code monétaire et financier, art. L. 561-18): even "we made no report"
tells the client something the law forbids telling.
"""

from __future__ import annotations

from tocsin.responses.checks.rules import Rule, rule

ETHICS: list[Rule] = [
    rule(
        "ethics",
        "comparison",
        "Comparaison avec d'autres cabinets ou dénigrement d'un confrère : interdit par le "
        "code de déontologie (art. 152).",
        "Comparison with other firms or disparaging a colleague: forbidden by the code of "
        "ethics (art. 152).",
        r"\b(contrairement (a|aux) (d'autres|certains|nos|les autres|ce|ces|la) (\w+ )?"
        r"(cabinets?|confreres?|concurrents?|concurrence|experts?-comptables?)|(d'autres|les "
        r"autres|certains|autres) cabinets|nos (concurrents|confreres)|(cabinets?|confreres?) "
        r"concurrents?|la concurrence|(ancien|precedent|autre) (expert-comptable|expert "
        r"comptable|cabinet comptable|comptable)|plus (fiables?|serieux|competents?|rapides?|"
        r"reactifs?|honnetes?) que (les autres|d'autres|nos|la concurrence|ce cabinet)|"
        r"moins chers? que|unlike (other|some|many|most|our) (\w+ )?(firms|accountants|"
        r"competitors|practices)|other (accounting )?(firms|accountants|practices)|"
        r"(que|than) (la plupart des|most|many|the other|other|les autres|d'autres|beaucoup de|"
        r"bien des|certains) (\w+ )?(cabinets|firms|confreres|accountants|practices|"
        r"experts-comptables)|(la plupart|beaucoup|certains|bien|nombre) (de nos |des )"
        r"(confreres|cabinets)|(most|many|some) (\w+ )?(firms|accountants|practices)\b|"
        r"rien a envier|nothing to envy|(grands|gros) (reseaux|cabinets)|(big|large) (networks|"
        r"firms)|big (four|4)\b|(un|des|nos|ce|cet|d'un|les|vos) concurrents?\b|our competitors|competitors?|"
        r"competing firms?|rival firms?|(previous|former|old) "
        r"(accountant|firm|accounting firm)|cheaper than|better than (other|any|most|our))\b",
    ),
    rule(
        "ethics",
        "self_praise",
        "Autopromotion ou superlatif invérifiable : la déontologie exige mesure et exactitude "
        "(art. 152).",
        "Self-praise or unverifiable superlative: the code requires restraint and accuracy "
        "(art. 152).",
        r"\b((le|la|les) meilleure?s? (cabinets?|experts?|equipes?|services?|de (la region|"
        r"france|bretagne|la ville))|meilleurs? cabinets?|numero (1|un)\b|n ?° ?1\b|"
        r"leader (du|de la|des|en|sur)|premier cabinet|the best (\w+ ){0,2}(firm|accountants?|"
        r"practice|team|service)|best accounting|number one|no\. ?1\b|unrivall?ed|unmatched|"
        r"second to none|world-class|(le|la) (cabinet|equipe|firme) (le|la) plus \w+|"
        r"the most \w+ (firm|practice|team|accountants?)|(peu de|aucun autre|few|no other|"
        r"rares sont les) (\w+ )?(cabinets?|firms?|confreres|accountants?|practices)|sans egal|inegale?s?|irreprochables?|impeccables?|"
        r"infaillibles?)",
    ),
    rule(
        "ethics",
        "tracfin",
        "Déclaration de soupçon : la loi interdit d'en révéler l'existence ou l'absence "
        "(Code monétaire et financier, art. L. 561-18).",
        "Suspicious-transaction report: the law forbids revealing that one was or was not "
        "made (French Monetary and Financial Code, art. L. 561-18).",
        r"\b(tracfin|declarations? de soupcons?|declaration (\w+ ){0,2}(a la )?cellule de "
        r"renseignement financier|cellule de renseignement financier|soupcons? de blanchiment|"
        r"suspicious (activity|transaction) reports?|suspicion reports?|money laundering "
        r"(report|suspicion)|suspected money laundering|financial intelligence unit|"
        r"((eu a|had to|jamais|never|pas) (\w+ )?(signaler|signale|report|reported|denoncer) (ce|cette|"
        r"this|that|him|her|them|le|la|les) ?(\w+)?)|(reported|signale\w*) (him|her|them|the client|this client|this person|the person|le client|"
        r"ce client|la cliente|cette cliente|cette personne|ce contribuable) (\w+ ){0,2}(to the "
        r"authorities|to the police|to the national crime agency|aux autorites|a la police|"
        r"au procureur)|denonce\w* (\w+ ){0,3}(aux autorites|a la police|au procureur))",
        skip_quoted=False,
    ),
    rule(
        "ethics",
        "tracfin",
        "Déclaration de soupçon : la loi interdit d'en révéler l'existence ou l'absence "
        "(Code monétaire et financier, art. L. 561-18).",
        "Suspicious-transaction report: the law forbids revealing that one was or was not "
        "made (French Monetary and Financial Code, art. L. 561-18).",
        r"\b(doutes?|soupcons?|suspicions?|doubts?|concerns?|suspect\w*)\b",
        only_if_sentence=r"\b(informe|signale|prevenu|alerte|saisi|informed|notified|alerted|"
        r"reported|told)\w*\b.*\b(autorites|authorities|procureur|prosecutor|police|tracfin|"
        r"cellule)\b|\b(autorites|authorities|procureur|prosecutor|police|tracfin|cellule)\b"
        r".*\b(informe|signale|prevenu|alerte|saisi|informed|notified|alerted|reported)",
        skip_quoted=False,
    ),
]
