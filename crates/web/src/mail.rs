//! Notifications by e-mail (B4), where a mail server is configured: an SMTP server
//! (`PASSERELLE_SMTP_URL`), or a folder that receives each message as an `.eml` file
//! (`PASSERELLE_MAIL_DIR`, for a trial and for the tests).
//!
//! The notifications table is the outbox: a background task sends what is not yet mailed
//! whenever a request may have added some (and every few minutes, to retry), and marks each
//! one sent. A mail server that is down delays mail; it never loses it or fails a request.
//! Only notifications of the last two days are mailed, so turning mail on does not send
//! the history.
//!
//! A message carries no personal data: it says what kind of news there is and links to the
//! referral in Passerelle, where reading it is authorized and audited. E-mail is not a
//! place for a homeless person's name.

use crate::i18n::Tr;
use lettre::message::{Mailbox, Message, header::ContentType};
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor, transport::smtp::Error as SmtpError,
};
use passerelle_domain::roles::Language;
use passerelle_store::{MailItem, Store};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How often the outbox is looked at when nothing pokes it: retries after a failure.
const RETRY_EVERY: Duration = Duration::from_secs(300);
/// How far back unsent notifications are still worth a message.
const MAIL_WINDOW_DAYS: i64 = 2;

/// Where messages go.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(MailFolder),
}

/// A folder that receives each message as a whole `.eml` file.
///
/// A message is written under a name that does not end in `.eml` and then renamed, as
/// Maildir does: whatever reads the folder (a relay, a person, a test) sees a message
/// complete or not at all, never a file still being written.
pub struct MailFolder {
    dir: PathBuf,
}

impl MailFolder {
    fn new(dir: &Path) -> MailFolder {
        MailFolder {
            dir: dir.to_owned(),
        }
    }

    async fn deliver(&self, message: &Message) -> std::io::Result<()> {
        let id = uuid::Uuid::new_v4();
        let partial = self.dir.join(format!(".{id}.part"));
        let written = async {
            tokio::fs::write(&partial, message.formatted()).await?;
            tokio::fs::rename(&partial, self.dir.join(format!("{id}.eml"))).await
        }
        .await;
        if written.is_err() {
            // A part written before a full disk or a lost rename is of no use to anyone:
            // the message stays in the outbox and is tried again whole.
            let _ = tokio::fs::remove_file(&partial).await;
        }
        written
    }
}

/// Mail settings: the transport, the sender, and the address users reach the app at (for
/// the links in messages).
pub struct Mail {
    transport: Transport,
    from: Mailbox,
    public_url: String,
    /// Poked after a request that may have added notifications.
    outbox: Notify,
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mail")
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish()
    }
}

/// What the operator configured.
#[derive(Debug, Default, Clone)]
pub struct MailSettings {
    /// `smtp://user:password@host:587?tls=required`, `smtps://host`, as lettre reads it.
    pub smtp_url: Option<String>,
    /// Write each message into this folder instead of sending it.
    pub mail_dir: Option<PathBuf>,
    pub from: String,
    pub public_url: String,
}

impl Mail {
    /// The mail set-up, if a transport is configured; an error names a bad setting.
    pub fn from_settings(settings: &MailSettings) -> Result<Option<Arc<Mail>>, String> {
        let transport = match (&settings.smtp_url, &settings.mail_dir) {
            (Some(_), Some(_)) => {
                return Err("set either an SMTP URL or a mail folder, not both".into());
            }
            (Some(url), None) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("the SMTP URL cannot be used: {e}"))?
                    .build(),
            ),
            (None, Some(dir)) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                Transport::Files(MailFolder::new(dir))
            }
            (None, None) => return Ok(None),
        };
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("the sender address {:?} is not valid: {e}", settings.from))?;
        Ok(Some(Arc::new(Mail {
            transport,
            from,
            public_url: settings.public_url.trim_end_matches('/').to_owned(),
            outbox: Notify::new(),
        })))
    }

    /// Asks the outbox task to look for mail to send.
    pub fn poke(&self) {
        self.outbox.notify_one();
    }

    /// The message for one notification, in the user's language (both when unknown).
    fn message(&self, item: &MailItem) -> Result<Message, String> {
        let key = format!("notice-{}", item.kind.replace('_', "-"));
        let link = match item.referral_id {
            Some(id) => format!("{}/referrals/{id}", self.public_url),
            None => format!("{}/notifications", self.public_url),
        };
        let languages: &[Language] = match item.language.as_deref() {
            Some("fr") => &[Language::Fr],
            Some("en") => &[Language::En],
            _ => &[Language::En, Language::Fr],
        };
        let part = |lang: Language| {
            let tr = Tr::new(lang);
            format!(
                "{}\n\n{}\n{link}\n",
                tr.t(&key),
                tr.t("mail-sign-in-to-read")
            )
        };
        let subject = languages
            .iter()
            .map(|l| Tr::new(*l).t("mail-subject"))
            .collect::<Vec<_>>()
            .join(" / ");
        let body = languages
            .iter()
            .map(|l| part(*l))
            .collect::<Vec<_>>()
            .join("\n----\n\n");
        let to = item
            .email
            .parse::<Mailbox>()
            .map_err(|e| format!("{}: {e}", item.email))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())
    }

    /// The address users reach the app at, for links in messages.
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Mails a one-time link that sets the password of the account at `to` (a new account,
    /// or a reset), in the account's language (both when unknown). Sent at once, never kept
    /// in the outbox: the link is a secret the database holds only the hash of.
    pub async fn send_password_link(
        &self,
        to: &str,
        language: Option<Language>,
        link: &str,
        new_account: bool,
    ) -> Result<(), String> {
        let languages = match language {
            Some(lang) => vec![lang],
            None => vec![Language::En, Language::Fr],
        };
        let key = if new_account {
            "mail-account-created"
        } else {
            "mail-password-reset"
        };
        let subject = languages
            .iter()
            .map(|l| Tr::new(*l).t(&format!("{key}-subject")))
            .collect::<Vec<_>>()
            .join(" / ");
        let body = languages
            .iter()
            .map(|l| format!("{}\n\n{link}\n", Tr::new(*l).t(key)))
            .collect::<Vec<_>>()
            .join("\n----\n\n");
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse::<Mailbox>().map_err(|e| format!("{to}: {e}"))?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.send(message).await
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e: SmtpError| e.to_string()),
            Transport::Files(folder) => folder
                .deliver(&message)
                .await
                .map_err(|e| format!("cannot write the message: {e}")),
        }
    }

    /// Sends what the outbox holds; how many were sent. Stops at the first failure of the
    /// transport (the rest waits for the next round); an address that cannot be mailed is
    /// marked so it does not block the others.
    pub async fn deliver(&self, store: &Store) -> Result<usize, String> {
        let since = (time::OffsetDateTime::now_utc() - time::Duration::days(MAIL_WINDOW_DAYS))
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| e.to_string())?;
        let mut sent = 0;
        loop {
            let items = store
                .mail_outbox(&since, 100)
                .await
                .map_err(|e| e.to_string())?;
            if items.is_empty() {
                return Ok(sent);
            }
            for item in &items {
                // Claimed before it is sent, so that of several app servers' outboxes
                // exactly one sends it.
                if !store.claim_mail(item.id).await.map_err(|e| e.to_string())? {
                    continue;
                }
                match self.message(item) {
                    Ok(message) => {
                        if let Err(e) = self.send(message).await {
                            store
                                .release_mail(item.id)
                                .await
                                .map_err(|e| e.to_string())?;
                            return Err(e);
                        }
                        sent += 1;
                    }
                    Err(e) => tracing::warn!("notification {} not mailed: {e}", item.id),
                }
            }
        }
    }

    /// Runs the outbox in the background for as long as the app runs.
    pub fn spawn_outbox(self: &Arc<Self>, store: Store) {
        let mail = Arc::clone(self);
        tokio::spawn(async move {
            loop {
                if let Err(e) = mail.deliver(&store).await {
                    tracing::warn!("mail not sent, will retry: {e}");
                }
                let _ = tokio::time::timeout(RETRY_EVERY, mail.outbox.notified()).await;
            }
        });
    }
}
