//! Passerelle's domain: the typed values every layer agrees on, the directory model
//! (Open Referral HSDS 3.1 vocabulary), roles and what each may do, and the product's own
//! vocabularies (agency types, service types, populations).
//!
//! Nothing here does I/O. Raw input is parsed into these types at the edge (forms, JSON, CSV
//! files); past the edge an invalid value cannot be represented.

pub mod audit;
pub mod directory;
pub mod equity;
pub mod housing;
pub mod needs;
pub mod network;
pub mod offers;
pub mod outcomes;
pub mod outreach;
pub mod passwords;
pub mod projection;
pub mod referrals;
pub mod roles;
pub mod suppression;
pub mod systemic;
pub mod tenancies;
pub mod text;
pub mod values;
pub mod vocabulary;

pub use values::{FieldError, FieldErrors};
