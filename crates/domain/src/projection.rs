//! When does the list reach functional zero? A projection of the by-name list month by month
//! from the last twelve months' inflow, outflow and units, with its uncertainty (F).
//!
//! Built for Zero measures functional zero for chronic homelessness as "at most N people
//! chronically homeless, sustained for three months". Communities estimate the date in
//! spreadsheets from average flows; this does the same arithmetic month by month, many times
//! over with the month-to-month variation the last year showed, so the answer comes with a
//! range, and searches how many more units a month would bring it forward by a year.
//!
//! The model, month after month, for the persons waiting (active or matched), chronically
//! homeless (`C`) or not yet (`N`):
//! - gone inactive: each person waiting, with the last twelve months' monthly share;
//! - inflow: Poisson with the last twelve months' mean (new, back from housing, back from
//!   inactive), chronic at arrival with the share of last year's newcomers who were;
//! - housed: Poisson with the last twelve months' mean, plus every extra unit (each extra unit
//!   a month houses one more person that month), never more than are waiting; the
//!   chronically homeless first, as a Housing First priority policy ranks them;
//! - becoming chronic: each person still waiting and not yet chronic, with a monthly chance of
//!   one in six (after six months of waiting everyone is).
//!
//! Everything it assumes is returned with the projection ([`Assumptions`]) for the page to
//! show beside the chart.

use passerelle_rng::Rng;
use serde::Serialize;

/// Runs of the simulation: enough for stable 10th and 90th percentiles.
pub const RUNS: usize = 400;
/// The furthest a projection looks: ten years.
pub const HORIZON_MONTHS: usize = 120;
/// Functional zero holds when the count stays at or under the threshold this many months.
pub const SUSTAINED_MONTHS: usize = 3;
/// Days homeless from which a person counts as chronically homeless (six months).
pub const CHRONIC_DAYS: i64 = 180;

/// What the last twelve months showed, per month, and the list today.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct History {
    /// Persons who came onto the list each month (new or back), oldest first.
    pub inflow: Vec<usize>,
    /// Persons housed each month.
    pub housed: Vec<usize>,
    /// Persons who left as inactive each month.
    pub inactive: Vec<usize>,
    /// Persons waiting today, and of them the chronically homeless.
    pub waiting: usize,
    pub chronic: usize,
    /// Of the persons who came onto the list in the last twelve months, the share who were
    /// chronically homeless when referred.
    pub chronic_at_arrival: f64,
    /// Persons waiting by bedrooms needed (0 for a bachelor), for the sizes of extra units.
    pub bedrooms_needed: Vec<(u8, usize)>,
}

/// The rates a projection runs on, estimated from a [`History`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumptions {
    pub inflow_per_month: f64,
    pub housed_per_month: f64,
    /// The monthly share of persons waiting who become inactive.
    pub inactive_share: f64,
    /// The share of arrivals chronically homeless already.
    pub chronic_at_arrival: f64,
    /// The monthly chance that a person waiting, not yet chronic, becomes so.
    pub becoming_chronic: f64,
    pub months_of_history: usize,
    pub waiting: usize,
    pub chronic: usize,
}

fn mean(values: &[usize]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<usize>() as f64 / values.len() as f64
    }
}

impl Assumptions {
    pub fn estimate(h: &History) -> Assumptions {
        // The list's size a month ago, month by month back, from today's and the flows.
        let mut size = h.waiting as f64;
        let mut sizes = Vec::with_capacity(h.inflow.len());
        for m in (0..h.inflow.len()).rev() {
            size = (size - h.inflow[m] as f64 + h.housed[m] as f64 + h.inactive[m] as f64).max(0.0);
            sizes.push(size);
        }
        let mean_size = sizes.iter().sum::<f64>() / sizes.len().max(1) as f64;
        Assumptions {
            inflow_per_month: mean(&h.inflow),
            housed_per_month: mean(&h.housed),
            inactive_share: if mean_size > 0.0 {
                (mean(&h.inactive) / mean_size).min(1.0)
            } else {
                0.0
            },
            chronic_at_arrival: h.chronic_at_arrival.clamp(0.0, 1.0),
            becoming_chronic: 1.0 / 6.0,
            months_of_history: h.inflow.len(),
            waiting: h.waiting,
            chronic: h.chronic,
        }
    }
}

/// A Poisson draw (Knuth's product of uniforms for small means, a rounded normal for large).
fn poisson(rng: &mut Rng, mean: f64) -> usize {
    if mean <= 0.0 {
        return 0;
    }
    if mean < 30.0 {
        let limit = (-mean).exp();
        let mut k = 0;
        let mut p = rng.unit();
        while p > limit {
            k += 1;
            p *= rng.unit();
        }
        k
    } else {
        (mean + mean.sqrt() * normal(rng)).round().max(0.0) as usize
    }
}

/// A binomial draw: one trial at a time when few, a rounded normal when many.
fn binomial(rng: &mut Rng, n: usize, p: f64) -> usize {
    if p <= 0.0 || n == 0 {
        return 0;
    }
    let mean = n as f64 * p;
    if n < 64 || mean < 10.0 {
        (0..n).filter(|_| rng.chance(p)).count()
    } else {
        let sd = (mean * (1.0 - p)).sqrt();
        (mean + sd * normal(rng)).round().clamp(0.0, n as f64) as usize
    }
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut Rng) -> f64 {
    let u = rng.unit().max(f64::MIN_POSITIVE);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// One run: the persons waiting and the chronically homeless at the end of each month.
fn run(a: &Assumptions, extra_units: usize, rng: &mut Rng) -> Vec<(usize, usize)> {
    let mut chronic = a.chronic.min(a.waiting);
    let mut not_yet = a.waiting - chronic;
    (0..HORIZON_MONTHS)
        .map(|_| {
            chronic -= binomial(rng, chronic, a.inactive_share);
            not_yet -= binomial(rng, not_yet, a.inactive_share);
            let arrived = poisson(rng, a.inflow_per_month);
            let arrived_chronic = binomial(rng, arrived, a.chronic_at_arrival);
            chronic += arrived_chronic;
            not_yet += arrived - arrived_chronic;
            let mut housed = poisson(rng, a.housed_per_month) + extra_units;
            let first = housed.min(chronic);
            chronic -= first;
            housed -= first;
            not_yet -= housed.min(not_yet);
            let aged = binomial(rng, not_yet, a.becoming_chronic);
            not_yet -= aged;
            chronic += aged;
            (chronic + not_yet, chronic)
        })
        .collect()
}

/// The month (1 = next month) in which a run's chronic count has been at or under
/// `threshold` for [`SUSTAINED_MONTHS`] in a row; `None` within the horizon.
fn functional_zero(run: &[(usize, usize)], threshold: usize) -> Option<usize> {
    let mut streak = 0;
    for (m, (_, chronic)) in run.iter().enumerate() {
        streak = if *chronic <= threshold { streak + 1 } else { 0 };
        if streak == SUSTAINED_MONTHS {
            return Some(m + 1);
        }
    }
    None
}

/// The value at rank `share` of `sorted` by nearest rank; `None` (beyond the horizon) sorts
/// last.
fn rank(sorted: &[Option<usize>], share: f64) -> Option<usize> {
    let i = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len().max(1)) - 1;
    sorted.get(i).copied().flatten()
}

/// The projection's months: the 10th, 50th and 90th percentiles of the runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    pub low: usize,
    pub median: usize,
    pub high: usize,
}

/// What a projection with `extra_units` a month shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Projection {
    pub extra_units: usize,
    /// Month by month from next month: the persons waiting and the chronically homeless.
    pub waiting: Vec<Band>,
    pub chronic: Vec<Band>,
    /// Months until functional zero: the 10th, 50th and 90th percentiles of the runs
    /// (`None`: not within ten years).
    pub zero_early: Option<usize>,
    pub zero_median: Option<usize>,
    pub zero_late: Option<usize>,
}

fn project(a: &Assumptions, threshold: usize, extra_units: usize, seed: u64) -> Projection {
    project_runs(a, threshold, extra_units, seed, RUNS)
}

/// Runs while searching for the extra units: a quarter of the published projection's.
const SEARCH_RUNS: usize = RUNS / 4;

fn project_runs(
    a: &Assumptions,
    threshold: usize,
    extra_units: usize,
    seed: u64,
    count: usize,
) -> Projection {
    // The same seed for every number of extra units: the runs differ only by the units.
    let mut rng = Rng::new(seed);
    let runs: Vec<Vec<(usize, usize)>> =
        (0..count).map(|_| run(a, extra_units, &mut rng)).collect();
    let band = |pick: fn(&(usize, usize)) -> usize, m: usize| {
        let mut values: Vec<usize> = runs.iter().map(|r| pick(&r[m])).collect();
        values.sort_unstable();
        let at = |share: f64| values[((share * values.len() as f64).ceil() as usize).max(1) - 1];
        Band {
            low: at(0.1),
            median: at(0.5),
            high: at(0.9),
        }
    };
    let mut zeros: Vec<Option<usize>> =
        runs.iter().map(|r| functional_zero(r, threshold)).collect();
    zeros.sort_by_key(|z| z.unwrap_or(usize::MAX));
    Projection {
        extra_units,
        waiting: (0..HORIZON_MONTHS).map(|m| band(|x| x.0, m)).collect(),
        chronic: (0..HORIZON_MONTHS).map(|m| band(|x| x.1, m)).collect(),
        zero_early: rank(&zeros, 0.1),
        zero_median: rank(&zeros, 0.5),
        zero_late: rank(&zeros, 0.9),
    }
}

/// The projection as published: as things are, and with the extra units a month that would
/// bring the median date forward by a year, split by size as the list needs them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlook {
    pub threshold: usize,
    pub assumptions: Assumptions,
    pub as_is: Projection,
    /// `None` when no number of extra units up to [`MAX_EXTRA_UNITS`] does it (or when the
    /// threshold is met already).
    pub a_year_sooner: Option<Projection>,
    /// The extra units a month by bedrooms (0 for a bachelor).
    pub extra_by_size: Vec<(u8, usize)>,
}

/// The most extra units a month the search tries.
pub const MAX_EXTRA_UNITS: usize = 1_000;

/// Splits `total` in proportion to `weights`, by largest remainder (the parts sum to it).
fn split(total: usize, weights: &[(u8, usize)]) -> Vec<(u8, usize)> {
    let sum: usize = weights.iter().map(|w| w.1).sum();
    if sum == 0 {
        return Vec::new();
    }
    let exact: Vec<f64> = weights
        .iter()
        .map(|w| total as f64 * w.1 as f64 / sum as f64)
        .collect();
    let mut parts: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &i in order.iter().take(total - parts.iter().sum::<usize>()) {
        parts[i] += 1;
    }
    weights
        .iter()
        .zip(parts)
        .map(|(w, p)| (w.0, p))
        .filter(|p| p.1 > 0)
        .collect()
}

/// The outlook for a community whose threshold for functional zero is `threshold`.
pub fn outlook(history: &History, threshold: usize, seed: u64) -> Outlook {
    let assumptions = Assumptions::estimate(history);
    let as_is = project(&assumptions, threshold, 0, seed);
    // A year sooner than the median as things are; with no date within ten years, a date
    // within nine.
    let target = as_is.zero_median.map_or(Some(HORIZON_MONTHS - 12), |m| {
        m.checked_sub(12).filter(|t| *t > 0)
    });
    let sooner = |p: &Projection, target: usize| p.zero_median.is_some_and(|m| m <= target);
    let a_year_sooner = target.and_then(|target| {
        // The fewest extra units that do it: doubling to bracket, then halving.
        let does = |units| {
            sooner(
                &project_runs(&assumptions, threshold, units, seed, SEARCH_RUNS),
                target,
            )
        };
        let mut high = 1;
        while high <= MAX_EXTRA_UNITS && !does(high) {
            high *= 2;
        }
        if high > MAX_EXTRA_UNITS {
            return None;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let mid = (low + high) / 2;
            if does(mid) {
                high = mid;
            } else {
                low = mid;
            }
        }
        // The published figures come from the full runs: a unit or two more when those
        // fall just short of the year.
        (high..=MAX_EXTRA_UNITS)
            .take(8)
            .map(|units| project(&assumptions, threshold, units, seed))
            .find(|p| sooner(p, target))
    });
    let extra_by_size = a_year_sooner
        .as_ref()
        .map(|p| split(p.extra_units, &history.bedrooms_needed))
        .unwrap_or_default();
    Outlook {
        threshold,
        assumptions,
        as_is,
        a_year_sooner,
        extra_by_size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twelve months drawn with known rates by a simulation of the test's own (not the
    /// module's): the list, its flows, and the list today.
    fn known_history(inflow: f64, housed: f64, inactive: f64, start: usize, seed: u64) -> History {
        let mut rng = Rng::new(seed);
        let mut waiting = start;
        let mut h = History {
            inflow: Vec::new(),
            housed: Vec::new(),
            inactive: Vec::new(),
            waiting: 0,
            chronic: 0,
            chronic_at_arrival: 0.1,
            bedrooms_needed: vec![(0, 60), (1, 25), (2, 10), (3, 5)],
        };
        for _ in 0..12 {
            // Sums of uniform draws: the same means, another distribution than Poisson.
            let draw = |rng: &mut Rng, mean: f64| {
                (0..4).map(|_| rng.unit() * mean / 2.0).sum::<f64>().round() as usize
            };
            let came = draw(&mut rng, inflow);
            let left = ((waiting as f64 * inactive) + rng.jitter(1.0))
                .round()
                .max(0.0) as usize;
            let placed = draw(&mut rng, housed).min(waiting - left.min(waiting));
            waiting = waiting + came - placed - left.min(waiting);
            h.inflow.push(came);
            h.housed.push(placed);
            h.inactive.push(left);
        }
        h.waiting = waiting;
        h.chronic = waiting * 2 / 5;
        h
    }

    /// The expected path with the rates known, written apart from the module: each month
    /// the inactive leave, the newcomers arrive, the housed leave (the chronically homeless
    /// first), and a sixth of the others become chronic. `(waiting, chronic)` per month.
    fn expected_path(a: &Assumptions, months: usize) -> Vec<(f64, f64)> {
        let (mut c, mut n) = (a.chronic as f64, (a.waiting - a.chronic) as f64);
        let mut path = Vec::new();
        for _ in 0..months {
            c *= 1.0 - a.inactive_share;
            n *= 1.0 - a.inactive_share;
            c += a.inflow_per_month * a.chronic_at_arrival;
            n += a.inflow_per_month * (1.0 - a.chronic_at_arrival);
            let from_chronic = a.housed_per_month.min(c);
            c -= from_chronic;
            n = (n - (a.housed_per_month - from_chronic)).max(0.0);
            let aged = n * a.becoming_chronic;
            n -= aged;
            c += aged;
            path.push((c + n, c));
        }
        path
    }

    #[test]
    fn the_rates_are_estimated_from_the_history_within_its_noise() {
        let h = known_history(40.0, 55.0, 0.02, 900, 11);
        let a = Assumptions::estimate(&h);
        assert!((a.inflow_per_month - 40.0).abs() < 6.0, "{a:?}");
        assert!((a.housed_per_month - 55.0).abs() < 8.0, "{a:?}");
        assert!((a.inactive_share - 0.02).abs() < 0.006, "{a:?}");
        assert_eq!(a.chronic, h.chronic);
    }

    #[test]
    fn the_projection_follows_the_known_rates_and_its_band_holds_the_expected_path() {
        let a = Assumptions {
            inflow_per_month: 40.0,
            housed_per_month: 38.0,
            inactive_share: 0.02,
            chronic_at_arrival: 0.1,
            becoming_chronic: 1.0 / 6.0,
            months_of_history: 12,
            waiting: 900,
            chronic: 360,
        };
        let p = project(&a, 3, 0, 5);
        let expected = expected_path(&a, 60);
        for months in [6, 24, 60] {
            let (waiting, chronic) = expected[months - 1];
            let band = &p.waiting[months - 1];
            assert!(
                (band.median as f64 - waiting).abs() <= waiting * 0.05 + 3.0,
                "month {months}: {band:?} vs {waiting:.0}"
            );
            assert!(
                band.low as f64 <= waiting && waiting <= band.high as f64,
                "{band:?}"
            );
            let band = &p.chronic[months - 1];
            assert!(
                (band.median as f64 - chronic).abs() <= chronic * 0.08 + 3.0,
                "month {months}: {band:?} vs {chronic:.0}"
            );
        }
        // Drained by housing faster than it fills: the median date is within a few months
        // of the month the expected chronic count stays at three or fewer.
        let fast = Assumptions {
            housed_per_month: 70.0,
            chronic_at_arrival: 0.02,
            ..a.clone()
        };
        let p = project(&fast, 3, 0, 5);
        let path = expected_path(&fast, HORIZON_MONTHS);
        let mut streak = 0;
        let expected_zero = path.iter().position(|(_, c)| {
            streak = if c.round() <= 3.0 { streak + 1 } else { 0 };
            streak == SUSTAINED_MONTHS
        });
        let (median, expected) = (
            p.zero_median.unwrap() as i64,
            expected_zero.unwrap() as i64 + 1,
        );
        assert!((median - expected).abs() <= 4, "{median} vs {expected}");
        assert!(p.zero_early.unwrap() <= p.zero_median.unwrap());
        assert!(p.zero_median.unwrap() <= p.zero_late.unwrap_or(usize::MAX));
    }

    #[test]
    fn the_extra_units_found_bring_the_date_a_year_sooner_and_no_fewer_do() {
        let mut h = known_history(40.0, 48.0, 0.01, 900, 3);
        h.chronic_at_arrival = 0.02;
        let o = outlook(&h, 3, 9);
        let base = o.as_is.zero_median.expect("a date within ten years");
        let sooner = o.a_year_sooner.as_ref().expect("extra units that do it");
        assert!(
            sooner.zero_median.unwrap() + 12 <= base,
            "{base} vs {sooner:?}"
        );
        let fewer = project(&o.assumptions, 3, sooner.extra_units - 1, 9);
        assert!(fewer.zero_median.is_none_or(|m| m + 12 > base));
        // The sizes add up to the units and follow the list's needs.
        let total: usize = o.extra_by_size.iter().map(|s| s.1).sum();
        assert_eq!(total, sooner.extra_units);
        assert!(o.extra_by_size[0].1 >= o.extra_by_size.last().unwrap().1);
    }

    #[test]
    fn a_list_that_grows_never_reaches_zero_and_a_list_already_there_needs_nothing() {
        let growing = known_history(60.0, 20.0, 0.0, 500, 4);
        let o = outlook(&growing, 0, 1);
        assert_eq!(o.as_is.zero_median, None);
        assert!(o.as_is.waiting[119].median > 500);
        let empty = History {
            inflow: vec![0; 12],
            housed: vec![0; 12],
            inactive: vec![0; 12],
            waiting: 0,
            chronic: 0,
            chronic_at_arrival: 0.0,
            bedrooms_needed: vec![],
        };
        let o = outlook(&empty, 3, 1);
        assert_eq!(o.as_is.zero_median, Some(SUSTAINED_MONTHS));
        assert!(o.a_year_sooner.is_none() && o.extra_by_size.is_empty());
    }

    #[test]
    fn parts_follow_their_weights_and_sum_to_the_whole() {
        assert_eq!(
            split(10, &[(0, 60), (1, 25), (2, 15)]),
            vec![(0, 6), (1, 3), (2, 1)]
        );
        assert_eq!(split(0, &[(0, 1)]), vec![]);
        assert_eq!(split(5, &[]), vec![]);
    }
}
