//! The equity of matching (D4): for a round or a period, how many persons of each group
//! were offered a unit, accepted one and moved in, against the group's share of the persons
//! waiting on the list, with the ratio and an interval that says when a difference is more
//! than chance; and the median days from the first referral to the offer and to the move-in.
//!
//! Groups are the referring agency, the household type, the age group, the gender and the
//! groups a person chose to say they belong to. Every count of persons from 1 to k − 1 is
//! withheld, with a second count wherever the dimension's total would give it away, and
//! nothing derived from a withheld count (a share, a ratio) is shown either.

use crate::suppression::{Published, withhold};
use serde::Serialize;
use time::Date;

/// How persons are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The agency of the person's latest referral.
    Agency,
    HouseholdType,
    AgeGroup,
    Gender,
    /// Voluntary; a person may be in several of these groups or in none.
    SelfIdentified,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Self::Agency,
        Self::HouseholdType,
        Self::AgeGroup,
        Self::Gender,
        Self::SelfIdentified,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Agency => "agency",
            Self::HouseholdType => "household_type",
            Self::AgeGroup => "age_group",
            Self::Gender => "gender",
            Self::SelfIdentified => "self_identified",
        }
    }

    /// Whether every person is in exactly one of the dimension's groups, so that the groups
    /// add up to the total (and a total can give a lone withheld count away).
    pub fn partitions(self) -> bool {
        self != Self::SelfIdentified
    }
}

pub const HOUSEHOLD_TYPES: [&str; 3] = ["single", "adults", "family"];
pub const AGE_GROUPS: [&str; 4] = ["youth", "adult", "senior", "unknown"];
pub const GENDERS: [&str; 3] = ["woman", "man", "other"];

/// Age from which a person is a senior (and eligible for seniors' programs).
pub const SENIOR_AGE: i32 = 55;

/// One adult alone, adults without children, or a family (children or a pregnancy).
pub fn household_type(adults: u8, children: usize, pregnant: bool) -> &'static str {
    match (adults, children > 0 || pregnant) {
        (_, true) => "family",
        (0 | 1, false) => "single",
        _ => "adults",
    }
}

pub fn age_group(age: Option<i32>) -> &'static str {
    match age {
        None => "unknown",
        Some(a) if a <= *crate::referrals::referral::YOUTH_AGES.end() => "youth",
        Some(a) if a >= SENIOR_AGE => "senior",
        Some(_) => "adult",
    }
}

/// Sex or gender is written in the person's own words, in either language: "woman" and
/// "man" where the words say so, else "other" (another gender, or not stated).
pub fn gender(words: Option<&str>) -> &'static str {
    let words = crate::text::fold(words.unwrap_or(""));
    let words = words.trim();
    // "woman" holds "man" and "femme" holds "f": the women's words are tried first.
    if ["f", "w", "female", "femme", "feminin"].contains(&words)
        || words.contains("woman")
        || words.contains("femme")
    {
        "woman"
    } else if ["m", "h", "male", "man", "homme", "masculin"].contains(&words)
        || words
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "man" || w == "homme")
    {
        "man"
    } else {
        "other"
    }
}

/// The outcomes measured, in the order of [`Row::outcomes`].
pub const OUTCOMES: [&str; 3] = ["offered", "accepted", "housed"];

/// What happened to one person within the round or period measured.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonOutcomes {
    /// Every group the person is in: one per partitioning dimension, any number of
    /// self-identified groups.
    pub groups: Vec<(Dimension, String)>,
    /// The person's first referral: where the days to an offer are counted from.
    pub entered_on: Date,
    /// Waiting on the list (active or matched) at some time in the period, or in the round.
    pub listed: bool,
    /// The first offer, the first acceptance of an offer by the person, and the move-in.
    pub offered_on: Option<Date>,
    pub accepted_on: Option<Date>,
    pub moved_in_on: Option<Date>,
}

impl PersonOutcomes {
    fn outcomes(&self) -> [Option<Date>; 3] {
        [self.offered_on, self.accepted_on, self.moved_in_on]
    }

    /// Everyone offered was waiting: the list counts them even where their listing is
    /// outside what was read.
    fn counted(&self) -> bool {
        self.listed || self.outcomes().iter().any(Option::is_some)
    }
}

/// A group's rate against everyone's: 1 is the same rate; the interval is where the ratio
/// lies at 95% confidence given the group's size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ratio {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl Ratio {
    /// The interval leaves out 1: more than chance.
    pub fn beyond_chance(&self) -> bool {
        self.low > 1.0 || self.high < 1.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeCell {
    pub count: Published,
    /// The group's share of everyone with this outcome.
    pub share: Option<f64>,
    pub ratio: Option<Ratio>,
}

/// One group's line (or the total's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub dimension: Option<Dimension>,
    pub group: String,
    pub listed: Published,
    /// The group's share of the persons listed.
    pub list_share: Option<f64>,
    pub outcomes: Vec<OutcomeCell>,
    /// Withheld (None) when fewer than k persons are behind it.
    pub median_days_to_offer: Option<f64>,
    pub median_days_to_move_in: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquityReport {
    pub k: usize,
    pub total: Row,
    pub rows: Vec<Row>,
}

/// 95% two-sided.
const Z: f64 = 1.959_963_984_540_054;

/// Wilson's score interval for `x` successes out of `n`: it stays within 0 and 1 and is
/// sound for the small groups and the zero counts equity tables are full of.
fn wilson(x: usize, n: usize) -> (f64, f64) {
    let (x, n) = (x as f64, n as f64);
    let p = x / n;
    let z2 = Z * Z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = Z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

fn median(mut days: Vec<i64>, k: usize) -> Option<f64> {
    if days.len() < k.max(1) {
        return None;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    Some(if days.len() % 2 == 1 {
        days[mid] as f64
    } else {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    })
}

/// The counts behind one line: listed, then each outcome.
type Counts = [usize; 4];

fn counts(persons: &[&PersonOutcomes]) -> Counts {
    let mut c = [persons.len(), 0, 0, 0];
    for p in persons {
        for (i, o) in p.outcomes().iter().enumerate() {
            c[i + 1] += usize::from(o.is_some());
        }
    }
    c
}

fn row(
    dimension: Option<Dimension>,
    group: &str,
    members: &[&PersonOutcomes],
    published: [Published; 4],
    total: Counts,
    k: usize,
) -> Row {
    let share = |part: Published, whole: usize| {
        part.shown()
            .filter(|_| whole > 0)
            .map(|n| n as f64 / whole as f64)
    };
    let listed = published[0];
    let outcomes = (0..OUTCOMES.len())
        .map(|i| {
            let count = published[i + 1];
            let ratio = match (listed.shown(), count.shown()) {
                (Some(n), Some(x)) if n > 0 && total[i + 1] > 0 && dimension.is_some() => {
                    let everyone = total[i + 1] as f64 / total[0] as f64;
                    let (low, high) = wilson(x, n);
                    Some(Ratio {
                        value: (x as f64 / n as f64) / everyone,
                        low: low / everyone,
                        high: high / everyone,
                    })
                }
                _ => None,
            };
            OutcomeCell {
                count,
                share: share(count, total[i + 1]),
                ratio,
            }
        })
        .collect();
    let days = |to: fn(&PersonOutcomes) -> Option<Date>| {
        let days = members
            .iter()
            .filter_map(|p| to(p).map(|d| (d - p.entered_on).whole_days()))
            .collect();
        median(days, k)
    };
    Row {
        dimension,
        group: group.to_owned(),
        listed,
        list_share: share(listed, total[0]),
        outcomes,
        median_days_to_offer: days(|p| p.offered_on),
        median_days_to_move_in: days(|p| p.moved_in_on),
    }
}

/// The report over `persons`, one row per group of `groups` (each dimension's groups in
/// the order to show them, every group listed even when nobody is in it), with counts of
/// persons below `k` withheld.
pub fn measure(
    persons: &[PersonOutcomes],
    groups: &[(Dimension, Vec<String>)],
    k: usize,
) -> EquityReport {
    let everyone: Vec<&PersonOutcomes> = persons.iter().filter(|p| p.counted()).collect();
    let total = counts(&everyone);
    let mut rows = Vec::new();
    let mut total_published = total.map(Published::Shown);
    for (dimension, codes) in groups {
        let members: Vec<Vec<&PersonOutcomes>> = codes
            .iter()
            .map(|code| {
                everyone
                    .iter()
                    .copied()
                    .filter(|p| p.groups.iter().any(|(d, g)| d == dimension && g == code))
                    .collect()
            })
            .collect();
        // The groups' counts, then the total as the last line: each column is a line.
        let mut value: Vec<Vec<usize>> = members.iter().map(|m| counts(m).to_vec()).collect();
        value.push(total.to_vec());
        let last = value.len() - 1;
        let lines: Vec<Vec<(usize, usize)>> = if dimension.partitions() {
            (0..4)
                .map(|c| (0..=last).map(|r| (r, c)).collect())
                .collect()
        } else {
            Vec::new()
        };
        // The total is the same in every dimension: it is never a partner, so that each
        // dimension's withholding leaves it as it is everywhere else.
        let hidden = withhold(&value, &lines, |(r, _)| r != last, k);
        for (r, (code, m)) in codes.iter().zip(&members).enumerate() {
            let published = std::array::from_fn(|c| {
                if hidden[r][c] {
                    Published::Suppressed
                } else {
                    Published::Shown(value[r][c])
                }
            });
            rows.push(row(Some(*dimension), code, m, published, total, k));
        }
        for (c, cell) in total_published.iter_mut().enumerate() {
            if hidden[last][c] {
                *cell = Published::Suppressed;
            }
        }
    }
    EquityReport {
        k,
        total: row(None, "all", &everyone, total_published, total, k),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn person(
        agency: &str,
        offered: bool,
        housed: bool,
        entered_days_before: i64,
    ) -> PersonOutcomes {
        let day = date!(2026 - 06 - 01);
        PersonOutcomes {
            groups: vec![
                (Dimension::Agency, agency.into()),
                (Dimension::Gender, "other".into()),
            ],
            entered_on: day - time::Duration::days(entered_days_before),
            listed: true,
            offered_on: offered.then_some(day),
            accepted_on: housed.then_some(day),
            moved_in_on: housed.then(|| day + time::Duration::days(10)),
        }
    }

    fn groups(agencies: &[&str]) -> Vec<(Dimension, Vec<String>)> {
        vec![(
            Dimension::Agency,
            agencies.iter().map(|a| (*a).to_owned()).collect(),
        )]
    }

    #[test]
    fn the_words_people_use_give_their_gender() {
        for w in [
            "F",
            "female",
            "Woman",
            "femme",
            "Femme trans",
            "trans woman",
        ] {
            assert_eq!(gender(Some(w)), "woman", "{w}");
        }
        for w in ["M", "male", "Man", "homme", "H", "trans man"] {
            assert_eq!(gender(Some(w)), "man", "{w}");
        }
        for w in ["non-binary", "bispirituel", "", "prefer not to say"] {
            assert_eq!(gender(Some(w)), "other", "{w}");
        }
        assert_eq!(gender(None), "other");
        assert_eq!(household_type(1, 0, false), "single");
        assert_eq!(household_type(2, 0, false), "adults");
        assert_eq!(household_type(1, 0, true), "family");
        assert_eq!(age_group(Some(24)), "youth");
        assert_eq!(age_group(Some(25)), "adult");
        assert_eq!(age_group(Some(55)), "senior");
        assert_eq!(age_group(None), "unknown");
    }

    #[test]
    fn a_group_offered_far_less_than_its_share_is_beyond_chance() {
        // A: 40 listed, 4 offered; B: 40 listed, 20 offered. Overall 24 of 80 = 0.3.
        let mut persons = Vec::new();
        for i in 0..40 {
            persons.push(person("A", i < 4, false, 100));
            persons.push(person("B", i < 20, i < 10, 30));
        }
        let report = measure(&persons, &groups(&["A", "B"]), 3);
        let a = &report.rows[0];
        assert_eq!(a.listed, Published::Shown(40));
        assert_eq!(a.list_share, Some(0.5));
        let offered = &a.outcomes[0];
        assert_eq!(offered.count, Published::Shown(4));
        assert!((offered.share.unwrap() - 4.0 / 24.0).abs() < 1e-12);
        let ratio = offered.ratio.unwrap();
        // (4/40) / 0.3 = 1/3; Wilson's interval for 4 of 40 is about 0.040–0.231.
        assert!((ratio.value - 1.0 / 3.0).abs() < 1e-12);
        assert!((ratio.low - 0.0396 / 0.3).abs() < 0.002, "{ratio:?}");
        assert!((ratio.high - 0.2306 / 0.3).abs() < 0.002, "{ratio:?}");
        assert!(ratio.beyond_chance());
        let b = report.rows[1].outcomes[0].ratio.unwrap();
        assert!(b.beyond_chance() && b.value > 1.0);
        // Days from the first referral to the offer: 100 for A, 30 for B.
        assert_eq!(a.median_days_to_offer, Some(100.0));
        assert_eq!(report.rows[1].median_days_to_move_in, Some(40.0));
        // Nobody of A moved in: 0 is shown, and the ratio says 0.
        assert_eq!(a.outcomes[2].count, Published::Shown(0));
        assert_eq!(a.outcomes[2].ratio.unwrap().value, 0.0);
        assert_eq!(a.median_days_to_move_in, None);
        assert_eq!(report.total.listed, Published::Shown(80));
        assert_eq!(report.total.outcomes[0].ratio, None);
    }

    #[test]
    fn small_counts_are_withheld_with_a_partner_and_nothing_derived_from_them() {
        // A: 20 listed, 2 offered; B: 10 listed, 6 offered; C: 10 listed, 9 offered.
        let mut persons = Vec::new();
        for i in 0..20 {
            persons.push(person("A", i < 2, false, 5));
        }
        for i in 0..10 {
            persons.push(person("B", i < 6, false, 5));
            persons.push(person("C", i < 9, false, 5));
        }
        let report = measure(&persons, &groups(&["A", "B", "C"]), 5);
        let offered = |r: usize| &report.rows[r].outcomes[0];
        // A's 2 is withheld; so is B's 6, the smallest other, or 17 − 9 would give it away.
        assert_eq!(offered(0).count, Published::Suppressed);
        assert_eq!(offered(1).count, Published::Suppressed);
        assert_eq!(offered(2).count, Published::Shown(9));
        assert_eq!(report.total.outcomes[0].count, Published::Shown(17));
        for r in 0..2 {
            assert_eq!(offered(r).share, None);
            assert_eq!(offered(r).ratio, None);
        }
        // A median from two persons is withheld; B's from six is not.
        assert_eq!(report.rows[0].median_days_to_offer, None);
        assert_eq!(report.rows[1].median_days_to_offer, Some(5.0));
        // Every column of the dimension ends with zero or at least two withheld counts.
        for c in 0..3 {
            let n = report
                .rows
                .iter()
                .filter(|r| r.outcomes[c].count == Published::Suppressed)
                .count();
            assert_ne!(n, 1, "outcome {c}");
        }
    }

    #[test]
    fn self_identified_groups_overlap_and_are_never_required() {
        let mut persons: Vec<PersonOutcomes> =
            (0..12).map(|i| person("A", i < 6, false, 5)).collect();
        for p in &mut persons[..8] {
            p.groups
                .push((Dimension::SelfIdentified, "indigenous".into()));
        }
        for p in &mut persons[4..9] {
            p.groups
                .push((Dimension::SelfIdentified, "francophone".into()));
        }
        let groups = vec![(
            Dimension::SelfIdentified,
            vec![
                "indigenous".to_owned(),
                "francophone".to_owned(),
                "veteran".to_owned(),
            ],
        )];
        let report = measure(&persons, &groups, 5);
        assert_eq!(report.rows[0].listed, Published::Shown(8));
        assert_eq!(report.rows[1].listed, Published::Shown(5));
        assert_eq!(report.rows[2].listed, Published::Shown(0));
        // Francophones offered: persons 4 and 5 only: withheld, alone (no total to add to).
        assert_eq!(report.rows[1].outcomes[0].count, Published::Suppressed);
        assert_eq!(report.rows[0].outcomes[0].count, Published::Shown(6));
        assert_eq!(report.total.listed, Published::Shown(12));
    }
}
