"""Benchmark of ctcourse.cases: run `python bench/cases.py` from the repository.

1. Load + validate the 97,750-row CTDC global file, against plain ``pandas.read_csv`` of the
   same file (ratio; goal <= 1.5x). Best of 5 runs each.
2. k-anonymity check and anonymization on 1,000,000 rows resampled from the real file:
   seconds (best of 3) and peak traced memory (tracemalloc, a separate run).
3. The same check with pycanon (``pycanon.anonymity.k_anonymity``) on the same frame, if it
   is importable (the ``bench`` extra).
4. The disclosure audit on the global file at k = 20: protecting the publication (all its
   tables jointly) and attacking it with linear programming, seconds each (best of 3),
   against loading the file (the named baseline); then the whole publication at k = 50
   (recoding along the hierarchies, protection, audit, ledger) and what it lost.
5. Memory of loading a 1 GB synthetic CTDC-schema file (the global file's rows repeated,
   written to a temporary folder and removed after): peak resident memory of a fresh process
   that loads it, above the same process after loading a tiny file, as a multiple of the
   file's size (goal <= 3x). Twice: rows repeated as they are, and with a free-text column
   (meansOfControlConcatenated) distinct on every row, the worst case for text storage.
6. Publishing 1,600 distinct free-text wordings (the text-based exploitation table), seconds.

No assertion on time: the figures are printed for the issue note.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases import anonymize, check_k_anonymity, load_cases, publication
from ctcourse.cases.lattice import plan
from ctcourse.cases.ledger import RELEASES_ENV
from ctcourse.cases.suppression import protect
from ctcourse.cases.write import write_cases

GLOBAL = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ctdc"
    / "ctdc_global_k_anon_dataset_2021-07-15.csv"
)  # fmt: skip
QI = ["gender", "ageBroad", "yearOfRegistration", "citizenship", "CountryOfExploitation"]
ROWS = 1_000_000
ANON_K = 100
"""Resampling ~10x multiplies every group by ~10, so k=10 already holds; anonymize at k=100."""
AUDIT_K = 20
HIGH_K = 50
BIG_BYTES = 2**30
MEASURE = """
import resource, sys
from ctcourse.cases import load_cases
load_cases(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = len(load_cases(sys.argv[2]))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(rows, (after - before) * 1024)
"""


def best(function: Callable[[], object], runs: int) -> float:
    """Fastest of ``runs`` wall-clock timings, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(function: Callable[[], object]) -> float:
    """Peak memory traced by tracemalloc while ``function`` runs, in MiB."""
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    """Run every benchmark with a release ledger of its own (removed after)."""
    with tempfile.TemporaryDirectory() as releases:
        os.environ[RELEASES_ENV] = releases
        return run()


def run() -> int:
    if not GLOBAL.is_file():
        print(
            f"bench/cases.py: the CTDC global file is absent: {GLOBAL.resolve()}", file=sys.stderr
        )
        print("  (expected the shared data folder beside the clone, as ../shared)", file=sys.stderr)
        return 2
    print(f"file: {GLOBAL.resolve()} ({GLOBAL.stat().st_size / 2**20:.1f} MiB)")

    plain = best(lambda: pd.read_csv(GLOBAL, low_memory=False), 5)
    ours = best(lambda: load_cases(GLOBAL), 5)
    print(f"load, baseline pandas.read_csv(low_memory=False): {plain:.3f} s")
    print(f"load + validate, ctcourse.cases.load_cases:       {ours:.3f} s  "
          f"ratio {ours / plain:.2f}x (goal <= 1.5x)")  # fmt: skip

    frame = load_cases(GLOBAL)
    rows = np.random.default_rng(2021).integers(0, len(frame), ROWS)
    big = frame.iloc[rows].reset_index(drop=True)
    print(f"\n{ROWS:,} rows resampled from {len(frame):,}; quasi-identifiers: {', '.join(QI)}")
    report = check_k_anonymity(big, QI, 10)
    print(f"  {report}")
    check = best(lambda: check_k_anonymity(big, QI, 10), 3)
    print(f"  k-anonymity check (k=10):   {check:.3f} s, peak "
          f"{peak_mib(lambda: check_k_anonymity(big, QI, 10)):.0f} MiB")  # fmt: skip
    anon = best(lambda: anonymize(big, QI, ANON_K), 3)
    print(f"  anonymize (k={ANON_K}, <=5% rows): {anon:.3f} s, peak "
          f"{peak_mib(lambda: anonymize(big, QI, ANON_K)):.0f} MiB")  # fmt: skip
    _, loss = anonymize(big, QI, ANON_K)
    print("  " + str(loss).replace("\n", "\n  "))

    bench_audit(frame, ours)
    bench_many_labels()
    bench_memory()
    bench_memory(distinct_text=True)
    try:
        from pycanon import anonymity
    except ImportError:
        print("\npycanon is not installed: comparison skipped (pip install pycanon)")
        return 0
    start = time.perf_counter()
    k_found = int(anonymity.k_anonymity(big, QI))
    theirs = time.perf_counter() - start
    agrees = (
        check_k_anonymity(big, QI, k_found).holds
        and not check_k_anonymity(big, QI, k_found + 1).holds
    )
    print(f"\npycanon {version('pycanon')} on the same {ROWS:,} rows (timed once):")
    print(f"  pycanon.anonymity.k_anonymity: {theirs:.3f} s, k = {k_found}")
    print(f"  ctcourse check_k_anonymity:    {check:.3f} s, "
          f"{'agrees' if agrees else 'DISAGREES'} (holds at k={k_found}, fails at k={k_found + 1})"
          f"; pycanon / ctcourse = {theirs / check:.2f}")  # fmt: skip
    return 0


def bench_audit(frame: pd.DataFrame, load_seconds: float) -> None:
    """Protect the global file's publication at k=20 and audit it."""
    specs = list(plan(frame, None, AUDIT_K).values())
    tables = protect(specs, AUDIT_K)
    from ctcourse.cases.audit import audit

    report = audit(tables, AUDIT_K)
    protecting = best(lambda: protect(specs, AUDIT_K), 3)
    auditing = best(lambda: audit(tables, AUDIT_K), 3)
    cells = sum(t.status.size for t in tables)
    hidden = sum(int(t.suppressed.sum()) for t in tables)
    print(f"\npublication of the global file at k={AUDIT_K}: {len(tables)} tables, {cells} cells, "
          f"{hidden} suppressed")  # fmt: skip
    print(f"  protect jointly: {protecting:.3f} s ({protecting / load_seconds:.2f}x loading)")
    print(f"  LP audit:        {auditing:.3f} s ({auditing / load_seconds:.2f}x loading)")
    print(f"  {report}")
    start = time.perf_counter()
    high = publication(frame, HIGH_K)
    seconds = time.perf_counter() - start
    years = high.tables["yearOfRegistration"]
    print(f"publication at k={HIGH_K} (recode, protect, audit, record): {seconds:.1f} s; grand "
          f"total {high.rows_text()}; {high.loss()}")  # fmt: skip
    print(f"  year table: {int(years.suppressed.sum())} of {years.status.size} cells suppressed")


def bench_memory(distinct_text: bool = False) -> None:
    """Peak memory of loading a 1 GB file, as a multiple of its size."""
    header, body = GLOBAL.read_bytes().split(b"\n", 1)
    with tempfile.TemporaryDirectory() as folder:
        big, small = Path(folder) / "big.csv", Path(folder) / "small.csv"
        small.write_bytes(b"\n".join(GLOBAL.read_bytes().split(b"\n")[:6]) + b"\n")
        with big.open("wb") as out:
            out.write(header + b"\n")
            written = 0
            while written < BIG_BYTES:
                chunk = _distinct_text(header, body, written) if distinct_text else body
                out.write(chunk)
                written += len(chunk)
        size = big.stat().st_size
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", MEASURE, str(small), str(big)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        seconds = time.perf_counter() - start
    loaded, grown = map(int, result.stdout.split())
    kind = "a free-text column distinct per row" if distinct_text else "rows repeated"
    print(f"\nload a {size / 2**30:.2f} GiB synthetic file, {kind} ({loaded:,} rows) in "
          f"{seconds:.0f} s: peak memory {grown / 2**30:.2f} GiB = {grown / size:.2f}x the file "
          "(goal <= 3x)")  # fmt: skip


def _distinct_text(header: bytes, body: bytes, serial: int) -> bytes:
    """The global file's rows with meansOfControlConcatenated made distinct on every row."""
    at = header.split(b",").index(b"meansOfControlConcatenated")
    lines = []
    for n, line in enumerate(body.splitlines()):
        fields = line.split(b",")
        fields[at] = b"Threats;case note %d-%d" % (serial, n)
        lines.append(b",".join(fields))
    return b"\n".join(lines) + b"\n"


def bench_many_labels() -> None:
    """Publishing a text column of 1,600 distinct wordings (pooled below k), seconds."""
    from ctcourse.cases import analysis

    frame = load_cases(GLOBAL)
    text = frame["typeOfExploitConcatenated"].astype("str").to_numpy(dtype=object)
    text[: 1600 * 3] = [f"wording {n % 1600}" for n in range(1600 * 3)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.csv"
        write_cases(frame.assign(typeOfExploitConcatenated=text), path)
        labelled = load_cases(path)
        start = time.perf_counter()
        table = analysis.exploitation_by_gender(labelled, 10, basis="text")
        seconds = time.perf_counter() - start
    print(f"\n1,600 distinct wordings published in {seconds:.1f} s ({len(table.counts)} rows: "
          "wordings held by fewer than k people pooled)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
