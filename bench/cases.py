"""Benchmark of ctcourse.cases: run `python bench/cases.py` from the repository.

1. Load + validate the 97,750-row CTDC global file, against plain ``pandas.read_csv`` of the
   same file (ratio; goal <= 1.5x). Best of 5 runs each.
2. k-anonymity check and anonymization on 1,000,000 rows resampled from the real file:
   seconds (best of 3) and peak traced memory (tracemalloc, a separate run).
3. The same check with pycanon (``pycanon.anonymity.k_anonymity``) on the same frame, if it
   is importable (the ``bench`` extra).

No assertion on time: the figures are printed for the issue note.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd

from ctcourse.cases import anonymize, check_k_anonymity, load_cases

GLOBAL = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "ctdc"
    / "ctdc_global_k_anon_dataset_2021-07-15.csv"
)  # fmt: skip
QI = ["gender", "ageBroad", "yearOfRegistration", "citizenship", "CountryOfExploitation"]
ROWS = 1_000_000
ANON_K = 100
"""Resampling ~10x multiplies every group by ~10, so k=10 already holds; anonymize at k=100."""


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


if __name__ == "__main__":
    sys.exit(main())
