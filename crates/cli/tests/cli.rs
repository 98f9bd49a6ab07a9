//! The `passerelle` binary end to end: demo, HSDS export, re-import into an empty database,
//! and refusals of bad input.

use std::process::Command;

fn passerelle(db: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--database")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn an_hsds_export_reimported_into_an_empty_database_gives_the_same_directory() {
    let dir = tempfile::tempdir().unwrap();
    let first = format!("sqlite://{}", dir.path().join("first.db").display());
    let second = format!("sqlite://{}", dir.path().join("second.db").display());
    let printed = ok(passerelle(&first, &["demo"]));
    assert!(
        printed.contains("80 organizations") && printed.contains("admin@passerelle.example.org"),
        "{printed}"
    );

    for (name, path) in [
        ("json", dir.path().join("directory.json")),
        ("csv", dir.path().join("tables")),
    ] {
        let path = path.to_str().unwrap();
        ok(passerelle(&first, &["export", "hsds", path]));
        let db = format!("{second}-{name}");
        let printed = ok(passerelle(&db, &["import", "hsds", path]));
        assert!(printed.contains("imported 80 organizations"), "{printed}");
        let again = dir.path().join(format!("again-{name}"));
        let again = if name == "json" {
            again.with_extension("json")
        } else {
            again
        };
        ok(passerelle(
            &db,
            &["export", "hsds", again.to_str().unwrap()],
        ));
        if name == "json" {
            assert_eq!(
                std::fs::read_to_string(path).unwrap(),
                std::fs::read_to_string(&again).unwrap()
            );
        } else {
            for table in [
                "organization",
                "service",
                "location",
                "address",
                "attribute",
                "service_area",
                "service_at_location",
                "contact",
                "phone",
                "taxonomy_term",
            ] {
                let a = std::fs::read_to_string(format!("{path}/{table}.csv")).unwrap();
                let b = std::fs::read_to_string(again.join(format!("{table}.csv"))).unwrap();
                assert_eq!(a, b, "{table}.csv");
            }
        }
    }
}

#[test]
fn a_malformed_file_is_named_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("x.db").display());
    let file = dir.path().join("bad.json");
    std::fs::write(
        &file,
        r#"[{"id": "o1", "name": "Fine"}, {"id": "o2", "name": "Broken", "website": "nope"}]"#,
    )
    .unwrap();
    let output = passerelle(&db, &["import", "hsds", file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.json (organization): record o2: field website"),
        "{stderr}"
    );
    let export = dir.path().join("out.json");
    assert!(
        ok(passerelle(
            &db,
            &["export", "hsds", export.to_str().unwrap()]
        ))
        .contains("exported 0 organizations")
    );
}

#[test]
fn user_add_creates_a_login_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("u.db").display());
    let add = |email: &str, role: &str, password: &str| {
        passerelle(
            &db,
            &[
                "user",
                "add",
                "--email",
                email,
                "--name",
                "Ada",
                "--role",
                role,
                "--password",
                password,
            ],
        )
    };
    assert!(
        ok(add("ada@example.org", "analyst", "a long enough password"))
            .contains("created ada@example.org (analyst)")
    );
    assert_eq!(
        add("ada@example.org", "analyst", "a long enough password")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        add("bob@example.org", "wizard", "a long enough password")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        add("bob@example.org", "analyst", "short").status.code(),
        Some(2)
    );
    let output = add(
        "bob@example.org",
        "partner_worker",
        "a long enough password",
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "a partner worker needs an agency"
    );
}
