"""Blame: pointing at the client, a supplier or an authority, and defensive denial.

In public the firm owns the problem, whoever caused it; naming a culprit (even rightly)
reads as an excuse, and denying before the facts are known reads as evasion.
"""

from __future__ import annotations

from tocsin.responses.checks.rules import Rule, rule

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
