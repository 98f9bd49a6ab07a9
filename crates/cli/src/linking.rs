//! `passerelle link`: find the same person among referrals in a CSV file, and
//! `passerelle generate people`: synthetic referrals with known truth. Thin: the engine is
//! passerelle-linkage; this times its stages.

use crate::matching::Failure;
use passerelle_linkage::generate::{SyntheticSpec, synthetic};
use passerelle_linkage::intake::{IntakeSpec, intake};
use passerelle_linkage::io::{clusters_csv, pairs_csv, people_csv, read_people};
use passerelle_linkage::{Linker, Thresholds, cluster};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct LinkArgs {
    /// People CSV: any of id,given_name,family_name,other_names,birth_date,sex,phone,email,
    /// street,city,postal_code,identifier (id required).
    #[arg(long)]
    input: PathBuf,
    /// Where to write id_a,id_b,probability for every pair at or above the review band.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Where to write id,person: each record and its person's first record.
    #[arg(long)]
    clusters: Option<PathBuf>,
    /// The probability at or above which records are linked automatically.
    #[arg(long, default_value_t = Thresholds::default().link)]
    threshold: f64,
    /// The probability at or above which a pair goes to review.
    #[arg(long, default_value_t = Thresholds::default().review)]
    review: f64,
    #[arg(long, value_enum, default_value_t = crate::matching::Format::Text)]
    format: crate::matching::Format,
}

/// Which of the two independent models of referral files `generate people` draws from.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PeopleModel {
    /// Households in Ottawa with typos, nicknames, slipped birth dates and new addresses.
    Households,
    /// Intake desks: Zipf-drawn names, twins and juniors, keyboard and OCR slips, birth
    /// dates written several ways and some impossible (names, birth date, sex and address).
    Intake,
}

#[derive(clap::Args)]
pub struct PeopleArgs {
    #[arg(long, default_value_t = 20_000)]
    people: usize,
    #[arg(long, value_enum, default_value_t = PeopleModel::Households)]
    model: PeopleModel,
    /// Share of people referred two to four times.
    #[arg(long, default_value_t = 0.3)]
    duplicated: f64,
    /// Include phone numbers and emails (households only).
    #[arg(long)]
    contact_details: bool,
    #[arg(long, default_value_t = 11)]
    seed: u64,
    #[arg(long)]
    output: PathBuf,
    /// Where to write id,person with the true person of each record.
    #[arg(long)]
    truth: Option<PathBuf>,
}

pub fn link(args: LinkArgs) -> Result<(), Failure> {
    if !(0.0..=1.0).contains(&args.threshold)
        || !(0.0..=1.0).contains(&args.review)
        || args.review > args.threshold
    {
        return Err(Failure::Input(
            "--threshold and --review are probabilities, with review at most the threshold".into(),
        ));
    }
    let thresholds = Thresholds {
        link: args.threshold,
        review: args.review,
    };
    let mut seconds = serde_json::Map::new();
    let mut stage = |name: &str, started: Instant| {
        seconds.insert(name.into(), started.elapsed().as_secs_f64().into());
    };
    let started = Instant::now();
    let data = std::fs::read(&args.input)
        .map_err(|e| Failure::Input(format!("cannot read {}: {e}", args.input.display())))?;
    let people =
        read_people(&data).map_err(|e| Failure::Input(format!("{}, {e}", args.input.display())))?;
    drop(data);
    let (records, warnings) = (people.records, people.warnings);
    for w in warnings {
        eprintln!("warning: {}: {w}", args.input.display());
    }
    stage("read", started);
    let started = Instant::now();
    let mut linker = Linker::new(records);
    stage("prepare", started);
    let started = Instant::now();
    let candidates = linker.candidate_pairs();
    stage("block", started);
    let started = Instant::now();
    linker.train(&candidates, Linker::random_pairs_for(linker.len()), 2026);
    stage("train", started);
    let started = Instant::now();
    let scored = linker.score_pairs(&candidates, thresholds.review);
    stage("compare_and_score", started);
    let started = Instant::now();
    let clusters = cluster(&linker, &scored, thresholds);
    stage("cluster", started);
    if let Some(path) = &args.output {
        write(path, &pairs_csv(&linker.records, &scored))?;
    }
    if let Some(path) = &args.clusters {
        write(path, &clusters_csv(&linker.records, &clusters))?;
    }
    let persons = clusters.iter().copied().max().map_or(0, |m| m + 1);
    let linked = scored
        .iter()
        .filter(|p| clusters[p.a as usize] == clusters[p.b as usize])
        .count();
    let summary = serde_json::json!({
        "records": linker.len(),
        "impossible_birth_dates": people.impossible_birth_dates,
        "unreadable_birth_dates": people.unreadable_birth_dates,
        "candidate_pairs": candidates.len(),
        "linked_pairs": linked,
        "review_pairs": scored.len() - linked,
        "clusters": persons,
        // How many pairs of relatives the file shows for each pair of one person's
        // records among records sharing a family name and a home: what decides whether a
        // twin-shaped pair is linked (docs/decisions/0032).
        "relatives_per_person_pair": linker.model.relatives,
        "seconds": seconds,
    });
    match args.format {
        crate::matching::Format::Json => println!("{summary}"),
        crate::matching::Format::Text => {
            if people.impossible_birth_dates + people.unreadable_birth_dates > 0 {
                println!(
                    "birth dates: {} not possible (kept, compared by the parts that are), {} not dates (taken as missing)",
                    people.impossible_birth_dates, people.unreadable_birth_dates
                );
            }
            println!(
                "{} records, {} candidate pairs, {} linked pairs, {} pairs to review, {} persons",
                linker.len(),
                candidates.len(),
                linked,
                scored.len() - linked,
                persons
            );
            println!(
                "households: {:.2} pairs of relatives for each pair of one person's records",
                linker.model.relatives
            );
        }
    }
    Ok(())
}

pub fn people(args: PeopleArgs) -> Result<(), Failure> {
    let duplicated = args.duplicated.clamp(0.0, 1.0);
    // The file, and each record's id with its true person's first record's id.
    let (file, truth): (Vec<u8>, Vec<(String, usize)>) = match args.model {
        PeopleModel::Households => {
            let data = synthetic(&SyntheticSpec {
                people: args.people,
                duplicated,
                contact_details: args.contact_details,
                seed: args.seed,
            });
            let ids = data.records.iter().map(|r| r.id.clone());
            let truth = ids.zip(data.truth).collect();
            (people_csv(&data.records), truth)
        }
        PeopleModel::Intake => {
            let data = intake(&IntakeSpec {
                people: args.people,
                duplicated,
                seed: args.seed,
            });
            let truth = data.ids.into_iter().zip(data.truth).collect();
            (data.csv, truth)
        }
    };
    write(&args.output, &file)?;
    if let Some(path) = &args.truth {
        let mut first: std::collections::HashMap<usize, &str> = std::collections::HashMap::new();
        let mut text = String::from("id,person\n");
        for (id, person) in &truth {
            let person_id = *first.entry(*person).or_insert(id.as_str());
            text.push_str(&format!("{id},{person_id}\n"));
        }
        write(path, text.as_bytes())?;
    }
    println!(
        "wrote {} records of {} people to {}",
        truth.len(),
        args.people,
        args.output.display()
    );
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::matching::write_atomically(path, bytes)
}
