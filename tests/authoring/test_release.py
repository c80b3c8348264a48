"""``ctcourse release`` through real nbgrader: every notebook released, no graded key leaks."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
import pytest
from coursefactory import REPO, key_cell, make_course, notebook, question_cell, sample_notebook
from nbformat.v4 import new_code_cell

from ctcourse.authoring.release import leaks, release
from ctcourse.cli import main
from ctcourse.course import load_course
from ctcourse.errors import CourseError, ReleaseError
from ctcourse.quiz.reader import read_notebook

pytestmark = pytest.mark.slow


def second(qid: str) -> nbformat.NotebookNode:
    return notebook(
        question_cell("ordering", qid, "Order", items={"a": "A", "b": "B"}, points=1),
        key_cell(qid, ["b", "a"], 1, explanation="B first."),
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A two-module course released once; tests that change it work on a copy."""
    root = make_course(
        tmp_path_factory.mktemp("released") / "course",
        {"m1": {"quiz": sample_notebook()}, "m2": {"a": second("u.a"), "b": second("u.b")}},
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_CONFIG_DIR", str(root.parent / "jupyter"))
        env.setenv("IPYTHONDIR", str(root.parent / "ipython"))
        env.delenv("CTCOURSE_DB_URL", raising=False)
        folders = release(load_course(root))
    assert folders == [root / "release" / "m1", root / "release" / "m2"]
    yield root


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_every_notebook_released_without_keys(released: Path) -> None:
    assert files(released / "release") == {"m1/quiz.ipynb", "m2/a.ipynb", "m2/b.ipynb"}
    assert leaks(load_course(released)) == []
    for path in (released / "release").rglob("*.ipynb"):
        text = path.read_text("utf-8")
        for marker in ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "quiz.key("):
            assert marker not in text, (path, marker)

    shown = "release/m1/quiz.ipynb"
    quiz = read_notebook(released / shown, shown)
    # practice questions keep their key and explanation; graded ones are there, without key
    assert {item.question.id: item.key for item in quiz.items} == {
        "t.practice-one": "a",
        "t.practice-two": False,
    }
    source = read_notebook(released / "source/m1/quiz.ipynb")
    graded = {item.question.id for item in source.graded()}
    assert len(graded) == 7
    assert {p.message.split(":")[0] for p in quiz.problems} == graded  # each "found 0" keys
    nb = nbformat.read(released / shown, as_version=4)
    assert sum("quiz." in c.source for c in nb.cells if c.cell_type == "code") == 10
    assert "YOUR ANSWER HERE" in nb.cells[-2].source  # the Sources cell is last


def test_every_released_notebook_carries_its_module_label(released: Path) -> None:
    """The Assignment List's titles: each notebook's heading (else course.yml's title) and place."""
    for position, module in enumerate(("m1", "m2"), start=1):
        for path in sorted((released / "release" / module).glob("*.ipynb")):
            label = nbformat.read(path, as_version=4).metadata["ctcourse"]
            assert label["module"] == module and label["position"] == position
            assert label["title"]


def test_a_trainee_sees_no_code(released: Path) -> None:
    """Every code cell a trainee does not write in is released folded (jupyter.source_hidden)."""
    folded = []
    for path in sorted((released / "release").rglob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                folded.append(cell.metadata.get("jupyter", {}).get("source_hidden") is True)
    assert folded and all(folded), folded


def test_release_rebuilds_a_module_from_scratch(released: Path, tmp_path: Path) -> None:
    root = shutil.copytree(released, tmp_path / "course")
    (root / "source/m2/b.ipynb").unlink()
    (root / "release/m2/stale.txt").write_text("left over")
    assert release(load_course(root), ["m2"]) == [root / "release/m2"]
    assert files(root / "release") == {"m1/quiz.ipynb", "m2/a.ipynb"}
    with pytest.raises(CourseError, match="no module 'nope'"):
        release(load_course(root), ["nope"])


def _inject(source: str) -> Callable[[Path], None]:
    def add_cell(path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(new_code_cell(source))
        nbformat.write(nb, path)

    return add_cell


def _widget_state(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nbformat.write(nb, path)


@pytest.mark.parametrize(
    ("inject", "fragment"),
    [
        (
            _inject(
                '### BEGIN HIDDEN TESTS\nquiz.key("t.single", "b", explanation="E")\n'
                "### END HIDDEN TESTS"
            ),
            "hidden-test or solution marker",
        ),
        (_inject("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"), "solution marker"),
        (_widget_state, "saved widget state"),
        # a key that lost its markers still tells trainees the answer
        (_inject('quiz.key("t.single", "b", explanation="E")'), "quiz.ipynb:21:"),
    ],
    ids=["hidden-region", "solution", "widget-state", "bare-key"],
)
def test_leak_injected_after_release_is_found(
    released: Path, tmp_path: Path, inject: Callable[[Path], None], fragment: str
) -> None:
    root = shutil.copytree(released, tmp_path / "course")
    inject(root / "release/m1/quiz.ipynb")
    found = leaks(load_course(root))
    assert found and all(f.startswith("release/m1/quiz.ipynb") for f in found)
    assert any(fragment in f for f in found), found


def test_release_refuses_an_invalid_course(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    broken = notebook(question_cell("true_false", "t.a", "True?"))  # graded, no key
    root = make_course(tmp_path / "course", {"m1": {"quiz": broken}})
    with pytest.raises(ReleaseError, match=r"1 problem\(s\) in the course"):
        release(load_course(root))
    assert not (root / "release").exists()

    assert main(["release", "--root", str(root)]) == 2
    out, err = capsys.readouterr()
    assert "source/m1/quiz.ipynb:3: t.a: graded question needs exactly one key" in out
    assert err.count("\n") == 1 and err.startswith("ctcourse: error: 1 problem(s)")


def _committed_files(release_dir: Path) -> set[str]:
    """Files under the repo's release/ that git would commit (ignored local files excluded)."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "release"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return files(release_dir)
    return {str(Path(p).relative_to("release")) for p in listed if (REPO / p).is_file()}


def test_committed_release_is_current_and_key_free(tmp_path: Path) -> None:
    if not any((REPO / "source").rglob("*.ipynb")):
        pytest.skip("source/ holds no module notebook yet")
    root = tmp_path / "course"
    root.mkdir()
    for name in ("course.yml", "nbgrader_config.py"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(
        REPO / "source", root / "source", ignore=shutil.ignore_patterns(".ipynb_checkpoints")
    )
    release(load_course(root))

    fresh = files(root / "release")
    committed = _committed_files(REPO / "release")
    assert sorted(fresh - committed) == [], "missing from release/: run `ctcourse release`"
    assert sorted(committed - fresh) == [], "stale files in release/: run `ctcourse release`"
    stale = [
        name
        for name in sorted(fresh)
        if (root / "release" / name).read_bytes() != (REPO / "release" / name).read_bytes()
    ]
    assert stale == [], "release/ is out of date: run `ctcourse release`"
    assert leaks(load_course(REPO)) == []
