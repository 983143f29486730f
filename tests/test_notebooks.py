"""Every committed notebook was executed top to bottom in one fresh kernel and ended cleanly.

nbval (run over notebooks/ by ./course test) re-runs each notebook and compares its
outputs; these checks catch what nbval does not: stale or partial executions, hidden
warnings, and output comparisons switched off without a reason.
"""
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_the_course_has_notebooks():
    assert len(NOTEBOOKS) >= 1, "notebooks/ holds no .ipynb file"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_named_by_its_place_in_the_course(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), "name notebooks NN_name.ipynb (CONTRIBUTING.md)"


def read(path):
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    return nb, [(index, cell) for index, cell in enumerate(nb.cells, 1) if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_valid_and_runs_on_the_python3_kernel(path):
    nb, _ = read(path)
    assert nb.nbformat == 4
    nbformat.validate(nb)  # raises ValidationError naming the broken part
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    assert kernel == "python3", f"kernelspec {kernel!r}: the course runs on the python3 kernel of its .venv"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_was_run_top_to_bottom_in_one_fresh_kernel(path):
    _, cells = read(path)
    ran = [(index, cell.execution_count) for index, cell in cells if cell.source.strip()]
    never = [index for index, count in ran if count is None]
    assert not never, f"cells {never} were never executed: run ./course execute {path.relative_to(path.parents[1])}"
    counts = [count for _, count in ran]
    assert counts == list(range(1, len(counts) + 1)), \
        f"execution counts {counts}: cells ran out of order, twice, or across kernel restarts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_shows_no_error_and_no_warning(path):
    _, cells = read(path)
    for index, cell in cells:
        for output in cell.outputs:
            assert output.output_type != "error", f"cell {index}: {output.ename}: {output.evalue}"
            if output.get("name") == "stderr":
                assert not re.search(r"Warning|Traceback|Error", output.text), f"cell {index}: {output.text[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_live_panels_and_volatile_cells_skip_output_comparison(path):
    _, cells = read(path)
    for index, cell in cells:
        tags = set(cell.metadata.get("tags", []))
        if "live-panel" in tags:
            assert "nbval-ignore-output" in tags, f"cell {index}: a live panel's widget output changes every run"
        assert "nbval-skip" not in tags, f"cell {index}: a skipped cell could hide a failure"
        if "nbval-ignore-output" in tags:
            assert tags & {"live-panel", "volatile"}, \
                f"cell {index}: say why its output is not compared (tag live-panel or volatile)"
