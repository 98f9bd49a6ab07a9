//! People files for `passerelle link`: reading referrals from CSV, writing pairs and
//! clusters.
//!
//! The header names any of `id,given_name,family_name,other_names,birth_date,sex,phone,
//! email,street,city,postal_code,identifier`, in any order; `id` is required and unique.
//! Birth dates are `YYYY-MM-DD` or `YYYYMMDD` (`YYYY-MM` or `YYYY` when partial). Other
//! columns are ignored with a warning. Only what cannot be read at all refuses the file (a
//! missing or repeated id, broken CSV): an impossible birth date is kept and compared by
//! what can still be read of it, one not written as a date is taken as missing, and both
//! are counted and named in the warnings.

use crate::linker::ScoredPair;
use crate::normalize::{BirthDate, PersonRecord};
use rustc_hash::FxHashMap;

/// A problem in the input, with its line (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct InputError {
    pub line: usize,
    pub message: String,
}

pub const COLUMNS: [&str; 12] = [
    "id",
    "given_name",
    "family_name",
    "other_names",
    "birth_date",
    "sex",
    "phone",
    "email",
    "street",
    "city",
    "postal_code",
    "identifier",
];

/// A people file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct People {
    pub records: Vec<PersonRecord>,
    /// Columns not used, birth dates kept though impossible or taken as missing (the first
    /// few by line, then a count).
    pub warnings: Vec<String>,
    /// Birth dates written as dates that cannot be (day 33, month 13, year 3980): kept.
    pub impossible_birth_dates: usize,
    /// Birth dates not written as a date at all: taken as missing.
    pub unreadable_birth_dates: usize,
}

/// Lines named one by one in the warnings for each kind of dirty birth date.
const NAMED_DIRTY_DATES: usize = 5;

pub fn read_people(data: &[u8]) -> Result<People, InputError> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(data);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| InputError {
            line: 1,
            message: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name);
    let Some(id_at) = at("id") else {
        return Err(InputError {
            line: 1,
            message: format!(
                "the header must name an id column (columns: {})",
                COLUMNS.join(",")
            ),
        });
    };
    let mut warnings: Vec<String> = header
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .map(|h| format!("the column {h:?} is not used"))
        .collect();
    let columns: Vec<Option<usize>> = COLUMNS.iter().map(|c| at(c)).collect();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
    let (mut impossible, mut unreadable) = (0, 0);
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut line = 1;
    loop {
        let more = reader.read_record(&mut record).map_err(|e| InputError {
            line: line + 1,
            message: e.to_string(),
        })?;
        if !more {
            break;
        }
        line = record.position().map_or(line + 1, |p| p.line() as usize);
        let get = |k: usize| -> String {
            columns[k]
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let id = record.get(id_at).unwrap_or("").trim().to_owned();
        if id.is_empty() {
            return Err(InputError {
                line,
                message: "the id is empty".into(),
            });
        }
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(InputError {
                line,
                message: format!("the id {id:?} is already on line {first}"),
            });
        }
        let raw_birth = get(4);
        let birth_date = match raw_birth.as_str() {
            "" => None,
            raw => match BirthDate::parse(raw) {
                Some(date) if date.is_possible() => Some(date),
                Some(date) => {
                    impossible += 1;
                    if impossible <= NAMED_DIRTY_DATES {
                        warnings.push(format!(
                            "line {line}: the birth_date {raw:?} is not a possible date; kept, and compared by the parts that are"
                        ));
                    }
                    Some(date)
                }
                None => {
                    unreadable += 1;
                    if unreadable <= NAMED_DIRTY_DATES {
                        warnings.push(format!(
                            "line {line}: the birth_date {raw:?} is not a date as YYYY-MM-DD or YYYYMMDD; taken as missing"
                        ));
                    }
                    None
                }
            },
        };
        records.push(PersonRecord {
            id,
            given_name: get(1),
            family_name: get(2),
            other_names: get(3),
            birth_date,
            sex: get(5),
            phone: get(6),
            email: get(7),
            street: get(8),
            city: get(9),
            postal_code: get(10),
            identifier: get(11),
        });
    }
    for (count, what) in [
        (impossible, "birth dates are not possible dates (kept)"),
        (unreadable, "birth dates are not dates (taken as missing)"),
    ] {
        if count > NAMED_DIRTY_DATES {
            warnings.push(format!("{count} {what} in all"));
        }
    }
    Ok(People {
        records,
        warnings,
        impossible_birth_dates: impossible,
        unreadable_birth_dates: unreadable,
    })
}

/// `id_a,id_b,probability`, most likely first.
pub fn pairs_csv(records: &[PersonRecord], pairs: &[ScoredPair]) -> Vec<u8> {
    let mut sorted: Vec<&ScoredPair> = pairs.iter().collect();
    sorted.sort_by(|x, y| {
        y.probability
            .total_cmp(&x.probability)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["id_a", "id_b", "probability"]);
    for p in sorted {
        let _ = w.write_record([
            records[p.a as usize].id.as_str(),
            records[p.b as usize].id.as_str(),
            &format!("{:.6}", p.probability),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// `id,person`: each record and the id of its person's first record.
pub fn clusters_csv(records: &[PersonRecord], clusters: &[usize]) -> Vec<u8> {
    let mut first: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, &c) in clusters.iter().enumerate() {
        first.entry(c).or_insert(i);
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["id", "person"]);
    for (i, r) in records.iter().enumerate() {
        let _ = w.write_record([r.id.as_str(), records[first[&clusters[i]]].id.as_str()]);
    }
    w.into_inner().unwrap_or_default()
}

/// Writes records as a people file (for generated data).
pub fn people_csv(records: &[PersonRecord]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    for r in records {
        let birth = r
            .birth_date
            .map(|b| format!("{:04}-{:02}-{:02}", b.year, b.month, b.day))
            .unwrap_or_default();
        let _ = w.write_record([
            &r.id,
            &r.given_name,
            &r.family_name,
            &r.other_names,
            &birth,
            &r.sex,
            &r.phone,
            &r.email,
            &r.street,
            &r.city,
            &r.postal_code,
            &r.identifier,
        ]);
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_any_subset_of_columns_and_names_bad_lines() {
        let people =
            read_people(b"family_name,id,birth_date,shoe_size\nTremblay,a,19840709,42\nRoy,b,,\n")
                .unwrap();
        assert_eq!(people.records.len(), 2);
        assert_eq!(people.records[0].birth_date, BirthDate::parse("1984-07-09"));
        assert_eq!(
            people.warnings,
            vec!["the column \"shoe_size\" is not used"]
        );
        assert_eq!(
            read_people(b"id\na\nb\na\n").unwrap_err(),
            InputError {
                line: 4,
                message: "the id \"a\" is already on line 2".into()
            }
        );
        assert_eq!(read_people(b"name\nx\n").unwrap_err().line, 1);
    }

    #[test]
    fn dirty_birth_dates_are_kept_or_taken_as_missing_and_counted() {
        let mut file = String::from("id,birth_date\n");
        let dirty = [
            "1984-02-30",
            "1984-13-01",
            "3980-07-09",
            "19840733",
            "1984-00-12",
            "2101-01-01",
            "1979-02-29",
        ];
        for (i, raw) in dirty.iter().enumerate() {
            file += &format!("i{i},{raw}\n");
        }
        file += "u1,1984-02-30x\nu2,unknown\nu3,07/09/84\nok,1984-07-09\n";
        let people = read_people(file.as_bytes()).unwrap();
        assert_eq!(people.records.len(), dirty.len() + 4);
        assert_eq!(people.impossible_birth_dates, dirty.len());
        assert_eq!(people.unreadable_birth_dates, 3);
        for (record, raw) in people.records.iter().zip(dirty) {
            assert_eq!(record.birth_date, BirthDate::parse(raw), "kept as written");
        }
        assert!(
            people.records[dirty.len()..dirty.len() + 3]
                .iter()
                .all(|r| r.birth_date.is_none())
        );
        assert_eq!(
            people.warnings[0],
            "line 2: the birth_date \"1984-02-30\" is not a possible date; kept, and compared by the parts that are"
        );
        assert!(
            people
                .warnings
                .iter()
                .any(|w| w == "7 birth dates are not possible dates (kept) in all")
        );
        assert!(
            people
                .warnings
                .iter()
                .any(|w| w.starts_with("line 10: the birth_date \"unknown\""))
        );
    }
}
