"""The ``ctcourse cases`` sub-commands: summary, audit (the attacker), check (k-anonymity),
anonymize."""

from __future__ import annotations

import argparse
import dataclasses

import pandas as pd

from ctcourse.cases import (
    anonymize,
    check_k_anonymity,
    ledger,
    load_cases,
    load_cases_lenient,
    publication,
)
from ctcourse.cases.disclosure import DEFAULT_K
from ctcourse.cases.lattice import OTHER_GENDER, Publication, attempt, says_nothing
from ctcourse.cases.releases import audit_dataset
from ctcourse.cases.safe_tables import NOT_RECORDED, TOTAL, SafeTable
from ctcourse.cases.schema import YEAR
from ctcourse.cases.write import write_cases
from ctcourse.errors import CaseDataError

SUMMARY_MISSING = (YEAR, "gender", "ageBroad", "CountryOfExploitation")


def register(commands: argparse._SubParsersAction) -> None:
    """Add this group's sub-commands to the parser."""
    cases = commands.add_parser("cases", help="case statistics on CTDC-schema CSV files")
    sub = cases.add_subparsers(dest="cases_command", required=True)

    summary = sub.add_parser("summary", help="rows, years, gender, sources, missing shares")
    summary.add_argument("path", help="CTDC-schema CSV file")
    summary.add_argument("--lenient", action="store_true", help="drop bad rows, say how many")
    summary.add_argument("--k", type=int, default=DEFAULT_K, help="suppress counts below k (10)")
    summary.set_defaults(func=summary_command)

    audit = sub.add_parser(
        "audit", help="attack every release recorded for the file (every k, every table, "
        "every printed number) with linear programming; exit 1 if a suppressed count below "
        "k can be narrowed down, a small count is printed, or a table says nothing",
    )  # fmt: skip
    audit.add_argument("path", help="CTDC-schema CSV file")
    audit.add_argument(
        "--k", type=int, default=DEFAULT_K,
        help="the k to try if nothing was published from the file yet (10)",
    )  # fmt: skip
    audit.set_defaults(func=audit_command)

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
    """Print rows, years, gender split, data sources and missing shares — every number a
    published cell of the dataset's publication at k (suppressed cells say so)."""
    if args.lenient:
        frame, dropped = load_cases_lenient(args.path)
        print(str(dropped))
    else:
        frame = load_cases(args.path)
    tables = publication(frame, args.k)
    years = tables.tables[YEAR]
    rows = tables.rows()
    span = [str(y) for y in years.counts.index if y not in (TOTAL, NOT_RECORDED)]
    shown = tables.rows_text()
    print(f"{args.path}: {shown} rows, years {span[0] + '–' + span[-1] if span else 'n/a'}")
    genders = [g for g in years.counts.columns if g != TOTAL]
    print("gender: " + ", ".join(f"{g} {_shown(_cell(years, TOTAL, g))}" for g in genders))
    sources = tables.tables["Datasource"]
    named = [s for s in sources.counts.index if s != TOTAL]
    print("Datasource: " + ", ".join(f"{s} {_shown(_cell(sources, s, TOTAL))}" for s in named))
    missing = ", ".join(f"{c} {_missing_share(tables, c, rows)}" for c in SUMMARY_MISSING)
    print(f"missing: {missing}")
    print(tables.loss())
    return 0


def _cell(table: SafeTable, row: object, col: object) -> int | None:
    """A published count, or None if suppressed (or absent: no such row means zero)."""
    if row not in table.counts.index or col not in table.counts.columns:
        return 0
    value = table.counts.at[row, col]
    return None if pd.isna(value) else int(value)


def _missing_share(tables: Publication, column: str, rows: int | None) -> str:
    if column == "gender" and OTHER_GENDER in tables.tables[YEAR].counts.columns:
        return "pooled with the smallest genders"
    if column == "gender":
        count = _cell(tables.tables[YEAR], TOTAL, NOT_RECORDED)
    else:
        count = _cell(tables.tables[column], NOT_RECORDED, TOTAL)
    if count is None or not rows:
        return "suppressed"
    return f"{count / rows:.1%}"


def _shown(count: int | None) -> str:
    """A count as printed: a suppressed cell says so instead of showing a number."""
    return "suppressed" if count is None else str(count)


def audit_command(args: argparse.Namespace) -> int:
    """Attack every release recorded in the file's ledger together; with none recorded yet,
    attack the publication the file would get at ``--k`` (without publishing it). Exit 0 if
    the audit passes, else list what fails and exit 1."""
    frame = load_cases(args.path)
    book = ledger.read(ledger.identify(frame))
    if book.releases:
        made = ", ".join(f"k={r['k']} ({r['when']})" for r in book.releases)
        print(f"releases recorded in {ledger.ledger_path(book.dataset)}: {made}; "
              f"{len(book.numbers)} printed numbers")  # fmt: skip
        report = audit_dataset(frame)
    else:
        tables, report = attempt(frame, args.k, record=False)
        quiet = [t.title for t in tables.tables.values() if says_nothing(t)]
        if quiet:
            failures = (*report.failures, *(f"{title} says nothing" for title in quiet))
            report = dataclasses.replace(report, failures=failures)
    print(report)
    return 0 if report.holds else 1


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
