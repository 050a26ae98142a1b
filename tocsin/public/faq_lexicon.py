"""Bilingual concept lexicon of crisis communication for an accounting firm.

The chatbot must match an English question to an entry whose example questions are only in
French (and the reverse), with no downloaded model. Words of both languages that mean the
same thing for a firm's clients are mapped to one *concept*; matching then happens on
concepts, so "payslip", "fiche de paye" and "bulletin de salaire" meet.

Syntax of ``CONCEPTS``: one concept per line, ``name: french terms | english terms`` (an
indented line continues the one above); terms
are comma-separated, written with their accents (they are normalised at load time), may be
phrases of up to four words, and a trailing ``*`` makes a term a prefix (a cheap stemmer:
``rembours*`` covers rembourser, remboursement, remboursé). A term may appear in several
concepts when it really carries both meanings. The lexicon is written for the domain, not
for any one FAQ: it covers the five crisis types of the product (accounting error, data
breach, inappropriate communication, dispute with a client, other).
"""

from __future__ import annotations

CONCEPTS = """
happen: c passé, s'est passé, s'est-il passé, c'est passé, est passé, qui se passe, se sont
    passées, cyberattaque*, cyber attaque*, attaque, attaques, attaqué, piratage*, fait hacker,
    fait pirater, été piraté, intrusion*, se passe, se passait, est arrivé, s'est-il arrivé, qui
    est arrivé, c'est arrivé, il y a eu, histoire, incident*, de quoi s'agit, raconter, quoi de
    neuf, c'est quoi ce, c'est quoi cette | happen*, going on, what is up, cyberattack*, cyber
    attack*, attack, attacked, hack, hacked, hacking, intrusion*, incident*, story, occur*, what
    went wrong, the deal
error: mal calculé, mal calculée, mal calculés, mal calculées, erreur de calcul, mal fait, mal
    faite, bon, bonne, bons, bonnes, juste, justes, exact, exacte, exacts, exactes, erreur*,
    erron*, faute*, problème*, probleme*, souci*, bug*, bourde*, couac*, dysfonctionnement*,
    anomalie*, faux, fausse*, incorrect*, mauvais*, boulette*, loupé*, raté*, plantage, plant* |
    miscalculat*, wrongly calculated, calculated wrong, error*, mistake*, wrong*, problem*,
    issue*, bug, bugs, glitch*, incorrect*, fault*, blunder*, screw*, messed up, mess, mix up
payroll: arrêt maladie, arrêts maladie, arret maladie, heures supplémentaires, heures sup, congés
    payés, conges payes, prime, primes, salaire net, net à payer, indemnités journalières, la
    paie, de paie, ma paie, sa paie, leur paie, votre paie, notre paie, les paies, des paies,
    paies, la paye, de paye, ma paye, fiche de paie, fiches de paie, fiche de paye, fiches de
    paye, salaire*, bulletin*, rémunération*, remuneration*, paie de, virement de salaire | sick
    leave, sick pay, overtime, paid leave, holiday pay, bonus*, net pay, gross pay, take home pay,
    payroll*, salar*, payslip*, pay slip*, paycheck*, paycheque*, wage*, pay stub*, my pay, the
    pay, their pay, our pay, pay packet*
pay: dois payer, devoir payer, devrai payer, paie, paye, payer, payé*, payons, payez, paient,
    payera*, paiera*, frais, coût*, cout*, coûte*, facture*, factur*, gratuit*, à la charge, à nos
    frais, à vos frais, à mes frais, prix, tarif*, débours*, prend en charge, prise en charge,
    régler la note, de ma poche, sortir de ma poche | owe, owed, owing, pay, pays, paying, paid,
    cost*, fee, fees, charge, charged, charging, bill, billed, billing, invoice*, free, price*,
    expense*, how much, out of pocket, foot the bill, cover the cost*
fix: refaire, refait, refaites, refaits, écart*, ecart*, différence*, difference*, rappel de
    salaire, rattrapage*, correct*, corrig*, rectif*, régularis*, regularis*, répar*, repar*,
    réglé*, régler, resolu*, résolu*, résoudre, resoudre, arrang*, rattrap*, remise en ordre,
    remettre en ordre | redo, redoing, redone, differences, difference, shortfall, back pay,
    arrears, fix*, correct*, rectif*, repair*, resolv*, sorted, sort it, sort out, settl*, remed*,
    amend*, put right, straighten*
when: quand, date*, délai*, delai*, combien de temps, d'ici, à partir de quand, pour quand, quel
    jour, bientôt, bientot, échéance*, echeance*, calendrier | when, date*, how long, deadline*,
    soon, timeline*, timeframe*, time frame, by when, eta, what day, how soon
penalty: mesures contre, mesures à l encontre, sanctionné, sanctionnée, pénalit*, penalit*,
    majoration*, majoré*, amende*, sanction*, redressement*, intérêts de retard, interets de
    retard, frais de retard, pénal* | measures against, action against, action taken against,
    penalt*, penalis*, penaliz*, fine, fined, fines, surcharge*, sanction*, late fee*, late
    payment*, punish*, interest on late
authority: urssaf, organismes sociaux, organisme social, sécurité sociale, administration fiscale,
    fisc, impots gouv, dgfip, trésor public, msa | social security, tax office, tax authorit*,
    irs, hmrc, revenue service
contribution: cotisation*, charges sociales, charges patronales, taux de cotisation |
    contribution*, social charges, social security charges, payroll tax*, national insurance
affected: tout va bien pour moi, suis je tranquille, concern*, touch*, impact*, affect*, en cause,
    fait partie, font partie, fais partie, faire partie, parmi, victime*, visé*, impliqu* | am i
    ok, am i safe, am i fine, is my company ok, affect*, concern*, impact*, touched, involv*, hit
    by, victim*, included, among
company: entreprise*, société*, societe*, boîte, boite, structure, commerce*, pme, tpe, mon
    activité, magasin*, association*, ma boutique | company, companies, business*, shop,
    organisation*, organization*, my store, my firm, startup, smb
employee: salarié*, salarie*, employé*, employe*, personnel, collaborateur*, équipe*, equipe*,
    staff, ouvrier* | employee*, staff, worker*, team, personnel, workforce, my people
contact: s'adresser, m'adresser, adresser, à qui m'adresser, contact*, joindre, appel*, téléphon*,
    telephon*, numéro*, numero*, tél, écrire, parler à, parler au, parler avec, en parler,
    interlocuteur*, hotline, standard, rappel*, cellule, joignable | contact*, call, calling,
    calls, phone*, telephone*, reach, reachable, talk to, speak to, speak with, talk with,
    hotline, helpline, get in touch, phone number, number to call, contact number, who do i ask
email: email*, e mail*, mail, mails, courriel*, message* | email*, e mail*, mail, mails, message*,
    inbox
updates: informé, informée, informés, informées, informer, informerez, informera, dernières
    informations, dernieres infos, dernières nouvelles, tenir au courant, tiendrez au courant, au
    courant, nouvelles, des nouvelles, actualité*, actualite*, suivre, suivi, évolution*,
    evolution*, avancement*, point d'étape, points d'étape, point d'avancement, mise à jour, mises
    à jour, abonn*, newsletter*, page d'information, page d'info, progression | update*, news,
    informed, inform, progress*, follow*, keep me posted, keep us posted, posted, subscri*,
    newsletter*, status page, latest, latest news, latest information
also: aussi, également, egalement, autres, autre, en plus, de même, pareil | also, too, as well,
    other, others, either, besides
tax: crédit de tva, credit de tva, prélèvement à la source, prelevement a la source, impôt à la
    source, impôt sur les sociétés, impot sur les societes, impôt sur le revenu, impot sur le
    revenu, fiscal*, fiscale*, impôt*, impot*, tva, liasse*, taxe*, cfe, revenus, déclaration de
    revenus | vat credit, vat refund, withholding tax, withholding, corporation tax, corporate
    tax, tax, taxes, taxed, vat, income tax, corporate tax, tax return*
return: déclaration*, declaration*, déclar*, declar*, dsn, dépôt, depot, déposer, deposer,
    formulaire* | return, returns, filing*, filed, form, forms, submission*
bookkeeping: comptes, des comptes, nouveaux comptes, comptabilit*, compta, comptes annuels, mes
    comptes, nos comptes, les comptes, bilan*, écritures, ecritures, grand livre, clôture, cloture
    | bookkeeping, accounts, accounting records, books, balance sheet*, ledger*, year end, annual
    accounts, financial statement*
prevent: recommenc*, ne recommencera, nouvelle erreur*, nouvelle attaque*, nouvelle fuite*, nouvel
    incident*, nouveau piratage*, nouvelle cyberattaque*, se reproduise, se reproduire,
    reproduise, reproduire, se répète, se repete, à nouveau, de nouveau, éviter, eviter, évit*,
    prévenir, prévention, prevention, plus jamais, empêcher, empecher, mesure*, nouvelle erreur,
    une nouvelle fois, contrôle*, controle*, vérification*, amélior* | again, never again, happens
    again, happening again, making sure, new breach*, new attack*, another breach*, another
    attack*, another mistake*, another error*, prevent*, avoid*, never happen, recur*, measure*,
    make sure, ensure, safeguard*, steps, happen again, from happening, won't happen, improve*,
    control*, check* in place
trust: confiance, se fier, fiable*, crédib* | trust*, rely, reliab*, confiden*, credib*
receive: arriver, arrivera, arrivent, arrive quand, rien eu, pas eu, pas eu de, reçu, recu,
    reçois, recois, recevoir, recevrai, rien reçu, pas reçu, reçoivent | get any, did not get, got
    no, no email, nothing from you, heard nothing, receiv*, got, get anything, received nothing,
    heard from, have not heard
check: savoir, comment savoir, vérifier, verifier, contrôler si, comment je sais, sais pas si |
    know, find out, verify, check if, check whether, how can i tell, how do i tell
rate: taux | rate, rates
media: post, posts, publié*, publier, publication*, article*, linkedin, twitter, facebook, réseaux
    sociaux, reseaux sociaux, presse, journal, journaux, média*, media*, tweet*, instagram,
    internet, en ligne, rumeur*, buzz, google, avis en ligne | post, posts, article*, linkedin,
    twitter, facebook, social media, press, newspaper*, media, tweet*, instagram, online, rumo*,
    viral, reddit, google reviews
recruit: recrut*, embauch*, offre d'emploi, offres d'emploi, stage*, stagiaire*, alternance,
    candidature*, cv | recruit*, hiring, hire, job, jobs, vacanc*, career*, intern*, internship*,
    apply for a job
lawyer: avocat*, juriste*, conseil juridique, notaire* | lawyer*, attorney*, solicitor*, legal
    advice, legal counsel
recommend: recommand*, conseillez*, conseiller un | recommend*, suggest*, advise me
file: dossier*, fichier*, mon dossier | file, files, folder*, my file
data: adresse, adresses, nom, noms, date de naissance, numéro de sécurité sociale, donnée*,
    donnee*, données personnelles, informations personnelles, infos personnelles, mes
    informations, mes infos, nos informations, coordonnées, coordonnees, renseignement* | data,
    address, addresses, adress, name, names, date of birth, personal information, personal
    details, my information, my details, my info, records, personal data
leak: rançon*, rancon*, fuite*, fuité*, fuite, piratage*, piraté*, pirate*, hack*, cyberattaque*,
    cyber attaque*, attaque*, intrusion*, violation*, vol de données, volé*, vole, compromis*,
    rançongiciel*, rancongiciel*, ransomware, exfiltr*, divulg*, exposé*, dérobé* | ransom*,
    leak*, breach*, hack*, cyberattack*, cyber attack*, attack*, intrusion*, stolen, steal*,
    theft, compromis*, ransomware, exposed, exfiltrat*, disclosed
password: mot de passe, mots de passe, mdp, identifiant*, login, code d'accès, codes d'accès,
    connexion | password*, login*, credential*, log in, sign in, passcode*
bank: banque*, bancaire*, banc*, iban, rib, coordonnées bancaires, carte bancaire, carte de
    crédit, compte bancaire, comptes bancaires, virement*, prélèvement* | bank*, iban, card,
    credit card, debit card, bank account*, transfer*, direct debit*, card number*
phishing: se faisant passer, se présentant comme, se presentant comme, se faire passer,
    hameçonnage, hameconnage, phishing, arnaque*, escroquerie*, suspect*, louche*, frauduleu*,
    fraude*, faux mail, faux message, faux courriel, faux email | pretending, pretend to be,
    posing as, claiming to be, impersonat*, phishing, scam, scams, fraud*, suspicious, fake,
    spoof*, dodgy, weird email, strange email
identity: usurpation d'identité, usurp*, identité*, identite* | identity, impersonat*
regulator: cnil, autorité de contrôle, autorite de controle, régulateur*, regulateur*, rgpd, ordre
    des experts, autorités, autorites | regulator*, data protection authority, ico, gdpr,
    supervisory authority, authorities
notify: prévenir, prevenir, prévenez, prevenez, avertir, informer ma, informer la, notifi*,
    prévenu*, prevenu*, averti*, informé, informée, signalé*, déclaré, déclarée, mis au courant |
    notif*, report, reported, told, tell, warned, alerted, informed
secure: sécuris*, securis*, sécurité, securite, en sécurité, protég*, proteg*, protection, chiffr*
    | safe, safely, safety, secur*, protect*, encrypt*
action: que dois je faire, que dois-je faire, que faire, quoi faire, que faut il faire, démarche*,
    demarche*, précaution*, precaution*, je dois faire, conseils | what should i do, what do i do,
    what to do, need to do, have to do, precaution*, what can i do, steps to take, advice
compensation: indemnis*, dédommag*, dedommag*, compens*, préjudice*, prejudice*, geste commercial,
    réparation du préjudice | compensat*, indemn*, damages, make it up, goodwill gesture
refund: crédit de tva, credit de tva, rendre l'argent, rendre, me rembourser, trop payé, trop
    perçu, rembours*, restitu* | vat credit, vat refund, give back, give the money back, give
    money back, pay me back, pay us back, get my money back, refund*, reimburs*, money back, pay
    back
fees: honoraire*, facturation | fee, fees, billing, invoice*
apology: excuse*, désolé*, desole*, pardon, regret* | apolog*, sorry, regret*
responsible: responsab*, faute, coupable*, qui est en cause | responsib*, fault, blame*,
    accountab*, liable, liabilit*, who is to blame
cause: pourquoi, cause*, comment est ce possible, comment c'est arrivé, comment c'est possible,
    origine*, raison* | why, cause*, reason*, how did, how could, origin*, how come, root cause
scope: combien de clients, combien de personnes, combien de salariés, ampleur, étendue, etendue,
    nombre | how many, scale, extent, scope, number of, how widespread
client: client*, clientèle, clientele | client*, customer*
firm: cabinet*, expert comptable, experts comptables, expert-comptable, comptable*, votre cabinet
    | firm, accountant*, accounting firm, cpa, your firm, you guys
cancel: autre cabinet, un autre cabinet, autre expert comptable, chez un autre, autre comptable,
    résili*, resili*, quitter, changer de cabinet, changer d'expert, changer de comptable, mettre
    fin, annul*, partir | another firm, another accountant, other firm, other accountant, switch
    accountants, cancel*, terminat*, leave you, switch accountant*, change accountant*, quit, end
    the contract, move to another
contract: contrat*, lettre de mission, mission | contract*, engagement letter, agreement,
    engagement
insurance: assurance*, assureur*, responsabilité civile professionnelle, rc pro, rcp | insur*,
    liability insurance
document: accusé de réception, accuse de reception, récépissé*, recepisse*, confirmation*,
    document*, justificatif*, attestation*, pièce*, piece*, papier*, certificat*, preuve* |
    receipt*, confirmation*, document*, paperwork, certificate*, proof, evidence, statement letter
remarks: propos, remarque*, commentaire*, ce qu'il a dit, ce qu'elle a dit, choquant*, déplacé*,
    deplace*, inapproprié*, inapproprie*, offensant*, blessant*, polémique*, polemique*, dérapage*
    | remark*, comment*, statement*, offensive, inappropriate, shocking, what he said, what she
    said, controversy, controversial, hurtful
leader: associé*, associe*, dirigeant*, directeur*, patron*, gérant*, gerant*, fondateur*,
    président* | partner*, director*, boss, manager*, ceo, founder*, owner*, president*
dismiss: licenci*, renvoy*, viré, virée, démission*, demission*, mis à pied, suspendu*, écarté*,
    ecarte*, retiré, s'est retiré, mis à l'écart, plus de dossiers | fired, dismiss*, resign*,
    suspend*, sacked, let go, stepped back, step down, stepped down, removed from, no longer
agree: d'accord, accord avec, partage*, cautionn*, pensez, pense, penser, approuv*, valeurs,
    position, opinion*, adhère*, soutenez, soutien | agree*, share these, share his, share her,
    endorse*, condone*, views, view, think, thinks, opinion*, position, stance, values, stand by
handle: s'occuper, s'occupe, s'occupera, occuper de, gérer, gère, gérera, traiter, traite,
    traitera, suivre mon dossier, suit mon dossier, suivra mon dossier, remplac*, reprendre,
    reprend*, reprise, changer de mains, nouveau comptable, nouvel expert | handle*, handling,
    look after, looked after, looking after, take over, takes over, taking over, replac*, in
    charge, deal with, dealing with, manage my, new accountant
training: formé, formée, formés, formées, formation*, former, sensibilis*, charte | train,
    trained, training, educat*, awareness, charter, coaching
dispute: litige*, désaccord*, desaccord*, conflit*, différend*, different avec, contentieux |
    dispute*, disagreement*, conflict*, quarrel*
delay: autant de temps, si longtemps, trop de temps, mis du temps, plus tard, retardé*, décalé*,
    decale*, retard*, attente, trop long, lenteur*, lent | so long, took so long, take so long,
    long time, later, delay*, late, waiting, slow
money: argent, sous, fric, thune, euros, somme*, montant* | money, cash, euros, dollars, funds,
    amount*, sum
systems: serveur*, système*, systeme*, réseau*, reseau*, informatique, ordinateur*, logiciel* |
    server*, system*, network*, computer*, software, it systems
account: compte, mon compte, votre compte | account, my account
access: accès, acces, accéder, acceder, espace client, portail, plateforme, application, appli,
    site | access*, portal, platform, client area, app, website, site
opening: ouvert, ouverte, ouverts, ouverture*, horaire* | open, opening, opening hours, office
    hours
available: maintenu*, encore, toujours, disponible*, fonctionne*, continuer, continue, toujours en
    service, opérationnel*, operationnel* | still on, still, available, working, operational,
    running, continue*, still work*
meeting: rendez vous, rdv, réunion*, reunion*, rencontrer, entretien* | meeting*, appointment*,
    meet
deixis: cette erreur, ce problème, cette affaire, cette histoire, la situation, à ce sujet, cet
    incident, la suite, cette fuite | about this, about it, this issue, this mess, the situation,
    this incident, this error, this mistake, for this, because of this
_filler: au nom du, au nom de, tout le monde, quand même, tout de même, de toute façon | by the
    way, anyway, in any case
ontime: à temps, à l'heure, dans les temps, respecté*, respecte*, respecter, prochaine échéance |
    on time, in time, next deadline, meet the deadline
tone-anger: incompétent*, incompetent*, incompétence, inadmissible, inacceptable, scandaleu*,
    honteu*, lamentable*, minable*, escroc*, arnaqueur*, voleurs, menteur*, incapable*,
    pathétique*, ridicule*, dégoûtant*, degoutant*, insupportable, intolérable, intolerable |
    incompetent*, incompetence, unacceptable, disgrace*, disgusting, outrageous, ridiculous,
    pathetic, useless, scammer*, liars, shameful, appalling, unbelievable
explain: expliquer, explique*, explication*, comprendre, comprends, comprend, compris, pas clair |
    explain*, explanation*, understand*, unclear, confus*, make sense
accusation: accus*, reproch*, allégation*, allegation*, grief*, plainte de | accus*, allegation*,
    claim*, complaint, complaints, blame you
review: avis, avis google, commentaire en ligne, note, étoile, étoiles | review, reviews, rating*,
    stars, star rating
truth: vrai, vraie, vrais, vraies, fondé*, fonde, fondee, fondees, véridique*, veridique*,
    mensonge*, mentir, mentez, c'est vrai, est ce vrai | true, truth, lies, lying, is it true, is
    this true, any truth
overbilling: surfactur*, trop facturé, facturé à tort, facturé en trop, facturées en trop,
    prestations non réalisées, pas faits, non faites | overcharg*, overbill*, billed in error,
    charged too much, over charged, billed for nothing, work not done
lost: perdu*, égaré*, egare*, disparu*, introuvable* | lost, lose, losing, missing, misplaced
storage: archiv*, conserv*, stocké*, stocke*, sauvegard*, gardé*, garde | stored, storage, kept,
    keep, backed up, backup*, archiv*, retain*
copy: copie*, duplicata, double de | copy, copies, duplicate*
breakdown: détail*, detail*, ligne par ligne, décompos*, decompos* | breakdown, break down,
    itemi*, line by line, detail*
future: le mois prochain, mois prochain, l'an prochain, à l'avenir, dorénavant, dorenavant,
    désormais, desormais, la prochaine fois | next month, next year, next quarter, in future, in
    the future, from now on, going forward, next time
change: changer, changé, change, changement*, modifi* | change, changed, changing, changes, modif*
closure: fermer, fermé, fermée, fermeture, faillite, liquidation, mettre la clé sous la porte |
    close, closing, closed, shut down, out of business, bankrupt*, go under
payment-gap: trop perçu, trop-perçu, trop payé, sous payé, sous-payé, moins payé, pas assez payé,
    trop touché | overpaid, underpaid, overpayment*, underpayment*, paid too much, paid too little
response: réagi*, reagi*, répondre, répondez, répondrez, réponse*, reponse*, communiqué* |
    respond*, response*, react*, reply, replied
public: public, publique, publiquement, en public | public, publicly, openly, in public
misuse: utilisé*, utilise*, exploité*, revendu*, usage frauduleux | misuse*, exploited, sold,
    abused
police: police, gendarmerie, commissariat | police, cops
removed: supprim*, effac*, retiré, retirée, enlevé* | delet*, removed, taken down, take down, take
    it down
increase: augment*, hausse*, plus cher | increase*, go up, goes up, rise, raise*, more expensive
loan: prêt, prêts, pret, prets, emprunt*, crédit immobilier, prêt immobilier | loan*, mortgage*,
    lender*
grant: subvention*, aides publiques | grant*, subsid*
governance: actionnaire*, assemblée générale, assemblee generale, approbation des comptes,
    approuver les comptes, approuvés à nouveau | shareholder*, general meeting, agm, approve the
    accounts, approval of the accounts
auditor: commissaire aux comptes, commissaires aux comptes, cac, auditeur* | auditor*, statutory
    auditor
outage: panne*, indisponib*, ne marche plus, marche plus, ne fonctionne plus, fonctionne plus,
    hors service, en rade, plantage, planté | outage*, down, not working, broken, unavailable,
    offline, crashed
restore: rétabli*, retabli*, revient, reviendra, retour, de nouveau accessible, remis en service,
    remise en service, fonctionner à nouveau | back, restored, back up, back online, working
    again, up again
meantime: en attendant, d'ici là, pendant ce temps, entre temps, entre-temps | meanwhile, in the
    meantime, instead, until then
send: envoyer, envoie, envoies, envoyez, transmettre, transmets, déposer, deposer, téléverser,
    televerser | send, sending, submit, upload*, drop off, hand in, get them to you
march: mars | march
april: avril | april
may: mai | may
january: janvier | january
february: février, fevrier | february
june: juin | june
july: juillet | july
september: septembre | september
october: octobre | october
november: novembre | november
december: décembre, decembre | december
"""

# Concepts that say nothing about the crisis by themselves: the subjects of a firm's everyday
# work ("what is the VAT rate on restaurants?", "do you hire?"). A question made only of
# these (and of no word of the crisis title) is probably general advice: out of scope unless
# it matches an entry very well. Every other concept ties a question to the crisis.
GENERIC_TOPICS = frozenset(
    {
        "tax",
        "return",
        "bookkeeping",
        "payroll",
        "company",
        "employee",
        "client",
        "firm",
        "pay",
        "fees",
        "rate",
        "when",
        "recruit",
        "lawyer",
        "recommend",
        "document",
        "data",
        "opening",
        "meeting",
        "account",
        "access",
        "systems",
        "money",
        "contribution",
        "authority",
        "insurance",
        "contract",
        "leader",
        "file",
        "email",
        "bank",
        "media",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "september",
        "october",
        "november",
        "december",
    }
)

# Concepts close enough that a question with one should partly match an entry with the
# other ("what measures have you taken" / "how did you secure your systems").
RELATED = (
    ("prevent", "secure"),
    ("happen", "leak"),
    ("happen", "error"),
    ("pay", "fees"),
    ("compensation", "refund"),
    ("contact", "email"),
    ("updates", "notify"),
    ("bank", "money"),
    ("tax", "return"),
    ("dismiss", "penalty"),
    ("training", "prevent"),
    ("cause", "happen"),
    ("outage", "happen"),
    ("restore", "when"),
    ("send", "document"),
    ("payment-gap", "fix"),
    ("payment-gap", "payroll"),
    ("misuse", "leak"),
    ("removed", "media"),
    ("future", "prevent"),
    ("explain", "happen"),
    ("truth", "happen"),
    ("accusation", "happen"),
    ("review", "media"),
    ("overbilling", "fees"),
    ("overbilling", "refund"),
    ("storage", "secure"),
    ("lost", "storage"),
    ("copy", "document"),
    ("breakdown", "explain"),
    ("breakdown", "check"),
    ("employee", "company"),
    ("ontime", "delay"),
    ("ontime", "when"),
    ("remarks", "media"),
)

# Question words carry little meaning alone but help when two entries differ only by them
# ("who pays" vs "when"); they get a reduced weight in faq.py.
QUESTION_WORDS = """
q-who: qui | who, whom
q-how: comment | how
q-where: à quel endroit | where
p-you: vous, votre, vos, avez vous, allez vous, êtes vous, faites vous | you, your, yours, have
    you, are you, did you, will you
p-me: je, j, moi, mon, ma, mes, dois je, suis je | i, my, myself, mine, should i, do i, am i
q-what: quoi, quel, quelle, quels, quelles, qu'est ce que | what, which
"""

STOPWORDS_FR = """
a à au aux avec c ca ça ce ceci cela celle celui ces cet cette chez d dans de des du elle elles
en est et être etre es étais était été eu eux fait faire faites fais font il ils j je l la le
les leur leurs lui m ma me mes moi mon n ne nos notre nous on ont ou par pas pour qu que sa se
ses si son sont suis sur t ta te tes toi ton tu un une vos votre y va vais vas vont aller ai as
avons avez avoir peux peut pouvez pourrais pourriez pourrait puis puisse veux veut voulez
voudrais voudrait dois doit devez devrais devrait faut oui non bien très tres tout tous toute
toutes alors donc car mais comme là la-bas bonjour bonsoir merci svp stp salut madame monsieur
mr mme est-ce sera serai serez seront seraient sera-t-elle sera-t-il êtes sommes serons ici ça-
va genre truc trucs chose choses vraiment déjà deja meme même moins vous prise prises pris
prendre mettre mis plus peu beaucoup bcp rien jamais maintenant aujourd hui demain hier cet-te
cela-ci donc ben bah euh hein ok okay d'accord est-il est-elle y-a-t-il t-il t-elle il-y-a avez-
vous pouvez-vous vu lu entendu sais sait savent dit dire sans possible exactement
précisément precisement vraiment nouvelle nouveau nouvel nouveaux quelqu quelque quelques gens
someone somebody anyone anybody people something
"""

STOPWORDS_EN = """
a about above after all am an and any anything are as at be been being both but by can cannot
could did do does doing done for from had has have having he her here hers him his i if in into
is it its itself just me mine more most my myself no nor not now of off on once only or our ours
out over own please same she should so some something such than thank thanks that the their them
then there these they this those through to under until up us very was we were will with would
you your yours yourself hi hello dear ok okay really still even going gonna wanna got get gets
let lets sir madam guys hey yeah yes saw seen heard read say said see look exactly precisely
actually really
"""

SLANG = {
    # French SMS spelling and frequent contractions.
    "jsuis": "je suis",
    "chui": "je suis",
    "chuis": "je suis",
    "jsui": "je suis",
    "ya": "il y a",
    "yaura": "il y aura",
    "pk": "pourquoi",
    "pq": "pourquoi",
    "pkoi": "pourquoi",
    "pourkoi": "pourquoi",
    "koi": "quoi",
    "ke": "que",
    "kel": "quel",
    "kelle": "quelle",
    "kan": "quand",
    "kand": "quand",
    "qd": "quand",
    "cb": "combien",
    "cmb": "combien",
    "cmt": "comment",
    "cmnt": "comment",
    "tt": "tout",
    "ds": "dans",
    "vs": "vous",
    "ns": "nous",
    "pr": "pour",
    "jai": "j ai",
    "jveux": "je veux",
    "jpeux": "je peux",
    "jvais": "je vais",
    "cest": "c est",
    "dc": "donc",
    "mtn": "maintenant",
    "auj": "aujourd hui",
    "tjs": "toujours",
    "tjrs": "toujours",
    "tel": "telephone",
    "tél": "telephone",
    "infos": "informations",
    "info": "information",
    "bsr": "bonsoir",
    "slt": "salut",
    "ptn": "putain",
    # English chat spelling.
    "u": "you",
    "wen": "when",
    "wat": "what",
    "wht": "what",
    "wil": "will",
    "hav": "have",
    "shoud": "should",
    "shud": "should",
    "coud": "could",
    "wud": "would",
    "cn": "can",
    "abt": "about",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "im": "i am",
    "ive": "i have",
    "doesnt": "does not",
    "didnt": "did not",
    "wont": "will not",
    "cant": "cannot",
    "isnt": "is not",
    "arent": "are not",
    "whats": "what is",
    "wheres": "where is",
    "hows": "how is",
    "thx": "thanks",
    "asap": "as soon as possible",
    "idk": "i do not know",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "have to",
    "ppl": "people",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "tho": "though",
    "msg": "message",
    "pmt": "payment",
}
