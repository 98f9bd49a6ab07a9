//! Users and their sessions. Sessions live in the database so that several app instances
//! behind a load balancer share them.

use crate::audit::record;
use crate::rows::{id, opt_id, opt_text, req_date, text};
use crate::{Result, Store, StoreError, now, timestamp};
use passerelle_domain::audit::{AuditAction, AuditEvent};
use passerelle_domain::housing::date_text;
use passerelle_domain::roles::{Language, Role, TokenFields, TokenScope, User};
use passerelle_domain::values::Email;
use passerelle_domain::{FieldError, FieldErrors};
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

/// Failed sign-ins in the throttle's window (see [`Store::login_failures`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginFailures {
    pub by_email: i64,
    pub by_address: i64,
}

/// How a sign-in attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginOutcome {
    Succeeded,
    Failed,
    /// Refused before the password was checked: too many recent failures.
    Throttled,
}

/// A user to create; the password is already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub agency_id: Option<Uuid>,
    pub password_hash: String,
}

/// An account as administrators see it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Account {
    #[serde(flatten)]
    pub user: User,
    pub created_at: String,
    pub disabled_at: Option<String>,
    /// Sessions not yet deleted (some may have expired unused).
    pub sessions: i64,
}

async fn end_sessions(conn: &mut sqlx::AnyConnection, user_id: Uuid) -> Result<u64> {
    Ok(sqlx::query("DELETE FROM session WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(&mut *conn)
        .await?
        .rows_affected())
}

/// Records a change to an account (`detail` says which) in the audit trail.
async fn user_changed(
    conn: &mut sqlx::AnyConnection,
    actor: Uuid,
    user_id: Uuid,
    detail: String,
) -> Result<()> {
    record(
        conn,
        AuditEvent::new(Some(actor), AuditAction::Update, "user", Some(user_id))
            .with_detail(detail),
    )
    .await
}

/// Partner workers belong to an agency; no other role does.
fn check_role_agency(role: Role, agency_id: Option<Uuid>) -> Result<()> {
    if role.requires_agency() == agency_id.is_some() {
        return Ok(());
    }
    let code = if agency_id.is_some() {
        "error-agency-not-allowed"
    } else {
        "error-agency-required"
    };
    Err(StoreError::Invalid(FieldErrors(vec![FieldError::new(
        "agency_id",
        code,
    )])))
}

/// Refuses an agency that is not in the directory, as a field error rather than the
/// database's refusal of the reference.
async fn known_agency(conn: &mut sqlx::AnyConnection, agency_id: Option<Uuid>) -> Result<()> {
    let Some(agency) = agency_id else {
        return Ok(());
    };
    sqlx::query("SELECT id FROM organization WHERE id = $1")
        .bind(agency.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .map(|_| ())
        .ok_or_else(|| {
            StoreError::Invalid(FieldErrors(vec![FieldError::new(
                "agency_id",
                "error-unknown-reference",
            )]))
        })
}

/// The account of a reset link (`$1`, its hash) not used, not past its time at `$2`, and
/// of an account not disabled.
fn live_reset_sql() -> String {
    format!(
        "SELECT {USER_COLUMNS} FROM password_reset r JOIN app_user u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 \
         AND u.disabled_at IS NULL"
    )
}

/// What a password-reset link does when followed.
#[derive(Debug, Clone, PartialEq)]
pub enum ResetLink {
    /// Valid: the account it sets the password of.
    Valid(User),
    /// Unknown, already used, replaced by a newer link, or past its time.
    Spent,
}

/// A live session: who it belongs to and the token its forms must carry.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionData {
    pub user: User,
    pub csrf_token: String,
    /// The user's unread notifications, which every page's header shows: read with the
    /// session, in the same query.
    pub unread_notifications: i64,
}

const USER_COLUMNS: &str = "u.id, u.email, u.display_name, u.role, u.agency_id, u.language";

fn user_from_row(r: &AnyRow) -> Result<User> {
    let role = text(r, "role")?;
    Ok(User {
        id: id(r, "id")?,
        email: text(r, "email")?,
        display_name: text(r, "display_name")?,
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        agency_id: opt_id(r, "agency_id")?,
        language: opt_text(r, "language")?
            .as_deref()
            .and_then(Language::parse),
    })
}

impl Store {
    pub async fn create_user(&self, actor: Option<Uuid>, new: NewUser) -> Result<User> {
        check_role_agency(new.role, new.agency_id)?;
        let user = User {
            id: Uuid::new_v4(),
            email: new.email.as_str().to_lowercase(),
            display_name: new.display_name,
            role: new.role,
            agency_id: new.agency_id,
            language: None,
        };
        let mut tx = self.begin_write().await?;
        known_agency(&mut tx, user.agency_id).await?;
        sqlx::query(
            "INSERT INTO app_user (id, email, display_name, role, agency_id, language, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)",
        )
        .bind(user.id.to_string())
        .bind(&user.email)
        .bind(&user.display_name)
        .bind(user.role.as_str())
        .bind(user.agency_id.map(|a| a.to_string()))
        .bind(&new.password_hash)
        .bind(now())
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict("error-duplicate-email"),
            _ => StoreError::from(e),
        })?;
        record(
            &mut tx,
            AuditEvent::new(actor, AuditAction::Create, "user", Some(user.id)),
        )
        .await?;
        tx.commit().await?;
        Ok(user)
    }

    /// The user with this email (any case) and their password hash, for logging in.
    pub async fn user_credentials(&self, email: &str) -> Result<Option<(User, String)>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, u.password_hash FROM app_user u WHERE u.email = $1 AND u.disabled_at IS NULL"
        );
        let row = sqlx::query(&sql)
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| Ok((user_from_row(&r)?, text(&r, "password_hash")?)))
            .transpose()
    }

    /// Failed sign-ins since `since`, counted the two ways the throttle limits them: with
    /// this e-mail (any case) after its last success, and from this address. Times are in
    /// whole seconds: failures in the second of a success count as before it.
    pub async fn login_failures(
        &self,
        email: &str,
        address: &str,
        since: OffsetDateTime,
    ) -> Result<LoginFailures> {
        let since = timestamp(since);
        let by_email = sqlx::query(
            "SELECT COUNT(*) FROM login_attempt WHERE email = $1 AND succeeded = 0 AND at >= $2 \
             AND at > COALESCE((SELECT MAX(at) FROM login_attempt WHERE email = $1 AND succeeded = 1), '')",
        )
        .bind(email.trim().to_lowercase())
        .bind(&since)
        .fetch_one(&self.read)
        .await?;
        let by_address = sqlx::query(
            "SELECT COUNT(*) FROM login_attempt WHERE address = $1 AND succeeded = 0 AND at >= $2",
        )
        .bind(address)
        .bind(&since)
        .fetch_one(&self.read)
        .await?;
        Ok(LoginFailures {
            by_email: crate::rows::i64_at(&by_email, 0)?,
            by_address: crate::rows::i64_at(&by_address, 0)?,
        })
    }

    /// Records a sign-in attempt; a failure is also audited with the e-mail tried and the
    /// address, and a refusal by the throttle (`throttled`) is audited without counting as
    /// an attempt, so that waiting out the window is enough. Attempts older than thirty
    /// days are removed.
    pub async fn record_login_attempt(
        &self,
        email: &str,
        address: &str,
        outcome: LoginOutcome,
    ) -> Result<()> {
        let email = email.trim().to_lowercase();
        let mut tx = self.begin_write().await?;
        if outcome != LoginOutcome::Throttled {
            sqlx::query(
                "INSERT INTO login_attempt (at, email, address, succeeded) VALUES ($1, $2, $3, $4)",
            )
            .bind(now())
            .bind(&email)
            .bind(address)
            .bind(i32::from(outcome == LoginOutcome::Succeeded))
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM login_attempt WHERE at < $1")
                .bind(timestamp(
                    OffsetDateTime::now_utc() - time::Duration::days(30),
                ))
                .execute(&mut *tx)
                .await?;
        }
        let action = match outcome {
            LoginOutcome::Succeeded => None,
            LoginOutcome::Failed => Some(AuditAction::LoginFailed),
            LoginOutcome::Throttled => Some(AuditAction::LoginThrottled),
        };
        if let Some(action) = action {
            let event = AuditEvent::new(None, action, "user", None)
                .with_detail(format!("email {email} from {address}"));
            record(&mut tx, event).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every account as administrators manage them, by e-mail.
    pub async fn accounts(&self) -> Result<Vec<Account>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, u.created_at, u.disabled_at, \
             (SELECT COUNT(*) FROM session s WHERE s.user_id = u.id) AS sessions \
             FROM app_user u ORDER BY u.email"
        );
        sqlx::query(&sql)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(|r| {
                Ok(Account {
                    user: user_from_row(r)?,
                    created_at: text(r, "created_at")?,
                    disabled_at: opt_text(r, "disabled_at")?,
                    sessions: crate::rows::opt_i64(r, "sessions")?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// Disables an account (its sessions end at once; it can sign in and use its tokens no
    /// more) or enables it again.
    pub async fn set_account_disabled(
        &self,
        actor: Uuid,
        user_id: Uuid,
        disabled: bool,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("UPDATE app_user SET disabled_at = $1 WHERE id = $2")
            .bind(disabled.then(now))
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            end_sessions(&mut tx, user_id).await?;
        }
        let detail = if disabled { "disabled" } else { "enabled" };
        user_changed(&mut tx, actor, user_id, detail.to_owned()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes an account's role and agency (a worker who moves to the hub, or to another
    /// agency). Sessions and tokens carry on: every request reads the role as it is now.
    pub async fn set_account_role(
        &self,
        actor: Uuid,
        user_id: Uuid,
        role: Role,
        agency_id: Option<Uuid>,
    ) -> Result<()> {
        check_role_agency(role, agency_id)?;
        let mut tx = self.begin_write().await?;
        known_agency(&mut tx, agency_id).await?;
        let done = sqlx::query("UPDATE app_user SET role = $1, agency_id = $2 WHERE id = $3")
            .bind(role.as_str())
            .bind(agency_id.map(|a| a.to_string()))
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = match agency_id {
            Some(agency) => format!("role {}, agency {agency}", role.as_str()),
            None => format!("role {}", role.as_str()),
        };
        user_changed(&mut tx, actor, user_id, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Keeps a new password-reset link for `user_id` (by its hash) until `expires_at`,
    /// ending the account's earlier links.
    pub async fn create_password_reset(
        &self,
        actor: Uuid,
        user_id: Uuid,
        token_hash: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("SELECT id FROM app_user WHERE id = $1")
            .bind(user_id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        sqlx::query("DELETE FROM password_reset WHERE user_id = $1 AND used_at IS NULL")
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_reset (token_hash, user_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id.to_string())
        .bind(actor.to_string())
        .bind(now())
        .bind(timestamp(expires_at))
        .execute(&mut *tx)
        .await?;
        user_changed(
            &mut tx,
            actor,
            user_id,
            "password reset link made".to_owned(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a password-reset link (by its hash) can still be used, and by whom.
    pub async fn password_reset(&self, token_hash: &str) -> Result<ResetLink> {
        let sql = live_reset_sql();
        match sqlx::query(&sql)
            .bind(token_hash)
            .bind(now())
            .fetch_optional(&self.read)
            .await?
        {
            Some(row) => Ok(ResetLink::Valid(user_from_row(&row)?)),
            None => Ok(ResetLink::Spent),
        }
    }

    /// Sets the password through a reset link, once: the link is spent and every session of
    /// the account ends. `Spent` when the link cannot be used (nothing is changed).
    pub async fn use_password_reset(
        &self,
        token_hash: &str,
        password_hash: &str,
    ) -> Result<ResetLink> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let sql = live_reset_sql();
        let Some(row) = sqlx::query(&sql)
            .bind(token_hash)
            .bind(&at)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(ResetLink::Spent);
        };
        let user = user_from_row(&row)?;
        // Spent here, not before: two uses at once cannot both pass.
        let spent = sqlx::query(
            "UPDATE password_reset SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(&at)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            return Ok(ResetLink::Spent);
        }
        sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user.id.to_string())
            .execute(&mut *tx)
            .await?;
        end_sessions(&mut tx, user.id).await?;
        user_changed(
            &mut tx,
            user.id,
            user.id,
            "password set by reset link".to_owned(),
        )
        .await?;
        tx.commit().await?;
        Ok(ResetLink::Valid(user))
    }

    /// Ends every session of a user (a lost phone, a shared computer left signed in).
    pub async fn end_sessions_of(&self, actor: Uuid, user_id: Uuid) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        sqlx::query("SELECT id FROM app_user WHERE id = $1")
            .bind(user_id.to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let ended = end_sessions(&mut tx, user_id).await?;
        user_changed(&mut tx, actor, user_id, format!("{ended} sessions ended")).await?;
        tx.commit().await?;
        Ok(ended)
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM app_user u ORDER BY u.email");
        sqlx::query(&sql)
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(user_from_row)
            .collect()
    }

    pub async fn user_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM app_user")
            .fetch_one(&self.read)
            .await?;
        crate::rows::i64_at(&row, 0)
    }

    /// Replaces a user's password (already hashed) and ends their other sessions: whoever
    /// knew the old password is signed out everywhere but here (`keep`, the session of the
    /// change, by its token hash).
    pub async fn set_password(
        &self,
        user_id: Uuid,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE app_user SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM session WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id.to_string())
            .bind(keep.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        user_changed(&mut tx, user_id, user_id, "password changed".to_owned()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The password hash of a user, to check their current password before a change.
    pub async fn password_hash(&self, user_id: Uuid) -> Result<String> {
        let row = sqlx::query("SELECT password_hash FROM app_user WHERE id = $1")
            .bind(user_id.to_string())
            .fetch_optional(&self.read)
            .await?
            .ok_or(StoreError::NotFound)?;
        text(&row, "password_hash")
    }

    pub async fn set_user_language(&self, user_id: Uuid, language: Language) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE app_user SET language = $1 WHERE id = $2")
            .bind(language.code())
            .bind(user_id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Opens a session; `token_hash` is a hash of the cookie's secret, never the secret.
    pub async fn create_session(
        &self,
        token_hash: &str,
        user_id: Uuid,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Housekeeping on each login keeps the table small without a background job.
        sqlx::query("DELETE FROM session WHERE expires_at <= $1")
            .bind(now())
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO session (token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $4)")
            .bind(token_hash)
            .bind(user_id.to_string())
            .bind(csrf_token)
            .bind(now())
            .bind(timestamp(expires_at))
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            AuditEvent::new(Some(user_id), AuditAction::Login, "user", Some(user_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session behind a token hash, if it exists and has not expired.
    /// The session, unless it has expired or gone unused for longer than `idle`. Using it
    /// counts as activity, recorded at most once a minute: a write on every request would
    /// queue every page behind SQLite's one writer.
    pub async fn session(
        &self,
        token_hash: &str,
        idle: time::Duration,
    ) -> Result<Option<SessionData>> {
        let at = OffsetDateTime::now_utc();
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, COALESCE(s.last_seen_at, s.created_at) AS seen, \
             (SELECT COUNT(*) FROM notification n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
             FROM session s JOIN app_user u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND COALESCE(s.last_seen_at, s.created_at) > $3 \
             AND u.disabled_at IS NULL"
        );
        let Some(r) = sqlx::query(&sql)
            .bind(token_hash)
            .bind(timestamp(at))
            .bind(timestamp(at - idle))
            .fetch_optional(&self.read)
            .await?
        else {
            return Ok(None);
        };
        // Timestamps are RFC 3339 in UTC, whole seconds: their text sorts as they do.
        if text(&r, "seen")? < timestamp(at - time::Duration::minutes(1)) {
            sqlx::query("UPDATE session SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(timestamp(at))
                .bind(token_hash)
                .execute(&self.write)
                .await?;
        }
        Ok(Some(SessionData {
            user: user_from_row(&r)?,
            csrf_token: text(&r, "csrf_token")?,
            unread_notifications: crate::rows::opt_i64(&r, "unread")?.unwrap_or(0),
        }))
    }

    pub async fn delete_session(&self, token_hash: &str, user_id: Uuid) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM session WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            AuditEvent::new(Some(user_id), AuditAction::Logout, "user", Some(user_id)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// An API token as its owner and administrators see it (never its secret or hash).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TokenRecord {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_email: String,
    pub name: String,
    pub scope: TokenScope,
    pub created_at: String,
    pub expires_on: time::Date,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

const TOKEN_SELECT: &str = "SELECT t.id, t.user_id, u.email, t.name, t.scope, t.created_at, t.expires_on, \
     t.last_used_at, t.revoked_at FROM api_token t JOIN app_user u ON u.id = t.user_id";

fn token_from_row(r: &AnyRow) -> Result<TokenRecord> {
    Ok(TokenRecord {
        id: id(r, "id")?,
        user_id: id(r, "user_id")?,
        user_email: text(r, "email")?,
        name: text(r, "name")?,
        scope: TokenScope::parse(&text(r, "scope")?)
            .ok_or_else(|| StoreError::Corrupt("api_token.scope".into()))?,
        created_at: text(r, "created_at")?,
        expires_on: req_date(r, "expires_on")?,
        last_used_at: opt_text(r, "last_used_at")?,
        revoked_at: opt_text(r, "revoked_at")?,
    })
}

impl Store {
    /// Keeps a new token of `user` (its secret's hash only) and records who made it.
    pub async fn create_token(
        &self,
        actor: Uuid,
        user: Uuid,
        fields: &TokenFields,
        token_hash: &str,
    ) -> Result<Uuid> {
        let token_id = Uuid::new_v4();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO api_token (id, user_id, name, token_hash, scope, created_at, expires_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(token_id.to_string())
        .bind(user.to_string())
        .bind(&fields.name)
        .bind(token_hash)
        .bind(fields.scope.code())
        .bind(now())
        .bind(date_text(fields.expires_on))
        .execute(&mut *tx)
        .await?;
        record(
            &mut tx,
            AuditEvent::new(
                Some(actor),
                AuditAction::Create,
                "api_token",
                Some(token_id),
            )
            .with_detail(format!("{} ({})", fields.name, fields.scope.code())),
        )
        .await?;
        tx.commit().await?;
        Ok(token_id)
    }

    /// The tokens of one user, or everyone's (`None`), newest first.
    pub async fn tokens(&self, user: Option<Uuid>) -> Result<Vec<TokenRecord>> {
        let sql = match user {
            Some(_) => {
                format!("{TOKEN_SELECT} WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id")
            }
            None => format!("{TOKEN_SELECT} ORDER BY t.created_at DESC, t.id"),
        };
        let mut query = sqlx::query(&sql);
        if let Some(user) = user {
            query = query.bind(user.to_string());
        }
        query
            .fetch_all(&self.read)
            .await?
            .iter()
            .map(token_from_row)
            .collect()
    }

    pub async fn token(&self, token_id: Uuid) -> Result<TokenRecord> {
        sqlx::query(&format!("{TOKEN_SELECT} WHERE t.id = $1"))
            .bind(token_id.to_string())
            .fetch_optional(&self.read)
            .await?
            .as_ref()
            .map(token_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    /// Revokes a token at once: the next request with it is refused.
    pub async fn revoke_token(&self, actor: Uuid, token_id: Uuid) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(token_id.to_string())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        record(
            &mut tx,
            AuditEvent::new(
                Some(actor),
                AuditAction::Update,
                "api_token",
                Some(token_id),
            )
            .with_detail("revoked".to_owned()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user a token acts as, with its scope, if the token is known, not revoked and not
    /// past its last day on `today`. Its last use is written at most once a minute.
    pub async fn token_user(
        &self,
        token_hash: &str,
        today: time::Date,
    ) -> Result<Option<(User, TokenScope)>> {
        let at = OffsetDateTime::now_utc();
        let sql = format!(
            "SELECT {USER_COLUMNS}, t.id AS token_id, t.scope, t.last_used_at \
             FROM api_token t JOIN app_user u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_on >= $2 \
             AND u.disabled_at IS NULL"
        );
        let Some(r) = sqlx::query(&sql)
            .bind(token_hash)
            .bind(date_text(today))
            .fetch_optional(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let scope = TokenScope::parse(&text(&r, "scope")?)
            .ok_or_else(|| StoreError::Corrupt("api_token.scope".into()))?;
        // Timestamps are RFC 3339 in UTC, whole seconds: their text sorts as they do.
        let stale = opt_text(&r, "last_used_at")?
            .is_none_or(|seen| seen < timestamp(at - time::Duration::minutes(1)));
        if stale {
            sqlx::query("UPDATE api_token SET last_used_at = $1 WHERE id = $2")
                .bind(timestamp(at))
                .bind(text(&r, "token_id")?)
                .execute(&self.write)
                .await?;
        }
        Ok(Some((user_from_row(&r)?, scope)))
    }
}
