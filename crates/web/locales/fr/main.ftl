# Passerelle — français
skip-to-content = Aller au contenu
nav-label = Principal
nav-home = Accueil
nav-directory = Répertoire
logout = Se déconnecter
footer = Passerelle — un réseau, une porte d'entrée vers le logement.
back-home = Retour à l'accueil

role-administrator = Administrateur
role-housing-locator = Localisateur de logements
role-partner-worker = Intervenant d'un organisme partenaire
role-network-convener = Responsable du réseau
role-analyst = Analyste

login-title = Connexion
login-email = Courriel
login-password = Mot de passe
login-submit = Se connecter

home-title = Bienvenue dans Passerelle
home-intro = Le répertoire du réseau de partenaires : qui offre quoi, à qui et où.
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
search-agency-type = Type d'organisme
search-any = Tous
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
org-edit = Modifier l'organisme
org-name = Nom
org-alternate-name = Nom dans l'autre langue officielle
org-agency-type = Type d'organisme
org-description = Description
org-email = Courriel
org-website = Site Web
org-discretion = Passerelle consigne ce que fait un organisme et pour qui, jamais son effectif, son budget ni son financement.
choose-none = Aucun

services-title = Services
services-none = Aucun service consigné pour l'instant.
service-new = Nouveau service
service-edit = Modifier le service
service-name = Nom
service-alternate-name = Nom dans l'autre langue officielle
service-description = Description
service-status = Statut
service-types = Types de service
service-populations = Populations servies
service-areas = Secteurs desservis
service-ages = Âges
service-locations = Offert à
service-eligibility = Admissibilité
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
error-coordinates-pair = Indiquez la latitude et la longitude, ou ni l'une ni l'autre.
error-age = Entrez un âge en années entières, de 0 à 120.
error-age-range = L'âge maximal ne peut pas être inférieur à l'âge minimal.
error-status = Choisissez un statut dans la liste.
error-phone = Entrez un numéro de téléphone d'au moins 7 chiffres.
error-unknown-reference = Un élément choisi ici n'existe plus; rechargez la page et réessayez.
error-foreign-location = Un service ne peut être offert qu'aux lieux de son propre organisme.
error-duplicate-name = Un organisme porte déjà ce nom.
error-duplicate-email = Un utilisateur a déjà ce courriel.
error-agency-required = Un intervenant d'organisme partenaire doit appartenir à un organisme.
error-agency-not-allowed = Seuls les intervenants d'organismes partenaires appartiennent à un organisme.
error-unauthorized = Veuillez vous connecter.
error-forbidden = Vous n'êtes pas autorisé à faire cela.
error-not-found = Cette page n'existe pas.
error-csrf = Ce formulaire a expiré. Revenez en arrière, rechargez la page et réessayez.
error-invalid = Certains champs ne sont pas valides.
error-internal = Une erreur inattendue s'est produite. Elle a été consignée.
error-login = Le courriel ou le mot de passe est incorrect.
error-bad-json = Le corps de la requête n'est pas du JSON valide.
error-content-type = Envoyez le corps de la requête en application/json.
error-json-shape = Le JSON n'a pas les champs et les types attendus.
