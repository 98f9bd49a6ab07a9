//! `passerelle match`: solving from CSV files as an operations-research user would, and
//! refusing malformed input with the line, exit code 2 and nothing written.

use std::path::Path;
mod common;

use common::{json_of, passerelle};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn solves_from_files_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    // Greedy would give "west" to "ana" (10) and leave "bo" out; the optimum is 9 + 8.
    let edges = write(
        dir.path(),
        "edges.csv",
        "client,unit,weight\nana,west,10\nana,\"east, 2\",9\nbo,west,8\ncy,prog,5\ndi,prog,4\n",
    );
    let caps = write(dir.path(), "caps.csv", "unit,capacity\nprog,2\n");
    let output = dir.path().join("assign.csv");
    let out = passerelle(&[
        "match",
        "solve",
        "--edges",
        &edges,
        "--capacities",
        &caps,
        "--output",
        output.to_str().unwrap(),
        "--format",
        "json",
        "--verify",
    ]);
    let summary = json_of(&out);
    assert_eq!(summary["objective"], 26);
    assert_eq!(summary["matched"], 4);
    assert_eq!(summary["clients"], 4);
    assert_eq!(summary["units"], 3);
    assert_eq!(summary["edges"], 5);
    assert_eq!(summary["certificate_verified"], true);
    assert!(summary["read_seconds"].as_f64().unwrap() >= 0.0);
    assert!(summary["solve_seconds"].as_f64().unwrap() >= 0.0);
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "client,unit\nana,\"east, 2\"\nbo,west\ncy,prog\ndi,prog\n"
    );

    // Without --output the pairs go to standard output.
    let out = passerelle(&["match", "solve", "--edges", &edges]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("client,unit\nana,\"east, 2\"\n"));
}

#[test]
fn malformed_input_names_the_line_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("assign.csv");
    let cases = [
        ("client,unit\na,u\n", "line 1: the column weight is missing"),
        (
            "client,unit,weight\na,u,1\nb,u,-2\n",
            "line 3: the weight -2 is negative",
        ),
        (
            "client,unit,weight\na,u,2.5\n",
            "line 2: the weight \"2.5\" is not a whole number",
        ),
        (
            "client,unit,weight\na,u,1\nb,u,1\na,u,3\n",
            "line 4: the pair of client \"a\" and unit \"u\" already appears on line 2",
        ),
    ];
    for (text, expected) in cases {
        let edges = write(dir.path(), "edges.csv", text);
        let out = passerelle(&[
            "match",
            "solve",
            "--edges",
            &edges,
            "--output",
            output.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!output.exists(), "nothing is written");
    }
    // A folder where the output file should be: refused, and left as it was.
    let edges = write(dir.path(), "edges.csv", "client,unit,weight\na,u,1\n");
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let out = passerelle(&[
        "match",
        "solve",
        "--edges",
        &edges,
        "--output",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(folder.is_dir());

    let caps = write(dir.path(), "caps.csv", "unit,capacity\nu,-1\n");
    let out = passerelle(&["match", "solve", "--edges", &edges, "--capacities", &caps]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("capacities, line 2"));
}

#[test]
fn generated_instances_solve_to_the_recorded_optimum() {
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("edges.csv");
    let caps = dir.path().join("caps.csv");
    let out = passerelle(&[
        "match",
        "generate",
        "--clients",
        "2000",
        "--units",
        "1500",
        "--edges",
        "40000",
        "--capacity-max",
        "3",
        "--seed",
        "7",
        "--output",
        edges.to_str().unwrap(),
        "--capacities-output",
        caps.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let out = passerelle(&[
        "match",
        "solve",
        "--edges",
        edges.to_str().unwrap(),
        "--capacities",
        caps.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The same figure as "capacities-room-for-all" in crates/matching/tests/data/reference.csv.
    assert_eq!(summary["objective"], 12_729_377);
}

#[test]
fn plans_a_community_match_with_explanations_and_refuses_bad_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("plan.json");
    let out = passerelle(&[
        "match",
        "generate",
        "--shape",
        "community",
        "--clients",
        "400",
        "--units",
        "120",
        "--seed",
        "11",
        "--output",
        input.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = passerelle(&[
        "match",
        "plan",
        "--input",
        input.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let plan = json_of(&out);
    let offers = plan["assignments"].as_array().unwrap();
    let waiting = plan["unmatched"].as_array().unwrap();
    assert_eq!(offers.len() + waiting.len(), 400);
    assert!(!offers.is_empty() && !waiting.is_empty());
    // Listed in priority order, each with its reasons.
    let positions: Vec<u64> = offers
        .iter()
        .map(|a| a["priority_position"].as_u64().unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));
    assert!(
        offers
            .iter()
            .all(|a| a["constraints_met"].as_array().unwrap().len() == 11)
    );
    assert!(
        waiting
            .iter()
            .filter(|u| u["feasible_units"] == 0)
            .all(|u| !u["ruled_out_by"].as_array().unwrap().is_empty())
    );

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"clients":[{"profile":{"id":"a","adults":1,"max_rent":-5}}],"units":[]}"#,
    )
    .unwrap();
    let out = passerelle(&["match", "plan", "--input", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("the rent the household can pay is negative")
    );
    let out = passerelle(&[
        "match",
        "plan",
        "--input",
        input.to_str().unwrap(),
        "--policy",
        "acuity,shoe_size",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown priority key \"shoe_size\""));
}

#[test]
fn a_plans_solver_problem_and_the_round_shape_solve_to_what_the_plan_found() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let generate = |shape: &str, output: &str, capacities: Option<&str>| {
        let mut args = vec![
            "match",
            "generate",
            "--shape",
            shape,
            "--clients",
            "600",
            "--units",
            "150",
            "--seed",
            "3",
            "--output",
            output,
        ];
        if let Some(caps) = capacities {
            args.extend(["--capacities-output", caps]);
        }
        passerelle(&args)
    };
    let solve = |edges: &str, caps: &str| {
        json_of(&passerelle(&[
            "match",
            "solve",
            "--edges",
            edges,
            "--capacities",
            caps,
            "--format",
            "json",
            "--verify",
        ]))
    };

    // The community's plan, and the problem it handed its solver written beside it.
    assert!(
        generate("community", &path("plan.json"), None)
            .status
            .success()
    );
    let out = passerelle(&[
        "match",
        "plan",
        "--input",
        &path("plan.json"),
        "--format",
        "json",
        "--solver-edges",
        &path("plan-edges.csv"),
        "--solver-capacities",
        &path("plan-caps.csv"),
    ]);
    let plan = json_of(&out);
    let solved = solve(&path("plan-edges.csv"), &path("plan-caps.csv"));
    assert_eq!(solved["objective"], plan["objective"]);
    assert_eq!(
        solved["matched"].as_u64().unwrap(),
        plan["assignments"].as_array().unwrap().len() as u64
    );
    assert_eq!(solved["edges"], plan["feasible_pairs"]);

    // The round shape is that same problem, from the same seed.
    let out = generate("round", &path("round.csv"), Some(&path("round-caps.csv")));
    assert!(out.status.success());
    assert_eq!(
        std::fs::read_to_string(path("round-caps.csv")).unwrap(),
        std::fs::read_to_string(path("plan-caps.csv")).unwrap()
    );
    assert_eq!(
        solve(&path("round.csv"), &path("round-caps.csv"))["objective"],
        plan["objective"]
    );

    // Its programs' units have several places: without a file for them, nothing is written.
    let out = generate("round", &path("alone.csv"), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--capacities-output"));
    assert!(!dir.path().join("alone.csv").exists());
}
