//! The Fellegi–Sunter model: for each field and level, the probability of that level
//! among pairs of records of the same person (m) and of different people (u). A pair's
//! match weight is the sum of `log2(m / u)` over its fields; its probability follows from
//! the weight and the prior.
//!
//! Trained without labels, as Splink documents it: u from the levels of random pairs (nearly
//! all of different people), m by expectation–maximization over the candidate pairs, with u
//! held fixed. Exact name agreements are adjusted by how common the name is.

use crate::compare::{Comparison, FIELDS, Field};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The most levels a field has (missing included).
pub const MAX_LEVELS: usize = 7;

/// m and u per field and level, and the share of candidate pairs that are matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    // Full paths: serde's derive defines a `FIELDS` of its own that would shadow ours.
    pub m: [[f64; MAX_LEVELS]; crate::compare::FIELDS],
    pub u: [[f64; MAX_LEVELS]; crate::compare::FIELDS],
    /// The prior probability that a candidate pair is a match.
    pub prior: f64,
    /// Fields left out of scoring (not in the data, or switched off).
    pub used: [bool; crate::compare::FIELDS],
    /// How many pairs of relatives there are for each pair of one person's records, among
    /// pairs that share a family name and a home: what the file itself says about how often
    /// a relative, not the same person, explains such a pair (see
    /// `Linker::estimate_relatives`). Models stored before it was estimated read as one.
    #[serde(default = "unmeasured_relatives")]
    pub relatives: f64,
}

/// What is assumed when a file cannot show its households (no address, no phone): as many
/// pairs of relatives as pairs of one person's records. The household files measured so far
/// hold 1.5 to 3.
pub fn unmeasured_relatives() -> f64 {
    1.0
}

/// Among relatives who share a family name and a home, the share born the same day (twins),
/// and the share with the same given name (a parent and child named alike). Multiple births
/// are about 3 % of births in Canada; both shares are set well above what families show, so
/// that a pair shaped like twins or like a junior needs more of its own evidence.
pub const TWIN_SHARE: f64 = 0.1;
/// See [`TWIN_SHARE`].
pub const NAMESAKE_SHARE: f64 = 0.1;

/// The most any one field can say for "same person", in bits: rare values are not rare
/// enough to outweigh a disagreement elsewhere on their own (a birth date is shared by one
/// person in tens of thousands, not in millions).
pub const FIELD_CAP: f64 = 10.0;

/// The most an address or a phone can say for "same person", in bits.
pub const HOUSEHOLD_CAP: f64 = 4.0;

/// Keeps probabilities away from 0 and 1, so that no single field decides alone.
const FLOOR: f64 = 1e-4;

impl Model {
    /// u from the levels of `random` pairs: frequencies, smoothed.
    pub fn with_u(random: &[Comparison], used: [bool; FIELDS]) -> Model {
        let mut u = [[0.0; MAX_LEVELS]; FIELDS];
        for (f, row) in u.iter_mut().enumerate() {
            let levels = Field::ALL[f].levels().len();
            let mut counts = vec![1.0; levels];
            for c in random {
                counts[c.levels[f] as usize] += 1.0;
            }
            let total: f64 = counts[1..].iter().sum();
            for l in 1..levels {
                row[l] = (counts[l] / total).max(FLOOR);
            }
        }
        let mut m = [[0.0; MAX_LEVELS]; FIELDS];
        // Starting m: most matches agree exactly, a few are close, fewer disagree.
        for (f, row) in m.iter_mut().enumerate() {
            let levels = Field::ALL[f].levels().len();
            let n = levels - 1;
            for (l, value) in row.iter_mut().enumerate().take(levels).skip(1) {
                *value = if l == 1 {
                    0.85
                } else if l == levels - 1 {
                    0.03
                } else {
                    0.12 / (n.saturating_sub(2).max(1)) as f64
                };
            }
        }
        Model {
            m,
            u,
            prior: 0.1,
            used,
            relatives: unmeasured_relatives(),
        }
    }

    /// Expectation–maximization of m over pairs, for the fields in `learn` only: the
    /// posterior uses those fields alone, so fields the pairs were blocked on (which agree
    /// by construction) neither sway it nor get estimated from it.
    pub fn estimate_m(&mut self, pairs: &[Comparison], learn: [bool; FIELDS], iterations: usize) {
        let mut patterns: FxHashMap<[u8; FIELDS], f64> = FxHashMap::default();
        for c in pairs {
            let mut levels = c.levels;
            for f in 0..FIELDS {
                if !learn[f] {
                    levels[f] = 0;
                }
            }
            *patterns.entry(levels).or_default() += 1.0;
        }
        let patterns: Vec<([u8; FIELDS], f64)> = patterns.into_iter().collect();
        let mut prior: f64 = 0.1;
        for _ in 0..iterations {
            let mut m_sum = [[0.0; MAX_LEVELS]; FIELDS];
            let (mut matches, mut total) = (0.0, 0.0);
            for (levels, count) in &patterns {
                let w: f64 = (0..FIELDS).map(|f| self.field_weight(f, levels[f])).sum();
                let p = probability(w + (prior / (1.0 - prior)).log2());
                matches += p * count;
                total += count;
                for (f, &l) in levels.iter().enumerate() {
                    m_sum[f][l as usize] += p * count;
                }
            }
            for f in (0..FIELDS).filter(|&f| learn[f]) {
                let levels = Field::ALL[f].levels().len();
                let seen: f64 = m_sum[f][1..levels].iter().sum();
                if seen <= 0.0 {
                    continue;
                }
                for (m, sum) in self.m[f][1..levels].iter_mut().zip(&m_sum[f][1..levels]) {
                    *m = (sum / seen).clamp(FLOOR, 1.0 - FLOOR);
                }
            }
            prior = (matches / total.max(1.0)).clamp(1e-6, 0.99);
        }
    }

    /// The share of matches among `pairs`, m and u held fixed.
    pub fn estimate_prior(&mut self, pairs: &[Comparison], iterations: usize) {
        let mut patterns: FxHashMap<[u8; FIELDS], f64> = FxHashMap::default();
        for c in pairs {
            *patterns.entry(c.levels).or_default() += 1.0;
        }
        for _ in 0..iterations {
            let (mut matches, mut total) = (0.0, 0.0);
            for (levels, count) in &patterns {
                matches += self.probability_of_levels(levels) * count;
                total += count;
            }
            self.prior = (matches / total.max(1.0)).clamp(1e-9, 0.5);
        }
    }

    /// `log2(m / u)` of one field at one level (0 when missing or unused). An address or a
    /// phone is a household's, not a person's: its evidence for the same person is capped.
    pub fn field_weight(&self, f: usize, level: u8) -> f64 {
        if level == 0 || !self.used[f] {
            return 0.0;
        }
        let w = (self.m[f][level as usize] / self.u[f][level as usize]).log2();
        match Field::ALL[f] {
            Field::Address | Field::Phone => w.min(HOUSEHOLD_CAP),
            _ => w.min(FIELD_CAP),
        }
    }

    fn probability_of_levels(&self, levels: &[u8; FIELDS]) -> f64 {
        let w: f64 = (0..FIELDS).map(|f| self.field_weight(f, levels[f])).sum();
        probability(w + (self.prior / (1.0 - self.prior)).log2())
    }

    /// The prior as a weight.
    pub fn prior_weight(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }
}

/// The probability that goes with a total match weight (prior included).
pub fn probability(weight: f64) -> f64 {
    1.0 / (1.0 + (-weight).exp2())
}
