"""Write the student edition of the course: the notebooks with every solution blanked, ready to hand out.

    python scripts/student_edition.py DIR [--force]
    ./course student DIR [--force]

The notebooks in the repository are the teacher edition: every exercise solved, every check
"correct". In a code cell tagged `solution`, the solution sits between nbgrader's markers, below
the line the student starts from:

    my_value = None  # your answer
    ### BEGIN SOLUTION
    my_value = 4.5
    ### END SOLUTION

The student edition replaces each marked region (the markers included) by `# YOUR CODE HERE`
at the markers' indentation, clears every output and execution count and the saved widget state,
and leaves everything else as it is: markdown, collapsed <details> answers, tags, cell ids.
DIR receives notebooks/ (so edited), data/, and what installs and runs the course: `course`,
pyproject.toml, requirements.txt, src/ (the nnmath package the notebooks import), a README.md
for students, and, where the repository has them, Binder's runtime.txt, postBuild, start and the
deploy/ folder postBuild calls. A DIR that is not empty is refused unless --force; with --force
only those entries are replaced and anything else in DIR (a .git folder, say) is kept.

Refused, with the notebook and cell named: markers in a cell without the `solution` tag (or a
tagged cell without markers), nested or unclosed markers, and a blanked cell that would no longer
compile (a marked region that was a whole block: keep the student's starting line above it).

Why not nbgrader's ClearSolutions: measured on this machine (nbgrader 0.9.6 in a copy of the
course's .venv), it installs 5 more packages (nbgrader, SQLAlchemy, alembic, Mako, RapidFuzz,
+64 MiB on 829 MiB), importing the preprocessor loads SQLAlchemy (125 modules, +0.65 s), and it
enables 4 Jupyter server extensions (formgrader, assignment and course lists, validation) and a
JupyterLab extension in the environment the students open. Its preprocessor also refuses our
notebooks as they are ("Solution region detected in a non-solution cell": it wants its own cell
metadata, not a tag); configured with ClearSolutions(enforce_metadata=False,
code_stub={"python": "# YOUR CODE HERE"}) it gives the same cell sources as this script on all
eleven notebooks. What the course needs of it is that marker scan, about 60 lines here; the
markers are nbgrader's, so a lecturer who grades with nbgrader can use the notebooks with that
configuration (README, "The student edition").
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
TAG = "solution"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "# YOUR CODE HERE"

COPIED = ("course", "pyproject.toml", "requirements.txt", "src", "data")
"""Entries copied as they are (besides notebooks/, which is edited)."""
COPIED_IF_PRESENT = ("runtime.txt", "postBuild", "start", "deploy")
"""Binder's files, where the repository has them."""
SKIPPED_NAMES = ("__pycache__", "*.egg-info", ".ipynb_checkpoints", "*.nbi", "*.nbc", ".pytest_cache")
"""Caches and build leftovers, never copied."""
SKIPPED = shutil.ignore_patterns(*SKIPPED_NAMES)

STUDENT_README = """\
# NN Math Lab: student edition

A hands-on course on one tiny neural network. Open it with

    ./course open

(needs Python 3.11 and bash; the first time it installs what it needs into .venv, about a minute),
then start with `notebooks/00_index.ipynb`.

## Exercises

Each exercise is a cell with a line such as `my_value = None  # your answer` and a `# YOUR CODE HERE`
below it: write your answer there, run the cell, then run the check cell under it. The check answers
with one line that starts with `[exercise]`:

- `correct`, with the true value beside yours;
- `wrong`, with a hint about the usual mistake that gives your number;
- `not yet`, while your answer is still `None` (or your function is not written).
"""


class EditionError(ValueError):
    """A notebook cannot be turned into its student edition (the message names the notebook and cell)."""


def is_solution_cell(cell) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", [])


def blank(source: str, where: str) -> tuple[str, int]:
    """The source with each marked region replaced by STUB at the BEGIN marker's indentation; (text, regions)."""
    lines, inside, regions = [], False, 0
    for line in source.split("\n"):
        marker = line.strip()
        if marker == BEGIN:
            if inside:
                raise EditionError(f"{where}: {BEGIN} inside a solution region")
            inside, regions = True, regions + 1
            lines.append(line[: len(line) - len(line.lstrip())] + STUB)
        elif marker == END:
            if not inside:
                raise EditionError(f"{where}: {END} without {BEGIN}")
            inside = False
        elif "BEGIN SOLUTION" in line or "END SOLUTION" in line:
            raise EditionError(f"{where}: a marker must be a line of its own, exactly {BEGIN!r} or {END!r}")
        elif not inside:
            lines.append(line)
    if inside:
        raise EditionError(f"{where}: {BEGIN} never closed by {END}")
    return "\n".join(lines), regions


def compiles(source: str) -> bool:
    """True if the cell is valid IPython (magics such as %matplotlib are translated first)."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        compile(TransformerManager().transform_cell(source), "<cell>", "exec")
    except SyntaxError:
        return False
    return True


def student_notebook(nb, name: str = "notebook") -> tuple[object, int, int]:
    """The student edition of one notebook (a copy); returns (notebook, regions blanked, outputs cleared)."""
    nb = nbformat.from_dict(nb)  # a deep copy
    regions = cleared = 0
    for index, cell in enumerate(nb.cells, 1):
        where = f"{name}, cell {index}"
        marked = BEGIN in cell.source or END in cell.source
        if cell.cell_type != "code":
            if marked:
                raise EditionError(f"{where}: solution markers belong in code cells")
            continue
        if marked != is_solution_cell(cell):
            raise EditionError(f"{where}: " + (f"solution markers in a cell not tagged {TAG!r}" if marked
                                               else f"tagged {TAG!r} but has no {BEGIN} ... {END} region"))
        if marked:
            cell.source, count = blank(cell.source, where)
            if not compiles(cell.source):
                raise EditionError(f"{where}: without its solution the cell does not compile; keep the student's "
                                   f"starting line (e.g. `result = None`) above {BEGIN}")
            regions += count
        cleared += len(cell.outputs)
        cell.outputs = []
        cell.execution_count = None
    nb.metadata.pop("widgets", None)
    return nb, regions, cleared


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def write_edition(destination: Path, force: bool = False, root: Path = ROOT) -> tuple[list[str], int]:
    """Write the student edition into destination; return (one report line per entry written, regions blanked)."""
    destination = destination.resolve()
    sources = [root / "notebooks"] + [root / n for n in COPIED] + [root / n for n in COPIED_IF_PRESENT]
    if destination == root or any(_inside(destination, s) for s in sources):
        raise EditionError(f"{destination} is the course itself or inside it: choose a folder outside {root}")
    if destination.exists() and any(destination.iterdir()) and not force:
        raise EditionError(f"{destination} is not empty: choose an empty folder, or pass --force to replace the "
                           f"student edition in it (other files there are kept)")
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    editions = []
    for path in notebooks:  # everything is checked before anything is written
        editions.append((path, *student_notebook(nbformat.read(path, as_version=4), path.name)))
    destination.mkdir(parents=True, exist_ok=True)
    entries = ["notebooks"] + [n for n in COPIED] + [n for n in COPIED_IF_PRESENT if (root / n).exists()]
    for name in entries + ["README.md"]:
        target = destination / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    report = []
    shutil.copytree(root / "notebooks", destination / "notebooks", ignore=shutil.ignore_patterns("*.ipynb", *SKIPPED_NAMES))
    for path, nb, regions, cleared in editions:
        nbformat.write(nb, destination / "notebooks" / path.name)
        report.append(f"notebooks/{path.name}: {regions} solution region(s) blanked, {cleared} output(s) cleared")
    for name in entries[1:]:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=SKIPPED)
            count = sum(1 for p in (destination / name).rglob("*") if p.is_file())
            report.append(f"{name}/: {count} file(s) copied")
        else:
            shutil.copy2(source, destination / name)
            report.append(f"{name}: copied")
    (destination / "README.md").write_text(STUDENT_README, encoding="utf-8")
    report.append("README.md: written for students")
    return report, sum(regions for _, _, regions, _ in editions)


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="student_edition.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="where to write the student edition")
    parser.add_argument("--force", action="store_true", help="replace a student edition already in DIRECTORY")
    options = parser.parse_args(arguments)
    try:
        report, regions = write_edition(options.directory, options.force)
    except EditionError as error:
        print(f"student edition: {error}", file=sys.stderr)
        return 1
    print("\n".join(report))
    print(f"wrote the student edition to {options.directory.resolve()} ({regions} solution region(s) blanked)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
