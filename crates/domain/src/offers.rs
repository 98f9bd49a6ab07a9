//! Offers (D5): a unit proposed by a match round, offered to the client through the
//! referring worker, answered by the client and then the landlord, leased, and moved into.
//!
//! A round's proposal becomes an offer when the locator accepts it; from then on the offer
//! is *live* until it ends: moved in (the tenancy starts), declined by either side, lapsed
//! (its deadline passed without an answer) or withdrawn by the locator. While it is live,
//! the unit and the person are in no other live offer (the database enforces it).

use crate::FieldErrors;
use crate::housing::{Cents, date};
use crate::values::optional_text;
use serde::Serialize;
use time::Date;

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferState {
    /// Sent to the referring worker, who takes it to the client.
    Offered,
    ClientAccepted,
    LandlordAccepted,
    Leased,
    /// Ended well: the tenancy started.
    MovedIn,
    ClientDeclined,
    LandlordDeclined,
    /// Not answered by its deadline.
    Lapsed,
    /// Taken back by the locator (the unit was lost, the person's situation changed).
    Withdrawn,
}

impl OfferState {
    pub const ALL: [OfferState; 9] = [
        Self::Offered,
        Self::ClientAccepted,
        Self::LandlordAccepted,
        Self::Leased,
        Self::MovedIn,
        Self::ClientDeclined,
        Self::LandlordDeclined,
        Self::Lapsed,
        Self::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Offered => "offered",
            Self::ClientAccepted => "client_accepted",
            Self::LandlordAccepted => "landlord_accepted",
            Self::Leased => "leased",
            Self::MovedIn => "moved_in",
            Self::ClientDeclined => "client_declined",
            Self::LandlordDeclined => "landlord_declined",
            Self::Lapsed => "lapsed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<OfferState> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }

    /// Still holding its unit and its person.
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Offered | Self::ClientAccepted | Self::LandlordAccepted | Self::Leased
        )
    }

    /// Waiting for an answer that has a deadline: the client's, then the landlord's.
    pub fn awaits_answer(self) -> bool {
        matches!(self, Self::Offered | Self::ClientAccepted)
    }
}

/// Why a client declines a unit.
pub const CLIENT_DECLINE_REASONS: [&str; 9] = [
    "location",
    "unit_condition",
    "unit_size",
    "cost",
    "accessibility",
    "found_other_housing",
    "not_ready",
    "unreachable",
    "other",
];

/// Why a landlord declines a household.
pub const LANDLORD_DECLINE_REASONS: [&str; 7] = [
    "income",
    "references",
    "household_size",
    "tenancy_history",
    "unit_unavailable",
    "no_answer",
    "other",
];

/// Why the locator withdraws an offer.
pub const WITHDRAW_REASONS: [&str; 4] = [
    "unit_unavailable",
    "client_situation_changed",
    "entered_in_error",
    "other",
];

/// Days the client has to answer by default, and then the landlord.
pub const DEFAULT_RESPONSE_DAYS: i64 = 7;
/// A reminder goes to whoever must answer this many days before the deadline.
pub const REMINDER_DAYS_BEFORE: i64 = 2;

/// One step of an offer as asked for, checked against the offer's dates.
#[derive(Debug, Clone, PartialEq)]
pub enum OfferStep {
    /// The client's answer, recorded by the referring worker.
    Client {
        accepted: bool,
        reason: Option<String>,
        note: Option<String>,
        on: Date,
    },
    /// The landlord's answer, recorded by the locator; an acceptance gives the landlord
    /// until `respond_by` to sign.
    Landlord {
        accepted: bool,
        reason: Option<String>,
        note: Option<String>,
        on: Date,
    },
    Lease {
        signed_on: Date,
        rent: Cents,
        /// The monthly subsidy paid towards the rent (zero when none).
        subsidy: Cents,
        /// The day the household can move in (the lease's start).
        starts_on: Date,
    },
    MoveIn {
        on: Date,
    },
    Withdraw {
        reason: String,
        note: Option<String>,
        on: Date,
    },
}

impl OfferStep {
    /// The state the step leads to from `from`, or `None` when it does not apply there.
    pub fn next_state(&self, from: OfferState) -> Option<OfferState> {
        use OfferState::*;
        match (self, from) {
            (Self::Client { accepted: true, .. }, Offered) => Some(ClientAccepted),
            (
                Self::Client {
                    accepted: false, ..
                },
                Offered,
            ) => Some(ClientDeclined),
            (Self::Landlord { accepted: true, .. }, ClientAccepted) => Some(LandlordAccepted),
            (
                Self::Landlord {
                    accepted: false, ..
                },
                ClientAccepted,
            ) => Some(LandlordDeclined),
            (Self::Lease { .. }, LandlordAccepted) => Some(Leased),
            (Self::MoveIn { .. }, Leased) => Some(MovedIn),
            (Self::Withdraw { .. }, s) if s.is_live() && s != Leased => Some(Withdrawn),
            _ => None,
        }
    }

    /// The day the step takes effect.
    pub fn on(&self) -> Date {
        match self {
            Self::Client { on, .. }
            | Self::Landlord { on, .. }
            | Self::MoveIn { on }
            | Self::Withdraw { on, .. } => *on,
            Self::Lease { signed_on, .. } => *signed_on,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Client { .. } => "client",
            Self::Landlord { .. } => "landlord",
            Self::Lease { .. } => "lease",
            Self::MoveIn { .. } => "move_in",
            Self::Withdraw { .. } => "withdraw",
        }
    }
}

/// A decision as typed in a form or sent to the API. Which fields count depends on `step`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct OfferStepInput {
    /// `client`, `landlord`, `lease`, `move_in` or `withdraw`.
    pub step: String,
    /// `accept` or `decline` (client and landlord answers).
    pub answer: String,
    pub reason: String,
    pub note: String,
    /// The answer's or the move-in's day, `YYYY-MM-DD`; today when blank.
    pub on: String,
    pub signed_on: String,
    pub starts_on: String,
    /// Dollars a month, as typed in either language.
    pub rent: String,
    pub subsidy: String,
}

/// What an offer's dates constrain a step to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfferDates {
    pub offered_on: Date,
    /// When the lease was signed, and its start (for a move-in).
    pub lease_signed_on: Option<Date>,
    pub lease_starts_on: Option<Date>,
}

impl OfferStepInput {
    /// Parses the step on `today` for an offer with `dates`: no day in the future, none
    /// before the offer, a move-in not before the lease starts, a decline with its reason.
    pub fn parse(&self, today: Date, dates: OfferDates) -> Result<OfferStep, FieldErrors> {
        let mut e = FieldErrors::default();
        let day = |field: &str, raw: &str, e: &mut FieldErrors| -> Date {
            let d = if raw.trim().is_empty() {
                today
            } else {
                e.take(date(field, raw).map(Some)).unwrap_or(today)
            };
            if d > today {
                e.push(field, "error-date-in-future");
            } else if d < dates.offered_on {
                e.push(field, "error-before-offer");
            }
            d
        };
        let note = e.take(optional_text("note", &self.note, 2000));
        let answer = |e: &mut FieldErrors, vocabulary: &[&str]| -> (bool, Option<String>) {
            match self.answer.trim() {
                "accept" => (true, None),
                "decline" => {
                    let reason = self.reason.trim();
                    if reason.is_empty() {
                        e.push("reason", "error-reason-required");
                    } else if !vocabulary.contains(&reason) {
                        e.push("reason", "error-choose");
                    }
                    (false, Some(reason.to_owned()))
                }
                _ => {
                    e.push("answer", "error-choose");
                    (false, None)
                }
            }
        };
        let step = match self.step.trim() {
            "client" => {
                let (accepted, reason) = answer(&mut e, &CLIENT_DECLINE_REASONS);
                let on = day("on", &self.on, &mut e);
                OfferStep::Client {
                    accepted,
                    reason,
                    note,
                    on,
                }
            }
            "landlord" => {
                let (accepted, reason) = answer(&mut e, &LANDLORD_DECLINE_REASONS);
                let on = day("on", &self.on, &mut e);
                OfferStep::Landlord {
                    accepted,
                    reason,
                    note,
                    on,
                }
            }
            "lease" => {
                let signed_on = day("signed_on", &self.signed_on, &mut e);
                let starts_on = match self.starts_on.trim() {
                    "" => signed_on,
                    raw => e
                        .take(date("starts_on", raw).map(Some))
                        .unwrap_or(signed_on),
                };
                if starts_on < signed_on {
                    e.push("starts_on", "error-before-lease");
                }
                let rent = if self.rent.trim().is_empty() {
                    e.push("rent", "error-required");
                    Cents(0)
                } else {
                    e.take(Cents::parse("rent", &self.rent))
                };
                let subsidy = if self.subsidy.trim().is_empty() {
                    Cents(0)
                } else {
                    e.take(Cents::parse("subsidy", &self.subsidy))
                };
                if subsidy.0 > rent.0 {
                    e.push("subsidy", "error-subsidy-above-rent");
                }
                OfferStep::Lease {
                    signed_on,
                    rent,
                    subsidy,
                    starts_on,
                }
            }
            "move_in" => {
                let on = day("on", &self.on, &mut e);
                match (dates.lease_signed_on, dates.lease_starts_on) {
                    (None, _) => e.push("on", "error-not-leased"),
                    (Some(_), Some(start)) if on < start => e.push("on", "error-before-lease"),
                    _ => {}
                }
                OfferStep::MoveIn { on }
            }
            "withdraw" => {
                let reason = self.reason.trim().to_owned();
                if reason.is_empty() {
                    e.push("reason", "error-reason-required");
                } else if !WITHDRAW_REASONS.contains(&reason.as_str()) {
                    e.push("reason", "error-choose");
                }
                let on = day("on", &self.on, &mut e);
                OfferStep::Withdraw { reason, note, on }
            }
            _ => {
                e.push("step", "error-choose");
                OfferStep::MoveIn { on: today }
            }
        };
        e.finish(step)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 30);

    fn dates() -> OfferDates {
        OfferDates {
            offered_on: date!(2026 - 11 - 20),
            lease_signed_on: None,
            lease_starts_on: None,
        }
    }

    fn input(step: &str) -> OfferStepInput {
        OfferStepInput {
            step: step.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_decline_needs_a_reason_from_its_vocabulary() {
        let mut i = input("client");
        i.answer = "decline".into();
        let e = i.parse(TODAY, dates()).unwrap_err();
        assert_eq!(e.for_field("reason"), Some("error-reason-required"));
        i.reason = "landlord_said_no".into();
        assert_eq!(
            i.parse(TODAY, dates()).unwrap_err().for_field("reason"),
            Some("error-choose")
        );
        i.reason = "location".into();
        let step = i.parse(TODAY, dates()).unwrap();
        assert_eq!(
            step.next_state(OfferState::Offered),
            Some(OfferState::ClientDeclined)
        );
        // The client's answer does not apply once the landlord has been asked.
        assert_eq!(step.next_state(OfferState::LandlordAccepted), None);
    }

    #[test]
    fn dates_before_the_offer_or_the_lease_are_refused() {
        let mut lease = input("lease");
        lease.signed_on = "2026-11-01".into();
        lease.rent = "1 250,00".into();
        let e = lease.parse(TODAY, dates()).unwrap_err();
        assert_eq!(e.for_field("signed_on"), Some("error-before-offer"));
        lease.signed_on = "2026-11-25".into();
        lease.subsidy = "1300".into();
        assert_eq!(
            lease
                .parse(TODAY, dates())
                .unwrap_err()
                .for_field("subsidy"),
            Some("error-subsidy-above-rent")
        );
        lease.subsidy = "400".into();
        assert_eq!(
            lease.parse(TODAY, dates()).unwrap(),
            OfferStep::Lease {
                signed_on: date!(2026 - 11 - 25),
                rent: Cents(125_000),
                subsidy: Cents(40_000),
                starts_on: date!(2026 - 11 - 25),
            }
        );

        let mut move_in = input("move_in");
        move_in.on = "2026-11-28".into();
        assert_eq!(
            move_in.parse(TODAY, dates()).unwrap_err().for_field("on"),
            Some("error-not-leased")
        );
        let leased = OfferDates {
            lease_signed_on: Some(date!(2026 - 11 - 25)),
            lease_starts_on: Some(date!(2026 - 11 - 29)),
            ..dates()
        };
        assert_eq!(
            move_in.parse(TODAY, leased).unwrap_err().for_field("on"),
            Some("error-before-lease")
        );
        move_in.on = "2026-12-01".into();
        assert_eq!(
            move_in.parse(TODAY, leased).unwrap_err().for_field("on"),
            Some("error-date-in-future")
        );
    }

    #[test]
    fn only_live_offers_hold_their_unit() {
        let live: Vec<&str> = OfferState::ALL
            .into_iter()
            .filter(|s| s.is_live())
            .map(OfferState::code)
            .collect();
        assert_eq!(
            live,
            ["offered", "client_accepted", "landlord_accepted", "leased"]
        );
        for s in OfferState::ALL {
            assert_eq!(OfferState::parse(s.code()), Some(s));
        }
    }
}
