//! In-app notifications (B4): what reached a partner worker about their agency's referrals
//! (status changes, reviews that touch them, consent nearing its end), newest first, with
//! an unread count in the header.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::FormData;
use crate::routes::Routes;
use crate::views::render;
use askama::Template;
use axum::extract::{Form, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use uuid::Uuid;

pub fn router() -> Routes {
    Routes::new().route("/notifications", get(page).post(mark_read))
}

struct Line {
    message: String,
    at: String,
    referral: Option<Uuid>,
    unread: bool,
}

#[derive(Template)]
#[template(path = "referrals/notifications.html")]
struct Page<'a> {
    ctx: &'a Ctx,
    lines: Vec<Line>,
    unread: usize,
}

async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    let user = ctx.user()?;
    super::apply_dates(&state, crate::views::today()).await?;
    let notifications = state.store.notifications(user.id, 200).await?;
    let lines: Vec<Line> = notifications
        .iter()
        .map(|n| Line {
            message: ctx.tr.t(&format!("notice-{}", n.kind.replace('_', "-"))),
            at: n.at.replace('T', " ").trim_end_matches('Z').to_owned(),
            referral: n.referral_id,
            unread: !n.read,
        })
        .collect();
    let unread = lines.iter().filter(|l| l.unread).count();
    Ok(render(&Page {
        ctx: &ctx,
        lines,
        unread,
    }))
}

async fn mark_read(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    FormData::checked(form, &ctx)?;
    let user = ctx.user()?;
    state.store.mark_notifications_read(user.id).await?;
    Ok(Redirect::to("/notifications").into_response())
}
