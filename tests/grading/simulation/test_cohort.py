"""``ctcourse simulate`` never overwrites a real trainee's submission."""

from __future__ import annotations

import shutil

import pytest
from cohort import released_course, write_submission

from ctcourse.cli import main

pytestmark = pytest.mark.slow


def test_simulate_refuses_to_overwrite_a_real_trainee(tmp_path, capsys):
    root = released_course(tmp_path / "c")
    write_submission(root, "sim-0002", "quiz", {"t.single": "b"})
    real = (root / "submitted/sim-0002/quiz/responses.jsonl").read_bytes()

    assert main(["simulate", "--students", "3", "--root", str(root)]) == 2

    err = capsys.readouterr().err
    assert "submitted/sim-0002 was not written by `ctcourse simulate`" in err
    assert (root / "submitted/sim-0002/quiz/responses.jsonl").read_bytes() == real
    assert not (root / "submitted/sim-0001").exists()
    shutil.rmtree(root / "submitted/sim-0002")
    assert main(["simulate", "--students", "3", "--root", str(root)]) == 0
    assert main(["simulate", "--students", "3", "--seed", "2", "--root", str(root)]) == 0
