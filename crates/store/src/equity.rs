//! What the equity measures of matching (D4) read: every person who was ever on the list,
//! grouped by their latest referral, with the history of their status and their offers.
//! The counting, grouping and withholding are the domain's (`passerelle_domain::equity`);
//! the store only reads, in three queries whatever the number of persons.

use crate::referrals::split;
use crate::rows::{get_flag, id, opt_date, opt_i64, opt_id, opt_text, req_date, text};
use crate::{Result, Store, StoreError};
use passerelle_domain::referrals::ListStatus;
use std::collections::HashMap;
use time::Date;
use uuid::Uuid;

/// A person as the equity measures see them: no name, no contact, only what groups them.
#[derive(Debug, Clone, PartialEq)]
pub struct EquityPerson {
    pub person_id: Uuid,
    /// The agency of the latest referral.
    pub agency_id: Option<Uuid>,
    /// As stored (`YYYY-MM-DD`, `YYYY-MM`, or unreadable text); erased when consent ended.
    pub birth_date: Option<String>,
    pub sex_gender: Option<String>,
    pub adults: u8,
    pub children: usize,
    pub pregnant: bool,
    pub self_identified: Vec<String>,
    /// The first referral's day.
    pub entered_on: Date,
    /// Every change of status, oldest first.
    pub statuses: Vec<(Date, ListStatus)>,
    pub offers: Vec<EquityOffer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EquityOffer {
    pub round_id: Option<Uuid>,
    pub offered_on: Date,
    /// The day the client accepted, where they did.
    pub accepted_on: Option<Date>,
    pub moved_in_on: Option<Date>,
}

impl EquityPerson {
    /// Whether the person was waiting (active or matched) at some time from `from` to `to`.
    pub fn waiting_between(&self, from: Date, to: Date) -> bool {
        // Whether they were waiting as `from` began, then every change within the period.
        let mut waiting = false;
        for &(day, status) in &self.statuses {
            if day < from {
                waiting = status.is_waiting();
                continue;
            }
            if waiting || status.is_waiting() && day <= to {
                return true;
            }
            if day > to {
                return false;
            }
        }
        waiting
    }
}

impl Store {
    /// Every person not merged into another, for the equity measures.
    pub async fn equity_persons(&self) -> Result<Vec<EquityPerson>> {
        let persons = sqlx::query(
            "SELECT p.id, r.agency_id, r.birth_date, r.sex_gender, r.adults, r.children_ages, r.pregnant, \
             r.self_identified, (SELECT MIN(f.referred_on) FROM referral f WHERE f.person_id = p.id) AS entered_on \
             FROM person p JOIN referral r ON r.person_id = p.id \
             WHERE p.merged_into IS NULL \
             AND r.seq = (SELECT MAX(l.seq) FROM referral l WHERE l.person_id = p.id) ORDER BY p.id",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(persons.len());
        let mut at = HashMap::with_capacity(persons.len());
        for r in &persons {
            let person_id = id(r, "id")?;
            at.insert(person_id, out.len());
            out.push(EquityPerson {
                person_id,
                agency_id: opt_id(r, "agency_id")?,
                birth_date: opt_text(r, "birth_date")?,
                sex_gender: opt_text(r, "sex_gender")?,
                adults: opt_i64(r, "adults")?.unwrap_or(1).clamp(0, 255) as u8,
                children: split(opt_text(r, "children_ages")?).len(),
                pregnant: get_flag(r, "pregnant")?,
                self_identified: split(opt_text(r, "self_identified")?),
                entered_on: req_date(r, "entered_on")?,
                statuses: Vec::new(),
                offers: Vec::new(),
            });
        }
        let events = sqlx::query(
            "SELECT person_id, on_day, to_status FROM person_status_event ORDER BY person_id, seq",
        )
        .fetch_all(&self.read)
        .await?;
        for r in &events {
            if let Some(&i) = at.get(&id(r, "person_id")?) {
                let status = text(r, "to_status")?;
                let status = ListStatus::parse(&status)
                    .ok_or_else(|| StoreError::Corrupt(format!("list status {status}")))?;
                out[i].statuses.push((req_date(r, "on_day")?, status));
            }
        }
        let offers = sqlx::query(
            "SELECT o.person_id, o.round_id, o.offered_on, o.moved_in_on, \
             (SELECT MIN(e.on_day) FROM offer_event e WHERE e.offer_id = o.id AND e.to_state = 'client_accepted') \
             AS accepted_on FROM offer o ORDER BY o.seq",
        )
        .fetch_all(&self.read)
        .await?;
        for r in &offers {
            if let Some(&i) = at.get(&id(r, "person_id")?) {
                out[i].offers.push(EquityOffer {
                    round_id: opt_id(r, "round_id")?,
                    offered_on: req_date(r, "offered_on")?,
                    accepted_on: opt_date(r, "accepted_on")?,
                    moved_in_on: opt_date(r, "moved_in_on")?,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn waiting_is_read_from_the_history_of_statuses() {
        let person = EquityPerson {
            person_id: Uuid::nil(),
            agency_id: None,
            birth_date: None,
            sex_gender: None,
            adults: 1,
            children: 0,
            pregnant: false,
            self_identified: Vec::new(),
            entered_on: date!(2026 - 01 - 10),
            statuses: vec![
                (date!(2026 - 01 - 10), ListStatus::Active),
                (date!(2026 - 03 - 01), ListStatus::Matched),
                (date!(2026 - 03 - 20), ListStatus::Housed),
            ],
            offers: Vec::new(),
        };
        assert!(!person.waiting_between(date!(2025 - 01 - 01), date!(2026 - 01 - 09)));
        assert!(person.waiting_between(date!(2025 - 01 - 01), date!(2026 - 01 - 10)));
        assert!(person.waiting_between(date!(2026 - 02 - 01), date!(2026 - 02 - 02)));
        // Housed on the 20th: waiting as that day began (and counted with the move-in).
        assert!(person.waiting_between(date!(2026 - 03 - 20), date!(2026 - 04 - 01)));
        assert!(!person.waiting_between(date!(2026 - 03 - 21), date!(2026 - 04 - 01)));
        assert!(person.waiting_between(date!(2026 - 03 - 19), date!(2026 - 04 - 01)));
    }
}
