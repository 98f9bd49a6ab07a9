//! Users, their roles, and what each role may do. Every authorization decision of the web
//! app and the API is one of the functions here, so the rules are read in one place.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Administrator,
    /// A hub case worker who recruits landlords and matches clients to units.
    HousingLocator,
    /// A worker at a partner agency; everything they do is scoped to that agency.
    PartnerWorker,
    /// The hub's director, who maps and grows the partner network.
    NetworkConvener,
    /// A public-authority analyst: aggregate reports only, never a person's data.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Self::Administrator,
        Self::HousingLocator,
        Self::PartnerWorker,
        Self::NetworkConvener,
        Self::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::HousingLocator => "housing_locator",
            Self::PartnerWorker => "partner_worker",
            Self::NetworkConvener => "network_convener",
            Self::Analyst => "analyst",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        let wanted = raw.trim().replace('-', "_");
        Self::ALL.into_iter().find(|r| r.as_str() == wanted)
    }

    /// Whether users of this role must belong to an agency.
    pub fn requires_agency(self) -> bool {
        self == Self::PartnerWorker
    }
}

/// UI languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    pub const ALL: [Language; 2] = [Self::En, Self::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    pub fn parse(raw: &str) -> Option<Language> {
        match raw.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("en") => Some(Self::En),
            Some("fr") => Some(Self::Fr),
            _ => None,
        }
    }
}

/// A user as the rest of the system sees them (never their password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The agency a partner worker belongs to.
    pub agency_id: Option<Uuid>,
    /// The language the user chose, if they did.
    pub language: Option<Language>,
}

impl User {
    /// Creating an organization: the hub's staff and administrators.
    pub fn can_create_organization(&self) -> bool {
        matches!(
            self.role,
            Role::Administrator | Role::NetworkConvener | Role::HousingLocator
        )
    }

    /// Editing an organization and its services, locations and contacts: the hub's staff,
    /// and a partner worker for their own agency only.
    pub fn can_edit_organization(&self, organization_id: Uuid) -> bool {
        match self.role {
            Role::Administrator | Role::NetworkConvener | Role::HousingLocator => true,
            Role::PartnerWorker => self.agency_id == Some(organization_id),
            Role::Analyst => false,
        }
    }

    /// Speaking for an agency about its partners: reporting its relationships, and reading
    /// the notes it wrote about them (what one agency says of another stays with it, the
    /// convener who maps the network, and administrators). A housing locator edits the
    /// directory but does not speak for an agency.
    pub fn can_report_relationships_for(&self, organization_id: Uuid) -> bool {
        match self.role {
            Role::Administrator | Role::NetworkConvener => true,
            Role::PartnerWorker => self.agency_id == Some(organization_id),
            Role::HousingLocator | Role::Analyst => false,
        }
    }

    /// Contacts are people's names and numbers; analysts see aggregates only.
    pub fn can_see_contacts(&self) -> bool {
        self.role != Role::Analyst
    }

    /// Loading or replacing a whole directory.
    pub fn can_import_directory(&self) -> bool {
        self.role == Role::Administrator
    }

    /// The service's metrics (`/metrics`): administrators, or a scraper with their token.
    pub fn can_read_metrics(&self) -> bool {
        self.role == Role::Administrator
    }

    /// Accounts (disabling one, ending its sessions): administrators only.
    pub fn can_manage_users(&self) -> bool {
        self.role == Role::Administrator
    }

    /// The audit trail names who read whose data: administrators only.
    pub fn can_read_audit(&self) -> bool {
        self.role == Role::Administrator
    }

    /// Every user makes and revokes their own API tokens; administrators see and revoke
    /// everyone's (a leaked token is stopped without waiting for its owner).
    pub fn can_manage_token_of(&self, owner: Uuid) -> bool {
        self.id == owner || self.role == Role::Administrator
    }

    pub fn can_see_every_token(&self) -> bool {
        self.role == Role::Administrator
    }

    /// Landlords (with their private notes and contacts), properties, units and holds:
    /// the housing locators, and administrators.
    pub fn can_manage_housing(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::HousingLocator)
    }

    /// The list of open units, without landlords or street addresses: everyone who places
    /// clients (partner workers and the hub's staff), not analysts.
    pub fn can_see_open_units(&self) -> bool {
        self.role != Role::Analyst
    }

    /// The partner network's relationships, map and queue name agencies one by one: the
    /// hub's staff and partner workers, not analysts (they get the aggregate reports).
    pub fn can_see_network(&self) -> bool {
        self.role != Role::Analyst
    }

    /// Outreach and meetings: the convener's work (and administrators'). What an agency
    /// said about the hub stays with the people who asked.
    pub fn can_run_outreach(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::NetworkConvener)
    }

    /// Logging a systemic issue for `organization_id`: the hub's convener and administrators
    /// for any agency, a partner worker for their own.
    pub fn can_log_issue_for(&self, organization_id: Uuid) -> bool {
        match self.role {
            Role::Administrator | Role::NetworkConvener => true,
            Role::PartnerWorker => self.agency_id == Some(organization_id),
            Role::HousingLocator | Role::Analyst => false,
        }
    }

    /// Whose logged issues this user reads one by one: every agency's (convener and
    /// administrators), their own agency's (partner workers), or none (`None`).
    pub fn issue_entries_scope(&self) -> Option<Option<Uuid>> {
        match self.role {
            Role::Administrator | Role::NetworkConvener => Some(None),
            Role::PartnerWorker => self.agency_id.map(Some),
            Role::HousingLocator | Role::Analyst => None,
        }
    }

    /// Referring a person to the hub: a partner worker for their own agency, and the hub's
    /// locators and administrators for a walk-in.
    pub fn can_refer(&self) -> bool {
        match self.role {
            Role::PartnerWorker => self.agency_id.is_some(),
            Role::HousingLocator | Role::Administrator => true,
            Role::NetworkConvener | Role::Analyst => false,
        }
    }

    /// Whose referrals this user reads one by one: every agency's (the hub's locators and
    /// administrators), their own agency's (partner workers), or none (`None`): the
    /// convener works with agencies, not people, and analysts read aggregates.
    pub fn referral_scope(&self) -> Option<Option<Uuid>> {
        match self.role {
            Role::HousingLocator | Role::Administrator => Some(None),
            Role::PartnerWorker => self.agency_id.map(Some),
            Role::NetworkConvener | Role::Analyst => None,
        }
    }

    /// Whether this user may read a referral sent by `referring_agency` (`None`: a walk-in
    /// recorded by the hub).
    pub fn can_read_referral(&self, referring_agency: Option<Uuid>) -> bool {
        match self.referral_scope() {
            Some(None) => true,
            Some(Some(own)) => referring_agency == Some(own),
            None => false,
        }
    }

    /// The by-name list, persons and possible same persons: the hub's work.
    pub fn can_manage_list(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::HousingLocator)
    }

    /// The prioritization policy and the linkage model: administrators.
    pub fn can_set_policy(&self) -> bool {
        self.role == Role::Administrator
    }

    /// Match rounds, proposals and the landlord's side of offers: the hub's locators and
    /// administrators, who see units and persons together.
    pub fn can_run_matching(&self) -> bool {
        matches!(self.role, Role::Administrator | Role::HousingLocator)
    }

    /// Whose offers this user reads: every one (the hub), their own agency's clients'
    /// (partner workers, who take offers to their clients), or none.
    pub fn offer_scope(&self) -> Option<Option<Uuid>> {
        self.referral_scope()
    }

    /// Recording the client's answer to an offer made through `agency`: the referring
    /// agency's workers, and the hub.
    pub fn can_answer_for_client(&self, agency: Option<Uuid>) -> bool {
        self.can_run_matching()
            || (self.role == Role::PartnerWorker && agency.is_some() && self.agency_id == agency)
    }

    /// The equity of matching and the comparison of policies, as aggregates with small
    /// counts withheld: the hub and public-authority analysts, not partner workers (who
    /// would read other agencies' figures).
    pub fn can_read_equity(&self) -> bool {
        self.role != Role::PartnerWorker
    }

    /// Monthly availability is aggregate: every role sees it.
    pub fn can_see_availability(&self) -> bool {
        true
    }

    /// Whose tenancies this user follows after move-in: every one (the hub's locators and
    /// administrators), those their agency supports (partner workers), or none: the
    /// convener works with agencies and analysts read aggregates.
    pub fn tenancy_scope(&self) -> Option<Option<Uuid>> {
        match self.role {
            Role::Administrator | Role::HousingLocator => Some(None),
            Role::PartnerWorker => self.agency_id.map(Some),
            Role::NetworkConvener | Role::Analyst => None,
        }
    }

    /// Whether this user may read a tenancy supported by `support_agency`.
    pub fn can_read_tenancy(&self, support_agency: Option<Uuid>) -> bool {
        match self.tenancy_scope() {
            Some(None) => true,
            Some(Some(agency)) => support_agency == Some(agency),
            None => false,
        }
    }

    /// Logging a support visit: the supporting agency's workers, and the hub.
    pub fn can_log_support_for(&self, support_agency: Option<Uuid>) -> bool {
        self.can_read_tenancy(support_agency)
    }

    /// Checking in with landlords, changing a tenancy's supports, recording its end: the
    /// hub's locators (who keep the landlords) and administrators.
    pub fn can_manage_tenancies(&self) -> bool {
        self.can_manage_housing()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(role: Role, agency: Option<u128>) -> User {
        User {
            id: Uuid::nil(),
            email: "x@y.ca".into(),
            display_name: "X".into(),
            role,
            agency_id: agency.map(Uuid::from_u128),
            language: None,
        }
    }

    #[test]
    fn partner_workers_edit_only_their_agency() {
        let worker = user(Role::PartnerWorker, Some(1));
        assert!(worker.can_edit_organization(Uuid::from_u128(1)));
        assert!(!worker.can_edit_organization(Uuid::from_u128(2)));
        assert!(!worker.can_create_organization());
    }

    #[test]
    fn analysts_read_aggregates_only() {
        let analyst = user(Role::Analyst, None);
        assert!(!analyst.can_see_contacts());
        assert!(!analyst.can_edit_organization(Uuid::from_u128(1)));
        assert!(user(Role::NetworkConvener, None).can_edit_organization(Uuid::from_u128(9)));
    }

    #[test]
    fn referrals_are_read_by_the_hub_and_the_referring_agency_only() {
        let worker = user(Role::PartnerWorker, Some(1));
        assert!(worker.can_refer());
        assert!(worker.can_read_referral(Some(Uuid::from_u128(1))));
        assert!(!worker.can_read_referral(Some(Uuid::from_u128(2))));
        assert!(!worker.can_read_referral(None), "walk-ins are the hub's");
        assert!(!worker.can_manage_list());
        let locator = user(Role::HousingLocator, None);
        assert!(locator.can_read_referral(Some(Uuid::from_u128(2))) && locator.can_manage_list());
        for role in [Role::NetworkConvener, Role::Analyst] {
            let u = user(role, None);
            assert!(!u.can_refer() && !u.can_read_referral(None) && !u.can_manage_list());
        }
        assert!(
            !user(Role::PartnerWorker, None).can_refer(),
            "a worker needs an agency"
        );
        assert!(user(Role::Administrator, None).can_set_policy() && !locator.can_set_policy());
    }

    #[test]
    fn roles_and_languages_parse() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("housing-locator"), Some(Role::HousingLocator));
        assert_eq!(Language::parse("fr-CA"), Some(Language::Fr));
        assert_eq!(Language::parse("de"), None);
    }
}

/// What an API token may do: read only, or read and write (never more than its user may).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    #[default]
    Read,
    Write,
}

impl TokenScope {
    pub const ALL: [TokenScope; 2] = [Self::Read, Self::Write];

    pub fn code(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
        }
    }

    pub fn parse(raw: &str) -> Option<TokenScope> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }
}

/// The longest a token lives: a year, so that a forgotten one ends by itself.
pub const TOKEN_MAX_DAYS: i64 = 365;

/// A new API token as its form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokenInput {
    /// What the token is for, so its owner recognizes it in the list.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// How many days it lasts, 1 to [`TOKEN_MAX_DAYS`].
    pub days: String,
}

/// A new API token, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenFields {
    pub name: String,
    pub scope: TokenScope,
    /// The last day it is accepted.
    pub expires_on: time::Date,
}

impl TokenInput {
    pub fn parse(&self, today: time::Date) -> Result<TokenFields, crate::FieldErrors> {
        let mut errors = crate::FieldErrors::default();
        let name = errors.take(crate::values::required_text("name", &self.name, 100));
        let scope = errors.take(
            TokenScope::parse(self.scope.trim())
                .ok_or(crate::FieldError::new("scope", "error-choose")),
        );
        let days = errors.take(match self.days.trim().parse::<i64>() {
            Ok(d) if (1..=TOKEN_MAX_DAYS).contains(&d) => Ok(d),
            _ => Err(crate::FieldError::new("days", "error-token-days")),
        });
        errors.finish(TokenFields {
            name,
            scope,
            expires_on: today + time::Duration::days(days),
        })
    }
}

#[cfg(test)]
mod token_tests {
    use super::*;

    #[test]
    fn a_token_needs_a_name_a_scope_and_one_day_to_a_year() {
        let today = time::macros::date!(2026 - 12 - 01);
        let ok = TokenInput {
            name: " Nightly export ".into(),
            scope: "read".into(),
            days: "30".into(),
        }
        .parse(today)
        .unwrap();
        assert_eq!(ok.name, "Nightly export");
        assert_eq!(ok.scope, TokenScope::Read);
        assert_eq!(ok.expires_on, time::macros::date!(2026 - 12 - 31));
        let bad = TokenInput {
            name: " ".into(),
            scope: "admin".into(),
            days: "366".into(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(bad.for_field("name"), Some("error-required"));
        assert_eq!(bad.for_field("scope"), Some("error-choose"));
        assert_eq!(bad.for_field("days"), Some("error-token-days"));
        for days in ["0", "-1", "x", ""] {
            let input = TokenInput {
                name: "a".into(),
                scope: "write".into(),
                days: days.into(),
            };
            assert_eq!(
                input.parse(today).unwrap_err().for_field("days"),
                Some("error-token-days")
            );
        }
    }
}
