"""SYNTHETIC CTDC-schema files for the tests: random values drawn from the schema."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases.schema import CATEGORIES, COLUMNS, FLAG_COLUMNS, FLAG_GROUPS


def write_synthetic(path: Path, rows: int = 300, seed: int = 7) -> Path:
    """A SYNTHETIC CTDC-schema file: random values drawn from the schema; no real person."""
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {c: [""] * rows for c in COLUMNS}
    data["yearOfRegistration"] = rng.integers(2005, 2021, rows)
    data["Datasource"] = ["Case Management"] * rows
    data["gender"] = rng.choice(["Female", "Male", ""], rows, p=[0.5, 0.45, 0.05])
    data["ageBroad"] = rng.choice([*CATEGORIES["ageBroad"], ""], rows)
    data["majorityStatus"] = rng.choice(["Adult", "Minor", ""], rows, p=[0.8, 0.1, 0.1])
    data["citizenship"] = ["UA"] * rows
    data["CountryOfExploitation"] = rng.choice(["RU", "PL", "TR", "UA", "NA", ""], rows)
    for column in FLAG_COLUMNS:
        data[column] = rng.choice(["0", "1", ""], rows, p=[0.6, 0.25, 0.15])
    labour = np.array(data["isForcedLabour"]) == "1"
    sexual = np.array(data["isSexualExploit"]) == "1"
    text = np.where(labour, "Forced labour", "")
    text = np.where(sexual, np.where(labour, text + ";", text) + "Sexual exploitation", text)
    data["typeOfExploitConcatenated"] = text
    assert set(FLAG_GROUPS["typeOfExploit"]) <= set(FLAG_COLUMNS)
    pd.DataFrame(data, columns=list(COLUMNS)).to_csv(path, index=False)
    return path
