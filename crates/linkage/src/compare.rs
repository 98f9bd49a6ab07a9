//! Comparing two prepared records field by field, each into a graded level.
//!
//! Level 0 always means "missing on one side" (it weighs nothing); level 1 is the
//! strongest agreement, and the last level is disagreement.

use crate::normalize::{BirthDate, Prepared, nicknames_of};
use serde::Serialize;

/// The fields compared, in a fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    GivenName,
    FamilyName,
    BirthDate,
    Sex,
    /// Street, postal code and city together: they agree or disagree together, and
    /// counting them apart would count one household three times.
    Address,
    Phone,
    Email,
    Identifier,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::GivenName,
        Field::FamilyName,
        Field::BirthDate,
        Field::Sex,
        Field::Address,
        Field::Phone,
        Field::Email,
        Field::Identifier,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::BirthDate => "birth_date",
            Field::Sex => "sex",
            Field::Address => "address",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Identifier => "identifier",
        }
    }

    /// The names of the field's levels, from 0 (missing) to disagreement.
    pub fn levels(self) -> &'static [&'static str] {
        match self {
            Field::GivenName => &[
                "missing",
                "exact",
                "close",
                "similar",
                "initial",
                "different",
            ],
            Field::FamilyName => &[
                "missing",
                "exact",
                "shares_a_name",
                "close",
                "similar",
                "different",
            ],
            Field::BirthDate => &[
                "missing",
                "exact",
                "day_month_swapped",
                "one_part_differs",
                "two_parts_differ",
                "partial_agrees",
                "different",
            ],
            Field::Address => &[
                "missing",
                "same_street",
                "same_postal_code",
                "same_area",
                "different",
            ],
            Field::Phone | Field::Email => &["missing", "exact", "close", "different"],
            Field::Sex | Field::Identifier => &["missing", "exact", "different"],
        }
    }
}

/// The number of fields.
pub const FIELDS: usize = Field::ALL.len();

/// A pair's comparison: one level per field (and whether the names matched crossed over).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Comparison {
    pub levels: [u8; FIELDS],
    pub swapped_names: bool,
}

/// Jaro–Winkler similarity of two strings, 0 to 1.
pub fn jaro_winkler(a: &str, b: &str) -> f64 {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let window = (a.len().max(b.len()) / 2).saturating_sub(1);
    let mut a_match = [false; 64];
    let mut b_match = [false; 64];
    let (a, b) = (&a[..a.len().min(64)], &b[..b.len().min(64)]);
    let mut matches = 0;
    for i in 0..a.len() {
        let lo = i.saturating_sub(window);
        let hi = (i + window + 1).min(b.len());
        for j in lo..hi {
            if !b_match[j] && a[i] == b[j] {
                a_match[i] = true;
                b_match[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0;
    let mut k = 0;
    for i in 0..a.len() {
        if a_match[i] {
            while !b_match[k] {
                k += 1;
            }
            if a[i] != b[k] {
                transpositions += 1;
            }
            k += 1;
        }
    }
    let m = matches as f64;
    let jaro =
        (m / a.len() as f64 + m / b.len() as f64 + (m - transpositions as f64 / 2.0) / m) / 3.0;
    let prefix = a.iter().zip(b).take(4).take_while(|(x, y)| x == y).count();
    jaro + prefix as f64 * 0.1 * (1.0 - jaro)
}

/// Levenshtein distance, capped: returns `cap + 1` as soon as it is exceeded.
pub fn edit_distance(a: &str, b: &str, cap: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > cap {
        return cap + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            row_min = row_min.min(cur[j]);
        }
        if row_min > cap {
            return cap + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A name as compared: its tokens, joined key and sound.
struct Name<'a> {
    tokens: &'a [String],
    key: &'a str,
    sound: [u8; 4],
}

/// Edit distance counting a swap of two neighbouring letters as one edit.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

fn given_level(a: &Name, b: &Name) -> u8 {
    let (Some(x), Some(y)) = (a.tokens.first(), b.tokens.first()) else {
        return 0;
    };
    if a.key == b.key || x == y {
        return 1;
    }
    // A mistyped short form ("Mikke", "Jmi") is close to the short forms of the other name.
    let jw = nicknames_of(y)
        .map(|n| jaro_winkler(x, n))
        .chain(nicknames_of(x).map(|n| jaro_winkler(n, y)))
        .fold(jaro_winkler(x, y), f64::max);
    if jw >= 0.92 {
        return 2;
    }
    // Short names: one slip (a letter dropped, added, changed or two swapped); longer ones
    // starting alike: two (each referral with its own slip).
    let slip = |p: &str, q: &str| {
        let shortest = p.len().min(q.len());
        shortest >= 2 && {
            let d = osa_distance(p, q);
            d <= 1 || (d == 2 && shortest >= 4 && p.as_bytes()[0] == q.as_bytes()[0])
        }
    };
    let slipped =
        slip(x, y) || nicknames_of(y).any(|n| slip(x, n)) || nicknames_of(x).any(|n| slip(n, y));
    if a.sound == b.sound || jw >= 0.85 || slipped {
        return 3;
    }
    let initial = |x: &str, y: &str| x.len() == 1 && y.starts_with(x);
    if initial(x, y) || initial(y, x) {
        return 4;
    }
    5
}

fn family_level(a: &Name, b: &Name) -> u8 {
    if a.tokens.is_empty() || b.tokens.is_empty() {
        return 0;
    }
    if a.key == b.key {
        return 1;
    }
    if a.tokens.iter().any(|t| t.len() > 1 && b.tokens.contains(t)) {
        return 2;
    }
    // Whole names, or one part of a compound name against the other name.
    let best = a
        .tokens
        .iter()
        .flat_map(|x| b.tokens.iter().map(move |y| jaro_winkler(x, y)))
        .fold(jaro_winkler(a.key, b.key), f64::max);
    let shortest = a.key.len().min(b.key.len());
    let distance = if shortest >= 4 {
        osa_distance(a.key, b.key)
    } else {
        usize::MAX
    };
    if best >= 0.92 || distance <= 1 {
        return 3;
    }
    let two_slips = distance == 2 && a.key.as_bytes()[0] == b.key.as_bytes()[0];
    if a.sound == b.sound || best >= 0.85 || two_slips {
        return 4;
    }
    5
}

fn birth_level(a: Option<BirthDate>, b: Option<BirthDate>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    if a == b {
        return 1;
    }
    // Two neighbouring digits typed the other way round (1967-07-23 as 19670273) are one
    // slip of the hand, even where they make a day or month impossible.
    if neighbouring_digits_swapped(a, b) {
        return 3;
    }
    // What cannot be a day or month is unknown from here on (a day 33 says nothing about
    // the day), unless both records wrote the same impossible date, above.
    let (a, b) = (a.readable(), b.readable());
    if !a.is_complete() || !b.is_complete() {
        // Partial dates agree as far as they go, or not at all.
        let agree = a.year == b.year
            && (a.month == 0 || b.month == 0 || a.month == b.month)
            && (a.day == 0 || b.day == 0 || a.day == b.day);
        return if agree { 5 } else { 6 };
    }
    if a.year == b.year && a.month == b.day && a.day == b.month {
        return 2;
    }
    // Slips: off by one, or (in the year) one digit mistyped. A day or month that differs by
    // more is another date, not a slip. Day and month written the other way round count as
    // one slip too.
    let off_by_one = |x: u16, y: u16| x.abs_diff(y) == 1;
    let year_slip = |x: u16, y: u16| {
        off_by_one(x, y) || {
            let (x, y) = (format!("{x:04}"), format!("{y:04}"));
            x.bytes().zip(y.bytes()).filter(|(p, q)| p != q).count() == 1
        }
    };
    let slips = |month: u8, day: u8, swapped: bool| -> Option<usize> {
        let mut n = usize::from(swapped);
        if a.year != b.year {
            if !year_slip(a.year, b.year) {
                return None;
            }
            n += 1;
        }
        for (x, y) in [(a.month, month), (a.day, day)] {
            if x != y {
                if !off_by_one(x as u16, y as u16) {
                    return None;
                }
                n += 1;
            }
        }
        Some(n)
    };
    let best = [slips(b.month, b.day, false), slips(b.day, b.month, true)]
        .into_iter()
        .flatten()
        .min();
    match best {
        Some(1) => return 3,
        Some(2) => return 4,
        _ => {}
    }
    // Two complete dates that differ more than slips explain, and not by a swap: different
    // people, whatever the year says.
    6
}

/// Whether two complete dates, written `YYYYMMDD`, differ only by two neighbouring digits
/// swapped. Read digit by digit without writing the dates out: this runs for every compared
/// pair whose dates differ.
fn neighbouring_digits_swapped(a: BirthDate, b: BirthDate) -> bool {
    if !a.is_complete() || !b.is_complete() {
        return false;
    }
    // Every date the reader accepts fits the eight digits; one that does not (built by hand)
    // is not a slip of them.
    let digits = |d: BirthDate| -> Option<[u8; 8]> {
        if d.year > 9999 || d.month > 99 || d.day > 99 {
            return None;
        }
        let mut n = d.year as u32 * 10_000 + d.month as u32 * 100 + d.day as u32;
        let mut out = [0u8; 8];
        for digit in out.iter_mut().rev() {
            *digit = (n % 10) as u8;
            n /= 10;
        }
        Some(out)
    };
    let (Some(x), Some(y)) = (digits(a), digits(b)) else {
        return false;
    };
    let mut differ = (0..8).filter(|&i| x[i] != y[i]);
    match (differ.next(), differ.next(), differ.next()) {
        (Some(i), Some(j), None) => j == i + 1 && x[i] == y[j] && x[j] == y[i],
        _ => false,
    }
}

fn exact_or(a: &str, b: &str, close: impl Fn(&str, &str) -> bool) -> u8 {
    if a.is_empty() || b.is_empty() {
        0
    } else if a == b {
        1
    } else if close(a, b) {
        2
    } else {
        3
    }
}

fn address_level(a: &Prepared, b: &Prepared) -> u8 {
    let both = |x: &str, y: &str| !x.is_empty() && !y.is_empty();
    let streets = both(&a.street, &b.street);
    if streets
        && a.street_number == b.street_number
        && (a.street == b.street || jaro_winkler(&a.street, &b.street) >= 0.85)
    {
        return 1;
    }
    let postals = both(&a.postal, &b.postal);
    if postals && a.postal == b.postal {
        return 2;
    }
    let cities = both(&a.city, &b.city);
    let same_fsa =
        postals && a.postal.len() >= 3 && b.postal.len() >= 3 && a.postal[..3] == b.postal[..3];
    if same_fsa || (cities && a.city == b.city && !postals) {
        return 3;
    }
    if streets || postals || cities { 4 } else { 0 }
}

fn two_way(a: &str, b: &str) -> u8 {
    if a.is_empty() || b.is_empty() {
        0
    } else if a == b {
        1
    } else {
        2
    }
}

/// Compares two records on every field. Given and family names are also tried crossed
/// over (a referral that swapped them), and the better reading is kept.
pub fn compare(a: &Prepared, b: &Prepared) -> Comparison {
    fn given(p: &Prepared) -> Name<'_> {
        Name {
            tokens: &p.given,
            key: &p.given_key,
            sound: p.given_sound,
        }
    }
    fn family(p: &Prepared) -> Name<'_> {
        Name {
            tokens: &p.family,
            key: &p.family_key,
            sound: p.family_sound,
        }
    }
    let straight = (
        given_level(&given(a), &given(b)),
        family_level(&family(a), &family(b)),
    );
    // Lower levels are stronger; a crossed reading must be clearly better to be used.
    let score = |(g, f): (u8, u8)| -> u8 {
        let g = if g == 0 { 3 } else { g };
        let f = if f == 0 { 3 } else { f };
        g + f
    };
    let mut swapped_names = false;
    let (mut given_l, mut family_l) = straight;
    if straight.0 > 2 && straight.1 > 2 {
        // b's family name read as a given name, and b's given name as a family name.
        let b_family_as_given = b.family_as_given.join("");
        let crossed = (
            given_level(
                &given(a),
                &Name {
                    tokens: &b.family_as_given,
                    key: &b_family_as_given,
                    sound: b.family_sound,
                },
            ),
            // a's family name and b's given name are both given names here: compared as
            // such (nicknames, slips), then graded on the family scale.
            match given_level(
                &Name {
                    tokens: &a.family_as_given,
                    key: &a.family_as_given.join(""),
                    sound: a.family_sound,
                },
                &Name {
                    tokens: &b.given,
                    key: &b.given_key,
                    sound: b.given_sound,
                },
            ) {
                0 => 0,
                1 => 1,
                2 => 3,
                3 | 4 => 4,
                _ => 5,
            },
        );
        if score(crossed) + 2 <= score(straight) {
            swapped_names = true;
            (given_l, family_l) = crossed;
        }
    }
    // An alias of one record that is the other's name (or alias): the names agree.
    if (given_l != 1 || family_l != 1)
        && (a.name_keys.len() > 1 || b.name_keys.len() > 1)
        && a.name_keys.iter().any(|k| b.name_keys.contains(k))
    {
        (given_l, family_l) = (1, 1);
    }
    let (given, family) = (given_l, family_l);
    let address = address_level(a, b);
    let phone = exact_or(&a.phone, &b.phone, |x, y| {
        (x.len() >= 7 && y.len() >= 7 && x[x.len() - 7..] == y[y.len() - 7..])
            || edit_distance(x, y, 1) <= 1
    });
    let email = exact_or(&a.email, &b.email, |x, y| {
        x.split('@').next() == y.split('@').next() || edit_distance(x, y, 1) <= 1
    });
    let sex = match (a.sex, b.sex) {
        (Some(x), Some(y)) if x == y => 1,
        (Some(_), Some(_)) => 2,
        _ => 0,
    };
    Comparison {
        levels: [
            given,
            family,
            birth_level(a.birth, b.birth),
            sex,
            address,
            phone,
            email,
            two_way(&a.identifier, &b.identifier),
        ],
        swapped_names,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{PersonRecord, prepare};

    fn person(given: &str, family: &str, birth: &str) -> Prepared {
        prepare(&PersonRecord {
            given_name: given.into(),
            family_name: family.into(),
            birth_date: BirthDate::parse(birth),
            ..Default::default()
        })
    }

    #[test]
    fn similarity_measures_match_their_textbook_values() {
        assert!((jaro_winkler("martha", "marhta") - 0.9611).abs() < 1e-3);
        assert!((jaro_winkler("dwayne", "duane") - 0.84).abs() < 1e-3);
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("kitten", "sitting", 1), 2);
    }

    #[test]
    fn levels_grade_names_and_dates() {
        let a = person("Robert", "Tremblay", "1984-07-09");
        let levels = |b: &Prepared| compare(&a, b).levels;
        assert_eq!(
            levels(&person("Bob", "TREMBLAY", "1984-07-09"))[..3],
            [1, 1, 1]
        );
        assert_eq!(
            levels(&person("Robret", "Tremblay-Roy", "1984-09-07"))[..3],
            [2, 2, 2]
        );
        assert_eq!(
            levels(&person("Robert", "Tremblai", "1985-07-09"))[..3],
            [1, 3, 3]
        );
        assert_eq!(levels(&person("R", "Gagnon", "1984"))[..3], [4, 5, 5]);
        assert_eq!(levels(&person("Robert", "Tremblay", "1984-11-23"))[2], 6);
        // Neighbouring digits typed the other way round, even into an impossible day.
        let grace = person("Grace", "Chitti", "19670723");
        assert_eq!(
            compare(&grace, &person("Grace", "Chitti", "19670273")).levels[2],
            3
        );
        assert_eq!(
            compare(&grace, &person("Grace", "Chitti", "19670372")).levels[2],
            6
        );
        assert_eq!(levels(&person("Robert", "Tremblay", "1985-07-08"))[2], 4);
        // Impossible dates compare by what can still be read: the year and month of a day
        // 33 or the year of a month 13 agree as partial dates do, a year 3984 is a slip, and
        // the same impossible date twice is the same date.
        assert_eq!(levels(&person("Robert", "Tremblay", "1984-07-33"))[2], 5);
        assert_eq!(levels(&person("Robert", "Tremblay", "1984-13-09"))[2], 5);
        assert_eq!(levels(&person("Robert", "Tremblay", "3984-07-09"))[2], 3);
        assert_eq!(levels(&person("Robert", "Tremblay", "1983-07-33"))[2], 6);
        let slip = person("Robert", "Tremblay", "1984-13-45");
        assert_eq!(
            compare(&slip, &person("Bob", "Tremblay", "1984-13-45")).levels[2],
            1
        );
        assert_eq!(osa_distance("bne", "ben"), 1);
        assert_eq!(levels(&person("", "Tremblay", ""))[..3], [0, 1, 0]);
        let mut alias = prepare(&PersonRecord {
            given_name: "Sky".into(),
            family_name: "Walker".into(),
            other_names: "Bob Tremblay; R. T.".into(),
            birth_date: BirthDate::parse("1984-07-09"),
            ..Default::default()
        });
        assert_eq!(compare(&a, &alias).levels[..2], [1, 1], "an alias matches");
        alias.name_keys.truncate(1);
        assert_eq!(compare(&a, &alias).levels[..2], [5, 5]);
        let swapped = compare(&a, &person("Tremblay", "Robert", "1984-07-09"));
        assert!(swapped.swapped_names);
        assert_eq!(swapped.levels[..2], [1, 1]);
    }
}
