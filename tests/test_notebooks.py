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


LONGEST_CELL = 25  # lines of code; longer cells belong in nnmath, unless they are the arithmetic being taught


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short_unless_tagged_teaching_code_with_a_reason(path):
    """Notebooks teach, the package computes and draws: a figure is one call into nnmath.ui.

    A longer cell is allowed only when its length is the lesson (a training loop written out),
    tagged `teaching-code` with the reason in the cell's metadata: {"teaching-code": "why"}.
    """
    _, cells = read(path)
    long_cells = []
    for index, cell in cells:
        lines = [line for line in cell.source.splitlines() if line.strip()]
        if len(lines) <= LONGEST_CELL:
            continue
        tagged = "teaching-code" in cell.metadata.get("tags", [])
        reason = str(cell.metadata.get("teaching-code", "")).strip()
        if not (tagged and reason):
            long_cells.append(f"cell {index} ({len(lines)} lines)")
    assert not long_cells, (f"{path.name}: {', '.join(long_cells)} are longer than {LONGEST_CELL} lines: move the "
                            "plotting or bookkeeping into nnmath, or tag the cell teaching-code with a reason")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_draw_through_nnmath_ui_not_matplotlib(path):
    """Static figures come from one call into nnmath.ui; a notebook never builds a figure by hand."""
    _, cells = read(path)
    drawing = re.compile(r"\b(plt\.(subplots?|figure|plot|scatter|imshow|contourf?|bar|hist)|\.add_subplot|"
                         r"ax\.(plot|scatter|bar|imshow|contourf?|hist|fill_between|axhline|axvline|annotate))\(")
    offenders = [index for index, cell in cells if drawing.search(cell.source)
                 and "teaching-code" not in cell.metadata.get("tags", [])]
    assert not offenders, f"{path.name}: cells {offenders} draw with matplotlib directly; call a figure in nnmath.ui"
