"""Code test cells run outside the trainee's kernel, on the values the trainee's code computed.

A trainee's kernel can rebind anything a test calls (``builtins.abs = lambda x: 0`` made every
``assert abs(answer - key) < 1e-9`` pass). So a code test cell is not run there: at its place in
the notebook the kernel is only asked for the values of the names the test reads (as JSON), and
the test runs in a fresh interpreter of the grader's environment (``python -I``) on those values.
Whatever the trainee did to their interpreter then changes nothing but the values they export,
which they could as well have typed in.

The values a test can read: JSON data (numbers, text, lists, dicts, ``None``), arrays (through
``tolist()``) and modules from :data:`MODULES`; anything else fails the test with a message.
"""

from __future__ import annotations

import ast
import builtins
import json
import subprocess
import sys
import tempfile

from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader import utils

from ctcourse.grading.kernelfree import is_quiz_test

#: Modules a test may use from the notebook's namespace (imported afresh outside the kernel).
MODULES = frozenset(
    {"math", "statistics", "numpy", "pandas", "collections", "fractions", "decimal", "re"}
)
OUTPUT_CHARS = 100_000

# Sent to the trainee's kernel: print the test's names as JSON after a marker, and nothing else.
EXPORT = """
def _ctcourse_export(names, marker):
    import json, types
    def plain(value):
        if isinstance(value, types.ModuleType):
            return {"__module__": value.__name__}
        if hasattr(value, "tolist"):
            return value.tolist()
        return {"__unexportable__": type(value).__name__}
    found = {n: globals()[n] for n in names if n in globals()}
    print(marker + json.dumps(found, default=plain))
_ctcourse_export(NAMES, MARKER)
del _ctcourse_export
"""

# Run by a fresh ``python -I``: the test's source on the exported values, a JSON result.
RUNNER = """
import ast, contextlib, importlib, io, json, sys, traceback
job = json.load(sys.stdin)
out, result, namespace = io.StringIO(), {"value": None, "error": None}, {}
try:
    for name, value in job["values"].items():
        if isinstance(value, dict) and list(value) == ["__module__"]:
            if value["__module__"].split(".")[0] not in job["modules"]:
                raise TypeError(f"{name}: the module {value['__module__']} is not checked")
            value = importlib.import_module(value["__module__"])
        elif isinstance(value, dict) and list(value) == ["__unexportable__"]:
            kind = value["__unexportable__"]
            raise TypeError(f"{name} is a {kind}, which the grader cannot check")
        namespace[name] = value
    tree = ast.parse(job["source"])
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<test>", "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<test>", "eval"), namespace)
            result["value"] = None if value is None else repr(value)
except BaseException as exc:
    lines = traceback.format_exception_only(type(exc), exc)
    result["error"] = {"ename": type(exc).__name__, "evalue": str(exc), "traceback": lines}
result["stdout"] = out.getvalue()
sys.stdout.write(json.dumps(result))
"""


def is_code_test(cell: NotebookNode) -> bool:
    """An autograder test cell of a code exercise (not a quiz question's hidden key)."""
    return (
        cell.cell_type == "code"
        and utils.is_grade(cell)
        and not utils.is_solution(cell)
        and not is_quiz_test(cell)
    )


def free_names(source: str) -> list[str]:
    """The names a test reads that it does not bind itself and that are not builtins."""
    lines = ("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return sorted(loaded - bound - set(dir(builtins)))


def export_source(names: list[str], marker: str) -> str:
    """The code that asks the trainee's kernel for ``names``."""
    return EXPORT.replace("NAMES", repr(names)).replace("MARKER", repr(marker))


def read_export(outputs: list[NotebookNode], marker: str) -> dict | str:
    """The exported values, or why there are none (the kernel failed or printed no export)."""
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    for line in reversed(text.splitlines()):
        if line.startswith(marker):
            try:
                values = json.loads(line[len(marker) :])
            except ValueError:
                break
            return values if isinstance(values, dict) else "the export is not a mapping"
    errors = [f"{o.ename}: {o.evalue}" for o in outputs if o.get("output_type") == "error"]
    return errors[0] if errors else "the notebook's values could not be read"


def _error(ename: str, evalue: str, traceback: list[str] | None = None) -> NotebookNode:
    return new_output("error", ename=ename, evalue=evalue[:1000], traceback=traceback or [])


def run_outside(source: str, values: dict | str, timeout: int | None) -> list[NotebookNode]:
    """The test cell's outputs, from running ``source`` in a fresh interpreter on ``values``."""
    if isinstance(values, str):
        return [_error("ValuesUnavailable", values)]
    job = json.dumps({"source": source, "values": values, "modules": sorted(MODULES)})
    with tempfile.TemporaryDirectory(prefix="ctcourse-test-") as cwd:
        try:
            run = subprocess.run(
                [sys.executable, "-I", "-c", RUNNER],
                input=job,
                capture_output=True,
                text=True,
                cwd=cwd,
                timeout=timeout,
            )
            result = json.loads(run.stdout)
        except subprocess.TimeoutExpired:
            return [_error("CellTimeoutError", f"the test ran past {timeout} s")]
        except ValueError:
            return [_error("TestRunnerError", run.stderr.strip()[-1000:])]
    outputs = []
    if result["stdout"]:
        outputs.append(new_output("stream", name="stdout", text=result["stdout"][:OUTPUT_CHARS]))
    if result["value"] is not None:
        data = {"text/plain": result["value"][:OUTPUT_CHARS]}
        outputs.append(new_output("execute_result", data=data, execution_count=None))
    if result["error"]:
        error = result["error"]
        outputs.append(_error(error["ename"], error["evalue"], error["traceback"]))
    return outputs
