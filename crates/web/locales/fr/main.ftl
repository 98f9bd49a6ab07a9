# Passerelle — français
skip-to-content = Aller au contenu
nav-label = Principal
nav-home = Accueil
nav-directory = Répertoire
logout = Se déconnecter
footer = Passerelle — un réseau, une porte d’entrée vers le logement.
back-home = Retour à l’accueil

role-administrator = Administrateur ou administratrice
role-housing-locator = Localisateur ou localisatrice de logements
role-partner-worker = Intervenant ou intervenante d’un organisme partenaire
role-network-convener = Responsable du réseau
role-analyst = Analyste
label-value = { $label } : { $value }
label-colon = { $label } :

login-title = Connexion
login-email = Courriel
login-password = Mot de passe
login-submit = Se connecter

home-title = Bienvenue dans Passerelle
home-intro = Le répertoire du réseau de partenaires : qui offre quoi, à qui et où.
home-organizations = { $count ->
    [one] { $count } organisme
   *[other] { $count } organismes
}
home-services = { $count ->
    [one] { $count } service
   *[other] { $count } services
}
home-locations = { $count ->
    [one] { $count } lieu
   *[other] { $count } lieux
}

directory-title = Répertoire
search-text = Nom ou mots
search-service-type = Type de service
search-population = Population servie
search-area = Secteur desservi
search-agency-type = Type d’organisme
search-any = Peu importe
search-submit = Rechercher
search-results = { $count ->
    [0] Aucun organisme trouvé
    [one] Un organisme trouvé
   *[other] { $count } organismes trouvés
}
pagination = Pages de résultats
page-previous = Page précédente
page-next = Page suivante

org-new = Nouvel organisme
org-edit = Modifier l’organisme
org-name = Nom
org-alternate-name = Nom dans l’autre langue officielle
org-agency-type = Type d’organisme
org-description = Description en anglais
org-description-fr = Description en français
org-email = Courriel
org-website = Site Web
org-discretion = Passerelle consigne ce que fait un organisme et pour qui, jamais son effectif, son budget ni son financement.
choose-none = Aucun

services-title = Services
services-none = Aucun service consigné pour l’instant.
service-new = Nouveau service
service-edit = Modifier le service
service-name = Nom
service-alternate-name = Nom dans l’autre langue officielle
service-description = Description en anglais
service-description-fr = Description en français
service-status = Statut
service-types = Types de service
service-populations = Populations servies
service-areas = Secteurs desservis
service-ages = Âges
service-locations = Offert à
service-eligibility = Admissibilité
service-eligibility-en = Admissibilité en anglais
service-eligibility-fr = Admissibilité en français
text-in-en = (en anglais)
text-in-fr = (en français)
service-minimum-age = Âge minimal
service-maximum-age = Âge maximal
service-url = Page Web
service-email = Courriel
status-active = Actif
status-inactive = Inactif
status-defunct = Fermé définitivement
status-temporarily-closed = Fermé temporairement

locations-title = Lieux
location-new = Nouveau lieu
location-name = Nom
location-address = Adresse
location-city = Ville
location-province = Province
location-postal-code = Code postal
location-country = Pays (deux lettres)
location-area = Quartier
location-latitude = Latitude
location-longitude = Longitude
location-description = Description

contacts-title = Personnes-ressources
contact-new = Nouvelle personne-ressource
contact-name = Nom
contact-title = Titre
contact-department = Service
contact-email = Courriel
contact-phone = Téléphone

save = Enregistrer
cancel = Annuler
form-has-errors = Veuillez corriger les champs indiqués ci-dessous.

error-title = Un problème est survenu
error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-email = Entrez une adresse courriel comme nom@exemple.org.
error-url = Entrez une adresse Web commençant par https:// ou http://.
error-postal-code = Entrez un code postal canadien comme K1N 5W9.
error-latitude = Entrez une latitude entre -90 et 90.
error-longitude = Entrez une longitude entre -180 et 180.
error-coordinates-pair = Indiquez la latitude et la longitude, ou ni l’une ni l’autre.
error-age = Entrez un âge en années entières, de 0 à 120.
error-age-range = L’âge maximal ne peut pas être inférieur à l’âge minimal.
error-status = Choisissez un statut dans la liste.
error-phone = Entrez un numéro de téléphone d’au moins 7 chiffres.
error-unknown-reference = Un élément choisi ici n’existe plus; rechargez la page et réessayez.
error-foreign-location = Un service ne peut être offert qu’aux lieux de son propre organisme.
error-duplicate-name = Un organisme porte déjà ce nom.
error-duplicate-email = Un utilisateur a déjà ce courriel.
error-agency-required = Les intervenants et intervenantes d’organismes partenaires appartiennent à un organisme.
error-agency-not-allowed = Seuls les intervenantes et les intervenants d’organismes partenaires appartiennent à un organisme.
error-unauthorized = Veuillez vous connecter.
error-forbidden = Cette action ne vous est pas permise.
error-not-found = Cette page n’existe pas.
error-csrf = Ce formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.
error-invalid = Certains champs ne sont pas valides.
error-conflict = Cela contredit ce qui est enregistré : voyez chaque champ.
error-internal = Une erreur inattendue s’est produite. Elle a été consignée.
error-login = Le courriel ou le mot de passe est incorrect.
error-login-throttled = Trop de tentatives de connexion ont échoué. Réessayez dans 15 minutes.
error-bad-json = Le corps de la requête n’est pas du JSON valide.
error-content-type = Envoyez le corps de la requête en application/json.
error-json-shape = Le JSON n’a pas les champs et les types attendus.
error-method = Cette adresse n’accepte pas cette méthode.
error-too-large = La requête est trop volumineuse.
error-bad-request = La requête est illisible : vérifiez son adresse et ses paramètres.

## Housing locator
nav-housing = Logement
home-housing-intro = Les propriétaires, leurs logements, les réservations et la disponibilité mensuelle.
housing-title = Logement
housing-landlords-count = { $count ->
    [one] { $count } propriétaire
   *[other] { $count } propriétaires
}
housing-units-count = { $count ->
    [one] { $count } logement
   *[other] { $count } logements
}
housing-open-units-count = { $count ->
    [0] Aucun logement à pourvoir
    [one] { $count } logement à pourvoir
   *[other] { $count } logements à pourvoir
}
housing-units = Logements
housing-open-units = Logements à pourvoir
landlords-title = Propriétaires
landlord-search = Le nom contient
list-per-page = Par page
list-pages = Pages de la liste
list-show = Afficher
list-previous = Page précédente
list-next = Page suivante
list-page-of = Page { $page } sur { $pages }
landlord-title = Propriétaire
landlord-new = Nouveau propriétaire
landlord-edit = Modifier le propriétaire
landlord-name = Nom
landlord-kind = Type
landlord-kind-individual = Particulier
landlord-kind-company = Entreprise
landlord-commitment = Engagement
landlord-committed-units = Logements promis
landlord-committed-until = Engagé jusqu’au
landlord-commitment-terms = Conditions
landlord-until = jusqu’au
landlord-preferences = Préférences quant aux locataires
landlord-accepts-pets = Animaux acceptés
landlord-no-pets = Pas d’animaux
landlord-accepts-smoking = Fumeurs acceptés
landlord-no-smoking = Non-fumeurs
landlord-requires-support-worker = Intervenant ou intervenante de soutien exigé
landlord-max-household = Ménage le plus grand
landlord-programs = Programmes acceptés
landlord-private-notes = Notes privées
landlord-private-notes-hint = Vues par les localisateurs et localisatrices de logements seulement, jamais par les organismes partenaires.
landlord-history = Historique de la relation
program-youth = Jeunes
program-family = Familles
program-indigenous-led = Dirigé par des Autochtones
program-seniors = Personnes aînées
program-women = Femmes
property-edit = Modifier l’immeuble
property-new = Nouvel immeuble
property-address = Adresse
property-area = Quartier
property-accessibility = Accessibilité de l’immeuble
property-in-service-since = Loue depuis le
unit-title = Logement
unit-new = Nouveau logement
unit-edit = Modifier le logement
unit-label = Logement
unit-bedrooms = Chambres
unit-bachelor = Studio
unit-bedrooms-count = { $count ->
    [one] { $count } chambre
   *[other] { $count } chambres
}
unit-size-4-plus = 4 chambres ou plus
unit-rent = Loyer
unit-rent-monthly = Loyer mensuel ($)
unit-rent-includes = Comprend
unit-features = Caractéristiques
unit-step-free = Sans marche
unit-elevator = Ascenseur
unit-wheelchair = Accessible en fauteuil roulant
unit-pets = Animaux permis
unit-smoking = Fumeurs permis
unit-available-from = Disponible à partir du
unit-inspection = Inspection
unit-inspected-on = Inspecté le
unit-inspection-result = Résultat
unit-inspection-notes = Notes d’inspection
unit-save-and-add = Enregistrer et en ajouter un autre
unit-status = État
unit-held-for = Réservé pour
unit-next-steps = Prochaines étapes
unit-hold-agency = Pour une personne orientée par
unit-hold-until = Réservé jusqu’au
unit-household-ref = Référence du ménage
unit-reason = Pourquoi
unit-history = Historique
unit-tenancies = Locations
unit-no-tenancy = Aucune location pour l’instant.
unit-reason-hold-expired = la réservation a expiré
unit-reason-hold-released = réservation levée
unit-reason-offer-declined = offre refusée
unit-reason-joined-program = s’est joint au programme
unit-reason-imported = importé d’un fichier
unit-area-unknown = Quartier non précisé
units-none = Aucun logement pour l’instant.
units-open-title = Logements à pourvoir
units-open-intro = Des logements à pourvoir, offerts aux personnes orientées par tous les organismes partenaires. Demandez aux localisateurs et localisatrices de logements d’en réserver un.
units-open-intro-locator = Logements disponibles, réservés ou offerts, les plus tôt disponibles d’abord.
includes-heat = chauffage
includes-hydro = électricité
includes-water = eau
includes-internet = internet
includes-laundry = buanderie
includes-parking = stationnement
inspection-pass = Réussie
inspection-fail = Échouée
status-unit-available = Disponible
status-unit-held = Réservé
status-unit-offered = Offert
status-unit-leased = Bail signé
status-unit-occupied = Occupé
status-unit-vacated = Libéré
step-available = Rendre disponible
step-held = Réserver
step-offered = Offrir à un ménage
step-leased = Bail signé
step-occupied = Emménagement
step-vacated = Libéré
event-new = Noter un événement
event-kind = Ce qui s’est passé
event-date = Date
event-amount = Montant ($)
event-note = Note
event-meeting = Rencontre
event-incident = Incident
event-mediation = Médiation
event-renewal = Renouvellement
event-incentive-offered = Incitatif offert
event-incentive-paid = Incitatif versé
tenancy-leased = Bail
tenancy-moved-in = Emménagement
tenancy-ended = Fin
filter = Filtrer
choose-one = Choisir…
availability-title = Disponibilité mensuelle
availability-intro = Logements à pourvoir dans le réseau (disponibles, réservés ou offerts) à un moment du mois, par taille et par quartier.
availability-csv = Télécharger en CSV
availability-chart-title = Logements disponibles chaque mois, par taille
availability-chart-caption = Les barres plus pâles sont les mois à venir : les logements à pourvoir aujourd’hui et ceux annoncés pour plus tard.
availability-by-month = Par mois et par taille
availability-month = Mois
availability-total = Total
availability-forecast-note = * Un mois à venir : ce que l’on sait aujourd’hui.
availability-needs = Face à la liste d’attente
availability-needs-caption = Logements à pourvoir en { $month } et ménages en attente, par taille
availability-size = Taille
availability-open = Logements à pourvoir
availability-waiting = Ménages en attente
availability-needs-note = Ménages en attente : ceux qui sont actifs sur la liste nominative, selon la taille que demande leur dernière orientation. Un compte de 1 à { $below } est masqué (x), ainsi qu’un second compte là où le total le révélerait.
availability-by-area = Quartiers en { $month }
availability-map-title = Logements à pourvoir par quartier en { $month }
error-money = Entrez un montant en dollars, comme 1250 ou 1 250,50.
error-negative = Ce montant ne peut pas être négatif.
error-date = Entrez une date au format AAAA-MM-JJ.
error-future-date = Cette date est dans le futur.
error-whole-number = Entrez un nombre entier.
error-choose = Choisissez dans la liste.
error-before-property = Un logement ne peut pas être disponible avant que l’immeuble accueille des locataires.
error-hold-in-past = Une réservation doit se terminer aujourd’hui ou plus tard.
error-transition = Ce logement ne peut pas passer à cette étape depuis son état actuel.
error-unit-taken = Quelqu’un vient de réserver ou de modifier ce logement. Rechargez la page pour voir où il en est.
error-duplicate-landlord = Un propriétaire porte déjà ce nom.
error-duplicate-unit = Cet immeuble a déjà un logement de ce nom.

## Réseau des partenaires
nav-network = Réseau
network-title = Réseau des partenaires
network-intro = Qui travaille avec qui, selon ce que les organismes ont déclaré. Les cercles sont les organismes, placés dans leur quartier, colorés selon leur type et dimensionnés selon la mesure choisie; les lignes sont les relations, plus épaisses quand elles sont plus étroites. Survolez pour les détails; cliquez sur un organisme pour voir et ajouter ses relations.
network-directory-record = Fiche du répertoire
network-works-with = Organismes avec qui il travaille
network-named-by = Nommé par
network-none-named = Aucune relation déclarée pour l’instant.
network-agency = Organisme
network-kind = Relation
network-intensity = Degré de proximité
network-reported-on = Déclarée le
network-note = Note
network-to-contact = à contacter
network-report = Nommer un organisme avec qui vous travaillez
network-report-hint = Choisissez-le dans la liste, ou tapez son nom s’il n’y figure pas : il sera rapproché du répertoire par son nom ou son sigle, ou ajouté à la liste des organismes à contacter.
network-choose-agency = Organisme du répertoire
network-not-listed = Absent de la liste
network-other-name = Ou son nom, tel que vous le connaissez
network-report-save = Enregistrer la relation
network-queue-title = Organismes à contacter
network-queue-intro = Organismes nommés par des partenaires qui ne sont pas encore au répertoire, les plus souvent nommés en premier.
network-queue-empty = Tous les organismes nommés jusqu’ici sont au répertoire.
network-queue-search = Nom contenant
network-queue-none-found = Aucun organisme à contacter ne porte ces mots dans son nom.
network-queue-count = { $count ->
    [one] Un organisme à contacter
   *[other] { $count } organismes à contacter
}
network-times-named = Nombre de mentions
network-filter-type = Type d’organisme
network-filter-area = Secteur
network-as-of = Tel qu’il était le
network-since = Évolution depuis le
network-size-by = Taille selon
network-show = Afficher
network-export = Télécharger
network-export-ties = relations (CSV)
network-export-metrics = mesures (CSV)
network-whole = Le réseau au { $day }
network-map-title = Réseau des partenaires au { $day }
network-agencies = Organismes
network-ties = Relations (paires distinctes, dans un sens)
network-density = Densité
network-components = Groupes reliés
network-isolates = Organismes isolés
network-brokers = Intermédiaires
network-brokers-hint = Un intermédiaire est un organisme sans lequel une partie du réseau perdrait son seul lien avec le reste.
network-per-agency = Mesures par organisme
network-change-since = évolution depuis le { $day }
network-in-degree = Nommé par (degré entrant)
network-out-degree = Nomme (degré sortant)
network-degree = Degré
network-betweenness = Intermédiarité
network-closeness = Proximité
network-eigenvector = Vecteur propre
network-broker = intermédiaire
kind-refers-clients-to = Oriente des personnes vers
kind-receives-referrals-from = Reçoit des orientations de
kind-shares-staff-or-space = Partage du personnel ou des locaux
kind-co-delivers-a-program = Offre un programme en commun
intensity-awareness = Connaissance
intensity-cooperation = Coopération
intensity-coordination = Coordination
intensity-integration = Intégration
error-since-after-day = Le jour de comparaison doit précéder le jour affiché.
error-self-relationship = Un organisme ne peut pas se nommer lui-même.
network-in-the-network = Dans le réseau des partenaires

## Mobilisation des partenaires et rencontres
outreach-title = Mobilisation des partenaires
outreach-home-title = Mobilisation des partenaires : ce qu’il reste à faire
outreach-stage = Étape
stage-identified = Repéré
stage-contacted = Contacté
stage-meeting-planned = Rencontre prévue
stage-met = Rencontré
stage-partner = Partenaire actif
outreach-reluctant = réticent
outreach-partner-since = partenaire depuis le { $day }
outreach-mark-reluctant = Réticent : le garder sur toutes les listes d’invitation
outreach-mark-partner = Partenaire actif
outreach-save-marks = Enregistrer les marques
outreach-met-alongside = Rencontré avec (rencontres tenues ensemble)
outreach-contacts = Contacts consignés
outreach-no-contact = Jamais contacté pour l’instant.
outreach-log-contact = Consigner un contact
outreach-contacted-on = Jour du contact
outreach-channel = Par
channel-email = Courriel
channel-phone = Téléphone
channel-in-person = En personne
outreach-log-save = Consigner le contact
outreach-overdue = Suivis en retard
outreach-never-contacted = Organismes jamais contactés
outreach-without-next = Rencontres tenues sans prochaine rencontre convenue
outreach-stale = Contacts refroidis (rien depuis { $months } mois ou plus)
outreach-stale-months = Refroidi après (mois)
outreach-planned = Rencontres prévues
outreach-reluctant-list = Organismes réticents
outreach-reluctant-hint = Ils restent sur toutes les listes d’invitation : une nouvelle rencontre les coche d’office.
outreach-nothing = Rien ici.
outreach-last-touch = Dernier contact ou rencontre
outreach-see-all = { $count ->
    [one] Voir sur une page à part
   *[other] Voir les { $count }, page par page
}
outreach-whole-overview = Revenir à tout ce qui est à faire
meetings-title = Rencontres
meetings-none = Aucune rencontre pour l’instant.
meetings-search = Objet ou organisme contenant
meetings-count = { $count ->
    [one] Une rencontre
   *[other] { $count } rencontres
}
meeting-plan = Prévoir une rencontre
meeting-plan-hint = Chaque rencontre a un but. Notez d’avance ce que vous savez des organismes et ce que vous en espérez; l’ordre du jour est imprimé à partir de ces notes.
meeting-purpose = But
meeting-date = Date
meeting-preparation = Notes de préparation sur les organismes
meeting-expected-outcomes = Résultats attendus
meeting-agencies = Organismes participants
meeting-save = Prévoir la rencontre
meeting-agenda = Ordre du jour à imprimer
meeting-back = Retour à la rencontre
meeting-status = État
meeting-held = Tenue le { $day }
meeting-not-held = Pas encore tenue
meeting-answers = Ce que chaque organisme a dit
meeting-answered = réponses consignées
meeting-save-answers = Enregistrer les réponses
answer-role = Son rôle, tel qu’il le voit
answer-strengths = Ses forces
answer-place-in-network = Sa place dans le réseau
answer-hub-does-well = Ce que le carrefour fait bien
answer-hub-does-less-well = Ce que le carrefour fait moins bien
answer-hub-should-start = Ce que le carrefour devrait commencer
answer-hub-should-stop = Ce que le carrefour devrait cesser
meeting-outcome = Résultat
meeting-held-on = Tenue le
meeting-decisions = Décisions
meeting-next = Prochaine rencontre
meeting-save-outcome = Consigner le résultat
follow-ups-title = Suivis
follow-up-description = Quoi
follow-up-owner = Qui
follow-up-due = Pour le
follow-up-done-on = Fait
follow-up-done = Marquer comme fait
follow-up-add = Ajouter le suivi
agenda-items = Ordre du jour
agenda-welcome = Accueil et but de la rencontre
agenda-open-follow-ups = Suivis encore ouverts des rencontres précédentes
agenda-decisions = Décisions et suivis (qui, pour quand)
agenda-next = La prochaine rencontre
error-agencies-required = Choisissez au moins un organisme.
error-next-before-held = La prochaine rencontre doit suivre celle-ci.

## Enjeux systémiques
nav-issues = Enjeux systémiques
nav-reports = Rapports
issues-title = Enjeux systémiques
issues-intro = Consignez les obstacles que rencontrent les personnes que vous servez. Le carrefour les rapporte aux pouvoirs publics en nombre d’organismes, sans jamais nommer le vôtre.
issues-issue = Enjeu
issues-observed-on = Constaté le
issues-save = Consigner l’enjeu
issues-logged = Enjeux consignés
report-title = Enjeux systémiques : rapport aux pouvoirs publics
report-intro = Pour chaque enjeu et chaque trimestre, combien d’organismes distincts l’ont soulevé. Aucun organisme n’est nommé; un nombre inférieur à { $k } organismes est masqué.
report-k = Masquer les nombres inférieurs à (organismes, au moins 3)
report-quarters = Trimestres
report-caption = Organismes distincts ayant soulevé chaque enjeu
report-total = Tous les trimestres
report-all-issues = Tous les enjeux
report-suppression = x : masqué, parce que moins de { $k } organismes l’ont soulevé, ou parce qu’avec le total il permettrait de retrouver un nombre masqué.
report-csv = Télécharger en CSV
error-k = Entrez un nombre entier d’organismes de 3 à 50.
error-quarters = Entrez un nombre de trimestres de 1 à 20.

## Chevauchement des services
duplication-title = Chevauchement des services
duplication-intro = Les organismes qui offrent les mêmes services aux mêmes personnes dans le même secteur, regroupés, avec la ressemblance des endroits vers lesquels ils orientent les gens. Le chevauchement est la part des combinaisons service × population × secteur que deux organismes ont en commun (indice de Jaccard).
duplication-min = Chevauchement minimal (%)
duplication-sort = Trier par
duplication-sort-size = Taille du groupe
duplication-services = Chevauchement des services
duplication-referrals = Chevauchement des orientations
duplication-summary = { $agencies ->
    [one] { $agencies } organisme comparé :
   *[other] { $agencies } organismes comparés :
}
duplication-clusters = { $count ->
    [0] aucun groupe ne se chevauche.
    [one] { $count } groupe se chevauche.
   *[other] { $count } groupes se chevauchent.
}
duplication-cluster = Organismes qui se chevauchent
duplication-cluster-agencies = { $count ->
    [one] { $count } organisme
   *[other] { $count } organismes
}
duplication-evidence = Ce qu’ils ont en commun
duplication-shared-offers = Services × population × secteur offerts par au moins deux d’entre eux
duplication-shared-destinations = Organismes vers lesquels au moins deux d’entre eux orientent
duplication-anyone = tous
duplication-no-area = secteur inconnu
duplication-csv = Télécharger les paires en CSV

## Analyse des lacunes
gaps-title = Lacunes
gaps-intro = Chaque besoin, dans les mots des orientations, face aux services actifs qui y répondent. Une case rouge n’a aucun service; une case ambre en a peu.
gaps-by = Colonnes
gaps-by-population = Populations
gaps-by-area = Secteurs
gaps-in-area = Dans le secteur
gaps-city-wide = Toute la ville
gaps-for-population = Pour
gaps-thin = Peu desservi à (services ou moins)
gaps-none-count = { $count ->
    [0] Aucun besoin sans service
    [one] { $count } besoin sans aucun service
   *[other] { $count } besoins sans aucun service
}
gaps-thin-count = { $count ->
    [0] aucun besoin peu desservi
    [one] { $count } besoin peu desservi
   *[other] { $count } besoins peu desservis
}
gaps-caption-population = Services qui répondent à chaque besoin, par population
gaps-caption-area = Services qui répondent à chaque besoin, par secteur
gaps-need = Besoin
gaps-open-units = Logements à pourvoir
gaps-waiting = Personnes en attente qui en ont besoin (toute la ville)
gaps-per-service = Personnes en attente par service (toute la ville)
gaps-demand = La demande : personnes en attente sur la liste (actives ou jumelées) dont la dernière orientation mentionne le besoin, dans toute la ville, et combien par service qui y répond dans la ville. Un compte de 1 à 4 personnes est affiché comme x.
home-network-intro = Qui travaille avec qui, la mobilisation de chaque organisme, les chevauchements de services, les lacunes et les enjeux que le réseau porte auprès des pouvoirs publics.
meeting-edit = Modifier la rencontre
meetings-all = Toutes les rencontres
meetings-held = Tenues
kind-co-attended = Présents à une même rencontre
network-with-meetings = Relier aussi les organismes présents à une même rencontre

# Accès coordonné : orientations, consentement, même personne possible, liste nominative
nav-referrals = Orientations
nav-list = Liste nominative
nav-notifications = Avis
nav-notifications-unread = { $count ->
    [one] Avis ({ $count } non lu)
   *[other] Avis ({ $count } non lus)
}
yes = Oui
no = Non
any-status = Tous les statuts
referrals-title = Orientations
referrals-none = Aucune orientation pour l’instant.
referrals-count = { $count ->
    [one] { $count } orientation
   *[other] { $count } orientations
}
referral-new = Orienter une personne vers le carrefour
referral-from = Orientation de { $agency }.
referral-walk-in-intro = Une personne qui s’est présentée au carrefour, inscrite par son personnel.
referral-walk-in = Présentée au carrefour
referral-submit = Envoyer l’orientation
referral-saved = L’orientation a été envoyée au carrefour.
referral-details = L’orientation
referral-person = Personne orientée
referral-agency = Organisme qui oriente
referral-referred-on = Orientée le
referral-unnamed = (aucun nom conservé)
referral-anonymous = Compte anonyme
referral-anonymous-note = La personne n’a pas consenti au partage avec le carrefour : seul un compte est conservé.
referral-consent-ended = Consentement terminé
referral-consent-ended-note = Le consentement a pris fin : les renseignements de la personne ont été effacés; seuls les comptes et la piste de vérification restent.
referral-person-page = La personne dans la liste nominative
referral-none = Aucun
referral-section-consent = Consentement
referral-section-person = La personne
referral-section-household = Ménage
referral-section-needs = Besoins
referral-section-money = Revenu et loyer
referral-section-where = Où la personne habiterait
referral-section-supports = Soutiens en place
referral-section-priority = Faits pour la politique de priorisation
referral-given-name = Prénom
referral-family-name = Nom de famille
referral-other-names = Autres noms et surnoms (séparés par;)
referral-birth-date = Date de naissance
referral-birth-date-hint = Date de naissance (AAAA-MM-JJ, ou AAAA-MM si le jour est inconnu; vide si inconnue)
referral-birth-date-flagged = Date de naissance à corriger
referral-sex-gender = Sexe ou genre, tel que la personne l’indique
referral-self-identified = Groupes auxquels la personne s’identifie
referral-self-identified-voluntary = Groupes auxquels la personne s’identifie (facultatif : cochez seulement ce que la personne choisit de dire; sert aux rapports d’équité, jamais au jumelage)
referral-group-indigenous = Autochtone (Premières Nations, Métis ou Inuit)
referral-group-racialized = Racisée
referral-group-2slgbtqi = 2ELGBTQI+
referral-group-veteran = Ancien combattant ou ancienne combattante
referral-group-newcomer = Nouvel arrivant au Canada
referral-group-francophone = Francophone
referral-phone = Téléphone
referral-email = Courriel
referral-last-address = Dernière adresse
referral-postal-code = Code postal
referral-identifier = Identifiant (numéro de carte santé), si la personne le donne
referral-adults = Adultes
referral-children-ages = Âge des enfants
referral-children-ages-hint = Âge des enfants en années, séparés par des virgules
referral-pregnant = Grossesse
referral-bedrooms-needed = Chambres nécessaires
referral-needs = Besoins
referral-accessibility = Besoins d’accessibilité
referral-access-step-free = Accès sans marche
referral-access-elevator = Ascenseur
referral-access-wheelchair = Accessible en fauteuil roulant
referral-pets = A des animaux
referral-smoking = Fume
referral-monthly-income = Revenu mensuel ($)
referral-income-sources = Sources de revenu
referral-income-employment = Emploi
referral-income-ontario-works = Ontario au travail
referral-income-odsp = POSPH
referral-income-pension = Pension ou rente
referral-income-employment-insurance = Assurance-emploi
referral-income-other = Autre
referral-income-none = Aucun revenu
referral-subsidy-eligible = Admissible à une allocation au logement
referral-max-rent = Loyer que le ménage peut payer, allocation comprise ($ par mois)
referral-preferred-areas = Quartiers souhaités
referral-excluded-areas = Quartiers à éviter (pour la sécurité, par exemple)
referral-supporting-agency = Organisme partenaire qui continue d’accompagner la personne une fois logée
referral-supporting-worker = Intervenant ou intervenante qui continue l’accompagnement
referral-days-homeless = Jours en situation d’itinérance dans les trois dernières années
referral-assessment-score = Score de l’évaluation commune
referral-notes = Notes
consent-hub-question = La personne consent-elle à partager ses renseignements avec le carrefour?
consent-hub-yes = Oui : la personne sera inscrite dans la liste nominative
consent-hub-no = Non : seul un compte anonyme est conservé
consent-also = La personne consent aussi au partage
consent-hub = Partage avec le carrefour
consent-supports = avec les organismes partenaires qui l’accompagnent
consent-landlords = de faits non identifiants avec les propriétaires
consent-method = Façon dont le consentement a été donné
consent-method-signed-form = Formulaire signé
consent-method-verbal-witnessed = Verbal, devant témoin
consent-witness = Témoin (consentement verbal)
consent-given-on = Consentement donné le
consent-expires-on = Consentement valide jusqu’au
consent-state = Consentement
consent-state-active = En vigueur
consent-state-expiring-soon = Expire dans moins de 30 jours
consent-state-expired = Expiré
consent-state-withdrawn = Retiré
consent-withdraw = Retirer le consentement
consent-withdraw-explain = La personne quitte la liste nominative et la vue de tous les organismes. Ses renseignements sont effacés; seuls les comptes et la piste de vérification restent. C’est irréversible.
consent-withdraw-confirm = La personne a retiré son consentement
list-title = Liste nominative
list-intro = Toutes les personnes orientées vers le carrefour, classées selon la politique de priorisation en vigueur. Chaque colonne montre la valeur qui place la personne à son rang.
list-status = Statut
list-search = Nom
list-waiting = En attente (active ou jumelée)
list-status-active = Active
list-status-matched = Jumelée
list-status-housed = Logée
list-status-inactive = Inactive
list-rank = Rang
list-agencies = Organismes qui ont orienté
list-empty = Personne dans la liste avec ce statut.
list-count = { $count ->
    [one] { $count } personne
   *[other] { $count } personnes
}
list-open-reviews = { $count ->
    [one] { $count } même personne possible à examiner
   *[other] { $count } mêmes personnes possibles à examiner
}
list-flows = Entrées et sorties
list-inflow = Entrées par mois
list-outflow = Sorties par mois
list-flows-table = Entrées et sorties des 12 derniers mois
list-month = Mois
flow-new = Nouvelles
flow-returned-from-housed = Retours après un logement
flow-returned-from-inactive = Retours après une inactivité
flow-housed = Logées
flow-inactive = Devenues inactives
inactive-reason-no-contact = aucun contact depuis 90 jours
inactive-reason-moved-away = a déménagé ailleurs
inactive-reason-hospital = long séjour à l’hôpital
inactive-reason-prison = long séjour en détention
inactive-reason-deceased = décès
inactive-reason-consent-ended = fin du consentement
person-referrals = Orientations de cette personne
person-history = Historique des statuts
person-on = Date
person-change = Changement
person-by = Par
person-change-status = Changer le statut
person-inactive-reason = Raison (si inactive)
policy-title = Politique de priorisation
policy-intro = La liste est classée selon ces clés, l’une après l’autre : la première décide, la suivante départage ses égalités, et ainsi de suite.
policy-position = Clé { $n }
policy-no-key = (aucune)
policy-key-acuity = Score d’évaluation
policy-key-days-homeless = Jours en situation d’itinérance
policy-key-referral-date = Première orientation
policy-key-children = Ménage avec enfants
policy-key-youth = Jeune (16 à 24 ans)
policy-tie-breaker = Après toutes les clés : la première orientation la plus ancienne, puis la référence de la personne. Deux personnes n’ont jamais le même rang.
policy-preview = Voir ce qui changerait
policy-save = Mettre cette politique en vigueur
policy-preview-moved = { $count ->
    [one] { $count } personne changerait de rang
   *[other] { $count } personnes changeraient de rang
}
policy-preview-waiting = { $count ->
    [one] sur { $count } en attente.
   *[other] sur { $count } en attente.
}
policy-preview-largest = { $count ->
    [one] Le plus grand déplacement est de { $count } rang.
   *[other] Le plus grand déplacement est de { $count } rangs.
}
policy-history = Politiques en vigueur au fil du temps
policy-effective-from = En vigueur depuis
policy-keys = Clés
policy-default-in-force = La politique par défaut est en vigueur : score d’évaluation, puis jours en situation d’itinérance, puis première orientation.
linkage-model = Modèle de résolution d’identité
linkage-trained-on = { $count ->
    [one] Entraîné sur { $count } orientation
   *[other] Entraîné sur { $count } orientations
}
linkage-synthetic = avec des orientations synthétiques en appoint, jusqu’à ce que la communauté en compte 2 000 des siennes
linkage-retrain = Entraîner de nouveau
reviews-title = Mêmes personnes possibles
reviews-intro = Des orientations qui pourraient viser une personne déjà inscrite. Comparez-les côte à côte, puis liez-les ou gardez-les séparées.
reviews-states = Éléments à examiner selon la décision
reviews-none = Rien à examiner.
review-title = Même personne possible
review-state-open = À décider
review-state-linked = Liées
review-state-kept-apart = Gardées séparées
review-new-referral = Nouvelle orientation
review-known-referral = Orientation déjà inscrite
review-probability = Vraisemblance
review-probability-is = Vraisemblance qu’il s’agisse d’une seule personne : { $value }
review-weight-is = poids total { $value }
review-side-by-side = Les deux orientations côte à côte
review-field = Champ
review-agreement = Concordance
review-weight = Poids
review-weight-explain = Les poids sont en bits : positifs pour une même personne, négatifs pour deux personnes. Leur somme donne le total.
review-swapped-names = Le prénom et le nom de famille sont inversés d’une orientation à l’autre.
review-decision = Décision
review-reason = Raison (facultative)
review-link = Même personne : lier
review-keep-apart = Deux personnes : garder séparées
review-undo-reason = Pourquoi annuler cette décision
review-undo = Annuler la décision
link-field-given-name = Prénom
link-field-family-name = Nom de famille
link-field-birth-date = Date de naissance
link-field-sex = Sexe ou genre
link-field-address = Adresse
link-field-phone = Téléphone
link-field-email = Courriel
link-field-identifier = Identifiant
link-level-missing = absent d’un côté
link-level-exact = identique
link-level-close = presque identique
link-level-similar = semblable
link-level-initial = même initiale
link-level-different = différent
link-level-shares-a-name = un nom en commun
link-level-day-month-swapped = jour et mois inversés
link-level-one-part-differs = une partie diffère
link-level-two-parts-differ = deux parties diffèrent
link-level-partial-agrees = concorde pour ce qui est connu
link-level-same-street = même adresse
link-level-same-postal-code = même code postal
link-level-same-area = même secteur
notifications-title = Avis
notifications-none = Aucun avis.
notifications-new = Nouveau :
notifications-mark-read = Tout marquer comme lu
notifications-open-referral = l’orientation
notice-status-changed = Le statut d’une orientation de votre organisme a changé.
notice-review-linked = Le carrefour a lié une orientation de votre organisme à une personne déjà inscrite.
notice-review-kept-apart = Le carrefour a conclu qu’une orientation de votre organisme ne vise pas une personne déjà inscrite.
notice-review-undone = Le carrefour a annulé une décision sur une orientation de votre organisme.
notice-consent-expiring = Le consentement d’une orientation expire dans moins de 30 jours : renouvelez-le avec la personne.
notice-consent-ended = Le consentement d’une orientation a pris fin : la personne a quitté la liste.
mail-subject = Passerelle : du nouveau pour une orientation de votre organisme
mail-sign-in-to-read = Connectez-vous à Passerelle pour en prendre connaissance :
error-birth-date = Entrez une vraie date de naissance (AAAA-MM-JJ ou AAAA-MM), ou laissez le champ vide.
error-birth-date-future = Une date de naissance ne peut pas être dans l’avenir.
error-children-ages = Entrez l’âge de chaque enfant en années (0 à 17), séparés par des virgules; un enfant ne peut avoir presque l’âge du parent.
error-area-both = Un quartier ne peut pas être à la fois souhaité et à éviter.
error-consent-required = Indiquez si la personne consent au partage avec le carrefour.
error-consent-method = Choisissez la façon dont le consentement a été donné.
error-consent-witness = Nommez le témoin du consentement verbal.
error-consent-expiry = Entrez une date d’expiration postérieure à aujourd’hui et à la date du consentement.
error-consent-already-ended = Le consentement de cette orientation a déjà pris fin.
error-review-decided = Cet élément a déjà été tranché.
error-review-open = Cet élément n’a pas encore été tranché.
error-undo-reason = Indiquez pourquoi la décision est annulée.
error-confirm = Cochez la case pour confirmer.
error-policy-empty = Choisissez au moins une clé.
error-policy-repeated = Chaque clé ne peut servir qu’une fois.
person-contacts = Contacts
person-contacts-explain = { $count ->
    [one] Une personne sans contact ni orientation depuis { $count } jour devient inactive (aucun contact).
   *[other] Une personne sans contact ni orientation depuis { $count } jours devient inactive (aucun contact).
}
person-no-contacts = Aucun contact consigné pour l’instant.
person-contact-on = Date du contact
person-contact-note = Ce qui s’est passé (facultatif)
person-record-contact = Consigner le contact
error-contact-future = Un contact ne peut pas être dans l’avenir.
error-no-contact-days = Entrez un nombre de jours de 14 à 365.
settings-title = Paramètres de la liste
settings-no-contact-days = Jours sans contact avant qu’une personne devienne inactive

## Jumelage et offres (D1–D5)
nav-match = Jumelage
nav-offers = Offres
rounds-title = Tours de jumelage
rounds-intro = Un tour jumelle d’un seul coup chaque personne active sur la liste dont le consentement le permet avec chaque logement à pourvoir aujourd’hui, selon la politique en vigueur. Le résultat est prouvé optimal; chaque proposition et chaque attente vient avec ses raisons.
rounds-policy = Politique en vigueur :
rounds-dry-run = Essai : pour consulter seulement, aucune offre n’en sera faite
rounds-start = Lancer un tour
rounds-none = Aucun tour pour l’instant.
rounds-latest = Derniers tours
round-title = Tour de jumelage du
round-on = Jour
round-policy = Politique
round-persons = Personnes
round-units = Logements
round-pairs = Paires compatibles
round-matched = Propositions
round-offers = Offres faites
round-started-by = Lancé par
round-dry-run = essai
round-objective = Objectif (optimalité certifiée)
round-timings = Secondes : chargement · jumelage · enregistrement
round-stale = { $count ->
    [one] Une proposition n’est plus à jour : son logement ou sa personne a changé depuis le tour. Elle ne peut pas être offerte; lancez un nouveau tour.
   *[other] { $count } propositions ne sont plus à jour : leur logement ou leur personne a changé depuis le tour. Elles ne peuvent pas être offertes; lancez un nouveau tour.
}
round-offered-pair = Offert
round-stale-pair = Plus à jour
round-proposals = { $count ->
    [one] Une proposition
   *[other] { $count } propositions
}
round-proposals-explain = Par ordre de priorité. Les points d’adéquation disent pourquoi ce logement convient à cette personne; les clés de priorité disent pourquoi cette personne passe en premier. Cochez les propositions à offrir.
round-no-proposals = Aucune personne n’est compatible avec aucun logement aujourd’hui.
round-offer = Offrir
round-priority = Clés de priorité
round-unit = Logement
round-fit = Adéquation
round-why = Pourquoi
round-pinned = épinglé
round-higher-priority = { $count ->
    [0] Personne de mieux classé ne pouvait prendre ce logement.
    [one] Une personne mieux classée pouvait aussi le prendre et a reçu un logement qui lui convient au moins autant.
   *[other] { $count } personnes mieux classées pouvaient aussi le prendre et ont reçu des logements qui leur conviennent au moins autant.
}
round-make-offers = Faire les offres cochées
round-waiting = { $count ->
    [0] Personne de mieux classé que la dernière proposition n’attend
    [one] Une personne mieux classée que la dernière proposition attend
   *[other] { $count } personnes mieux classées que la dernière proposition attendent
}
round-waiting-explain = Pourquoi chacune attend : soit aucun logement à pourvoir ne lui convient (les contraintes qui écartent les logements, et celle qui à elle seule en écarte un), soit les logements qui lui conviennent sont allés à des personnes mieux classées, ou à égalité avec une meilleure adéquation.
round-waiting-no-fit = { $count ->
    [one] Une n’a aucun logement compatible à pourvoir.
   *[other] { $count } n’ont aucun logement compatible à pourvoir.
}
round-waiting-outranked = { $count ->
    [one] Une a des logements compatibles qui sont allés d’abord à d’autres.
   *[other] { $count } ont des logements compatibles qui sont allés d’abord à d’autres.
}
round-binding = Les contraintes qui font attendre : les données à présenter aux propriétaires
round-constraint = Contrainte
round-binding-alone = Personnes pour qui elle écarte à elle seule un logement
round-binding-any = Personnes pour qui elle écarte des logements
round-why-not = Pourquoi pas
round-why-no-unit = Aucun logement à pourvoir ne convient : { $ruled }.
round-why-alone = À elle seule : { $alone }.
round-why-places = { $places } places compatibles : { $higher } sont allées à des personnes mieux classées, { $same } à des personnes à égalité avec une meilleure adéquation.
round-why-excluded = { $count ->
    [one] Un logement a été exclu par un localisateur ou une localisatrice.
   *[other] { $count } logements ont été exclus par un localisateur ou une localisatrice.
}
round-corrections = Corrections
round-corrections-explain = Excluez une proposition que le moteur ne peut pas savoir mauvaise (avec la raison), ou épinglez une personne en attente à un logement; le tour est résolu de nouveau autour de ce choix.
round-correction = Correction
round-correction-exclude = Exclue
round-correction-pin = Épinglée
round-reason = Raison
round-proposal = Proposition
round-exclude = Exclure une proposition
round-exclude-and-solve = Exclure et résoudre de nouveau
round-pin = Épingler une personne en attente à un logement
round-pin-and-solve = Épingler et résoudre de nouveau
exclude-reason-landlord-refused-before = Le ou la propriétaire a déjà refusé ce ménage
exclude-reason-client-refused-area = La personne refuse ce quartier
exclude-reason-safety = Sécurité
exclude-reason-unit-not-ready = Le logement n’est pas prêt
exclude-reason-other = Autre
constraint-household-size = taille du ménage
constraint-bedrooms = chambres
constraint-accessibility = accessibilité
constraint-pets = animaux
constraint-smoking = tabac
constraint-affordability = loyer qu’elle peut payer
constraint-excluded-area = quartier qu’elle exclut
constraint-distance-to-supports = distance des soutiens
constraint-landlord-household-size = limite de ménage du ou de la propriétaire
constraint-support-worker = le ou la propriétaire demande un intervenant ou une intervenante de soutien
constraint-program-eligibility = admissibilité au programme
term-preferred-area = quartier préféré
term-rent-headroom = marge sur le loyer
term-bedroom-fit = nombre de chambres
term-near-supports = proche des soutiens
term-keeps-accessible-units = garde les logements accessibles pour qui en a besoin
offers-title = Offres
offers-intro = Chaque offre va à la personne par l’intervenant ou l’intervenante qui l’a orientée, puis au ou à la propriétaire, au bail et à l’emménagement. Une offre sans réponse à l’échéance expire et le logement revient au bassin.
offers-show-all = Afficher aussi les offres terminées
offers-show-live = Afficher seulement les offres en cours
offers-back-to-round = Retour au tour
offers-none = Aucune offre.
offers-count = { $count ->
    [one] Une offre
   *[other] { $count } offres
}
offer-title = Offre
offer-state = Où elle en est
offer-state-offered = Offerte, en attente de la personne
offer-state-client-accepted = Acceptée par la personne, en attente du ou de la propriétaire
offer-state-landlord-accepted = Acceptée par le ou la propriétaire, bail à signer
offer-state-leased = Bail signé
offer-state-moved-in = Emménagement fait
offer-state-client-declined = Refusée par la personne
offer-state-landlord-declined = Refusée par le ou la propriétaire
offer-state-lapsed = Expirée (sans réponse à l’échéance)
offer-state-withdrawn = Retirée
offer-landlord = Propriétaire
offer-offered-on = Offerte le
offer-respond-by = Réponse attendue au plus tard le
offer-lease = Bail (signé · loyer · subvention)
offer-details-after-acceptance = L’adresse du logement et le ou la propriétaire sont communiqués une fois l’offre acceptée par la personne.
offer-client-answer = La réponse de la personne
offer-client-accepts = Accepte
offer-client-declines = Refuse
offer-landlord-answer = La réponse du ou de la propriétaire
offer-landlord-accepts = Accepte le ménage
offer-landlord-declines = Refuse le ménage
offer-decline-reason = Raison du refus
offer-answered-on = Réponse reçue le
offer-note = Note
offer-record-answer = Enregistrer la réponse
offer-lease-signed = Bail signé
offer-signed-on = Signé le
offer-starts-on = Le bail commence le
offer-rent = Loyer mensuel
offer-subsidy = Subvention mensuelle
offer-record-lease = Enregistrer le bail
offer-moved-in = Emménagement
offer-moved-in-on = Emménagement le
offer-record-move-in = Enregistrer l’emménagement
offer-withdraw = Retirer l’offre
offer-withdraw-reason = Raison du retrait
offer-history = Historique
client-decline-reason-location = Emplacement
client-decline-reason-unit-condition = État du logement
client-decline-reason-unit-size = Taille du logement
client-decline-reason-cost = Coût
client-decline-reason-accessibility = Accessibilité
client-decline-reason-found-other-housing = A trouvé un autre logement
client-decline-reason-not-ready = Pas prête à déménager
client-decline-reason-unreachable = Impossible à joindre
client-decline-reason-other = Autre
landlord-decline-reason-income = Revenu
landlord-decline-reason-references = Références
landlord-decline-reason-household-size = Taille du ménage
landlord-decline-reason-tenancy-history = Antécédents de location
landlord-decline-reason-unit-unavailable = Logement plus disponible
landlord-decline-reason-no-answer = Aucune réponse du ou de la propriétaire
landlord-decline-reason-other = Autre
withdraw-reason-unit-unavailable = Logement plus disponible
withdraw-reason-client-situation-changed = La situation de la personne a changé
withdraw-reason-entered-in-error = Saisie par erreur
withdraw-reason-other = Autre
notice-offer-made = Un logement est offert à une personne orientée par votre organisme : transmettez-lui l’offre et enregistrez sa réponse.
notice-offer-reminder = Une offre faite à une personne orientée par votre organisme attend bientôt une réponse.
notice-offer-landlord-answered = Le ou la propriétaire a répondu à une offre faite à une personne orientée par votre organisme.
notice-offer-withdrawn = Le carrefour a retiré une offre faite à une personne orientée par votre organisme.
error-date-in-future = Cette date est dans le futur.
error-date-in-past = Cette date est passée.
error-before-offer = Cette date précède l’offre.
error-before-lease = Cette date précède le début du bail.
error-not-leased = Le logement n’est pas encore loué : enregistrez d’abord le bail.
error-reason-required = Indiquez la raison.
error-subsidy-above-rent = La subvention ne peut pas dépasser le loyer.
error-choose-proposal = Cochez au moins une proposition.
error-policy-key = Clé de priorité inconnue ou répétée.
error-round-changed = Un autre localisateur ou une autre localisatrice a résolu ce tour de nouveau entre-temps. Rechargez-le et réessayez.
error-already-corrected = Cette paire est déjà exclue ou épinglée dans ce tour.
error-offer-changed = Cette offre a avancé depuis que vous l’avez ouverte (quelqu’un a enregistré une étape, ou elle a expiré). Rechargez-la pour voir où elle en est.
error-offer-exists = Ce logement ou cette personne fait déjà l’objet d’une offre en cours. Rien n’a été changé.
error-person-taken = Cette personne n’est plus en attente (déjà une offre, logée, inactive, ou son consentement a pris fin). Rien n’a été changé.
error-person-changed = Le statut de cette personne a changé entre-temps. Rechargez la page pour voir où elle en est.
error-not-a-proposal = Cette paire n’est pas une proposition du tour.
error-pin-infeasible = Ce logement ne convient pas à cette personne (une contrainte stricte n’est pas respectée) ou il est déjà pris par une autre personne épinglée. Rien n’a été changé.
error-round-dry-run = Un essai sert seulement à consulter : lancez un tour pour faire des offres.
error-round-stale = Des propositions ne sont plus à jour : leur logement ou leur personne a changé depuis le tour. Aucune offre n’a été faite; lancez un nouveau tour.

## Équité du jumelage (D4)
nav-equity = Équité
equity-title = Équité du jumelage
equity-intro = Pour un tour ou une période : combien de personnes de chaque groupe se sont vu offrir un logement, l’ont accepté et y ont emménagé, par rapport à la part du groupe parmi les personnes en attente sur la liste. Aucune personne n’est nommée et les petits nombres sont masqués.
equity-round = Tour
equity-any-round = Aucun : une période
equity-round-choice = Tour du { $on } ({ $offers ->
    [one] { $offers } offre
   *[other] { $offers } offres
})
equity-from = Du
equity-to = Au
equity-k = Masquer les nombres inférieurs à (personnes, au moins 3)
equity-scope-round = Tour du { $on } : les personnes du tour et les offres qui en sont issues.
equity-scope-period = Du { $from } au { $to } : les personnes en attente à un moment de la période, et les offres, acceptations et emménagements de la période.
equity-by-agency = Par organisme d’aiguillage
equity-by-household-type = Par type de ménage
equity-by-age-group = Par groupe d’âge
equity-by-gender = Par genre
equity-by-self-identified = Par groupe d’auto-identification (facultatif : une personne peut faire partie de plusieurs groupes ou d’aucun)
equity-group = Groupe
equity-listed = En attente sur la liste
equity-offered = Offre de logement
equity-accepted = Offre acceptée
equity-housed = Emménagement
equity-persons = Personnes
equity-share = Part
equity-ratio = Rapport (intervalle à 95 %)
equity-days-to-offer = Jours médians de l’aiguillage à l’offre
equity-days-to-move-in = Jours médians de l’aiguillage à l’emménagement
equity-everyone = Ensemble
equity-group-hub = Personnes reçues au carrefour
equity-household-type-single = Personne seule
equity-household-type-adults = Adultes sans enfants
equity-household-type-family = Famille avec enfants ou grossesse
equity-age-group-youth = Jeunes (moins de 25 ans)
equity-age-group-adult = 25 à 54 ans
equity-age-group-senior = 55 ans et plus
equity-age-group-unknown = Âge inconnu
equity-gender-woman = Femmes
equity-gender-man = Hommes
equity-gender-other = Autre genre, ou non précisé
equity-ratio-hint = Rapport : le taux du groupe (personnes ayant obtenu le résultat parmi les personnes en attente) comparé à celui de l’ensemble; 1 signifie le même taux. L’intervalle est celui où se situe le rapport avec une confiance de 95 % compte tenu de la taille du groupe (intervalle de Wilson); * marque un rapport dont l’intervalle exclut 1 : une différence qui dépasse le hasard.
equity-suppression = x : masqué, parce que moins de { $k } personnes sont en cause, ou parce que, avec le total, il permettrait de retrouver un nombre masqué. Les parts et les rapports des nombres masqués ne sont pas affichés.
error-k-persons = Entrez un nombre entier de personnes de 3 à 50.
error-period-order = Le début de la période doit précéder sa fin.

## Comparaison des politiques
nav-compare = Politiques comparées
compare-title = Politiques de priorisation comparées
compare-intro = L’instantané d’un tour (ses personnes en attente et ses logements à pourvoir) jumelé selon deux politiques, chacune d’un seul coup comme le fait un tour, et un logement à la fois comme le font la plupart des systèmes d’accès coordonné (chaque logement à son tour à la personne la mieux classée à qui il convient). Aucune offre n’est faite; les exclusions et épinglages du tour ne sont pas repris.
compare-no-round = Aucun tour n’a encore été lancé : la comparaison se fait sur l’instantané d’un tour.
compare-round-choice = Tour du { $on } ({ $persons ->
    [one] { $persons } personne
   *[other] { $persons } personnes
}, { $units ->
    [one] { $units } logement
   *[other] { $units } logements
})
compare-policy-a = Politique A (clés, la plus importante d’abord)
compare-policy-b = Politique B (clés, la plus importante d’abord)
compare-keys-hint = Clés : acuity, days_homeless, referral_date, children, youth, séparées par des virgules. La politique A est celle du tour si elle est laissée vide.
compare-snapshot = Instantané du { $on } : { $persons ->
    [one] { $persons } personne en attente
   *[other] { $persons } personnes en attente
}, { $units ->
    [one] { $units } logement à pourvoir
   *[other] { $units } logements à pourvoir
}.
compare-summary = Ce que donne chaque façon
compare-measure = Mesure
compare-way-round = d’un seul coup (un tour)
compare-way-usual = un logement à la fois
compare-matched = Personnes jumelées
compare-total-fit = Convenance totale
compare-median-rank = Rang médian des personnes jumelées
compare-last-rank = Rang le plus bas jumelé
compare-top-ranked = Personnes les mieux classées jumelées
compare-top-ranked-cell = { $matched } des { $of } mieux classées
compare-measures-hint = Les rangs sont ceux de la politique de chaque colonne. La convenance totale additionne celle de chaque jumelage (la mesure du moteur de la façon dont un logement convient à un ménage). « Personnes les mieux classées jumelées » compte, parmi les n personnes les mieux classées (n = personnes jumelées), celles qui sont jumelées : n quand personne de plus bas sur la liste n’a pris un logement à quelqu’un de mieux classé.
compare-in-round = Dans le tour
compare-column = { $policy }, { $way }
compare-changes = Qui change : { $from } par rapport à { $to }
compare-gained = Jumelées par { $to } et non par { $from } : { $count }
compare-lost = Jumelées par { $from } et non par { $to } : { $count }
compare-rank = rang { $rank } selon la politique A

## The audit trail
audit-entity-api-token = jeton d’API
audit-entity-audit = journal d’audit
audit-entity-contact = personne-ressource
audit-entity-directory = répertoire
audit-entity-file = fichier
audit-entity-follow-up = suivi
audit-entity-follow-up-settings = paramètres des suivis
audit-entity-incident-meeting = rencontre de médiation
audit-entity-landlord = propriétaire
audit-entity-landlord-contact = personne-ressource d’un ou d’une propriétaire
audit-entity-landlord-event = historique d’un ou d’une propriétaire
audit-entity-link-review = même personne possible
audit-entity-linkage-model = modèle d’appariement
audit-entity-list-settings = paramètres de la liste
audit-entity-location = lieu
audit-entity-match-round = tour de jumelage
audit-entity-meeting = rencontre
audit-entity-offer = offre
audit-entity-organization = organisme
audit-entity-organization-contacts = personnes-ressources de l’organisme
audit-entity-outreach-contact = contact de mobilisation
audit-entity-outreach-mark = étape de mobilisation
audit-entity-person = personne
audit-entity-priority-list = liste nominative
audit-entity-priority-policy = politique de priorisation
audit-entity-property = immeuble
audit-entity-referral = orientation
audit-entity-relationship = relation
audit-entity-service = service
audit-entity-systemic-issue = enjeu systémique
audit-entity-tenancy = location
audit-entity-tenancy-contact = suivi de location
audit-entity-tenancy-end = fin de location
audit-entity-tenancy-incident = incident
audit-entity-tenancy-supports = organisme de soutien
audit-entity-unit = logement
audit-entity-user = compte
nav-audit = Journal d’audit
audit-title = Journal d’audit
audit-intro = Chaque consultation des données d’une personne, chaque modification et chaque connexion, les plus récentes d’abord. Filtrez par l’identifiant d’une personne ou d’un dossier, par qui a agi, par action ou par dates.
audit-entity = Identifiant de la personne ou du dossier
audit-actor = Qui a agi (courriel)
audit-action = Action
audit-any-action = Toute action
audit-from = Du
audit-to = Au
audit-none = Aucun événement ne correspond.
audit-caption = Événements, les plus récents d’abord
audit-when = Quand
audit-who = Qui
audit-record = Dossier
audit-detail = Détail
audit-older = Événements plus anciens
audit-no-actor = (ligne de commande ou visiteur)
audit-action-read = Consultation
audit-action-create = Création
audit-action-update = Modification
audit-action-import = Importation
audit-action-login = Connexion
audit-action-login-failed = Connexion échouée
audit-action-login-throttled = Connexion refusée (trop d’échecs)
audit-action-logout = Déconnexion
audit-action-export = Exportation
error-record-id = Entrez un identifiant tel que 0b8e6c2a-5f3d-4c1e-9a7b-2d4f6e8a0c1b.
nav-tokens = Jetons d’API
tokens-title = Jetons d’API
tokens-intro = Un jeton permet à un programme d’utiliser l’API en votre nom, avec votre rôle et votre organisme, sans votre mot de passe. Créez-en un par programme, avec le strict nécessaire, et révoquez-le dès qu’il ne sert plus.
token-new = Nouveau jeton
token-name = À quoi il sert
token-scope = Permis
token-scope-read = Lecture seulement
token-scope-write = Lecture et modification
token-days = Durée en jours
token-days-hint = { $count ->
    [one] D’un jour à un jour.
   *[other] D’un jour à { $count } jours.
}
token-create = Créer le jeton
token-shown-once = Copiez ce jeton maintenant : il n’est affiché que cette fois. Envoyez-le dans l’en-tête Authorization: Bearer suivi du jeton.
tokens-list = Jetons
tokens-none = Aucun jeton pour l’instant.
token-owner = Titulaire
token-created = Créé le
token-expires = Dernier jour
token-last-used = Dernière utilisation
token-never-used = Jamais
token-state = État
token-revoke = Révoquer
token-revoked = Révoqué le
token-expired = Expiré
error-token-days = Indiquez un nombre de jours de 1 à 365.
error-token-refused = Ce jeton d’API est inconnu, révoqué ou expiré.
error-token-scope = Ce jeton d’API ne permet pas cette action : un jeton en lecture seulement ne fait que lire, et les jetons se gèrent seulement en session.
nav-password = Mon mot de passe
password-title = Mon mot de passe
password-rules = { $count ->
    [one] Au moins un caractère.
   *[other] Au moins { $count } caractères : quelques mots dont vous vous souviendrez conviennent le mieux. Les mots de passe courants et votre adresse courriel sont refusés. Vos autres sessions prennent fin au changement.
}
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-confirm = Nouveau mot de passe, de nouveau
password-change = Changer mon mot de passe
password-saved = Votre mot de passe est changé. Vos autres sessions ont pris fin.
error-password-current = Ce n’est pas votre mot de passe actuel.
error-password-short = Utilisez au moins 12 caractères.
error-password-long = Utilisez au plus 128 caractères.
error-password-common = Ce mot de passe est trop facile à deviner : choisissez-en un autre, sans votre adresse courriel.
error-password-same = Choisissez un mot de passe différent de l’actuel.
error-password-confirm = Les deux nouveaux mots de passe diffèrent.
nav-users = Comptes
users-title = Comptes
users-intro = Désactiver un compte met fin à ses sessions sur-le-champ et refuse sa connexion et ses jetons d’API; ce qu’il a fait reste au journal d’audit. Réactivez-le pour le rétablir. Un changement de rôle ou d’organisme s’applique dès la requête suivante de ses sessions et de ses jetons.
users-caption = Tous les comptes, par courriel
user-email = Courriel
user-name = Nom
user-role = Rôle
user-agency = Organisme
user-created = Créé le
user-state = État
user-sessions = Sessions
user-active = Actif
user-disabled-on = Désactivé le
user-disable = Désactiver
user-enable = Réactiver
user-end-sessions = Mettre fin à ses sessions
users-new-title = Nouveau compte
users-new-intro = Le nouveau compte reçoit un lien qui fixe son premier mot de passe : envoyé à son courriel si le courrier est configuré, sinon affiché ici une seule fois pour que vous le transmettiez. Les intervenantes et intervenants d’organismes partenaires appartiennent à un organisme; les autres rôles, non.
users-create = Créer le compte
user-agency-for-workers = Organisme (intervenantes et intervenants d’organismes partenaires seulement)
user-agency-none = Aucun organisme
user-change-role = Modifier
user-password = Mot de passe
user-reset = Envoyer un lien pour fixer un nouveau mot de passe
user-link-shown = Un lien qui fixe le mot de passe de { $email }. Transmettez-le vous-même; il n’est affiché que cette fois-ci :
user-link-mailed = Un lien qui fixe le mot de passe a été envoyé à { $email }.
user-link-hours = Il sert une fois, pendant { $hours } heures. Un lien plus récent le remplace.
error-role-self = Vous ne pouvez pas changer votre propre rôle : un autre administrateur ou une autre administratrice doit le faire.
reset-title = Choisir votre mot de passe
reset-intro = Choisissez le mot de passe de { $email }.
reset-spent = Ce lien ne fonctionne plus : il a servi, un lien plus récent a été créé ou son délai est écoulé. Demandez-en un nouveau à un administrateur ou une administratrice.
reset-submit = Fixer mon mot de passe
reset-done = Votre mot de passe est fixé. Connectez-vous avec lui.
mail-account-created-subject = Votre compte Passerelle
mail-account-created = Un compte a été créé pour vous dans Passerelle. Ce lien fixe votre mot de passe; il sert une fois, pendant trois jours :
mail-password-reset-subject = Choisir un nouveau mot de passe Passerelle
mail-password-reset = Un administrateur ou une administratrice a demandé un nouveau mot de passe pour votre compte Passerelle. Ce lien le fixe; il sert une fois, pendant trois jours. Vos sessions ne sont pas encore fermées : elles le seront quand le nouveau mot de passe sera fixé.
error-disable-self = Vous ne pouvez pas désactiver votre propre compte.

## Après le logement : locations et suivi
nav-tenancies = Locations
tenancies-title = Locations et suivi
tenancies-intro = Chaque ménage logé par la liste, avec le soutien qui continue après l’emménagement. Les suivis sont planifiés à partir de l’emménagement : il suffit de consigner une visite ou un contact pour en régler un.
tenancies-show-ended = Afficher les locations terminées
tenancies-show-current = Afficher les locations en cours
tenancies-overdue = Suivis en retard
tenancies-none-overdue = Aucun suivi en retard.
tenancies-due-soon = Suivis prévus dans les sept prochains jours
tenancies-none-due = Rien de prévu dans les sept prochains jours.
tenancies-check-ins-due = Contacts avec les propriétaires prévus ou en retard
tenancies-current = Locations en cours
tenancies-ended = Locations terminées
tenancies-none = Aucune location ici.
tenancies-see-all = { $count ->
    [one] La voir dans la liste
   *[other] Voir les { $count } dans la liste
}
tenancies-show-every = Afficher toutes les locations en cours
tenancies-count = { $count ->
    [one] Une location
   *[other] { $count } locations
}
tenancies-retention = Maintien en logement
tenancies-retention-mark = Après l’emménagement
tenancies-retention-rate = Taux
tenancies-six-months = 6 mois
tenancies-twelve-months = 12 mois
tenancies-retention-note = Calculé à partir des dates : un ménage est maintenu en logement à une échéance s’il est encore logé à cette date, ou s’il a déménagé dans un autre logement avant. Les décès sont exclus du taux; les locations qui n’ont pas atteint l’échéance ne sont pas comptées.
tenancies-cadence = Fréquence des suivis
tenancies-cadence-now = { $weeks ->
    [0] Aucune visite hebdomadaire
    [one] Chaque semaine la première semaine
   *[other] Chaque semaine pendant les { $weeks } premières semaines
}, puis chaque mois jusqu’à { $months } mois après l’emménagement.
tenancies-cadence-weekly = Semaines de visites hebdomadaires
tenancies-cadence-monthly = Visites mensuelles jusqu’à (mois après l’emménagement)
tenancies-cadence-save = Enregistrer la fréquence
tenancy-title = Location
tenancy-person-withheld = Nom masqué (consentement terminé)
tenancy-support-agency = Organisme de soutien
tenancy-support-worker = Intervenant ou intervenante de soutien
tenancy-no-support = Aucun organisme de soutien
tenancy-leased-on = Bail signé
tenancy-not-moved-in = Pas encore emménagé
tenancy-ended-on = Terminée le
tenancy-end-reason = Motif de la fin
tenancy-next-visit = Prochaine visite de soutien
tenancy-next-check-in = Prochain contact avec le propriétaire
tenancy-overdue = en retard
tenancy-nothing-due = rien de prévu
tenancy-follow-ups-met = { $due ->
    [one] { $met } suivi fait sur { $due } prévu jusqu’ici
   *[other] { $met } suivis faits sur { $due } prévus jusqu’ici
}
tenancy-retention-retained = Maintenu
tenancy-retention-not-retained = Non maintenu
tenancy-retention-excluded = Exclu (décès)
tenancy-retention-not-yet = Échéance pas encore atteinte
tenancy-log-visit = Consigner une visite de soutien
tenancy-log-check-in = Consigner un contact avec le propriétaire
tenancy-contact-on = Date
tenancy-contact-party = Avec
tenancy-contact-kind = Moyen
tenancy-contact-outcome = Résultat
tenancy-contact-notes = Notes
tenancy-contact-save = Enregistrer
tenancy-contacts = Visites et contacts
tenancy-no-contacts = Rien de consigné pour l’instant.
tenancy-party-support = Locataire (visite de soutien)
tenancy-party-landlord = Propriétaire (contact)
tenancy-kind-home-visit = Visite à domicile
tenancy-kind-phone-call = Appel téléphonique
tenancy-kind-video-call = Appel vidéo
tenancy-kind-office-visit = Rencontre au bureau
tenancy-kind-community = Rencontre dans la communauté
tenancy-kind-site-visit = Visite à l’immeuble
tenancy-kind-email = Courriel
tenancy-outcome-support-stable = Stable
tenancy-outcome-support-some-concerns = Quelques inquiétudes
tenancy-outcome-support-at-risk = Location à risque
tenancy-outcome-support-no-contact = Tentative, sans contact
tenancy-outcome-landlord-satisfied = Satisfait
tenancy-outcome-landlord-some-concerns = Quelques inquiétudes
tenancy-outcome-landlord-wants-to-end = Veut mettre fin à la location
tenancy-outcome-landlord-no-contact = Tentative, sans contact
tenancy-change-supports = Qui soutient cette location
tenancy-save-supports = Enregistrer le soutien
tenancy-end = Mettre fin à la location
tenancy-end-reason-moved-to-other-housing = Déménagement dans un autre logement
tenancy-end-reason-eviction = Expulsion
tenancy-end-reason-left-by-agreement = Départ à l’amiable
tenancy-end-reason-hospital = Hospitalisation
tenancy-end-reason-prison = Incarcération
tenancy-end-reason-death = Décès
tenancy-end-reason-unknown = Inconnu
tenancy-end-reason-not-recorded = Non consigné
unit-reason-tenancy-ended = location terminée (motif sur la location)
error-before-move-in = Cette date est antérieure au début de la location.
error-out-of-range = Ce nombre est hors de la plage permise.
error-tenancy-ended = Cette location est terminée : on ne peut plus rien y consigner.
error-weekly-past-end = Les visites hebdomadaires dépasseraient la fin du suivi.
unit-reason-offer-leased = bail signé à la suite d’une offre
unit-reason-offer-moved-in = emménagement à la suite d’une offre

## Incidents et médiation
incidents-title = Incidents et médiation
incidents-none = Aucun incident consigné.
incident-title = Incident
incident-new = Consigner un incident
incident-save = Consigner l’incident
incident-kind = Ce qui s’est passé
incident-raised-by = Signalé par
incident-description = Ce qui a été rapporté
incident-meetings = Rencontres de médiation
incident-no-meetings = Aucune rencontre de médiation pour l’instant.
incident-meeting-new = Consigner une rencontre de médiation
incident-meeting-save = Enregistrer la rencontre
incident-attendees = Participants
incident-agreed = Ce qui a été convenu
incident-state = Issue
incident-open = Ouvert
incident-close = Clore l’incident
incident-outcome = Comment il s’est terminé
incident-kind-arrears = Arriérés de loyer
incident-kind-noise = Bruit
incident-kind-damage = Dommages au logement
incident-kind-neighbour-conflict = Conflit avec le voisinage
incident-kind-guests = Invités
incident-kind-health-crisis = Crise de santé
incident-kind-other = Autre
incident-raised-by-landlord = Le ou la propriétaire
incident-raised-by-tenant = Le ou la locataire
incident-raised-by-neighbour = Un voisin ou une voisine
incident-raised-by-support-worker = L’intervenant ou l’intervenante de soutien
incident-raised-by-housing-locator = Le localisateur ou la localisatrice de logements
incident-raised-by-other = Une autre personne
incident-outcome-resolved = Résolu
incident-outcome-continues-with-conditions = La location continue, sous conditions
incident-outcome-tenancy-ended = Location terminée
incident-outcome-unresolved = Non résolu
error-before-incident = Cette date est antérieure à l’incident.
error-incident-closed = Cet incident est clos : on ne peut plus rien y consigner.
landlord-relationship = La relation au fil des ans
landlord-relationship-none = Aucune offre ni location pour l’instant.
landlord-relationship-by-year = Année par année
landlord-year = Année
landlord-offers = Offres faites
landlord-tenancies-started = Locations commencées
landlord-tenancies-ended = Locations terminées
landlord-median-days-housed = Durée médiane en logement (jours, terminées)
landlord-incidents = Incidents
landlord-incidents-ending = Incidents ayant mis fin à la location
landlord-relets = Logements reloués
landlord-median-days-to-relet = Délai médian de relocation (jours)
landlord-how-tenancies-ended = Fin des locations :
tenancy-returned = Retour à l’itinérance
tenancy-returned-on = Orientée de nouveau le { $on }, moins de douze mois après l’emménagement
person-tenancies = Locations

## Espace des rapports
reports-title = Rapports
reports-intro = Rapports pour les pouvoirs publics et le carrefour. Tout compte de personnes ou d’organismes sous le seuil est masqué, ainsi qu’un second compte partout où un total le révélerait.
outcomes-title = Résultats en logement
outcomes-about = placements, délai avant le logement, maintien en logement, retours à l’itinérance et mouvements de la liste, par mois et par ménage.
reports-equity-title = Équité du jumelage
reports-equity-about = les offres, acceptations et emménagements de chaque groupe par rapport à sa part de la liste.
reports-compare-title = Comparaison des politiques
reports-compare-about = la même ronde selon deux politiques de priorisation.
reports-availability-title = Disponibilité mensuelle
reports-availability-about = logements offerts au réseau chaque mois, par taille et par quartier.
reports-issues-title = Enjeux systémiques
reports-issues-about = les obstacles signalés par les organismes, par trimestre.
reports-duplication-title = Chevauchement des services
reports-duplication-about = organismes offrant le même service aux mêmes personnes au même endroit.
reports-gaps-title = Lacunes
reports-gaps-about = besoins et quartiers qu’aucun service ne couvre.
outcomes-intro = De { $from } à { $to } : chaque ménage logé par la liste, compté à partir des dates de ses orientations et de ses locations.
outcomes-from = Du (mois)
outcomes-to = Au (mois)
outcomes-k = Masquer les comptes de personnes inférieurs à (au moins 3)
outcomes-suppression = Un compte de moins de { $k } personnes, mais d’au moins une, est affiché comme x, ainsi qu’un second compte partout où un total le révélerait.
outcomes-print = À l’impression, chaque rapport occupe sa propre page.
outcomes-empty = Rien à compter pour cette période : le graphique et le tableau sont vides.
outcomes-withheld = masqué
outcomes-total = Total
outcomes-household = Ménage
outcomes-everyone = Tous les ménages
outcomes-housed = Logés
outcomes-moved-in = Emménagés
outcomes-placements = Placements par mois
outcomes-placements-note = Ménages qui ont emménagé, selon le mois de l’emménagement et leur type de ménage à l’orientation.
outcomes-time-to-housing = Jours entre l’orientation et l’emménagement
outcomes-time-to-housing-note = Pour les emménagements de la période : jours entre l’orientation qui a mené au logement (la dernière avant l’emménagement) et l’emménagement. Médiane et 90e centile par rang le plus proche; les chiffres d’un groupe sont masqués avec son compte.
outcomes-median-days = Médiane (jours)
outcomes-p90-days = 90e centile (jours)
outcomes-retention = Maintien en logement à 6 et 12 mois
outcomes-retention-note = Ménages emménagés pendant la période : encore logés à l’échéance, ou partis dans un autre logement avant (maintenus); location terminée avant pour une autre raison (non maintenus); décès avant l’échéance (exclus du taux); échéance pas encore atteinte.
outcomes-at-6-months = À 6 mois
outcomes-at-12-months = À 12 mois
outcomes-retention-retained = Maintenus
outcomes-retention-not-retained = Non maintenus
outcomes-retention-excluded = Exclus (décès)
outcomes-retention-not-yet = Échéance pas encore atteinte
outcomes-retention-rate = Taux de maintien (%)
outcomes-returns = Retours à l’itinérance
outcomes-returns-note = Ménages emménagés pendant la période : orientés de nouveau moins de douze mois après l’emménagement (retour), douze mois passés sans retour, ou logés depuis moins de douze mois.
outcomes-returned = Retour
outcomes-not-returned = Sans retour
outcomes-not-yet = Moins de douze mois
outcomes-flows = Entrées et sorties de la liste
outcomes-flows-note = Personnes arrivées sur la liste (nouvelles, de retour après un logement, de retour après une inactivité) ou qui l’ont quittée (logées, inactives), par mois.
outcomes-flow = Mouvement
error-month = Entrez un mois sous la forme AAAA-MM.
error-month-in-future = Ce mois n’est pas encore arrivé.
error-range-order = La fin précède le début.
error-range-too-long = Un rapport couvre au plus dix ans.
projection-title = Quand la liste atteindra-t-elle le zéro fonctionnel?
projection-about = une projection de la liste mois par mois à partir des douze derniers mois, avec sa marge, et les logements qui avanceraient la date d’un an.
projection-intro = Zéro fonctionnel de l’itinérance chronique : au plus le seuil de personnes en situation d’itinérance chronique, maintenu pendant trois mois. La projection reprend mois par mois les arrivées, les logements et les départs des douze derniers mois, de nombreuses fois avec leurs variations.
projection-threshold = Zéro fonctionnel : au plus ce nombre de personnes en itinérance chronique
projection-summary = Zéro fonctionnel, au rythme actuel : { $median } (une chance sur dix d’ici { $early }, neuf sur dix d’ici { $late }).
projection-not-within-ten-years = pas d’ici dix ans
projection-a-year-sooner = { $units ->
    [one] { $units } logement de plus par mois ({ $sizes }) l’avancerait à { $median }.
   *[other] { $units } logements de plus par mois ({ $sizes }) l’avanceraient à { $median }.
}
projection-no-sooner = Aucun nombre de logements supplémentaires par mois, jusqu’à 1 000, ne l’avance d’un an.
projection-assumptions = Hypothèses de la projection
projection-model = Chaque mois : départs vers l’inactivité, puis logements (les personnes en itinérance chronique d’abord, comme la politique de priorisation les classe; chaque logement supplémentaire loge une personne de plus ce mois-là), puis une personne sur six parmi les autres devient chronique, puis les nouvelles personnes arrivent (logées à partir du mois suivant). Itinérance chronique : jours d’itinérance à l’orientation plus jours sur la liste, au moins 180.
projection-waiting-today = Personnes en attente aujourd’hui
projection-chronic-today = Dont en itinérance chronique
projection-inflow = Arrivées par mois (nouvelles ou de retour)
projection-housed = Personnes logées par mois
projection-inactive = Personnes en attente devenues inactives par mois
projection-chronic-at-arrival = Nouvelles personnes en itinérance chronique à l’orientation
projection-becoming-chronic = Personnes en attente devenant chroniques par mois
projection-runs = Simulations
projection-threshold-line = Zéro fonctionnel ({ $n })
projection-chart = Itinérance chronique projetée : médiane et marge de huit simulations sur dix
projection-by-year = Une fois par année : médiane (10e–90e centile)
projection-month = Mois
projection-waiting = Personnes en attente
projection-chronic = Itinérance chronique
projection-bachelor = studio
projection-bedrooms = { $n ->
    [one] 1 chambre
   *[other] { $n } chambres
}
error-threshold = Entrez un nombre entier de 0 à 1 000.

## CSV headings: the English ones are those programs read today.
csv-month = mois
csv-neighbourhood = quartier
csv-bedrooms = chambres
csv-units = logements
csv-agency-a = organisme_a
csv-agency-b = organisme_b
csv-services-overlap = chevauchement_services
csv-referrals-overlap = chevauchement_orientations
csv-shared-services = services_communs
csv-issue = enjeu
csv-label = libellé
csv-total = total
csv-seq = numéro
csv-at = moment
csv-actor = acteur
csv-action = action
csv-entity = objet
csv-entity-id = id_objet
csv-detail = détail
quarter = T{ $n } { $year }
