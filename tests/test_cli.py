"""The ``ctcourse`` course commands: exit codes, and every error as one line on stderr."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from coursefactory import REPO

from ctcourse.cli import main


def run(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse usage errors and --help
        code = exit_.code if isinstance(exit_.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_course(course_root: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, "validate", "--root", str(course_root))
    assert (code, err) == (0, "")
    assert out.splitlines()[-2:] == [
        "m1: about 24 minutes estimated (87 words at 150/min + 9 question(s) × 1.5 + "
        "1 written answer(s) × 10); course.yml states 24",
        "testcourse: 1 module(s), no problems",
    ]


def test_validate_finds_the_course_from_the_cwd(
    course_root: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(course_root / "source" / "m1")
    assert run(capsys, "validate")[0] == 0


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["validate", "--colour"],
        ["validate", "--root"],
        ["release", "--bogus"],
    ],
    ids=["no-command", "unknown-command", "unknown-option", "missing-value", "release-option"],
)
def test_usage_errors_are_one_line_exit_2(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("ctcourse")
    assert "Traceback" not in err and "usage:" not in err


@pytest.mark.parametrize(
    ("manifest", "fragment"),
    [
        (None, "no course.yml here or above"),
        ("id: c\ntitle: T\nlanguage: xx\nmodules: []\n", "language 'xx'"),
        ("id: [unclosed\n", "not valid YAML"),
    ],
    ids=["no-manifest", "bad-manifest", "bad-yaml"],
)
@pytest.mark.parametrize("command", ["validate", "release"])
def test_course_errors_are_one_line_exit_2(
    command: str,
    manifest: str | None,
    fragment: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if manifest is not None:
        (tmp_path / "course.yml").write_text(manifest)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, command)
    assert code == 2 and out == ""
    assert err.startswith("ctcourse: error: ") and fragment in err
    assert err.count("\n") == 1, err


def test_release_unknown_module_is_one_line(course_root: Path, capsys) -> None:
    code, _, err = run(capsys, "release", "nope", "--root", str(course_root))
    assert code == 2 and err.count("\n") == 1 and "no module 'nope'" in err


def test_installed_script_help() -> None:
    done = subprocess.run(
        [str(REPO / ".venv/bin/ctcourse"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert "validate" in done.stdout and "release" in done.stdout


def test_unreachable_gradebook_is_one_line_exit_2(
    course_root: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTCOURSE_DB_URL", f"sqlite:///{course_root / 'no' / 'such' / 'dir.db'}")
    assert main(["export", "--out", str(course_root / "x.csv"), "--root", str(course_root)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("ctcourse: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
