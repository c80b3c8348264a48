"""Benchmark: N trainees on a real training-centre hub, all fetching and submitting at once.

Run as root: ``python bench/hub.py [--trainees 20] [--kernels 5]``. It starts a hub exactly as
``make hub`` does (own folder under /tmp, free loopback ports, real Unix accounts that it removes
afterwards), creates the trainees and starts their servers through the REST API all at once,
then has every trainee press Fetch and, after answering, Submit in their Assignment List at the
same moment. It prints spawn times, p50/p95 of fetch and submit against the baseline "one
trainee alone on the same hub", p50/p95 from *Submit* to *feedback ready* through the hub's own
grading service (the module's feedback released for *Fetch Feedback*, read from the service's
journal), memory per server (idle, and with a lesson kernel running), and the number of
submissions collected, which must equal N. No assertion on time.
"""

from __future__ import annotations

import argparse
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
from ctcourse.quiz.responses import LOG_NAME, Event, now  # noqa: E402

MODULE = "consent"
MIB = 1024 * 1024
#: How long to wait for the grading service to release every trainee's feedback.
READY_LIMIT = 900.0


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call, *args) -> tuple[float, object]:
    started = time.monotonic()
    result = call(*args)
    return time.monotonic() - started, result


def fetch_and_submit(server: ServerClient, course_id: str) -> tuple[float, float, float]:
    """Fetch, answer one graded question, submit; the seconds of fetch and of submit, and the
    moment (``time.monotonic``) the Submit was pressed."""
    fetch_s, listing = timed(server.act, "fetch", course_id, MODULE)
    assert any(a["status"] == "fetched" for a in listing["value"]), listing
    answer = Event("consent.under-threat", "b", "graded", 1, now()).to_json() + "\n"
    server.put_text(f"{MODULE}/{LOG_NAME}", answer)
    pressed = time.monotonic()
    submit_s, result = timed(server.act, "submit", course_id, MODULE)
    assert result["success"], result
    return fetch_s, submit_s, pressed


def feedback_ready(course_root: Path, pressed: dict[str, float], limit: float) -> dict[str, float]:
    """Seconds from each trainee's Submit until the grading service released their feedback
    (polled from its journal every 0.2 s, for at most ``limit`` seconds)."""
    ready: dict[str, float] = {}
    deadline = time.monotonic() + limit
    while len(ready) < len(pressed) and time.monotonic() < deadline:
        now_s = time.monotonic()
        for event in all_events(course_root):
            name = event.key.trainee
            if event.state == "released" and event.key.module == MODULE and name in pressed:
                ready.setdefault(name, now_s - pressed[name])
        time.sleep(0.2)
    return ready


def rss_of(uid: int) -> int:
    """Resident memory of every process of one account (its server and kernels)."""
    total = 0
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and owner_uid(proc) == uid:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def run(hub_server: HubServer, trainees: int, kernels: int) -> None:
    import pwd

    hub = Hub(hub_server.url, hub_server.token)
    course_id = load_course(hub_server.layout.course).id
    names = [hub_server.name(f"t{i:03d}") for i in range(trainees)]
    hub.api("POST", "/users", json={"usernames": names})

    # Baseline: one trainee alone.
    solo_spawn = hub.start_server(names[0])
    solo = fetch_and_submit(hub.server(names[0]), course_id)

    with ThreadPoolExecutor(max_workers=trainees) as pool:
        started = time.monotonic()
        spawns = list(pool.map(hub.start_server, names[1:]))
        all_ready = time.monotonic() - started
        servers = list(pool.map(hub.server, names[1:]))
        results = list(pool.map(lambda s: fetch_and_submit(s, course_id), servers))
    fetches, submits = [r[0] for r in results], [r[1] for r in results]
    # The peak's trainees only: the baseline trainee's feedback came while the others spawned.
    pressed = dict(zip(names[1:], (r[2] for r in results), strict=True))
    ready = feedback_ready(hub_server.layout.course, pressed, READY_LIMIT)

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

    n = trainees - 1
    print(f"hub.py: {trainees} trainees (1 alone as the baseline, then {n} at once)")
    print(f"  spawn, alone            {solo_spawn:6.2f} s")
    print(
        f"  spawn, {n} at once       p50 {pct(spawns, 0.5):6.2f} s  p95 {pct(spawns, 0.95):6.2f} s"
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
    if ready:
        waits = list(ready.values())
        print(
            f"  Submit → feedback ready, {n} at once  p50 {pct(waits, 0.5):6.2f} s  p95 {pct(waits, 0.95):6.2f} s"
            f"  max {max(waits):6.2f} s  ({len(ready)} of {n} within {READY_LIMIT:.0f} s)"
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
    print(
        f"  submissions collected   {len(submitted)} of {trainees}"
        + ("  (nothing lost)" if len(submitted) == trainees else "  ** LOST SUBMISSIONS **")
    )
    if len(submitted) != trainees:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=20)
    parser.add_argument("--kernels", type=int, default=5, help="servers measured with a kernel")
    args = parser.parse_args()
    reason = why_not()
    if reason:
        sys.exit(f"bench/hub.py: cannot run a hub here: {reason}")
    hub_server = HubServer(CTCOURSE_IDLE_TIMEOUT="36000")
    try:
        hub_server.start()
        run(hub_server, max(2, args.trainees), args.kernels)
    finally:
        hub_server.stop()


if __name__ == "__main__":
    main()
