"""The publication plan: one set of tables per dataset and k, the same numbers wherever they
appear (notebooks, explorer, summary), and no table of a selection."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from ctcourse.cases import analysis, load_cases
from ctcourse.cases.data import country_lookup
from ctcourse.cases.explorer import CaseExplorer
from ctcourse.errors import DisclosureError

matplotlib.use("Agg")
YEAR = "yearOfRegistration"


def _published(table) -> dict[tuple[str, str], int]:
    """Every number a table shows, by (row, column) label."""
    counts = table.counts
    return {
        (str(r), str(c)): int(counts.at[r, c])
        for r in counts.index
        for c in counts.columns
        if not pd.isna(counts.at[r, c])
    }


def _new_numbers(view, full) -> dict[tuple[str, str], int]:
    shown, known = _published(view), _published(full)
    return {cell: n for cell, n in shown.items() if known.get(cell) != n}


def test_notebook_and_explorer_show_one_year_by_gender_table(global_file: Path) -> None:
    """Finding 1: the explorer dropped the 2,011 rows without a year, so its year x gender
    table and notebook 01's hid different cells and together gave 2003/Male away."""
    frame = load_cases(global_file)
    notebook = analysis.victims_by_year_gender(frame, 20)
    explorer = CaseExplorer(frame, k=20)
    assert "not recorded" in [str(r) for r in explorer.table.counts.index]
    assert _new_numbers(explorer.table, notebook) == {}
    assert int(notebook.counts.at["Total", "Total"]) == len(frame)


def test_moving_the_year_slider_publishes_no_new_number(ua: pd.DataFrame) -> None:
    """Finding 2: at k=20, moving the slider by one year gave 2003 Female = 13."""
    explorer = CaseExplorer(ua, k=20)
    full = analysis.victims_by_year_gender(ua, 20)
    for last in range(2002, 2022):
        explorer.years.value = (2002, last)
        assert _new_numbers(explorer.table, full) == {}, last
    explorer.rows.value = "CountryOfExploitation"
    explorer.genders.value = ("Male",)
    assert _new_numbers(explorer.table, analysis.countries_of_exploitation(ua, 20)) == {}


def test_tables_of_a_selection_are_refused(ua: pd.DataFrame) -> None:
    """Finding 2: means-of-control tables for 2002-2010 and 2002-2011 differed by one man
    registered in 2011 with documents withheld."""
    years = ua[YEAR]
    for last in (2010, 2011):
        selection = ua[years.between(2002, last).fillna(False).to_numpy(dtype=bool)]
        with pytest.raises(DisclosureError, match=r"not a dataset loaded with load_cases"):
            analysis.means_of_control(selection, 10)


def _routes(ua: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Ordinary pandas routes from the loaded frame to a selection of it: attributes such as
    frame.attrs survive some and not others (merge drops them)."""
    lookup = country_lookup()[["ISO2", "UNRegion"]]
    in_2011 = ua[YEAR].eq(2011).fillna(False).to_numpy(dtype=bool)
    selected = ua[~in_2011]
    return {
        "merge then select": ua.merge(lookup, how="left", left_on="CountryOfExploitation",
                                      right_on="ISO2")[lambda f: f[YEAR] != 2011],
        "select then merge": selected.merge(lookup, how="left", left_on="CountryOfExploitation",
                                            right_on="ISO2"),
        "query": ua.query("yearOfRegistration != 2011"),
        "concat": pd.concat([ua[ua[YEAR] < 2011], ua[ua[YEAR] > 2011]]),
        "copy of a selection": selected.copy(),
        "reset_index": selected.reset_index(drop=True),
        "dropna": ua.dropna(subset=["CountryOfExploitation"]),
        "drop_duplicates": ua.drop_duplicates(),
        "sample": ua.sample(frac=0.9, random_state=1),
        "assign recode": ua.assign(gender=ua["gender"].where(~in_2011)),
        "from records": pd.DataFrame(selected.to_dict("records")),
    }  # fmt: skip


def test_no_pandas_route_publishes_a_selection(ua: pd.DataFrame) -> None:
    """Issue 18.2: the guard rested on frame.attrs, which merge drops: 3 of 11 routes were
    accepted and a selection was published as a dataset of its own (40 counts of 1..9 for
    2011 by differencing). Now a frame is published only if its rows are a loaded dataset."""
    for frame in _routes(ua).values():
        with pytest.raises(DisclosureError, match="not a dataset loaded"):
            analysis.victims_by_year_gender(frame, 10)
    whole = ua.merge(
        country_lookup()[["ISO2", "UNRegion"]], how="left", left_on="CountryOfExploitation",
        right_on="ISO2",
    )  # fmt: skip
    assert analysis.victims_by_year_gender(whole, 10).counts.equals(
        analysis.victims_by_year_gender(ua, 10).counts
    )


def test_shared_cells_have_one_status_in_every_table(ua: pd.DataFrame) -> None:
    """The gender totals are one set of cells in the four crosstabs."""
    totals = [
        table.status.loc["Total"].to_numpy()
        for table in (
            analysis.victims_by_year_gender(ua, 50),
            analysis.countries_of_exploitation(ua, 50),
        )
    ]
    assert np.array_equal(totals[0], totals[1])
