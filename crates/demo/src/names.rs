//! The raw material of the demo community: neighbourhoods, kinds of agencies, services and
//! fictional people's names.

pub(crate) struct AreaSeed {
    pub name: &'static str,
    pub name_fr: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// Forward sortation area of its postal codes.
    pub fsa: &'static str,
    /// East-end neighbourhoods, where francophone agencies are more common.
    pub east: bool,
}

const fn area(
    name: &'static str,
    name_fr: &'static str,
    latitude: f64,
    longitude: f64,
    fsa: &'static str,
    east: bool,
) -> AreaSeed {
    AreaSeed {
        name,
        name_fr,
        latitude,
        longitude,
        fsa,
        east,
    }
}

pub(crate) const AREAS: &[AreaSeed] = &[
    area(
        "ByWard Market",
        "Marché By",
        45.4292,
        -75.6920,
        "K1N",
        false,
    ),
    area("Lowertown", "Basse-Ville", 45.4335, -75.6935, "K1N", true),
    area(
        "Centretown",
        "Centre-ville",
        45.4148,
        -75.6960,
        "K2P",
        false,
    ),
    area(
        "Sandy Hill",
        "Côte-de-Sable",
        45.4230,
        -75.6820,
        "K1N",
        false,
    ),
    area("Vanier", "Vanier", 45.4380, -75.6620, "K1L", true),
    area("Overbrook", "Overbrook", 45.4320, -75.6500, "K1K", true),
    area("Hintonburg", "Hintonburg", 45.4030, -75.7280, "K1Y", false),
    area(
        "Mechanicsville",
        "Mechanicsville",
        45.4085,
        -75.7320,
        "K1Y",
        false,
    ),
    area("Westboro", "Westboro", 45.3930, -75.7530, "K1Z", false),
    area("The Glebe", "Le Glebe", 45.4010, -75.6870, "K1S", false),
    area("Alta Vista", "Alta Vista", 45.3830, -75.6600, "K1G", false),
    area("Heron Gate", "Heron Gate", 45.3760, -75.6470, "K1V", false),
    area("Carlington", "Carlington", 45.3780, -75.7390, "K1Z", false),
    area("Bayshore", "Bayshore", 45.3480, -75.8080, "K2B", false),
    area("Kanata", "Kanata", 45.3090, -75.9140, "K2K", false),
    area("Barrhaven", "Barrhaven", 45.2730, -75.7370, "K2J", false),
    area("Orléans", "Orléans", 45.4700, -75.5150, "K1C", true),
    area("Gloucester", "Gloucester", 45.3500, -75.6200, "K1J", true),
    area("Beacon Hill", "Beacon Hill", 45.4520, -75.6000, "K1J", true),
    area("South Keys", "South Keys", 45.3550, -75.6560, "K1T", false),
];

pub(crate) struct ServiceSeed {
    pub service_type: &'static str,
    pub name: &'static str,
    pub name_fr: &'static str,
    pub description: &'static str,
    pub description_fr: &'static str,
}

const fn service(
    service_type: &'static str,
    name: &'static str,
    name_fr: &'static str,
    description: &'static str,
    description_fr: &'static str,
) -> ServiceSeed {
    ServiceSeed {
        service_type,
        name,
        name_fr,
        description,
        description_fr,
    }
}

pub(crate) struct KindSeed {
    /// The agency-type term code.
    pub code: &'static str,
    /// Agencies of this kind at scale 1.
    pub count: usize,
    /// Name patterns (English, French); `{area}` is the home neighbourhood.
    pub stems: &'static [(&'static str, &'static str)],
    /// What the agency does, in English and French; `{area}` is the home neighbourhood.
    pub description: &'static str,
    pub description_fr: &'static str,
    pub services: &'static [ServiceSeed],
    /// Population term codes its services are for.
    pub populations: &'static [&'static str],
}

pub(crate) const KINDS: &[KindSeed] = &[
    KindSeed {
        code: "shelter",
        count: 10,
        stems: &[
            ("{area} Emergency Shelter", "Refuge d’urgence {area}"),
            ("Harbour House {area}", "Maison Le Havre {area}"),
        ],
        description: "Emergency shelter beds and meals in {area}, open all year.",
        description_fr: "Lits d’hébergement d’urgence et repas à {area}, ouvert toute l’année.",
        services: &[
            service(
                "emergency-shelter",
                "Emergency beds",
                "Lits d’urgence",
                "overnight beds with intake every evening",
                "des lits pour la nuit, avec accueil chaque soir",
            ),
            service(
                "meals",
                "Evening meal",
                "Repas du soir",
                "a hot meal for residents and guests",
                "un repas chaud pour les résidentes, les résidents et les personnes de passage",
            ),
            service(
                "case-management",
                "Shelter case management",
                "Gestion de cas en refuge",
                "planning the way out of shelter",
                "planifier la sortie du refuge",
            ),
            service(
                "housing-search",
                "Housing help desk",
                "Comptoir d’aide au logement",
                "help to look for housing",
                "de l’aide pour chercher un logement",
            ),
        ],
        populations: &["men", "women", "families", "adults"],
    },
    KindSeed {
        code: "drop-in",
        count: 14,
        stems: &[
            ("{area} Drop-In Centre", "Halte-accueil {area}"),
            ("Open Door {area}", "Porte ouverte {area}"),
        ],
        description: "A drop-in centre in {area}: a warm place, meals and someone to talk to.",
        description_fr: "Une halte-accueil à {area} : un lieu chaleureux, des repas et quelqu’un à qui parler.",
        services: &[
            service(
                "day-program",
                "Day program",
                "Programme de jour",
                "a daytime space with activities",
                "un lieu de jour avec des activités",
            ),
            service(
                "meals",
                "Community lunch",
                "Dîner communautaire",
                "lunch on weekdays",
                "le dîner en semaine",
            ),
            service(
                "showers-laundry",
                "Showers and laundry",
                "Douches et buanderie",
                "showers and laundry by appointment",
                "douches et buanderie sur rendez-vous",
            ),
            service(
                "clothing",
                "Clothing bank",
                "Banque de vêtements",
                "seasonal clothing",
                "des vêtements de saison",
            ),
            service(
                "outreach",
                "Street outreach",
                "Intervention de rue",
                "outreach workers on foot",
                "des intervenantes et intervenants de proximité à pied",
            ),
            service(
                "id-clinic",
                "ID clinic",
                "Clinique de pièces d’identité",
                "help to replace identification",
                "de l’aide pour remplacer des pièces d’identité",
            ),
        ],
        populations: &["adults", "women", "seniors", "2slgbtqi"],
    },
    KindSeed {
        code: "community-health",
        count: 8,
        stems: &[(
            "{area} Community Health Centre",
            "Centre de santé communautaire {area}",
        )],
        description: "Primary care and community programs for {area} and the surrounding neighbourhoods.",
        description_fr: "Soins primaires et programmes communautaires pour {area} et les quartiers voisins.",
        services: &[
            service(
                "primary-care",
                "Primary care clinic",
                "Clinique de soins primaires",
                "nurses and physicians, walk-in mornings",
                "infirmières, infirmiers et médecins, sans rendez-vous le matin",
            ),
            service(
                "harm-reduction",
                "Harm reduction program",
                "Programme de réduction des méfaits",
                "supplies, naloxone and support",
                "du matériel, de la naloxone et du soutien",
            ),
            service(
                "mental-health-care",
                "Counselling",
                "Counseling",
                "short-term counselling",
                "du counseling à court terme",
            ),
            service(
                "income-support",
                "Benefits clinic",
                "Clinique de prestations",
                "help with income support applications",
                "de l’aide pour les demandes de soutien du revenu",
            ),
        ],
        populations: &["adults", "families", "seniors", "newcomers"],
    },
    KindSeed {
        code: "mental-health",
        count: 10,
        stems: &[
            (
                "{area} Mental Health Team",
                "Équipe de santé mentale {area}",
            ),
            ("Pathways {area}", "Parcours {area}"),
        ],
        description: "Mental health and addictions support, with intensive case management, in {area}.",
        description_fr: "Soutien en santé mentale et en dépendances, avec gestion de cas intensive, à {area}.",
        services: &[
            service(
                "mental-health-care",
                "Intensive case management",
                "Gestion de cas intensive",
                "for people with serious mental illness",
                "pour les personnes ayant une maladie mentale grave",
            ),
            service(
                "addictions",
                "Withdrawal management",
                "Gestion du sevrage",
                "day and residential programs",
                "des programmes de jour et en résidence",
            ),
            service(
                "supportive-housing",
                "Supportive housing program",
                "Programme de logement avec soutien",
                "housing with on-site support",
                "un logement avec soutien sur place",
            ),
            service(
                "outreach",
                "Mobile crisis outreach",
                "Intervention mobile de crise",
                "a team that meets people where they are",
                "une équipe qui va à la rencontre des personnes là où elles sont",
            ),
        ],
        populations: &["adults", "youth", "veterans", "disabilities"],
    },
    KindSeed {
        code: "indigenous-led",
        count: 7,
        stems: &[
            (
                "{area} Indigenous Friendship Centre",
                "Centre d’amitié autochtone {area}",
            ),
            ("Wabano Circle {area}", "Cercle Wabano {area}"),
        ],
        description: "An Indigenous-led organization serving First Nations, Inuit and Métis people in {area}.",
        description_fr: "Un organisme dirigé par des Autochtones au service des Premières Nations, des Inuits et des Métis à {area}.",
        services: &[
            service(
                "indigenous-cultural",
                "Cultural programs",
                "Programmes culturels",
                "ceremony, language and land-based programs",
                "cérémonies, langue et programmes axés sur le territoire",
            ),
            service(
                "housing-search",
                "Indigenous housing support",
                "Soutien au logement autochtone",
                "help to find and keep housing",
                "de l’aide pour trouver et garder un logement",
            ),
            service(
                "case-management",
                "Family wellness",
                "Mieux-être familial",
                "support for families",
                "du soutien aux familles",
            ),
            service(
                "meals",
                "Community kitchen",
                "Cuisine communautaire",
                "shared meals",
                "des repas partagés",
            ),
        ],
        populations: &["indigenous", "families", "youth"],
    },
    KindSeed {
        code: "youth",
        count: 8,
        stems: &[
            ("{area} Youth Services", "Services jeunesse {area}"),
            ("Next Step Youth {area}", "Prochain pas jeunesse {area}"),
        ],
        description: "Services for youth aged 16 to 24 in {area}: shelter, drop-in and employment.",
        description_fr: "Services aux jeunes de 16 à 24 ans à {area} : hébergement, halte-accueil et emploi.",
        services: &[
            service(
                "emergency-shelter",
                "Youth shelter",
                "Refuge jeunesse",
                "beds for youth 16 to 24",
                "des lits pour les jeunes de 16 à 24 ans",
            ),
            service(
                "day-program",
                "Youth drop-in",
                "Halte-accueil jeunesse",
                "a daytime space for youth",
                "un lieu de jour pour les jeunes",
            ),
            service(
                "employment",
                "Job skills",
                "Compétences d’emploi",
                "training and placements",
                "formation et stages",
            ),
            service(
                "transitional-housing",
                "Transitional housing for youth",
                "Logement de transition jeunesse",
                "up to two years with support",
                "jusqu’à deux ans avec du soutien",
            ),
        ],
        populations: &["youth", "2slgbtqi", "indigenous"],
    },
    KindSeed {
        code: "family",
        count: 7,
        stems: &[
            ("{area} Family Services", "Services à la famille {area}"),
            ("Families First {area}", "Familles d’abord {area}"),
        ],
        description: "Support for families with children in {area}, including family shelter and housing help.",
        description_fr: "Soutien aux familles avec enfants à {area}, dont un refuge familial et de l’aide au logement.",
        services: &[
            service(
                "emergency-shelter",
                "Family shelter",
                "Refuge pour familles",
                "rooms for families with children",
                "des chambres pour les familles avec enfants",
            ),
            service(
                "housing-search",
                "Family housing help",
                "Aide au logement pour familles",
                "help for families to find housing",
                "de l’aide aux familles pour trouver un logement",
            ),
            service(
                "rent-assistance",
                "Rent bank",
                "Banque de loyer",
                "loans to prevent eviction",
                "des prêts pour prévenir l’expulsion",
            ),
            service(
                "case-management",
                "Family case management",
                "Gestion de cas familiale",
                "a worker for each family",
                "une intervenante ou un intervenant pour chaque famille",
            ),
        ],
        populations: &["families", "women", "newcomers"],
    },
    KindSeed {
        code: "legal",
        count: 4,
        stems: &[(
            "{area} Community Legal Clinic",
            "Clinique juridique communautaire {area}",
        )],
        description: "Free legal help in {area} for tenants and people with low income.",
        description_fr: "Aide juridique gratuite à {area} pour les locataires et les personnes à faible revenu.",
        services: &[
            service(
                "legal-aid",
                "Tenant rights advice",
                "Conseils sur les droits des locataires",
                "advice and representation",
                "conseils et représentation",
            ),
            service(
                "id-clinic",
                "ID and documents",
                "Pièces d’identité et documents",
                "help to obtain documents",
                "de l’aide pour obtenir des documents",
            ),
            service(
                "income-support",
                "Social assistance appeals",
                "Appels en aide sociale",
                "help with appeals",
                "de l’aide pour les appels",
            ),
        ],
        populations: &["adults", "families", "newcomers", "disabilities"],
    },
    KindSeed {
        code: "hospital",
        count: 3,
        stems: &[("{area} Hospital", "Hôpital {area}")],
        description: "A hospital whose social work team refers patients without housing on discharge.",
        description_fr: "Un hôpital dont l’équipe de travail social oriente les patientes et patients sans logement à leur congé.",
        services: &[
            service(
                "primary-care",
                "Emergency department social work",
                "Travail social à l’urgence",
                "social workers in the emergency department",
                "des travailleuses et travailleurs sociaux à l’urgence",
            ),
            service(
                "mental-health-care",
                "Inpatient psychiatry discharge planning",
                "Planification du congé en psychiatrie",
                "planning a safe discharge",
                "planifier un congé sécuritaire",
            ),
        ],
        populations: &["adults", "seniors"],
    },
    KindSeed {
        code: "housing-provider",
        count: 4,
        stems: &[
            (
                "{area} Non-Profit Housing",
                "Logement sans but lucratif {area}",
            ),
            (
                "Housing First Hub {area}",
                "Carrefour Logement d’abord {area}",
            ),
        ],
        description: "Non-profit housing and Housing First support based in {area}.",
        description_fr: "Logement sans but lucratif et soutien Logement d’abord, établi à {area}.",
        services: &[
            service(
                "supportive-housing",
                "Housing First program",
                "Programme Logement d’abord",
                "housing with intensive support",
                "un logement avec soutien intensif",
            ),
            service(
                "housing-search",
                "Housing locator",
                "Localisateur de logements",
                "landlord recruitment and unit matching",
                "recrutement de propriétaires et jumelage aux logements",
            ),
            service(
                "rent-assistance",
                "Rent supplements",
                "Suppléments au loyer",
                "portable rent supplements",
                "des suppléments au loyer transférables",
            ),
        ],
        populations: &["adults", "families", "seniors"],
    },
    KindSeed {
        code: "settlement",
        count: 3,
        stems: &[(
            "{area} Newcomer Centre",
            "Centre des nouveaux arrivants {area}",
        )],
        description: "Settlement services for newcomers and refugees in {area}.",
        description_fr: "Services d’établissement pour les personnes nouvellement arrivées et réfugiées à {area}.",
        services: &[
            service(
                "newcomer-support",
                "Settlement support",
                "Soutien à l’établissement",
                "orientation and referrals",
                "accueil et orientations",
            ),
            service(
                "housing-search",
                "Newcomer housing help",
                "Aide au logement pour nouveaux arrivants",
                "finding a first home",
                "trouver un premier chez-soi",
            ),
            service(
                "employment",
                "Employment services",
                "Services d’emploi",
                "job search and credentials",
                "recherche d’emploi et reconnaissance des diplômes",
            ),
        ],
        populations: &["newcomers", "families"],
    },
    KindSeed {
        code: "food",
        count: 2,
        stems: &[("{area} Food Bank", "Banque alimentaire {area}")],
        description: "A food bank and community meals in {area}.",
        description_fr: "Une banque alimentaire et des repas communautaires à {area}.",
        services: &[
            service(
                "meals",
                "Food hampers",
                "Paniers de nourriture",
                "monthly hampers",
                "des paniers mensuels",
            ),
            service(
                "meals",
                "Community breakfast",
                "Déjeuner communautaire",
                "breakfast every morning",
                "le déjeuner tous les matins",
            ),
        ],
        populations: &["adults", "families", "seniors"],
    },
];

pub(crate) const STREETS: &[&str] = &[
    "Rideau Street",
    "Bank Street",
    "Somerset Street West",
    "Montréal Road",
    "Wellington Street West",
    "Murray Street",
    "Dalhousie Street",
    "King Edward Avenue",
    "Bronson Avenue",
    "Carling Avenue",
    "St. Laurent Boulevard",
    "Baseline Road",
    "Merivale Road",
    "Innes Road",
    "Hunt Club Road",
    "Cummings Avenue",
    "Beechwood Avenue",
    "Gladstone Avenue",
    "Elgin Street",
    "McArthur Avenue",
];

pub(crate) const GIVEN_NAMES: &[&str] = &[
    "Amélie",
    "Benoît",
    "Chantal",
    "Daniel",
    "Élodie",
    "François",
    "Geneviève",
    "Hassan",
    "Isabelle",
    "Jean-Marc",
    "Kateri",
    "Liam",
    "Mei",
    "Nathalie",
    "Olivier",
    "Pascale",
    "Rachel",
    "Sébastien",
    "Thomas",
    "Yasmin",
];

pub(crate) const FAMILY_NAMES: &[&str] = &[
    "Bélanger",
    "Campbell",
    "Charbonneau",
    "Côté",
    "Desjardins",
    "Gagnon",
    "Hassan",
    "Kowalski",
    "Lafleur",
    "MacDonald",
    "Nguyen",
    "O'Brien",
    "Ouellet",
    "Patel",
    "Roy",
    "Smith",
    "St-Pierre",
    "Tremblay",
    "Wabasse",
    "Zhang",
];

/// Contacts' titles as an agency writes them, in English and in French (inclusive forms:
/// the function rather than a gendered title).
pub(crate) const CONTACT_TITLES: &[(&str, &str)] = &[
    ("Executive Director", "Direction générale"),
    ("Program Manager", "Gestion de programme"),
    ("Intake Coordinator", "Coordination de l’accueil"),
    ("Housing Worker", "Intervention en logement"),
    (
        "Outreach Lead",
        "Responsable de l’intervention de proximité",
    ),
    ("Case Manager", "Gestion de cas"),
];
