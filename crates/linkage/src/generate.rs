//! Synthetic referrals with known truth, for tests and benchmarks: people with English and
//! French names, households sharing a family name and an address, and duplicate referrals
//! of the same person corrupted the way real ones are (typos, nicknames, a transposed or
//! mistyped birth date, missing fields, swapped names, a second family name, a new address).

use crate::normalize::{BirthDate, PersonRecord};
use passerelle_rng::Rng;

const GIVEN: &[(&str, char)] = &[
    ("Robert", 'm'),
    ("William", 'm'),
    ("Elizabeth", 'f'),
    ("Katherine", 'f'),
    ("James", 'm'),
    ("Michael", 'm'),
    ("David", 'm'),
    ("Steven", 'm'),
    ("Thomas", 'm'),
    ("Daniel", 'm'),
    ("Christopher", 'm'),
    ("Matthew", 'm'),
    ("Jennifer", 'f'),
    ("Susan", 'f'),
    ("Patrick", 'm'),
    ("Alexander", 'm'),
    ("Samuel", 'm'),
    ("Benjamin", 'm'),
    ("Joseph", 'm'),
    ("Nicholas", 'm'),
    ("Anthony", 'm'),
    ("Richard", 'm'),
    ("Margaret", 'f'),
    ("Jessica", 'f'),
    ("Rebecca", 'f'),
    ("Victoria", 'f'),
    ("Charles", 'm'),
    ("Frédéric", 'm'),
    ("Sébastien", 'm'),
    ("Philippe", 'm'),
    ("Véronique", 'f'),
    ("Isabelle", 'f'),
    ("Stéphanie", 'f'),
    ("Gabriel", 'm'),
    ("Maxime", 'm'),
    ("Emmanuel", 'm'),
    ("Florence", 'f'),
    ("Michèle", 'f'),
    ("Lucie", 'f'),
    ("Françoise", 'f'),
    ("Jean-François", 'm'),
    ("Jean-Pierre", 'm'),
    ("Marie-Claude", 'f'),
    ("Josée", 'f'),
    ("Mélanie", 'f'),
    ("Valérie", 'f'),
    ("Geneviève", 'f'),
    ("Nathalie", 'f'),
    ("Sylvie", 'f'),
    ("Martin", 'm'),
    ("Luc", 'm'),
    ("Marc", 'm'),
    ("André", 'm'),
    ("Pierre", 'm'),
    ("Louis", 'm'),
    ("Amélie", 'f'),
    ("Chloé", 'f'),
    ("Olivier", 'm'),
    ("Mathieu", 'm'),
    ("Julie", 'f'),
    ("Ahmed", 'm'),
    ("Fatima", 'f'),
    ("Mohamed", 'm'),
    ("Amina", 'f'),
    ("Nguyen", 'm'),
    ("Priya", 'f'),
    ("Wei", 'm'),
    ("Aaliyah", 'f'),
    ("Tyler", 'm'),
    ("Kayla", 'f'),
    ("Dakota", 'x'),
    ("Riley", 'x'),
    ("Jordan", 'x'),
    ("Morgan", 'f'),
    ("Cody", 'm'),
    ("Brandon", 'm'),
    ("Ashley", 'f'),
    ("Amanda", 'f'),
    ("Megan", 'f'),
    ("Nicole", 'f'),
    ("Émile", 'm'),
    ("Léa", 'f'),
    ("Zoé", 'f'),
    ("Noah", 'm'),
    ("Liam", 'm'),
    ("Olivia", 'f'),
    ("Emma", 'f'),
    ("Charlotte", 'f'),
    ("Alice", 'f'),
    ("Béatrice", 'f'),
    ("Rosalie", 'f'),
    ("Juliette", 'f'),
    ("Jacob", 'm'),
    ("William", 'm'),
    ("Thomas", 'm'),
    ("Félix", 'm'),
    ("Antoine", 'm'),
    ("Raphaël", 'm'),
    ("Xavier", 'm'),
    ("Vincent", 'm'),
    ("Guillaume", 'm'),
    ("Simon", 'm'),
    ("Alexis", 'm'),
    ("Hugo", 'm'),
    ("Nathan", 'm'),
    ("Éric", 'm'),
    ("Yves", 'm'),
    ("Denis", 'm'),
    ("Réjean", 'm'),
    ("Gilles", 'm'),
    ("Normand", 'm'),
    ("Claude", 'm'),
    ("Daniel", 'm'),
    ("Lise", 'f'),
    ("Diane", 'f'),
    ("Carole", 'f'),
    ("Francine", 'f'),
    ("Monique", 'f'),
    ("Suzanne", 'f'),
    ("Chantal", 'f'),
    ("Manon", 'f'),
    ("Annie", 'f'),
    ("Karine", 'f'),
    ("Émilie", 'f'),
    ("Audrey", 'f'),
    ("Caroline", 'f'),
    ("Sarah", 'f'),
    ("Laura", 'f'),
    ("Hannah", 'f'),
    ("Grace", 'f'),
    ("Sophia", 'f'),
    ("Ava", 'f'),
    ("Mia", 'f'),
    ("Ethan", 'm'),
    ("Lucas", 'm'),
    ("Logan", 'm'),
    ("Owen", 'm'),
    ("Ryan", 'm'),
    ("Kevin", 'm'),
    ("Jason", 'm'),
    ("Justin", 'm'),
    ("Eric", 'm'),
    ("Scott", 'm'),
    ("Mark", 'm'),
    ("Paul", 'm'),
    ("Peter", 'm'),
    ("George", 'm'),
    ("Henry", 'm'),
    ("Jack", 'm'),
    ("Harry", 'm'),
    ("Omar", 'm'),
    ("Yusuf", 'm'),
    ("Ali", 'm'),
    ("Hassan", 'm'),
    ("Zainab", 'f'),
    ("Aisha", 'f'),
    ("Maryam", 'f'),
    ("Layla", 'f'),
    ("Arjun", 'm'),
    ("Ravi", 'm'),
    ("Anjali", 'f'),
    ("Deepa", 'f'),
    ("Minh", 'm'),
    ("Linh", 'f'),
    ("Hui", 'f'),
    ("Jian", 'm'),
    ("Mei", 'f'),
    ("Chen", 'm'),
    ("Kwame", 'm'),
    ("Ama", 'f'),
    ("Chidi", 'm'),
    ("Ngozi", 'f'),
    ("Tariq", 'm'),
    ("Samira", 'f'),
    ("Dakota", 'x'),
    ("Skylar", 'x'),
    ("Rowan", 'x'),
    ("Quinn", 'x'),
];

const NICKNAMES: &[(&str, &str)] = &[
    ("Robert", "Bob"),
    ("William", "Bill"),
    ("Elizabeth", "Liz"),
    ("Katherine", "Kate"),
    ("James", "Jim"),
    ("Michael", "Mike"),
    ("David", "Dave"),
    ("Steven", "Steve"),
    ("Thomas", "Tom"),
    ("Daniel", "Dan"),
    ("Christopher", "Chris"),
    ("Matthew", "Matt"),
    ("Jennifer", "Jen"),
    ("Susan", "Sue"),
    ("Samuel", "Sam"),
    ("Benjamin", "Ben"),
    ("Joseph", "Joe"),
    ("Nicholas", "Nick"),
    ("Anthony", "Tony"),
    ("Richard", "Rick"),
    ("Margaret", "Maggie"),
    ("Jessica", "Jess"),
    ("Rebecca", "Becky"),
    ("Frédéric", "Fred"),
    ("Sébastien", "Seb"),
    ("Philippe", "Phil"),
    ("Véronique", "Véro"),
    ("Isabelle", "Isa"),
    ("Stéphanie", "Steph"),
    ("Maxime", "Max"),
    ("Emmanuel", "Manu"),
    ("Jean-François", "JF"),
    ("Jean-Pierre", "JP"),
    ("Mélanie", "Mel"),
    ("Valérie", "Val"),
    ("Charles", "Charlie"),
];

const FAMILY: &[&str] = &[
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
    "Caron",
    "Beaulieu",
    "Cloutier",
    "Dubé",
    "Poirier",
    "Fournier",
    "Lapointe",
    "Leclerc",
    "Lefebvre",
    "Poulin",
    "Thibault",
    "St-Pierre",
    "Nadeau",
    "Martin",
    "Landry",
    "Martel",
    "Bédard",
    "Grenier",
    "Lessard",
    "Bernier",
    "Richard",
    "Michaud",
    "Hébert",
    "Desjardins",
    "Couture",
    "Turcotte",
    "Lachance",
    "Parent",
    "Blais",
    "Gosselin",
    "Savard",
    "Proulx",
    "Beaudoin",
    "Demers",
    "Perreault",
    "Boudreau",
    "Lemieux",
    "Smith",
    "Brown",
    "Wilson",
    "MacDonald",
    "Taylor",
    "Campbell",
    "Anderson",
    "Jones",
    "Johnson",
    "Williams",
    "Thompson",
    "Martin",
    "Stewart",
    "White",
    "Robinson",
    "Murphy",
    "Clarke",
    "Young",
    "Walker",
    "Scott",
    "Mitchell",
    "Kelly",
    "McLean",
    "Fraser",
    "Reid",
    "Ross",
    "Hughes",
    "Graham",
    "Ahmed",
    "Ali",
    "Khan",
    "Nguyen",
    "Tran",
    "Singh",
    "Patel",
    "Wang",
    "Li",
    "Zhang",
    "Chen",
    "Liu",
    "Yang",
    "Huang",
    "Kim",
    "Lee",
    "Park",
    "Cardinal",
    "Whitehead",
    "Bear",
    "Moose",
    "Sinclair",
    "Flett",
    "Okafor",
    "Mensah",
    "Haile",
    "Abdi",
    "de la Fontaine",
    "Van der Berg",
    "O'Brien",
    "D'Amour",
    "Ste-Marie",
    "Beauchemin",
    "Charbonneau",
    "Desrosiers",
    "Lamontagne",
    "Rousseau",
    "Vachon",
    "Marchand",
    "Bissonnette",
    "Arsenault",
    "Aubin",
    "Audet",
    "Barrette",
    "Beauchamp",
    "Bélisle",
    "Benoit",
    "Bérubé",
    "Bilodeau",
    "Blanchette",
    "Boisvert",
    "Bolduc",
    "Bourgeois",
    "Brassard",
    "Brunet",
    "Carrier",
    "Chabot",
    "Champagne",
    "Charron",
    "Chartrand",
    "Chevalier",
    "Cormier",
    "Cousineau",
    "Cyr",
    "Daigle",
    "Deschênes",
    "Dion",
    "Dionne",
    "Doucet",
    "Dufour",
    "Dupuis",
    "Duval",
    "Fontaine",
    "Fréchette",
    "Gaudreault",
    "Gendron",
    "Giguère",
    "Gilbert",
    "Goulet",
    "Guay",
    "Guérin",
    "Houle",
    "Jacques",
    "Joly",
    "Labelle",
    "Lachapelle",
    "Lacroix",
    "Lafleur",
    "Lafrance",
    "Lalonde",
    "Lambert",
    "Langlois",
    "Laplante",
    "Larocque",
    "Laroche",
    "Latour",
    "Laurin",
    "Lavallée",
    "Leduc",
    "Legault",
    "Lemay",
    "Lepage",
    "Lévesque",
    "Lortie",
    "Mailloux",
    "Massé",
    "Mathieu",
    "Ménard",
    "Mercier",
    "Meunier",
    "Miron",
    "Moreau",
    "Normand",
    "Paradis",
    "Patenaude",
    "Payette",
    "Picard",
    "Plante",
    "Pouliot",
    "Provost",
    "Quesnel",
    "Raymond",
    "Renaud",
    "Rioux",
    "Rivard",
    "Robert",
    "Robichaud",
    "Rochon",
    "Sauvé",
    "Séguin",
    "Sénécal",
    "Tanguay",
    "Théberge",
    "Thériault",
    "Tessier",
    "Trudel",
    "Turgeon",
    "Vaillancourt",
    "Vallée",
    "Veilleux",
    "Villeneuve",
    "Allen",
    "Baker",
    "Bell",
    "Bennett",
    "Black",
    "Boyd",
    "Burns",
    "Carter",
    "Collins",
    "Cook",
    "Cooper",
    "Davidson",
    "Davis",
    "Dixon",
    "Duncan",
    "Edwards",
    "Evans",
    "Ferguson",
    "Fisher",
    "Ford",
    "Gibson",
    "Gordon",
    "Grant",
    "Gray",
    "Green",
    "Hall",
    "Hamilton",
    "Harris",
    "Hill",
    "Hunter",
    "Jackson",
    "Kennedy",
    "King",
    "Knight",
    "Lewis",
    "Lynch",
    "Marshall",
    "Matthews",
    "Miller",
    "Moore",
    "Morrison",
    "Murray",
    "Nelson",
    "Parker",
    "Paterson",
    "Phillips",
    "Reynolds",
    "Richardson",
    "Roberts",
    "Russell",
    "Shaw",
    "Simpson",
    "Stevens",
    "Sullivan",
    "Turner",
    "Wallace",
    "Ward",
    "Watson",
    "Webb",
    "Wood",
    "Wright",
    "Hussein",
    "Mohamud",
    "Osman",
    "Yusuf",
    "Ibrahim",
    "Hassan",
    "Sharma",
    "Gupta",
    "Kaur",
    "Gill",
    "Sandhu",
    "Huynh",
    "Pham",
    "Le",
    "Vo",
    "Wong",
    "Cheung",
    "Chan",
    "Ho",
    "Lam",
    "Choi",
    "Jung",
    "Santos",
    "Silva",
    "Rodriguez",
    "Garcia",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Hernandez",
    "Perez",
    "Rossi",
    "Russo",
    "Romano",
    "Costa",
    "Novak",
    "Kowalski",
    "Nowak",
    "Ivanov",
    "Popescu",
    "Papadopoulos",
    "Nakamura",
    "Tanaka",
    "Sato",
    "Suzuki",
    "Mukherjee",
    "Okonkwo",
    "Diallo",
    "Traoré",
    "Kamara",
    "Bangura",
    "Tesfaye",
    "Mekonnen",
    "Courchene",
    "Commanda",
    "Decontie",
    "Odjick",
    "Wabie",
    "Tenasco",
    "Jerome",
    "McGregor",
    "Morrisseau",
    "Naponse",
];

const STREETS: &[&str] = &[
    "Rideau Street",
    "Bank Street",
    "Somerset Street West",
    "Montreal Road",
    "Wellington Street",
    "Gladstone Avenue",
    "Elgin Street",
    "Murray Street",
    "Cumberland Street",
    "Dalhousie Street",
    "rue Dupuis",
    "chemin de Montréal",
    "avenue Beechwood",
    "rue Saint-Patrick",
    "Carling Avenue",
    "Baseline Road",
    "Merivale Road",
    "Heron Road",
    "Walkley Road",
    "St. Laurent Boulevard",
];

const CITIES: &[(&str, &str)] = &[
    ("Ottawa", "K1N"),
    ("Ottawa", "K1R"),
    ("Ottawa", "K1L"),
    ("Vanier", "K1L"),
    ("Ottawa", "K2P"),
    ("Ottawa", "K1Y"),
    ("Nepean", "K2G"),
    ("Gloucester", "K1J"),
    ("Orléans", "K1C"),
    ("Kanata", "K2K"),
];

/// How many people, and what fraction of them are referred more than once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SyntheticSpec {
    pub people: usize,
    /// Share of people with one to three more referrals.
    pub duplicated: f64,
    /// Include phone and email (off: names, birth date and address only).
    pub contact_details: bool,
    pub seed: u64,
}

/// A generated record and the person it truly is.
pub struct Synthetic {
    pub records: Vec<PersonRecord>,
    /// For each record, its person.
    pub truth: Vec<usize>,
}

fn typo(rng: &mut Rng, s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 {
        return s.to_owned();
    }
    let i = 1 + rng.below(chars.len() - 2);
    let mut out = chars.clone();
    match rng.below(4) {
        0 => {
            out.remove(i);
        }
        1 => out.swap(i, i + 1.min(chars.len() - 1 - i)),
        2 => out[i] = (b'a' + rng.below(26) as u8) as char,
        _ => out.insert(i, out[i]),
    }
    out.into_iter().collect()
}

fn strip_accents(s: &str) -> String {
    passerelle_domain::text::fold(s)
        .split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Generates the records, people in order but their records shuffled.
pub fn synthetic(spec: &SyntheticSpec) -> Synthetic {
    let mut rng = Rng::new(spec.seed);
    let mut people: Vec<PersonRecord> = Vec::with_capacity(spec.people);
    while people.len() < spec.people {
        // A household: one to four people sharing a family name and an address.
        let family = FAMILY[rng.below(FAMILY.len())];
        let (city, fsa) = CITIES[rng.below(CITIES.len())];
        let street = format!(
            "{} {}",
            1 + rng.below(2_500),
            STREETS[rng.below(STREETS.len())]
        );
        let postal = format!(
            "{fsa} {}{}{}",
            rng.below(10),
            (b'A' + rng.below(26) as u8) as char,
            rng.below(10)
        );
        let phone = format!("613-{:03}-{:04}", 200 + rng.below(800), rng.below(10_000));
        let size = [1, 1, 1, 1, 2, 2, 3, 4][rng.below(8)];
        for _ in 0..size.min(spec.people - people.len()) {
            let (given, sex) = GIVEN[rng.below(GIVEN.len())];
            let birth = BirthDate {
                year: 1940 + rng.below(68) as u16,
                month: 1 + rng.below(12) as u8,
                day: 1 + rng.below(28) as u8,
            };
            let slug: String = passerelle_domain::text::fold(given)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            people.push(PersonRecord {
                id: String::new(),
                given_name: given.to_owned(),
                family_name: family.to_owned(),
                other_names: String::new(),
                birth_date: Some(birth),
                sex: sex.to_string(),
                phone: if spec.contact_details {
                    phone.clone()
                } else {
                    String::new()
                },
                email: if spec.contact_details {
                    format!("{slug}.{}{}@example.org", rng.below(1000), people.len())
                } else {
                    String::new()
                },
                street: street.clone(),
                city: city.to_owned(),
                postal_code: postal.clone(),
                identifier: String::new(),
            });
        }
    }
    let mut records = Vec::new();
    let mut truth = Vec::new();
    for (person, base) in people.iter().enumerate() {
        records.push(base.clone());
        truth.push(person);
        if rng.chance(spec.duplicated) {
            for _ in 0..1 + rng.below(3) {
                records.push(corrupt(&mut rng, base));
                truth.push(person);
            }
        }
    }
    // Shuffle, then number.
    for i in (1..records.len()).rev() {
        let j = rng.below(i + 1);
        records.swap(i, j);
        truth.swap(i, j);
    }
    for (i, r) in records.iter_mut().enumerate() {
        r.id = format!("R{:07}", i + 1);
    }
    Synthetic { records, truth }
}

/// Another referral of the same person, as another agency might have typed it.
fn corrupt(rng: &mut Rng, base: &PersonRecord) -> PersonRecord {
    let mut r = base.clone();
    if rng.chance(0.25)
        && let Some((_, nick)) = NICKNAMES.iter().find(|(full, _)| *full == r.given_name)
    {
        r.given_name = (*nick).to_owned();
    }
    if rng.chance(0.2) {
        r.given_name = typo(rng, &r.given_name);
    }
    if rng.chance(0.2) {
        r.family_name = typo(rng, &r.family_name);
    }
    if rng.chance(0.25) {
        r.given_name = strip_accents(&r.given_name);
        r.family_name = strip_accents(&r.family_name);
    }
    if rng.chance(0.08) {
        r.family_name = format!("{}-{}", r.family_name, FAMILY[rng.below(FAMILY.len())]);
    }
    if rng.chance(0.05) {
        std::mem::swap(&mut r.given_name, &mut r.family_name);
    }
    if let Some(b) = r.birth_date.as_mut() {
        match rng.below(20) {
            0 | 1 if b.day <= 12 => std::mem::swap(&mut b.day, &mut b.month),
            2 => b.year = b.year - b.year % 10 + (b.year % 10 + 1 + rng.below(8) as u16) % 10,
            // A day off by one.
            3 => b.day = if b.day > 1 { b.day - 1 } else { 2 },
            _ => {}
        }
    }
    if rng.chance(0.05) {
        r.birth_date = None;
    }
    if rng.chance(0.15) {
        // Moved since: a new address.
        r.street = format!(
            "{} {}",
            1 + rng.below(2_500),
            STREETS[rng.below(STREETS.len())]
        );
        let (city, fsa) = CITIES[rng.below(CITIES.len())];
        r.city = city.to_owned();
        r.postal_code = format!(
            "{fsa} {}{}{}",
            rng.below(10),
            (b'A' + rng.below(26) as u8) as char,
            rng.below(10)
        );
    }
    if rng.chance(0.1) {
        r.street.clear();
    }
    if rng.chance(0.2) {
        r.postal_code.clear();
    }
    if rng.chance(0.1) {
        r.sex.clear();
    }
    if rng.chance(0.2) {
        r.phone.clear();
    }
    if rng.chance(0.3) {
        r.email.clear();
    }
    r
}
