"""The responses log: JSON Lines, appended, torn last line skipped and reported."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from ctcourse.errors import ResponsesError
from ctcourse.quiz import responses
from ctcourse.quiz.responses import Event, append, load, parse_lines, record


def line(**fields: object) -> bytes:
    event = {"schema": 1, "qid": "t.q", "answer": "a", "mode": "graded", "attempt": 1}
    event |= {"time": "2026-01-01T00:00:00.000Z"} | fields
    return json.dumps(event).encode() + b"\n"


def test_roundtrip_keeps_every_field(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    answers = [
        ("t.single", "b", "graded"),
        ("t.multi", ["a", "c"], "graded"),
        ("t.tf", False, "practice"),
        ("t.match", {"x": "1", "y": "2"}, "graded"),
        ("t.number", 12.5, "graded"),
        ("t.single", "a", "graded"),
        ("t.text", "Відповідь «так»", "practice"),
    ]
    written = [record(log, qid, answer, mode) for qid, answer, mode in answers]
    loaded = load(log)
    assert loaded.problems == []
    assert loaded.events == written
    assert [(e.qid, e.answer, e.mode) for e in loaded.events] == answers
    raw = [json.loads(text) for text in log.read_text("utf-8").splitlines()]
    assert [set(r) for r in raw] == [{"schema", "qid", "answer", "mode", "attempt", "time"}] * 7
    assert {r["schema"] for r in raw} == {responses.SCHEMA_VERSION}
    for event in loaded.events:
        assert event.time.endswith("Z")
        datetime.fromisoformat(event.time.replace("Z", "+00:00"))
    assert "«так»" in log.read_text("utf-8")  # readable text, not \u escapes


def test_attempts_numbered_per_question(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    attempts = [record(log, qid, "a", "practice").attempt for qid in ["t.a", "t.b", "t.a", "t.a"]]
    assert attempts == [1, 1, 2, 3]
    loaded = load(log)
    assert loaded.attempts("t.a") == 3 and loaded.attempts("t.b") == 1
    assert loaded.attempts("t.none") == 0
    assert {qid: e.attempt for qid, e in loaded.last_answers().items()} == {"t.a": 3, "t.b": 1}


def test_last_answers_is_the_latest(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    record(log, "t.a", "a", "graded")
    record(log, "t.a", "b", "graded")
    assert load(log).last_answers()["t.a"].answer == "b"


def test_missing_file_is_an_empty_log(tmp_path: Path) -> None:
    loaded = load(tmp_path / "nowhere" / responses.LOG_NAME)
    assert loaded.events == [] and loaded.problems == []
    assert parse_lines(b"").events == []


def test_torn_last_line_skipped_reported_and_isolated(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    record(log, "t.a", "a", "graded")
    record(log, "t.b", ["x"], "graded")
    whole = Event("t.c", {"k": "v"}, "graded", 1, responses.now()).to_json().encode()
    with open(log, "ab") as handle:  # a crash in the middle of a write
        handle.write(whole[: len(whole) // 2])

    loaded = load(log)
    assert [e.qid for e in loaded.events] == ["t.a", "t.b"]
    assert loaded.problems == [f"{log}:3: skipped: torn last line (interrupted write)"]

    # the next answer after the crash is a readable line of its own
    event = record(log, "t.c", "z", "graded")
    assert event.attempt == 1
    loaded = load(log)
    assert [e.qid for e in loaded.events] == ["t.a", "t.b", "t.c"]
    assert loaded.events[-1] == event
    assert len(loaded.problems) == 1 and loaded.problems[0].startswith(f"{log}:3: skipped:")
    assert "torn last line" not in loaded.problems[0]  # no longer the last line
    assert log.read_bytes().endswith(b"\n")


def test_torn_inside_a_multibyte_character(tmp_path: Path) -> None:
    text = Event("t.q", "Відповідь", "graded", 1, responses.now()).to_json().encode()
    cut = text.index("Відповідь".encode()) + 1  # half of a two-byte letter
    loaded = parse_lines(line() + text[:cut], "log")
    assert len(loaded.events) == 1
    assert loaded.problems == ["log:2: skipped: torn last line (interrupted write)"]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b"{not json\n", "Expecting"),
        (b"\xff\xfe\n", "utf-8"),
        (b"[1, 2]\n", "not a JSON object"),
        (line(schema=2), "unknown schema version 2"),
        (line(schema="1"), "unknown schema version '1'"),
        (line(schema=None), "unknown schema version None"),
        (line(qid=""), "qid"),
        (line(mode="exam"), "mode"),
        (line(attempt=0), "attempt"),
        (line(attempt=True), "attempt"),
        (line(attempt=1.5), "attempt"),
        (line(time=123), "time"),
    ],
)
def test_unreadable_middle_line_skipped_and_reported(bad: bytes, reason: str) -> None:
    data = line(qid="t.before") + bad + line(qid="t.after")
    loaded = parse_lines(data, "log")
    assert [e.qid for e in loaded.events] == ["t.before", "t.after"]
    assert len(loaded.problems) == 1
    assert loaded.problems[0].startswith("log:2: skipped: ")
    assert reason in loaded.problems[0]


def test_answer_missing_is_reported() -> None:
    record = json.loads(line())
    del record["answer"]
    loaded = parse_lines(json.dumps(record).encode() + b"\n", "log")
    assert loaded.events == [] and loaded.problems == ["log:1: skipped: answer is missing"]


def test_blank_lines_and_crlf_are_tolerated() -> None:
    loaded = parse_lines(line().replace(b"\n", b"\r\n") + b"\n\n" + line(qid="t.b"), "log")
    assert [e.qid for e in loaded.events] == ["t.q", "t.b"] and loaded.problems == []


def test_huge_line_skipped_without_parsing(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    record(log, "t.a", "a", "graded")
    huge = line(qid="t.huge", answer="x" * 10_000_000)
    with open(log, "ab") as handle:
        handle.write(huge)
    record(log, "t.b", "b", "graded")
    loaded = load(log)
    assert [e.qid for e in loaded.events] == ["t.a", "t.b"]
    assert loaded.problems == [f"{log}:2: line of {len(huge) - 1:,} bytes skipped"]


def test_append_writes_one_line_per_event(tmp_path: Path) -> None:
    log = tmp_path / responses.LOG_NAME
    events = [Event(f"t.q{i}", i, "practice", 1, responses.now()) for i in range(3)]
    append(log, events)
    append(log, [])
    assert load(log).events == events
    assert log.read_bytes().count(b"\n") == 3


def test_unwritable_log_is_a_responses_error(tmp_path: Path) -> None:
    folder = tmp_path / "log-is-a-folder"
    folder.mkdir()
    with pytest.raises(ResponsesError, match="cannot save the answer"):
        append(folder, [Event("t.a", "a", "graded", 1, responses.now())])
    with pytest.raises(ResponsesError, match="cannot read the responses log"):
        load(folder)
    with pytest.raises(ResponsesError, match="cannot read the responses log"):
        record(folder, "t.a", "a", "graded")
