"""Make data/lr_1e-7_million_epochs.json: the students' lr 1e-7 for 1,000,000 epochs (05_learning_rate, report A).

    python data/make_long_run.py            # rewrite the file next to this script (a few seconds)
    python data/make_long_run.py OUTFILE    # write it somewhere else

The run is exactly the students': the lecture's data (`nnmath.data.lecture_data()`), the tool-2 start
(`nnmath.init.LECTURE_START_2`), online in data order, "the lecture's fixed loop" with a ReLU on the output
(`nnmath.faulty_train(..., *nnmath.core.lr_study.STUDENTS_LOOP)`). The file keeps the epoch loss (the mean over
the epoch, as the lecture printed it) at about 330 checkpoints, spread evenly on a log scale and including every
epoch report A names, and the final parameters. Floats are written as Python's shortest exact text, so the file
reads back to the very numbers the run produced. tests/test_lr_study.py runs `long_run(epochs=20_000, keep=...)`
and requires the file's losses at its checkpoints up to epoch 20,000 bit for bit.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

import nnmath
from nnmath.core.init import LECTURE_START_2
from nnmath.core.lr_study import LONG_RUN_FILE, STUDENTS_LOOP

LR = 1e-7
EPOCHS = 1_000_000
NAMED_EPOCHS = (1, 2, 12, 25, 1000, 10_000, 100_000, 500_000, 1_000_000)  # the epochs the notebook reads


def checkpoint_epochs(epochs: int, count: int = 400) -> np.ndarray:
    """About `count` epochs from 1 to `epochs`, evenly spread on a log scale, with every named epoch up to `epochs`."""
    spread = np.unique(np.geomspace(1, epochs, count).round().astype(np.int64))
    named = [e for e in NAMED_EPOCHS if e <= epochs]
    return np.union1d(spread, np.array(named, dtype=np.int64))


def long_run(epochs: int = EPOCHS, lr: float = LR, keep=None) -> dict:
    """Run the students' loop and return what the file holds; keep: the epochs to keep (default checkpoint_epochs)."""
    X, y = nnmath.data.lecture_data()
    tic = time.perf_counter()
    run = nnmath.faulty_train(LECTURE_START_2, X, y, lr, epochs, *STUDENTS_LOOP)
    seconds = time.perf_counter() - tic
    kept = checkpoint_epochs(epochs) if keep is None else np.asarray(keep, dtype=np.int64)
    return {
        "what": "the students' lr 1e-7 run (report A): epoch loss at checkpoints and the final parameters",
        "data": "nnmath.data.lecture_data()",
        "start": list(LECTURE_START_2.to_array().tolist()),
        "lr": lr,
        "epochs": epochs,
        "fault": STUDENTS_LOOP[0],
        "output": STUDENTS_LOOP[1],
        "made_by": "data/make_long_run.py (nnmath.faulty_train)",
        "seconds": round(seconds, 2),
        "checkpoints": kept.tolist(),
        "losses": run.losses[kept - 1].tolist(),
        "params": run.params.to_array().tolist(),
    }


def write(path=LONG_RUN_FILE, epochs: int = EPOCHS) -> Path:
    nnmath.warm_up()  # compile first, so the time kept is the run's own
    path = Path(path)
    path.write_text(json.dumps(long_run(epochs), indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else LONG_RUN_FILE))
