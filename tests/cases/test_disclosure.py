"""k-anonymity check and anonymizer: violations are named, and the output always passes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ctcourse.cases import anonymize, check_k_anonymity, load_cases
from ctcourse.cases.schema import COLUMNS
from ctcourse.cases.write import write_cases
from ctcourse.errors import CaseDataError

HARD_QI = ["gender", "ageBroad", "yearOfRegistration", "CountryOfExploitation", "isForcedLabour"]


def test_check_names_violating_groups_with_sizes() -> None:
    frame = pd.DataFrame(
        {"gender": ["Female"] * 12 + ["Male"] * 3 + [None] * 2, "x": range(17)}
    ).astype({"gender": "category"})
    report = check_k_anonymity(frame, ["gender"], k=10)
    assert not report.holds
    assert report.violations["size"].tolist() == [2, 3]
    assert report.violations["gender"].isna().tolist() == [True, False]
    assert report.violations["gender"].iloc[1] == "Male"
    assert "2 of 3 groups (5 of 17 rows)" in str(report)
    assert str(check_k_anonymity(frame, ["gender"], k=2)) == (
        "k=2 holds over gender (17 rows, 3 groups)"
    )


def test_check_rejects_unknown_quasi_identifier(ua: pd.DataFrame) -> None:
    with pytest.raises(CaseDataError, match="'sex' is not a column"):
        check_k_anonymity(ua, ["sex"])


def test_anonymize_real_data_generalizes_and_round_trips(ua: pd.DataFrame, tmp_path: Path) -> None:
    qi = [*HARD_QI, "majorityStatusAtExploit"]
    assert not check_k_anonymity(ua, qi, k=25).holds
    out, loss = anonymize(ua, qi, k=25, max_suppressed=0.01)
    assert check_k_anonymity(out, qi, k=25).holds
    assert loss.rows_suppressed == len(ua) - len(out) <= 0.01 * len(ua)
    generalized = loss.generalization.set_index("quasi_identifier")
    assert generalized["values_generalized"].sum() > 0
    assert "rows suppressed" in str(loss)
    write_cases(out, tmp_path / "anon.csv")
    assert check_k_anonymity(load_cases(tmp_path / "anon.csv"), qi, k=25).holds


@pytest.mark.parametrize("seed", range(12))
def test_anonymize_random_small_frames(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 200))
    frame = pd.DataFrame(
        {
            "gender": rng.choice(["Female", "Male", None], n),
            "ageBroad": rng.choice(["0--8", "9--17", "21--23", "48+", None], n),
            "yearOfRegistration": pd.array(rng.integers(2002, 2022, n), dtype="Int64"),
            "CountryOfExploitation": rng.choice(["RU", "PL", "UA", "TR", "NA", None], n),
        }
    )
    k = int(rng.choice([2, 5, 10]))
    qi = list(frame.columns)
    out, loss = anonymize(frame, qi, k, max_suppressed=float(rng.choice([0.0, 0.1])))
    assert check_k_anonymity(out, qi, k).holds
    assert len(out) + loss.rows_suppressed == n
    if n < k:
        assert out.empty


def test_anonymize_uses_the_un_region_lookup() -> None:
    frame = pd.DataFrame({"CountryOfExploitation": ["PL"] * 6 + ["CZ"] * 6 + ["RU"] * 12})
    out, loss = anonymize(frame, ["CountryOfExploitation"], k=12, max_suppressed=0)
    assert sorted(out["CountryOfExploitation"].unique()) == ["Eastern Europe"]
    assert loss.generalization.loc[0, "level"] == "UN sub-region"
    assert loss.generalization.loc[0, "values_generalized"] == 24


def test_anonymize_global_file(global_file: Path) -> None:
    frame = load_cases(global_file)
    qi = ["gender", "ageBroad", "citizenship", "yearOfRegistration", "Datasource"]
    out, _ = anonymize(frame, qi, k=10)
    assert check_k_anonymity(out, qi, k=10).holds


MEANS = [c for c in COLUMNS if c.startswith("meansOfControl") and c != "meansOfControlConcatenated"]


def test_anonymizer_leaves_no_answer_in_the_flag_columns(global_file: Path) -> None:
    """Finding 4: blanking meansOfControlConcatenated kept its 18 flags, which gave back
    thousands of groups below k; a multi-answer variable is one quasi-identifier."""
    frame = load_cases(global_file)
    qi = ["gender", "meansOfControlConcatenated"]
    out, _ = anonymize(frame, qi, k=10)
    by_flags = out.groupby(["gender", *MEANS], dropna=False, observed=True).size()
    assert (by_flags >= 10).all(), by_flags[by_flags < 10].head()
    assert check_k_anonymity(out, [*qi, "meansOfControlDebtBondage"], k=10).holds


def test_check_reads_the_flags_too(ua: pd.DataFrame) -> None:
    """With the text blanked but the flags kept, the check must still see the answers."""
    blanked = ua.assign(meansOfControlConcatenated=pd.NA)
    report = check_k_anonymity(blanked, ["gender", "meansOfControlConcatenated"], k=10)
    assert not report.holds
    assert "meansOfControlDebtBondage" in report.violations.columns


MAJORITY = ["majorityStatus", "majorityStatusAtExploit", "majorityEntry"]
DERIVED_FROM_TYPE = [
    c for c in COLUMNS if c.startswith(("typeOfLabour", "typeOfSex"))
]  # fmt: skip


def test_columns_derived_from_a_quasi_identifier_go_with_it(ua: pd.DataFrame) -> None:
    """Issue 18.6: majorityStatus* survived age generalisation (435 classes, 3,017 rows
    below k=25 on the global file), and typeOfLabour*/typeOfSex* flags gave back a
    suppressed exploitation type (66 classes below k=12)."""
    qi = ["gender", "ageBroad", "yearOfRegistration", "CountryOfExploitation"]
    out, loss = anonymize(ua, qi, k=25)
    assert "broad age band" in str(loss) or "minor/adult" in str(loss)
    assert check_k_anonymity(out, [*qi, *MAJORITY], k=25).holds
    assert out[MAJORITY].isna().all().all()
    qi = ["gender", "yearOfRegistration", "typeOfExploitConcatenated"]
    out, loss = anonymize(ua, qi, k=200, max_suppressed=0.0)
    assert out["typeOfExploitConcatenated"].isna().all()
    assert out[DERIVED_FROM_TYPE].isna().all().all()
    assert check_k_anonymity(out, [*qi, *DERIVED_FROM_TYPE], k=200).holds
