"""Benchmark: a deadline peak for the grading service. N trainees (default 100) submit a quiz
module and the module with code within a window (default 120 s); the service collects, grades
and returns each as it comes.

Run as root (code modules are graded in the sandbox): ``python bench/grading.py [--trainees
100] [--window 120] [--jobs 2]``. It copies this course into a temporary folder, releases and
publishes ``consent`` (quiz only) and ``who-is-at-risk`` (a kernel per submission) with feedback
``on-grading``, fetches them for every trainee with nbgrader's own code, starts the service as
``make run`` does (a lane for quiz modules and one for code modules), then submits at random moments of the window (nbgrader's ExchangeSubmit, the
Assignment List's *Submit*) and watches the service's journal. It prints, per module, p50/p95/max
seconds from *Submit* to *feedback ready* (the feedback released to the exchange), and checks
that every submission was returned exactly once. No assertion on time. Loopback only: no
network at all.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "autograder_service"))
sys.path.insert(0, str(REPO / "tests" / "grading"))
sys.path.insert(0, str(REPO / "tests"))

from servicecourse import fetch_answer_submit  # noqa: E402

from ctcourse.authoring.release import release  # noqa: E402
from ctcourse.autograder_service.journal import all_events  # noqa: E402
from ctcourse.course import load_course  # noqa: E402
from ctcourse.nbgrader_tools import nbgrader_api  # noqa: E402
from ctcourse.quiz.reader import read_notebook  # noqa: E402

MODULES = ("consent", "who-is-at-risk")


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def course_copy(base: Path) -> Path:
    """This course's manifest, settings and sources, with feedback ``on-grading`` everywhere."""
    root = base / "course"
    root.mkdir()
    manifest = (REPO / "course.yml").read_text("utf-8")
    manifest = manifest.replace("    minutes:", "    feedback: on-grading\n    minutes:")
    (root / "course.yml").write_text(manifest, "utf-8")
    shutil.copy(REPO / "nbgrader_config.py", root)
    shutil.copytree(REPO / "source", root / "source")
    return root


def right_answers(root: Path, module: str) -> dict:
    items = read_notebook(root / "source" / module / f"{module}.ipynb").items
    return {i.question.id: i.key for i in items if i.graded}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--window", type=float, default=120.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--one-lane", dest="lanes", action="store_false", help="one service for every module"
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="ctcourse-bench-grading-"))
    exchange, homes = base / "exchange", base / "homes"
    exchange.mkdir(mode=0o777)
    env = {"CTCOURSE_EXCHANGE": str(exchange)}
    root = course_copy(base)
    course = load_course(root)
    release(course, MODULES)
    api = nbgrader_api(root, env)
    for module in MODULES:
        assert api.release_assignment(module)["success"]
    answers = {m: right_answers(root, m) for m in MODULES}
    names = [f"t{i:03d}" for i in range(args.trainees)]
    for name in names:  # Fetch ahead of the peak (not timed): nbgrader's own fetch
        for module in MODULES:
            fetch_answer_submit(course.id, exchange, homes / name, name, module, {}, None, False)

    log = (base / "service.log").open("wb")
    command = [sys.executable, "-m", "ctcourse.autograder_service", "--root", str(root)]
    command += ["--homes", str(homes), "--interval", "1", "--jobs", str(args.jobs)]
    environ = os.environ | env
    lanes = [["--lane", "quiz"], ["--lane", "code"]] if args.lanes else [["--lane", "all"]]
    services = [
        subprocess.Popen(command + lane, env=environ, stdout=log, stderr=subprocess.STDOUT)
        for lane in lanes
    ]
    try:
        rng = random.Random(1)
        plan = sorted((rng.uniform(0, args.window), n, m) for n in names for m in MODULES)
        submitted: dict[tuple[str, str], float] = {}
        released: dict[tuple[str, str], float] = {}
        start = time.monotonic()
        for at, name, module in plan:
            while time.monotonic() - start < at:
                watch(root, released)
                time.sleep(0.05)
            submitted[(name, module)] = time.monotonic()
            fetch_answer_submit(course.id, exchange, homes / name, name, module, answers[module])
        for _ in range(36000):  # at most an hour after the window
            if len(released) == len(plan) or any(s.poll() is not None for s in services):
                break
            watch(root, released)
            time.sleep(0.1)
    finally:
        for service in services:
            service.terminate()
            service.wait(timeout=120)
    counts = Counter((e.key, e.state) for e in all_events(root))
    print(
        f"{args.trainees} trainees, {len(plan)} submissions in {args.window:.0f} s, --jobs {args.jobs}"
    )
    print(f"returned {len(released)} of {len(plan)}; any step twice: {max(counts.values()) > 1}")
    for module in MODULES:
        waits = [released[k] - submitted[k] for k in released if k[1] == module]
        if waits:
            print(
                f"{module}: Submit → feedback ready p50 {pct(waits, 0.5):.1f} s, "
                f"p95 {pct(waits, 0.95):.1f} s, max {max(waits):.1f} s ({len(waits)} returned)"
            )
    print(f"service log and course: {base}")
    return 0


def watch(root: Path, released: dict[tuple[str, str], float]) -> None:
    """Note when each submission's feedback was first seen released in the journal."""
    now = time.monotonic()
    for event in all_events(root):
        if event.state == "released":
            released.setdefault((event.key.trainee, event.key.module), now)


if __name__ == "__main__":
    sys.exit(main())
