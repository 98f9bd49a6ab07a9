//! Outreach (A3) and meetings (A4): the convener contacts every agency, the reluctant ones
//! too, and meets each with a stated purpose to hear how it sees its role, its strengths,
//! its place in the network and the hub.
//!
//! Discretion by design (A5): nothing here, nor anywhere in Passerelle, records an
//! agency's staff count, budget or funding sources. Agencies meet the hub as peers; a hub
//! that held their finances would be a funder's auditor, and the frank answers the four
//! questions need would not come. See docs/decisions/0009.

use crate::housing::date;
use crate::values::{FieldError, FieldErrors, optional, optional_text, required_text};
use serde::Serialize;
use time::Date;
use uuid::Uuid;

/// Where an agency stands with the hub, earliest first. Derived from what was logged
/// (contacts, meetings) except `Partner`, which the convener marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Identified,
    Contacted,
    MeetingPlanned,
    Met,
    Partner,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Identified,
        Stage::Contacted,
        Stage::MeetingPlanned,
        Stage::Met,
        Stage::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Identified => "identified",
            Stage::Contacted => "contacted",
            Stage::MeetingPlanned => "meeting_planned",
            Stage::Met => "met",
            Stage::Partner => "partner",
        }
    }

    /// The furthest stage the facts reach: the pipeline never goes back because a new
    /// meeting is planned with an agency already met.
    pub fn of(partner: bool, met: bool, meeting_planned: bool, contacted: bool) -> Stage {
        if partner {
            Stage::Partner
        } else if met {
            Stage::Met
        } else if meeting_planned {
            Stage::MeetingPlanned
        } else if contacted {
            Stage::Contacted
        } else {
            Stage::Identified
        }
    }
}

/// How an agency was reached.
pub const CHANNELS: [&str; 3] = ["email", "phone", "in_person"];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactInput {
    pub contacted_on: String,
    pub channel: String,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactFields {
    pub contacted_on: Date,
    pub channel: &'static str,
    pub note: Option<String>,
}

/// A day something already happened: typed as YYYY-MM-DD, not after today.
fn past_date(field: &str, raw: &str, today: Date) -> Result<Option<Date>, FieldError> {
    match date(field, raw)? {
        d if d > today => Err(FieldError::new(field, "error-future-date")),
        d => Ok(Some(d)),
    }
}

fn choose(field: &str, values: &[&'static str], raw: &str) -> Result<&'static str, FieldError> {
    values
        .iter()
        .copied()
        .find(|v| *v == raw.trim())
        .ok_or_else(|| FieldError::new(field, "error-choose"))
}

impl ContactInput {
    /// A contact is logged once made: its day cannot be in the future.
    pub fn parse(&self, today: Date) -> Result<ContactFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let contacted_on = e.take(past_date("contacted_on", &self.contacted_on, today));
        let channel = e.take(choose("channel", &CHANNELS, &self.channel));
        let note = e.take(optional_text("note", &self.note, 2000));
        e.finish(ContactFields {
            contacted_on: contacted_on.unwrap_or(today),
            channel,
            note,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeetingInput {
    pub purpose: String,
    pub preparation: String,
    pub expected_outcomes: String,
    pub scheduled_on: String,
    /// Agencies invited, as ids.
    pub agencies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeetingFields {
    pub purpose: String,
    pub preparation: Option<String>,
    pub expected_outcomes: Option<String>,
    pub scheduled_on: Date,
    pub agencies: Vec<Uuid>,
}

impl MeetingInput {
    /// A meeting needs a purpose, a day and at least one agency.
    pub fn parse(&self) -> Result<MeetingFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let purpose = e.take(required_text("purpose", &self.purpose, 500));
        let preparation = e.take(optional_text("preparation", &self.preparation, 5000));
        let expected_outcomes = e.take(optional_text(
            "expected_outcomes",
            &self.expected_outcomes,
            2000,
        ));
        let scheduled_on = e.take(date("scheduled_on", &self.scheduled_on).map(Some));
        let mut agencies: Vec<Uuid> = Vec::new();
        for raw in &self.agencies {
            match Uuid::parse_str(raw.trim()) {
                Ok(id) if !agencies.contains(&id) => agencies.push(id),
                Ok(_) => {}
                Err(_) => e.push("agencies", "error-choose"),
            }
        }
        if agencies.is_empty() {
            e.push("agencies", "error-agencies-required");
        }
        e.finish(MeetingFields {
            purpose,
            preparation,
            expected_outcomes,
            scheduled_on: scheduled_on.unwrap_or(Date::MIN),
            agencies,
        })
    }
}

/// The seven answers an agency gives at a meeting: how it sees itself, and the hub.
pub const ANSWERS: [&str; 7] = [
    "role",
    "strengths",
    "place_in_network",
    "hub_does_well",
    "hub_does_less_well",
    "hub_should_start",
    "hub_should_stop",
];

/// One agency's answers at one meeting, in `ANSWERS` order; each may be left blank.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Answers(pub [Option<String>; 7]);

impl Answers {
    /// Reads the form fields named as in `ANSWERS`.
    pub fn parse(get: impl Fn(&str) -> String) -> Result<Answers, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut answers: [Option<String>; 7] = Default::default();
        for (slot, field) in answers.iter_mut().zip(ANSWERS) {
            *slot = e.take(optional_text(field, &get(field), 5000));
        }
        e.finish(Answers(answers))
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(Option::is_none)
    }
}

/// What a meeting came to, recorded once it is held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutcomeInput {
    pub held_on: String,
    pub decisions: String,
    pub next_meeting_on: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeFields {
    pub held_on: Date,
    pub decisions: Option<String>,
    /// The next meeting agreed, if one was.
    pub next_meeting_on: Option<Date>,
}

impl OutcomeInput {
    pub fn parse(&self, today: Date) -> Result<OutcomeFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let held_on = e.take(past_date("held_on", &self.held_on, today));
        let decisions = e.take(optional_text("decisions", &self.decisions, 5000));
        let next = e.take(optional("next_meeting_on", &self.next_meeting_on, date));
        if let (Some(held), Some(next)) = (held_on, next)
            && next <= held
        {
            e.push("next_meeting_on", "error-next-before-held");
        }
        e.finish(OutcomeFields {
            held_on: held_on.unwrap_or(today),
            decisions,
            next_meeting_on: next,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FollowUpInput {
    pub description: String,
    pub owner: String,
    pub due_on: String,
}

/// Something to do after a meeting, by someone, by a day.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpFields {
    pub description: String,
    /// Who does it (a person or an agency, as the meeting agreed).
    pub owner: String,
    pub due_on: Date,
}

impl FollowUpInput {
    pub fn parse(&self) -> Result<FollowUpFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let description = e.take(required_text("description", &self.description, 1000));
        let owner = e.take(required_text("owner", &self.owner, 200));
        let due_on = e.take(date("due_on", &self.due_on).map(Some));
        e.finish(FollowUpFields {
            description,
            owner,
            due_on: due_on.unwrap_or(Date::MIN),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_stage_is_the_furthest_the_facts_reach() {
        assert_eq!(Stage::of(false, false, false, false), Stage::Identified);
        assert_eq!(Stage::of(false, false, false, true), Stage::Contacted);
        assert_eq!(Stage::of(false, false, true, true), Stage::MeetingPlanned);
        assert_eq!(Stage::of(false, true, true, true), Stage::Met);
        assert_eq!(Stage::of(true, false, false, false), Stage::Partner);
        assert!(Stage::Identified < Stage::Partner);
    }

    #[test]
    fn forms_are_read_with_errors_per_field() {
        let today = date!(2026 - 11 - 27);
        let errors = ContactInput {
            contacted_on: "2026-12-01".into(),
            channel: "fax".into(),
            note: String::new(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(errors.for_field("contacted_on"), Some("error-future-date"));
        assert_eq!(errors.for_field("channel"), Some("error-choose"));

        let errors = MeetingInput::default().parse().unwrap_err();
        assert_eq!(errors.for_field("purpose"), Some("error-required"));
        assert_eq!(errors.for_field("scheduled_on"), Some("error-date"));
        assert_eq!(
            errors.for_field("agencies"),
            Some("error-agencies-required")
        );

        let id = Uuid::new_v4().to_string();
        let meeting = MeetingInput {
            purpose: " Learn how the drop-in sees its role ".into(),
            scheduled_on: "2026-12-03".into(),
            agencies: vec![id.clone(), id],
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(meeting.purpose, "Learn how the drop-in sees its role");
        assert_eq!(meeting.agencies.len(), 1, "an agency is invited once");

        let errors = OutcomeInput {
            held_on: "2026-11-20".into(),
            decisions: String::new(),
            next_meeting_on: "2026-11-19".into(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(
            errors.for_field("next_meeting_on"),
            Some("error-next-before-held")
        );

        let answers = Answers::parse(|f| {
            if f == "hub_should_stop" {
                "Duplicating our intake".into()
            } else {
                String::new()
            }
        })
        .unwrap();
        assert_eq!(answers.0[6].as_deref(), Some("Duplicating our intake"));
        assert!(!answers.is_empty());

        let errors = FollowUpInput::default().parse().unwrap_err();
        assert_eq!(errors.for_field("owner"), Some("error-required"));
        assert_eq!(errors.for_field("due_on"), Some("error-date"));
    }
}
