"""Hostile submissions through the real ``ctcourse autograde``: each is its trainee's problem only.

Log lines that break a JSON parser or a scorer, trainee ids nbgrader would read as patterns,
symbolic links and special files, oversized logs and notebooks, and notebooks nbgrader rejects.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from cohort import dump, save_submission, write_submission

from ctcourse.cli import main
from ctcourse.nbgrader_tools import nbgrader_api
from ctcourse.quiz.responses import Event
from ctcourse.reports.logs_data import read_logs

pytestmark = pytest.mark.slow
RIGHT = {"t.single": "b", "t.tf": True, "t.number": 12}
RIGHT_SCORES = {"t_single": 1.0, "t_tf": 1.0, "t_number": 1.0}


@pytest.fixture
def root(released, tmp_path) -> Path:
    return shutil.copytree(released, tmp_path / "c", symlinks=True)


def _line(qid: str, answer) -> str:
    return Event(qid, answer, "graded", 1, "2026-11-20T10:00:00.000Z").to_json()


def _scores(root: Path, student: str, module: str = "quiz") -> dict:
    prefix = f"{student}/{module}/"
    return {k[len(prefix) :]: v[0] for k, v in dump(root)["grades"].items() if k.startswith(prefix)}


def _autograde(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["autograde", "quiz", "--root", str(root), "--jobs", "2", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_bad_log_line_is_that_trainees_problem_only(root, capsys):
    nested = "[" * 3000 + "]" * 3000
    deep = '{"schema":1,"qid":"t.single","answer":' + nested + ',"mode":"graded","attempt":2,'
    deep += '"time":"2026-11-20T10:00:00.000Z"}'
    nb, lines = write_submission(root, "deep", "quiz", RIGHT)
    save_submission(root, "deep", "quiz", nb, [*lines, deep])
    nb, lines = write_submission(root, "huge-number", "quiz", RIGHT)
    save_submission(root, "huge-number", "quiz", nb, [*lines, _line("t.number", 10**400)])
    write_submission(root, "honest", "quiz", RIGHT)

    code, out, err = _autograde(root, capsys)

    assert code == 0, out + err
    assert "failed: " not in out
    for student in ("deep", "huge-number", "honest"):
        scores = _scores(root, student)
        assert {k: scores[k] for k in RIGHT_SCORES} == RIGHT_SCORES, student
    assert "deep/quiz: responses log: 1 unreadable line(s) skipped (first: line 4:" in err
    assert "huge-number/quiz: responses log: 1 unreadable line(s) skipped (first: line 4: " in err
    assert "answer to t.number cannot be scored" in err


def test_ids_nbgrader_would_reinterpret_are_refused_at_collect_and_autograde(root, capsys):
    write_submission(root, "sim-0002", "quiz", RIGHT)
    write_submission(root, "sim-000[2]", "quiz", {"t.single": "a"})
    write_submission(root, ".hidden", "quiz", RIGHT)
    write_submission(root, "x\x1b[2J", "quiz", RIGHT)
    undecodable = os.fsencode(root / "submitted") + b"/caf\xe9"
    os.makedirs(undecodable + b"/quiz")
    shutil.copy(root / "submitted/sim-0002/quiz/lesson.ipynb", os.fsdecode(undecodable + b"/quiz"))

    code, out, err = _autograde(root, capsys)

    assert code == 1
    refused = [line for line in out.splitlines() if line.startswith("refused: ")]
    assert len(refused) == 4, out
    assert any("submitted/sim-000[2]: refused: a trainee id is" in line for line in refused)
    assert any("submitted/.hidden: refused" in line for line in refused)
    assert any("submitted/x\\x1b[2J: refused" in line for line in refused)
    assert any("submitted/caf\\xe9: refused" in line for line in refused)
    assert "\x1b" not in out + err
    assert _scores(root, "sim-0002")["t_single"] == 1.0  # graded as themself, nobody else
    assert set(dump(root)["students"]) == {"sim-0002"}

    exchange = root / "exchange" / "testcourse" / "inbound"
    for student in ("sim-000[2]", "bob ", "carol"):
        folder = exchange / f"{student}+quiz+2026-11-20 10:00:00.000000 UTC+abc"
        shutil.copytree(root / "submitted/sim-0002/quiz", folder)
        (folder / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    collected = nbgrader_api(root, {}).collect("quiz")
    assert collected["success"], collected.get("error")
    assert "inbound/sim-000[2]+quiz+2026-11-20 10:00:00.000000 UTC+abc: refused" in collected["log"]
    assert "inbound/bob +quiz" in collected["log"]
    assert (root / "submitted/carol/quiz/lesson.ipynb").is_file()
    assert not (root / "submitted/bob").exists() and not (root / "submitted/bob ").exists()


def test_links_and_special_files_are_never_followed(root, capsys):
    write_submission(root, "honest", "quiz", RIGHT)
    write_submission(root, "mallory", "quiz", {})
    folder = root / "submitted/mallory/quiz"
    (folder / "responses.jsonl").unlink()
    (folder / "responses.jsonl").symlink_to(root / "submitted/honest/quiz/responses.jsonl")
    (folder / "keys.ipynb").symlink_to(root / "source/quiz/lesson.ipynb")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "zero").symlink_to("/dev/zero")
    (folder / "data").symlink_to(root / "source")
    os.mkfifo(folder / "pipe")
    (root / "submitted/mallory2").symlink_to(root / "submitted/honest")

    code, out, err = _autograde(root, capsys)

    assert code == 1
    assert "refused: submitted/mallory2: refused: a symbolic link" in out
    assert set(_scores(root, "mallory").values()) == {0.0}  # the honest trainee's log was not read
    assert _scores(root, "honest")["t_single"] == 1.0
    for name in ("responses.jsonl", "keys.ipynb", "passwd", "zero", "data"):
        assert f"mallory/quiz: {name}: a symbolic link, not followed" in err
    assert "mallory/quiz: pipe: not a regular file, ignored" in err
    graded = root / "autograded/mallory/quiz"
    assert sorted(p.name for p in graded.iterdir()) == [
        ".ctcourse-graded.json",
        "lesson.ipynb",
        "timestamp.txt",
    ]
    assert nbgrader_api(root, {}).generate_feedback("quiz")["success"]
    assert "root:x:0:0" not in "".join(p.read_text() for p in (root / "feedback").rglob("*.html"))


def test_oversized_logs_lines_and_notebooks_are_bounded_per_trainee(root, capsys):
    nb, lines = write_submission(root, "long-line", "quiz", RIGHT)
    save_submission(root, "long-line", "quiz", nb, [*lines, _line("t.tf", "x" * 1_000_000)])
    nb, lines = write_submission(root, "big-log", "quiz", RIGHT)
    junk = _line("t.tf", True)
    save_submission(root, "big-log", "quiz", nb, lines + [junk] * 60_000)
    nb, lines = write_submission(root, "big-notebook", "quiz", RIGHT)
    nb.cells[0].source += "x" * 9_000_000
    save_submission(root, "big-notebook", "quiz", nb, lines)
    write_submission(root, "honest", "quiz", RIGHT)

    code, out, err = _autograde(root, capsys)

    assert code == 1
    assert (
        "long-line/quiz: responses log: 1 unreadable line(s) skipped (first: line 4: line of" in err
    )
    assert _scores(root, "long-line")["t_tf"] == 1.0
    assert (
        "big-log/quiz: responses.jsonl: 5.8 MB, over the 4.0 MB limit; only its first part" in err
    )
    assert "failed: big-notebook/quiz: lesson.ipynb: 8.6 MB, over the 8.0 MB limit" in out
    assert {k: _scores(root, "big-notebook")[k] for k in RIGHT_SCORES} == RIGHT_SCORES
    assert {k: _scores(root, "honest")[k] for k in RIGHT_SCORES} == RIGHT_SCORES


def test_a_notebook_nbgrader_rejects_still_brings_its_written_answer_to_the_trainer(root, capsys):
    nb, lines = write_submission(root, "broken", "quiz", RIGHT)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "Consent obtained by deception is irrelevant."
    nb.cells[0].metadata["nbgrader"] = {}
    save_submission(root, "broken", "quiz", nb, lines)

    code, out, err = _autograde(root, capsys)

    reflection = dump(root)["grades"]["broken/quiz/t_reflection"]
    assert reflection[2] is True, (out, err)  # needs manual grading
    graded = nbformat.read(root / "autograded/broken/quiz/lesson.ipynb", as_version=4)
    assert any("deception is irrelevant" in c.source for c in graded.cells)
    scores = _scores(root, "broken")
    assert {k: scores[k] for k in RIGHT_SCORES} == RIGHT_SCORES
    assert code == 1 and "failed: broken/quiz:" in out


def test_report_reads_trainee_folders_by_the_same_rules_as_autograde(root, capsys, tmp_path):
    """``ctcourse report`` reads ``autograded/`` and ``submitted/``: a FIFO does not hang it, a
    link (to /dev/zero, to a classmate's log) is never followed, and a log of junk is one line
    naming its trainee and module, not a page per junk line."""
    for student in ("honest", "mallory", "piper", "zed", "junk"):
        write_submission(root, student, "quiz", RIGHT if student == "honest" else {})
    code, out, err = _autograde(root, capsys)
    assert code == 0, out + err
    for folder in ("submitted", "autograded"):
        base = root / folder
        honest_log = base / "honest/quiz/responses.jsonl"
        for student, plant in (
            ("mallory", lambda p, h=honest_log: p.symlink_to(h)),
            ("piper", os.mkfifo),
            ("zed", lambda p: p.symlink_to("/dev/zero")),
            ("junk", lambda p: p.write_text("".join(f"junk {n:07}\n" for n in range(300_000)))),
        ):
            log = base / student / "quiz" / "responses.jsonl"
            log.unlink(missing_ok=True)
            plant(log)

    code = main(["report", "--root", str(root), "--out", str(tmp_path / "report")])
    captured = capsys.readouterr()

    assert code == 0, captured.out + captured.err
    html = (tmp_path / "report" / "report.html").read_text("utf-8")
    assert "mallory/quiz: responses.jsonl: a symbolic link, not followed" in html
    assert "zed/quiz: responses.jsonl: a symbolic link, not followed" in html
    assert "piper/quiz: responses.jsonl: not a regular file, ignored" in html
    assert html.count("junk/quiz") == 1, "one line for the junk log"
    assert "junk/quiz: responses log: 300000 unreadable line(s) skipped" in html
    logs, _ = read_logs(root, ["quiz"], ["honest", "mallory", "piper", "zed", "junk"])
    assert logs[("honest", "quiz")].events and not logs[("mallory", "quiz")].events
    sizes = sum(p.stat().st_size for p in (tmp_path / "report").iterdir())
    assert sizes < 2_000_000, f"the report grew to {sizes:,} bytes"


def test_look_alike_trainee_folders_are_refused_at_autograde(root, capsys):
    """Cyrillic-only ids are trainees; an id with one Cyrillic letter among Latin ones, or a
    Cyrillic id that renders like a Latin one already there, is not another trainee."""
    for student in ("anna", "\u0430nna", "оксана", "opac", "орас"):
        write_submission(root, student, "quiz", RIGHT)

    code, out, _ = _autograde(root, capsys)

    assert code == 1
    assert set(dump(root)["students"]) == {"anna", "оксана"}
    assert "submitted/\u0430nna: refused: it mixes letters of several scripts" in out
    assert "submitted/opac: refused: looks like 'орас'; rename one folder" in out
    assert "submitted/орас: refused: looks like 'opac'; rename one folder" in out
