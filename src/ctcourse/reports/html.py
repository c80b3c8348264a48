"""The report as one self-contained HTML page: styles inline, charts embedded, printable.

Every value that came from the gradebook or a log is escaped (trainee ids, cell names), so
nothing a trainee typed can run in the trainer's browser.
"""

from __future__ import annotations

import base64
from html import escape

import pandas as pd

from ctcourse.reports.analysis import CohortReport
from ctcourse.reports.gain import ENTRY_TEST, FINAL_TEST

#: Above this many trainees the per-trainee tables stay in the CSVs only.
MAX_HTML_ROWS = 300

STYLE = """
body{font-family:system-ui,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:84rem;color:#222}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:2px solid #4a78b5}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}
th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#eef2f8}.flag{color:#a11}.note{color:#555;font-size:.85rem}
img{max-width:100%}figure{margin:1rem 0}
@media print{body{margin:0;max-width:none}h2{page-break-before:auto}figure,table{page-break-inside:avoid}}
"""


def _table(frame: pd.DataFrame, limit: int | None = None) -> str:
    if frame.empty:
        return '<p class="note">Nothing to show.</p>'
    shown = frame if limit is None or len(frame) <= limit else frame.head(limit)
    more = (
        f'<p class="note">First {limit} of {len(frame)} rows; every row is in the CSV.</p>'
        if shown is not frame
        else ""
    )
    return shown.to_html(index=False, escape=True, na_rep="", border=0) + more


def _figure(image: bytes, caption: str) -> str:
    data = base64.b64encode(image).decode("ascii")
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{escape(caption)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _list(lines: list[str], css: str = "") -> str:
    if not lines:
        return ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<ul class="{css}">{items}</ul>'


def _progress(report: CohortReport, tables: dict[str, pd.DataFrame]) -> str:
    parts = ["<h2>Progress</h2>", _table(tables["progress_counts"])]
    matrix = report.progress.pivot(index="trainee", columns="module", values="status")
    dates = report.progress.pivot(index="trainee", columns="module", values="date")
    cells = matrix.where(dates == "", matrix + " (" + dates + ")")
    cells = cells[[m.id for m in report.course.modules]].rename_axis(columns=None).reset_index()
    if len(cells) > MAX_HTML_ROWS:
        parts.append(f'<p class="note">{len(cells)} trainees: see progress.csv for each one.</p>')
    else:
        parts.append(_table(cells))
    parts.append("<h3>Written answers waiting for manual grading (oldest first)</h3>")
    parts.append(_table(tables["waiting_for_manual_grading"], MAX_HTML_ROWS))
    return "".join(parts)


def _items(report: CohortReport, tables: dict[str, pd.DataFrame], images: dict) -> str:
    parts = [
        "<h2>Item statistics (Moodle's formulas)</h2>",
        '<p class="note">Facility = mean mark / maximum; SD as % of the maximum (sample SD, '
        "s − 1); discrimination index = 100 · correlation of the item with the rest of the test; "
        "discriminative efficiency = 100 · covariance / the largest covariance the two mark "
        "lists allow; partial credit counts as given. Flags: facility under 20% or over 90%, "
        "discrimination under 20 or negative, SD under a third of the maximum, CIC under 64%.</p>",
        "<h3>Per test</h3>",
        _table(tables["test_statistics"].drop(columns=["flags", "note"], errors="ignore")),
        _list([f"{a.module.id}: {why}" for a in report.modules for why in a.quiz_flags], "flag"),
        _list(
            [f"{a.module.id}: {why}" for a in report.modules for why in a.quiz.undefined], "note"
        ),
    ]
    if "facility" in images:
        parts.append(_figure(images["facility"], "Facility × discrimination"))
    flagged = tables["item_statistics"]
    if not flagged.empty:
        flagged = flagged[flagged["flags"] != ""][["module", "question", "flags"]]
        parts += ["<h3>Items to review</h3>", _table(flagged)]
    every = tables["item_statistics"].drop(columns=["flags"], errors="ignore")
    parts += ["<h3>Every item</h3>", _table(every)]
    parts += [
        "<h3>Distractors</h3>",
        '<p class="note">Share of trainees who chose each option, overall and in the upper and '
        "lower third by module quiz total.</p>",
        _table(tables["distractors"]),
    ]
    return "".join(parts)


def _gain(report: CohortReport, tables: dict[str, pd.DataFrame], images: dict) -> str:
    parts = ["<h2>Learning gain</h2>"]
    if report.gain is None:
        parts.append(
            f'<p class="note">The course has no {ENTRY_TEST} and {FINAL_TEST} modules to compare.</p>'
        )
        return "".join(parts)
    g = report.gain.cohort
    parts.append(
        '<p class="note">Hake\'s normalised gain. <b>Gain of class averages</b> = (final mean − '
        "entry mean) / (1 − entry mean); <b>average of individual gains</b> = mean of each "
        "trainee's (final − entry) / (1 − entry), leaving out trainees with 100% on the entry "
        "test. The paired difference has a 95% confidence interval (Student's t); Cohen's d_av "
        "divides by the mean of the two SDs, d_z by the SD of the differences.</p>"
    )
    parts.append(
        f"<p>{g.pairs} trainee(s) took both tests; {g.only_entry} took only the entry test and "
        f"{g.only_final} only the final test: they are left out of the gain.</p>"
    )
    by_statistic = tables["learning_gain"].set_index("scope").T.rename_axis("statistic")
    parts.append(_table(by_statistic.rename_axis(columns=None).reset_index()))
    if not report.gain.objectives_named:
        parts.append(
            '<p class="note">Per objective: the entry- and final-test questions name no '
            "objective, so no per-objective gain can be given.</p>"
        )
    if "paired" in images:
        parts.append(_figure(images["paired"], "Entry and final test, paired"))
    parts.append(_table(tables["learning_gain_per_trainee"], MAX_HTML_ROWS))
    return "".join(parts)


def render(report: CohortReport, tables: dict[str, pd.DataFrame], images: dict[str, bytes]) -> str:
    """The whole page."""
    course = report.course
    head = (
        f"<h1>{escape(course.title)}</h1><p>Cohort report generated "
        f"{report.generated:%Y-%m-%d %H:%M} UTC · {len(report.trainees)} trainee(s)"
        f"{' matching ' + escape(report.cohort) if report.cohort else ''} · pass mark "
        f"{course.pass_mark:.0%}</p>"
    )
    body = [head, _progress(report, tables)]
    if "scores" in images:
        body.append(_figure(images["scores"], "Score distribution per module"))
    body += [_items(report, tables, images), _gain(report, tables, images)]
    body += [
        "<h2>Time on task (estimate)</h2>",
        '<p class="note">Minutes from a trainee\'s first to last logged answer in a module: it '
        "misses reading before the first answer and counts pauses. Planned minutes are from "
        "course.yml.</p>",
        _table(tables["time_on_task"]),
    ]
    if report.notes:
        body += ["<h2>Notes</h2>", _list(report.notes, "note")]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(course.title)}: cohort report</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )
