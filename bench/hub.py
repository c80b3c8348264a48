"""Benchmark: N trainees on a real training-centre hub at a deadline peak.

Run as root: ``python bench/hub.py [--trainees 100] [--window 120] [--spawning 10]
[--kernels 5]``. It starts a hub exactly as ``make hub`` does (own folder under /tmp, free
loopback ports, real Unix accounts that it removes afterwards), creates the trainees and starts
their servers through the REST API, ``--spawning`` at a time (99 at once on 2 cores leave some
not ready after two minutes: trainees log in over the minutes before a deadline), has every
trainee press Fetch for ``consent`` (quiz only) and ``who-is-at-risk`` (graded in a sandboxed
kernel), then, answering every graded question right, Submit each
module at a random moment of the window (all within two minutes by default) in their Assignment
List. It prints spawn times, p50/p95 of fetch and submit against the baseline "one trainee
alone on the same hub", per module p50/p95/max from *Submit* to *feedback ready* through the
hub's own grading service (the module's feedback released for *Fetch Feedback*, read from the
service's journal), memory per server (idle, and with a lesson kernel running), and the number
of submissions collected, which must equal the number submitted. No assertion on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from deploy.hubclient import Hub, ServerClient, execute  # noqa: E402
from deploy.hubserver import HubServer, owner_uid, why_not  # noqa: E402

from ctcourse.autograder_service.journal import all_events  # noqa: E402
from ctcourse.course import load_course  # noqa: E402
from ctcourse.hub import memory  # noqa: E402
from ctcourse.quiz.reader import read_notebook  # noqa: E402
from ctcourse.quiz.responses import LOG_NAME, Event, now  # noqa: E402

MODULE = "consent"  # the baseline's module
MODULES = ("consent", "who-is-at-risk")
MIB = 1024 * 1024
#: How long to wait, after the window, for the grading service to release every feedback.
READY_LIMIT = 1800.0


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, *args) -> tuple[float, object]:
    started = time.monotonic()
    result = call(*args)
    return time.monotonic() - started, result


def right_answers(course_root: Path) -> dict[str, str]:
    """Each module's responses log answering every graded question right."""
    logs = {}
    for module in MODULES:
        items = read_notebook(course_root / "source" / module / f"{module}.ipynb").items
        logs[module] = "".join(
            Event(i.question.id, i.key, "graded", 1, now()).to_json() + "\n"
            for i in items
            if i.graded
        )
    return logs


def fetch(server: ServerClient, course_id: str, module: str) -> float:
    """Press Fetch; the seconds it took."""
    fetch_s, listing = timed(server.act, "fetch", course_id, module)
    assert any(a["status"] == "fetched" for a in listing["value"]), listing
    return fetch_s


def submit(server: ServerClient, course_id: str, module: str, log: str) -> tuple[float, float]:
    """Answer and press Submit; the seconds of submit and the moment (``time.monotonic``) the
    Submit was pressed."""
    server.put_text(f"{module}/{LOG_NAME}", log)
    pressed = time.monotonic()
    submit_s, result = timed(server.act, "submit", course_id, module)
    assert result["success"], result
    return submit_s, pressed


def at_moment(start: float, at: float, call, *args):
    """``call(*args)`` once ``at`` seconds have passed since ``start``."""
    time.sleep(max(0.0, start + at - time.monotonic()))
    return call(*args)


def watch_releases(
    course_root: Path, wanted: set[tuple[str, str]], released: dict, limit: float
) -> None:
    """Note the moment (``time.monotonic``) each wanted (trainee, module) feedback is first seen
    released in the grading service's journal (polled every 0.2 s), until all are or ``limit``
    seconds have passed. Runs beside the peak, so a release is timed when it happens."""
    deadline = time.monotonic() + limit
    while len(released) < len(wanted) and time.monotonic() < deadline:
        now_s = time.monotonic()
        for event in all_events(course_root):
            key = (event.key.trainee, event.key.module)
            if event.state == "released" and key in wanted:
                released.setdefault(key, now_s)
        time.sleep(0.2)


def rss_of(uid: int) -> int:
    """Resident memory of every process of one account (its server and kernels)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and owner_uid(proc) == uid:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def run(hub_server: HubServer, trainees: int, kernels: int, window: float, spawning: int) -> None:
    import pwd

    hub = Hub(hub_server.url, hub_server.token)
    course_id = load_course(hub_server.layout.course).id
    logs = right_answers(hub_server.layout.course)
    names = [hub_server.name(f"t{i:03d}") for i in range(trainees)]
    hub.api("POST", "/users", json={"usernames": names})

    # Baseline: one trainee alone.
    solo_spawn = hub.start_server(names[0])
    solo_server = hub.server(names[0])
    solo = (fetch(solo_server, course_id, MODULE), *submit(solo_server, course_id, MODULE, ""))

    rng = random.Random(1)
    plan = sorted((rng.uniform(0, window), n, m) for n in range(1, trainees) for m in MODULES)
    with ThreadPoolExecutor(max_workers=spawning) as arriving:  # trainees log in over minutes
        started = time.monotonic()
        spawns = list(arriving.map(hub.start_server, names[1:]))
        all_ready = time.monotonic() - started
    released: dict[tuple[str, str], float] = {}
    with ThreadPoolExecutor(max_workers=trainees + 1) as pool:
        servers = list(pool.map(hub.server, names[1:]))
        fetches = list(pool.map(lambda s: [fetch(s, course_id, m) for m in MODULES], servers))
        fetches = [f for pair in fetches for f in pair]
        start = time.monotonic()
        watcher = pool.submit(
            watch_releases,
            hub_server.layout.course,
            {(names[n], m) for _, n, m in plan},
            released,
            window + READY_LIMIT,
        )
        peak = [
            pool.submit(at_moment, start, at, submit, servers[n - 1], course_id, m, logs[m])
            for at, n, m in plan
        ]
        results = [f.result() for f in peak]
        pressed = {(names[n], m): r[1] for (_, n, m), r in zip(plan, results, strict=True)}
        watcher.result()
    submits = [r[0] for r in results]
    # The peak's submissions only: the baseline trainee's feedback came while the others spawned.
    ready = {key: released[key] - pressed[key] for key in pressed if key in released}

    idle = [rss_of(pwd.getpwnam(n).pw_uid) for n in names]
    groups = memory.detect()
    cgroup = [groups.usage(n) for n in names] if groups else []
    with_kernel = []
    for name, server in zip(names[1 : 1 + kernels], servers, strict=False):
        kernel = server.request("POST", "/api/kernels", json={"name": "python3"}).json()["id"]
        ws_base = server.base.replace("http", "ws", 1)
        execute(ws_base, kernel, server.token, "import ctcourse.quiz.notebook as quiz", 120)
        with_kernel.append(rss_of(pwd.getpwnam(name).pw_uid))
        server.request("DELETE", f"/api/kernels/{kernel}")

    grader = hub_server.layout.grader_user
    hub.start_server(grader)
    trainer = ServerClient(
        f"{hub_server.url}/user/{grader}", hub.user_token(hub_server.name("trainer"))
    )
    collect_s, collected = timed(
        trainer.request, "POST", f"/formgrader/api/assignment/{MODULE}/collect"
    )
    assert collected.json()["success"], collected.text[:500]
    submitted = sorted(p.name for p in (hub_server.layout.course / "submitted").iterdir())
    expected = sorted(names)

    n = trainees - 1
    print(
        f"hub.py: {trainees} trainees (1 alone as the baseline, then {n} at once; "
        f"{len(plan)} submissions of {', '.join(MODULES)} within {window:.0f} s)"
    )
    print(f"  spawn, alone            {solo_spawn:6.2f} s")
    print(
        f"  spawn, {n} ({spawning} at a time)  p50 {pct(spawns, 0.5):6.2f} s  p95 {pct(spawns, 0.95):6.2f} s"
        f"  all ready after {all_ready:6.2f} s  ({pct(spawns, 0.5) / solo_spawn:.1f}x alone)"
    )
    print(f"  fetch, alone            {solo[0]:6.3f} s")
    print(
        f"  fetch, {n} at once       p50 {pct(fetches, 0.5):6.3f} s  p95 {pct(fetches, 0.95):6.3f} s"
        f"  ({pct(fetches, 0.5) / solo[0]:.1f}x alone)"
    )
    print(f"  submit, alone           {solo[1]:6.3f} s")
    print(
        f"  submit, {n} at once      p50 {pct(submits, 0.5):6.3f} s  p95 {pct(submits, 0.95):6.3f} s"
        f"  ({pct(submits, 0.5) / solo[1]:.1f}x alone)"
    )
    for module in MODULES:
        waits = [s for (_, m), s in ready.items() if m == module]
        if waits:
            print(
                f"  Submit → feedback ready, {module}  p50 {pct(waits, 0.5):6.2f} s"
                f"  p95 {pct(waits, 0.95):6.2f} s  max {max(waits):6.2f} s"
                f"  ({len(waits)} of {n} within {READY_LIMIT:.0f} s of the window)"
            )
    print(
        f"  memory per idle server  RSS median {statistics.median(idle) / MIB:6.1f} MiB,"
        f" max {max(idle) / MIB:6.1f} MiB"
        + (f"; cgroup median {statistics.median(cgroup) / MIB:6.1f} MiB" if cgroup else "")
    )
    if with_kernel:
        print(
            f"  memory with a lesson kernel (ctcourse.quiz loaded)  RSS median {statistics.median(with_kernel) / MIB:6.1f} MiB"
            f" ({len(with_kernel)} servers)"
        )
    print(f"  collect                 {collect_s:6.2f} s")
    lost = len(ready) != len(plan) or submitted != expected
    print(
        f"  trainees with a submission collected   {len(submitted)} of {trainees}; "
        f"feedback ready {len(ready)} of {len(plan)}"
        + ("  ** LOST SUBMISSIONS **" if lost else "  (nothing lost)")
    )
    if lost:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--window", type=float, default=120.0, help="seconds of the peak")
    parser.add_argument(
        "--spawning", type=int, default=10, help="servers starting at a time before the peak"
    )
    parser.add_argument("--kernels", type=int, default=5, help="servers measured with a kernel")
    args = parser.parse_args()
    reason = why_not()
    if reason:
        sys.exit(f"bench/hub.py: cannot run a hub here: {reason}")
    hub_server = HubServer(CTCOURSE_IDLE_TIMEOUT="36000")
    try:
        hub_server.start()
        run(hub_server, max(2, args.trainees), args.kernels, args.window, args.spawning)
    finally:
        hub_server.stop()


if __name__ == "__main__":
    main()
