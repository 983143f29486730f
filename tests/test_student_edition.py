"""Both editions of the course: the teacher's (the committed notebooks) and the students' (scripts/student_edition.py).

- Teacher edition: every exercise check in the committed outputs says "correct" (nbval, run by
  ./course test over notebooks/, makes sure a fresh run still says so).
- Student edition: generated into a temporary folder, every notebook executed top to bottom
  (kernel python3, cwd its folder, 120 s per cell, PYTHONHASHSEED=0): no error, nothing on stderr,
  every check says "not yet", as many checks as the teacher edition has, and no solution survives.
- The script itself: markers, tags, refusals, --force, what it copies.

Checks are found in outputs by their marker, the first word "[exercise]" (nnmath.exercises.MARKER).
"""
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from nnmath.exercises import MARKER, find_verdicts

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load_script(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


edition = load_script("student_edition")
executor = load_script("execute_notebooks")  # the kernel configuration of ./course execute


def output_texts(cell):
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            yield output.text
        elif "data" in output:
            yield output.data.get("text/plain", "")


def verdicts(nb):
    """(cell number, title, status) of every check shown in a notebook's outputs."""
    return [(index, title, status) for index, cell in enumerate(nb.cells, 1) if cell.cell_type == "code"
            for text in output_texts(cell) for title, status in find_verdicts(text)]


def solution_lines(cell):
    """The stripped lines between the markers of a teacher cell."""
    inside, lines = False, []
    for line in cell.source.split("\n"):
        if line.strip() in (edition.BEGIN, edition.END):
            inside = line.strip() == edition.BEGIN
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


# ---------------------------------------------------------------- the teacher edition


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_teacher_edition_every_check_says_correct(path):
    nb = nbformat.read(path, as_version=4)
    found = verdicts(nb)
    wrong = [f"cell {i}: {title}: {status}" for i, title, status in found if status != "correct"]
    assert not wrong, f"{path.name}: the teacher edition's checks must pass: {wrong}"
    if any(edition.is_solution_cell(cell) for cell in nb.cells):
        assert found, f"{path.name} has solution cells but no check shows a verdict"


def test_the_course_has_at_least_one_exercise():
    assert sum(len(verdicts(nbformat.read(p, as_version=4))) for p in NOTEBOOKS) >= 1


# ---------------------------------------------------------------- the student edition, generated once


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    folder = tmp_path_factory.mktemp("student") / "edition"
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"), str(folder)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return folder, out.stdout


def test_the_script_reports_what_it_wrote(student):
    folder, report = student
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}: " in report
    assert "src/: " in report and "data/: " in report and f"wrote the student edition to {folder}" in report
    for name in ("course", "pyproject.toml", "requirements.txt", "README.md", "src/nnmath/__init__.py",
                 "data/lecture_100.csv"):
        assert (folder / name).exists(), name
    assert not list(folder.rglob("__pycache__")) and not list(folder.rglob("*.egg-info"))


def test_no_solution_and_no_output_survives(student):
    folder, _ = student
    for path in NOTEBOOKS:
        teacher = nbformat.read(path, as_version=4)
        nb = nbformat.read(folder / "notebooks" / path.name, as_version=4)
        assert "widgets" not in nb.metadata, path.name
        assert [c.id for c in nb.cells] == [c.id for c in teacher.cells], path.name
        assert [c.metadata.get("tags") for c in nb.cells] == [c.metadata.get("tags") for c in teacher.cells]
        for mine, theirs in zip(nb.cells, teacher.cells):
            if mine.cell_type != "code":
                assert mine.source == theirs.source, f"{path.name}: markdown changed"
                continue
            assert mine.outputs == [] and mine.execution_count is None, path.name
            assert "BEGIN SOLUTION" not in mine.source and "END SOLUTION" not in mine.source
            if edition.is_solution_cell(theirs):
                outside = set(line.strip() for line in edition.blank(theirs.source, "")[0].split("\n"))
                kept = [line for line in solution_lines(theirs) if line not in outside
                        and line in {l.strip() for l in mine.source.split("\n")}]
                assert not kept, f"{path.name}: solution lines survive: {kept}"
                assert edition.STUB in mine.source
            else:
                assert mine.source == theirs.source, f"{path.name}: a cell without the solution tag changed"


def test_every_student_notebook_runs_cleanly_and_every_check_says_not_yet(student, monkeypatch):
    """All notebooks in one test, one report line each (seconds, checks, problems)."""
    folder, _ = student
    monkeypatch.setenv("PYTHONHASHSEED", "0")
    monkeypatch.delenv("MPLBACKEND", raising=False)
    report, failed, total = [], False, 0
    for path in sorted((folder / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        problems = []
        try:
            NotebookClient(nb, timeout=executor.CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                           record_timing=False, config=executor.CONFIG,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except Exception as error:  # a timeout or a dead kernel
            problems.append(f"did not finish: {type(error).__name__}: {str(error)[:200]}")
        seconds = time.perf_counter() - start
        for index, cell in enumerate(nb.cells, 1):
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    problems.append(f"cell {index}: {output.ename}: {output.evalue[:200]}")
                elif output.get("name") == "stderr" and output.text.strip():
                    problems.append(f"cell {index} wrote to stderr: {output.text.strip().splitlines()[0][:200]}")
        found = verdicts(nb)
        total += len(found)
        problems += [f"cell {i}: {title}: {status}, not 'not yet'" for i, title, status in found if status != "not yet"]
        expected = len(verdicts(nbformat.read(ROOT / "notebooks" / path.name, as_version=4)))
        if len(found) != expected:
            problems.append(f"{len(found)} check(s) shown, the teacher edition shows {expected}")
        failed |= bool(problems)
        report.append(f"{path.name:28} {seconds:5.1f} s  {len(found)} check(s) not yet  "
                      + ("; ".join(problems) if problems else "ok"))
    print("\nstudent edition, executed:\n" + "\n".join(report))
    assert not failed, "\n" + "\n".join(report)
    assert total >= 1, "no check found in the student edition"


# ---------------------------------------------------------------- the script's rules


def notebook(*cells, widgets=True):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    if widgets:
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def code(source, tags=("solution",), outputs=()):
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": list(tags)} if tags else {})
    cell.outputs = [nbformat.v4.new_output("stream", text=text) for text in outputs]
    cell.execution_count = 3
    return cell


def test_a_region_becomes_the_stub_at_its_indentation_and_the_rest_is_kept():
    source = ("def update(params, grads, lr):\n"
              "    new = None  # your code\n"
              "    ### BEGIN SOLUTION\n"
              "    new = step(params, grads, lr)\n"
              "    ### END SOLUTION\n"
              "    return new")
    nb, regions, cleared = edition.student_notebook(notebook(
        nbformat.v4.new_markdown_cell("Predict: ...\n<details><summary>answer</summary>4.5</details>"),
        code(source, outputs=["[exercise] update: correct.\n"]),
        code("check_update_function(update)", tags=(), outputs=["[exercise] update: correct.\n"])))
    assert nb.cells[1].source == ("def update(params, grads, lr):\n"
                                  "    new = None  # your code\n"
                                  "    # YOUR CODE HERE\n"
                                  "    return new")
    assert regions == 1 and cleared == 2
    assert nb.cells[0].source.endswith("<details><summary>answer</summary>4.5</details>")
    assert nb.cells[1].metadata.tags == ["solution"] and nb.cells[2].source == "check_update_function(update)"
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells[1:])
    assert "widgets" not in nb.metadata


def test_two_regions_in_one_cell():
    text, regions = edition.blank("a = None\n### BEGIN SOLUTION\na = 1\n### END SOLUTION\nb = None\n"
                                  "### BEGIN SOLUTION\nb = 2\n### END SOLUTION", "x")
    assert text == "a = None\n# YOUR CODE HERE\nb = None\n# YOUR CODE HERE" and regions == 2


@pytest.mark.parametrize("cell, message", [
    (code("a = 1\n### BEGIN SOLUTION\na = 2\n### END SOLUTION", tags=()), "not tagged 'solution'"),
    (code("a = 1"), "has no ### BEGIN SOLUTION"),
    (code("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION"), "inside a solution region"),
    (code("a = None\n### BEGIN SOLUTION\na = 2"), "never closed"),
    (code("a = None\n### END SOLUTION"), "without ### BEGIN SOLUTION"),
    (code("a = None\n### BEGIN SOLUTION here\na = 2\n### END SOLUTION"), "a line of its own"),
    (code("def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION"), "does not compile"),
    (nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nx\n### END SOLUTION"), "belong in code cells"),
])
def test_a_notebook_that_cannot_be_blanked_is_refused_naming_the_cell(cell, message):
    with pytest.raises(edition.EditionError, match=message) as error:
        edition.student_notebook(notebook(nbformat.v4.new_markdown_cell("# title"), cell), "05_x.ipynb")
    assert "05_x.ipynb, cell 2" in str(error.value)


def test_magics_do_not_count_as_syntax_errors():
    nb, regions, _ = edition.student_notebook(notebook(
        code("%matplotlib inline\nx = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")))
    assert regions == 1


def fake_course(root):
    (root / "notebooks").mkdir(parents=True)
    nbformat.write(notebook(code("x = None\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION")),
                   root / "notebooks" / "01_a.ipynb")
    (root / "notebooks" / "picture.png").write_bytes(b"png")
    for folder in ("src/nnmath", "data"):
        (root / folder).mkdir(parents=True)
    (root / "src" / "nnmath" / "__init__.py").write_text("")
    (root / "src" / "nnmath" / "__pycache__").mkdir()
    (root / "data" / "a.csv").write_text("x1,x2,y\n")
    for name in ("course", "pyproject.toml", "requirements.txt", "runtime.txt"):
        (root / name).write_text(name)
    return root


def test_a_folder_that_is_not_empty_is_refused_unless_force_which_keeps_other_files(tmp_path):
    root = fake_course(tmp_path / "course")
    target = tmp_path / "edition"
    (target / ".git").mkdir(parents=True)
    (target / "notebooks").mkdir()
    (target / "notebooks" / "old.ipynb").write_text("{}")
    with pytest.raises(edition.EditionError, match="not empty"):
        edition.write_edition(target, root=root)
    report, regions = edition.write_edition(target, force=True, root=root)
    assert regions == 1 and (target / ".git").is_dir()
    assert sorted(p.name for p in (target / "notebooks").iterdir()) == ["01_a.ipynb", "picture.png"]
    assert (target / "runtime.txt").read_text() == "runtime.txt"  # Binder's files, where present
    assert not (target / "postBuild").exists() and not (target / "src" / "nnmath" / "__pycache__").exists()
    assert "notebooks/01_a.ipynb: 1 solution region(s) blanked, 0 output(s) cleared" in report
    blanked = json.loads((target / "notebooks" / "01_a.ipynb").read_text())
    assert "".join(blanked["cells"][0]["source"]) == "x = None\n# YOUR CODE HERE"


def test_the_course_itself_is_refused_as_destination(tmp_path):
    root = fake_course(tmp_path / "course")
    for target in (root, root / "notebooks" / "student"):
        with pytest.raises(edition.EditionError, match="the course itself or inside it"):
            edition.write_edition(target, force=True, root=root)


def test_a_refused_edition_writes_nothing(tmp_path):
    root = fake_course(tmp_path / "course")
    nbformat.write(notebook(code("y = 2", tags=("solution",))), root / "notebooks" / "02_b.ipynb")
    with pytest.raises(edition.EditionError, match="02_b.ipynb, cell 1"):
        edition.write_edition(tmp_path / "edition", root=root)
    assert not (tmp_path / "edition").exists()


def test_the_command_line_refuses_a_full_folder_with_exit_code_1(tmp_path):
    (tmp_path / "something").write_text("x")
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "student_edition.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "is not empty" in out.stderr and "--force" in out.stderr



def test_the_marker_is_documented_where_authors_look():
    assert MARKER in (ROOT / "CONTRIBUTING.md").read_text() and MARKER in (ROOT / "README.md").read_text()
