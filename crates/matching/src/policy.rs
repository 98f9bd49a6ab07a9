//! Prioritization policies: who is housed first.
//!
//! A policy is an ordered list of keys (acuity, days homeless, date of referral). Clients
//! are ranked by the keys in turn; clients equal on every key share a priority level, and
//! the client's reference is the final tie-breaker for every ordering the engine shows, so
//! results are reproducible. A pair's weight is `level × 1000 + fit`: with fit at most
//! 999, exchanging a client for one of a higher level always raises the total, and among
//! equals the better fit wins. See docs/matching.md.

use crate::compatibility::MAX_FIT;
use serde::{Deserialize, Serialize};

/// What the policy ranks on, from the client's referral.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorityInputs {
    /// A common assessment score (e.g. VI-SPDAT, 0–17): higher first.
    pub acuity: u16,
    /// Days homeless in the last three years (0–1,095): higher first.
    pub days_homeless: u16,
    /// The referral's date as days since 1970-01-01: earlier first.
    pub referral_day: i32,
    /// The household has children (or expects one): first when the key is used. Left out
    /// of files when false, so files written before the key existed read the same.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub children: bool,
    /// The person is a youth (16–24): first when the key is used.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub youth: bool,
}

/// One key of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityKey {
    Acuity,
    DaysHomeless,
    ReferralDate,
    Children,
    Youth,
}

impl PriorityKey {
    pub const ALL: [PriorityKey; 5] = [
        PriorityKey::Acuity,
        PriorityKey::DaysHomeless,
        PriorityKey::ReferralDate,
        PriorityKey::Children,
        PriorityKey::Youth,
    ];

    pub fn code(self) -> &'static str {
        match self {
            PriorityKey::Acuity => "acuity",
            PriorityKey::DaysHomeless => "days_homeless",
            PriorityKey::ReferralDate => "referral_date",
            PriorityKey::Children => "children",
            PriorityKey::Youth => "youth",
        }
    }

    /// The key's value, larger meaning higher priority.
    pub fn value(self, inputs: &PriorityInputs) -> i64 {
        match self {
            PriorityKey::Acuity => inputs.acuity as i64,
            PriorityKey::DaysHomeless => inputs.days_homeless as i64,
            PriorityKey::ReferralDate => -(inputs.referral_day as i64),
            PriorityKey::Children => i64::from(inputs.children),
            PriorityKey::Youth => i64::from(inputs.youth),
        }
    }
}

/// An ordered list of keys, most important first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    keys: Vec<PriorityKey>,
}

/// Why a policy could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "unknown priority key {0:?}; the keys are acuity, days_homeless, referral_date, children, youth"
    )]
    UnknownKey(String),
    #[error("the priority key {0} appears twice")]
    Repeated(&'static str),
}

impl Default for Policy {
    /// Acuity, then days homeless, then the earliest referral.
    fn default() -> Self {
        Policy {
            keys: vec![
                PriorityKey::Acuity,
                PriorityKey::DaysHomeless,
                PriorityKey::ReferralDate,
            ],
        }
    }
}

impl Policy {
    pub fn new(keys: Vec<PriorityKey>) -> Result<Policy, PolicyError> {
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].contains(k) {
                return Err(PolicyError::Repeated(k.code()));
            }
        }
        Ok(Policy { keys })
    }

    /// Reads `acuity,days_homeless,referral_date` (any subset, in order of importance).
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let keys = text
            .split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| {
                PriorityKey::ALL
                    .into_iter()
                    .find(|p| p.code() == k)
                    .ok_or_else(|| PolicyError::UnknownKey(k.to_owned()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Policy::new(keys)
    }

    pub fn keys(&self) -> &[PriorityKey] {
        &self.keys
    }

    /// The keys as [`Policy::parse`] reads them: `acuity,days_homeless,referral_date`.
    pub fn codes(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Ranks clients given as (reference, inputs).
    pub fn rank(&self, clients: &[(&str, PriorityInputs)]) -> Ranking {
        let tuple =
            |i: usize| -> Vec<i64> { self.keys.iter().map(|k| k.value(&clients[i].1)).collect() };
        let tuples: Vec<Vec<i64>> = (0..clients.len()).map(tuple).collect();
        let mut order: Vec<usize> = (0..clients.len()).collect();
        // Highest priority first; the reference breaks every remaining tie.
        order.sort_by(|&a, &b| {
            tuples[b]
                .cmp(&tuples[a])
                .then_with(|| clients[a].0.cmp(clients[b].0))
        });
        let mut level = vec![0u32; clients.len()];
        let mut position = vec![0u32; clients.len()];
        let mut current = 0u32;
        for (p, &i) in order.iter().enumerate().rev() {
            if p + 1 == order.len() || tuples[i] != tuples[order[p + 1]] {
                current += 1;
            }
            level[i] = current;
            position[i] = p as u32 + 1;
        }
        Ranking {
            order,
            level,
            position,
        }
    }
}

/// Clients in priority order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    /// Client indices, highest priority first.
    pub order: Vec<usize>,
    /// Each client's level: 1 for the lowest; clients equal on every key share one.
    pub level: Vec<u32>,
    /// Each client's place in `order`, from 1.
    pub position: Vec<u32>,
}

impl Ranking {
    /// Whether client `a` comes strictly before client `b` on the policy's keys.
    pub fn outranks(&self, a: usize, b: usize) -> bool {
        self.level[a] > self.level[b]
    }
}

/// A pair's weight: the level first, the fit second.
pub fn weight(level: u32, fit: u32) -> u64 {
    debug_assert!(fit <= MAX_FIT);
    level as u64 * (MAX_FIT as u64 + 1) + fit as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(acuity: u16, days_homeless: u16, referral_day: i32) -> PriorityInputs {
        PriorityInputs {
            acuity,
            days_homeless,
            referral_day,
            ..Default::default()
        }
    }

    #[test]
    fn a_policy_reads_back_from_its_codes() {
        let policy = Policy::parse("days_homeless, acuity,referral_date").unwrap();
        assert_eq!(policy.codes(), "days_homeless,acuity,referral_date");
        assert_eq!(Policy::parse(&policy.codes()).unwrap(), policy);
    }

    #[test]
    fn ranks_by_keys_in_order_and_shares_levels_between_equals() {
        let clients = [
            ("d", inputs(9, 100, 20_000)),
            ("a", inputs(12, 10, 20_100)),
            ("c", inputs(9, 400, 20_050)),
            ("b", inputs(9, 100, 20_000)),
        ];
        let ranking = Policy::default().rank(&clients);
        let ids: Vec<&str> = ranking.order.iter().map(|&i| clients[i].0).collect();
        assert_eq!(ids, vec!["a", "c", "b", "d"], "ties broken by reference");
        assert_eq!(ranking.level, vec![1, 3, 2, 1]);
        assert!(ranking.outranks(1, 0));
        assert!(!ranking.outranks(3, 0), "equal on every key");

        let by_date = Policy::parse("referral_date").unwrap().rank(&clients);
        let ids: Vec<&str> = by_date.order.iter().map(|&i| clients[i].0).collect();
        assert_eq!(ids, vec!["b", "d", "c", "a"], "earliest referral first");
    }

    #[test]
    fn children_and_youth_keys_put_those_households_first() {
        let mut family = inputs(3, 10, 20_000);
        family.children = true;
        let clients = [("a", inputs(9, 10, 20_000)), ("b", family)];
        let ranking = Policy::parse("children,acuity").unwrap().rank(&clients);
        assert_eq!(ranking.order, vec![1, 0]);
        assert_eq!(PriorityKey::Children.value(&clients[1].1), 1);
    }

    #[test]
    fn policies_are_parsed_strictly() {
        assert_eq!(
            Policy::parse("acuity, referral_date").unwrap().keys(),
            &[PriorityKey::Acuity, PriorityKey::ReferralDate]
        );
        assert_eq!(
            Policy::parse("acuity,age"),
            Err(PolicyError::UnknownKey("age".into()))
        );
        assert_eq!(
            Policy::parse("acuity,acuity"),
            Err(PolicyError::Repeated("acuity"))
        );
    }

    #[test]
    fn a_level_outweighs_any_fit() {
        assert!(weight(2, 0) > weight(1, MAX_FIT));
        assert_eq!(weight(3, 250), 3_250);
    }
}
