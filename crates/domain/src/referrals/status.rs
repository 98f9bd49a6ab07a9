//! The by-name list's statuses (B3): every person referred is on the list as *active*
//! (waiting), *matched* (an offer is under way), *housed* or *inactive* with a reason. Each
//! change is dated and kept, so monthly inflow and outflow are counted from the changes.

use serde::Serialize;

/// How many days without contact make a person inactive by default.
pub const DEFAULT_INACTIVE_AFTER_DAYS: i64 = 90;
/// The range an administrator may choose from: under two weeks would drop people between
/// two ordinary check-ins; over a year would keep people on the list long after they left.
pub const INACTIVE_AFTER_DAYS: std::ops::RangeInclusive<i64> = 14..=365;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStatus {
    Active,
    Matched,
    Housed,
    Inactive,
}

impl ListStatus {
    pub const ALL: [ListStatus; 4] = [Self::Active, Self::Matched, Self::Housed, Self::Inactive];

    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Matched => "matched",
            Self::Housed => "housed",
            Self::Inactive => "inactive",
        }
    }

    pub fn parse(raw: &str) -> Option<ListStatus> {
        Self::ALL.into_iter().find(|s| s.code() == raw.trim())
    }

    /// Whether the person is waiting for housing (and so ranked by the policy).
    pub fn is_waiting(self) -> bool {
        matches!(self, Self::Active | Self::Matched)
    }
}

/// Why a person is inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InactiveReason {
    /// No contact for the configured number of days.
    NoContact,
    MovedAway,
    /// A long stay in hospital.
    Hospital,
    /// A long stay in prison.
    Prison,
    Deceased,
    /// Consent withdrawn or expired: the person has left the list.
    ConsentEnded,
}

impl InactiveReason {
    pub const ALL: [InactiveReason; 6] = [
        Self::NoContact,
        Self::MovedAway,
        Self::Hospital,
        Self::Prison,
        Self::Deceased,
        Self::ConsentEnded,
    ];

    /// The reasons a worker may choose (consent ending is recorded by the system).
    pub const CHOSEN: [InactiveReason; 5] = [
        Self::NoContact,
        Self::MovedAway,
        Self::Hospital,
        Self::Prison,
        Self::Deceased,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NoContact => "no_contact",
            Self::MovedAway => "moved_away",
            Self::Hospital => "hospital",
            Self::Prison => "prison",
            Self::Deceased => "deceased",
            Self::ConsentEnded => "consent_ended",
        }
    }

    pub fn parse(raw: &str) -> Option<InactiveReason> {
        Self::ALL.into_iter().find(|r| r.code() == raw.trim())
    }
}

/// What a status change counts as in the month's flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// First time on the list.
    New,
    ReturnedFromHoused,
    ReturnedFromInactive,
    Housed,
    Inactive,
}

impl Flow {
    pub const ALL: [Flow; 5] = [
        Self::New,
        Self::ReturnedFromHoused,
        Self::ReturnedFromInactive,
        Self::Housed,
        Self::Inactive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::ReturnedFromHoused => "returned_from_housed",
            Self::ReturnedFromInactive => "returned_from_inactive",
            Self::Housed => "housed",
            Self::Inactive => "inactive",
        }
    }

    pub fn is_inflow(self) -> bool {
        matches!(
            self,
            Self::New | Self::ReturnedFromHoused | Self::ReturnedFromInactive
        )
    }

    /// The flow a change from `from` (none for a new person) to `to` makes, if any: moves
    /// between active and matched stay on the list and are not flows.
    pub fn of(from: Option<ListStatus>, to: ListStatus) -> Option<Flow> {
        use ListStatus::*;
        match (from, to) {
            (None, _) => Some(Flow::New),
            (Some(Housed), Active | Matched) => Some(Flow::ReturnedFromHoused),
            (Some(Inactive), Active | Matched) => Some(Flow::ReturnedFromInactive),
            (Some(Active | Matched), Housed) => Some(Flow::Housed),
            (Some(Active | Matched), Inactive) => Some(Flow::Inactive),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_follow_the_change() {
        use ListStatus::*;
        assert_eq!(Flow::of(None, Active), Some(Flow::New));
        assert_eq!(
            Flow::of(Some(Housed), Active),
            Some(Flow::ReturnedFromHoused)
        );
        assert_eq!(
            Flow::of(Some(Inactive), Active),
            Some(Flow::ReturnedFromInactive)
        );
        assert_eq!(Flow::of(Some(Matched), Housed), Some(Flow::Housed));
        assert_eq!(Flow::of(Some(Active), Inactive), Some(Flow::Inactive));
        assert_eq!(Flow::of(Some(Active), Matched), None);
        assert_eq!(Flow::of(Some(Inactive), Housed), None);
        assert!(Flow::New.is_inflow() && !Flow::Housed.is_inflow());
    }

    #[test]
    fn codes_round_trip() {
        for s in ListStatus::ALL {
            assert_eq!(ListStatus::parse(s.code()), Some(s));
        }
        for r in InactiveReason::ALL {
            assert_eq!(InactiveReason::parse(r.code()), Some(r));
        }
        assert!(ListStatus::Matched.is_waiting() && !ListStatus::Housed.is_waiting());
    }
}
