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

/// A table of counts with its totals, as published.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedGrid {
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Published>>,
    pub row_totals: Vec<Published>,
    /// Per column, over every row; empty when the columns have no total of their own.
    pub column_totals: Vec<Published>,
    /// Over everything, when the table has one.
    pub total: Option<Published>,
}

/// Publishes a table of counts with its row totals, and optionally its column totals and
/// grand total, withholding (see [`withhold`]) so that no line — a row with its total, a
/// column with its total, the totals with the grand total — gives a withheld cell away.
///
/// Totals are given, not summed: a count of distinct agencies over several quarters is not
/// the sum of the quarters'. When `column_totals` is `None`, the columns are not lines (a
/// household counted in two rows, say).
pub fn publish_grid(
    cells: &[Vec<usize>],
    row_totals: &[usize],
    column_totals: Option<&[usize]>,
    total: Option<usize>,
    k: usize,
) -> PublishedGrid {
    let rows = cells.len();
    let cols = cells
        .first()
        .map_or(column_totals.map_or(0, <[usize]>::len), Vec::len);
    // [row][col] with the totals as an extra column and, when there are column totals, an
    // extra row; the corner holds the grand total (0 and in no line when there is none).
    let mut value: Vec<Vec<usize>> = cells
        .iter()
        .zip(row_totals)
        .map(|(row, t)| row.iter().chain([t]).copied().collect())
        .collect();
    if let Some(totals) = column_totals {
        value.push(totals.iter().copied().chain([total.unwrap_or(0)]).collect());
    }
    let in_line = |&(r, c): &(usize, usize)| total.is_some() || !(r == rows && c == cols);
    let last_row = if column_totals.is_some() {
        rows
    } else {
        rows - rows.min(1)
    };
    let mut lines: Vec<Vec<(usize, usize)>> = (0..value.len())
        .map(|r| (0..=cols).map(|c| (r, c)).filter(in_line).collect())
        .collect();
    if column_totals.is_some() {
        lines.extend((0..=cols).map(|c| (0..=last_row).map(|r| (r, c)).filter(in_line).collect()));
    }
    let hidden = withhold(&value, &lines, |_| true, k);
    let published = |r: usize, c: usize| {
        if hidden[r][c] {
            Published::Suppressed
        } else {
            Published::Shown(value[r][c])
        }
    };
    PublishedGrid {
        cells: (0..rows)
            .map(|r| (0..cols).map(|c| published(r, c)).collect())
            .collect(),
        row_totals: (0..rows).map(|r| published(r, cols)).collect(),
        column_totals: match column_totals {
            Some(_) => (0..cols).map(|c| published(rows, c)).collect(),
            None => Vec::new(),
        },
        total: total
            .filter(|_| column_totals.is_some())
            .map(|_| published(rows, cols)),
    }
}

/// Fails when a line of `grid` (a row with its total; with column totals, a column with its
/// total, and the totals with the grand total) holds exactly one withheld count: the others
/// and the total would give it away.
#[cfg(test)]
pub(crate) fn no_lone_withheld(grid: &PublishedGrid) {
    let lone = |line: Vec<&Published>| line.iter().filter(|p| p.shown().is_none()).count() == 1;
    for (row, total) in grid.cells.iter().zip(&grid.row_totals) {
        assert!(!lone(row.iter().chain([total]).collect()), "{grid:?}");
    }
    if grid.column_totals.is_empty() {
        return;
    }
    for (c, total) in grid.column_totals.iter().enumerate() {
        assert!(
            !lone(grid.cells.iter().map(|r| &r[c]).chain([total]).collect()),
            "{grid:?}"
        );
    }
    if let Some(all) = &grid.total {
        assert!(
            !lone(grid.row_totals.iter().chain([all]).collect()),
            "{grid:?}"
        );
        assert!(
            !lone(grid.column_totals.iter().chain([all]).collect()),
            "{grid:?}"
        );
    }
}

#[cfg(test)]
mod grid_tests {
    use super::*;

    #[test]
    fn small_counts_are_withheld_with_a_partner_in_each_line() {
        let cells = vec![vec![2, 10, 8], vec![6, 7, 9]];
        let grid = publish_grid(&cells, &[20, 22], Some(&[8, 17, 17]), Some(42), 5);
        assert_eq!(grid.cells[0][0], Published::Suppressed);
        // The row's partner is its smallest other count, the column's too.
        assert_eq!(grid.cells[0][2], Published::Suppressed);
        assert_eq!(grid.cells[1][0], Published::Suppressed);
        no_lone_withheld(&grid);
        assert_eq!(grid.total, Some(Published::Shown(42)));
        // Zero is shown: nobody is behind it.
        let zero = publish_grid(&[vec![0, 12]], &[12], None, None, 5);
        assert_eq!(
            zero.cells[0],
            vec![Published::Shown(0), Published::Shown(12)]
        );
        assert!(zero.column_totals.is_empty() && zero.total.is_none());
    }

    #[test]
    fn a_table_without_column_totals_is_withheld_by_rows_only() {
        let grid = publish_grid(&[vec![3, 40, 1], vec![30, 2, 20]], &[44, 52], None, None, 5);
        no_lone_withheld(&grid);
        assert_eq!(grid.cells[0][0], Published::Suppressed);
        assert_eq!(grid.cells[1][1], Published::Suppressed);
        assert_eq!(
            grid.row_totals,
            vec![Published::Shown(44), Published::Shown(52)]
        );
    }
}
