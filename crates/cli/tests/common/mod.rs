//! Running the `passerelle` binary from tests.

#![allow(dead_code)]

use std::process::{Command, Output};

pub fn passerelle(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .output()
        .unwrap()
}

/// The JSON a successful run printed.
pub fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
