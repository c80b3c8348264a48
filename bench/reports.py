"""Benchmark: ``ctcourse report`` and ``ctcourse export`` for 10,000 trainees × every module.

Run ``python bench/reports.py [--trainees 10000] [--baseline 1000]``. It copies this
repository's course (adding the report tests' simulated ``entry-test`` and ``final-test``
when the course has none yet), releases it through nbgrader, fills the gradebook in bulk with
a simulated cohort (2PL answers scored by ctcourse's own scoring) and writes every trainee's
responses log. Then it times the whole report (read, analyse, charts, HTML, CSVs) and prints
wall time and peak memory (RSS of a fresh process that only builds the report) and the SQL
statements issued, and then the same for both exports (the scores CSV and Moodle's CSV).
Baseline: reading the same grades the way ``ctcourse export`` did before it read in one pass,
through nbgrader's Gradebook API one trainee and module at a time, on ``--baseline`` trainees,
extrapolated linearly. No assertion on time.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import yaml
from nbgrader.api import (
    Assignment,
    Gradebook,
    GradeCell,
    Notebook,
    Student,
    SubmittedAssignment,
    SubmittedNotebook,
)
from nbgrader.api import Grade as GradeRow
from sqlalchemy import event, insert, select
from sqlalchemy.engine import Engine

from ctcourse.authoring.release import release
from ctcourse.course import load_course
from ctcourse.grading.answers import load_keys
from ctcourse.grading.export import EXPORTS
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import ensure_tools_on_path
from ctcourse.quiz.responses import LOG_NAME, Event
from ctcourse.quiz.scoring import score
from ctcourse.reports.build import analyse, write_report
from ctcourse.reports.gain import ENTRY_TEST, FINAL_TEST
from ctcourse.reports.simcohort import START, answer, item_models

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "reports"


def _course() -> Path:
    """This repository's course, plus simulated entry and final tests if it has none."""
    shutil.rmtree(OUT, ignore_errors=True)
    root = OUT / "course"
    root.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "source", root / "source")
    manifest = yaml.safe_load((REPO / "course.yml").read_text(encoding="utf-8"))
    ids = {m["id"] for m in manifest["modules"]}
    if not {ENTRY_TEST, FINAL_TEST} <= ids:
        sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "reports")]
        from reportcourse import report_course

        report_course(OUT / "tests-course")
        for module in (ENTRY_TEST, FINAL_TEST):
            shutil.copytree(OUT / "tests-course" / "source" / module, root / "source" / module)
        entry, final = ({"id": m, "title": m, "minutes": 20} for m in (ENTRY_TEST, FINAL_TEST))
        manifest["modules"] = [entry, *manifest["modules"], final]
    (root / "course.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True), "utf-8")
    release(load_course(root))
    return root


def _fill(root: Path, trainees: int, seed: int) -> None:
    """Bulk-insert a simulated cohort into the gradebook and write every responses log."""
    course = load_course(root)
    rng = random.Random(seed)
    ids = [f"sim-{i:05d}" for i in range(1, trainees + 1)]
    thetas = {s: rng.gauss(0, 1) for s in ids}
    rows: dict[type, list[dict]] = {SubmittedAssignment: [], SubmittedNotebook: [], GradeRow: []}
    with Gradebook(gradebook_url(root, {}), course.id) as gb:
        session = gb.db
        session.execute(insert(Student), [{"id": s} for s in ids])
        for day, module in enumerate(course.modules):
            items = load_keys(course, module.id).items()
            models = item_models(items, rng)
            assignment = session.scalar(select(Assignment.id).where(Assignment.name == module.id))
            cells = session.execute(
                select(Notebook.id, GradeCell.id, GradeCell.name, GradeCell.max_score)
                .join(GradeCell, GradeCell.notebook_id == Notebook.id)
                .where(Notebook.assignment_id == assignment)
            ).all()
            by_grade_id = {i.question.grade_id: i for i in items}
            for n, student in enumerate(ids):
                gain = 1.0 if module.id == FINAL_TEST else 0.0
                answers = {
                    i.question.id: answer(i, models[i.question.id], thetas[student] + gain, rng)
                    for i in items
                }
                when = START + timedelta(days=day, seconds=20 * n)
                sub_id = uuid.uuid4().hex
                rows[SubmittedAssignment].append(
                    {"id": sub_id, "assignment_id": assignment, "student_id": student,
                     "timestamp": when.replace(tzinfo=None)}
                )  # fmt: skip
                notebooks: dict[str, str] = {}
                for notebook_id, cell_id, name, max_score in cells:
                    if notebook_id not in notebooks:
                        notebooks[notebook_id] = uuid.uuid4().hex
                        rows[SubmittedNotebook].append(
                            {"id": notebooks[notebook_id], "assignment_id": sub_id,
                             "notebook_id": notebook_id}
                        )  # fmt: skip
                    item = by_grade_id.get(name)
                    auto = (
                        score(item.question, item.key, answers[item.question.id]).points
                        if item is not None
                        else None
                    )
                    manual = None if item is not None else round(rng.uniform(0, max_score), 1)
                    rows[GradeRow].append(
                        {"id": uuid.uuid4().hex, "notebook_id": notebooks[notebook_id],
                         "cell_id": cell_id, "auto_score": auto, "manual_score": manual,
                         "needs_manual_grade": False}
                    )  # fmt: skip
                folder = root / "submitted" / student / module.id
                folder.mkdir(parents=True)
                lines = [
                    Event(qid, value, "graded", 1,
                          (when + timedelta(minutes=k)).isoformat().replace("+00:00", "Z")).to_json()
                    for k, (qid, value) in enumerate(answers.items())
                ]  # fmt: skip
                (folder / LOG_NAME).write_text("".join(line + "\n" for line in lines), "utf-8")
        for table, values in rows.items():
            session.execute(insert(table), values)
        session.commit()


class QueryCounter:
    """Counts SQL statements sent by any engine while active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: object) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self)


def _baseline(root: Path, trainees: int) -> tuple[float, int]:
    """Seconds and statements to read ``trainees`` trainees' grades one submission at a time."""
    course = load_course(root)
    with QueryCounter() as queries:
        start = time.perf_counter()
        with Gradebook(gradebook_url(root, {}), course.id) as gb:
            students = sorted(s.id for s in gb.students)[:trainees]
            for student in students:
                for module in course.modules:
                    submission = gb.find_submission(module.id, student)
                    sum(g.score for nb in submission.notebooks for g in nb.grades)
        return time.perf_counter() - start, queries.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    ensure_tools_on_path()
    if args.measure:
        measure(args.measure)
        return
    start = time.perf_counter()
    root = _course()
    _fill(root, args.trainees, args.seed)
    course = load_course(root)
    cells = args.trainees * len(course.modules)
    print(f"course: {len(course.modules)} modules ({', '.join(m.id for m in course.modules)})")
    print(
        f"setup: {args.trainees:,} trainees, {cells:,} submissions in {time.perf_counter() - start:.1f} s"
    )

    measured = subprocess.run(
        [sys.executable, __file__, "--measure", str(root)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    seconds, peak, statements, html_mib, csvs = (
        float(measured[0]),
        int(measured[1]),
        int(measured[2]),
        float(measured[3]),
        int(measured[4]),
    )
    exports = [_time_export(root, name) for name in EXPORTS]
    print(
        f"ctcourse report: {seconds:.1f} s, peak memory (RSS of the report process) "
        f"{peak / 2**10:.0f} MiB, {statements} SQL statements (including nbgrader opening the "
        f"gradebook), {html_mib:.1f} MiB HTML + {csvs} CSVs"
    )
    base_seconds, base_queries = _baseline(root, args.baseline)
    scale = args.trainees / args.baseline
    print(
        f"baseline, per-trainee Gradebook API loop (as ctcourse export) on {args.baseline:,} "
        f"trainees: {base_seconds:.1f} s, {base_queries:,} statements; extrapolated to "
        f"{args.trainees:,}: {base_seconds * scale:.0f} s, {base_queries * scale:,.0f} statements"
    )
    print(
        f"ratio: the whole report takes {seconds / (base_seconds * scale):.3f}× the baseline's "
        f"time just to read the grades, with {statements / (base_queries * scale):.5f}× "
        "its statements"
    )
    for name, export_seconds, export_statements, rows in exports:
        print(
            f"ctcourse export --format {name}: {export_seconds:.1f} s, {export_statements} SQL "
            f"statements, {rows:,} rows; {export_seconds / (base_seconds * scale):.4f}× the "
            f"baseline's time ({base_seconds * scale / export_seconds:.0f} times faster)"
        )


def _time_export(root: Path, name: str) -> tuple[str, float, int, int]:
    """Seconds, statements and rows of one export of the whole cohort, as the command runs it."""
    course = load_course(root)
    with QueryCounter() as queries:
        start = time.perf_counter()
        rows = EXPORTS[name](course, OUT / f"export-{name}.csv")
        seconds = time.perf_counter() - start
    return name, seconds, queries.count, rows


def measure(root: Path) -> None:
    """In a fresh process: time the report; print seconds, peak RSS (KiB), statements, sizes."""
    course = load_course(root)
    with QueryCounter() as queries:
        start = time.perf_counter()
        files = write_report(analyse(course), OUT / "report")
        seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(seconds, peak, queries.count, files.html.stat().st_size / 2**20, len(files.csvs))


if __name__ == "__main__":
    main()
