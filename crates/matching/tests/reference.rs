//! The solver's optimum against independently computed optima (OR-Tools' min-cost flow,
//! and for dense shapes SciPy and lap) on larger instances from every generator; see the header of
//! tests/data/reference.csv for how each figure was produced. The certificate is checked
//! on every instance too.

use passerelle_matching::generate::{self, SparseSpec};
use passerelle_matching::plan::solver_problem;
use passerelle_matching::{solve, verify};

#[test]
fn agrees_with_the_recorded_reference_optima() {
    let data = include_str!("data/reference.csv");
    let mut lines = data.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut checked = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let get = |name: &str| fields[header.iter().position(|h| *h == name).unwrap()];
        let num = |name: &str| get(name).parse::<u64>().unwrap();
        let spec = SparseSpec {
            capacity_max: num("capacity_max") as u32,
            priority_levels: num("priority_levels") as u32,
            fit_spread: num("fit_spread") as u32,
            ..SparseSpec::new(
                num("clients") as u32,
                num("units") as u32,
                num("edges"),
                num("seed"),
            )
        };
        let problem = match get("shape") {
            "dense" => generate::dense(num("clients") as u32, num("max_weight"), num("seed")),
            "skewed" => generate::skewed(&spec),
            "round" => {
                let (clients, units) = generate::community::generate(
                    num("clients") as usize,
                    num("units") as usize,
                    num("seed"),
                );
                solver_problem(&clients, &units, &Default::default(), &Default::default()).unwrap()
            }
            _ => generate::sparse(&spec),
        };
        if get("shape") != "skewed" {
            // The skewed generator draws each client's number of units: its edge count
            // is the requested one on average only.
            assert_eq!(
                problem.edges().len() as u64,
                num("edges"),
                "{}",
                get("name")
            );
        }
        let solution = solve(&problem).unwrap();
        assert_eq!(
            solution.objective,
            num("objective") as u128,
            "{}",
            get("name")
        );
        assert_eq!(solution.matched as u64, num("matched"), "{}", get("name"));
        verify(&problem, &solution).unwrap_or_else(|e| panic!("{}: {e}", get("name")));
        checked += 1;
    }
    assert_eq!(checked, 17);
}
