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
            for file in [
                "organizations.csv",
                "services.csv",
                "locations.csv",
                "addresses.csv",
                "attributes.csv",
                "service_areas.csv",
                "service_at_location.csv",
                "contacts.csv",
                "phones.csv",
                "taxonomy_terms.csv",
                "datapackage.json",
            ] {
                let a = std::fs::read_to_string(format!("{path}/{file}")).unwrap();
                let b = std::fs::read_to_string(again.join(file)).unwrap();
                assert_eq!(a, b, "{file}");
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

#[test]
fn units_import_is_all_or_nothing_and_export_gives_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("units.db").display());
    // The directory first: neighbourhoods come from it.
    let demo = dir.path().join("demo.json");
    ok(passerelle(&db, &["demo"]));
    ok(passerelle(&db, &["export", "hsds", demo.to_str().unwrap()]));
    let empty = format!("sqlite://{}", dir.path().join("empty.db").display());
    ok(passerelle(
        &empty,
        &["import", "hsds", demo.to_str().unwrap()],
    ));

    let header = "landlord,landlord_kind,address,neighbourhood,in_service_since,unit,bedrooms,rent,rent_includes,pets_allowed,available_from\n";
    let good = "Habitations Rideau,company,12 Rue Dupuis,Vanier,2015-01-01,1,2,1450,heat;water,yes,2030-03-01\n\
                Habitations Rideau,company,12 Rue Dupuis,Vanier,2015-01-01,2,1,\"1 150,50\",,no,2030-03-15\n\
                Marie Tremblay,individual,7 Avenue Beechwood,Overbrook,,A,0,995,,no,2030-04-01\n";
    let bad_lines = [
        (
            "Immeubles X,company,1 Rue X,Vanier,,1,2,-100,,no,2030-03-01\n",
            "line 5, column rent: this cannot be negative",
        ),
        (
            "Immeubles X,company,1 Rue X,Atlantis,,1,2,100,,no,2030-03-01\n",
            "line 5, column neighbourhood",
        ),
        (
            "Immeubles X,company,1 Rue X,Vanier,2020-01-01,1,2,100,,no,2019-01-01\n",
            "line 5, column available_from: a unit cannot be available before its building takes tenants",
        ),
        (
            "Immeubles X,company,1 Rue X,Vanier,,1,2,100,,maybe,2030-03-01\n",
            "line 5, column pets_allowed: use yes or no",
        ),
        (
            "Habitations Rideau,company,12 Rue Dupuis,Vanier,2015-01-01,1,2,1450,,no,31/12/2030\n",
            "line 5, column available_from: not a date as YYYY-MM-DD",
        ),
    ];
    for (bad, expected) in bad_lines {
        let file = dir.path().join("bad.csv");
        std::fs::write(&file, format!("{header}{good}{bad}")).unwrap();
        let out = passerelle(&empty, &["import", "units", file.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        let exported = ok(passerelle(&empty, &["export", "units"]));
        assert_eq!(exported.lines().count(), 1, "nothing imported: {exported}");
    }

    let file = dir.path().join("units.csv");
    std::fs::write(&file, format!("{header}{good}")).unwrap();
    let printed = ok(passerelle(
        &empty,
        &["import", "units", file.to_str().unwrap()],
    ));
    assert!(
        printed.contains("3 units added, 0 updated, 2 new landlords, 2 new properties"),
        "{printed}"
    );
    // Importing again updates instead of duplicating.
    let printed = ok(passerelle(
        &empty,
        &["import", "units", file.to_str().unwrap()],
    ));
    assert!(printed.contains("0 units added, 3 updated"), "{printed}");

    let exported = ok(passerelle(&empty, &["export", "units"]));
    let lines: Vec<&str> = exported.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].ends_with(",status,hold_until"));
    assert!(exported.contains("Habitations Rideau,company,12 Rue Dupuis,,Vanier,"));
    assert!(
        exported.contains(",2,1,1150.50,,no,no,no,no,no,2030-03-15,"),
        "{exported}"
    );

    // The export reads back into an empty database as the same units.
    let again = format!("sqlite://{}", dir.path().join("again.db").display());
    ok(passerelle(
        &again,
        &["import", "hsds", demo.to_str().unwrap()],
    ));
    let exported_file = dir.path().join("exported.csv");
    std::fs::write(&exported_file, &exported).unwrap();
    ok(passerelle(
        &again,
        &["import", "units", exported_file.to_str().unwrap()],
    ));
    assert_eq!(ok(passerelle(&again, &["export", "units"])), exported);

    let report = ok(passerelle(
        &empty,
        &[
            "report",
            "availability",
            "--format",
            "csv",
            "--from",
            "2030-02",
            "--months",
            "3",
        ],
    ));
    assert_eq!(
        report,
        "month,neighbourhood,bedrooms,units\n\
         2030-03,Vanier,1,1\n2030-03,Vanier,2,1\n\
         2030-04,Overbrook,0,1\n2030-04,Vanier,1,1\n2030-04,Vanier,2,1\n"
    );
}

#[test]
fn referrals_import_checks_every_line_first_then_links_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let demo_db = format!("sqlite://{}", dir.path().join("demo.db").display());
    let directory = dir.path().join("directory.json");
    ok(passerelle(&demo_db, &["demo"]));
    ok(passerelle(
        &demo_db,
        &["export", "hsds", directory.to_str().unwrap()],
    ));
    // A community with the directory but no list yet.
    let db = format!("sqlite://{}", dir.path().join("list.db").display());
    ok(passerelle(
        &db,
        &["import", "hsds", directory.to_str().unwrap()],
    ));
    let hsds: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&directory).unwrap()).unwrap();
    let agency = |i: usize| hsds["contents"][i]["name"].as_str().unwrap().to_owned();
    let (first, second) = (agency(0), agency(1));

    let header = "referred_on,agency,given_name,family_name,birth_date,phone,adults,children_ages,needs,preferred_areas,consent_hub,consent_method,consent_expires_on\n";
    let good = format!(
        "2026-03-02,{first},Geneviève,Bélanger,1985-02-09,613-555-0101,1,,housing,Vanier,yes,signed_form,2029-03-02\n\
         2026-05-14,\"{second}\",Ginette,Belanger,1985-09-02,,1,,housing;food,,oui,signed_form,2029-05-14\n\
         2026-04-01,,Marcel,Ouellet,1972-13-45,,2,\"4, 7\",,,yes,signed_form,2029-04-01\n\
         2026-04-02,{first},,,,,,,,,no,,\n"
    );
    let bad = "2026-04-03,Nowhere Agency,Rémi,Roy,1990-01-01,,1,,housing,,yes,signed_form,2029-04-03\n\
               2026-04-04,,,Sans Prénom,,,1,,,Atlantis,yes,signed_form,2029-04-04\n\
               2099-01-01,,Zoé,Futur,,,1,,,,maybe,,\n";
    let file = dir.path().join("bad.csv");
    std::fs::write(&file, format!("{header}{good}{bad}")).unwrap();
    let out = passerelle(&db, &["import", "referrals", file.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for expected in [
        "line 6, column agency: no organization of the directory has this name or id",
        "line 7, column given_name: ",
        "line 7, column preferred_areas: Atlantis: not a known name or id",
        "line 8, column referred_on: a referral cannot be dated in the future",
        "nothing was imported",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }

    // The good lines alone: the nickname and swapped day and month become one possible
    // same person (or one person), the impossible birth date is kept and flagged, and the
    // refusal to share is an anonymous count. Nothing from the failed run was saved.
    let file = dir.path().join("list.csv");
    std::fs::write(&file, format!("{header}{good}")).unwrap();
    let printed = ok(passerelle(
        &db,
        &["import", "referrals", file.to_str().unwrap()],
    ));
    assert!(printed.starts_with("imported 4 referrals"), "{printed}");
    assert!(
        printed.contains("1 anonymous counts, 1 impossible birth dates kept and flagged"),
        "{printed}"
    );
    let linked = printed.contains("2 new persons, 1 joined a known person, 0 possible");
    let reviewed = printed.contains("3 new persons, 0 joined a known person, 1 possible");
    assert!(linked || reviewed, "{printed}");
}

#[test]
fn the_demo_with_its_published_password_goes_only_into_an_empty_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("community.db").display());
    // A community's own administrator, then someone runs the demo on the same database.
    ok(passerelle(
        &db,
        &[
            "user",
            "add",
            "--email",
            "it@community.example.org",
            "--name",
            "IT",
            "--role",
            "administrator",
            "--password",
            "a long passphrase here",
        ],
    ));
    refused_with(passerelle(&db, &["demo"]), "only into an empty database");
    // Nothing was written: the directory is still empty.
    assert_no_directory(dir.path(), &db);
    // And into an empty database it loads as before.
    let fresh = format!("sqlite://{}", dir.path().join("fresh.db").display());
    assert!(ok(passerelle(&fresh, &["demo"])).contains("80 organizations"));
}

fn refused_with(output: std::process::Output, message: &str) {
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains(message), "{said}");
}

/// Checks, through an HSDS export into `dir`, that `db` holds no organization.
fn assert_no_directory(dir: &std::path::Path, db: &str) {
    let export = dir.join("directory.json");
    ok(passerelle(
        db,
        &["export", "hsds", export.to_str().unwrap()],
    ));
    let directory: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    assert_eq!(directory["total_items"], 0, "{directory}");
    assert_eq!(directory["contents"], serde_json::json!([]));
}

/// Runs `sql` on the SQLite database at `db` after `passerelle` has created it.
fn run_sql(db: &str, sql: &str) {
    use sqlx::{Connection, Executor};
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let store = passerelle_store::Store::open(db).await.unwrap();
        store.close().await;
        let mut conn = sqlx::AnyConnection::connect(db).await.unwrap();
        conn.execute(sql).await.unwrap();
        conn.close().await.unwrap();
    });
}

#[test]
fn the_demo_scales_and_one_that_fails_halfway_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let scaled = format!("sqlite://{}", dir.path().join("scaled.db").display());
    let printed = ok(passerelle(&scaled, &["demo", "--scale", "2"]));
    assert!(printed.contains("160 organizations"), "{printed}");
    let refused = passerelle(&scaled, &["demo", "--scale", "0"]);
    assert!(!refused.status.success());

    // The last stage of the demo (its offers) refused by the database: everything the
    // stages before it wrote is erased.
    let db = format!("sqlite://{}", dir.path().join("failing.db").display());
    run_sql(
        &db,
        "CREATE TRIGGER refuse_offers BEFORE INSERT ON offer \
         BEGIN SELECT RAISE(ABORT, 'offers refused for this test'); END",
    );
    refused_with(passerelle(&db, &["demo"]), "offers refused for this test");
    assert_no_directory(dir.path(), &db);
    // Nothing left, not even the demo logins: the demo can be tried again.
    run_sql(&db, "DROP TRIGGER refuse_offers");
    assert!(ok(passerelle(&db, &["demo"])).contains("80 organizations"));
}

#[cfg(unix)]
#[test]
fn serve_stops_on_sigterm_and_closes_its_database() {
    use std::io::{BufRead, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("served.db");
    let mut server = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--database")
        .arg(format!("sqlite://{}", file.display()))
        .args(["serve", "--bind", "127.0.0.1:0", "--log-format", "json"])
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(server.stdout.take().unwrap()).lines();
    let serving = lines.next().unwrap().unwrap();
    let addr = serving
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{serving}"))
        .to_owned();
    let mut stream = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        stream,
        "GET /ready?who=x HTTP/1.1\r\nHost: {addr}\r\nX-Request-Id: proxy-42\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    let sent = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    // Waits for the exit itself, not for a time.
    let status = server.wait().unwrap();
    assert!(status.success(), "{status}");
    // The store was closed: SQLite moved its write-ahead log into the database and
    // removed it, as it does when the last connection closes.
    let wal = dir.path().join("served.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the WAL file is still there"
    );
    // The request was logged as one JSON line with the proxy's id, without its query.
    let mut logs = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    let logged: Vec<serde_json::Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|l: &serde_json::Value| l["target"] == "passerelle::request")
        .collect();
    assert_eq!(logged.len(), 1, "{logs}");
    let line = &logged[0];
    assert_eq!(
        (
            &line["method"],
            &line["path"],
            &line["status"],
            &line["span"]["request_id"]
        ),
        (
            &serde_json::json!("GET"),
            &serde_json::json!("/ready"),
            &serde_json::json!(200),
            &serde_json::json!("proxy-42")
        ),
        "{line}"
    );
    assert!(line["ms"].is_number() && !logs.contains("who=x"), "{logs}");
}

#[test]
fn a_backup_restores_into_an_empty_database_and_nowhere_else() {
    let dir = tempfile::tempdir().unwrap();
    let live = format!("sqlite://{}", dir.path().join("live.db").display());
    ok(passerelle(&live, &["demo"]));
    let backup = dir.path().join("backup.db");
    let backup = backup.to_str().unwrap();
    ok(passerelle(&live, &["backup", backup]));
    refused_with(passerelle(&live, &["backup", backup]), "never overwrites");
    refused_with(
        passerelle(&live, &["restore", backup]),
        "only into an empty database",
    );

    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    let printed = ok(passerelle(&restored, &["restore", backup]));
    assert!(printed.contains("restored"), "{printed}");
    // The same directory, and the demo's logins came back with it.
    for (name, db) in [("live", &live), ("restored", &restored)] {
        let export = dir.path().join(format!("{name}.json"));
        ok(passerelle(
            db,
            &["export", "hsds", export.to_str().unwrap()],
        ));
    }
    let read = |name: &str| std::fs::read_to_string(dir.path().join(format!("{name}.json")));
    assert_eq!(read("live").unwrap(), read("restored").unwrap());
    refused_with(
        passerelle(&restored, &["demo"]),
        "only into an empty database",
    );
    // A file that is not a backup changes nothing.
    let other = format!("sqlite://{}", dir.path().join("other.db").display());
    let not_a_backup = dir.path().join("live.json");
    let failed = passerelle(&other, &["restore", not_a_backup.to_str().unwrap()]);
    assert!(!failed.status.success());
    assert_no_directory(dir.path(), &other);
    // Only the files this test made: the backup was read, never written.
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.contains(':'))
        .collect();
    files.sort();
    assert!(files.is_empty(), "{files:?}");
}

/// On PostgreSQL the backup is `pg_dump`'s, and the restore is `pg_restore`'s into a new
/// database (`docs/operations.md`): checked when `.ci/run` names a server.
#[test]
fn a_postgresql_backup_is_pg_dump_and_restores_with_pg_restore() {
    let Ok(admin) = std::env::var(passerelle_store::testing::POSTGRES_ENV) else {
        return;
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let fresh = || {
        runtime
            .block_on(passerelle_store::testing::fresh_postgres_database(
                &admin, None,
            ))
            .unwrap()
    };
    let (live, restored) = (fresh(), fresh());
    let dir = tempfile::tempdir().unwrap();
    let directory = dir.path().join("directory.json");
    ok(passerelle(&live, &["demo"]));
    ok(passerelle(
        &live,
        &["export", "hsds", directory.to_str().unwrap()],
    ));
    let backup = dir.path().join("backup.dump");
    let printed = ok(passerelle(&live, &["backup", backup.to_str().unwrap()]));
    assert!(printed.contains("pg_dump"), "{printed}");
    refused_with(
        passerelle(&restored, &["restore", backup.to_str().unwrap()]),
        "pg_restore",
    );
    let status = Command::new("pg_restore")
        .args(["--no-owner", "--dbname", &restored])
        .arg(&backup)
        .status()
        .unwrap();
    assert!(status.success());
    let again = dir.path().join("again.json");
    ok(passerelle(
        &restored,
        &["export", "hsds", again.to_str().unwrap()],
    ));
    assert_eq!(
        std::fs::read_to_string(&directory).unwrap(),
        std::fs::read_to_string(&again).unwrap()
    );
}

#[test]
fn a_report_pack_writes_every_report_in_both_forms_and_keeps_files_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("city.db").display());
    ok(passerelle(&db, &["demo"]));
    let out = dir.path().join("council");
    let out_arg = out.display().to_string();
    let printed = ok(passerelle(
        &db,
        &["report", "pack", "--output", &out_arg, "--lang", "fr"],
    ));
    assert!(printed.contains("6 files"), "{printed}");
    let html = std::fs::read_to_string(out.join("outcomes.html")).unwrap();
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Placements par mois"));
    assert_eq!(html.matches("class=\"report-section\"").count(), 5);
    assert!(
        html.contains("break-before: page"),
        "its print style is inside"
    );
    for report in [
        "placements",
        "time-to-housing",
        "retention",
        "returns",
        "flows",
    ] {
        let csv = std::fs::read_to_string(out.join(format!("{report}.csv"))).unwrap();
        assert!(csv.lines().count() > 1, "{report}");
        if report == "placements" {
            assert!(csv.starts_with("Ménage,"), "{csv}");
            // k = 5: no count of one to four persons.
            for cell in csv.lines().skip(1).flat_map(|l| l.split(',').skip(1)) {
                if let Ok(n) = cell.parse::<u32>() {
                    assert!(n == 0 || n >= 5, "{csv}");
                }
            }
        }
    }
    // Again into the same folder: refused, and what was there is untouched.
    refused_with(
        passerelle(&db, &["report", "pack", "--output", &out_arg]),
        "already exists",
    );
    assert_eq!(
        std::fs::read_to_string(out.join("outcomes.html")).unwrap(),
        html
    );
    refused_with(
        passerelle(
            &db,
            &[
                "report", "pack", "--from", "2026-05", "--to", "2026-01", "--output", &out_arg,
            ],
        ),
        "--to: error-range-order",
    );
}

/// The served app, started as a child process on a free port over database `db`.
#[cfg(unix)]
struct Served {
    child: std::process::Child,
    base: String,
}

#[cfg(unix)]
fn serve(db: &str) -> Served {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("--database")
        .arg(db)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The first line says where it serves, once it listens.
    let serving = std::io::BufReader::new(child.stdout.take().unwrap())
        .lines()
        .next()
        .unwrap()
        .unwrap();
    let addr = serving
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("{serving}"))
        .to_owned();
    Served {
        child,
        base: format!("http://{addr}"),
    }
}

/// The value of cookie `name` an answer sets.
#[cfg(unix)]
fn cookie_set(answer: &reqwest::Response, name: &str) -> String {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("no {name} cookie"))
        .to_owned()
}

/// Signs in through the form; the session's cookie header.
#[cfg(unix)]
async fn signed_in(base: &str, email: &str, password: &str) -> String {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client.get(format!("{base}/login")).send().await.unwrap();
    let csrf = cookie_set(&page, "passerelle_csrf");
    let answer = client
        .post(format!("{base}/login"))
        .header("cookie", format!("passerelle_csrf={csrf}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::SEE_OTHER);
    format!(
        "passerelle_session={}",
        cookie_set(&answer, "passerelle_session")
    )
}

/// Killed outright (SIGKILL: no shutdown, no closing of the database) in the middle of a
/// stream of writes, the app loses none it acknowledged: after a restart, every
/// organization it answered 201 for is there.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_survives_a_kill_of_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("killed.db");
    let db = format!("sqlite://{}", file.display());
    let (email, password) = ("ops@passerelle.example.org", "durabilite-Verifiee-2026");
    ok(passerelle(
        &db,
        &[
            "user",
            "add",
            "--email",
            email,
            "--name",
            "Ops",
            "--role",
            "housing_locator",
            "--password",
            password,
        ],
    ));
    let mut served = serve(&db);
    let cookie = signed_in(&served.base, email, password).await;
    let client = reqwest::Client::new();

    // Writes one after another until the server is gone; each id answered is kept.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let (writer_client, writer_base, writer_ids, writer_cookie) = (
        client.clone(),
        served.base.clone(),
        acknowledged.clone(),
        cookie.clone(),
    );
    let writer = tokio::spawn(async move {
        for i in 0.. {
            let sent = writer_client
                .post(format!("{writer_base}/api/v1/organizations"))
                .header("cookie", &writer_cookie)
                .json(&serde_json::json!({"name": format!("Durable {i}")}))
                .send()
                .await;
            let Ok(answer) = sent else { break };
            if answer.status() != reqwest::StatusCode::CREATED {
                break;
            }
            let Ok(body) = answer.json::<serde_json::Value>().await else {
                break;
            };
            writer_ids
                .lock()
                .unwrap()
                .push(body["id"].as_str().unwrap().to_owned());
        }
    });
    // Kill once some writes are acknowledged, while the stream goes on.
    while acknowledged.lock().unwrap().len() < 40 {
        assert!(!writer.is_finished(), "the writes stopped before the kill");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    served.child.kill().unwrap();
    served.child.wait().unwrap();
    writer.await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 40);

    // Restarted on the same file: every acknowledged write is there.
    let mut again = serve(&db);
    let cookie = signed_in(&again.base, email, password).await;
    for id in &acknowledged {
        let answer = client
            .get(format!("{}/api/v1/organizations/{id}", again.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), reqwest::StatusCode::OK, "{id} lost");
    }
    again.child.kill().unwrap();
    again.child.wait().unwrap();
}

/// Two servers on one PostgreSQL database behind a load balancer (`docs/operations.md`):
/// a session opened on one is valid on the other, a form served by one is accepted by the
/// other, a write through one is read through the other at once, and of two holds of one
/// unit sent at the same moment through both, exactly one wins. Checked when `.ci/run`
/// names a server.
#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_share_sessions_and_forms_and_one_hold_wins() {
    let Ok(admin) = std::env::var(passerelle_store::testing::POSTGRES_ENV) else {
        return;
    };
    let db = passerelle_store::testing::fresh_postgres_database(&admin, None)
        .await
        .unwrap();
    ok(passerelle(&db, &["demo"]));
    let (mut a, mut b) = (serve(&db), serve(&db));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let locator = "locator@passerelle.example.org";
    let cookie = signed_in(&a.base, locator, passerelle_demo::DEMO_PASSWORD).await;
    let get = |url: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        async move {
            let answer = client
                .get(&url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap();
            assert_eq!(answer.status(), reqwest::StatusCode::OK, "{url}");
            answer
        }
    };
    let read = |base: String, path: &'static str| async move {
        let answer = get(format!("{base}{path}")).await;
        answer.json::<serde_json::Value>().await.unwrap()
    };

    // Signed in on a, the session works on b.
    let units = read(b.base.clone(), "/api/v1/units?per_page=100").await;
    let unit = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["status"] == "available")
        .expect("an available unit")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let agencies = read(a.base.clone(), "/api/v1/organizations").await;
    let agencies: Vec<String> = agencies["hits"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|hit| hit["organization"]["id"].as_str().unwrap().to_owned())
        .collect();

    // A write through b is read through a at once (no server keeps a stale copy).
    let created = client
        .post(format!("{}/api/v1/organizations", b.base))
        .header("cookie", &cookie)
        .json(&serde_json::json!({"name": "Maison partagée entre serveurs"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), reqwest::StatusCode::CREATED);
    let found = get(format!("{}/directory?q=partagee+serveurs", a.base))
        .await
        .text()
        .await
        .unwrap();
    assert!(found.contains("Maison partagée entre serveurs"), "{found}");

    // The unit page's form comes from a; its token is good on b. Both holds leave at once.
    let page = get(format!("{}/housing/units/{unit}", a.base))
        .await
        .text()
        .await
        .unwrap();
    let start = page.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = page[start..start + 64].to_owned();
    let until = (time::OffsetDateTime::now_utc().date() + time::Duration::days(7)).to_string();
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let hold = |base: String, agency: String| {
        let (client, cookie, csrf, until, unit, barrier) = (
            client.clone(),
            cookie.clone(),
            csrf.clone(),
            until.clone(),
            unit.clone(),
            barrier.clone(),
        );
        tokio::spawn(async move {
            barrier.wait().await;
            let answer = client
                .post(format!("{base}/housing/units/{unit}/status"))
                .header("cookie", cookie)
                .form(&[
                    ("csrf", csrf),
                    ("to", "held".into()),
                    ("agency_id", agency),
                    ("hold_until", until),
                ])
                .send()
                .await
                .unwrap();
            (answer.status(), answer.text().await.unwrap())
        })
    };
    let (through_a, through_b) = tokio::join!(
        hold(a.base.clone(), agencies[0].clone()),
        hold(b.base.clone(), agencies[1].clone())
    );
    let (through_a, through_b) = (through_a.unwrap(), through_b.unwrap());
    let mut statuses = [through_a.0, through_b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [
            reqwest::StatusCode::SEE_OTHER,
            reqwest::StatusCode::CONFLICT
        ],
        "{through_a:?} {through_b:?}"
    );
    let loser = if through_a.0 == reqwest::StatusCode::CONFLICT {
        &through_a.1
    } else {
        &through_b.1
    };
    assert!(
        loser.contains("Someone else has just held or changed this unit."),
        "{loser}"
    );
    // Both servers now show the unit held.
    for base in [&a.base, &b.base] {
        let units = read(base.clone(), "/api/v1/units?per_page=100").await;
        let held = units["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["id"] == unit.as_str())
            .unwrap()
            .clone();
        assert_eq!(held["status"], "held", "{base}: {held}");
    }
    for served in [&mut a, &mut b] {
        served.child.kill().unwrap();
        served.child.wait().unwrap();
    }
}
