//! The compatibility model (D1): typed client and unit profiles, the hard constraints that
//! decide whether a client may be offered a unit, and the soft terms that score how well
//! they fit. Every constraint and term has a stable code, used in explanations, exports and
//! translations; the codes never change meaning.

use serde::{Deserialize, Serialize};

/// Money in integer cents.
pub type Cents = i64;

/// A point on the map, in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

impl Point {
    fn check(self) -> Result<(), String> {
        if (-90.0..=90.0).contains(&self.latitude) && (-180.0..=180.0).contains(&self.longitude) {
            Ok(())
        } else {
            Err("a point's latitude or longitude is out of range".into())
        }
    }

    /// Great-circle distance in metres.
    pub fn distance_m(self, other: Point) -> f64 {
        const EARTH_RADIUS_M: f64 = 6_371_000.0;
        let (p1, p2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let dp = p2 - p1;
        let dl = (other.longitude - self.longitude).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }
}

/// Accessibility features of a unit, or needs of a client.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Accessibility {
    pub step_free: bool,
    pub elevator: bool,
    pub wheelchair: bool,
}

impl Accessibility {
    /// Whether these features cover every one of `needs`.
    pub fn covers(self, needs: Accessibility) -> bool {
        (self.step_free || !needs.step_free)
            && (self.elevator || !needs.elevator)
            && (self.wheelchair || !needs.wheelchair)
    }

    pub fn any(self) -> bool {
        self.step_free || self.elevator || self.wheelchair
    }
}

/// Programs a unit may be dedicated to; a client may be eligible for several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    Youth,
    Family,
    IndigenousLed,
    Seniors,
    Women,
}

impl Program {
    pub const ALL: [Program; 5] = [
        Program::Youth,
        Program::Family,
        Program::IndigenousLed,
        Program::Seniors,
        Program::Women,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Program::Youth => "youth",
            Program::Family => "family",
            Program::IndigenousLed => "indigenous_led",
            Program::Seniors => "seniors",
            Program::Women => "women",
        }
    }

    pub fn parse(code: &str) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.code() == code)
    }
}

/// What a client's referral says about the household and its needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientProfile {
    /// An opaque, stable reference (the referral's id), never a name.
    pub id: String,
    pub adults: u8,
    #[serde(default)]
    pub children: u8,
    /// The fewest bedrooms the household needs (0 is a bachelor).
    #[serde(default)]
    pub min_bedrooms: u8,
    #[serde(default)]
    pub needs: Accessibility,
    #[serde(default)]
    pub has_pets: bool,
    #[serde(default)]
    pub smokes: bool,
    /// What the household can pay each month, subsidy included.
    pub max_rent: Cents,
    #[serde(default)]
    pub preferred_areas: Vec<String>,
    #[serde(default)]
    pub excluded_areas: Vec<String>,
    /// Where the household's supports are (school, clinic, family), and how far from them
    /// it can live.
    #[serde(default)]
    pub supports: Option<Point>,
    #[serde(default)]
    pub max_distance_to_supports_m: Option<u32>,
    #[serde(default)]
    pub has_support_worker: bool,
    #[serde(default)]
    pub eligible_programs: Vec<Program>,
}

fn one() -> u32 {
    1
}

impl ClientProfile {
    pub fn household_size(&self) -> u8 {
        self.adults.saturating_add(self.children)
    }

    /// What makes no sense in the profile, if anything.
    pub fn check(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("a client has no id".into());
        }
        if self.household_size() == 0 {
            return Err("the household has nobody in it".into());
        }
        if self.max_rent < 0 {
            return Err("the rent the household can pay is negative".into());
        }
        self.supports.map_or(Ok(()), Point::check)
    }
}

impl UnitProfile {
    /// What makes no sense in the profile, if anything.
    pub fn check(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("a unit has no id".into());
        }
        if self.rent < 0 {
            return Err("the rent is negative".into());
        }
        if self.max_occupants == 0 {
            return Err("the unit takes nobody".into());
        }
        self.location.map_or(Ok(()), Point::check)
    }
}

/// What the landlord asks of tenants for a unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LandlordPreferences {
    pub max_household: Option<u8>,
    pub requires_support_worker: bool,
}

/// An open unit, or a program with several openings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitProfile {
    pub id: String,
    pub bedrooms: u8,
    pub max_occupants: u8,
    pub rent: Cents,
    #[serde(default)]
    pub features: Accessibility,
    #[serde(default)]
    pub pets_allowed: bool,
    #[serde(default)]
    pub smoking_allowed: bool,
    pub area: String,
    #[serde(default)]
    pub location: Option<Point>,
    #[serde(default)]
    pub landlord: LandlordPreferences,
    /// A unit dedicated to a program takes only clients eligible for it.
    #[serde(default)]
    pub program: Option<Program>,
    /// How many households it can take (1 for an apartment).
    #[serde(default = "one")]
    pub openings: u32,
}

/// A hard constraint: failing one makes the pair infeasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Constraint {
    HouseholdSize,
    Bedrooms,
    Accessibility,
    Pets,
    Smoking,
    Affordability,
    ExcludedArea,
    DistanceToSupports,
    LandlordHouseholdSize,
    SupportWorker,
    ProgramEligibility,
}

impl Constraint {
    pub const ALL: [Constraint; 11] = [
        Constraint::HouseholdSize,
        Constraint::Bedrooms,
        Constraint::Accessibility,
        Constraint::Pets,
        Constraint::Smoking,
        Constraint::Affordability,
        Constraint::ExcludedArea,
        Constraint::DistanceToSupports,
        Constraint::LandlordHouseholdSize,
        Constraint::SupportWorker,
        Constraint::ProgramEligibility,
    ];

    /// The stable code used in explanations and translations.
    pub fn code(self) -> &'static str {
        match self {
            Constraint::HouseholdSize => "household_size",
            Constraint::Bedrooms => "bedrooms",
            Constraint::Accessibility => "accessibility",
            Constraint::Pets => "pets",
            Constraint::Smoking => "smoking",
            Constraint::Affordability => "affordability",
            Constraint::ExcludedArea => "excluded_area",
            Constraint::DistanceToSupports => "distance_to_supports",
            Constraint::LandlordHouseholdSize => "landlord_household_size",
            Constraint::SupportWorker => "support_worker",
            Constraint::ProgramEligibility => "program_eligibility",
        }
    }

    /// The order [`compatible`] checks them in: cheap comparisons that rule out most pairs
    /// first, the string and great-circle checks last, since a round asks it of millions of
    /// pairs and most fail on rent or size.
    const SCREENING_ORDER: [Constraint; 11] = [
        Constraint::Affordability,
        Constraint::Bedrooms,
        Constraint::HouseholdSize,
        Constraint::ProgramEligibility,
        Constraint::Accessibility,
        Constraint::Pets,
        Constraint::Smoking,
        Constraint::LandlordHouseholdSize,
        Constraint::SupportWorker,
        Constraint::ExcludedArea,
        Constraint::DistanceToSupports,
    ];

    /// Whether `client` and `unit` satisfy this constraint.
    #[inline]
    pub fn holds(self, client: &ClientProfile, unit: &UnitProfile) -> bool {
        match self {
            Constraint::HouseholdSize => client.household_size() <= unit.max_occupants,
            Constraint::Bedrooms => unit.bedrooms >= client.min_bedrooms,
            Constraint::Accessibility => unit.features.covers(client.needs),
            Constraint::Pets => unit.pets_allowed || !client.has_pets,
            Constraint::Smoking => unit.smoking_allowed || !client.smokes,
            Constraint::Affordability => unit.rent <= client.max_rent,
            Constraint::ExcludedArea => !client.excluded_areas.contains(&unit.area),
            Constraint::DistanceToSupports => match (
                client.supports,
                unit.location,
                client.max_distance_to_supports_m,
            ) {
                (Some(s), Some(l), Some(max)) => s.distance_m(l) <= max as f64,
                // Unknown locations do not rule a unit out; the locator checks by hand.
                _ => true,
            },
            Constraint::LandlordHouseholdSize => unit
                .landlord
                .max_household
                .is_none_or(|max| client.household_size() <= max),
            Constraint::SupportWorker => {
                !unit.landlord.requires_support_worker || client.has_support_worker
            }
            Constraint::ProgramEligibility => unit
                .program
                .is_none_or(|p| client.eligible_programs.contains(&p)),
        }
    }
}

/// A soft term: points towards the fit score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Term {
    PreferredArea,
    RentHeadroom,
    BedroomFit,
    NearSupports,
    KeepsAccessibleUnits,
}

impl Term {
    pub const ALL: [Term; 5] = [
        Term::PreferredArea,
        Term::RentHeadroom,
        Term::BedroomFit,
        Term::NearSupports,
        Term::KeepsAccessibleUnits,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Term::PreferredArea => "preferred_area",
            Term::RentHeadroom => "rent_headroom",
            Term::BedroomFit => "bedroom_fit",
            Term::NearSupports => "near_supports",
            Term::KeepsAccessibleUnits => "keeps_accessible_units",
        }
    }
}

/// The most points each term can give. They sum to [`MAX_FIT`], so that a fit score never
/// outweighs one step of priority (see [`crate::policy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FitWeights {
    pub preferred_area: u32,
    pub rent_headroom: u32,
    pub bedroom_fit: u32,
    pub near_supports: u32,
    pub keeps_accessible_units: u32,
}

/// The highest fit score.
pub const MAX_FIT: u32 = 999;

impl Default for FitWeights {
    fn default() -> Self {
        FitWeights {
            preferred_area: 300,
            rent_headroom: 200,
            bedroom_fit: 150,
            near_supports: 200,
            keeps_accessible_units: 149,
        }
    }
}

impl FitWeights {
    /// The weights, unless they can sum above [`MAX_FIT`].
    pub fn checked(self) -> Option<FitWeights> {
        let total = self.preferred_area
            + self.rent_headroom
            + self.bedroom_fit
            + self.near_supports
            + self.keeps_accessible_units;
        (total <= MAX_FIT).then_some(self)
    }
}

/// The verdict on one client and one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compatibility {
    /// The hard constraints not met; empty when the pair is feasible.
    pub failed: Vec<Constraint>,
    /// Each term's points, in [`Term::ALL`] order (only for feasible pairs).
    pub terms: Vec<(Term, u32)>,
}

impl Compatibility {
    pub fn feasible(&self) -> bool {
        self.failed.is_empty()
    }

    /// The fit score, 0 to [`MAX_FIT`].
    pub fn fit(&self) -> u32 {
        self.terms.iter().map(|&(_, p)| p).sum()
    }
}

/// Whether `client` may be offered `unit`: every hard constraint holds. The same verdict
/// as [`assess`], without its reasons: a city's round asks it of every pair.
pub fn compatible(client: &ClientProfile, unit: &UnitProfile) -> bool {
    Constraint::SCREENING_ORDER
        .into_iter()
        .all(|c| c.holds(client, unit))
}

/// The hard constraints `client` and `unit` fail, in [`Constraint::ALL`] order, without
/// allocating: a waiting client's explanation asks it of every open unit.
pub fn failed(client: &ClientProfile, unit: &UnitProfile) -> impl Iterator<Item = Constraint> {
    // Every check first, into a bit set, so that they run as straight-line code.
    let failed = Constraint::ALL.into_iter().fold(0u16, |set, c| {
        set | (u16::from(!c.holds(client, unit)) << c as u16)
    });
    Constraint::ALL
        .into_iter()
        .filter(move |&c| failed & (1 << c as u16) != 0)
}

/// How well `unit` fits `client` (they must be [`compatible`]): the sum of [`assess`]'s terms.
pub fn fit(client: &ClientProfile, unit: &UnitProfile, weights: &FitWeights) -> u32 {
    terms(client, unit, weights).iter().map(|&(_, p)| p).sum()
}

/// Whether `client` may be offered `unit` and, if so, how well it fits.
pub fn assess(client: &ClientProfile, unit: &UnitProfile, weights: &FitWeights) -> Compatibility {
    let failed: Vec<Constraint> = failed(client, unit).collect();
    if !failed.is_empty() {
        return Compatibility {
            failed,
            terms: Vec::new(),
        };
    }
    Compatibility {
        failed,
        terms: terms(client, unit, weights).to_vec(),
    }
}

/// The soft terms' points for a compatible pair.
fn terms(client: &ClientProfile, unit: &UnitProfile, weights: &FitWeights) -> [(Term, u32); 5] {
    let preferred = client.preferred_areas.contains(&unit.area);
    // Money left after rent, as a share of what the household can pay: a unit that leaves
    // room for food and transit fits better. Full points at 30 % left or more.
    let headroom = if client.max_rent > 0 {
        ((client.max_rent - unit.rent) as f64 / client.max_rent as f64 / 0.30).min(1.0)
    } else {
        0.0
    };
    let bedroom_points = match unit.bedrooms.saturating_sub(client.min_bedrooms) {
        0 => weights.bedroom_fit,
        1 => weights.bedroom_fit / 3,
        _ => 0,
    };
    // Full points next to supports, none at 10 km or more.
    let near = match (client.supports, unit.location) {
        (Some(s), Some(l)) => (1.0 - s.distance_m(l) / 10_000.0).max(0.0),
        _ => 0.0,
    };
    // An accessible unit given to someone who does not need it is one fewer for someone
    // who does: fit is better when the unit's features are the ones needed.
    let spares_accessible = !unit.features.any() || client.needs.any();
    [
        (
            Term::PreferredArea,
            if preferred { weights.preferred_area } else { 0 },
        ),
        (
            Term::RentHeadroom,
            (headroom * weights.rent_headroom as f64).round() as u32,
        ),
        (Term::BedroomFit, bedroom_points),
        (
            Term::NearSupports,
            (near * weights.near_supports as f64).round() as u32,
        ),
        (
            Term::KeepsAccessibleUnits,
            if spares_accessible {
                weights.keeps_accessible_units
            } else {
                0
            },
        ),
    ]
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn client(id: &str) -> ClientProfile {
        ClientProfile {
            id: id.into(),
            adults: 1,
            children: 0,
            min_bedrooms: 0,
            needs: Accessibility::default(),
            has_pets: false,
            smokes: false,
            max_rent: 120_000,
            preferred_areas: vec![],
            excluded_areas: vec![],
            supports: None,
            max_distance_to_supports_m: None,
            has_support_worker: false,
            eligible_programs: vec![],
        }
    }

    pub fn unit(id: &str) -> UnitProfile {
        UnitProfile {
            id: id.into(),
            bedrooms: 1,
            max_occupants: 2,
            rent: 100_000,
            features: Accessibility::default(),
            pets_allowed: false,
            smoking_allowed: false,
            area: "vanier".into(),
            location: None,
            landlord: LandlordPreferences::default(),
            program: None,
            openings: 1,
        }
    }

    type Change = Box<dyn Fn(&mut ClientProfile, &mut UnitProfile)>;

    #[test]
    fn each_constraint_rules_out_what_it_says() {
        let w = FitWeights::default();
        let base = (client("c"), unit("u"));
        assert!(assess(&base.0, &base.1, &w).feasible());
        let cases: Vec<(Constraint, Change)> = vec![
            (Constraint::HouseholdSize, Box::new(|c, _| c.children = 2)),
            (Constraint::Bedrooms, Box::new(|c, _| c.min_bedrooms = 2)),
            (
                Constraint::Accessibility,
                Box::new(|c, _| c.needs.wheelchair = true),
            ),
            (Constraint::Pets, Box::new(|c, _| c.has_pets = true)),
            (Constraint::Smoking, Box::new(|c, _| c.smokes = true)),
            (
                Constraint::Affordability,
                Box::new(|c, _| c.max_rent = 99_999),
            ),
            (
                Constraint::ExcludedArea,
                Box::new(|c, _| c.excluded_areas = vec!["vanier".into()]),
            ),
            (
                Constraint::DistanceToSupports,
                Box::new(|c, u| {
                    c.supports = Some(Point {
                        latitude: 45.42,
                        longitude: -75.69,
                    });
                    c.max_distance_to_supports_m = Some(2_000);
                    u.location = Some(Point {
                        latitude: 45.35,
                        longitude: -75.75,
                    });
                }),
            ),
            (
                Constraint::LandlordHouseholdSize,
                Box::new(|c, u| {
                    c.adults = 2;
                    u.landlord.max_household = Some(1);
                }),
            ),
            (
                Constraint::SupportWorker,
                Box::new(|_, u| u.landlord.requires_support_worker = true),
            ),
            (
                Constraint::ProgramEligibility,
                Box::new(|_, u| u.program = Some(Program::Youth)),
            ),
        ];
        for (constraint, change) in cases {
            let (mut c, mut u) = base.clone();
            change(&mut c, &mut u);
            let verdict = assess(&c, &u, &w);
            assert_eq!(verdict.failed, vec![constraint], "{}", constraint.code());
            assert_eq!(verdict.fit(), 0);
        }
    }

    #[test]
    fn fit_rewards_preferred_area_headroom_exact_size_and_spared_accessible_units() {
        let w = FitWeights::default();
        let mut c = client("c");
        let mut u = unit("u");
        let plain = assess(&c, &u, &w).fit();
        c.preferred_areas = vec!["vanier".into()];
        assert_eq!(assess(&c, &u, &w).fit(), plain + 300);
        u.features.wheelchair = true;
        assert_eq!(assess(&c, &u, &w).fit(), plain + 300 - 149);
        u.rent = 84_000; // 30 % left of 120,000
        let terms = assess(&c, &u, &w).terms;
        assert!(terms.contains(&(Term::RentHeadroom, 200)));
        assert!(
            terms.contains(&(Term::BedroomFit, 50)),
            "one bedroom more than needed"
        );
        assert!(w.checked().is_some());
        assert!(
            FitWeights {
                preferred_area: 600,
                ..w
            }
            .checked()
            .is_none()
        );
    }

    #[test]
    fn distances_are_in_metres() {
        let parliament = Point {
            latitude: 45.4236,
            longitude: -75.7009,
        };
        let rideau_centre = Point {
            latitude: 45.4256,
            longitude: -75.6920,
        };
        let d = parliament.distance_m(rideau_centre);
        assert!((650.0..800.0).contains(&d), "{d}");
    }
}
