"""The ``ctcourse cases`` sub-commands: summary, check (k-anonymity), anonymize."""

from __future__ import annotations

import argparse

from ctcourse.cases import (
    anonymize,
    check_k_anonymity,
    load_cases,
    load_cases_lenient,
    safe_crosstab,
)
from ctcourse.cases.schema import YEAR
from ctcourse.cases.write import write_cases
from ctcourse.errors import CaseDataError

SUMMARY_MISSING = (YEAR, "gender", "ageBroad", "citizenship", "CountryOfExploitation")


def register(commands: argparse._SubParsersAction) -> None:
    """Add this group's sub-commands to the parser."""
    cases = commands.add_parser("cases", help="case statistics on CTDC-schema CSV files")
    sub = cases.add_subparsers(dest="cases_command", required=True)

    summary = sub.add_parser("summary", help="rows, years, gender, sources, missing shares")
    summary.add_argument("path", help="CTDC-schema CSV file")
    summary.add_argument("--lenient", action="store_true", help="drop bad rows, say how many")
    summary.add_argument("--k", type=int, default=10, help="suppress counts below k (10)")
    summary.set_defaults(func=summary_command)

    check = sub.add_parser("check", help="check k-anonymity; exit 1 if it fails")
    check.add_argument("path", help="CTDC-schema CSV file")
    _add_qi_k(check)
    check.set_defaults(func=check_command)

    anon = sub.add_parser("anonymize", help="generalize and suppress until k-anonymity holds")
    anon.add_argument("input", help="CTDC-schema CSV file to read")
    anon.add_argument("output", help="CSV file to write")
    _add_qi_k(anon)
    anon.add_argument(
        "--max-suppressed", type=float, default=0.05,
        help="share of rows that may be removed before generalizing further (0.05)",
    )  # fmt: skip
    anon.set_defaults(func=anonymize_command)


def _add_qi_k(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--qi", required=True, type=_qi_list,
        help="quasi-identifiers, comma-separated (e.g. gender,ageBroad,citizenship)",
    )  # fmt: skip
    parser.add_argument("--k", type=int, default=10, help="minimum group size (10)")


def _qi_list(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",")]
    if not all(names):
        raise argparse.ArgumentTypeError(f"empty name in quasi-identifier list {text!r}")
    return names


def summary_command(args: argparse.Namespace) -> int:
    """Print rows, years, gender split, data sources and missing shares (counts below k
    suppressed)."""
    if args.lenient:
        frame, dropped = load_cases_lenient(args.path)
        print(str(dropped))
    else:
        frame = load_cases(args.path)
    years = frame[YEAR].dropna()
    span = f"{years.min()}–{years.max()}" if len(years) and years.dtype == "Int64" else "n/a"
    print(f"{args.path}: {len(frame)} rows, years {span}")
    for column in ("gender", "Datasource"):
        tidy = safe_crosstab(frame, column, k=args.k).tidy().iloc[:-1]
        parts = [
            f"{row[column]} {_shown(row['count'], row['status'], args.k)}"
            for _, row in tidy.iterrows()
            if row["status"] or row["count"] > 0
        ]
        print(f"{column}: " + ", ".join(parts))
    missing = ", ".join(f"{c} {frame[c].isna().mean():.1%}" for c in SUMMARY_MISSING)
    print(f"missing: {missing}")
    return 0


def _shown(count: object, status: str, k: int) -> str:
    """A count as printed: suppressed cells say so instead of showing a number."""
    return {"primary": f"suppressed (<{k})", "secondary": "suppressed"}.get(status, str(count))


def check_command(args: argparse.Namespace) -> int:
    """Exit 0 if k-anonymity holds over the quasi-identifiers, else list the groups, exit 1."""
    report = check_k_anonymity(load_cases(args.path), args.qi, args.k)
    print(report)
    if report.holds:
        return 0
    print(report.violations.to_string(index=False, max_rows=50))
    return 1


def anonymize_command(args: argparse.Namespace) -> int:
    """Write an anonymized copy and print what it cost."""
    if args.output == args.input:
        raise CaseDataError(f"{args.output}: output would overwrite the input; choose another")
    out, loss = anonymize(
        load_cases(args.input), args.qi, args.k, max_suppressed=args.max_suppressed
    )
    write_cases(out, args.output)
    print(f"wrote {args.output}")
    print(loss)
    return 0
