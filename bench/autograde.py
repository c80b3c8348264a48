"""Benchmark: plain ``nbgrader autograde`` against ``ctcourse autograde`` on one simulated cohort,
and out-of-kernel quiz scoring alone on 40 and 10,000 simulated submissions.

Run ``python bench/autograde.py [--students 40] [--jobs N]``; it prints seconds and ratios and
checks that every way of grading gives identical quiz scores. No assertion on time.
A second part times a module with code to run (kernel path, parallel processes) the same way,
with every kernel in ctcourse's sandbox when run as root (``--unsafe`` otherwise, and said so).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from nbgrader.api import Gradebook

from ctcourse.authoring.release import release
from ctcourse.course import load_course
from ctcourse.grading.answers import load_keys
from ctcourse.grading.autograde import quiz_scores
from ctcourse.grading.sandbox import Limits, probe, unavailable
from ctcourse.grading.simulation.cohort import simulate, simulated_logs
from ctcourse.grading.submissions import find_submissions
from ctcourse.quiz.reader import read_module

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "autograde"
BIN = str(Path(sys.executable).parent)


def _course() -> tuple[Path, str]:
    """The consent module of this repository if it exists, else the test sample course."""
    shutil.rmtree(OUT, ignore_errors=True)
    if (REPO / "source" / "consent").is_dir():
        (OUT / "course").mkdir(parents=True)
        for name in ("course.yml", "nbgrader_config.py"):
            shutil.copy(REPO / name, OUT / "course" / name)
        shutil.copytree(REPO / "source", OUT / "course" / "source")
        return OUT / "course", "consent"
    sys.path.insert(0, str(REPO / "tests"))
    from coursefactory import make_course, sample_notebook

    make_course(OUT / "course", {"quiz": {"quiz": sample_notebook()}})
    return OUT / "course", "quiz"


def _timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": BIN + os.pathsep + os.environ.get("PATH", "")}
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=False, capture_output=True)
    return time.perf_counter() - start


def _gradebook_quiz(root: Path, course_id: str, module: str, gids: set[str]) -> dict:
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id) as gb:
        return {
            (s.student.id, g.name): g.score
            for s in gb.find_assignment(module).submissions
            for nb in s.notebooks
            for g in nb.grades
            if g.name in gids
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    os.environ["PATH"] = BIN + os.pathsep + os.environ.get("PATH", "")
    root, module = _course()
    course = load_course(root)
    release(course, [module])
    simulate(course, args.students, seed=1, modules=[module], tampered=2)
    plain = shutil.copytree(course.root, course.root.with_name("plain"))

    t_plain = _timed([f"{BIN}/nbgrader", "autograde", module], plain)
    t_ours = _timed([f"{BIN}/ctcourse", "autograde", module, "--jobs", str(args.jobs)], course.root)

    keys = load_keys(course, module)
    subs = find_submissions(course, [module]).submissions
    start = time.perf_counter()
    ours_only = {
        (s.student, gid): pts for s in subs for (_, gid), pts in quiz_scores(keys, s.log()).items()
    }
    t_score_40 = time.perf_counter() - start
    items = [i for nq in read_module(course, module) for i in nq.items]
    logs = simulated_logs(items, 10_000, seed=2)
    start = time.perf_counter()
    for log in logs:
        quiz_scores(keys, log)
    t_score_10k = time.perf_counter() - start

    gids = {i.question.grade_id for i in keys.items()}
    honest = ours_only
    in_gradebook = _gradebook_quiz(course.root, course.id, module, gids)
    in_plain = _gradebook_quiz(plain, course.id, module, gids)
    tampered = set(json.loads((course.root / "submitted/.simulation.json").read_text())["tampered"])
    plain_honest = {k: v for k, v in in_plain.items() if k[0] not in tampered}
    print(f"module {module}, {len(subs)} submissions ({len(tampered)} tampered), {args.jobs} jobs")
    print(f"plain nbgrader autograde     {t_plain:8.2f} s")
    print(f"ctcourse autograde           {t_ours:8.2f} s   ratio {t_plain / t_ours:6.1f}x")
    print(
        f"quiz scoring only, {len(subs)}      {t_score_40:8.4f} s   ratio {t_plain / t_score_40:6.0f}x"
    )
    print(f"quiz scoring only, 10,000    {t_score_10k:8.2f} s")
    print(f"ctcourse gradebook == out-of-kernel scores: {in_gradebook == honest}")
    print(
        "plain nbgrader == out-of-kernel on honest submissions: "
        f"{plain_honest == {k: v for k, v in honest.items() if k[0] not in tampered}}"
    )
    forged = {k: v for k, v in in_plain.items() if k[0] in tampered and v != honest[k]}
    print(f"quiz grades plain nbgrader got wrong (forged) on tampered submissions: {len(forged)}")


def kernel_path(students: int, jobs: int) -> None:
    """Plain nbgrader against ctcourse on a module whose notebook has code to execute."""
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "grading")]
    from cohort import released_course

    root = released_course(OUT / "kernel")
    course = load_course(root)
    simulate(course, students, seed=3, modules=["code"], tampered=0)
    plain = shutil.copytree(root, root.with_name("kernel-plain"))
    t_plain = _timed([f"{BIN}/nbgrader", "autograde", "code"], plain)
    why = unavailable() or probe(Limits(cpu_seconds=60))  # a sandbox that really starts
    mode = "sandbox on" if why is None else f"--unsafe, no sandbox: {why}"
    print(f"kernel path: module with code, {students} submissions ({mode})")
    print(f"plain nbgrader autograde     {t_plain:8.2f} s")
    for n in (jobs, jobs + 1):  # kernels spend part of their start-up waiting, so one more helps
        command = [f"{BIN}/ctcourse", "autograde", "code", "--force", "--jobs", str(n)]
        command += [] if why is None else ["--unsafe"]
        t_ours = _timed(command, root)
        print(f"ctcourse autograde, {n} jobs   {t_ours:8.2f} s   ratio {t_plain / t_ours:6.1f}x")
    same = _code_scores(root, course.id) == _code_scores(plain, course.id)
    print(f"code test scores equal plain nbgrader's: {same}")


def _code_scores(root: Path, course_id: str) -> dict:
    """Every code test cell's score (the code module's grade cells that are not quiz keys)."""
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", course_id) as gb:
        return {
            (s.student.id, g.name): g.score
            for s in gb.find_assignment("code").submissions
            for nb in s.notebooks
            for g in nb.grades
            if not g.name.startswith("k_")
        }


if __name__ == "__main__":
    main()
    kernel_path(40, os.cpu_count() or 1)
