//! Text folding shared by search and matching of names, and text as a CSV cell.

use unicode_normalization::UnicodeNormalization;

/// Folds text for accent- and case-insensitive comparison: "Refuge Élan" → "refuge elan".
///
/// Decomposes (NFD), drops combining marks, lowercases, and collapses runs of whitespace
/// and punctuation to one space, so that French and English spellings of the same name
/// compare equal whatever the keyboard used.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// A search for people by name: it finds a name when every word of the search begins a
/// word of the name, accents and case aside. "le" finds "Rosalie Le" and "Marc Leblanc",
/// not "Michelle Roy". A search for a short family name would otherwise find every name
/// that holds its letters anywhere, and the person looked for could be pages away. An
/// empty search finds every name. The search is folded once, for all the names it is
/// tried on.
pub struct NameSearch {
    words: Vec<String>,
}

impl NameSearch {
    pub fn new(search: &str) -> NameSearch {
        let words = fold(search)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        NameSearch { words }
    }

    pub fn matches(&self, name: &str) -> bool {
        let name = fold(name);
        (self.words.iter()).all(|w| name.split(' ').any(|word| word.starts_with(w.as_str())))
    }
}

/// `text` as one CSV cell: quoted when it holds a comma, a quote or a line break, and, when
/// it starts the way a spreadsheet formula does (`=`, `+`, `-`, `@`, a tab or a carriage
/// return), led by an apostrophe so that a spreadsheet shows it as text instead of running
/// it. Names users type (agencies, neighbourhoods) reach exports: "=HYPERLINK(…)" must stay
/// a name. Only for text: numbers are written as they are.
pub fn csv_field(text: &str) -> String {
    let neutral = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

#[cfg(test)]
mod tests {
    use super::{NameSearch, csv_field, fold};

    #[test]
    fn a_name_matches_a_search_whose_words_begin_its_words() {
        assert!(NameSearch::new("le").matches("Rosalie Le"));
        assert!(NameSearch::new("LE").matches("Marc Leblanc"));
        assert!(!NameSearch::new("le").matches("Michelle Roy"));
        assert!(NameSearch::new("pierre elo").matches("Élodie St-Pierre"));
        assert!(NameSearch::new("o'brien").matches("Liam O'Brien"));
        assert!(NameSearch::new("genevieve cote").matches("Geneviève Côté"));
        assert!(!NameSearch::new("genevieve tremblay").matches("Geneviève Côté"));
        assert!(NameSearch::new("  ").matches("Anyone"));
    }

    #[test]
    fn a_csv_cell_is_quoted_when_needed_and_never_runs_as_a_formula() {
        assert_eq!(csv_field("Refuge Élan"), "Refuge Élan");
        assert_eq!(csv_field("Vanier, Overbrook"), "\"Vanier, Overbrook\"");
        assert_eq!(csv_field("Le \"Phare\""), "\"Le \"\"Phare\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(
            csv_field("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        for risky in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                csv_field(risky).trim_start_matches('"').starts_with('\''),
                "{risky:?}"
            );
        }
    }

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(
            fold("  Refuge  Élan—Côte-de-Sable "),
            "refuge elan cote de sable"
        );
        assert_eq!(fold("Centre d'accueil"), "centre d accueil");
        assert_eq!(fold("ÇA"), "ca");
        assert_eq!(fold(""), "");
    }
}
