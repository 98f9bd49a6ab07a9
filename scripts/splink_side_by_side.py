# Splink side by side on the same synthetic referrals (names, birth date, address only),
# scored the same way as `crates/linkage` (pairwise precision, recall, F1 against the truth).
#
#   passerelle generate people --seed 11 --output people.csv --truth truth.csv
#   python3 -m venv splinkenv && splinkenv/bin/pip install splink pandas pyarrow
#   splinkenv/bin/python scripts/splink_side_by_side.py people.csv truth.csv
#
# The configuration follows Splink's documented deduplication pattern: name, birth-date,
# address and sex comparisons, eight blocking rules, u by random sampling, m by two EM
# sessions (blocked on birth date, then on names). Results are in docs/linkage.md.
import sys, time, itertools, collections
import pandas as pd
from splink import Linker, SettingsCreator, DuckDBAPI, block_on
import splink.comparison_library as cl

people, truth_path = sys.argv[1], sys.argv[2]
df = pd.read_csv(people, dtype=str, keep_default_na=False)
df = df.rename(columns={"id": "unique_id"})
for c in ["given_name", "family_name", "birth_date", "street", "city", "postal_code", "sex"]:
    df[c] = df[c].str.strip().str.lower().replace("", None)
df = df[["unique_id", "given_name", "family_name", "birth_date", "sex", "street", "city", "postal_code"]]
truth = pd.read_csv(truth_path, dtype=str).set_index("id")["person"].to_dict()

settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[
        cl.ForenameSurnameComparison("given_name", "family_name"),
        cl.DateOfBirthComparison("birth_date", input_is_string=True),
        cl.LevenshteinAtThresholds("street", [2]).configure(term_frequency_adjustments=True),
        cl.PostcodeComparison("postal_code"),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        cl.ExactMatch("sex"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("given_name", "family_name"),
        block_on("family_name", "birth_date"),
        block_on("given_name", "birth_date"),
        block_on("given_name", "family_name", "substr(birth_date, 1, 4)"),
        block_on("family_name", "given_name"),
        block_on("postal_code", "substr(given_name, 1, 1)"),
        block_on("street", "substr(family_name, 1, 1)"),
        block_on("birth_date", "substr(given_name, 1, 1)"),
    ],
    retain_intermediate_calculation_columns=False,
)
db = DuckDBAPI()
t0 = time.time()
linker = Linker(db.register(df), settings)
linker.training.estimate_probability_two_random_records_match(
    [block_on("given_name", "family_name", "birth_date")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "family_name"))
pairs = linker.inference.predict(threshold_match_probability=0.5)
elapsed = time.time() - t0

true_pairs = set()
groups = collections.defaultdict(list)
for rid, person in truth.items():
    groups[person].append(rid)
for members in groups.values():
    for a, b in itertools.combinations(sorted(members), 2):
        true_pairs.add((a, b))

for threshold in [0.9, 0.95, 0.99, 0.999]:
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, threshold).as_pandas_dataframe()
    found = set()
    for _, members in clusters.groupby("cluster_id")["unique_id"]:
        for a, b in itertools.combinations(sorted(members), 2):
            found.add((a, b))
    tp = len(found & true_pairs)
    p = tp / len(found) if found else 0
    r = tp / len(true_pairs)
    f1 = 2 * p * r / (p + r) if p + r else 0
    print(f"splink threshold {threshold}: P {p:.4f} R {r:.4f} F1 {f1:.4f} ({len(found)} pairs predicted, {len(true_pairs)} true)")
print(f"splink train + predict {elapsed:.1f} s")
