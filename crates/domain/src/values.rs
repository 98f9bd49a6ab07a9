//! Typed values parsed from raw input, and the field errors raised when parsing fails.
//!
//! Each error carries a stable `code` (`error-required`, `error-email`, …) that the web layer
//! translates into the user's language and the API returns as is.

use serde::{Deserialize, Serialize};

/// Why one field of an input was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's name as the input spelled it (`name`, `email`, `postal_code`…).
    pub field: String,
    /// A stable, translatable code such as `error-required`.
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: &str, code: &'static str) -> Self {
        Self {
            field: field.to_owned(),
            code,
        }
    }
}

/// All the field errors of one input, collected so a form can show every problem at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Keeps the value if it parsed, else records the error and stands in a default that
    /// never leaves the parser: callers return `Err(self)` when any error was recorded.
    pub fn take<T: Default>(&mut self, parsed: Result<T, FieldError>) -> T {
        parsed.unwrap_or_else(|error| {
            self.0.push(error);
            T::default()
        })
    }

    pub fn push(&mut self, field: &str, code: &'static str) {
        self.0.push(FieldError::new(field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The code of the first error on `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }

    /// `Ok(value)` when nothing was recorded, else all the errors.
    pub fn finish<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.code))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

impl std::error::Error for FieldErrors {}

fn trimmed(raw: &str) -> Option<&str> {
    let t = raw.trim();
    (!t.is_empty()).then_some(t)
}

/// A required single-line text of at most `max` characters.
pub fn required_text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    match trimmed(raw) {
        None => Err(FieldError::new(field, "error-required")),
        Some(t) if t.chars().count() > max => Err(FieldError::new(field, "error-too-long")),
        Some(t) => Ok(t.to_owned()),
    }
}

/// An optional text of at most `max` characters; blank means absent.
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    match trimmed(raw) {
        None => Ok(None),
        Some(t) if t.chars().count() > max => Err(FieldError::new(field, "error-too-long")),
        Some(t) => Ok(Some(t.to_owned())),
    }
}

/// An email address: one `@`, a non-empty local part, and a dotted domain without spaces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let t = raw.trim();
        let valid = t.len() <= 254
            && !t.chars().any(char::is_whitespace)
            && matches!(t.split_once('@'), Some((local, domain))
                if !local.is_empty() && !domain.contains('@') && domain.contains('.')
                && !domain.starts_with('.') && !domain.ends_with('.'));
        if valid {
            Ok(Self(t.to_owned()))
        } else {
            Err(FieldError::new(field, "error-email"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A character an address cannot hold as typed (RFC 3986): spaces, control characters, and
/// the delimiters that must be percent-encoded. Brackets too: a directory's web sites are
/// not reached by an IPv6 literal.
fn not_in_url(c: char) -> bool {
    c.is_whitespace() || c.is_control() || "[]<>\"{}|\\^`".contains(c)
}

/// An absolute `http` or `https` address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WebUrl(String);

impl WebUrl {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let t = raw.trim();
        let host = t
            .strip_prefix("https://")
            .or_else(|| t.strip_prefix("http://"));
        match host {
            Some(rest)
                if t.len() <= 500
                    && !rest.is_empty()
                    && !rest.starts_with('/')
                    && !t.contains(not_in_url) =>
            {
                Ok(Self(t.to_owned()))
            }
            _ => Err(FieldError::new(field, "error-url")),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Canadian postal code, stored in its canonical form `A1A 1A1`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let compact: Vec<char> = raw
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        // Canada Post never uses D, F, I, O, Q or U, and W and Z never start a code.
        let letter = |c: char| c.is_ascii_uppercase() && !"DFIOQU".contains(c);
        let valid = compact.len() == 6
            && letter(compact[0])
            && !"WZ".contains(compact[0])
            && compact[1].is_ascii_digit()
            && letter(compact[2])
            && compact[3].is_ascii_digit()
            && letter(compact[4])
            && compact[5].is_ascii_digit();
        if !valid {
            return Err(FieldError::new(field, "error-postal-code"));
        }
        let s: String = compact.iter().collect();
        Ok(Self(format!("{} {}", &s[..3], &s[3..])))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Parses an optional value with `parse`; blank input means absent.
pub fn optional<T>(
    field: &str,
    raw: &str,
    parse: impl FnOnce(&str, &str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(field, raw).map(Some)
    }
}

/// A latitude in decimal degrees, −90 to 90.
pub fn latitude(field: &str, raw: &str) -> Result<f64, FieldError> {
    bounded_decimal(field, raw, 90.0, "error-latitude")
}

/// A longitude in decimal degrees, −180 to 180.
pub fn longitude(field: &str, raw: &str) -> Result<f64, FieldError> {
    bounded_decimal(field, raw, 180.0, "error-longitude")
}

fn bounded_decimal(
    field: &str,
    raw: &str,
    bound: f64,
    code: &'static str,
) -> Result<f64, FieldError> {
    match raw.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (-bound..=bound).contains(&v) => Ok(v),
        _ => Err(FieldError::new(field, code)),
    }
}

/// An age in whole years, 0 to 120.
pub fn age(field: &str, raw: &str) -> Result<u8, FieldError> {
    match raw.trim().parse::<u8>() {
        Ok(v) if v <= 120 => Ok(v),
        _ => Err(FieldError::new(field, "error-age")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postal_codes_are_canonical_and_checked() {
        assert_eq!(
            PostalCode::parse("p", "k1n5w9").unwrap().as_str(),
            "K1N 5W9"
        );
        assert_eq!(
            PostalCode::parse("p", " K1N 5W9 ").unwrap().as_str(),
            "K1N 5W9"
        );
        assert_eq!(
            PostalCode::parse("p", "D1N 5W9").unwrap_err().code,
            "error-postal-code"
        );
        assert_eq!(
            PostalCode::parse("p", "K1N5W").unwrap_err().code,
            "error-postal-code"
        );
        assert_eq!(
            PostalCode::parse("p", "12345").unwrap_err().code,
            "error-postal-code"
        );
    }

    #[test]
    fn emails_and_urls() {
        assert!(Email::parse("e", "info@refuge.ca").is_ok());
        for bad in ["", "info", "info@", "@x.ca", "a b@x.ca", "a@x", "a@.ca"] {
            assert_eq!(
                Email::parse("e", bad).unwrap_err().code,
                "error-email",
                "{bad}"
            );
        }
        assert!(WebUrl::parse("w", "https://refuge.ca/fr").is_ok());
        for bad in ["refuge.ca", "ftp://x.ca", "https://", "https:// x"] {
            assert_eq!(
                WebUrl::parse("w", bad).unwrap_err().code,
                "error-url",
                "{bad}"
            );
        }
    }

    #[test]
    fn texts_and_numbers() {
        assert_eq!(required_text("n", "  Abri  ", 10).unwrap(), "Abri");
        assert_eq!(
            required_text("n", "   ", 10).unwrap_err().code,
            "error-required"
        );
        assert_eq!(
            required_text("n", "abcdefghijk", 10).unwrap_err().code,
            "error-too-long"
        );
        assert_eq!(optional_text("n", " ", 10).unwrap(), None);
        assert_eq!(latitude("lat", "45.42").unwrap(), 45.42);
        assert_eq!(latitude("lat", "91").unwrap_err().code, "error-latitude");
        assert_eq!(longitude("lon", "NaN").unwrap_err().code, "error-longitude");
        assert_eq!(age("a", "121").unwrap_err().code, "error-age");
    }

    #[test]
    fn errors_collect_and_finish() {
        let mut errors = FieldErrors::default();
        let name: String = errors.take(required_text("name", "", 5));
        let email: Option<Email> = errors.take(optional("email", "x", Email::parse));
        assert_eq!((name.as_str(), email), ("", None));
        assert_eq!(errors.for_field("name"), Some("error-required"));
        assert_eq!(errors.for_field("email"), Some("error-email"));
        assert!(errors.finish(()).is_err());
    }
}
