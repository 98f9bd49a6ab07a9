//! The person's consent to a referral: what may be shared with whom, how it was given, until
//! when, and its withdrawal. Without consent to share with the hub the referral is kept only
//! as an anonymous count; at expiry or withdrawal the person leaves the list and every
//! agency's view (see `docs/coordinated-access.md`).

use serde::Serialize;
use time::{Date, Duration};

/// How many days before expiry the referring worker is reminded.
pub const REMINDER_DAYS: i64 = 30;

/// How the person gave their consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMethod {
    /// A signed consent form, kept by the referring agency.
    SignedForm,
    /// Said aloud to the worker in front of a named witness.
    VerbalWitnessed,
}

impl ConsentMethod {
    pub const ALL: [ConsentMethod; 2] = [Self::SignedForm, Self::VerbalWitnessed];

    pub fn code(self) -> &'static str {
        match self {
            Self::SignedForm => "signed_form",
            Self::VerbalWitnessed => "verbal_witnessed",
        }
    }

    pub fn parse(raw: &str) -> Option<ConsentMethod> {
        Self::ALL.into_iter().find(|m| m.code() == raw.trim())
    }
}

/// The consent a referral carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consent {
    /// Share the person's identity and facts with the hub (required for the list).
    pub share_with_hub: bool,
    /// Share them with the agencies named as continuing supports.
    pub share_with_supports: bool,
    /// Share non-identifying facts (household size, needs) with landlords.
    pub share_with_landlords: bool,
    pub method: ConsentMethod,
    /// Who witnessed verbal consent.
    pub witness: Option<String>,
    pub given_on: Date,
    pub expires_on: Date,
    pub withdrawn_on: Option<Date>,
}

/// Where a consent stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    Active,
    /// Active, but expiring within [`REMINDER_DAYS`].
    ExpiringSoon,
    Expired,
    Withdrawn,
}

impl ConsentState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::ExpiringSoon => "expiring_soon",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Whether the person's data may still be shown and used.
    pub fn allows_use(self) -> bool {
        matches!(self, Self::Active | Self::ExpiringSoon)
    }
}

impl Consent {
    /// The consent's state on `today`. It lapses at the start of its expiry day.
    pub fn state(&self, today: Date) -> ConsentState {
        if self.withdrawn_on.is_some_and(|d| d <= today) {
            ConsentState::Withdrawn
        } else if self.expires_on <= today {
            ConsentState::Expired
        } else if self.expires_on - today <= Duration::days(REMINDER_DAYS) {
            ConsentState::ExpiringSoon
        } else {
            ConsentState::Active
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn consent(expires_on: Date) -> Consent {
        Consent {
            share_with_hub: true,
            share_with_supports: true,
            share_with_landlords: false,
            method: ConsentMethod::SignedForm,
            witness: None,
            given_on: date!(2026 - 01 - 10),
            expires_on,
            withdrawn_on: None,
        }
    }

    #[test]
    fn consent_is_reminded_thirty_days_ahead_and_lapses_on_its_expiry_day() {
        let c = consent(date!(2026 - 12 - 31));
        assert_eq!(c.state(date!(2026 - 11 - 30)), ConsentState::Active);
        assert_eq!(c.state(date!(2026 - 12 - 01)), ConsentState::ExpiringSoon);
        assert_eq!(c.state(date!(2026 - 12 - 30)), ConsentState::ExpiringSoon);
        assert_eq!(c.state(date!(2026 - 12 - 31)), ConsentState::Expired);
        assert!(!ConsentState::Expired.allows_use());
        assert!(ConsentState::ExpiringSoon.allows_use());
    }

    #[test]
    fn withdrawal_wins_over_everything() {
        let mut c = consent(date!(2027 - 12 - 31));
        c.withdrawn_on = Some(date!(2026 - 06 - 01));
        assert_eq!(c.state(date!(2026 - 05 - 31)), ConsentState::Active);
        assert_eq!(c.state(date!(2026 - 06 - 01)), ConsentState::Withdrawn);
    }

    #[test]
    fn methods_parse_by_code() {
        for m in ConsentMethod::ALL {
            assert_eq!(ConsentMethod::parse(m.code()), Some(m));
        }
        assert_eq!(ConsentMethod::parse("email"), None);
    }
}
