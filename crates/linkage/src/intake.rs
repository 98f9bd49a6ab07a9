//! A second, independent model of referral files with known truth, written apart from
//! [`crate::generate`] so that the engine is not measured only on the data it was tuned
//! on. What differs:
//!
//! - **People.** Names drawn by a Zipf law from their own lists (frequent names are far
//!   more frequent), hyphenated French double family names, and the relatives that make
//!   wrong merges: twins (same family, birth date and home, another given name), a parent
//!   and child with the same given name (« junior »), siblings.
//! - **Errors.** Each duplicate passes through a chain of independent slips whose rates
//!   differ by field: keyboard slips (a neighbouring key on a QWERTY or AZERTY keyboard),
//!   OCR confusions on scanned forms (rn/m, cl/d, 0/o, 1/l, 5/s), sound-alike spellings
//!   (ph/f, eau/o, c/k), a preferred or other name in place of the given name, dropped or
//!   joined spaces, and missing values.
//! - **Birth dates** written several ways (`1984-07-09`, `19840709`, `1984/7/9`), with
//!   digit slips, day and month swapped, a year off by ten, and impossible dates from a
//!   slip (day 31 of a 30-day month, month 13).
//!
//! [`crate::generate::synthetic`] draws households too, but no twins or juniors, and its
//! errors are one typo model with nicknames; neither file shares code with the other.

use passerelle_rng::Rng;

/// Given names with their sex, most frequent first (frequency falls as 1/rank).
const GIVEN: &[(&str, char)] = &[
    ("Marie", 'F'),
    ("Jean", 'M'),
    ("Sarah", 'F'),
    ("Michael", 'M'),
    ("Nathalie", 'F'),
    ("Luc", 'M'),
    ("Emily", 'F'),
    ("Daniel", 'M'),
    ("Isabelle", 'F'),
    ("Pierre", 'M'),
    ("Jessica", 'F'),
    ("Kevin", 'M'),
    ("Chantal", 'F'),
    ("Mathieu", 'M'),
    ("Amanda", 'F'),
    ("Ryan", 'M'),
    ("Josée", 'F'),
    ("Gabriel", 'M'),
    ("Ashley", 'F'),
    ("Yves", 'M'),
    ("Mélanie", 'F'),
    ("Tyler", 'M'),
    ("Sophie", 'F'),
    ("Olivier", 'M'),
    ("Brittany", 'F'),
    ("Hugo", 'M'),
    ("Karine", 'F'),
    ("Dylan", 'M'),
    ("Geneviève", 'F'),
    ("Samuel", 'M'),
    ("Megan", 'F'),
    ("Félix", 'M'),
    ("Nadia", 'F'),
    ("Justin", 'M'),
    ("Annie", 'F'),
    ("Raymond", 'M'),
    ("Aïcha", 'F'),
    ("Mohamed", 'M'),
    ("Fatima", 'F'),
    ("Ahmed", 'M'),
    ("Amina", 'F'),
    ("Omar", 'M'),
    ("Priya", 'F'),
    ("Arjun", 'M'),
    ("Mei", 'F'),
    ("Wei", 'M'),
    ("Kateri", 'F'),
    ("Tanner", 'M'),
    ("Nicole", 'F'),
    ("Réjean", 'M'),
    ("Ginette", 'F'),
    ("Sylvain", 'M'),
    ("Brenda", 'F'),
    ("Wayne", 'M'),
    ("Lise", 'F'),
    ("Gaétan", 'M'),
    ("Tamara", 'F'),
    ("Dwayne", 'M'),
    ("Huguette", 'F'),
    ("Normand", 'M'),
];

/// Preferred or other given names a person goes by (the second replaces the first).
const GOES_BY: &[(&str, &str)] = &[
    ("Michael", "Mike"),
    ("Daniel", "Danny"),
    ("Mathieu", "Matt"),
    ("Nathalie", "Nat"),
    ("Isabelle", "Isa"),
    ("Jessica", "Jess"),
    ("Samuel", "Sam"),
    ("Gabriel", "Gab"),
    ("Raymond", "Ray"),
    ("Mohamed", "Mohammed"),
    ("Jean", "Johnny"),
    ("Geneviève", "Gen"),
];

/// Family names, most frequent first (frequency falls as 1/rank).
const FAMILY: &[&str] = &[
    "Lavoie",
    "Smith",
    "Bouchard",
    "Brown",
    "Séguin",
    "Wilson",
    "Lalonde",
    "MacDonald",
    "Charbonneau",
    "Thompson",
    "Desjardins",
    "Campbell",
    "Laflamme",
    "Anderson",
    "St-Pierre",
    "O'Connor",
    "Beauchamp",
    "Clarke",
    "Ouellette",
    "Stewart",
    "Paquette",
    "Young",
    "Villeneuve",
    "McKenzie",
    "Dubé",
    "Nguyen",
    "Chartrand",
    "Hassan",
    "Proulx",
    "Singh",
    "Legault",
    "Ali",
    "Larocque",
    "Wong",
    "Sauvé",
    "Commanda",
    "Bélanger",
    "Whiteduck",
    "Brisebois",
    "Patel",
    "Lacroix",
    "Kowalski",
    "Racine",
    "Osman",
    "Cloutier",
    "Mercier",
    "Forget",
    "Joanisse",
    "Pilon",
    "Labelle",
    "Kim",
    "Aubin",
    "Dagenais",
    "Warsame",
    "Laurin",
    "Vachon",
    "Demers",
    "Moreau",
    "Fortier",
    "Quesnel",
];

const STREETS: &[&str] = &[
    "rue Dalhousie",
    "Rideau Street",
    "rue Montcalm",
    "Bank Street",
    "chemin de Montréal",
    "Somerset Street West",
    "rue Principale",
    "Merivale Road",
    "boulevard Saint-Joseph",
    "Albert Street",
    "rue Jeanne-Mance",
    "Booth Street",
];

/// Places and the first three characters of their postal codes.
const PLACES: &[(&str, &str)] = &[
    ("Ottawa", "K1N"),
    ("Ottawa", "K2P"),
    ("Ottawa", "K1S"),
    ("Gatineau", "J8X"),
    ("Gatineau", "J8Y"),
    ("Vanier", "K1L"),
    ("Orléans", "K4A"),
    ("Barrhaven", "K2J"),
    ("Rockland", "K4K"),
    ("Cornwall", "K6H"),
];

/// How many people and how they are referred.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IntakeSpec {
    pub people: usize,
    /// Share of people referred more than once (one to four more referrals, fewer more often).
    pub duplicated: f64,
    pub seed: u64,
}

/// A people file as an intake desk would export it, and each record's true person.
pub struct IntakeFile {
    /// CSV: `id,given_name,family_name,birth_date,sex,street,city,postal_code`.
    pub csv: Vec<u8>,
    /// Each record's id, in the file's order.
    pub ids: Vec<String>,
    /// Each record's person, in the file's order.
    pub truth: Vec<usize>,
}

struct Person {
    given: String,
    sex: char,
    family: String,
    birth: (u16, u8, u8),
    street: String,
    city: &'static str,
    postal: String,
}

/// An index drawn by a Zipf law over `n` ranks.
fn zipf(rng: &mut Rng, n: usize) -> usize {
    let total: f64 = (1..=n).map(|r| 1.0 / r as f64).sum();
    let mut x = rng.unit() * total;
    for r in 1..=n {
        x -= 1.0 / r as f64;
        if x <= 0.0 {
            return r - 1;
        }
    }
    n - 1
}

fn days_in(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn random_birth(rng: &mut Rng, from: u16, years: usize) -> (u16, u8, u8) {
    let year = from + rng.below(years) as u16;
    let month = 1 + rng.below(12) as u8;
    (
        year,
        month,
        1 + rng.below(days_in(year, month) as usize) as u8,
    )
}

fn family_name(rng: &mut Rng) -> String {
    let first = FAMILY[zipf(rng, FAMILY.len())];
    if rng.chance(0.06) {
        format!("{first}-{}", FAMILY[zipf(rng, FAMILY.len())])
    } else {
        first.to_owned()
    }
}

fn given_name(rng: &mut Rng) -> (&'static str, char) {
    GIVEN[zipf(rng, GIVEN.len())]
}

/// The people: households of one to five, some with twins, a junior or siblings.
fn population(rng: &mut Rng, people: usize) -> Vec<Person> {
    let mut out: Vec<Person> = Vec::with_capacity(people);
    while out.len() < people {
        let family = family_name(rng);
        let (city, fsa) = PLACES[rng.below(PLACES.len())];
        let street = format!(
            "{} {}",
            1 + rng.below(900),
            STREETS[rng.below(STREETS.len())]
        );
        let postal = format!(
            "{fsa} {}{}{}",
            rng.below(10),
            (b'A' + rng.below(26) as u8) as char,
            rng.below(10)
        );
        let member = |given: &str, sex: char, birth: (u16, u8, u8)| Person {
            given: given.to_owned(),
            sex,
            family: family.clone(),
            birth,
            street: street.clone(),
            city,
            postal: postal.clone(),
        };
        let (given, sex) = given_name(rng);
        let head = random_birth(rng, 1945, 50);
        out.push(member(given, sex, head));
        match rng.below(10) {
            // Twins: same birth date and home, another given name.
            0 => {
                let (mut twin, mut twin_sex) = given_name(rng);
                while twin == given {
                    (twin, twin_sex) = given_name(rng);
                }
                out.push(member(twin, twin_sex, head));
            }
            // A child with the parent's given name.
            1 => {
                let child = random_birth(rng, head.0 + 20, 15);
                out.push(member(given, sex, child));
            }
            // Siblings or a partner.
            2..=4 => {
                for _ in 0..1 + rng.below(3) {
                    let (other, other_sex) = given_name(rng);
                    let birth = random_birth(rng, head.0.saturating_sub(5), 25);
                    out.push(member(other, other_sex, birth));
                }
            }
            _ => {}
        }
    }
    out.truncate(people);
    out
}

/// Keys next to each other on QWERTY and AZERTY keyboards.
fn neighbour(c: char, rng: &mut Rng) -> char {
    const ROWS: [&str; 6] = [
        "qwertyuiop",
        "asdfghjkl",
        "zxcvbnm",
        "azertyuiop",
        "qsdfghjklm",
        "wxcvbn",
    ];
    let lower = c.to_ascii_lowercase();
    let mut near = Vec::new();
    for row in ROWS {
        let keys: Vec<char> = row.chars().collect();
        if let Some(i) = keys.iter().position(|&k| k == lower) {
            if i > 0 {
                near.push(keys[i - 1]);
            }
            if i + 1 < keys.len() {
                near.push(keys[i + 1]);
            }
        }
    }
    if near.is_empty() {
        return c;
    }
    let k = near[rng.below(near.len())];
    if c.is_uppercase() {
        k.to_ascii_uppercase()
    } else {
        k
    }
}

/// One keyboard slip: a neighbouring key struck instead, or as well, or a letter missed.
fn keyboard_slip(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 2 {
        return s.to_owned();
    }
    let i = rng.below(chars.len());
    let mut out = chars.clone();
    match rng.below(3) {
        0 => out[i] = neighbour(chars[i], rng),
        1 => out.insert(i, neighbour(chars[i], rng)),
        _ => {
            out.remove(i);
        }
    }
    out.into_iter().collect()
}

/// One misreading of a scanned form.
fn ocr_slip(s: &str, rng: &mut Rng) -> String {
    const CONFUSED: [(&str, &str); 10] = [
        ("m", "rn"),
        ("rn", "m"),
        ("d", "cl"),
        ("cl", "d"),
        ("o", "0"),
        ("l", "1"),
        ("s", "5"),
        ("e", "c"),
        ("h", "b"),
        ("u", "v"),
    ];
    substitute(s, &CONFUSED, rng)
}

/// One of the `(from, to)` substitutions that `s` allows, or a keyboard slip if none does.
fn substitute(s: &str, table: &[(&str, &str)], rng: &mut Rng) -> String {
    let options: Vec<&(&str, &str)> = table.iter().filter(|(a, _)| s.contains(a)).collect();
    if options.is_empty() {
        return keyboard_slip(s, rng);
    }
    let (from, to) = options[rng.below(options.len())];
    s.replacen(from, to, 1)
}

/// One sound-alike spelling.
fn sound_slip(s: &str, rng: &mut Rng) -> String {
    const ALIKE: [(&str, &str); 9] = [
        ("ph", "f"),
        ("eau", "o"),
        ("ault", "o"),
        ("c", "k"),
        ("ie", "y"),
        ("ck", "k"),
        ("tt", "t"),
        ("ll", "l"),
        ("é", "e"),
    ];
    substitute(&s.to_lowercase(), &ALIKE, rng)
}

fn slip(s: &str, rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=4 => keyboard_slip(s, rng),
        5..=7 => ocr_slip(s, rng),
        _ => sound_slip(s, rng),
    }
}

/// A birth date as written on one form: one of several ways, perhaps with a slip.
fn written_birth(birth: (u16, u8, u8), rng: &mut Rng) -> String {
    let (mut y, mut m, mut d) = birth;
    match rng.below(25) {
        0 | 1 if d <= 12 => std::mem::swap(&mut d, &mut m),
        2 => y += 10,
        3 => y -= 1,
        // A digit struck wrong in the day, which may make the date impossible (day 31 of
        // a 30-day month, day 39).
        4 => d = (d / 10) * 10 + (d % 10 + 1) % 10,
        5 => d = d.saturating_add(1),
        // A stray 1 typed before the month: month 11 and up, 13 and up impossible.
        6 => m += 10,
        _ => {}
    }
    if d == 0 {
        d = 1;
    }
    match rng.below(4) {
        0 | 1 => format!("{y:04}-{m:02}-{d:02}"),
        2 => format!("{y:04}{m:02}{d:02}"),
        _ => format!("{y}/{m}/{d}"),
    }
}

/// Another referral of `p`, as one more intake desk typed or scanned it.
fn referral(p: &Person, rng: &mut Rng) -> [String; 7] {
    let mut given = p.given.clone();
    if rng.chance(0.1)
        && let Some((_, goes_by)) = GOES_BY.iter().find(|(name, _)| *name == given)
    {
        given = (*goes_by).to_owned();
    }
    let mut family = p.family.clone();
    for name in [&mut given, &mut family] {
        if rng.chance(0.15) {
            *name = slip(name, rng);
        }
        if rng.chance(0.04) {
            *name = slip(name, rng);
        }
        if rng.chance(0.1) {
            *name = name.to_uppercase();
        }
    }
    if family.contains('-') && rng.chance(0.3) {
        // A double name cut to its first part, or written with a space.
        family = if rng.chance(0.5) {
            family.split('-').next().unwrap_or_default().to_owned()
        } else {
            family.replace('-', " ")
        };
    }
    let mut birth = written_birth(p.birth, rng);
    let mut street = p.street.clone();
    let mut postal = p.postal.clone();
    let mut city = p.city.to_owned();
    if rng.chance(0.12) {
        street = slip(&street, rng);
    }
    if rng.chance(0.3) {
        postal = postal.replace(' ', "").to_lowercase();
    }
    if rng.chance(0.05) {
        postal = slip(&postal, rng);
    }
    // Missing values, each field on its own.
    for (field, rate) in [
        (&mut birth, 0.06),
        (&mut street, 0.15),
        (&mut postal, 0.25),
        (&mut city, 0.05),
        (&mut given, 0.02),
    ] {
        if rng.chance(rate) {
            field.clear();
        }
    }
    let sex = if rng.chance(0.15) {
        String::new()
    } else {
        p.sex.to_string()
    };
    [given, family, birth, sex, street, city, postal]
}

/// Generates the file: each person's first referral as recorded, then the others,
/// shuffled together.
pub fn intake(spec: &IntakeSpec) -> IntakeFile {
    let mut rng = Rng::new(spec.seed ^ 0x1a7a_4e00);
    let people = population(&mut rng, spec.people);
    let mut rows: Vec<([String; 7], usize)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        rows.push((
            [
                p.given.clone(),
                p.family.clone(),
                format!("{:04}-{:02}-{:02}", p.birth.0, p.birth.1, p.birth.2),
                p.sex.to_string(),
                p.street.clone(),
                p.city.to_owned(),
                p.postal.clone(),
            ],
            i,
        ));
        if rng.chance(spec.duplicated) {
            let mut more = 1;
            while more < 4 && rng.chance(0.4) {
                more += 1;
            }
            for _ in 0..more {
                rows.push((referral(p, &mut rng), i));
            }
        }
    }
    for i in (1..rows.len()).rev() {
        let j = rng.below(i + 1);
        rows.swap(i, j);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "id",
        "given_name",
        "family_name",
        "birth_date",
        "sex",
        "street",
        "city",
        "postal_code",
    ]);
    let (mut ids, mut truth) = (
        Vec::with_capacity(rows.len()),
        Vec::with_capacity(rows.len()),
    );
    for (n, (fields, person)) in rows.into_iter().enumerate() {
        let id = format!("F{:06}", n + 1);
        let _ = w.write_record(std::iter::once(&id).chain(&fields));
        ids.push(id);
        truth.push(person);
    }
    IntakeFile {
        csv: w.into_inner().unwrap_or_default(),
        ids,
        truth,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::read_people;

    #[test]
    fn the_file_reads_back_with_twins_juniors_and_dirty_dates() {
        let file = intake(&IntakeSpec {
            people: 3_000,
            duplicated: 0.4,
            seed: 5,
        });
        let people = read_people(&file.csv).unwrap();
        assert_eq!(people.records.len(), file.truth.len());
        assert!(people.records.iter().map(|r| &r.id).eq(&file.ids));
        assert!(people.records.len() > 3_000 + 1_000);
        assert!(
            people.impossible_birth_dates > 0,
            "slips make impossible dates"
        );
        // Twins: two people with one family name, birth date and street.
        let originals: Vec<_> = people
            .records
            .iter()
            .zip(&file.truth)
            .filter(|(r, _)| r.birth_date.is_some() && !r.street.is_empty())
            .collect();
        let twins = originals.iter().any(|(a, pa)| {
            originals.iter().any(|(b, pb)| {
                pa != pb
                    && a.family_name == b.family_name
                    && a.birth_date == b.birth_date
                    && a.street == b.street
            })
        });
        assert!(twins);
        // Written several ways.
        let text = String::from_utf8(file.csv).unwrap();
        assert!(text.lines().any(|l| l.contains('/')));
        assert!(text.lines().any(|l| {
            l.split(',')
                .nth(3)
                .is_some_and(|d| d.len() == 8 && !d.contains('-'))
        }));
    }
}
