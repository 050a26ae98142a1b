"""Hostile tone: anger, insult, sarcasm, irony, condescension, emotional reaction.

A crisis answer is read by everyone, not only by the person it answers; what reads as
firmness in anger reads as arrogance in public. These rules look for the words that carry
that tone, in French and English, on the folded text (so ``desole`` and ``désolé`` match),
with the contexts that make the same words harmless (quotes, self-criticism).
"""

from __future__ import annotations

from tocsin.responses.checks.rules import Rule, rule

# Self-criticism cancels an indignant adjective ("this error is unacceptable").
_SELF = r"(notre|nos|de notre part|our|on our side|cette erreur|this error|this mistake)"

HOSTILE: list[Rule] = [
    rule(
        "hostile",
        "insult",
        "Mot insultant ou méprisant : il vise la personne, pas le problème.",
        "Insulting or contemptuous word: it targets the person, not the problem.",
        r"\b(ridicules?|absurdes?|stupides?|idiots?|idiote|debiles?|grotesques?|pathetiques?|"
        r"lamentables?|minables?|betises?|n'importe quoi|foutaises?|aberrant(e|es|s)?|"
        r"imbeciles?|cretins?|incompetents?|ignorants?|trolls?|jaloux|jalouse|haineux|haineuse|"
        r"ridiculous|absurd|stupid|idiotic|nonsense|pathetic|laughable|clueless|moronic|"
        r"silly|rubbish|ludicrous|preposterous|hateful|deplorable)\b",
        unless_before=r"(pas|not|nullement|rien d')\s*$",
    ),
    rule(
        "hostile",
        "bad_faith",
        "Accuser l'auteur de mentir ou d'être de mauvaise foi envenime le débat public.",
        "Accusing the author of lying or bad faith inflames the public debate.",
        r"\b(mauvaise foi|mensonges?|menteu(r|rs|se|ses)|vous mentez|calomni\w*|fake news|"
        r"affabulation\w*|bad faith|liars?|lying|(these|such|your|their|those|of) lies)\b",
    ),
    rule(
        "hostile",
        "dismissal",
        "Réponse dédaigneuse : refuser de répondre ou minimiser la critique paraît arrogant.",
        "Dismissive answer: refusing to engage or belittling the criticism looks arrogant.",
        r"(ne merite (meme )?pas (de |d'|une )?(reponse|qu'on)|pas de lecons? a recevoir|"
        r"perdre (notre|son|mon) temps|pas la peine de repondre|beaucoup de bruit pour rien|"
        r"pour si peu|(will not|won't|refuse to) dignify|"
        r"not worth (a|any|our) (response|reply|time)|"
        r"(does not|doesn't) deserve (a|any) (response|reply|answer)|waste of (our|my) time|"
        r"beneath us|much ado about nothing|all this fuss|make a fuss|"
        r"not the end of the world|pas la fin du monde|stop (complaining|whining)|"
        r"arretez de (vous plaindre|raconter)|ne venez pas (vous plaindre|nous))",
    ),
    rule(
        "hostile",
        "threat",
        "Menace juridique envers l'auteur : à réserver à un échange privé avec votre avocat.",
        "Legal threat against the author: keep it for a private exchange with your lawyer.",
        r"\b(diffamatoires?|diffamation|defamatory|defamation|nos avocats|notre avocat|"
        r"our lawyers|our solicitors|vous poursuivre|sue you|legal action against)\b",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(comme par hasard|quelle surprise|what a surprise|surprise, surprise|oh (sure|really|"
        r"great|please)|yeah,? right|mais bien sur|evidemment que vous|toujours aussi "
        r"(constructi\w*|utile|pertinent\w*|agreable|aimable|bienveillant\w*)|as (helpful|"
        r"constructive|kind) as ever|how (original|helpful|constructive)|what a genius|"
        r"expert autoproclame|self-proclaimed|so-called experts?|pretendu expert|"
        r"grand expert|armchair (expert|accountant)s?|nice try|bien essaye|"
        r"good luck with that|bon courage avec (ca|cela)|sens de l'humour|sense of humou?r)\b",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(bravo|felicitations|chapeau|congratulations|congrats|well done|wow)\b"
        r"(?=[^.!?]{0,40}\b(vous|votre|vos|you|your|ce post|ce commentaire|cet avis)\b)",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(merci (pour|de) (ce|cette|votre|cet) (magnifique|superbe|brillant\w*|formidable|"
        r"genial\w*|sublime|merveilleu\w*)|thanks? (you )?for (the|this|your|that) (brilliant|"
        r"lovely|wonderful|fantastic|amazing|genius|stellar))\b",
    ),
    rule(
        "hostile",
        "condescension",
        "Ton condescendant : laisser entendre que l'auteur est ignorant ou incapable.",
        "Condescending tone: implying the author is ignorant or incapable.",
        r"((vous etes|tu es|you are|you're|vous vous prenez pour) (vraiment |visiblement |"
        r"clairement |sans doute |bien |obviously |clearly |such )?(un |une |le |la |an |a |"
        r"the )?(grand |grande |vrai |vraie |veritable |real |true |great )?(expert|experte|"
        r"specialiste|genie|guru|genius|specialist)\b|(on voit (bien )?que|visiblement|"
        r"manifestement|apparemment|clearly|obviously|evidently),? (vous|you)\b|"
        r"\byou (obviously|clearly) \w+|vous n'avez (visiblement |manifestement |clairement |"
        r"meme |jamais |sans doute )?(rien|pas) (compris|lu|su)|"
        r"\b(renseignez-vous|informez-vous|apprenez a|relisez|calmez-vous|du calme)\b|"
        r"vous devriez (relire|lire|apprendre|vous renseigner|reflechir|verifier)|"
        r"avant de (nous )?(accuser|critiquer|juger|ecrire|parler|publier|vous plaindre)|"
        r"il suffit (pourtant |simplement |juste )?de (savoir )?lire|c'est pourtant (simple|"
        r"clair|evident)|comme tout le monde (le )?sait|tout le monde l'a compris|"
        r"ne sait? (meme )?pas lire|sait meme pas|do your homework|learn to read|"
        r"you should (read|learn|check|educate)|if you had (bothered|read|taken the time|"
        r"paid attention)|if you'd (bothered|read)|(not|isn't) rocket science|"
        r"as (anyone|everyone) (knows|can see)|get a grip|grow up|calm down|get over it|"
        r"before (accusing|criticising|criticizing|attacking) us)",
    ),
    rule(
        "hostile",
        "rhetorical",
        "Question rhétorique ou exaspération : c'est une réaction, pas une réponse.",
        "Rhetorical question or exasperation: a reaction, not an answer.",
        r"\b(are you (seriously|really|kidding)|seriously\s*[?!]|serieusement\s*[?!]|"
        r"vous etes serieux|vous plaisantez|you must be joking|you can't be serious|"
        r"c'est une blague|franchement,|frankly,? (your|this|you)|honestly,? (this|your|you)|"
        r"vraiment\s*\?\s*$|really\s*\?\s*$)",
    ),
    rule(
        "hostile",
        "emotion",
        "Réaction émotionnelle (colère, indignation) : attendre, puis répondre à froid.",
        "Emotional reaction (anger, outrage): wait, then answer calmly.",
        r"\b(inadmissible|scandaleu\w*|honteu(x|se|ses)|revoltant\w*|honte a vous|"
        r"comment osez|how dare|outrageous|disgraceful|shameful|shame on you|insupportable|"
        r"(sommes|suis) (\w+ )?(scandalise|outre|indigne|furieu|ecoeure|excede|choque)\w*|"
        r"(we are|we're|i am|i'm) (\w+ )?(outraged|furious|appalled|disgusted|fed up))\b",
        unless_before=_SELF + r"[^.]{0,25}$",
    ),
    rule(
        "hostile",
        "emotion",
        "Réaction émotionnelle (colère, indignation) : attendre, puis répondre à froid.",
        "Emotional reaction (anger, outrage): wait, then answer calmly.",
        r"\b(inacceptables?|unacceptable)\b",
        unless_sentence=r"\b(notre|nos|our|erreur|error|mistake|retard|delay|nous|we)\b",
    ),
    rule(
        "hostile",
        "personal_attack",
        "Attaque contre la personne ou ses intentions : répondre au fond, pas à l'auteur.",
        "Attack on the person or their motives: answer the substance, not the author.",
        r"\b(quelqu'un qui (n'a|ne sait|ne connait|ne comprend)|(someone|somebody|people) who "
        r"(has |have )?(clearly |obviously )?(never|doesn't|does not|can't|cannot|don't)|"
        r"(les )?gens comme vous|people like you|ce genre de (personnes?|individus?|provocations?)|"
        r"this kind of (provocation|person|people|behaviou?r)|provocations?|"
        r"(attaques?|accusations?|rumeurs?|attacks?|allegations?|rumou?rs?|claims?) (\w+ ){0,2}"
        r"(mensongere?s?|gratuites?|infondee?s?|calomnieuses?|baseless|unfounded|malicious)|"
        r"(baseless|unfounded|malicious|mensongere?s?|malveillante?s?|calomnieuse?s?) "
        r"(attacks?|accusations?|claims?|attaques?|propos)|a part a nuire|pour nous nuire|"
        r"to (harm|hurt|damage) us|smear campaign|campagne de (denigrement|calomnie)|acharnement|"
        r"witch[ -]hunt|chasse aux sorcieres|cabale|lache(ment)? anonyme|cowards?|cowardly|"
        r"(truffee?s?|plein|pleine|bourree?s?|full|riddled) (\w+ )?(d'erreurs|de fautes|"
        r"d'approximations|of (errors|mistakes|inaccuracies)))",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(quelle originalite|how (very )?original|tres original|ah oui,? bien sur|"
        r"oh yes,? of course|oui,? bien sur,? (c'est|tout)|of course,? it's always|"
        r"(c'est|it's) (toujours|always) (la faute|the \w+'s fault))",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(comme d'habitude|comme toujours|as usual|as always)\b",
        only_if_sentence=r"\b(vous|votre|vos|you|your|commentaire|comment|avis|review|post)\b",
        unless_sentence=r"\b(nous restons|we remain|a votre (ecoute|disposition)|at your "
        r"(disposal|service)|joignables?|reachable|available|disponibles?)\b",
    ),
    rule(
        "hostile",
        "dismissal",
        "Réponse dédaigneuse : refuser de répondre ou minimiser la critique paraît arrogant.",
        "Dismissive answer: refusing to engage or belittling the criticism looks arrogant.",
        r"\b(perdre (de|du|notre|son|mon) temps|waste (\w+ )?time|wasting (our|my) time|"
        r"(aller|allez) voir ailleurs|take your (business|custom|account) elsewhere|"
        r"(free|welcome) to (leave|go elsewhere)|personne ne vous (oblige|retient)|"
        r"nobody is forcing you|rien ne vous empeche|a quoi (servent|sert)|what'?s the point of|"
        r"what is the point of|on se demande|one wonders|(tired|sick|weary) of|fed up with|"
        r"(las|lasses|marre) de|ras[ -]le[ -]bol|(en )?avons assez|we'?ve had enough)\b",
    ),
    rule(
        "hostile",
        "condescension",
        "Ton condescendant : laisser entendre que l'auteur est ignorant ou incapable.",
        "Condescending tone: implying the author is ignorant or incapable.",
        r"\b(un peu de respect|(a little|some) respect|restez poli|stay polite|mind your "
        r"(tone|language|manners)|surveillez (votre|vos) (ton|langage|propos)|"
        r"vous ne croyez pas\s*\?|don'?t you think\s*\?|dis donc|allons donc|come on,)",
    ),
    rule(
        "hostile",
        "emotion",
        "Réaction émotionnelle (colère, indignation) : attendre, puis répondre à froid.",
        "Emotional reaction (anger, outrage): wait, then answer calmly.",
        r"!",
        on_original=True,
        only_if_sentence=r"\b(vous|votre|vos|you|your|nous|us|we)\b.*\b(pas|not|n't|jamais|"
        r"never|faute|fault|plaindre|complain)|\b(pas|not|n't|jamais|never|faute|fault)\b.*"
        r"\b(vous|votre|vos|you|your|nous|us)\b",
    ),
    rule(
        "hostile",
        "emotion",
        "Réaction émotionnelle (colère, indignation) : attendre, puis répondre à froid.",
        "Emotional reaction (anger, outrage): wait, then answer calmly.",
        r"\b((c'est|c'etait|it's|it is|it was) (\w+ )?(hallucinant|incroyable|ahurissant|"
        r"effarant|siderant|unbelievable|incredible|astonishing|staggering|mind-boggling|"
        r"beyond belief)|affligeant\w*|consternant\w*|navrant\w*|pitoyable\w*|"
        r"(n'accepterons|ne tolererons|ne laisserons|will not tolerate|won't tolerate|"
        r"will not accept|won't accept|will not stand for) (pas )?(\w+ ){0,3}(insult\w*|"
        r"attaqu\w*|propos|comments|attacks|abuse|accus\w*))",
    ),
    rule(
        "hostile",
        "condescension",
        "Ton condescendant : laisser entendre que l'auteur est ignorant ou incapable.",
        "Condescending tone: implying the author is ignorant or incapable.",
        r"\b(donner des lecons|faire la lecon|lecturing|lecture us|preaching|"
        r"commencez (donc )?par (payer|lire|regarder|relire|verifier|balayer)|"
        r"(maybe |perhaps )?start by (paying|reading|looking|checking|sweeping)|"
        r"(est|c'est|serait) trop (vous )?demander|too much to ask|"
        r"(laissons|laisse|laisserons) (\w+ ){0,2}(lecteurs|chacun|le public|les lecteurs) "
        r"(juger|apprecier)|(let|leave it to) (our |the )?(readers|everyone|the public|people) "
        r"(to )?judge|(se cachent?|se cachant|hide|hiding) derriere (un|des|leur) "
        r"(pseudo|ecran|anonymat)|hid(e|ing) behind (a|an|their) (pseudonym|screen|username|"
        r"anonymity)|keyboard warriors?)",
    ),
    rule(
        "hostile",
        "sarcasm",
        "Ironie ou sarcasme : en public, il est lu au premier degré et blesse.",
        "Irony or sarcasm: in public it is read literally, and it hurts.",
        r"\b(excellente idee|bonne idee|quelle idee|superbe idee|great idea|good idea|"
        r"brilliant idea|lovely idea|what an idea)\b",
        only_if_sentence=r"\b(plutot que|au lieu de|instead of|rather than)\b",
    ),
    rule(
        "hostile",
        "condescension",
        "Ton condescendant : laisser entendre que l'auteur est ignorant ou incapable.",
        "Condescending tone: implying the author is ignorant or incapable.",
        r"\b((cela|ca) fait (deux|trois|quatre|plusieurs|\d+) fois que|(this is|for) the "
        r"(second|third|fourth|\w+th) time (that )?(we|i)|(deja |already )?(dit|explique|"
        r"repete|said|explained|repeated) (\w+ )?(plusieurs|maintes|deux|trois|several|many|"
        r"\d+) (fois|times)|une fois de plus,? nous (vous )?(expliquons|repetons|rappelons)|"
        r"(nous doutons|je doute|we doubt|i doubt) (fort |very much )?(que|that)? ?(vous|you)|"
        r"meme vous|even you|(who|qui) (do not|don't|never|ne) (pay|paient|paie) (pas )?"
        r"(\w+ )?(fees|invoices|bills|honoraires|factures))\b",
    ),
    rule(
        "hostile",
        "dismissal",
        "Réponse dédaigneuse : refuser de répondre ou minimiser la critique paraît arrogant.",
        "Dismissive answer: refusing to engage or belittling the criticism looks arrogant.",
        r"\b((n'y|ne) (repondrons|repondra|repondrai) plus|(will not|won't) (be )?"
        r"(reply|replying|respond|responding|answer|answering) (again|further|any more|anymore)|"
        r"indignes?|unworthy|beneath contempt)\b",
    ),
    rule(
        "hostile",
        "condescension",
        "Ton condescendant : laisser entendre que l'auteur est ignorant ou incapable.",
        "Condescending tone: implying the author is ignorant or incapable.",
        r"\b((meconnaissance|ignorance|incomprehension) (\w+ ){0,2}(totale?|complete|profonde?|"
        r"evidente?|du|de la|des)|(lack|absence) of (\w+ ){0,1}(understanding|knowledge)|"
        r"se croit plus (malin|intelligent|fort|competent)|know-it-alls?|(thinks?|believes?) "
        r"(they|he|she|you)('re| are| is) (smarter|cleverer|better)|donneurs? de lecons|"
        r"lecons de morale|moral (lectures?|lessons?)|(gardez|garder) vos (lecons|conseils|commentaires|remarques|jugements|critiques|"
        r"avis|reflexions|sermons)( \w+)? pour vous|"
        r"keep your (\w+ )?(lectures?|advice|comments|opinions?|judge?ments?|sermons?|"
        r"moralising|moralizing) to yourself|(drole|curieuse|etrange|belle) (de )?facon de|"
        r"(funny|strange|odd|interesting) way to (thank|treat|repay))",
    ),
    rule(
        "hostile",
        "shouting",
        "Ponctuation ou capitales qui crient : elles se lisent comme de la colère.",
        "Shouting punctuation or capitals: they read as anger.",
        r"([!?]\s*){2,}|\b(?=[A-ZÀ-Ý' ]*\b(?:IS|ARE|THE|THIS|YOU|NOT|NOUS|VOUS|EST|PAS|C'EST|"
        r"CE|TOUT)\b)[A-ZÀ-Ý]{2,}(?:'[A-ZÀ-Ý]+)?(?:\s+[A-ZÀ-Ý]{2,}(?:'[A-ZÀ-Ý]+)?){1,}\b",
        on_original=True,
    ),
]
