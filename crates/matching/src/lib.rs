//! Passerelle's matching engine: a pure library with no database, network or clock.
//!
//! - [`solver`]: the exact maximum-weight assignment of clients to units, with capacities,
//!   returning dual values that prove optimality ([`solver::verify`]).
//! - [`csv`]: reading problems from CSV files, with errors by line.
//! - [`generate`]: seeded synthetic instances for tests and benchmarks.

pub mod csv;
pub mod generate;
pub mod solver;

pub use solver::{Duals, Edge, Problem, ProblemError, Solution, solve, verify};
