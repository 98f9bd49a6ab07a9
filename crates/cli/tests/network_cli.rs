//! `passerelle export network` on the demo community: the three formats agree with each
//! other and with the summary line, the measures table has a row per agency, and a date
//! in the past gives the network as it stood then.

use std::process::{Command, Output};

fn passerelle(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--database")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// "exported N agencies and M relationships …" → (N, M).
fn counts(summary: &str) -> (usize, usize) {
    let words: Vec<&str> = summary.split_whitespace().collect();
    (words[1].parse().unwrap(), words[4].parse().unwrap())
}

#[test]
fn the_demo_network_exports_in_every_format_and_as_of_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("net.db").display());
    ok(passerelle(&db, &["demo"]));
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    let summary = ok(passerelle(
        &db,
        &[
            "export",
            "network",
            "--format",
            "graphml",
            &path("n.graphml"),
            "--metrics",
            &path("m.csv"),
        ],
    ));
    let (agencies, relationships) = counts(&summary);
    assert!(agencies > 50 && relationships > 300, "{summary}");

    let graphml = std::fs::read_to_string(path("n.graphml")).unwrap();
    assert_eq!(graphml.matches("<node ").count(), agencies);
    assert_eq!(graphml.matches("<edge ").count(), relationships);

    ok(passerelle(
        &db,
        &["export", "network", "--format", "gexf", &path("n.gexf")],
    ));
    let gexf = std::fs::read_to_string(path("n.gexf")).unwrap();
    assert_eq!(gexf.matches("<node ").count(), agencies);
    assert_eq!(gexf.matches("<edge ").count(), relationships);

    ok(passerelle(
        &db,
        &["export", "network", "--format", "csv", &path("ties.csv")],
    ));
    let ties = std::fs::read_to_string(path("ties.csv")).unwrap();
    assert_eq!(ties.lines().count(), relationships + 1);

    // With co-attendance at the demo's group meetings, more ties.
    let (_, with_meetings) = counts(&ok(passerelle(
        &db,
        &[
            "export",
            "network",
            "--format",
            "csv",
            &path("all.csv"),
            "--co-attendance",
        ],
    )));
    assert!(
        with_meetings > relationships,
        "{with_meetings} vs {relationships}"
    );
    let all = std::fs::read_to_string(path("all.csv")).unwrap();
    assert_eq!(
        all.lines().filter(|l| l.contains(",co_attended,")).count(),
        with_meetings - relationships
    );

    let metrics = std::fs::read_to_string(path("m.csv")).unwrap();
    let mut lines = metrics.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("id,label,agency_type,area,in_degree")
    );
    assert_eq!(lines.count(), agencies);

    // Before any relationship was reported there were none, while every agency is still drawn.
    let earlier = counts(&ok(passerelle(
        &db,
        &[
            "export",
            "network",
            "--format",
            "csv",
            &path("old.csv"),
            "--as-of",
            "2000-01-01",
        ],
    )));
    assert_eq!(earlier, (agencies, 0));

    let refused = passerelle(
        &db,
        &[
            "export",
            "network",
            "--format",
            "csv",
            &path("bad.csv"),
            "--as-of",
            "last year",
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--as-of"));
    assert!(!dir.path().join("bad.csv").exists());
}
