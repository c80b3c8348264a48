"""The service's steps, each on the real course: find new submissions, collect, grade, return.

Collection goes through nbgrader's collect as the course configures it
(``ExchangeFactory.collect``: the strict collector), grading through ``ctcourse autograde``
(quiz answers scored outside the kernel, code in the sandbox), feedback through nbgrader's
``generate_feedback`` and ``release_feedback``. Each step only reports what happened as queue
events; the service records them.
"""

from __future__ import annotations

import glob
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from jupyter_core.paths import jupyter_config_path
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.apps import NbGraderAPI
from nbgrader.utils import temp_attrs
from traitlets.config import Config, PyFileConfigLoader

from ctcourse.autograder_service.overrides import RETURNED_EARLY, covers, returned_now
from ctcourse.autograder_service.policy import FeedbackPolicy
from ctcourse.autograder_service.queue import (
    COLLECTED,
    FAILED,
    GRADED,
    REFUSED,
    RELEASED,
    SUBMITTED,
    WAITING,
    Event,
    Key,
    Queue,
    collected_events,
)
from ctcourse.course import Course
from ctcourse.grading.autograde import MARKER, autograde
from ctcourse.grading.collect import TIMESTAMP_FORMAT, changed_at
from ctcourse.grading.grader import failure_cause
from ctcourse.grading.submissions import SUBMITTED as SUBMITTED_DIR
from ctcourse.grading.submissions import id_problem
from ctcourse.nbgrader_settings import gradebook_url
from ctcourse.nbgrader_tools import nbgrader_api

log = logging.getLogger("ctcourse.grading-service")
GONE = "gone from the exchange before it was collected"
#: Feedback pages a process renders at least (fewer: forking and nbgrader's start-up cost more
#: than rendering them in the service's own process).
PAGES_PER_PROCESS = 4
#: How the collector logs a refused folder: ``inbound/NAME: refused: REASON``.
REFUSED_MARK = ": refused: "


def api(course: Course, env: dict[str, str]) -> NbGraderAPI:
    """nbgrader for the course as nbgrader itself is configured here: the course's settings, then
    every ``nbgrader_config.py`` on Jupyter's config path (on a hub, the formgrader's, which
    names its collector), as ``nbgrader`` and formgrader load them."""
    extra = Config()
    for folder in reversed(jupyter_config_path()):
        path = Path(folder) / "nbgrader_config.py"
        if path.is_file():
            extra.merge(PyFileConfigLoader(path.name, str(path.parent)).load_config())
    return nbgrader_api(course.root, env, extra)


def inbound_folder(course: Course, env: dict[str, str]) -> Path:
    """The exchange's ``inbound/`` of this course, as the course's nbgrader settings name it."""
    return Path(api(course, env).config.Exchange.root) / course.id / "inbound"


def parse_inbound(name: str, modules: Sequence[str]) -> Key | None:
    """The key of an inbound folder ``trainee+module+timestamp[+random]``, or None."""
    parts = name.split("+")
    if len(parts) not in (3, 4) or parts[1] not in modules or id_problem(parts[0]):
        return None
    return Key(parts[0], parts[1], parts[2])


def scan(inbound: Path, modules: Sequence[str]) -> list[Event]:
    """A ``submitted`` event for every submission waiting in the exchange."""
    try:
        names = os.listdir(inbound)
    except FileNotFoundError:
        return []
    keys = {k for n in names if (k := parse_inbound(n, modules)) is not None}
    return [Event(k, SUBMITTED) for k in sorted(keys)]


def _collected_timestamp(course: Course, trainee: str, module: str) -> str | None:
    try:
        path = course.root / SUBMITTED_DIR / trainee / module / "timestamp.txt"
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _seen_at(inbound: Path, key: Key) -> str | None:
    """The time the collector gives a submission still in the exchange (the last change of its
    folder, as it writes it into ``submitted/``), or None when it is gone or unreadable."""
    for folder in inbound.glob(f"{glob.escape(str(key))}*"):
        try:
            return changed_at(folder).strftime(TIMESTAMP_FORMAT)
        except OSError:
            return None
    return None


def refusals(text: str) -> dict[str, str]:
    """``{inbound folder name: the collector's reason}`` from the collector's log, one line each
    (``inbound/NAME: refused: REASON``, as :class:`~ctcourse.grading.collect.CourseCollect`
    writes it)."""
    found = {}
    for line in text.splitlines():
        head, sep, reason = line.partition(REFUSED_MARK)
        if sep and "inbound/" in head:
            found[head.split("inbound/", 1)[1]] = reason.strip()
    return found


def _refused_keys(keys: Sequence[Key], text: str) -> dict[Key, str]:
    """The keys whose exchange folder the collector refused (its log ``text``), with its reason."""
    by_folder = refusals(text)
    found = {}
    for name, reason in by_folder.items():
        for key in keys:
            if name.startswith(f"{key}+") or name == str(key):
                found[key] = reason
    return found


def collect(course: Course, env: dict[str, str], queue: Queue, module: str) -> list[Event]:
    """Collect the new submissions of one module with the configured collector, trainee by
    trainee, so a pass copies and checks only the folders of trainees who submitted since,
    never the whole module again (nor a refused folder of someone else).

    A folder the collector refuses becomes ``refused`` with the collector's reason (final: it is
    never collected again); one gone from the exchange ``failed``; one neither collected nor
    refused (still being written, say) stays ``submitted`` and is looked at on the next pass."""
    waiting = [k for k in queue.in_state(SUBMITTED) if k.module == module]
    trainees = list(dict.fromkeys(k.trainee for k in waiting))
    nbgrader, inbound = api(course, env), inbound_folder(course, env)
    events = []
    for trainee in trainees:
        with temp_attrs(nbgrader.coursedir, student_id=trainee):
            result = nbgrader.collect(module)
        if not result["success"]:
            log.error("%s/%s: collect failed: %s", trainee, module, failure_cause(result))
            continue
        keys = [k for k in waiting if k.trainee == trainee]
        events += _collected(course, queue, inbound, keys, result.get("log", ""))
    return events


def _collected(
    course: Course, queue: Queue, inbound: Path, keys: Sequence[Key], log_text: str
) -> list[Event]:
    """Events for one trainee's waiting submissions of a module after the collector ran."""
    trainee, module = keys[0].trainee, keys[0].module
    refused = _refused_keys(keys, log_text)
    stamp = _collected_timestamp(course, trainee, module)
    found = {(trainee, module): stamp} if stamp else {}
    # Older submissions of the same trainee not yet returned are replaced by the new one.
    older = [
        k
        for k in queue.in_state(COLLECTED, WAITING, GRADED)
        if (k.trainee, k.module) in found and k not in keys
    ]
    seen = {
        k: at
        for k in [*keys, *older]
        if k not in refused and (at := _seen_at(inbound, k)) is not None
    }
    events = [Event(k, REFUSED, reason) for k, reason in refused.items()]
    events += collected_events(queue, [*keys, *older], found, seen)
    moved = {e.key for e in events}
    gone = [k for k in keys if k not in moved and not _in_exchange(inbound, k)]
    return events + [Event(k, FAILED, GONE) for k in gone]


def _in_exchange(inbound: Path, key: Key) -> bool:
    return any(inbound.glob(f"{glob.escape(str(key))}*"))


def _label_causes(lines: Iterable[str]) -> dict[str, str]:
    return {line.split(": ", 1)[0]: line.split(": ", 1)[-1] for line in lines}


def grade(
    course: Course,
    env: dict[str, str],
    keys: Sequence[Key],
    jobs: int,
    each: Callable[[Event], None] | None = None,
) -> list[Event]:
    """Grade one module's collected submissions with ``ctcourse autograde`` (theirs only, the
    earliest submitted first); ``each`` is handed every ``graded`` event as soon as that submission is graded."""
    module = keys[0].module
    by_label = {f"{k.trainee}/{module}": k for k in keys}
    report = autograde(
        course,
        [module],
        jobs=jobs,
        env=env,
        students=list(dict.fromkeys(k.trainee for k in sorted(keys, key=lambda k: k.timestamp))),
        graded=None if each is None else (lambda label: each(Event(by_label[label], GRADED))),
    )
    done = set(report.graded) | set(report.skipped)
    failed = _label_causes(report.failed)
    refused = " ".join(report.refused)
    events = []
    for key in keys:
        label = f"{key.trainee}/{module}"
        if label in done:
            events.append(Event(key, GRADED))
        elif label in failed:
            events.append(Event(key, FAILED, failed[label]))
        elif module in refused:
            events.append(Event(key, WAITING, refused))
        else:
            events.append(Event(key, FAILED, "not found among the collected submissions"))
    return events


def regrade_trainees(course: Course, module: str) -> list[str]:
    """The trainees with a collected submission of ``module`` (what ``--force`` would grade)."""
    folders = (course.root / SUBMITTED_DIR).glob(f"*/{glob.escape(module)}")
    return sorted(p.parent.name for p in folders if p.is_dir() and not p.is_symlink())


def regrade(
    course: Course,
    env: dict[str, str],
    queue: Queue,
    module: str,
    trainees: Sequence[str],
    policies: dict[str, FeedbackPolicy],
    jobs: int,
) -> list[Key]:
    """Grade the collected submissions of a module of these trainees again (as ``ctcourse
    autograde --force MODULE`` does for all: a key changed in ``source/``) and return again, by
    the policy, the feedback of their latest submissions already returned (they stay released in
    the journal; the ones graded and not returned yet go back by the policy as before). Returns
    the submissions returned again.

    Only these trainees' completion markers go, so autograde grades them again from scratch and
    skips the rest of the module, as after a run cut short: a few trainees at a time, the
    service grades other submissions between two batches."""
    for trainee in trainees:
        marker = course.root / "autograded" / trainee / module / MARKER
        marker.unlink(missing_ok=True)
    report = autograde(course, [module], jobs=jobs, env=env)
    for line in report.failed:
        log.error("%s: regrade failed: %s", module, line)
    latest = [queue.latest(t).get(module) for t in trainees]
    returned = [k for k in latest if k is not None and queue.states[k] == RELEASED]
    again = release_due(course, env, returned, policies, jobs=jobs) if returned else []
    return [e.key for e in again]


def waiting_for_trainer(course: Course, env: dict[str, str], keys: Sequence[Key]) -> set[Key]:
    """The submissions among ``keys`` with a written answer still waiting for a trainer's grade."""
    waiting = set()
    with Gradebook(gradebook_url(course.root, env), course.id) as gb:
        for key in keys:
            try:
                if gb.find_submission(key.module, key.trainee).needs_manual_grade:
                    waiting.add(key)
            except MissingEntry:
                waiting.add(key)
    return waiting


def _generate_some(course: Course, env: dict[str, str], module: str, trainees: set[str]) -> bool:
    """nbgrader's generate_feedback for these trainees of one module, in one run (every other
    graded trainee is excluded), so a peak costs one start-up rather than one per trainee."""
    graded = course.root / "autograded"
    others = [p.name for p in graded.iterdir() if p.name not in trainees] if graded.is_dir() else []
    nbgrader = api(course, env)
    nbgrader.coursedir.student_id_exclude = ",".join(others)
    return bool(nbgrader.generate_feedback(module, None)["success"])


def _generate(
    course: Course, env: dict[str, str], module: str, trainees: set[str], jobs: int = 1
) -> bool:
    """Feedback for these trainees of one module, their pages split over up to ``jobs``
    processes (each one nbgrader run on its share): rendering a page takes a core for a third of a second,
    and a deadline's batch of kernel submissions left one core idle for as long as that took."""
    names = sorted(trainees)
    count = max(1, min(jobs, len(names) // PAGES_PER_PROCESS))
    shares = [set(names[i::count]) for i in range(count)]
    if len(shares) <= 1:
        return _generate_some(course, env, module, trainees)
    # Forked as the grading processes are; a process that dies raises here (the entries stay
    # graded and are returned on a later pass), it never hangs the service.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(shares), mp_context=context) as workers:
        done = [workers.submit(_generate_some, course, env, module, share) for share in shares]
        return all(d.result() for d in done)


def release_due(
    course: Course,
    env: dict[str, str],
    keys: Sequence[Key],
    policies: dict[str, FeedbackPolicy],
    now: datetime | None = None,
    jobs: int = 1,
) -> list[Event]:
    """Generate (in ``jobs`` processes) and release the feedback of every graded submission
    whose policy says now, or that a trainer's "return now" on the desk covers
    (:mod:`.overrides`; noted as returned early when the policy alone would have kept it back,
    for the trainee's status page)."""
    now = now or datetime.now(UTC)
    waiting = waiting_for_trainer(course, env, keys)
    early = returned_now(course.root)
    by_policy = {k for k in keys if policies.get(k.module, FeedbackPolicy()).due(now, k in waiting)}
    due = [k for k in keys if k in by_policy or covers(k, early)]
    events = []
    releaser = _releaser(course, env)
    for module in sorted({k.module for k in due}):
        batch = [k for k in due if k.module == module]
        nbgrader = api(course, env)
        together = _generate(course, env, module, {k.trainee for k in batch}, jobs)
        for key in batch:
            if _return(nbgrader, releaser, key, together):
                events.append(Event(key, RELEASED, "" if key in by_policy else RETURNED_EARLY))
    return events


def _releaser(course: Course, env: dict[str, str]) -> NbGraderAPI:
    """nbgrader for ``release_feedback``. On a hub the service runs as root and hands the
    exchange's ``feedback/`` back to the grader account (formgrader releases there too);
    nbgrader then refuses a folder its caller does not own ("You don't own the directory"), a
    check that guards one instructor from another and means nothing for root: it is lifted for
    root only, and only for a folder that already exists (nothing is created group-writable)."""
    nbgrader = api(course, env)
    outbound = Path(nbgrader.config.Exchange.root) / course.id / "feedback"
    if os.geteuid() == 0 and outbound.is_dir() and outbound.stat().st_uid != 0:
        nbgrader.coursedir.groupshared = True
    return nbgrader


def _return(nbgrader: NbGraderAPI, releaser: NbGraderAPI, key: Key, generated: bool) -> bool:
    """Generate (unless done for the whole batch) and release one entry's feedback; a failure
    is logged and leaves the entry graded (tried again on the next sweep), whatever the others'."""
    try:
        made = generated or nbgrader.generate_feedback(key.module, key.trainee)["success"]
        released = made and releaser.release_feedback(key.module, key.trainee)
    except Exception:
        log.exception("%s: feedback not returned; tried again later", key)
        return False
    if released and not released["success"]:
        log.error("%s: feedback not released: %s", key, released.get("error", "").strip()[-500:])
        return False
    return bool(released)
