//! Person records as referrals carry them, and their normalized form for comparison:
//! accents and case folded, particles and hyphens handled, nicknames in English and
//! French resolved, phonetic keys, digits of phones and postal codes.

use passerelle_domain::text::fold;
use serde::Serialize;

/// A referral's identifying fields, all optional but the id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    /// Aliases and other names, separated by `;`.
    pub other_names: String,
    pub birth_date: Option<BirthDate>,
    pub sex: String,
    pub phone: String,
    pub email: String,
    pub street: String,
    pub city: String,
    pub postal_code: String,
    /// An external identifier (a health card number, or part of one).
    pub identifier: String,
}

/// A birth date, possibly partial: an unknown part is 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct BirthDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl BirthDate {
    /// Reads `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM` or `YYYY`, with `-` or `/` and the month
    /// and day padded or not (`1984/7/9`); `00` for an unknown month or day.
    /// A date that cannot be (day 33, month 13, year 3980) is read all the same: real exports
    /// hold such slips, and what they still share with a person's other records is evidence
    /// ([`BirthDate::is_possible`] tells them apart). `None` only when it is not written as a
    /// date at all.
    pub fn parse(raw: &str) -> Option<BirthDate> {
        let raw = raw.trim();
        if !raw
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/')
        {
            return None;
        }
        let separated = raw.contains(['-', '/']);
        // The year comes first, in four digits: `07/09/84` is some other order, not read.
        if separated && raw.find(['-', '/']) != Some(4) {
            return None;
        }
        let (y, m, d) = if separated {
            // Parts as written, padded or not: `1984-07-09`, `1984/7/9`, `1984-07`.
            let parts: Vec<&str> = raw.split(['-', '/']).collect();
            match parts[..] {
                [y, m, d] if (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => (y, m, d),
                [y, m] if (1..=2).contains(&m.len()) => (y, m, "0"),
                _ => return None,
            }
        } else {
            match raw.len() {
                8 => (&raw[..4], &raw[4..6], &raw[6..]),
                4 => (raw, "0", "0"),
                _ => return None,
            }
        };
        Some(BirthDate {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        })
    }

    /// Whether this could be someone's birth date: a year from 1850 to 2100, a month of the
    /// year or unknown, a day of that month or unknown (and no day without a month).
    pub fn is_possible(self) -> bool {
        (1850..=2100).contains(&self.year) && self.month <= 12 && self.day_is_possible()
    }

    fn day_is_possible(self) -> bool {
        let leap = self.year.is_multiple_of(4)
            && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400));
        let days_in_month = match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        self.day <= days_in_month && (self.month > 0 || self.day == 0)
    }

    /// The parts that can be read as a date: an impossible day becomes unknown, and an
    /// impossible month takes the day with it. The year is kept as written, impossible or
    /// not: its digits still compare (3980 is one slip from 1980).
    pub fn readable(self) -> BirthDate {
        if self.month > 12 {
            BirthDate {
                month: 0,
                day: 0,
                ..self
            }
        } else if !self.day_is_possible() {
            BirthDate { day: 0, ..self }
        } else {
            self
        }
    }

    pub fn is_complete(self) -> bool {
        self.month > 0 && self.day > 0
    }
}

/// Family-name particles, dropped for comparison ("de la Fontaine" ~ "Lafontaine").
const PARTICLES: [&str; 12] = [
    "de", "du", "des", "la", "le", "van", "von", "der", "den", "di", "da", "st",
];

/// Nicknames and short forms, English and French, to one canonical given name.
const NICKNAMES: &[(&str, &str)] = &[
    ("bob", "robert"),
    ("rob", "robert"),
    ("bobby", "robert"),
    ("bill", "william"),
    ("will", "william"),
    ("billy", "william"),
    ("liz", "elizabeth"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("lisa", "elizabeth"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("cathy", "catherine"),
    ("cath", "catherine"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("mike", "michael"),
    ("mikey", "michael"),
    ("dave", "david"),
    ("steve", "steven"),
    ("stephen", "steven"),
    ("tom", "thomas"),
    ("tommy", "thomas"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("chris", "christopher"),
    ("matt", "matthew"),
    ("jen", "jennifer"),
    ("jenny", "jennifer"),
    ("sue", "susan"),
    ("suzy", "susan"),
    ("pat", "patrick"),
    ("alex", "alexander"),
    ("sam", "samuel"),
    ("ben", "benjamin"),
    ("joe", "joseph"),
    ("jos", "joseph"),
    ("joey", "joseph"),
    ("nick", "nicholas"),
    ("nico", "nicolas"),
    ("tony", "anthony"),
    ("rick", "richard"),
    ("dick", "richard"),
    ("rich", "richard"),
    ("ron", "ronald"),
    ("ken", "kenneth"),
    ("greg", "gregory"),
    ("jeff", "jeffrey"),
    ("andy", "andrew"),
    ("drew", "andrew"),
    ("nate", "nathan"),
    ("jon", "jonathan"),
    ("johnny", "john"),
    ("jack", "john"),
    ("maggie", "margaret"),
    ("peggy", "margaret"),
    ("meg", "margaret"),
    ("jessie", "jessica"),
    ("jess", "jessica"),
    ("becky", "rebecca"),
    ("vicky", "victoria"),
    ("tina", "christina"),
    ("chuck", "charles"),
    ("charlie", "charles"),
    ("fred", "frederic"),
    ("freddy", "frederic"),
    ("seb", "sebastien"),
    ("phil", "philippe"),
    ("philip", "philippe"),
    ("vero", "veronique"),
    ("isa", "isabelle"),
    ("steph", "stephanie"),
    ("gab", "gabriel"),
    ("gabe", "gabriel"),
    ("max", "maxime"),
    ("manu", "emmanuel"),
    ("flo", "florence"),
    ("mimi", "michele"),
    ("lulu", "lucie"),
    ("fanfan", "francoise"),
    ("jf", "jean francois"),
    ("jp", "jean pierre"),
    ("jc", "jean claude"),
    ("jo", "josee"),
    ("mel", "melanie"),
    ("val", "valerie"),
    ("sandy", "sandra"),
    ("sophie", "sophie"),
    ("gen", "genevieve"),
    ("gigi", "ginette"),
    ("louis", "louis"),
    ("lou", "louise"),
    ("mo", "maurice"),
    ("ray", "raymond"),
    ("gerry", "gerald"),
    ("jerry", "gerald"),
    ("larry", "lawrence"),
    ("terry", "terrence"),
    ("timmy", "timothy"),
    ("tim", "timothy"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("ted", "edward"),
    ("al", "albert"),
    ("abby", "abigail"),
    ("annie", "anne"),
    ("ann", "anne"),
    ("marie", "marie"),
    ("mary", "marie"),
    ("johanne", "joanne"),
    ("francois", "francois"),
    ("frank", "francis"),
    ("josh", "joshua"),
    ("zach", "zachary"),
    ("jake", "jacob"),
    ("em", "emily"),
    ("emmy", "emily"),
    ("gina", "regina"),
    ("trish", "patricia"),
    ("patty", "patricia"),
];

/// The short forms of a canonical given name ("robert" → "bob", "rob", "bobby").
pub fn nicknames_of(canonical: &str) -> impl Iterator<Item = &'static str> + '_ {
    NICKNAMES
        .iter()
        .filter(move |(_, c)| *c == canonical)
        .map(|(n, _)| *n)
}

/// The canonical form of one given-name token.
pub fn canonical_given(token: &str) -> &str {
    NICKNAMES
        .iter()
        .find(|(n, _)| *n == token)
        .map(|(_, c)| *c)
        .unwrap_or(token)
}

/// American Soundex of an ASCII-folded word: a letter and three digits.
pub fn soundex(word: &str) -> [u8; 4] {
    fn code(c: u8) -> u8 {
        match c {
            b'b' | b'f' | b'p' | b'v' => b'1',
            b'c' | b'g' | b'j' | b'k' | b'q' | b's' | b'x' | b'z' => b'2',
            b'd' | b't' => b'3',
            b'l' => b'4',
            b'm' | b'n' => b'5',
            b'r' => b'6',
            _ => b'0',
        }
    }
    let letters: Vec<u8> = word.bytes().filter(u8::is_ascii_lowercase).collect();
    let mut out = [b'0'; 4];
    let Some(&first) = letters.first() else {
        return out;
    };
    out[0] = first;
    let mut n = 1;
    let mut last = code(first);
    for &c in &letters[1..] {
        let k = code(c);
        if k != b'0' && k != last {
            out[n] = k;
            n += 1;
            if n == 4 {
                break;
            }
        }
        // `h` and `w` do not separate equal codes; vowels do.
        if c != b'h' && c != b'w' {
            last = k;
        }
    }
    out
}

/// A record prepared for comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prepared {
    /// Canonical given-name tokens ("jean francois" for "J.-F." is not guessed; "jf" is).
    pub given: Vec<String>,
    /// The given name as one string, folded and canonical.
    pub given_key: String,
    /// Family-name tokens without particles ("Tremblay-Roy" → ["tremblay", "roy"]).
    pub family: Vec<String>,
    pub family_key: String,
    /// The family name read as a given name (nicknames resolved), for swapped names.
    pub family_as_given: Vec<String>,
    /// The whole name as one key (canonical given names, then family name parts), followed
    /// by the same key for each other name or alias, so that "Bob Tremblay" recorded as an
    /// alias finds Robert Tremblay.
    pub name_keys: Vec<String>,
    pub given_sound: [u8; 4],
    pub family_sound: [u8; 4],
    pub birth: Option<BirthDate>,
    pub sex: Option<u8>,
    pub phone: String,
    pub email: String,
    /// The street number and the folded street name.
    pub street_number: String,
    pub street: String,
    pub city: String,
    pub postal: String,
    pub identifier: String,
}

fn family_tokens(raw: &str) -> Vec<String> {
    let folded = fold(raw);
    let mut tokens: Vec<String> = folded
        .split(' ')
        .filter(|t| !t.is_empty() && !PARTICLES.contains(t))
        .map(|t| {
            // MacDonald and McDonald are one name.
            match t.strip_prefix("mac") {
                Some(rest) if rest.len() > 2 => format!("mc{rest}"),
                _ => t.to_owned(),
            }
        })
        .collect();
    if tokens.is_empty() {
        tokens = folded
            .split(' ')
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
    }
    tokens
}

fn name_key(given: &[String], family: &[String]) -> String {
    if given.is_empty() || family.is_empty() {
        return String::new();
    }
    format!("{}|{}", given.join(""), family.join(""))
}

/// Prepares a record: everything comparisons need, computed once.
pub fn prepare(r: &PersonRecord) -> Prepared {
    let given: Vec<String> = fold(&r.given_name)
        .split(' ')
        .filter(|t| !t.is_empty())
        .flat_map(|t| {
            canonical_given(t)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    let family = family_tokens(&r.family_name);
    // "Marie-Claude" and "Marieclaude" are one name.
    let given_key = given.join("");
    let family_key = family.join("");
    let digits = |s: &str| -> String { s.chars().filter(char::is_ascii_digit).collect() };
    let phone = digits(&r.phone);
    let phone = phone[phone.len().saturating_sub(10)..].to_owned();
    let street = fold(&r.street);
    let (street_number, street_name) = match street.split_once(' ') {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => (n.to_owned(), rest.to_owned()),
        _ => (String::new(), street),
    };
    let postal: String = r
        .postal_code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    let main_key = name_key(&given, &family);
    let family_as_given = family
        .iter()
        .flat_map(|t| {
            canonical_given(t)
                .split(' ')
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    Prepared {
        family_as_given,
        given_sound: soundex(given.first().map_or("", String::as_str)),
        family_sound: soundex(&family_key),
        given,
        given_key,
        family,
        family_key,
        name_keys: std::iter::once(main_key)
            .chain(r.other_names.split(';').filter_map(|alias| {
                // "Given [Given…] Family": the last word is the family name.
                let words: Vec<String> = fold(alias)
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect();
                let (family, given) = words.split_last()?;
                let given: Vec<String> = given
                    .iter()
                    .flat_map(|t| {
                        canonical_given(t)
                            .split(' ')
                            .map(str::to_owned)
                            .collect::<Vec<_>>()
                    })
                    .collect();
                Some(name_key(&given, &family_tokens(family)))
            }))
            .filter(|k| !k.is_empty())
            .collect(),
        birth: r.birth_date,
        sex: r
            .sex
            .trim()
            .chars()
            .next()
            .map(|c| c.to_ascii_lowercase() as u8)
            .filter(|c| matches!(c, b'f' | b'm' | b'x' | b'h')),
        phone,
        email: r.email.trim().to_lowercase(),
        street_number,
        street: street_name,
        city: fold(&r.city),
        postal,
        identifier: r
            .identifier
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates_are_read_whole_or_partial() {
        let d = |y, m, d| {
            Some(BirthDate {
                year: y,
                month: m,
                day: d,
            })
        };
        assert_eq!(BirthDate::parse("1984-07-09"), d(1984, 7, 9));
        assert_eq!(BirthDate::parse("19840709"), d(1984, 7, 9));
        assert_eq!(BirthDate::parse("1984-07"), d(1984, 7, 0));
        assert_eq!(BirthDate::parse("1984"), d(1984, 0, 0));
        assert_eq!(BirthDate::parse("1984/7/9"), d(1984, 7, 9));
        assert_eq!(BirthDate::parse("1984-7-09"), d(1984, 7, 9));
        assert_eq!(BirthDate::parse("1984/13/33"), d(1984, 13, 33));
        assert_eq!(BirthDate::parse("1984-123-1"), None);
        assert_eq!(BirthDate::parse("1984--09"), None);
        assert_eq!(BirthDate::parse("198407"), None);
        assert_eq!(BirthDate::parse("1984-02-29x"), None);
        assert_eq!(BirthDate::parse("07/09/84"), None);
        assert_eq!(BirthDate::parse("unknown"), None);
        // Impossible dates are read, and known for what they are.
        for (raw, readable) in [
            ("1984-13-01", d(1984, 0, 0)),
            ("1984-02-30", d(1984, 2, 0)),
            ("1985-02-29", d(1985, 2, 0)),
            ("1980-05-33", d(1980, 5, 0)),
            ("3980-07-09", d(3980, 7, 9)),
        ] {
            let date = BirthDate::parse(raw).unwrap_or_else(|| panic!("{raw}"));
            assert!(!date.is_possible(), "{raw}");
            assert_eq!(Some(date.readable()), readable, "{raw}");
        }
        for raw in ["1988-02-29", "1984-07-09", "1984-07", "1984"] {
            let date = BirthDate::parse(raw).unwrap();
            assert!(date.is_possible(), "{raw}");
            assert_eq!(date.readable(), date);
        }
    }

    #[test]
    fn names_fold_accents_particles_compounds_and_nicknames() {
        let p = prepare(&PersonRecord {
            given_name: "Bob".into(),
            family_name: "de la Fontaine-Côté".into(),
            ..Default::default()
        });
        assert_eq!(p.given, vec!["robert"]);
        assert_eq!(p.family, vec!["fontaine", "cote"]);
        let q = prepare(&PersonRecord {
            given_name: "JF".into(),
            family_name: "MacDonald".into(),
            ..Default::default()
        });
        assert_eq!(q.given_key, "jeanfrancois");
        assert_eq!(q.family_key, "mcdonald");
    }

    #[test]
    fn soundex_groups_sounds() {
        assert_eq!(&soundex("robert"), b"r163");
        assert_eq!(&soundex("rupert"), b"r163");
        assert_eq!(&soundex("tymczak"), b"t522");
        assert_eq!(&soundex("ashcraft"), b"a261");
        assert_eq!(soundex("tremblay"), soundex("tremblai"));
    }
}
