//! Matching and offers in the app (D1–D5): match rounds on live data with the reasons for
//! every proposal and every wait, the locator's corrections, and offers from the proposal
//! to the move-in. See `docs/matching.md`.

pub mod api;
mod compare;
mod equity;
mod pages;
pub mod round;

use crate::AppState;
use crate::error::AppError;
use crate::routes::Routes;
use crate::views::today;
use passerelle_domain::offers::{DEFAULT_RESPONSE_DAYS, REMINDER_DAYS_BEFORE};
use time::{Date, Duration};

pub fn router() -> Routes {
    pages::router()
        .merge(equity::router())
        .merge(compare::router())
}

/// Brings the day's dates to bear before anything about offers is read or decided: consent
/// that ended, the no-contact rule, and offers whose deadline passed (they lapse: the unit
/// and the person go back to the pool) or is near (the referring workers are reminded).
pub(crate) async fn apply_offer_dates(state: &AppState) -> Result<Date, AppError> {
    let day = today();
    crate::referrals::apply_dates(state, day).await?;
    state.store.lapse_offers(day, REMINDER_DAYS_BEFORE).await?;
    state.poke_outbox();
    Ok(day)
}

/// The default deadline for an answer asked for on `on`.
pub(crate) fn default_respond_by(on: Date) -> Date {
    on + Duration::days(DEFAULT_RESPONSE_DAYS)
}
