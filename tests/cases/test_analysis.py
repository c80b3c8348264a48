"""The analysis tables reproduce the figures documented for the CTDC Ukraine subset."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from casefiles import write_synthetic

from ctcourse.cases import analysis, ilo, load_cases, plots
from ctcourse.cases.schema import FLAG_GROUPS

matplotlib.use("Agg")


def test_victims_by_year_and_gender_cross_over_in_2012(ua: pd.DataFrame) -> None:
    table = analysis.victims_by_year_gender(ua)
    counts = table.counts
    assert counts.loc[2007, ["Female", "Male"]].tolist() == [420, 147]
    assert counts.loc[2020, ["Female", "Male"]].tolist() == [334, 1037]
    years = [y for y in counts.index if y != "Total"]
    men_ahead = counts.loc[years, "Male"] > counts.loc[years, "Female"]
    assert not men_ahead[men_ahead.index < 2012].any() and men_ahead[men_ahead.index >= 2012].all()
    assert analysis.crossover_year(table) == 2012
    tidy = table.tidy()
    share = tidy.query("yearOfRegistration == 2020 and gender == 'Male'")["share"].item()
    assert share == pytest.approx(1037 / 1371)


def test_exploitation_by_gender_both_bases(ua: pd.DataFrame) -> None:
    text = analysis.exploitation_by_gender(ua, basis="text").counts
    assert text.loc["Forced labour", ["Male", "Female", "All"]].tolist() == [796, 271, 1067]
    assert text.loc["Sexual exploitation", ["Female", "Male"]].tolist() == [988, 0]
    assert text.loc["people with information", "All"] == 2055
    flags = analysis.exploitation_by_gender(ua).counts
    assert flags.loc["Forced labour", "All"] == 2090
    assert flags.loc["people with information", "All"] == 4089


def test_multi_answer_shares_use_codebook_denominators(ua: pd.DataFrame) -> None:
    table = analysis.means_of_control(ua)
    counts = table.counts
    informed = counts.loc["people with information", "All"]
    assert informed == len(ua) - int(ua["meansOfControlNotSpecified"].sum()) == 2105
    assert counts.loc["False promises", "All"] == 1964
    shares = table.tidy().query(
        "gender == 'All' and `means of control` != 'people with information'"
    )
    assert shares["share"].sum() > 1
    sectors = analysis.labour_sectors(ua, by=None).counts["All"]
    assert sectors[["Construction", "Manufacturing", "Agriculture"]].tolist() == [1217, 424, 148]


def test_countries_and_recruiters(ua: pd.DataFrame) -> None:
    countries = analysis.countries_of_exploitation(ua, by=None).counts["count"]
    assert countries[["RU", "PL", "TR", "UA", "AE", "not recorded"]].tolist() == [
        4499, 709, 237, 132, 100, 4069,
    ]  # fmt: skip
    recruiters = analysis.recruiter_relationship(ua).counts
    assert recruiters.loc["Friend", "All"] == 209


def test_ilo_mapping_is_complete_and_sourced(ua: pd.DataFrame) -> None:
    assert len(ilo.INDICATORS) == 11
    assert all(link.column in FLAG_GROUPS["meansOfControl"] for link in ilo.LINKS)
    assert {link.indicator for link in ilo.LINKS} == set(ilo.INDICATORS)
    assert {link.basis for link in ilo.LINKS} == {ilo.REFERENCE, ilo.CODEBOOK, ilo.CTCOURSE}
    assert ilo.columns_for("Isolation") == ("meansOfControlRestrictsMovement",)
    table = analysis.ilo_indicators(ua).counts
    assert table.loc["Isolation", "All"] == table.loc["Restriction of movement", "All"] == 1897
    assert table.loc["Deception", "All"] == 1964


def test_multi_answer_tables_without_groups(ua: pd.DataFrame, synthetic_file: Path) -> None:
    """Finding 6: by=None raised DisclosureError whenever its All column had a small cell."""
    small = load_cases(synthetic_file)
    for frame in (ua, small):
        for build in (analysis.means_of_control, analysis.labour_sectors, analysis.ilo_indicators):
            table = build(frame, 50 if frame is ua else 5, by=None)
            assert list(table.counts.columns) == ["All"]


def test_text_table_when_no_row_has_text(tmp_path: Path) -> None:
    """Finding 6: the text-based table raised AttributeError when the text column was empty
    (notebook 01 failed on 20 of 61 citizenship subsets)."""
    path = write_synthetic(tmp_path / "s.csv", rows=300)
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    data["typeOfExploitConcatenated"] = ""
    data.to_csv(path, index=False)
    table = analysis.exploitation_by_gender(load_cases(path), 5, basis="text")
    assert list(table.counts.index) == ["people with information"]
    assert table.counts.iat[0, -1] == 0


def test_plots_have_title_axis_labels_and_source(ua: pd.DataFrame) -> None:
    for figure in (
        plots.plot_year_gender(analysis.victims_by_year_gender(ua)),
        plots.plot_shares(analysis.means_of_control(ua)),
        plots.plot_counts(analysis.countries_of_exploitation(ua)),
    ):
        axes = figure.axes[0]
        assert axes.get_title() and axes.get_xlabel() and axes.get_ylabel()
        assert any("Counter-Trafficking Data Collaborative" in t.get_text() for t in figure.texts)


def test_the_sentence_on_men_and_women_follows_the_data(ua: pd.DataFrame, tmp_path: Path) -> None:
    """Issue 18.9: on binned years notebook 01 printed "Men do not outnumber women in the
    latest years" beside a table with men at 65%."""
    from ctcourse.cases import anonymize
    from ctcourse.cases.write import write_cases

    assert analysis.gender_balance(analysis.victims_by_year_gender(ua)) == (
        "Men outnumber women in every year from 2012 on."
    )
    out, _ = anonymize(ua, ["gender", "yearOfRegistration"], k=200, max_suppressed=0.0)
    binned = load_cases(write_cases(out, tmp_path / "binned.csv"))
    table = analysis.victims_by_year_gender(binned, 10)
    last = [y for y in table.counts.index if str(y)[:4].isdigit()][-1]
    men, women = table.counts.loc[last, "Male"], table.counts.loc[last, "Female"]
    assert men > women
    sentence = analysis.gender_balance(table)
    assert (
        sentence.startswith(f"In {last}, the latest period") and "men outnumber women" in sentence
    )
    assert f"{men / (men + women):.0%} men" in sentence


def test_notebook_01_states_what_k_anonymity_means_and_why_the_counts_differ(
    ua: pd.DataFrame,
) -> None:
    """Issue 19: notebook 01 said k-anonymisation means "no query returns fewer than 10
    cases" though single columns count 1, 4 and 5; and quoted 1,067 forced-labour records
    (796 men) from the text column beside the lesson's 2,090 (1,562) from the flag."""
    import nbformat

    path = Path(__file__).resolve().parents[2] / "notebooks/01_who_is_trafficked_from_ukraine.ipynb"
    text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    assert "no query returns fewer than" not in text
    for column, count in (("meansOfControlOther", 1), ("meansOfControlUsesChildren", 4),
                          ("meansOfControlRestrictsFinancialAccess", 5)):  # fmt: skip
        assert int(ua[column].fillna(False).sum()) == count
    assert "count 1 person with *other* means of control, 4 with *uses children* and 5" in text
    flagged = ua[ua["isForcedLabour"].fillna(False).to_numpy(dtype=bool)]
    named = ua["typeOfExploitConcatenated"].astype("str").str.contains("Forced labour", na=False)
    blank = flagged[flagged["typeOfExploitConcatenated"].isna()]
    years = blank["yearOfRegistration"]
    facts = {
        "2,090": len(flagged), "1,562": int((flagged["gender"] == "Male").sum()),
        "1,067": int(named.sum()), "796": int((ua.loc[named, "gender"] == "Male").sum()),
        "1,023": len(blank),
    }  # fmt: skip
    for shown, value in facts.items():
        assert f"{value:,}" == shown and shown in text
    assert (int(years.min()), int(years.max())) == (2013, 2017)
    assert "registered from 2013 to 2017" in text
