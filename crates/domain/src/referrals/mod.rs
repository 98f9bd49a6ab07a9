//! Coordinated access (B1–B4): the referral a partner agency sends to the hub, the consent
//! that governs what may be done with it, and the by-name list's statuses.
//!
//! - [`referral`]: what a referral carries, parsed from a form, JSON or a file.
//! - [`consent`]: the person's consent, its scope, expiry and withdrawal.
//! - [`status`]: the by-name list's statuses and why a person leaves the list.

pub mod consent;
pub mod referral;
pub mod status;

pub use consent::{Consent, ConsentMethod, ConsentState};
pub use referral::{
    ACCESSIBILITY_NEEDS, BirthDateValue, Household, INCOME_SOURCES, ParsedReferral, ReferralFields,
    ReferralInput, SELF_IDENTIFIED_GROUPS,
};
pub use status::{InactiveReason, ListStatus};
