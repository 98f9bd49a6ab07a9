//! `passerelle link`: referrals in, pairs and persons out, with the reasons for refusal of
//! bad files (line numbers, exit code 2, nothing written).

use std::path::Path;
mod common;

use common::{json_of, passerelle};

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_str().unwrap().to_owned()
}

/// A two-column file's rows, by their first column (a clusters or truth file).
fn by_id(text: &str) -> std::collections::HashMap<String, String> {
    text.lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn links_generated_referrals_and_writes_pairs_and_persons() {
    let dir = tempfile::tempdir().unwrap();
    let people = path(dir.path(), "people.csv");
    let truth = path(dir.path(), "truth.csv");
    let out = passerelle(&[
        "generate", "people", "--people", "3000", "--output", &people, "--truth", &truth,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pairs = path(dir.path(), "pairs.csv");
    let clusters = path(dir.path(), "clusters.csv");
    let out = passerelle(&[
        "link",
        "--input",
        &people,
        "--output",
        &pairs,
        "--clusters",
        &clusters,
        "--format",
        "json",
    ]);
    let summary = json_of(&out);
    let records = summary["records"].as_u64().unwrap();
    assert!(records > 3000);
    assert!(
        summary["candidate_pairs"].as_u64().unwrap() > summary["linked_pairs"].as_u64().unwrap()
    );
    assert!(summary["clusters"].as_u64().unwrap() < records);
    // Generated households: the file shows its relatives.
    assert!(summary["relatives_per_person_pair"].as_f64().unwrap() > 0.5);
    for stage in [
        "read",
        "prepare",
        "block",
        "train",
        "compare_and_score",
        "cluster",
    ] {
        assert!(summary["seconds"][stage].as_f64().is_some(), "{stage}");
    }
    let pairs = std::fs::read_to_string(&pairs).unwrap();
    assert!(pairs.starts_with("id_a,id_b,probability\n"));
    let clusters = std::fs::read_to_string(&clusters).unwrap();
    assert_eq!(clusters.lines().count() as u64, records + 1);

    assert_persons_nearly_all_true(&clusters, &std::fs::read_to_string(&truth).unwrap());
}

/// The persons found agree with the truth on nearly every record: at most one in a hundred
/// mixes two people.
fn assert_persons_nearly_all_true(clusters: &str, truth: &str) {
    let (found, truth) = (by_id(clusters), by_id(truth));
    let mut same = std::collections::HashMap::new();
    for (id, person) in &found {
        same.entry(person.clone())
            .or_insert_with(Vec::new)
            .push(truth[id].clone());
    }
    let mixed = same
        .values()
        .filter(|t| t.iter().any(|x| x != &t[0]))
        .count();
    assert!(
        mixed * 100 <= same.len(),
        "{mixed} of {} persons mix two people",
        same.len()
    );
}

#[test]
fn the_second_model_writes_dirty_dates_several_ways_that_link_reads_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let people = path(dir.path(), "intake.csv");
    let truth = path(dir.path(), "truth.csv");
    let out = passerelle(&[
        "generate", "people", "--model", "intake", "--people", "2000", "--seed", "4", "--output",
        &people, "--truth", &truth,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let file = std::fs::read_to_string(&people).unwrap();
    assert!(file.starts_with("id,given_name,family_name,birth_date,sex,street,city,postal_code\n"));
    let dates: Vec<&str> = file
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(3))
        .collect();
    assert!(dates.iter().any(|d| d.contains('/')), "slashes");
    assert!(
        dates
            .iter()
            .any(|d| d.len() == 8 && !d.contains(['-', '/'])),
        "compact"
    );
    let clusters = path(dir.path(), "persons.csv");
    let out = passerelle(&[
        "link",
        "--input",
        &people,
        "--clusters",
        &clusters,
        "--format",
        "json",
    ]);
    let summary = json_of(&out);
    assert!(summary["impossible_birth_dates"].as_u64().unwrap() > 0);
    assert_eq!(
        summary["unreadable_birth_dates"], 0,
        "every way it writes is read"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a possible date; kept"));
    assert_persons_nearly_all_true(
        &std::fs::read_to_string(&clusters).unwrap(),
        &std::fs::read_to_string(&truth).unwrap(),
    );
}

#[test]
fn impossible_birth_dates_are_kept_counted_and_still_link() {
    use passerelle_linkage::io::{people_csv, read_people};
    let dir = tempfile::tempdir().unwrap();
    let clean = path(dir.path(), "clean.csv");
    let truth = path(dir.path(), "truth.csv");
    let out = passerelle(&[
        "generate", "people", "--people", "2000", "--output", &clean, "--truth", &truth,
    ]);
    assert!(out.status.success());
    // Every tenth dated record gets a date that cannot be: day 33, month 13 or year 3xxx,
    // the slips real exports hold; one more is not a date at all.
    let mut people = read_people(&std::fs::read(&clean).unwrap())
        .unwrap()
        .records;
    let mut dirty = Vec::new();
    for (i, record) in people.iter_mut().enumerate() {
        if let Some(date) = record
            .birth_date
            .as_mut()
            .filter(|d| d.is_complete() && i % 10 == 0)
        {
            match dirty.len() % 3 {
                0 => date.day = 33,
                1 => date.month = 13,
                _ => date.year += 2000,
            }
            dirty.push(record.id.clone());
        }
    }
    let mut file = String::from_utf8(people_csv(&people)).unwrap();
    file += "not-a-date,Anne,Roy,,sometime,,,,,,,\n";
    let input = path(dir.path(), "dirty.csv");
    std::fs::write(&input, file).unwrap();
    let clusters = path(dir.path(), "clusters.csv");
    let out = passerelle(&[
        "link",
        "--input",
        &input,
        "--clusters",
        &clusters,
        "--format",
        "json",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = json_of(&out);
    assert!(dirty.len() > 100, "{}", dirty.len());
    assert_eq!(summary["impossible_birth_dates"], dirty.len());
    assert_eq!(summary["unreadable_birth_dates"], 1);
    assert!(stderr.contains("is not a possible date; kept"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{} birth dates are not possible dates (kept) in all",
            dirty.len()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("\"sometime\" is not a date as YYYY-MM-DD or YYYYMMDD; taken as missing"),
        "{stderr}"
    );

    // Most dirty records that have another record of the same person are found with it.
    let found = by_id(&std::fs::read_to_string(&clusters).unwrap());
    let truth = by_id(&std::fs::read_to_string(&truth).unwrap());
    let (mut with_duplicate, mut linked) = (0, 0);
    for id in &dirty {
        let twins: Vec<&String> = truth
            .iter()
            .filter(|(other, person)| *other != id && **person == truth[id])
            .map(|(other, _)| other)
            .collect();
        if twins.is_empty() {
            continue;
        }
        with_duplicate += 1;
        if twins.iter().any(|other| found[*other] == found[id]) {
            linked += 1;
        }
    }
    assert!(with_duplicate > 30, "{with_duplicate}");
    assert!(
        linked * 10 >= with_duplicate * 7,
        "{linked} of {with_duplicate} dirty records with a duplicate were linked to it"
    );
}

#[test]
fn bad_files_name_the_line_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = path(dir.path(), "pairs.csv");
    let cases = [
        (
            "given_name,family_name\nAnne,Roy\n",
            "line 1: the header must name an id column",
        ),
        (
            "id,given_name\na,Anne\nb,Luc\na,Marc\n",
            "line 4: the id \"a\" is already on line 2",
        ),
        ("id,given_name\n,Anne\n", "line 2: the id is empty"),
    ];
    for (text, expected) in cases {
        let input = path(dir.path(), "people.csv");
        std::fs::write(&input, text).unwrap();
        let out = passerelle(&["link", "--input", &input, "--output", &output]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!Path::new(&output).exists());
    }
    // Unknown columns are ignored with a warning.
    let input = path(dir.path(), "people.csv");
    std::fs::write(
        &input,
        "id,given_name,family_name,shoe_size\na,Anne,Roy,38\nb,Anne,Roy,39\n",
    )
    .unwrap();
    let out = passerelle(&["link", "--input", &input]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the column \"shoe_size\" is not used"));
    let out = passerelle(&["link", "--input", &input, "--threshold", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
}
