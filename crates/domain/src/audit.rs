//! The audit trail: who read or changed what, and when. Every read and change of personal
//! data (today: directory contacts and user accounts) and every import is recorded.

use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    Import,
    Login,
    LoginFailed,
    LoginThrottled,
    Logout,
    /// Data written out of the app (a file downloaded).
    Export,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create => "create",
            Self::Update => "update",
            Self::Import => "import",
            Self::Login => "login",
            Self::LoginFailed => "login_failed",
            Self::LoginThrottled => "login_throttled",
            Self::Logout => "logout",
            Self::Export => "export",
        }
    }

    pub const ALL: [AuditAction; 9] = [
        Self::Read,
        Self::Create,
        Self::Update,
        Self::Import,
        Self::Login,
        Self::LoginFailed,
        Self::LoginThrottled,
        Self::Logout,
        Self::Export,
    ];

    pub fn parse(code: &str) -> Option<AuditAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == code)
    }
}

/// One entry of the trail, before it is stamped with a time by the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    /// The user who acted; `None` for the command line or an anonymous attempt.
    pub actor: Option<Uuid>,
    pub action: AuditAction,
    /// The kind of record (`organization`, `contact`, `user`, `directory`…).
    pub entity: &'static str,
    pub entity_id: Option<Uuid>,
    /// A short, non-sensitive note (never a password, never a person's details).
    pub detail: String,
}

impl AuditEvent {
    pub fn new(
        actor: Option<Uuid>,
        action: AuditAction,
        entity: &'static str,
        entity_id: Option<Uuid>,
    ) -> Self {
        Self {
            actor,
            action,
            entity,
            entity_id,
            detail: String::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}
