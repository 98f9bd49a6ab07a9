//! Small-cell suppression, shared by every report read outside the hub (the systemic
//! issues, the equity of matching): a count standing for 1 to k − 1 agencies or persons is
//! withheld, and so is a second cell wherever a line's total would give a lone withheld one
//! away.

use serde::Serialize;

/// Never below 3: a count of one or two can be traced back to who is behind it.
pub const MIN_K: usize = 3;
/// The highest k a report accepts: past it nearly every cell of a community's report is
/// withheld.
pub const MAX_K: usize = 50;

/// A count as published: shown, or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Published {
    Shown(usize),
    /// Fewer than k behind it (primary), or withheld so a total cannot reveal one that was
    /// (secondary).
    Suppressed,
}

impl Published {
    pub fn shown(self) -> Option<usize> {
        match self {
            Self::Shown(n) => Some(n),
            Self::Suppressed => None,
        }
    }
}

/// Which cells of `value` to withhold. A cell from 1 to k − 1 is withheld; 0 is shown
/// (nobody is behind it). Then, while a line of `lines` (cells that add up to a published
/// total, the total among them) holds exactly one withheld cell, the smallest other
/// non-zero cell of that line that `can_partner` allows is withheld too.
pub fn withhold(
    value: &[Vec<usize>],
    lines: &[Vec<(usize, usize)>],
    can_partner: impl Fn((usize, usize)) -> bool,
    k: usize,
) -> Vec<Vec<bool>> {
    let mut hidden: Vec<Vec<bool>> = value
        .iter()
        .map(|row| row.iter().map(|&n| n > 0 && n < k).collect())
        .collect();
    loop {
        let mut changed = false;
        for line in lines {
            if line.iter().filter(|&&(r, c)| hidden[r][c]).count() != 1 {
                continue;
            }
            let partner = line
                .iter()
                .filter(|&&(r, c)| !hidden[r][c] && value[r][c] > 0 && can_partner((r, c)))
                .min_by_key(|&&(r, c)| (value[r][c], r, c));
            if let Some(&(r, c)) = partner {
                hidden[r][c] = true;
                changed = true;
            }
        }
        if !changed {
            return hidden;
        }
    }
}
