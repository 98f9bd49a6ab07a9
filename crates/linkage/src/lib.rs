//! Passerelle's identity resolution engine (B2): finds the same person referred by several
//! agencies. A pure library: records in, scored pairs, clusters and reasons out.
//!
//! - [`normalize`]: person records, and their folded, nickname-resolved, phonetic form.
//! - [`compare`]: graded comparison levels per field.
//! - [`model`]: Fellegi–Sunter weights, trained without labels.
//! - [`linker`]: blocking, training, scoring, clustering, explanations, and checking one
//!   new record against the rest.
//! - [`generate`] and [`intake`]: two independent models of referral files with known
//!   truth; [`evaluate`]: accuracy against that truth.

pub mod compare;
pub mod evaluate;
pub mod generate;
pub mod intake;
pub mod io;
pub mod linker;
pub mod model;
pub mod normalize;

pub use linker::{Candidate, Explanation, LinkKind, Linker, ScoredPair, Thresholds, cluster};
pub use normalize::{BirthDate, PersonRecord};

/// Deduplicates `records` with default settings: the scored pairs at or above the review
/// threshold, and each record's cluster.
pub fn deduplicate(
    records: Vec<PersonRecord>,
    thresholds: Thresholds,
) -> (Linker, Vec<ScoredPair>, Vec<usize>) {
    let mut linker = Linker::new(records);
    let pairs = linker.candidate_pairs();
    linker.train(&pairs, Linker::random_pairs_for(linker.len()), 2026);
    let scored = linker.score_pairs(&pairs, thresholds.review);
    let clusters = cluster(&linker, &scored, thresholds);
    (linker, scored, clusters)
}
