//! People files for `passerelle link`: reading referrals from CSV, writing pairs and
//! clusters.
//!
//! The header names any of `id,given_name,family_name,other_names,birth_date,sex,phone,
//! email,street,city,postal_code,identifier`, in any order; `id` is required and unique.
//! Birth dates are `YYYY-MM-DD` or `YYYYMMDD` (`YYYY-MM` or `YYYY` when partial). Other
//! columns are ignored with a warning.

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

/// The records, and a warning for each column that is not used.
pub fn read_people(data: &[u8]) -> Result<(Vec<PersonRecord>, Vec<String>), InputError> {
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
    let warnings = header
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .map(|h| format!("the column {h:?} is not used"))
        .collect();
    let columns: Vec<Option<usize>> = COLUMNS.iter().map(|c| at(c)).collect();
    let mut seen: FxHashMap<String, usize> = FxHashMap::default();
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
            raw => Some(BirthDate::parse(raw).ok_or_else(|| InputError {
                line,
                message: format!("the birth_date {raw:?} is not a date as YYYY-MM-DD or YYYYMMDD"),
            })?),
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
    Ok((records, warnings))
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
        let (records, warnings) =
            read_people(b"family_name,id,birth_date,shoe_size\nTremblay,a,19840709,42\nRoy,b,,\n")
                .unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].birth_date, BirthDate::parse("1984-07-09"));
        assert_eq!(warnings, vec!["the column \"shoe_size\" is not used"]);
        assert_eq!(
            read_people(b"id,birth_date\na,1984-02-30x\n")
                .unwrap_err()
                .line,
            2
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
}
