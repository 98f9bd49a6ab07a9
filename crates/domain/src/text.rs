//! Text folding shared by search and matching of names.

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

#[cfg(test)]
mod tests {
    use super::fold;

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
