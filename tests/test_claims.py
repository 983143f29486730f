"""Every figure a notebook's prose states is shown by that notebook's code or outputs (issue: say only what
the computation shows).

A figure is a decimal number (2.5, 0.0004, 1e-7) or any number with three or more digits (300, 1,000,000).
It is "shown" when the same number appears in the notebook's code or in the text of an output: the prose's
"0.0004" is shown by the code's 4e-4, but "about 1.93" is not shown by an output 1.928 (quote what is printed,
at the precision it is printed). Numbers inside an allow-listed context (an equation's constant, a year)
are exempt only through ALLOWED below, each with its reason.
"""
import math
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

# A number as prose writes it: 1,000,000 / 0.0004 / 1e-7 / 2.5e+06 / .5 (with an optional sign).
NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+−]?\d+)?(?![\w])")

ALLOWED = {
    # notebook: {figure text: reason}
    "*": {
        "2025": "the year of the lecture's repository name (DeepLearning2025)",
    },
}


def numbers_in(text: str):
    """(text, value, decimals) for every number in a text; decimals = digits after the point (None for 1e-7)."""
    found = []
    for match in NUMBER.finditer(text):
        raw = match.group(0)
        if not re.search(r"\d", raw):
            continue
        clean = raw.replace(",", "").replace("−", "-")
        try:
            value = float(clean)
        except ValueError:
            continue
        mantissa = re.split(r"[eE]", clean)[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        found.append((raw, value, decimals, "e" in clean.lower()))
    return found


def is_figure(raw: str, value: float, decimals: int, scientific: bool) -> bool:
    digits = re.sub(r"\D", "", re.split(r"[eE]", raw)[0])
    return decimals > 0 or scientific or len(digits.lstrip("0") or "0") >= 3


def strip_markdown_noise(text: str) -> str:
    """Drop links' targets, image data and HTML attributes, which hold numbers no reader reads as figures."""
    text = re.sub(r"\]\([^)]*\)", "]", text)              # [label](target)
    text = re.sub(r"<[^>]+>", " ", text)                   # html tags and their attributes
    text = re.sub(r"\b\d\d_[a-z_]+(\.ipynb)?\b", " ", text)  # notebook names such as 05_learning_rate
    return text


def shown_values(nb) -> list[float]:
    values = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        texts = [cell.source]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
            elif "data" in output:
                for kind in ("text/plain", "text/html", "text/markdown"):
                    if kind in output["data"]:
                        texts.append(output["data"][kind])
            elif output.get("output_type") == "error":
                texts.append(output.get("evalue", ""))
        for text in texts:
            values.extend(value for _, value, _, _ in numbers_in(text))
    return values


def matches(value: float, decimals: int, scientific: bool, shown: list[float]) -> bool:
    """The same number appears in the code or an output, as written there: "0.0004" is shown by the code's 4e-4,
    "1.93" is not shown by an output 1.928 (the prose must quote what is printed, at the precision printed)."""
    return any(math.isclose(v, value, rel_tol=1e-12, abs_tol=1e-300) for v in shown)


def unshown_figures(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    shown = shown_values(nb)
    allowed = {**ALLOWED.get("*", {}), **ALLOWED.get(path.name, {})}
    missing = []
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "markdown":
            continue
        for raw, value, decimals, scientific in numbers_in(strip_markdown_noise(cell.source)):
            if raw in allowed or not is_figure(raw, value, decimals, scientific):
                continue
            if not matches(value, decimals, scientific, shown) and not matches(-value, decimals, scientific, shown):
                missing.append(f"cell {index}: {raw}")
    return missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_in_the_prose_is_shown_by_the_notebooks_code_or_outputs(path):
    missing = unshown_figures(path)
    assert not missing, (f"{len(missing)} figure(s) in the prose appear in no code or output of {path.name}: "
                         + ", ".join(missing))


def test_the_figure_reader_finds_figures_and_their_precision():
    assert [(r, v, d) for r, v, d, _ in numbers_in("about 1.93, 1,000,000 epochs, lr 1e-7 and 3 nodes")] == [
        ("1.93", 1.93, 2), ("1,000,000", 1e6, 0), ("1e-7", 1e-7, 0), ("3", 3.0, 0)]
    assert matches(1.93, 2, False, [1.93]) and not matches(1.93, 2, False, [1.928]) and not matches(1.93, 2, False, [1.94])
    assert matches(0.0004, 4, False, [4e-4]) and matches(1e-7, 0, True, [1e-07])
    assert not is_figure("3", 3.0, 0, False) and is_figure("300", 300.0, 0, False)
