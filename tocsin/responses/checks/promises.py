"""Overpromising: guarantees, absolutes and fixed outcomes the firm cannot keep.

"Never again", "100 % secure" and "everything fixed by tonight" are remembered when they
fail. A promise about what the firm itself decides (never selling data) is a policy and
stays allowed; so is a commitment to act ("we will publish an update at 6 pm").
"""

from __future__ import annotations

from tocsin.responses.checks.rules import Rule, rule

# "We cannot guarantee", "sans garantie": a refusal to promise is the calm answer.
_NEGATED_PROMISE = (
    r"(ne (pouvons|peut|pourrons|saurions|saurait) (pas |en aucun cas )?|impossible de |"
    r"aucune |sans |pas de |cannot |can't |can not |could not |couldn't |unable to |"
    r"not able to |no one can |nobody can |not |no )\s*$"
)
# "never" about what the firm itself decides (selling, sharing data) is a policy it can keep.
_FIRM_POLICY = (
    r"^\W*(\w+ ){0,2}(partag|vend|vendu|divulg|communiq|transmi|publi|cede|shar|sold|sell|"
    r"disclos|communicat|transmit|publish|pass)"
)
# "All files will be corrected" is a plan; with a date or "whatever happens" it is a promise.
_DEADLINE = (
    r"(d'ici|avant|demain|ce soir|aujourd'hui|cette semaine|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|sous \d|dans les \d|\bby\b|tomorrow|tonight|today|this week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|within|quoi qu'il|whatever)"
)

OVERPROMISE: list[Rule] = [
    rule(
        "overpromise",
        "guarantee",
        "Garantie : le cabinet ne maîtrise pas tout ce qu'il garantirait publiquement.",
        "Guarantee: the firm does not control everything it would publicly guarantee.",
        r"\b(garanti(ssons|s|t|e|es|r)?|je (vous )?garantis|guarantee[sd]?|guaranteeing|"
        r"promettons|je (vous )?promets|c'est promis|we promise|i promise|promise (you|that))\b",
        unless_before=_NEGATED_PROMISE,
    ),
    rule(
        "overpromise",
        "certainty",
        "Certitude affichée sur une issue incertaine : mieux vaut dire ce qui est fait.",
        "Certainty about an uncertain outcome: better to say what is being done.",
        r"\b(c'est certain|c'est sur|nous en sommes (certains|surs|convaincus)|"
        r"soyez (certaine?s?|assuree?s?|sure?s?)|sans aucun doute|avec certitude|a coup sur|"
        r"sans faute|"
        r"quoi qu'il arrive|sans exception|rest assured|be assured|without fail|"
        r"whatever happens|no matter what|without exception|for sure|"
        r"will (certainly|definitely|surely|absolutely)|(certainly|definitely|surely) will|"
        r"un seul (euro|centime)|pas un (seul )?centime|single (euro|penny|pound|cent)|"
        r"every single|la moindre (penalite|consequence|perte|erreur|majoration|sanction))\b",
    ),
    rule(
        "overpromise",
        "absolute",
        "Promesse absolue (100 %, zéro risque, parfait) : aucun cabinet ne peut la tenir.",
        "Absolute promise (100%, zero risk, perfect): no firm can keep it.",
        r"(\b(100|cent) ?(%|pour ?cent|percent|per cent)|\b(totalement|entierement|parfaitement|"
        r"fully|completely|totally) (securise|protege|sur|fiable|secure|safe|protected)\w*|"
        r"\b(inviolables?|impenetrables?|infaillibles?|foolproof|bulletproof|flawless|"
        r"error-free|risque zero|zero (risque|erreur|defaut|faille|risk|errors?|mistakes?|"
        r"defects?)|aucun risque|no risk|sans (aucun )?risque|perfect|parfaite?s?)\b)",
        unless_before=r"(pas |not |jamais |never |n'est |isn't |no such thing as |pas de |"
        r"not a |n'existe pas de |there is no such )$",
    ),
    rule(
        "overpromise",
        "never_again",
        "« Plus jamais » : une promesse absolue sur l'avenir que personne ne peut tenir.",
        "'Never again': an absolute promise about the future nobody can keep.",
        r"\b(plus jamais|jamais plus|ne (se )?(reproduira|reproduiront|produira|arrivera|"
        r"arriveront|repetera|sera|seront|perdra|perdront|subira|subiront)( plus)? jamais|"
        r"never (happen|occur|be repeated|again)|will never (happen|occur|be|lose|see|face|have|"
        r"recur)|won't (ever )?happen again|will not happen again|(will|shall) ever (happen|"
        r"occur|lose|be)|(no|aucun|aucune) (\w+ ){0,2}(will|ne) (\w+ ){0,2}(ever|jamais))\b",
        unless_after=_FIRM_POLICY,
    ),
    rule(
        "overpromise",
        "nobody",
        "Promesse qu'aucune personne ne subira de conséquence : l'issue ne dépend pas que "
        "du cabinet.",
        "Promise that nobody will suffer any consequence: the outcome is not only the "
        "firm's to decide.",
        r"\b((aucun|aucune|personne|nul|plus aucun|plus aucune) (\w+ ){0,2}(ne|n') ?(\w+ ){0,1}"
        r"(subira|subiront|perdra|perdront|paiera|paieront|comportera|comporteront|aura a|"
        r"sera penalise|sera sanctionne)|no (\w+ ){0,1}(employee|employer|client|customer|one|"
        r"payslip|person|worker|staff|member|business)s? (\w+ ){0,1}will (\w+ ){0,1}(lose|face|"
        r"suffer|pay|contain|be penali[sz]ed|be charged))",
    ),
    rule(
        "overpromise",
        "fixed_outcome",
        "Issue annoncée comme acquise : dire ce qui est engagé, pas ce qui sera « réglé ».",
        "Outcome announced as settled: say what is being done, not what 'will be fixed'.",
        r"\b(tout|everything) (sera|will be|is going to be) (\w+ )?(regle|resolu|corrige|"
        r"retabli|rentre dans l'ordre|fixed|resolved|sorted|solved|back to normal)",
    ),
    rule(
        "overpromise",
        "fixed_outcome",
        "Issue annoncée comme acquise : dire ce qui est engagé, pas ce qui sera « réglé ».",
        "Outcome announced as settled: say what is being done, not what 'will be fixed'.",
        r"\b(tous les|toutes les|all (the )?|every) (\w+ ){1,2}(seront|sera|will be|auront ete|"
        r"aura ete|will have been) (\w+ )?(regle|resolu|corrige|regularise|rembourse|paye|fixed|"
        r"resolved|sorted|refunded|corrected|settled|paid)\w*",
        only_if_sentence=_DEADLINE,
    ),
    rule(
        "overpromise",
        "third_party_outcome",
        "Promettre la décision d'un tiers (URSSAF, impôts, banque) : elle ne nous appartient pas.",
        "Promising a third party's decision (tax office, bank): it is not ours to make.",
        r"\b(l'urssaf|l'administration|les impots|le fisc|la dgfip|la banque|l'assureur|"
        r"hmrc|the tax office|the authorities|the bank|the insurer|the irs)( \w+){0,2} "
        r"(annulera|accordera|remettra|renoncera|acceptera|remboursera|will (\w+ )?(waive|"
        r"cancel|accept|refund|grant|drop))",
    ),
    rule(
        "overpromise",
        "guarantee",
        "Garantie : le cabinet ne maîtrise pas tout ce qu'il garantirait publiquement.",
        "Guarantee: the firm does not control everything it would publicly guarantee.",
        r"\b(nous (nous )?(y )?engageons (formellement|solennellement)|(vous avez|you have) "
        r"(notre|ma|our|my) (parole|word)|(we|i) give you (our|my) word|parole d'honneur)\b",
    ),
    rule(
        "overpromise",
        "absolute",
        "Promesse absolue (100 %, zéro risque, parfait) : aucun cabinet ne peut la tenir.",
        "Absolute promise (100%, zero risk, perfect): no firm can keep it.",
        r"\b((resteront|restera|will (remain|stay)|will always be) (\w+ )?(parfaitement |"
        r"totalement |entierement |completely |fully |totally |always )?(protegee?s?|"
        r"securisee?s?|protected|secure|safe)|quelles? que soient les circonstances|"
        r"en toutes circonstances|in all circumstances|whatever the circumstances)\b",
    ),
    rule(
        "overpromise",
        "nobody",
        "Promesse qu'aucune personne ne subira de conséquence : l'issue ne dépend pas que "
        "du cabinet.",
        "Promise that nobody will suffer any consequence: the outcome is not only the "
        "firm's to decide.",
        r"\b((n'aurez|n'aura|n'auront|ne paierez|ne paiera|ne subirez|ne subira|ne perdrez|"
        r"ne perdra|ne perdront|ne supporterez) (\w+ )?(aucune?|rien|pas|jamais)|"
        r"(you|they|no one|nobody|anyone) (will not|won't|will never|shall not) (\w+ )?(pay|lose|"
        r"face|suffer|be charged|be penali[sz]ed|incur)|(not|never) (pay |lose )?(a|one) "
        r"(penny|cent|centime|euro)|won't lose anything|will not lose anything)\b",
        unless_after=r"^\W*(de plus|more|extra|supplementaire|additional|for this correction)",
    ),
    rule(
        "overpromise",
        "never_again",
        "« Plus jamais » : une promesse absolue sur l'avenir que personne ne peut tenir.",
        "'Never again': an absolute promise about the future nobody can keep.",
        r"\b((desormais|dorenavant|now|henceforth) (\w+ )?impossible|impossible (chez nous|"
        r"desormais|a l'avenir|dorenavant)|(cannot|can't|can no longer|could no longer) "
        r"(\w+ )?happen (here |again|any ?more)|ne (peut|pourra|pourront) plus (\w+ )?"
        r"(se produire|arriver|se reproduire)|no longer possible|will no longer happen|"
        r"(won't|will not) happen (here )?(again|any ?more)|(ne|n') ?(se )?(reproduira|"
        r"reproduiront|arrivera|produira) (pas|plus))\b",
    ),
    rule(
        "overpromise",
        "fixed_outcome",
        "Issue annoncée comme acquise : dire ce qui est engagé, pas ce qui sera « réglé ».",
        "Outcome announced as settled: say what is being done, not what 'will be fixed'.",
        r"\b((tout|everything) (rentrera|reviendra|ira|will be back|will go back|will be fine|"
        r"will be ok|will be okay)|all will be well|(seront|sera|will be|are|is) "
        r"(forcement|necessairement|obligatoirement|bound to|certain to|sure to)|"
        r"(n'a|n'ont|ne peut|ne peuvent|ne pourra) pas (le choix|faire autrement)|"
        r"(have|has) no (other )?choice)\b",
    ),
    rule(
        "overpromise",
        "nobody",
        "Promesse qu'aucune personne ne subira de conséquence : l'issue ne dépend pas que "
        "du cabinet.",
        "Promise that nobody will suffer any consequence: the outcome is not only the "
        "firm's to decide.",
        r"\b((aucun|aucune|personne|nul) (\w+ ){0,3}ne (verra|verront|remarquera|ressentira|"
        r"constatera|subira)|la moindre (difference|consequence|incidence|impact|penalite)|"
        r"(none|no one|nobody|not one) of (\w+ ){0,2}will (\w+ ){0,1}(notice|see|feel|lose|"
        r"suffer|face|pay)|the slightest (difference|impact|effect|consequence|penalty)|"
        r"(penalt\w+|fees?|costs?|consequences?|charges?|impact|loss) whatsoever)\b",
    ),
    rule(
        "overpromise",
        "absolute",
        "Promesse absolue (100 %, zéro risque, parfait) : aucun cabinet ne peut la tenir.",
        "Absolute promise (100%, zero risk, perfect): no firm can keep it.",
        r"\b((definitivement|permanently|for good|une fois pour toutes|once and for all)"
        r"( \w+){0,2} ?(corrige|regle|resolu|elimine|ferme|securise|fixed|resolved|solved|"
        r"closed|eliminated|secured)?|(corrige|regle|resolu|elimine|fixed|resolved|solved|"
        r"eliminated)\w* (definitivement|permanently|for good|une fois pour toutes|once and for "
        r"all)|sans aucun (retard|risque|probleme|incident|souci) possible|(with )?no "
        r"possibility of (delay|error|failure|problems?)|aucune possibilite (de|d')|"
        r"zero chance)\b",
    ),
    rule(
        "overpromise",
        "guarantee",
        "Garantie : le cabinet ne maîtrise pas tout ce qu'il garantirait publiquement.",
        "Guarantee: the firm does not control everything it would publicly guarantee.",
        r"\b((nous nous en|we) (portons|stand) (garants|guarantor|behind (that|it|this))|"
        r"nous en repondons|we vouch|(il n'y aura|there will be) (aucune?|no) (\w+ )?"
        r"(consequences?|impact|penalites?|penalt\w+|incidences?|problems?|"
        r"problemes?)|(plus aucune?|no) (\w+ ){0,2}(ne pourra|ne pourront|can|could|will be able "
        r"to) (\w+ ){0,2}(passer|slip|get through|echapper|escape))\b",
    ),
]
