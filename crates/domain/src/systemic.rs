//! Systemic issues (A9): agencies log the gaps their clients meet, and the hub speaks to
//! public authorities with one voice: per issue and quarter, how many distinct agencies
//! raised it, never which. A count from fewer than `k` agencies is suppressed, and so is
//! a second cell wherever one suppressed cell could be worked out from its line's total.

use crate::housing::date;
pub use crate::suppression::Published;
use crate::suppression::publish_grid;
use crate::values::{FieldError, FieldErrors, optional_text};
use serde::Serialize;
use time::Date;

/// The issues agencies can raise: (code, English, French).
pub const ISSUES: [(&str, &str, &str); 10] = [
    (
        "discharge-to-street",
        "Discharged from hospital or prison with nowhere to go",
        "Sortie d’hôpital ou de prison sans endroit où aller",
    ),
    (
        "no-family-shelter",
        "No shelter space for families together",
        "Aucune place d’hébergement pour les familles réunies",
    ),
    (
        "rent-above-allowance",
        "Rents far above the shelter allowance",
        "Des loyers bien au-dessus de l’allocation de logement",
    ),
    (
        "id-documents",
        "Cannot get identity documents",
        "Impossible d’obtenir des pièces d’identité",
    ),
    (
        "mental-health-waits",
        "Months-long waits for mental health care",
        "Des mois d’attente pour des soins en santé mentale",
    ),
    (
        "youth-leaving-care",
        "Youth leaving care without housing",
        "Des jeunes qui quittent la protection sans logement",
    ),
    (
        "landlord-refusals",
        "Landlords refuse tenants on assistance",
        "Des propriétaires refusent les locataires à l’aide sociale",
    ),
    (
        "no-french-service",
        "No service in French",
        "Aucun service en français",
    ),
    (
        "pets-not-allowed",
        "No shelter or housing that accepts pets",
        "Aucun hébergement ni logement qui accepte les animaux",
    ),
    (
        "transit-costs",
        "Transit fares keep people from appointments",
        "Le prix du transport empêche d’aller aux rendez-vous",
    ),
];

pub fn issue_label(code: &str, lang: &str) -> Option<&'static str> {
    ISSUES
        .iter()
        .find(|i| i.0 == code)
        .map(|i| if lang == "fr" { i.2 } else { i.1 })
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueInput {
    pub issue: String,
    pub observed_on: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IssueFields {
    pub issue: &'static str,
    pub observed_on: Date,
    pub note: Option<String>,
}

impl IssueInput {
    pub fn parse(&self, today: Date) -> Result<IssueFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let issue = ISSUES.iter().map(|i| i.0).find(|c| *c == self.issue.trim());
        if issue.is_none() {
            e.push("issue", "error-choose");
        }
        let observed_on = match date("observed_on", &self.observed_on) {
            Ok(d) if d > today => {
                e.0.push(FieldError::new("observed_on", "error-future-date"));
                None
            }
            Ok(d) => Some(d),
            Err(err) => {
                e.0.push(err);
                None
            }
        };
        let note = e.take(optional_text("note", &self.note, 2000));
        e.finish(IssueFields {
            issue: issue.unwrap_or(ISSUES[0].0),
            observed_on: observed_on.unwrap_or(today),
            note,
        })
    }
}

/// A calendar quarter, e.g. `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub quarter: u8,
}

impl Quarter {
    pub fn of(day: Date) -> Quarter {
        Quarter {
            year: day.year(),
            quarter: (day.month() as u8 - 1) / 3 + 1,
        }
    }

    pub fn previous(self) -> Quarter {
        if self.quarter == 1 {
            Quarter {
                year: self.year - 1,
                quarter: 4,
            }
        } else {
            Quarter {
                quarter: self.quarter - 1,
                ..self
            }
        }
    }

    /// The `count` quarters ending with this one, oldest first.
    pub fn last(self, count: usize) -> Vec<Quarter> {
        let mut out = vec![self];
        while out.len() < count {
            let earliest = out[out.len() - 1].previous();
            out.push(earliest);
        }
        out.reverse();
        out
    }

    pub fn code(self) -> String {
        format!("{}-Q{}", self.year, self.quarter)
    }
}

/// The published table: one row per issue, one column per quarter, and totals.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueTable {
    pub quarters: Vec<Quarter>,
    /// (issue code, cells per quarter, total over the quarters)
    pub rows: Vec<(&'static str, Vec<Published>, Published)>,
    /// Per quarter, over every issue.
    pub column_totals: Vec<Published>,
    pub k: usize,
}

/// Distinct agencies per issue and quarter, and in the totals, as counted by the store.
pub struct IssueCounts {
    /// `cells[issue][quarter]`, issues in `ISSUES` order.
    pub cells: Vec<Vec<usize>>,
    /// Distinct agencies per issue over all the quarters.
    pub row_totals: Vec<usize>,
    /// Distinct agencies per quarter over all issues.
    pub column_totals: Vec<usize>,
}

impl IssueTable {
    /// Applies suppression to the counts (see [`publish_grid`]): every row and every column,
    /// with its total, is a line whose total could give a lone withheld cell away.
    pub fn publish(quarters: Vec<Quarter>, counts: &IssueCounts, k: usize) -> IssueTable {
        // The totals are distinct agencies, not sums, and there is no grand total.
        let grid = publish_grid(
            &counts.cells,
            &counts.row_totals,
            Some(&counts.column_totals),
            None,
            k,
        );
        IssueTable {
            rows: grid
                .cells
                .into_iter()
                .zip(grid.row_totals)
                .enumerate()
                .map(|(r, (cells, total))| (ISSUES[r].0, cells, total))
                .collect(),
            column_totals: grid.column_totals,
            quarters,
            k,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn counts(
        cells: Vec<Vec<usize>>,
        row_totals: Vec<usize>,
        column_totals: Vec<usize>,
    ) -> IssueCounts {
        let mut all = cells;
        all.resize(ISSUES.len(), Vec::new());
        let cols = column_totals.len();
        for row in &mut all {
            row.resize(cols, 0);
        }
        let mut rt = row_totals;
        rt.resize(ISSUES.len(), 0);
        IssueCounts {
            cells: all,
            row_totals: rt,
            column_totals,
        }
    }

    #[test]
    fn quarters_count_back_across_years() {
        let q = Quarter::of(date!(2026 - 02 - 10));
        assert_eq!(q.code(), "2026-Q1");
        let last = q.last(3);
        assert_eq!(
            last.iter().map(|q| q.code()).collect::<Vec<_>>(),
            ["2025-Q3", "2025-Q4", "2026-Q1"]
        );
    }

    #[test]
    fn few_agencies_are_withheld_and_so_is_a_partner_in_each_line() {
        use Published::*;
        let quarters = Quarter::of(date!(2026 - 11 - 01)).last(3);
        // Row 0: 5, 2, 4 (total 7): the 2 is withheld, then the 4 (the smallest other).
        // Row 1: 0, 6, 3: nothing small in itself.
        let table = IssueTable::publish(
            quarters,
            &counts(
                vec![vec![5, 2, 4], vec![0, 6, 3]],
                vec![7, 8],
                vec![9, 8, 6],
            ),
            3,
        );
        assert_eq!(table.rows[0].1, [Shown(5), Suppressed, Suppressed]);
        assert_eq!(table.rows[0].2, Shown(7));
        // Columns 1 and 2 then hold one withheld cell each (row 0): row 1's 6 and 3, the
        // smallest others in them, are withheld too. The totals stay.
        assert_eq!(table.rows[1].1, [Shown(0), Suppressed, Suppressed]);
        assert_eq!(table.column_totals, [Shown(9), Shown(8), Shown(6)]);
        // Every line ends with zero or at least two withheld cells.
        for (_, cells, total) in &table.rows {
            let n = cells
                .iter()
                .chain([total])
                .filter(|c| **c == Suppressed)
                .count();
            assert!(n != 1, "{table:?}");
        }
    }

    #[test]
    fn a_small_total_is_withheld_and_zero_is_shown() {
        let quarters = Quarter::of(date!(2026 - 11 - 01)).last(2);
        let table = IssueTable::publish(
            quarters,
            &counts(vec![vec![0, 0], vec![1, 0]], vec![0, 1], vec![1, 0]),
            3,
        );
        assert_eq!(table.rows[0].1, [Published::Shown(0), Published::Shown(0)]);
        assert_eq!(table.rows[1].2, Published::Suppressed);
        assert_eq!(table.rows[1].1[0], Published::Suppressed);
    }

    #[test]
    fn issues_are_read_from_the_form() {
        let today = date!(2026 - 11 - 27);
        let errors = IssueInput {
            issue: "weather".into(),
            observed_on: "2027-01-01".into(),
            note: String::new(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(errors.for_field("issue"), Some("error-choose"));
        assert_eq!(errors.for_field("observed_on"), Some("error-future-date"));
        let ok = IssueInput {
            issue: "id-documents".into(),
            observed_on: "2026-11-02".into(),
            note: " Three clients this month ".into(),
        }
        .parse(today)
        .unwrap();
        assert_eq!(ok.issue, "id-documents");
        assert_eq!(ok.note.as_deref(), Some("Three clients this month"));
        assert_eq!(
            issue_label("id-documents", "fr"),
            Some("Impossible d’obtenir des pièces d’identité")
        );
    }
}
