//! After housing (E1): the supports that continue once a household has moved in, the
//! locator's check-ins with the landlord, and how a tenancy ends. See `docs/after-housing.md`.
//!
//! Follow-ups are dates computed from the move-in, never typed: the supporting agency's
//! visits follow the administrator's cadence (weekly at first, then monthly), the landlord
//! check-ins a fixed one (a week, a month, three, six and twelve months). What is due and what
//! is overdue follows from those dates and the contacts logged, so logging a visit is all a
//! worker does to clear an overdue follow-up. Retention is computed from the dates in the same
//! way, so a report cannot disagree with the tenancies.

use crate::FieldErrors;
use crate::housing::date;
use crate::values::optional_text;
use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// Who a contact after move-in was with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactParty {
    /// A support visit with the tenant, by the supporting agency.
    Support,
    /// A check-in with the landlord, by the housing locator.
    Landlord,
}

impl ContactParty {
    pub const ALL: [ContactParty; 2] = [Self::Support, Self::Landlord];

    pub fn code(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Landlord => "landlord",
        }
    }

    pub fn parse(raw: &str) -> Option<ContactParty> {
        Self::ALL.into_iter().find(|p| p.code() == raw.trim())
    }

    /// How such a contact can be made.
    pub fn kinds(self) -> &'static [&'static str] {
        match self {
            Self::Support => &SUPPORT_KINDS,
            Self::Landlord => &LANDLORD_KINDS,
        }
    }

    /// What such a contact can conclude.
    pub fn outcomes(self) -> &'static [&'static str] {
        match self {
            Self::Support => &SUPPORT_OUTCOMES,
            Self::Landlord => &LANDLORD_OUTCOMES,
        }
    }
}

/// How a support visit was made.
pub const SUPPORT_KINDS: [&str; 5] = [
    "home_visit",
    "phone_call",
    "video_call",
    "office_visit",
    "community",
];

/// How the worker found the tenancy. `no_contact`: tried and did not reach the tenant,
/// which is logged but does not meet a follow-up.
pub const SUPPORT_OUTCOMES: [&str; 4] = ["stable", "some_concerns", "at_risk", "no_contact"];

/// How a landlord check-in was made.
pub const LANDLORD_KINDS: [&str; 3] = ["phone_call", "site_visit", "email"];

/// How the landlord sees the tenancy. `no_contact`: the landlord did not answer.
pub const LANDLORD_OUTCOMES: [&str; 4] =
    ["satisfied", "some_concerns", "wants_to_end", "no_contact"];

/// The outcome that records an attempt, not a contact.
pub const NO_CONTACT: &str = "no_contact";

/// Why a tenancy ended.
pub const TENANCY_END_REASONS: [&str; 7] = [
    "moved_to_other_housing",
    "eviction",
    "left_by_agreement",
    "hospital",
    "prison",
    "death",
    "unknown",
];

/// An end that is a move on to other housing: counted as retained (see [`retention`]).
pub const MOVED_ON: &str = "moved_to_other_housing";
/// An end that is neither a success nor a failure of the tenancy: left out of retention.
pub const DEATH: &str = "death";

/// A contact up to this many days after a follow-up's day still meets it (a visit on the
/// Monday for a follow-up due the Saturday before is on time).
pub const GRACE_DAYS: i64 = 3;

/// Follow-ups due within this many days are listed as due soon.
pub const DUE_SOON_DAYS: i64 = 7;

/// The landlord check-ins after move-in: one week, then one, three, six and twelve months.
pub const LANDLORD_CHECK_INS: [Interval; 5] = [
    Interval::Days(7),
    Interval::Months(1),
    Interval::Months(3),
    Interval::Months(6),
    Interval::Months(12),
];

/// A time after move-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interval {
    Days(i64),
    Months(u32),
}

impl Interval {
    pub fn after(self, day: Date) -> Date {
        match self {
            Self::Days(n) => day + Duration::days(n),
            Self::Months(n) => add_months(day, n),
        }
    }
}

/// The same day `months` later, or the month's last day when it is shorter (31 January plus
/// one month is 28 or 29 February).
pub fn add_months(day: Date, months: u32) -> Date {
    let index = day.year() * 12 + day.month() as i32 - 1 + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
    let month = Month::try_from(month).expect("1..=12");
    let last = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, day.day().min(last)).expect("a valid day")
}

/// How often the supporting agency sees a tenant after move-in: every week for the first
/// `weekly_weeks` weeks, then once a month until `monthly_until` months after move-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpCadence {
    pub weekly_weeks: u32,
    pub monthly_until: u32,
}

impl Default for FollowUpCadence {
    /// Weekly the first month, then monthly to twelve months.
    fn default() -> Self {
        FollowUpCadence {
            weekly_weeks: 4,
            monthly_until: 12,
        }
    }
}

/// The most weeks of weekly visits, and the most months of follow-up.
pub const MAX_WEEKLY_WEEKS: u32 = 26;
pub const MAX_MONTHS: u32 = 36;

impl FollowUpCadence {
    /// The support visits due after a move-in on `moved_in`, in order: the weekly ones,
    /// then one a month from the first month after the weekly visits end.
    pub fn schedule(self, moved_in: Date) -> Vec<Date> {
        let mut dates: Vec<Date> = (1..=self.weekly_weeks as i64)
            .map(|w| moved_in + Duration::weeks(w))
            .collect();
        let weekly_end = dates.last().copied().unwrap_or(moved_in);
        dates.extend(
            (1..=self.monthly_until)
                .map(|m| add_months(moved_in, m))
                .filter(|d| *d > weekly_end),
        );
        dates
    }
}

/// The cadence as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpCadenceInput {
    pub weekly_weeks: String,
    pub monthly_until: String,
}

impl FollowUpCadenceInput {
    pub fn parse(&self) -> Result<FollowUpCadence, FieldErrors> {
        let mut e = FieldErrors::default();
        let number =
            |field: &str, raw: &str, range: std::ops::RangeInclusive<u32>, e: &mut FieldErrors| {
                match raw.trim().parse::<u32>() {
                    Ok(n) if range.contains(&n) => n,
                    Ok(_) => {
                        e.push(field, "error-out-of-range");
                        0
                    }
                    Err(_) => {
                        e.push(field, "error-whole-number");
                        0
                    }
                }
            };
        let weekly_weeks = number(
            "weekly_weeks",
            &self.weekly_weeks,
            0..=MAX_WEEKLY_WEEKS,
            &mut e,
        );
        let monthly_until = number("monthly_until", &self.monthly_until, 1..=MAX_MONTHS, &mut e);
        // Weekly visits past the follow-up's last month would never end in monthly ones.
        if e.is_empty() && weekly_weeks as i64 * 7 > monthly_until as i64 * 31 {
            e.push("weekly_weeks", "error-weekly-past-end");
        }
        e.finish(FollowUpCadence {
            weekly_weeks,
            monthly_until,
        })
    }
}

/// The landlord check-ins due after a move-in on `moved_in`.
pub fn landlord_schedule(moved_in: Date) -> Vec<Date> {
    LANDLORD_CHECK_INS
        .iter()
        .map(|i| i.after(moved_in))
        .collect()
}

/// Where a tenancy's follow-ups of one kind stand on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FollowUpState {
    /// The next follow-up not met by a contact; `None` once the schedule is done or the
    /// tenancy has ended.
    pub next_due: Option<Date>,
    /// The next follow-up's day has passed.
    pub overdue: bool,
    /// Follow-ups due so far (up to the day, or to the tenancy's end).
    pub due_so_far: usize,
    /// Of those, how many a contact met (a contact in the follow-up's window).
    pub met: usize,
}

impl FollowUpState {
    /// Due within [`DUE_SOON_DAYS`], not yet overdue.
    pub fn due_soon(&self, today: Date) -> bool {
        !self.overdue
            && self
                .next_due
                .is_some_and(|d| d <= today + Duration::days(DUE_SOON_DAYS))
    }
}

/// Where follow-ups scheduled on `schedule` (in order, after the move-in on `moved_in`)
/// stand on `today`, given the days of the contacts that count (any order) and the
/// tenancy's end.
///
/// Each follow-up has a window: from the previous follow-up's day plus [`GRACE_DAYS`]
/// (the move-in for the first) to its own day plus the grace. The windows partition the
/// time after move-in, so the cadence asks for one contact per interval (one a week, then
/// one a month) and one contact meets at most one follow-up. The next one due is the one
/// after the latest contact's: a worker who catches up after missing visits starts the
/// schedule again from that visit, and the missed ones stay counted as missed.
pub fn follow_up(
    schedule: &[Date],
    moved_in: Date,
    contacts: &[Date],
    today: Date,
    ended_on: Option<Date>,
) -> FollowUpState {
    let grace = Duration::days(GRACE_DAYS);
    let counted: Vec<Date> = contacts.iter().copied().filter(|c| *c > moved_in).collect();
    let horizon = ended_on.map_or(today, |e| e.min(today));
    let mut due_so_far = 0;
    let mut met = 0;
    let mut window_start = moved_in;
    for &d in schedule {
        let window_end = d + grace;
        if d <= horizon {
            due_so_far += 1;
            if counted
                .iter()
                .any(|c| *c > window_start && *c <= window_end)
            {
                met += 1;
            }
        }
        window_start = window_end;
    }
    let next_due = match (ended_on, counted.iter().max()) {
        (Some(_), _) => None,
        (None, None) => schedule.first().copied(),
        // The follow-up after the one whose window holds the latest contact.
        (None, Some(&latest)) => schedule
            .iter()
            .position(|d| *d + grace >= latest)
            .and_then(|met| schedule.get(met + 1).copied()),
    };
    FollowUpState {
        next_due,
        overdue: next_due.is_some_and(|d| d < today),
        due_so_far,
        met,
    }
}

/// A person housed who is referred again within this many months of the move-in has
/// returned to homelessness.
pub const RETURN_WITHIN_MONTHS: u32 = 12;

/// The day a household moved in on `moved_in` returned to homelessness: the first referral
/// of the same person after the move-in (`referred_again_on`, as identity resolution joined
/// it), when it came within [`RETURN_WITHIN_MONTHS`].
pub fn returned_on(moved_in: Date, referred_again_on: Option<Date>) -> Option<Date> {
    referred_again_on
        .filter(|on| *on > moved_in && *on <= add_months(moved_in, RETURN_WITHIN_MONTHS))
}

/// Whether a tenancy was kept at a mark (6 or 12 months after move-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Retention {
    /// Still housed at the mark, or moved on to other housing before it.
    Retained,
    /// Ended before the mark for any other reason (an unrecorded reason counts here).
    NotRetained,
    /// Died before the mark: neither kept nor lost, left out of the rate.
    Excluded,
    /// The mark is still ahead.
    NotYet,
}

/// Retention `months` after a move-in on `moved_in`, on `today`, for a tenancy that ended
/// on `ended` for a reason (a code of [`TENANCY_END_REASONS`], `None` when not recorded).
pub fn retention(
    moved_in: Date,
    ended: Option<(Date, Option<&str>)>,
    months: u32,
    today: Date,
) -> Retention {
    let mark = add_months(moved_in, months);
    match ended {
        Some((on, reason)) if on < mark => match reason {
            Some(MOVED_ON) => Retention::Retained,
            Some(DEATH) => Retention::Excluded,
            _ => Retention::NotRetained,
        },
        _ if mark > today => Retention::NotYet,
        _ => Retention::Retained,
    }
}

/// A contact after move-in as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContactInput {
    /// `support` or `landlord`.
    pub party: String,
    /// `YYYY-MM-DD`; today when blank.
    pub on: String,
    pub kind: String,
    pub outcome: String,
    pub notes: String,
}

/// A contact, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewContact {
    pub party: ContactParty,
    pub on: Date,
    pub kind: String,
    pub outcome: String,
    pub notes: Option<String>,
}

/// What a tenancy's dates constrain a contact or its end to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenancyDates {
    pub leased_on: Date,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
}

impl TenancyDates {
    /// The day the tenancy began for follow-up: the move-in, else the lease.
    pub fn start(&self) -> Date {
        self.moved_in_on.unwrap_or(self.leased_on)
    }
}

/// A day as typed: today when blank, never in the future, never before the tenancy.
fn tenancy_day(field: &str, raw: &str, today: Date, start: Date, e: &mut FieldErrors) -> Date {
    let d = match raw.trim() {
        "" => today,
        raw => e.take(date(field, raw).map(Some)).unwrap_or(today),
    };
    if d > today {
        e.push(field, "error-date-in-future");
    } else if d < start {
        e.push(field, "error-before-move-in");
    }
    d
}

fn from_vocabulary(field: &str, raw: &str, vocabulary: &[&str], e: &mut FieldErrors) -> String {
    let value = raw.trim();
    if value.is_empty() {
        e.push(field, "error-required");
    } else if !vocabulary.contains(&value) {
        e.push(field, "error-choose");
    }
    value.to_owned()
}

impl ContactInput {
    /// Checks the contact on `today` against the tenancy's dates: an ended tenancy takes no
    /// more follow-ups, and no contact is dated before the move-in or after today.
    pub fn parse(&self, today: Date, dates: TenancyDates) -> Result<NewContact, FieldErrors> {
        let mut e = FieldErrors::default();
        let party = ContactParty::parse(&self.party);
        if party.is_none() {
            e.push("party", "error-choose");
        }
        if dates.ended_on.is_some() {
            e.push("on", "error-tenancy-ended");
        }
        let on = tenancy_day("on", &self.on, today, dates.start(), &mut e);
        let p = party.unwrap_or(ContactParty::Support);
        let kind = from_vocabulary("kind", &self.kind, p.kinds(), &mut e);
        let outcome = from_vocabulary("outcome", &self.outcome, p.outcomes(), &mut e);
        let notes = e.take(optional_text("notes", &self.notes, 4000));
        e.finish(NewContact {
            party: p,
            on,
            kind,
            outcome,
            notes,
        })
    }
}

/// The end of a tenancy as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TenancyEndInput {
    /// `YYYY-MM-DD`; today when blank.
    pub on: String,
    pub reason: String,
    pub note: String,
}

/// A tenancy's end, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenancyEnd {
    pub on: Date,
    pub reason: String,
    pub note: Option<String>,
}

impl TenancyEndInput {
    /// Checks the end on `today`: a tenancy that has not ended, a day not before its start
    /// nor after today, a reason from [`TENANCY_END_REASONS`].
    pub fn parse(&self, today: Date, dates: TenancyDates) -> Result<TenancyEnd, FieldErrors> {
        let mut e = FieldErrors::default();
        if dates.ended_on.is_some() {
            e.push("on", "error-tenancy-ended");
        }
        let on = tenancy_day("on", &self.on, today, dates.start(), &mut e);
        let reason = from_vocabulary("reason", &self.reason, &TENANCY_END_REASONS, &mut e);
        let note = e.take(optional_text("note", &self.note, 2000));
        e.finish(TenancyEnd { on, reason, note })
    }
}

/// What an incident in a tenancy is about.
pub const INCIDENT_KINDS: [&str; 7] = [
    "arrears",
    "noise",
    "damage",
    "neighbour_conflict",
    "guests",
    "health_crisis",
    "other",
];

/// Who raised an incident.
pub const INCIDENT_RAISED_BY: [&str; 6] = [
    "landlord",
    "tenant",
    "neighbour",
    "support_worker",
    "housing_locator",
    "other",
];

/// How an incident was closed.
pub const INCIDENT_OUTCOMES: [&str; 4] = [
    "resolved",
    "continues_with_conditions",
    "tenancy_ended",
    "unresolved",
];

/// An incident as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentInput {
    /// `YYYY-MM-DD`; today when blank.
    pub on: String,
    pub kind: String,
    pub raised_by: String,
    pub description: String,
}

/// An incident, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewIncident {
    pub on: Date,
    pub kind: String,
    pub raised_by: String,
    pub description: Option<String>,
}

impl IncidentInput {
    /// Checks the incident on `today` against the tenancy's dates: within the tenancy, not
    /// in the future, and not on a tenancy that has ended.
    pub fn parse(&self, today: Date, dates: TenancyDates) -> Result<NewIncident, FieldErrors> {
        let mut e = FieldErrors::default();
        if dates.ended_on.is_some() {
            e.push("on", "error-tenancy-ended");
        }
        let on = tenancy_day("on", &self.on, today, dates.start(), &mut e);
        let kind = from_vocabulary("kind", &self.kind, &INCIDENT_KINDS, &mut e);
        let raised_by = from_vocabulary("raised_by", &self.raised_by, &INCIDENT_RAISED_BY, &mut e);
        let description = e.take(optional_text("description", &self.description, 4000));
        e.finish(NewIncident {
            on,
            kind,
            raised_by,
            description,
        })
    }
}

/// What an incident's dates and state constrain a meeting or its close to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IncidentDates {
    pub on: Date,
    pub closed_on: Option<Date>,
}

/// A mediation meeting as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingInput {
    /// `YYYY-MM-DD`; today when blank.
    pub on: String,
    /// Who took part, in words ("tenant, landlord's manager, support worker").
    pub attendees: String,
    /// What was agreed.
    pub agreed: String,
}

/// A mediation meeting, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewMeeting {
    pub on: Date,
    pub attendees: String,
    pub agreed: Option<String>,
}

/// An incident's close as its form or the API sends it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentCloseInput {
    /// `YYYY-MM-DD`; today when blank.
    pub on: String,
    pub outcome: String,
    pub note: String,
}

/// An incident's close, checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentClose {
    pub on: Date,
    pub outcome: String,
    pub note: Option<String>,
}

/// A day of an incident's follow-up: today when blank, not before the incident, not in the
/// future, and only while it is open.
fn incident_day(raw: &str, today: Date, incident: IncidentDates, e: &mut FieldErrors) -> Date {
    if incident.closed_on.is_some() {
        e.push("on", "error-incident-closed");
    }
    let d = match raw.trim() {
        "" => today,
        raw => e.take(date("on", raw).map(Some)).unwrap_or(today),
    };
    if d > today {
        e.push("on", "error-date-in-future");
    } else if d < incident.on {
        e.push("on", "error-before-incident");
    }
    d
}

impl MeetingInput {
    pub fn parse(&self, today: Date, incident: IncidentDates) -> Result<NewMeeting, FieldErrors> {
        let mut e = FieldErrors::default();
        let on = incident_day(&self.on, today, incident, &mut e);
        let attendees = e
            .take(optional_text("attendees", &self.attendees, 500))
            .unwrap_or_else(|| {
                e.push("attendees", "error-required");
                String::new()
            });
        let agreed = e.take(optional_text("agreed", &self.agreed, 4000));
        e.finish(NewMeeting {
            on,
            attendees,
            agreed,
        })
    }
}

impl IncidentCloseInput {
    pub fn parse(
        &self,
        today: Date,
        incident: IncidentDates,
    ) -> Result<IncidentClose, FieldErrors> {
        let mut e = FieldErrors::default();
        let on = incident_day(&self.on, today, incident, &mut e);
        let outcome = from_vocabulary("outcome", &self.outcome, &INCIDENT_OUTCOMES, &mut e);
        let note = e.take(optional_text("note", &self.note, 2000));
        e.finish(IncidentClose { on, outcome, note })
    }
}

/// A landlord's year with the network, for the long-term relationship the locator keeps.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RelationshipYear {
    pub year: i32,
    /// Offers made on the landlord's units that year.
    pub offers: usize,
    /// Tenancies that started (lease signed) that year.
    pub tenancies_started: usize,
    /// Tenancies that ended that year, and the median length of those, in days from the
    /// move-in (the lease when there was none).
    pub tenancies_ended: usize,
    pub median_days_housed: Option<i64>,
    /// Incidents that year, and how many of them ended the tenancy.
    pub incidents: usize,
    pub incidents_ending_tenancy: usize,
    /// Units let again that year after a tenant left, and the median days from the unit
    /// being vacated to the next lease.
    pub relets: usize,
    pub median_days_to_relet: Option<i64>,
}

/// One tenancy of a landlord's, as the relationship counts it.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationshipTenancy {
    pub leased_on: Date,
    pub moved_in_on: Option<Date>,
    pub ended_on: Option<Date>,
}

/// The median of whole numbers (the lower middle of an even count): `None` when empty.
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    Some(values[(values.len() - 1) / 2])
}

/// A landlord's relationship year by year, oldest first, from the days of its offers, its
/// tenancies, its incidents (each with whether it ended the tenancy) and its re-lets (each
/// unit vacated and leased again: the two days).
pub fn relationship_by_year(
    offers: &[Date],
    tenancies: &[RelationshipTenancy],
    incidents: &[(Date, bool)],
    relets: &[(Date, Date)],
) -> Vec<RelationshipYear> {
    use std::collections::BTreeMap;
    // Each year's line, with the days housed of the tenancies ended and the days to re-let.
    type Years = BTreeMap<i32, (RelationshipYear, Vec<i64>, Vec<i64>)>;
    let mut years = Years::new();
    fn year(years: &mut Years, y: i32) -> &mut (RelationshipYear, Vec<i64>, Vec<i64>) {
        years.entry(y).or_insert_with(|| {
            let line = RelationshipYear {
                year: y,
                ..RelationshipYear::default()
            };
            (line, Vec::new(), Vec::new())
        })
    }
    for d in offers {
        year(&mut years, d.year()).0.offers += 1;
    }
    for t in tenancies {
        year(&mut years, t.leased_on.year()).0.tenancies_started += 1;
        if let Some(end) = t.ended_on {
            let entry = year(&mut years, end.year());
            entry.0.tenancies_ended += 1;
            entry
                .1
                .push((end - t.moved_in_on.unwrap_or(t.leased_on)).whole_days());
        }
    }
    for (on, ended) in incidents {
        let entry = &mut year(&mut years, on.year()).0;
        entry.incidents += 1;
        entry.incidents_ending_tenancy += usize::from(*ended);
    }
    for (vacated, leased) in relets {
        let entry = year(&mut years, leased.year());
        entry.0.relets += 1;
        entry.2.push((*leased - *vacated).whole_days());
    }
    years
        .into_values()
        .map(|(mut y, mut housed, mut relet)| {
            y.median_days_housed = median(&mut housed);
            y.median_days_to_relet = median(&mut relet);
            y
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_are_added_on_the_calendar_and_clamped_to_short_months() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2028 - 01 - 31), 1), date!(2028 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 11 - 15), 2), date!(2027 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 03 - 10), 12), date!(2027 - 03 - 10));
    }

    #[test]
    fn the_default_cadence_is_weekly_for_four_weeks_then_monthly_to_twelve_months() {
        let moved_in = date!(2026 - 01 - 05);
        let dates = FollowUpCadence::default().schedule(moved_in);
        assert_eq!(
            &dates[..5],
            &[
                date!(2026 - 01 - 12),
                date!(2026 - 01 - 19),
                date!(2026 - 01 - 26),
                date!(2026 - 02 - 02),
                // One month after move-in falls after the fourth week: it is kept.
                date!(2026 - 02 - 05),
            ]
        );
        assert_eq!(dates.len(), 4 + 12);
        assert_eq!(*dates.last().unwrap(), date!(2027 - 01 - 05));
        // Six weekly visits pass the first month: it is not scheduled again.
        let longer = FollowUpCadence {
            weekly_weeks: 6,
            monthly_until: 3,
        }
        .schedule(moved_in);
        assert_eq!(longer.len(), 6 + 2);
        assert!(longer.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn a_cadence_is_read_with_its_bounds() {
        let input = |w: &str, m: &str| FollowUpCadenceInput {
            weekly_weeks: w.into(),
            monthly_until: m.into(),
        };
        assert_eq!(
            input("4", "12").parse().unwrap(),
            FollowUpCadence::default()
        );
        assert_eq!(
            input("0", "6")
                .parse()
                .unwrap()
                .schedule(date!(2026 - 01 - 01))
                .len(),
            6
        );
        let errors = input("four", "0").parse().unwrap_err();
        assert_eq!(errors.for_field("weekly_weeks"), Some("error-whole-number"));
        assert_eq!(
            errors.for_field("monthly_until"),
            Some("error-out-of-range")
        );
        let errors = input("20", "3").parse().unwrap_err();
        assert_eq!(
            errors.for_field("weekly_weeks"),
            Some("error-weekly-past-end")
        );
    }

    #[test]
    fn landlord_check_ins_are_a_week_then_one_three_six_and_twelve_months() {
        assert_eq!(
            landlord_schedule(date!(2026 - 03 - 31)),
            vec![
                date!(2026 - 04 - 07),
                date!(2026 - 04 - 30),
                date!(2026 - 06 - 30),
                date!(2026 - 09 - 30),
                date!(2027 - 03 - 31),
            ]
        );
    }

    #[test]
    fn a_visit_clears_an_overdue_follow_up_and_the_missed_ones_stay_counted() {
        let moved_in = date!(2026 - 01 - 05);
        let schedule = FollowUpCadence::default().schedule(moved_in);
        let today = date!(2026 - 02 - 20);
        // Nothing logged: the first weekly visit is overdue, five were due.
        let none = follow_up(&schedule, moved_in, &[], today, None);
        assert_eq!(none.next_due, Some(date!(2026 - 01 - 12)));
        assert!(none.overdue);
        assert_eq!((none.due_so_far, none.met), (5, 0));
        // Visits on the first two weeks (one two days early): the third is overdue.
        let two = [date!(2026 - 01 - 10), date!(2026 - 01 - 19)];
        let state = follow_up(&schedule, moved_in, &two, today, None);
        assert_eq!(state.next_due, Some(date!(2026 - 01 - 26)));
        assert_eq!(state.met, 2);
        // Catching up today meets the follow-up whose window today is in (the second
        // month's): nothing is overdue, the next is the third month's, and the visits
        // missed are still missed.
        let caught_up = [two[0], two[1], today];
        let state = follow_up(&schedule, moved_in, &caught_up, today, None);
        assert_eq!(state.next_due, Some(date!(2026 - 04 - 05)));
        assert!(!state.overdue);
        assert!(!state.due_soon(today));
        assert_eq!((state.due_so_far, state.met), (5, 2));
        // A visit three days late still meets its follow-up; four days late meets the next.
        let late = |day| follow_up(&schedule, moved_in, &[day], day, None).next_due;
        assert_eq!(late(date!(2026 - 01 - 15)), Some(date!(2026 - 01 - 19)));
        assert_eq!(late(date!(2026 - 01 - 16)), Some(date!(2026 - 01 - 26)));
        // Due within a week is due soon; the day itself is not yet overdue.
        let due = follow_up(
            &schedule,
            moved_in,
            &[date!(2026 - 01 - 12)],
            date!(2026 - 01 - 19),
            None,
        );
        assert_eq!(due.next_due, Some(date!(2026 - 01 - 19)));
        assert!(!due.overdue && due.due_soon(date!(2026 - 01 - 19)));
        // Once ended, nothing is due, and what was due counts up to the end only.
        let ended = follow_up(
            &schedule,
            moved_in,
            &two,
            today,
            Some(date!(2026 - 01 - 20)),
        );
        assert_eq!(ended.next_due, None);
        assert!(!ended.overdue);
        assert_eq!((ended.due_so_far, ended.met), (2, 2));
        // After the last follow-up, nothing is due.
        let last = *schedule.last().unwrap();
        let done = follow_up(
            &schedule,
            moved_in,
            &[last],
            last + Duration::days(40),
            None,
        );
        assert_eq!(done.next_due, None);
    }

    #[test]
    fn a_referral_within_twelve_months_of_the_move_in_is_a_return() {
        let moved_in = date!(2025 - 03 - 31);
        assert_eq!(returned_on(moved_in, None), None);
        assert_eq!(returned_on(moved_in, Some(moved_in)), None);
        let within = date!(2026 - 03 - 31);
        assert_eq!(returned_on(moved_in, Some(within)), Some(within));
        assert_eq!(returned_on(moved_in, Some(date!(2026 - 04 - 01))), None);
    }

    #[test]
    fn retention_comes_from_the_dates_and_the_reason() {
        let moved_in = date!(2025 - 01 - 15);
        let today = date!(2026 - 03 - 01);
        use Retention::*;
        assert_eq!(retention(moved_in, None, 6, today), Retained);
        assert_eq!(retention(moved_in, None, 12, today), Retained);
        assert_eq!(retention(date!(2025 - 10 - 01), None, 6, today), NotYet);
        let ended = |on, reason| Some((on, Some(reason)));
        assert_eq!(
            retention(moved_in, ended(date!(2025 - 05 - 01), "eviction"), 6, today),
            NotRetained
        );
        assert_eq!(
            retention(moved_in, ended(date!(2025 - 05 - 01), MOVED_ON), 6, today),
            Retained
        );
        assert_eq!(
            retention(moved_in, ended(date!(2025 - 05 - 01), DEATH), 6, today),
            Excluded
        );
        assert_eq!(
            retention(moved_in, Some((date!(2025 - 05 - 01), None)), 6, today),
            NotRetained
        );
        // Ended after six months, before twelve.
        let later = ended(date!(2025 - 09 - 01), "eviction");
        assert_eq!(retention(moved_in, later, 6, today), Retained);
        assert_eq!(retention(moved_in, later, 12, today), NotRetained);
        // Ended on the mark itself: kept to the mark.
        assert_eq!(
            retention(moved_in, ended(date!(2025 - 07 - 15), "eviction"), 6, today),
            Retained
        );
    }

    #[test]
    fn incidents_meetings_and_closes_are_checked_against_their_dates() {
        let dates = TenancyDates {
            leased_on: date!(2026 - 01 - 01),
            moved_in_on: Some(date!(2026 - 01 - 05)),
            ended_on: None,
        };
        let today = date!(2026 - 03 - 01);
        let incident = IncidentInput {
            on: "2026-02-10".into(),
            kind: "arrears".into(),
            raised_by: "landlord".into(),
            description: "Two months behind.".into(),
        };
        assert_eq!(
            incident.parse(today, dates).unwrap().on,
            date!(2026 - 02 - 10)
        );
        let wrong = IncidentInput {
            kind: "loud".into(),
            raised_by: String::new(),
            on: "2026-01-01".into(),
            ..incident.clone()
        };
        let errors = wrong.parse(today, dates).unwrap_err();
        assert_eq!(errors.for_field("kind"), Some("error-choose"));
        assert_eq!(errors.for_field("raised_by"), Some("error-required"));
        assert_eq!(errors.for_field("on"), Some("error-before-move-in"));
        let open = IncidentDates {
            on: date!(2026 - 02 - 10),
            closed_on: None,
        };
        let meeting = MeetingInput {
            on: "2026-02-09".into(),
            attendees: " ".into(),
            agreed: String::new(),
        };
        let errors = meeting.parse(today, open).unwrap_err();
        assert_eq!(errors.for_field("on"), Some("error-before-incident"));
        assert_eq!(errors.for_field("attendees"), Some("error-required"));
        let closed = IncidentDates {
            closed_on: Some(date!(2026 - 02 - 20)),
            ..open
        };
        let close = IncidentCloseInput {
            on: String::new(),
            outcome: "resolved".into(),
            note: String::new(),
        };
        assert_eq!(close.parse(today, open).unwrap().on, today);
        assert_eq!(
            close.parse(today, closed).unwrap_err().for_field("on"),
            Some("error-incident-closed")
        );
    }

    #[test]
    fn a_landlords_years_count_offers_tenancies_incidents_and_relets() {
        let tenancies = [
            RelationshipTenancy {
                leased_on: date!(2024 - 03 - 01),
                moved_in_on: Some(date!(2024 - 03 - 05)),
                ended_on: Some(date!(2025 - 03 - 05)),
            },
            RelationshipTenancy {
                leased_on: date!(2025 - 04 - 01),
                moved_in_on: None,
                ended_on: Some(date!(2025 - 04 - 11)),
            },
            RelationshipTenancy {
                leased_on: date!(2025 - 06 - 01),
                moved_in_on: Some(date!(2025 - 06 - 01)),
                ended_on: None,
            },
        ];
        let years = relationship_by_year(
            &[
                date!(2024 - 02 - 20),
                date!(2025 - 03 - 20),
                date!(2025 - 05 - 20),
            ],
            &tenancies,
            &[
                (date!(2025 - 01 - 10), true),
                (date!(2025 - 08 - 01), false),
            ],
            &[
                (date!(2025 - 03 - 05), date!(2025 - 04 - 01)),
                (date!(2025 - 04 - 11), date!(2025 - 06 - 01)),
            ],
        );
        assert_eq!(years.len(), 2);
        assert_eq!(
            (years[0].year, years[0].offers, years[0].tenancies_started),
            (2024, 1, 1)
        );
        let y = &years[1];
        assert_eq!(
            (y.offers, y.tenancies_started, y.tenancies_ended),
            (2, 2, 2)
        );
        // 365 and 10 days housed: the lower middle of two.
        assert_eq!(y.median_days_housed, Some(10));
        assert_eq!((y.incidents, y.incidents_ending_tenancy), (2, 1));
        assert_eq!((y.relets, y.median_days_to_relet), (2, Some(27)));
        assert!(relationship_by_year(&[], &[], &[], &[]).is_empty());
    }

    #[test]
    fn contacts_and_ends_are_checked_against_the_tenancys_dates() {
        let dates = TenancyDates {
            leased_on: date!(2026 - 01 - 01),
            moved_in_on: Some(date!(2026 - 01 - 05)),
            ended_on: None,
        };
        let today = date!(2026 - 02 - 01);
        let visit = ContactInput {
            party: "support".into(),
            on: "2026-01-20".into(),
            kind: "home_visit".into(),
            outcome: "stable".into(),
            notes: " Settled in. ".into(),
        };
        let parsed = visit.parse(today, dates).unwrap();
        assert_eq!(parsed.notes.as_deref(), Some("Settled in."));
        let before = ContactInput {
            on: "2026-01-02".into(),
            ..visit.clone()
        };
        assert_eq!(
            before.parse(today, dates).unwrap_err().for_field("on"),
            Some("error-before-move-in")
        );
        let wrong = ContactInput {
            party: "landlord".into(),
            ..visit.clone()
        };
        let errors = wrong.parse(today, dates).unwrap_err();
        assert_eq!(errors.for_field("kind"), Some("error-choose"));
        assert_eq!(errors.for_field("outcome"), Some("error-choose"));
        let ended = TenancyDates {
            ended_on: Some(date!(2026 - 01 - 25)),
            ..dates
        };
        assert_eq!(
            visit.parse(today, ended).unwrap_err().for_field("on"),
            Some("error-tenancy-ended")
        );
        let end = TenancyEndInput {
            on: "2026-01-04".into(),
            reason: "".into(),
            note: "".into(),
        };
        let errors = end.parse(today, dates).unwrap_err();
        assert_eq!(errors.for_field("on"), Some("error-before-move-in"));
        assert_eq!(errors.for_field("reason"), Some("error-required"));
        let good = TenancyEndInput {
            on: "".into(),
            reason: "left_by_agreement".into(),
            note: "".into(),
        };
        assert_eq!(good.parse(today, dates).unwrap().on, today);
    }
}
