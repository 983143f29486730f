"""Regenerate every generated CSV in this folder from its seed.

    python data/make_data.py            # rewrite the files next to this script
    python data/make_data.py OUTDIR     # write them somewhere else (the tests compare bytes)

The real-world file stackloss.csv is not generated; data/README.md says where it comes from.
"""
from __future__ import annotations

import sys
from pathlib import Path

from nnmath.core.csvfiles import save_csv
from nnmath.core.data import lecture_data, quadratic_data, random_target_data

HERE = Path(__file__).resolve().parent

# File name -> the call that makes it. Seeds are spelled out so the file documents itself.
GENERATED = {
    "lecture_100.csv": lambda: lecture_data(n=100, seed=123),
    "quadratic_300.csv": lambda: quadratic_data(n=300, seed=0, x1_range=(-5, 5), x2_range=(-10, 10), noise_max=4),
    "random_target_300.csv": lambda: random_target_data(n=300, seed=0, low=0, high=99),
}


def write_all(directory=HERE) -> list[Path]:
    """Write every generated CSV into directory; return the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in GENERATED.items():
        X, y = make()
        save_csv(directory / name, X, y, columns=("x1", "x2", "y"), overwrite=True)
        written.append(directory / name)
    return written


if __name__ == "__main__":
    for path in write_all(sys.argv[1] if len(sys.argv) > 1 else HERE):
        print(path)
