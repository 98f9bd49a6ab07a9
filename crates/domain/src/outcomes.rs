//! Housing outcomes for public authorities (F): placements per month, days from referral to
//! move-in, retention at 6 and 12 months, returns to homelessness, and the list's inflow and
//! outflow. Each is computed here from raw records (one per tenancy, one per flow count) and
//! published with every count of persons below k withheld, with the secondary suppression of
//! [`publish_grid`], so that a withheld cell cannot be worked out from the totals. See
//! `docs/reports.md`.

use crate::FieldErrors;
use crate::equity::HOUSEHOLD_TYPES;
use crate::housing::MonthIndex;
use crate::referrals::status::Flow;
use crate::suppression::{MAX_K, MIN_K, Published, PublishedGrid, publish_grid};
use crate::tenancies::{RETURN_WITHIN_MONTHS, Retention, add_months, retention, returned_on};
use serde::{Deserialize, Serialize};
use time::Date;

/// The k a report uses unless asked otherwise.
pub const DEFAULT_K: usize = 5;
/// The longest period a report covers: ten years of months.
pub const MAX_MONTHS: i32 = 120;

/// The months a report covers, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthRange {
    pub from: MonthIndex,
    pub to: MonthIndex,
}

impl MonthRange {
    /// The twelve months ending with the month of `today`.
    pub fn last_twelve(today: Date) -> MonthRange {
        let to = MonthIndex::of(today);
        MonthRange {
            from: MonthIndex(to.0 - 11),
            to,
        }
    }

    pub fn months(&self) -> Vec<MonthIndex> {
        (self.from.0..=self.to.0).map(MonthIndex).collect()
    }

    pub fn contains(&self, day: Date) -> bool {
        (self.from..=self.to).contains(&MonthIndex::of(day))
    }

    fn index_of(&self, day: Date) -> Option<usize> {
        self.contains(day)
            .then(|| (MonthIndex::of(day).0 - self.from.0) as usize)
    }
}

/// A report's period and k as typed in its form or the API's query.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct ReportQuery {
    /// `YYYY-MM`; twelve months before `to` when blank.
    pub from: String,
    /// `YYYY-MM`; this month when blank.
    pub to: String,
    /// The smallest count of persons published; [`DEFAULT_K`] when blank, never below
    /// [`MIN_K`].
    pub k: String,
}

impl ReportQuery {
    /// The period and k, checked on `today`: months as `YYYY-MM`, `to` not before `from`
    /// nor after this month, at most [`MAX_MONTHS`] months, k from [`MIN_K`] to [`MAX_K`].
    pub fn parse(&self, today: Date) -> Result<(MonthRange, usize), FieldErrors> {
        let mut e = FieldErrors::default();
        let this_month = MonthIndex::of(today);
        let mut month = |field: &str, raw: &str, default: MonthIndex| match raw.trim() {
            "" => default,
            raw => MonthIndex::parse(raw).unwrap_or_else(|| {
                e.push(field, "error-month");
                default
            }),
        };
        let to = month("to", &self.to, this_month);
        let from = month("from", &self.from, MonthIndex(to.0 - 11));
        if to > this_month {
            e.push("to", "error-month-in-future");
        }
        if to < from {
            e.push("to", "error-range-order");
        } else if to.0 - from.0 + 1 > MAX_MONTHS {
            e.push("from", "error-range-too-long");
        }
        let k = match self.k.trim() {
            "" => DEFAULT_K,
            raw => match raw.parse::<usize>() {
                Ok(k) if (MIN_K..=MAX_K).contains(&k) => k,
                _ => {
                    e.push("k", "error-k");
                    DEFAULT_K
                }
            },
        };
        e.finish((MonthRange { from, to }, k))
    }
}

/// One tenancy of a person housed through the list, as the reports count it.
#[derive(Debug, Clone, PartialEq)]
pub struct HousedRecord {
    /// A code of [`HOUSEHOLD_TYPES`], from the referral that led to the housing.
    pub household: &'static str,
    /// The referral that led to the housing: the person's latest on or before the move-in.
    pub referred_on: Option<Date>,
    pub moved_in: Date,
    pub ended: Option<Date>,
    pub end_reason: Option<String>,
    /// The person's first referral after the move-in.
    pub referred_again_on: Option<Date>,
}

fn group_index(household: &str) -> usize {
    HOUSEHOLD_TYPES
        .iter()
        .position(|h| *h == household)
        .unwrap_or(0)
}

/// Move-ins per month, by household type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementsReport {
    pub months: Vec<MonthIndex>,
    /// Rows: [`HOUSEHOLD_TYPES`]; columns: the months; with totals.
    pub grid: PublishedGrid,
}

pub fn placements(records: &[HousedRecord], range: MonthRange, k: usize) -> PlacementsReport {
    let months = range.months();
    let mut cells = vec![vec![0usize; months.len()]; HOUSEHOLD_TYPES.len()];
    for r in records {
        if let Some(m) = range.index_of(r.moved_in) {
            cells[group_index(r.household)][m] += 1;
        }
    }
    PlacementsReport {
        grid: grid_with_sums(&cells, k),
        months,
    }
}

/// Publishes `cells` with their row sums, column sums and grand total as the totals.
fn grid_with_sums(cells: &[Vec<usize>], k: usize) -> PublishedGrid {
    let row_totals: Vec<usize> = cells.iter().map(|r| r.iter().sum()).collect();
    let cols = cells.first().map_or(0, Vec::len);
    let column_totals: Vec<usize> = (0..cols)
        .map(|c| cells.iter().map(|r| r[c]).sum())
        .collect();
    let total = row_totals.iter().sum();
    publish_grid(cells, &row_totals, Some(&column_totals), Some(total), k)
}

/// The value at rank `share` of sorted `values`, by nearest rank (the median is the lower
/// middle of an even count): `None` when empty.
pub fn nearest_rank(sorted: &[i64], share: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// Days from referral to move-in for one group (or everyone).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaitLine {
    /// A code of [`HOUSEHOLD_TYPES`], or `all`.
    pub group: &'static str,
    pub housed: Published,
    /// Withheld (`None`) with the count, or when nobody was housed.
    pub median_days: Option<i64>,
    pub p90_days: Option<i64>,
}

/// Days from the referral that led to the housing to the move-in, for the move-ins of the
/// period: median and 90th percentile by household type and for everyone. A group's
/// figures are withheld with its count.
pub fn time_to_housing(records: &[HousedRecord], range: MonthRange, k: usize) -> Vec<WaitLine> {
    let mut days: Vec<Vec<i64>> = vec![Vec::new(); HOUSEHOLD_TYPES.len()];
    for r in records.iter().filter(|r| range.contains(r.moved_in)) {
        if let Some(referred) = r.referred_on {
            days[group_index(r.household)].push((r.moved_in - referred).whole_days());
        }
    }
    let counts: Vec<usize> = days.iter().map(Vec::len).collect();
    let total: usize = counts.iter().sum();
    let grid = publish_grid(&[counts], &[total], None, None, k);
    let mut everyone: Vec<i64> = days.iter().flatten().copied().collect();
    everyone.sort_unstable();
    let line = |group, housed: Published, sorted: &[i64]| WaitLine {
        group,
        housed,
        median_days: housed.shown().and_then(|_| nearest_rank(sorted, 0.5)),
        p90_days: housed.shown().and_then(|_| nearest_rank(sorted, 0.9)),
    };
    let mut lines: Vec<WaitLine> = HOUSEHOLD_TYPES
        .iter()
        .zip(days.iter_mut())
        .zip(&grid.cells[0])
        .map(|((group, d), housed)| {
            d.sort_unstable();
            line(*group, *housed, d)
        })
        .collect();
    lines.push(line("all", grid.row_totals[0], &everyone));
    lines
}

/// The columns of the retention report.
pub const RETENTION_COLUMNS: [&str; 4] = ["retained", "not_retained", "excluded", "not_yet"];
/// The marks, in months after the move-in.
pub const RETENTION_MARKS: [u32; 2] = [6, 12];

/// Retention of the households that moved in during the period, at 6 and 12 months.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetentionReport {
    /// Rows: [`RETENTION_MARKS`]; columns: [`RETENTION_COLUMNS`]; row totals: the
    /// households that moved in. No column totals: a household is in both rows.
    pub grid: PublishedGrid,
    /// Retained ÷ (retained + not retained), per mark; withheld when either count is.
    pub rates: Vec<Option<f64>>,
}

pub fn retention_report(
    records: &[HousedRecord],
    range: MonthRange,
    today: Date,
    k: usize,
) -> RetentionReport {
    let mut cells = vec![vec![0usize; RETENTION_COLUMNS.len()]; RETENTION_MARKS.len()];
    for r in records.iter().filter(|r| range.contains(r.moved_in)) {
        let ended = r.ended.map(|on| (on, r.end_reason.as_deref()));
        for (row, months) in RETENTION_MARKS.iter().enumerate() {
            let column = match retention(r.moved_in, ended, *months, today) {
                Retention::Retained => 0,
                Retention::NotRetained => 1,
                Retention::Excluded => 2,
                Retention::NotYet => 3,
            };
            cells[row][column] += 1;
        }
    }
    let totals: Vec<usize> = cells.iter().map(|r| r.iter().sum()).collect();
    let grid = publish_grid(&cells, &totals, None, None, k);
    let rates = grid
        .cells
        .iter()
        .map(|row| match (row[0].shown(), row[1].shown()) {
            (Some(kept), Some(lost)) if kept + lost > 0 => Some(kept as f64 / (kept + lost) as f64),
            _ => None,
        })
        .collect();
    RetentionReport { grid, rates }
}

/// The columns of the returns report.
pub const RETURN_COLUMNS: [&str; 3] = ["returned", "not_returned", "not_yet"];

/// Returns to homelessness of the households that moved in during the period, by
/// household type: referred again within twelve months, twelve months passed without, or
/// not yet twelve months.
pub fn returns_report(
    records: &[HousedRecord],
    range: MonthRange,
    today: Date,
    k: usize,
) -> PublishedGrid {
    let mut cells = vec![vec![0usize; RETURN_COLUMNS.len()]; HOUSEHOLD_TYPES.len()];
    for r in records.iter().filter(|r| range.contains(r.moved_in)) {
        let column = if returned_on(r.moved_in, r.referred_again_on).is_some_and(|on| on <= today) {
            0
        } else if add_months(r.moved_in, RETURN_WITHIN_MONTHS) <= today {
            1
        } else {
            2
        };
        cells[group_index(r.household)][column] += 1;
    }
    grid_with_sums(&cells, k)
}

/// Persons who came onto or left the list in a month for one reason, as counted by the
/// store.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowRecord {
    pub month: MonthIndex,
    pub flow: Flow,
    pub count: usize,
}

/// The list's inflow and outflow per month: rows are [`Flow::ALL`] (new, returned from
/// housed, returned from inactive, then housed and inactive), with their totals over the
/// period; the months have no total (an inflow and an outflow do not add up).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowsReport {
    pub months: Vec<MonthIndex>,
    pub grid: PublishedGrid,
}

pub fn flows_report(flows: &[FlowRecord], range: MonthRange, k: usize) -> FlowsReport {
    let months = range.months();
    let mut cells = vec![vec![0usize; months.len()]; Flow::ALL.len()];
    for f in flows {
        let Some(row) = Flow::ALL.iter().position(|x| *x == f.flow) else {
            continue;
        };
        if (range.from..=range.to).contains(&f.month) {
            cells[row][(f.month.0 - range.from.0) as usize] += f.count;
        }
    }
    let totals: Vec<usize> = cells.iter().map(|r| r.iter().sum()).collect();
    FlowsReport {
        grid: publish_grid(&cells, &totals, None, None, k),
        months,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn housed(household: &'static str, referred: Date, moved_in: Date) -> HousedRecord {
        HousedRecord {
            household,
            referred_on: Some(referred),
            moved_in,
            ended: None,
            end_reason: None,
            referred_again_on: None,
        }
    }

    #[test]
    fn a_period_is_read_with_its_bounds() {
        let today = date!(2026 - 11 - 30);
        let q = |from: &str, to: &str, k: &str| ReportQuery {
            from: from.into(),
            to: to.into(),
            k: k.into(),
        };
        let (range, k) = q("", "", "").parse(today).unwrap();
        assert_eq!(range, MonthRange::last_twelve(today));
        assert_eq!(range.months().len(), 12);
        assert_eq!(k, DEFAULT_K);
        let errors = q("2026-05", "2026-02", "2").parse(today).unwrap_err();
        assert_eq!(errors.for_field("to"), Some("error-range-order"));
        assert_eq!(errors.for_field("k"), Some("error-k"));
        let errors = q("2010-01", "2026-12", "").parse(today).unwrap_err();
        assert_eq!(errors.for_field("to"), Some("error-month-in-future"));
        assert_eq!(errors.for_field("from"), Some("error-range-too-long"));
        assert_eq!(
            q("May", "", "").parse(today).unwrap_err().for_field("from"),
            Some("error-month")
        );
    }

    #[test]
    fn percentiles_are_by_nearest_rank() {
        let days: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&days, 0.5), Some(5));
        assert_eq!(nearest_rank(&days, 0.9), Some(9));
        assert_eq!(nearest_rank(&[7], 0.9), Some(7));
        assert_eq!(nearest_rank(&[], 0.5), None);
    }

    #[test]
    fn each_report_counts_the_records_of_its_period() {
        let today = date!(2026 - 11 - 30);
        let range = MonthRange {
            from: MonthIndex::of(date!(2025 - 01 - 01)),
            to: MonthIndex::of(date!(2025 - 12 - 01)),
        };
        let mut records: Vec<HousedRecord> = (0..12)
            .map(|i| {
                housed(
                    "single",
                    date!(2024 - 12 - 01),
                    date!(2025 - 03 - 01) + time::Duration::days(i),
                )
            })
            .collect();
        records.push(housed(
            "family",
            date!(2025 - 01 - 01),
            date!(2025 - 03 - 10),
        ));
        // Outside the period: counted nowhere.
        records.push(housed(
            "single",
            date!(2023 - 01 - 01),
            date!(2024 - 06 - 01),
        ));
        records[0].ended = Some(date!(2025 - 04 - 01));
        records[0].end_reason = Some("eviction".into());
        records[1].referred_again_on = Some(date!(2025 - 12 - 01));
        let k = 5;

        let p = placements(&records, range, k);
        crate::suppression::no_lone_withheld(&p.grid);
        assert_eq!(p.grid.total, Some(Published::Shown(13)));
        assert_eq!(p.grid.column_totals[2], Published::Shown(13));
        // The lone family is withheld with its row's total; then March's singles, or the
        // family would be March's total less them, and then the singles' total.
        assert_eq!(p.grid.cells[2][2], Published::Suppressed);
        assert_eq!(p.grid.row_totals[2], Published::Suppressed);
        assert_eq!(p.grid.cells[0][2], Published::Suppressed);
        assert_eq!(p.grid.row_totals[0], Published::Suppressed);

        let waits = time_to_housing(&records, range, k);
        // The lone family is withheld with its figures, and the singles with it (the
        // smaller partner in the line of the groups and their total).
        let family = &waits[2];
        assert_eq!(
            (family.housed, family.median_days),
            (Published::Suppressed, None)
        );
        assert_eq!(
            (waits[0].housed, waits[0].p90_days),
            (Published::Suppressed, None)
        );
        // Everyone: 68 days for the family, 90 to 101 for the singles.
        let all = &waits[3];
        assert_eq!(all.housed, Published::Shown(13));
        assert_eq!((all.median_days, all.p90_days), (Some(95), Some(100)));

        let r = retention_report(&records, range, today, k);
        // At six months: one evicted before (withheld), so the twelve kept are withheld too,
        // and so is the rate; the thirteen who moved in are shown.
        assert_eq!(r.grid.cells[0][1], Published::Suppressed);
        assert_eq!(r.grid.cells[0][0], Published::Suppressed);
        assert_eq!(r.grid.row_totals[0], Published::Shown(13));
        assert_eq!(r.rates[0], None);
        crate::suppression::no_lone_withheld(&r.grid);
        let returns = returns_report(&records, range, today, k);
        crate::suppression::no_lone_withheld(&returns);
        assert_eq!(returns.total, Some(Published::Shown(13)));
        assert_eq!(returns.cells[0][0], Published::Suppressed);

        let flows = flows_report(
            &[
                FlowRecord {
                    month: range.from,
                    flow: Flow::New,
                    count: 9,
                },
                FlowRecord {
                    month: range.from,
                    flow: Flow::Housed,
                    count: 2,
                },
                FlowRecord {
                    month: MonthIndex(range.to.0 + 1),
                    flow: Flow::New,
                    count: 40,
                },
            ],
            range,
            k,
        );
        assert_eq!(flows.grid.cells[0][0], Published::Shown(9));
        assert_eq!(flows.grid.row_totals[0], Published::Shown(9));
        assert_eq!(flows.grid.cells[3][0], Published::Suppressed);
        assert_eq!(flows.grid.row_totals[3], Published::Suppressed);
    }

    #[test]
    fn an_empty_period_gives_empty_reports() {
        let today = date!(2026 - 11 - 30);
        let range = MonthRange::last_twelve(today);
        let p = placements(&[], range, 5);
        assert_eq!(p.grid.total, Some(Published::Shown(0)));
        assert!(
            time_to_housing(&[], range, 5)
                .iter()
                .all(|w| w.median_days.is_none())
        );
        assert_eq!(
            retention_report(&[], range, today, 5).rates,
            vec![None, None]
        );
    }
}
