//! What a new password must be: long enough to resist guessing (12 characters, as NIST SP
//! 800-63B allows for memorized secrets chosen by users, with a list of refused ones), not
//! one of the passwords guessing runs try first, and not the account's own e-mail.

use crate::FieldError;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// Passwords of twelve characters or more that guessing runs try early: keyboard walks,
/// counting, words with digits, the app's name and the demo's published password. Compared
/// without case.
const REFUSED: &[&str] = &[
    "passerelle-demo",
    "passerelle123",
    "passerelle2026",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "motdepasse123",
    "motdepasse1234",
    "123456789012",
    "1234567890123",
    "12345678901234",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "azertyuiop123",
    "azertyuiopqsdf",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qazwsxedcrfv",
    "iloveyou1234",
    "letmein12345",
    "welcome12345",
    "bienvenue123",
    "administrator",
    "administrateur",
    "changeme1234",
    "trustno11234",
    "football1234",
    "baseball1234",
    "hockeyhockey",
    "sunshine1234",
    "princess1234",
    "starwars1234",
    "superman1234",
    "monkey123456",
    "dragon123456",
    "master123456",
    "abcdefghijkl",
    "abcd1234abcd",
    "ottawa123456",
    "canada123456",
];

/// A new password for the account of `email`, or why not.
pub fn new_password(field: &str, password: &str, email: &str) -> Result<String, FieldError> {
    let count = password.chars().count();
    if count < MIN_CHARS {
        return Err(FieldError::new(field, "error-password-short"));
    }
    if count > MAX_CHARS {
        return Err(FieldError::new(field, "error-password-long"));
    }
    let folded = password.to_lowercase();
    let distinct: std::collections::HashSet<char> = folded.chars().collect();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let guessable = REFUSED.contains(&folded.as_str())
        // "aaaaaaaaaaaa", "abababababab": too few different characters to count as long.
        || distinct.len() < 5
        || (local.chars().count() >= 4 && folded.contains(&local));
    if guessable {
        return Err(FieldError::new(field, "error-password-common"));
    }
    Ok(password.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_long_common_and_own_address_passwords_are_refused() {
        let code = |p: &str| {
            new_password("password", p, "chantal.roy@agence.example.org")
                .err()
                .map(|e| e.code)
        };
        assert_eq!(code("short pass"), Some("error-password-short"));
        assert_eq!(code(&"x".repeat(129)), Some("error-password-long"));
        assert_eq!(code("Passerelle-Demo"), Some("error-password-common"));
        assert_eq!(code("PASSWORD1234"), Some("error-password-common"));
        assert_eq!(code("abababababababab"), Some("error-password-common"));
        assert_eq!(code("chantal.roy-2026!"), Some("error-password-common"));
        assert_eq!(code("ciel gris sur la rivière"), None);
        assert_eq!(code("correct horse battery"), None);
    }
}
