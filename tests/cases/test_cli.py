"""`ctcourse cases summary|check|anonymize`, through main() and once as a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ctcourse.cases.data import DATA_DIR, UKRAINE_FILE
from ctcourse.cli import main

UA = str(DATA_DIR / UKRAINE_FILE)
HARD_QI = "gender,ageBroad,yearOfRegistration,CountryOfExploitation,majorityStatusAtExploit"


def test_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "summary", UA]) == 0
    out = capsys.readouterr().out
    assert "9995 rows, years 2002–2021" in out
    assert "gender: Female 4539, Male 5456" in out
    assert "Datasource: Case Management 9984, Hotline 11" in out
    assert "CountryOfExploitation 40.7%" in out


def test_summary_prints_nothing_a_suppressed_cell_follows_from(
    ua: pd.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding 5: at k=20 the summary printed Case Management 9984 beside 9995 rows (so
    Hotline = 11), "suppressed (<20)", and ageBroad missing 0.1% (about 10 rows)."""
    assert main(["cases", "summary", UA, "--k", "20"]) == 0
    out = capsys.readouterr().out
    assert "<" not in out
    for line in out.splitlines()[1:3]:
        assert line.count("suppressed") != 1, line
    missing_age = int(ua["ageBroad"].isna().sum())
    assert 0 < missing_age < 20
    assert "ageBroad suppressed" in out


def test_check_holds_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cases", "check", UA, "--qi", "gender,Datasource", "--k", "10"]) == 0
    assert capsys.readouterr().out == "k=10 holds over gender, Datasource (9995 rows, 3 groups)\n"
    # the age band brings the minor/adult columns derived from it (issue 18.6)
    assert main(["cases", "check", UA, "--qi", "gender,ageBroad", "--k", "10"]) == 1
    assert "majorityStatusAtExploit" in capsys.readouterr().out
    assert main(["cases", "check", UA, "--qi", HARD_QI, "--k", "10"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("k=10 fails over") and "size" in out


def test_anonymize_output_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "anon.csv")
    assert main(["cases", "anonymize", UA, out, "--qi", HARD_QI, "--k", "30"]) == 0
    report = capsys.readouterr().out
    assert "rows suppressed" in report and "generalized" in report
    assert main(["cases", "check", out, "--qi", HARD_QI, "--k", "30"]) == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["cases", "check", "/nonexistent.csv", "--qi", "gender"], "cannot read the file"),
        (["cases", "check", UA, "--qi", "sex"], "'sex' is not a column"),
        (["cases", "anonymize", UA, UA, "--qi", "gender"], "overwrite the input"),
    ],
)
def test_errors_are_one_line_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("ctcourse: error: ") and message in err and err.count("\n") == 1


def test_bad_quasi_identifier_list_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["cases", "check", UA, "--qi", "gender,,ageBroad"])
    assert raised.value.code == 2
    assert "empty name" in capsys.readouterr().err


def test_installed_command_reports_bad_file_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    command = Path(sys.executable).parent / "ctcourse"
    result = subprocess.run(
        [str(command), "cases", "summary", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip().endswith("semicolon-delimited; CTDC files are comma-separated")
    assert "Traceback" not in result.stderr and result.stdout == ""
