# Splink side by side on the same people file, scored the same way as `crates/linkage`
# (pairwise precision, recall, F1 of the clusters against the truth), on whichever of the
# columns the file has (names, birth date, sex, street, city, postal code, identifier).
#
#   passerelle generate people --seed 11 --output people.csv --truth truth.csv
#   python3 -m venv splinkenv && splinkenv/bin/pip install splink==5.0.0 pandas pyarrow
#   splinkenv/bin/python scripts/splink_side_by_side.py people.csv truth.csv
#
# The configuration follows Splink's documented deduplication pattern: a comparison per
# field, eight blocking rules (those whose columns the file has), u by random sampling, m
# by two EM sessions (blocked on birth date, then on names). Results are in docs/linkage.md.
import sys, time, itertools, collections
import pandas as pd
from splink import Linker, SettingsCreator, DuckDBAPI, block_on
import splink.comparison_library as cl

people, truth_path = sys.argv[1], sys.argv[2]
df = pd.read_csv(people, dtype=str, keep_default_na=False)
df = df.rename(columns={"id": "unique_id"})
columns = [c for c in ["given_name", "family_name", "birth_date", "sex", "street", "city", "postal_code", "identifier"] if c in df.columns]
for c in columns:
    df[c] = df[c].str.strip().str.lower().replace("", None)
if "birth_date" in df.columns:
    # Splink's date comparison wants ISO dates: 19840709 and 1984/7/9 are written as
    # 1984-07-09; what is not a date stays as written and compares as text.
    def iso(raw):
        if raw is None:
            return None
        parts = raw.replace("/", "-").split("-") if ("-" in raw or "/" in raw) else [raw[:4], raw[4:6], raw[6:]]
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return f"{int(parts[0]):04d}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return raw
    df["birth_date"] = df["birth_date"].map(iso)
df = df[["unique_id"] + columns]
truth = pd.read_csv(truth_path, dtype=str).set_index("id")["person"].to_dict()

comparisons = {
    "given_name": cl.ForenameSurnameComparison("given_name", "family_name"),
    "birth_date": cl.DateOfBirthComparison("birth_date", input_is_string=True, invalid_dates_as_null=True),
    "street": cl.LevenshteinAtThresholds("street", [2]).configure(term_frequency_adjustments=True),
    "postal_code": cl.PostcodeComparison("postal_code"),
    "city": cl.ExactMatch("city").configure(term_frequency_adjustments=True),
    "sex": cl.ExactMatch("sex"),
    "identifier": cl.LevenshteinAtThresholds("identifier", [1]),
}
rules = [
    ("given_name", "family_name"),
    ("family_name", "birth_date"),
    ("given_name", "birth_date"),
    ("given_name", "family_name", "substr(birth_date, 1, 4)"),
    ("postal_code", "substr(given_name, 1, 1)"),
    ("street", "substr(family_name, 1, 1)"),
    ("birth_date", "substr(given_name, 1, 1)"),
    ("identifier",),
]
def column_of(part):
    """The column a blocking rule's part reads: `substr(birth_date, 1, 4)` reads birth_date."""
    return part[len("substr("):].split(",")[0] if part.startswith("substr(") else part


def has(rule):
    return all(column_of(part) in columns for part in rule)

settings = SettingsCreator(
    link_type="dedupe_only",
    comparisons=[comparisons[c] for c in comparisons if c in columns],
    blocking_rules_to_generate_predictions=[block_on(*rule) for rule in rules if has(rule)],
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
