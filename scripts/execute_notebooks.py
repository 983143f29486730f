"""Re-execute course notebooks in place, each in a fresh kernel, so committed outputs come from the current code.

    python scripts/execute_notebooks.py [NOTEBOOK ...]    (default: every notebooks/*.ipynb)
    ./course execute [NOTEBOOK ...]                       (the same, after setting up .venv)

A NOTEBOOK is a path, or a name inside notebooks/ (05_learning_rate.ipynb).
The kernel runs in the notebook's folder with PYTHONHASHSEED=0 and matplotlib's default
(inline) backend, whatever the calling shell has set, with the same per-cell timeout as
nbval in ./course test. Widget state is kept, so the committed notebook shows its panels
(as a still picture) before anyone runs it; its size is printed. A notebook whose run
ends in an error is not written; the script then exits 1 after trying the others.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CELL_TIMEOUT = 120  # seconds, as --nbval-cell-timeout in ./course
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# Encrypt kernel traffic (CurveZMQ keys made by jupyter_client): it is private, and ipykernel stops
# printing its warning about unencrypted TCP before every notebook.
CONFIG = Config({"KernelManager": {"transport_encryption": "auto"}})


def kernel_environment() -> None:
    """Make the kernel's run repeatable: the kernel inherits this process's environment."""
    os.environ["PYTHONHASHSEED"] = "0"     # set and dict order of str keys, e.g. in printed sets
    os.environ.pop("MPLBACKEND", None)     # a backend from the shell would replace the inline figures


def resolve(argument: str) -> Path:
    for candidate in (Path(argument), NOTEBOOKS / argument):
        if candidate.is_file() and candidate.suffix == ".ipynb":
            return candidate.resolve()
    raise ValueError(f"{argument!r} is not a notebook: give a .ipynb path or a name inside {NOTEBOOKS}")


def warnings_shown(nb) -> list[str]:
    return [output.text.strip().splitlines()[0]
            for cell in nb.cells if cell.cell_type == "code"
            for output in cell.outputs
            if output.get("name") == "stderr" and output.text.strip()]


def execute(path: Path) -> str:
    """Run one notebook top to bottom in a fresh kernel and save it; return a one-line report."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", record_timing=False, config=CONFIG,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises on the first failing cell (CellExecutionError): nothing is written
    seconds = time.perf_counter() - start
    nbformat.write(nb, path)
    widgets = len(json.dumps(nb.metadata.get("widgets", {})))
    report = f"{seconds:5.1f} s  {path.stat().st_size / 1024:5.0f} KiB (widget state {widgets / 1024:.0f} KiB)"
    stderr = warnings_shown(nb)
    if stderr:
        report += f"  stderr in {len(stderr)} output(s), first: {stderr[0][:120]}"
    return report


def main(arguments: list[str]) -> int:
    try:
        paths = [resolve(a) for a in arguments] or sorted(NOTEBOOKS.glob("*.ipynb"))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    kernel_environment()
    failed = []
    for path in paths:
        try:
            print(f"{path.name}: {execute(path)}", flush=True)
        except Exception as error:  # a cell error, a timeout, a dead kernel: report it, go on, fail at the end
            failed.append(path.name)
            print(f"{path.name}: FAILED, not saved: {type(error).__name__}:\n{str(error)[-2000:]}", flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
