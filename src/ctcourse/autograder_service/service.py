"""The grading service: ``python -m ctcourse.autograder_service --root COURSE``.

Every few seconds it looks into the exchange for new submissions and takes each one forward:
collect (the course's strict collector), grade (``ctcourse autograde``: quiz answers outside
the kernel, code in the sandbox), return feedback when the module's policy says so, issue the
certificate of a trainee who passed every module, and rewrite each affected trainee's status
page. Every step is journalled in ``.ctcourse/grading/journal.jsonl`` (one journal per lane when
quiz and code modules are graded by two processes, as ``make run`` and the hub do), so a restart
(or a SIGKILL) resumes where it stopped and grades nothing twice.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ctcourse.authoring.editions import module_titles
from ctcourse.autograder_service import steps
from ctcourse.autograder_service.deliver import hand_back, put, trainee_folder
from ctcourse.autograder_service.formgrader import ensure_running
from ctcourse.autograder_service.hub import running_as_hub_service
from ctcourse.autograder_service.journal import Journal, all_events, journal_path
from ctcourse.autograder_service.overrides import (
    certificate_delivered,
    certificates_pending,
    regrade_done,
    regraded_so_far,
    regraded_trainees,
    regrades_pending,
)
from ctcourse.autograder_service.policy import policies
from ctcourse.autograder_service.queue import (
    COLLECTED,
    GRADED,
    RELEASED,
    SUBMITTED,
    WAITING,
    Event,
    Key,
    Queue,
)
from ctcourse.autograder_service.status import PAGE_NAME, render
from ctcourse.course import Course
from ctcourse.nbgrader_settings import TRAINEE_DIR

log = logging.getLogger("ctcourse.grading-service")
CERTIFICATE_NAME = {"en": "certificate.pdf", "uk": "сертифікат.pdf"}
LANES = ("all", "quiz", "code")
#: The journal's line for a certificate issued again after a rename and delivered again.
DELIVERED_AGAIN = "certificate delivered again"
#: Seconds between two looks at graded work that waits for a trainer or a closing date.
SWEEP_SECONDS = 30
#: Passes a module's *Grade again* takes at most: each autograde run also reads every other
#: submission of the module once (to skip it), so a large module goes in larger batches.
REGRADE_PASSES = 8
#: Seconds a graded submission waits for the rest of its batch before its feedback is returned
#: on its own (a batch of kernel submissions takes minutes at a deadline; a quiz batch seconds).
EARLY_RETURN_SECONDS = 5


@dataclass
class Service:
    """One course's grading service (see the module docstring)."""

    course: Course
    env: dict[str, str]
    homes: Path | None = None
    jobs: int = 1
    formgrader: str | None = None  # on a hub: the grader account whose server is kept running
    lane: str = "all"  # which modules: all, quiz (graded without a kernel) or code
    journal: Journal = field(init=False)
    certified: set[str] = field(default_factory=set)
    last_sweep: float = 0.0
    #: Submissions of a module a trainer asked to grade again that one pass grades again at
    #: least (the rest on the next passes, so new submissions do not wait behind them all).
    regrade_batch: int = 4

    def __post_init__(self) -> None:
        self.journal = Journal(journal_path(self.course.root, self.lane))
        self.policies = policies(self.course.root)
        self.language = self.course.language
        self.inbound = steps.inbound_folder(self.course, self.env)
        self.modules = lane_modules(self.course, self.lane)
        self.titles = module_titles(self.course, self.course.language)
        folder = self.course.root / "certificates"
        self.certified = {p.stem for p in folder.glob("*.pdf")} if folder.is_dir() else set()

    def record(self, events: Iterable[Event]) -> set[str]:
        """Journal the events; the trainees whose entries moved. What the step wrote in the course
        folder goes back to the grader account at once (formgrader works there too)."""
        moved = set()
        for event in events:
            if self.journal.record(event):
                log.info("%s: %s %s", event.key, event.state, event.note)
                moved.add(event.key.trainee)
        if moved:
            self.hand_back(moved)
        return moved

    def tick(self, retry_waiting: bool = False) -> set[str]:
        """One pass over the queue, module by module (a quiz module's feedback never waits for a
        module whose submissions each need a kernel); returns the trainees whose work moved."""
        queue = self.journal.queue
        moved = self.record(steps.scan(self.inbound, self.modules))
        sweep = time.monotonic() - self.last_sweep >= SWEEP_SECONDS
        if sweep:
            self.last_sweep = time.monotonic()
        for module, requested in regrades_pending(self.course.root).items():
            if module in self.modules:
                moved |= self.regrade(module, requested)
        states = (COLLECTED, WAITING) if retry_waiting else (COLLECTED,)
        for module in self.modules:
            try:
                self.advance(module, states, sweep, moved)
            except Exception:  # one module's trouble must not hold up the other modules
                log.exception("%s: grading pass failed; retrying on the next pass", module)
        candidates = moved | (set(queue.trainees()) - self.certified if sweep else set())
        self.certify(sorted(candidates))
        if self.lane != "code":  # one lane delivers them; the code lane has the kernels to run
            self.deliver_again()
        whole = self.whole_queue() if moved else None  # every lane's journal read once a pass
        regrading = self.regrading() if moved else {}
        for trainee in sorted(moved):
            self.write_status(trainee, whole, regrading)
        return moved

    def advance(self, module: str, states: tuple[str, ...], sweep: bool, moved: set[str]) -> None:
        """Take one module's submissions a step forward: collect the new ones, grade the collected,
        release the feedback that is due (each graded entry on its own); adds the trainees whose
        work moved to ``moved`` as each step is journalled (so a later step's failure keeps them)."""
        queue = self.journal.queue
        if any(k.module == module for k in queue.in_state(SUBMITTED)):
            moved |= self.record(steps.collect(self.course, self.env, queue, module))
        keys = [k for k in queue.in_state(*states) if k.module == module]
        if keys:
            ready: list[tuple[Key, float]] = []
            each = lambda event: self.graded_one(event, ready, moved)  # noqa: E731
            moved |= self.record(steps.grade(self.course, self.env, keys, self.jobs, each))
        graded = [
            k
            for k in queue.in_state(GRADED)
            if k.module == module and (sweep or k.trainee in moved)
        ]
        if graded:
            moved |= self.record(
                steps.release_due(self.course, self.env, graded, self.policies, jobs=self.jobs)
            )

    def graded_one(self, event: Event, ready: list[tuple[Key, float]], moved: set[str]) -> None:
        """One submission of a batch is graded while the others still are: journal it, and once
        the first of those ready has waited :data:`EARLY_RETURN_SECONDS`, return their feedback
        if it is due, in this process (which otherwise only waits for the grading processes).
        At a deadline a batch of kernel submissions takes minutes: its first submissions no
        longer wait for its last. What is not returned here is returned after the batch."""
        moved |= self.record([event])
        ready.append((event.key, time.monotonic()))
        if time.monotonic() - ready[0][1] < EARLY_RETURN_SECONDS:
            return
        batch = [key for key, _ in ready]
        ready.clear()
        try:
            returned = self.record(steps.release_due(self.course, self.env, batch, self.policies))
        except Exception:  # the entries stay graded: returned after the batch or on a sweep
            log.exception("%s: feedback not returned yet; tried again after the batch", event.key)
            return
        moved |= returned
        whole = self.whole_queue()
        for trainee in sorted(returned):
            self.write_status(trainee, whole)

    def regrade(self, module: str, requested: datetime) -> set[str]:
        """A trainer's request from the desk (:mod:`.overrides`): grade the module again a batch
        of trainees a pass, return their feedback again by the policy, note the batch done, and
        the request once no trainee is left; the trainees whose status changed."""
        root = self.course.root
        so_far = regraded_so_far(root, module, requested)
        trainees = steps.regrade_trainees(self.course, module)
        todo = [t for t in trainees if t not in so_far]
        batch = todo[: max(self.regrade_batch, -(-len(trainees) // REGRADE_PASSES))]
        if batch:
            try:
                again = steps.regrade(
                    self.course, self.env, self.journal.queue, module, batch, self.policies,
                    self.jobs,
                )  # fmt: skip
            except Exception:
                log.exception("%s: regrade failed; tried again on the next pass", module)
                return set()
            regraded_trainees(root, module, requested, batch)
            log.info(
                "%s: graded again: %s (%d returned again)", module, ", ".join(batch), len(again)
            )
        if len(todo) <= len(batch):
            regrade_done(root, module, requested)
            log.info("%s: every submission graded again", module)
        self.hand_back(set(batch))
        return set(todo) if not so_far else set(batch)  # first batch: all now read "again"

    def certify(self, trainees: Iterable[str]) -> None:
        """Issue and deliver the certificate of each trainee who passed every required module
        (the gradebook is read once for all of them)."""
        from ctcourse.reports.build import read_cohort  # scipy, reportlab: only when needed
        from ctcourse.reports.certify import issue, required_modules, shortfalls

        queue = self.whole_queue()
        required = required_modules(self.course)
        candidates = [
            t
            for t in trainees
            if t not in self.certified
            and all(
                queue.states.get(queue.latest(t).get(m)) in (GRADED, RELEASED) for m in required
            )
        ]
        if not candidates:
            return
        data = read_cohort(self.course)
        for trainee in candidates:
            if trainee not in data.trainees or shortfalls(self.course, data, trainee):
                continue
            path, code = issue(self.course, trainee)
            self.certified.add(trainee)
            log.info("%s: certificate %s issued", trainee, code)
            folder = trainee_folder(trainee, self.homes, self.course.root, TRAINEE_DIR)
            if folder is not None:
                put(folder, CERTIFICATE_NAME[self.language], path.read_bytes(), trainee)
        self.hand_back(set())

    def deliver_again(self) -> None:
        """Put a certificate the desk issued again (a trainer corrected the name) into the
        trainee's home, where the first one went, and note the request done (journalled)."""
        pending = certificates_pending(self.course.root)
        for trainee, requested in sorted(pending.items()):
            path = self.course.root / "certificates" / f"{trainee}.pdf"
            folder = trainee_folder(trainee, self.homes, self.course.root, TRAINEE_DIR)
            if not path.is_file():
                where = f"none in {path.parent.name}/"
            elif folder is None:
                where = "no home folder"
            else:
                where = str(folder / CERTIFICATE_NAME[self.language])
                try:
                    put(folder, CERTIFICATE_NAME[self.language], path.read_bytes(), trainee)
                except OSError as exc:  # tried again on the next pass
                    log.error("%s: certificate not delivered again: %s", trainee, exc)
                    continue
            self.journal.note(trainee, DELIVERED_AGAIN, requested=requested.isoformat(), to=where)
            certificate_delivered(self.course.root, trainee, requested)
            log.info("%s: %s (%s)", trainee, DELIVERED_AGAIN, where)
        if pending:
            self.hand_back(set())

    def whole_queue(self) -> Queue:
        """Every module's queue: this lane's own, or all lanes' journals read back."""
        if self.lane == "all":
            return self.journal.queue
        return Queue().replay(all_events(self.course.root))

    def regrading(self) -> dict[str, set[str]]:
        """Each module (of any lane) being graded again on a trainer's request, with the trainees
        whose submission is graded again already."""
        root = self.course.root
        return {m: regraded_so_far(root, m, at) for m, at in regrades_pending(root).items()}

    def write_status(
        self,
        trainee: str,
        whole: Queue | None = None,
        regrading: dict[str, set[str]] | None = None,
    ) -> None:
        """Rewrite the trainee's status page in their folder (``whole``: every module's queue,
        ``regrading``: as :meth:`regrading` says; each read here when not given)."""
        folder = trainee_folder(trainee, self.homes, self.course.root, TRAINEE_DIR)
        if folder is None:
            return
        name = CERTIFICATE_NAME[self.language] if trainee in self.certified else None
        again = regrading if regrading is not None else self.regrading()
        page = render(
            self.course, whole or self.whole_queue(), trainee, self.policies, self.language, name,
            datetime.now(UTC), self.titles, {m for m, done in again.items() if trainee not in done},
        )  # fmt: skip
        put(folder, PAGE_NAME[self.language], page.encode("utf-8"), trainee)

    def hand_back(self, trainees: set[str]) -> None:
        """As root, the course folder's new files go back to its owner (the grader account)."""
        root = self.course.root
        trees = [root / ".ctcourse", root / "certificates", root / "gradebook.db"]
        for step in ("submitted", "autograded", "feedback"):
            trees += [root / step / t for t in trainees]
        trees.append(self.inbound.parent / "feedback")  # the exchange's, for formgrader's release
        hand_back(root, trees, [root / step for step in ("submitted", "autograded", "feedback")])

    def keep_formgrader(self) -> None:
        """On a hub, start the formgrader if it is not running (at most once a sweep)."""
        if self.formgrader and running_as_hub_service():
            ensure_running(self.formgrader)

    def run(self, interval: float, stop: Callable[[], bool]) -> None:
        """Tick every ``interval`` seconds until ``stop()`` says so."""
        self.tick(retry_waiting=True)
        looked = 0.0
        while not stop():
            started = time.monotonic()
            try:
                if started - looked >= SWEEP_SECONDS:
                    looked = started
                    self.keep_formgrader()
                self.tick()
            except Exception:  # one bad pass must not stop grading for the whole cohort
                log.exception("grading pass failed; retrying in %s s", interval)
            time.sleep(max(0.0, interval - (time.monotonic() - started)))

    def close(self) -> None:
        self.journal.close()


def lane_modules(course: Course, lane: str) -> list[str]:
    """The modules one lane grades: a lane of quiz modules (no kernel, seconds each) never waits
    behind a lane of modules whose every submission needs a kernel."""
    from ctcourse.grading.kernelfree import is_kernel_free
    from ctcourse.quiz.reader import source_notebooks

    if lane == "all":
        return [m.id for m in course.modules]
    quiz = {m.id: is_kernel_free(source_notebooks(course, m.id)) for m in course.modules}
    return [m for m, free in quiz.items() if free == (lane == "quiz")]


def default_jobs() -> int:
    """Grading processes: all cores (autograde's own default)."""
    return os.cpu_count() or 1
