//! Passerelle's matching engine: a pure library with no database, network or clock.
//!
//! - [`compatibility`] (D1): client and unit profiles, hard constraints and fit terms, each
//!   with a stable code.
//! - [`policy`]: who is housed first, as ordered keys; weights `level × 1000 + fit`.
//! - [`plan`] (D2–D3): a whole-city match with the reasons for every decision.
//! - [`solver`]: the exact maximum-weight assignment of clients to units, with capacities,
//!   returning dual values that prove optimality ([`solver::verify`]).
//! - [`csv`]: reading solver problems from CSV files, with errors by line.
//! - [`generate`]: seeded synthetic instances for tests and benchmarks.

pub mod compatibility;
pub mod csv;
pub mod generate;
pub mod plan;
pub mod policy;
pub mod solver;

pub use solver::{Duals, Edge, Problem, ProblemError, Solution, solve, verify};
