//! Reading assignment problems from CSV for operations-research use
//! (`passerelle match solve`).
//!
//! `EDGES.csv` has the columns `client,unit,weight` (any order; other columns are ignored):
//! ids are strings, the weight a non-negative integer to maximize. `CAPS.csv` has
//! `unit,capacity`; a unit it does not name has capacity 1. Fields may be quoted as in
//! RFC 4180. A hand-written reader, because a million edges must load in well under a
//! second and general CSV readers allocate per record.

use crate::solver::{MAX_WEIGHT, Problem, ProblemError};
use rustc_hash::FxHashMap;

/// An error in an input file, with its 1-based line number (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {message}")]
pub struct InputError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// A problem read from files, with the ids it was written with.
#[derive(Debug, Clone)]
pub struct LoadedProblem {
    pub problem: Problem,
    pub client_ids: Vec<String>,
    pub unit_ids: Vec<String>,
    /// The line each edge came from, for error messages.
    edge_lines: Vec<u32>,
}

/// Interns ids to dense numbers in order of first appearance.
#[derive(Default)]
struct Ids {
    index: FxHashMap<Box<[u8]>, u32>,
    names: Vec<String>,
}

impl Ids {
    fn get_or_insert(&mut self, id: &[u8]) -> Result<u32, String> {
        if let Some(&i) = self.index.get(id) {
            return Ok(i);
        }
        let name = std::str::from_utf8(id)
            .map_err(|_| "an id is not valid UTF-8".to_owned())?
            .to_owned();
        let i = self.names.len() as u32;
        self.index.insert(id.into(), i);
        self.names.push(name);
        Ok(i)
    }
}

/// Splits `data` into records of fields, yielding (line number, fields) for every
/// non-blank line. Quoted fields may contain commas, doubled quotes and line breaks.
struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    line: usize,
    fields: Vec<std::borrow::Cow<'a, [u8]>>,
}

impl<'a> Records<'a> {
    fn new(data: &'a [u8]) -> Self {
        let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
        Records {
            data,
            pos: 0,
            line: 0,
            fields: Vec::with_capacity(4),
        }
    }

    /// The next record's line number; its fields are in `self.fields`.
    fn next_record(&mut self, file: &'static str) -> Result<Option<usize>, InputError> {
        loop {
            if self.pos >= self.data.len() {
                return Ok(None);
            }
            self.line += 1;
            let line = self.line;
            self.fields.clear();
            loop {
                let rest = &self.data[self.pos..];
                if rest.first() == Some(&b'"') {
                    let (field, used, lines) = quoted(rest).ok_or_else(|| InputError {
                        file,
                        line,
                        message: "a quoted field is not closed".into(),
                    })?;
                    self.fields.push(field);
                    self.line += lines;
                    self.pos += used;
                } else {
                    let end = rest
                        .iter()
                        .position(|&b| b == b',' || b == b'\n')
                        .unwrap_or(rest.len());
                    let field = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
                    self.fields.push(std::borrow::Cow::Borrowed(field));
                    self.pos += end;
                }
                match self.data.get(self.pos) {
                    Some(b',') => self.pos += 1,
                    Some(b'\n') => {
                        self.pos += 1;
                        break;
                    }
                    Some(b'\r') if self.data.get(self.pos + 1) == Some(&b'\n') => {
                        self.pos += 2;
                        break;
                    }
                    None => break,
                    Some(_) => {
                        return Err(InputError {
                            file,
                            line,
                            message: "text after a closing quote".into(),
                        });
                    }
                }
            }
            let blank = self.fields.len() == 1 && self.fields[0].is_empty();
            if !blank {
                return Ok(Some(line));
            }
        }
    }
}

/// A quoted field at the start of `s`: its value, the bytes consumed, the line breaks in it.
fn quoted(s: &[u8]) -> Option<(std::borrow::Cow<'_, [u8]>, usize, usize)> {
    let mut value = Vec::new();
    let mut i = 1;
    let mut lines = 0;
    loop {
        match *s.get(i)? {
            b'"' if s.get(i + 1) == Some(&b'"') => {
                value.push(b'"');
                i += 2;
            }
            b'"' => return Some((value.into(), i + 1, lines)),
            b => {
                lines += usize::from(b == b'\n');
                value.push(b);
                i += 1;
            }
        }
    }
}

/// Finds each wanted column in the header.
fn columns<const N: usize>(
    records: &mut Records,
    file: &'static str,
    wanted: [&str; N],
) -> Result<[usize; N], InputError> {
    let missing = |line| InputError {
        file,
        line,
        message: format!("the header must name the columns {}", wanted.join(",")),
    };
    let line = records.next_record(file)?.ok_or_else(|| missing(1))?;
    let mut at = [usize::MAX; N];
    for (i, name) in records.fields.iter().enumerate() {
        let name = String::from_utf8_lossy(name);
        if let Some(k) = wanted
            .iter()
            .position(|w| w.eq_ignore_ascii_case(name.trim()))
        {
            if at[k] != usize::MAX {
                return Err(InputError {
                    file,
                    line,
                    message: format!("the column {} appears twice", wanted[k]),
                });
            }
            at[k] = i;
        }
    }
    if let Some(k) = at.iter().position(|&i| i == usize::MAX) {
        return Err(InputError {
            file,
            line,
            message: format!(
                "the column {} is missing; the header must name {}",
                wanted[k],
                wanted.join(",")
            ),
        });
    }
    Ok(at)
}

/// A non-negative integer no larger than `max`, or why not.
fn integer(field: &[u8], what: &str, max: u64) -> Result<u64, String> {
    let text = std::str::from_utf8(field).unwrap_or("").trim();
    if text.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    if text.starts_with('-') && text[1..].bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(format!("the {what} {text} is negative"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {what} {text:?} is not a whole number"));
    }
    match text.parse::<u64>() {
        Ok(v) if v <= max => Ok(v),
        _ => Err(format!("the {what} {text} is above the maximum {max}")),
    }
}

fn field<'r>(records: &'r Records, at: usize) -> &'r [u8] {
    records.fields.get(at).map(|f| f.as_ref()).unwrap_or(b"")
}

/// Reads an edges file. Duplicate pairs are refused with both line numbers.
pub fn read_edges(data: &[u8]) -> Result<LoadedProblem, InputError> {
    const FILE: &str = "edges";
    let mut records = Records::new(data);
    let [c_at, u_at, w_at] = columns(&mut records, FILE, ["client", "unit", "weight"])?;
    let mut clients = Ids::default();
    let mut units = Ids::default();
    let mut edges = Vec::with_capacity(data.len() / 16);
    let mut edge_lines = Vec::with_capacity(data.len() / 16);
    // Edge lists are usually grouped by client: skip the lookup when it repeats.
    let mut last_client: (Vec<u8>, u32) = (Vec::new(), u32::MAX);
    while let Some(line) = records.next_record(FILE)? {
        let error = |message: String| InputError {
            file: FILE,
            line,
            message,
        };
        let client_id = field(&records, c_at);
        let unit_id = field(&records, u_at);
        if client_id.is_empty() || unit_id.is_empty() {
            return Err(error("the client and the unit must not be empty".into()));
        }
        let client = if last_client.1 != u32::MAX && last_client.0 == client_id {
            last_client.1
        } else {
            let c = clients.get_or_insert(client_id).map_err(error)?;
            last_client = (client_id.to_vec(), c);
            c
        };
        let unit = units.get_or_insert(unit_id).map_err(error)?;
        let weight = integer(field(&records, w_at), "weight", MAX_WEIGHT).map_err(error)?;
        edges.push((client, unit, weight));
        edge_lines.push(line as u32);
    }
    let mut problem = Problem::new(clients.names.len() as u32, units.names.len() as u32);
    problem.reserve_edges(edges.len());
    for (c, u, w) in edges {
        problem.add_edge(c, u, w);
    }
    let loaded = LoadedProblem {
        problem,
        client_ids: clients.names,
        unit_ids: units.names,
        edge_lines,
    };
    loaded.check()?;
    Ok(loaded)
}

impl LoadedProblem {
    /// Applies a capacities file. Units it names that have no edge are added (they can
    /// take nobody, but they are counted).
    pub fn read_capacities(&mut self, data: &[u8]) -> Result<(), InputError> {
        const FILE: &str = "capacities";
        let mut records = Records::new(data);
        let [u_at, c_at] = columns(&mut records, FILE, ["unit", "capacity"])?;
        let mut index: FxHashMap<String, u32> = self
            .unit_ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i as u32))
            .collect();
        let mut capacities: Vec<Option<(u32, usize)>> = vec![None; self.unit_ids.len()];
        let mut new_units = Vec::new();
        while let Some(line) = records.next_record(FILE)? {
            let error = |message: String| InputError {
                file: FILE,
                line,
                message,
            };
            let id = std::str::from_utf8(field(&records, u_at))
                .map_err(|_| error("an id is not valid UTF-8".into()))?;
            if id.is_empty() {
                return Err(error("the unit must not be empty".into()));
            }
            let capacity =
                integer(field(&records, c_at), "capacity", u32::MAX as u64).map_err(error)?;
            let unit = *index.entry(id.to_owned()).or_insert_with(|| {
                new_units.push(id.to_owned());
                capacities.push(None);
                capacities.len() as u32 - 1
            });
            if let Some((_, first)) = capacities[unit as usize] {
                return Err(error(format!(
                    "the unit {id:?} already has a capacity on line {first}"
                )));
            }
            capacities[unit as usize] = Some((capacity as u32, line));
        }
        let mut problem = Problem::new(
            self.problem.clients(),
            (self.unit_ids.len() + new_units.len()) as u32,
        );
        problem.reserve_edges(self.problem.edges().len());
        for e in self.problem.edges() {
            problem.add_edge(e.client, e.unit, e.weight);
        }
        for (unit, capacity) in capacities.iter().enumerate() {
            problem.set_capacity(unit as u32, capacity.map_or(1, |(c, _)| c));
        }
        self.unit_ids.extend(new_units);
        self.problem = problem;
        Ok(())
    }

    /// [`Problem::check`] with edge positions turned into line numbers.
    fn check(&self) -> Result<(), InputError> {
        let line = |edge: usize| self.edge_lines[edge] as usize;
        self.problem.check().map_err(|e| match e {
            ProblemError::DuplicateEdge { first, second } => InputError {
                file: "edges",
                line: line(second),
                message: format!(
                    "the pair of client {:?} and unit {:?} already appears on line {}",
                    self.client_ids[self.problem.edges()[second].client as usize],
                    self.unit_ids[self.problem.edges()[second].unit as usize],
                    line(first)
                ),
            },
            ProblemError::TooManyEdges(_) => InputError {
                file: "edges",
                line: self.edge_lines.len() + 1,
                message: e.to_string(),
            },
            ProblemError::WeightTooLarge { edge, .. }
            | ProblemError::ClientOutOfRange { edge, .. }
            | ProblemError::UnitOutOfRange { edge, .. } => InputError {
                file: "edges",
                line: line(edge),
                message: e.to_string(),
            },
        })
    }
}

/// Writes `field` as a CSV field, quoted when it must be.
pub fn write_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        out.extend_from_slice(field.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(data: &str) -> String {
        read_edges(data.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn reads_ids_in_any_column_order_with_quotes_and_crlf() {
        let data = "weight,unit,client\r\n5,u1,c1\r\n7,\"u,2\",c1\r\n\r\n3,u1,\"c \"\"2\"\"\"\r\n";
        let loaded = read_edges(data.as_bytes()).unwrap();
        assert_eq!(loaded.client_ids, vec!["c1", "c \"2\""]);
        assert_eq!(loaded.unit_ids, vec!["u1", "u,2"]);
        let edges: Vec<_> = loaded
            .problem
            .edges()
            .iter()
            .map(|e| (e.client, e.unit, e.weight))
            .collect();
        assert_eq!(edges, vec![(0, 0, 5), (0, 1, 7), (1, 0, 3)]);
    }

    #[test]
    fn malformed_files_name_the_line() {
        assert_eq!(
            err("client,unit\nc,u\n"),
            "edges, line 1: the column weight is missing; the header must name client,unit,weight"
        );
        assert_eq!(
            err("client,unit,weight\nc,u,1\nd,u,-4\n"),
            "edges, line 3: the weight -4 is negative"
        );
        assert_eq!(
            err("client,unit,weight\nc,u,1.5\n"),
            "edges, line 2: the weight \"1.5\" is not a whole number"
        );
        assert_eq!(
            err("client,unit,weight\nc,u,1\nd,u,2\nc,u,3\n"),
            "edges, line 4: the pair of client \"c\" and unit \"u\" already appears on line 2"
        );
        assert_eq!(
            err("client,unit,weight\nc,u\n"),
            "edges, line 2: the weight is empty"
        );
        assert_eq!(
            err("client,unit,weight\n\"c,u,1\n"),
            "edges, line 2: a quoted field is not closed"
        );
        assert!(err("").contains("line 1"));
    }

    #[test]
    fn capacities_default_to_one_and_may_add_units() {
        let mut loaded = read_edges(b"client,unit,weight\nc,u,1\nd,v,2\n").unwrap();
        loaded
            .read_capacities(b"unit,capacity\nv,3\nw,2\n")
            .unwrap();
        assert_eq!(loaded.unit_ids, vec!["u", "v", "w"]);
        let caps: Vec<_> = (0..3).map(|u| loaded.problem.capacity(u)).collect();
        assert_eq!(caps, vec![1, 3, 2]);
        let mut again = read_edges(b"client,unit,weight\nc,u,1\n").unwrap();
        assert_eq!(
            again
                .read_capacities(b"unit,capacity\nu,1\nu,2\n")
                .unwrap_err()
                .to_string(),
            "capacities, line 3: the unit \"u\" already has a capacity on line 2"
        );
        assert_eq!(
            again
                .read_capacities(b"unit,capacity\nw,1\nw,2\n")
                .unwrap_err()
                .to_string(),
            "capacities, line 3: the unit \"w\" already has a capacity on line 2"
        );
    }
}
