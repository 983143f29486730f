"""Re-execute course notebooks in place, each in a fresh kernel, so committed outputs come from the current code.

    python scripts/execute_notebooks.py [notebooks/NN_name.ipynb ...]   (default: every notebook)

Fails (exit 1) if any cell ends in an error. Prints each notebook's time.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    os.environ["PYTHONHASHSEED"] = "0"
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}},
                   record_timing=False).execute()
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise RuntimeError(f"{path.name}: a cell ended in {output.get('ename')}: {output.get('evalue')}")
    return seconds


def main(argv):
    paths = [Path(a).resolve() for a in argv] or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    failed = False
    for path in paths:
        try:
            seconds = execute(path)
            print(f"{path.name}: {seconds:.1f} s, {path.stat().st_size / 1024:.0f} KiB")
        except Exception as error:  # report every notebook, then fail
            failed = True
            print(f"{path.name}: FAILED: {error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
