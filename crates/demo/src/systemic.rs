//! Demo systemic issues: over two years, agencies log the gaps their clients meet. Some
//! issues are raised across the network (rents, mental health waits), some by a handful
//! (pets, transit), so the public report shows both counts and withheld cells.

use passerelle_domain::directory::DirectorySnapshot;
use passerelle_domain::systemic::{ISSUES, IssueFields};
use passerelle_rng::Rng;
use time::{Date, Duration};
use uuid::Uuid;

/// How widely each issue (in `ISSUES` order) is felt: the chance an agency raises it in a
/// given quarter.
const SPREAD: [f64; 10] = [0.10, 0.06, 0.22, 0.08, 0.18, 0.05, 0.12, 0.04, 0.02, 0.015];

/// (agency, what it logged) for the eight quarters before `today`.
pub fn generate_issues(
    seed: u64,
    directory: &DirectorySnapshot,
    today: Date,
) -> Vec<(Uuid, IssueFields)> {
    let mut rng = Rng::new(seed ^ 0x5359_5354_454d_4943);
    let mut out = Vec::new();
    for org in &directory.organizations {
        for quarter in 0..8 {
            for (i, (code, _, _)) in ISSUES.iter().enumerate() {
                if rng.chance(SPREAD[i]) {
                    let day = today - Duration::days(quarter * 91 + rng.below(91) as i64);
                    out.push((
                        org.organization.id,
                        IssueFields {
                            issue: code,
                            observed_on: day,
                            note: None,
                        },
                    ));
                }
            }
        }
    }
    out
}
