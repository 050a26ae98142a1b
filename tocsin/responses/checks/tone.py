"""Tone rules: hostility, blame and promises the firm cannot keep.

A crisis answer is read by everyone, not only by the person it answers; what reads as
firmness in anger reads as arrogance in public. These rules look for the words that carry
that tone, in French and English, on the folded text (so ``desole`` and ``désolé`` match),
with the contexts that make the same words harmless.
"""

from __future__ import annotations

from tocsin.responses.checks.rules import Rule, rule

# Reported speech and self-criticism cancel a contemptuous adjective.
_SELF = r"(notre|nos|de notre part|our|on our side|cette erreur|this error|this mistake)"
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
_DEADLINE = (
    r"(d'ici|avant|demain|ce soir|aujourd'hui|cette semaine|lundi|mardi|mercredi|jeudi|"
    r"vendredi|samedi|dimanche|sous \d|dans les \d|\bby\b|tomorrow|tonight|today|this week|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|within|quoi qu'il|whatever)"
)

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

BLAME: list[Rule] = [
    rule(
        "blame",
        "denial",
        "Déni défensif : nier toute responsabilité avant les faits paraît fuir.",
        "Defensive denial: rejecting responsibility before the facts looks evasive.",
        r"(n'y (sommes|suis|est) pour rien|(nous ne sommes|le cabinet n'est|notre cabinet "
        r"n'est|notre equipe n'est|nous ne pouvons etre tenus?|nous ne saurions etre tenus?) "
        r"(en rien |aucunement |pas |nullement |donc )*(responsables?|fautifs?|en cause|tenus?)|"
        r"(ce n'est|c'est) pas (de )?notre faute|(rien|aucun rapport) a voir avec (nous|notre "
        r"cabinet|le cabinet)|declinons toute responsabilite|(nous n'avons|le cabinet n'a|"
        r"notre cabinet n'a|notre equipe n'a) (commis|fait) aucune (faute|erreur)|"
        r"n'a commis aucune (faute|erreur)|aucune (faute|erreur) de notre part|"
        r"rien a (nous|se) reprocher|(nous avons|notre equipe a|le cabinet a) fait (son|notre) "
        r"travail|contestons (fermement|formellement|categoriquement)|rejetons (ces|les|toute) "
        r"(accusations|critiques|responsabilite)|nous ne (faisons|commettons) (jamais|pas) "
        r"d'erreurs?|not on us|not our fault|(we are|we're|the firm is|our firm is|our team is) "
        r"not (to blame|responsible|at fault|liable)|nothing to do with us|(did|done) nothing "
        r"wrong|decline (all|any) (responsibility|liability)|categorically deny|reject (these|"
        r"the|all|any) (accusations|claims|criticism)|not our (responsibility|problem|doing)|"
        r"(we|our team|the firm) did (our|its) job|we (never|don't|do not) make (mistakes|"
        r"errors)|no (fault|error|mistake) (on our part|was made by us))",
    ),
    rule(
        "blame",
        "third_party",
        "Rejeter la faute sur un tiers (client, fournisseur, administration) : le public "
        "attend que le cabinet assume.",
        "Blaming a third party (client, supplier, authority): the public expects the firm "
        "to own it.",
        r"(\b(dus? |dues? )(uniquement |entierement |exclusivement |seulement )?a(ux?)?|"
        r"a cause (de|du|des|d')|en raison (de|du|des|d')|imputables? a|incombe a|"
        r"(vient|viennent|provient|proviennent) (de|du|des|d')|faute (de|du|des|a)|"
        r"came from|comes from|caused by|due to|because of|blame (lies )?(with|on)|fault of)"
        r"(?P<span>[^.;:!?]{0,30}?\b(clients?|cliente?s?|vous|votre|vos|your|you|employeurs?|"
        r"employers?|editeurs?|vendors?|suppliers?|prestataires?|"
        r"fournisseurs?|providers?|banques?|banks?|urssaf|administration|impots|fisc|dgfip|"
        r"gouvernement|government|authorities|autorites|tax office|hmrc|irs|caf|msa|"
        r"france travail|pole emploi|hebergeur|host|sous-traitants?|subcontractors?)\b)",
        only_if_sentence=r"(erreur|error|retard|delay|probleme|problem|incident|bug|panne|"
        r"outage|decalage|ecart|mistake|issue|faute|fault|dysfonctionnement|rejet|rejected)",
        unless_after=r"^\W*(concerne|affecte|touche|affected|concerned)",
    ),
    rule(
        "blame",
        "third_party",
        "Rejeter la faute sur un tiers (client, fournisseur, administration) : le public "
        "attend que le cabinet assume.",
        "Blaming a third party (client, supplier, authority): the public expects the firm "
        "to own it.",
        r"((c'est|it was|it is|it's|this is|entirely|all) (\w+ ){0,3}(la faute|the fault)|"
        r"'s fault|\b(editeur|logiciel|prestataire|fournisseur|banque|urssaf|administration|"
        r"client|employeur|vendor|supplier|provider|bank)\w*\b[^.]{0,20}(est|sont) (\w+ )?"
        r"(seuls? |entierement |pleinement |totalement )?responsables?)",
        unless_before=r"((notre|our) (propre |own )?|(always|toujours)( \w+){0,3})$",
    ),
    rule(
        "blame",
        "client",
        "Mettre en cause le client ou l'auteur : c'est à nous d'assumer publiquement.",
        "Blaming the client or the author: the firm owns the problem in public.",
        r"(\bsi (vous|votre|vos|le client|la cliente|les clients|l'employeur|les employeurs)\b"
        r"[^.;!?]{0,40}\b(aviez|avait|avaient|etiez|etait)\b[^.;!?]{0,30}\b(transmis|envoye|"
        r"fourni|communique|prevenu|informe|respecte|lu|verifie|signale|repondu|paye|regle|"
        r"donne|precise|depose|rempli)|vous auriez du|vous n'auriez pas du|il vous appartenait|"
        r"(c'est|c'etait) (de )?votre faute|votre (propre )?faute|de votre fait|"
        r"relire vos propres|your (own )?fault|you should have|you shouldn't have|"
        r"if you had (sent|told|given|provided|checked|informed)|"
        r"(vous|votre \w+|vos \w+|le client|la cliente|les clients|l'employeur|les employeurs|"
        r"nos clients|the client|the clients|you|your \w+|the employers?)( eux-memes| "
        r"elle-meme| lui-meme| themselves| yourself)? (nous )?(a |ont |avez |avait |"
        r"avaient |aviez )?(sent|gave|provided|supplied|envoye|transmis|fourni|communique|"
        r"donne|remis|saisi)\w*( us)? [^.]{0,40}(incomplet|errone|faux|fausse|inexact|"
        r"en retard|tardivement|trop tard|incorrect|wrong|late|incomplete|inaccurate)|"
        r"(elements|informations|donnees|pieces|chiffres|releves|documents|fichiers|"
        r"justificatifs|data|figures|numbers|information)( \w+){0,2} (transmis|fournis|recus|"
        r"recues|envoye|communique|remis|sent|received|provided|supplied)\w* (par|de|des|du|"
        r"by|from) (vous|votre|vos|le client|la cliente|les clients|l'employeur|les employeurs|"
        r"nos clients|la societe|l'entreprise|you|your|the client|employers?)[^.]{0,40}"
        r"(etaient|etait|sont|est|were|was|are) (\w+ )?(incomplet|errone|faux|fausse|inexact|"
        r"incorrect|en retard|wrong|late|incomplete|inaccurate)|(envoye|transmis|fourni|remis|"
        r"communique|sent|provided)\w* (en retard|trop tard|tardivement|late) par (vous|votre|"
        r"vos|le client|les clients|la cliente|l'employeur|les employeurs|nos clients)|"
        r"(the ones|ceux|celles|les chiffres) (you|que vous) (gave|sent|provided|nous avez))",
    ),
    rule(
        "blame",
        "third_party",
        "Rejeter la faute sur un tiers (client, fournisseur, administration) : le public "
        "attend que le cabinet assume.",
        "Blaming a third party (client, supplier, authority): the public expects the firm "
        "to own it.",
        r"\b(?P<span>(provoque\w*|cause[sd]?|entraine\w*|engendre\w*|explique\w*|"
        r"(trouvent?|a|ont) (leur|son) origine|a l'origine|originat\w*|stem(s|med)? from|"
        r"result(ed|s)? from|triggered|led to|explains?|failed to|s'expliquen?t? par|"
        r"(is|are) explained by|hence|d'ou (les|le|la|ce|cette|ces|l')|(la |une |a |the )?"
        r"(consequence|result|resultat) (directe? |direct )?(de|du|des|d'|of)|"
        r"n'(ont|a) pas (\w+ )?"
        r"(envoye|transmis|fourni|communique|respecte|paye)|ne nous (ont|a) pas (\w+ )?"
        r"(envoye|transmis|fourni|communique)|did not (send|provide|supply|give)|didn't (send|"
        r"provide|supply|give))\w*)\b",
        only_if_sentence=r"\b(fournisseurs?|prestataires?|editeurs?|vendors?|suppliers?|"
        r"providers?|hebergeurs?|sous-traitants?|subcontractors?|banques?|banks?|urssaf|"
        r"administration|impots|fisc|dgfip|hmrc|tax office|authorities|autorites|gouvernement|"
        r"government|entreprises|businesses|employeurs?|employers?|clients?|customers?|greve|"
        r"strike|la poste|postal|services postaux|operateurs?|transporteurs?|couriers?)\b"
        r"(?!\W+(concernee?s?|touchee?s?|affected|concerned))",
        unless_sentence=r"\b((for|pour|to|aux|among|parmi|chez) (some|certaine?s|nos|our|les|the|"
        r"des|plusieurs|several|many|de nombreu\w+)? ?(businesses|entreprises|clients?|"
        r"employeurs|employers|customers)|bank (charges|fees)|frais bancaires|notre erreur|our (own )?(error|mistake)|de notre (cote|fait)|"
        r"on our (side|part)|nous avons (commis|fait) (une|des) erreurs?|we made (a|an|the) "
        r"(mistake|error))\b",
    ),
    rule(
        "blame",
        "denial",
        "Déni défensif : nier toute responsabilité avant les faits paraît fuir.",
        "Defensive denial: rejecting responsibility before the facts looks evasive.",
        r"\b((ne|n') ?(saurait|saurions|peut|pouvons|pourrait) (en aucun cas |pas |donc )?etre "
        r"(mis|mise|tenu|tenus|tenue) (en cause|pour responsables?)|(cannot|can't|could not|"
        r"should not|shouldn't) be held (accountable|responsible|liable)|(a|avons|ont) toujours "
        r"(respecte|rempli|fait)|(has|have) always (met|complied|fulfilled|done|respected)|"
        r"(nous avons|we) (\w+ ){0,2}(applique|followed|suivi) (\w+ ){0,2}(consignes|instructions)|"
        r"take it up with|il faut (le |la |les )?voir avec|voyez (ca|cela) avec|"
        r"(c'est|c'etait|it's|it is|it was) (votre|vos|your) \w+ (qui|who|that)|"
        r", (pas|and not|not) (nous|us)\b|notre responsabilite n'est (\w+ ){0,3}(engagee|en "
        r"cause)|(accepte|acceptons|assume|assumons) aucune responsabilite|bears? no "
        r"responsibility|(accept|take) no (responsibility|liability))",
    ),
    rule(
        "blame",
        "client",
        "Mettre en cause le client ou l'auteur : c'est à nous d'assumer publiquement.",
        "Blaming the client or the author: the firm owns the problem in public.",
        r"\b(que l'on nous|qu'on nous|que vous nous|what we are|what we're|what we were|"
        r"the (data|figures|information|inputs|numbers) we (are|were|get|got)) (\w+ )?(donne|"
        r"donnez|fournit|fournissez|transmet|transmettez|given|provided|sent|get|got)\w*",
        only_if_sentence=r"\b(faux|fausses?|errone\w*|incorrect\w*|wrong|inexact\w*|mauvais)\b",
    ),
    rule(
        "blame",
        "client",
        "Mettre en cause le client ou l'auteur : c'est à nous d'assumer publiquement.",
        "Blaming the client or the author: the firm owns the problem in public.",
        r"\b((certains|certaines|some|many|plusieurs|several|beaucoup|nombre) (\w+ ){0,2}"
        r"(n'ont pas (tenu compte|respecte|suivi|lu|repondu)|ignored|disregarded|did not "
        r"(follow|heed|read|answer)|didn't (follow|heed|read|answer)))",
    ),
    rule(
        "blame",
        "denial",
        "Déni défensif : nier toute responsabilité avant les faits paraît fuir.",
        "Defensive denial: rejecting responsibility before the facts looks evasive.",
        r"\b((rien|aucun element) ne (permet|prouve|montre|indique) ([\w']+ ){0,3}que (le cabinet|"
        r"nous|notre \w+)|nothing (suggests|indicates|proves|shows) (\w+ ){0,2}that (the firm|"
        r"we|our \w+))\b",
        only_if_sentence=r"\b(origine|responsables?|en cause|fautif|source|responsible|at fault|"
        r"to blame|cause)\b",
    ),
    rule(
        "blame",
        "third_party",
        "Rejeter la faute sur un tiers (client, fournisseur, administration) : le public "
        "attend que le cabinet assume.",
        "Blaming a third party (client, supplier, authority): the public expects the firm "
        "to own it.",
        r"\b((sans|without) ([\w']+,? ){0,8}(n'aurait|ne serait|would never|would not|wouldn't) "
        r"(jamais |never )?(have )?(eu lieu|arrive|happened|occurred|survenu|produit)|(venait|vient|"
        r"venaient|came|comes|was|lay|lies) (\w+ ){0,1}(de son cote|de leur cote|on (their|his|"
        r"her|its) (side|end)|with them)|(employeurs?|employers?|clients?|entreprises|"
        r"businesses) (restent|remain|sont|are) (seuls? |solely |fully |entierement )?"
        r"(responsables?|responsible))",
    ),
]

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
