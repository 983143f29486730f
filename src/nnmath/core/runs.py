"""What a training run returns: `Run` for one run of the lecture network, `SweepResult` for many.

Field names shared across the course's results (`MLPRun` in core.mlp too):
`losses`, `diverged_at` (None or the 1-based epoch/iteration of the first runaway
number), `interrupted` (the run was stopped with Ctrl-C and holds what it had).
They differ where the thing differs: a `Run` holds `params` (the nine numbers) and
counts `epochs` (passes over the data); an `MLPRun` holds `net` (weight matrices)
and counts `iterations` (full-batch updates), and its losses[0] is the start's loss.
Taught in 04_training_loop.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .checks import MAX_EPOCHS, MAX_TRAJECTORY, OrNone, Whole, check, real_array, refuse, validate
from .params import Params, check_params


@dataclass(frozen=True)
class Run:
    """The result of one training run of the lecture network (04_training_loop)."""

    start: Params
    params: Params                  # final parameters (the last sensible ones if the run diverged)
    losses: np.ndarray              # losses[k]: the mean loss over epoch k + 1's updates
    diverged_at: int | None         # 1-based epoch where a number ran away (NaN, inf or beyond 1e100)
    lrs: np.ndarray                 # the learning rate used in each epoch
    trajectory: np.ndarray | None = field(default=None, repr=False)  # (epochs_run + 1, 9): start, then each epoch's end
    interrupted: bool = False       # stopped early by Ctrl-C; holds the epochs completed

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    @property
    def final_loss(self) -> float:
        """The last epoch's running mean loss (the lecture's printout), not the loss of `params`.

        For the loss of the final parameters use nnmath.loss(run.params, X, y).
        None-safe: NaN when no epoch ran.
        """
        return float(self.losses[-1]) if len(self.losses) else float("nan")

    @property
    def epochs_run(self) -> int:
        return len(self.losses)

    @classmethod
    def from_trajectory(cls, start: Params, trajectory, losses, diverged_at, lr: float) -> "Run":
        """A constant-rate run from its trajectory (start, then each completed epoch's end) and epoch losses.

        losses: at least one per completed epoch (later entries, NaN after a divergence, are dropped);
        diverged_at: None (or 0) or the 1-based epoch that ran away.
        """
        check_params(start, "start")
        trajectory = real_array("trajectory", trajectory, 2, 9, max_rows=MAX_TRAJECTORY)
        ran = len(trajectory) - 1
        losses = real_array("losses", losses, 1, min_rows=ran, max_rows=MAX_EPOCHS, finite=False)[:ran]
        if not np.isfinite(losses).all():
            raise refuse("losses", losses, "a finite loss for every completed epoch")
        diverged_at = check("diverged_at", diverged_at, OrNone(Whole(0, MAX_EPOCHS), "no divergence")) or None
        lr = validate(lr=lr)
        return cls(start=start, params=Params.from_array(trajectory[ran]), losses=losses,
                   diverged_at=diverged_at, lrs=np.full(ran + (1 if diverged_at else 0), lr), trajectory=trajectory)

    def describe(self) -> str:
        """One line for a student: how it ended."""
        if self.diverged:
            return f"diverged at epoch {self.diverged_at} (lr {self.lrs[self.diverged_at - 1]:.3g})"
        if self.epochs_run == 0:
            return "no epochs run: the parameters are the start" + (" (interrupted)" if self.interrupted else "")
        stopped = " (interrupted)" if self.interrupted else ""
        return f"last epoch's mean loss {self.final_loss:.6g} after {self.epochs_run} epochs{stopped}"


@dataclass(frozen=True)
class SweepResult:
    """Many runs at once; arrays have the sweep's grid shape in front (lr, start, seed) (05, 06)."""

    losses: np.ndarray              # (*grid, epochs), NaN from the epoch a configuration diverged
    params: np.ndarray              # (*grid, 9) final (last sensible) parameters
    diverged_at: np.ndarray         # grid, 0 = did not diverge, else the 1-based epoch
    axes: tuple[str, ...]           # names of the grid axes, e.g. ("lr", "start")
    trajectory: np.ndarray | None = field(default=None, repr=False)  # (*grid, epochs + 1, 9)
    interrupted: bool = False

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at > 0

    @property
    def final_loss(self) -> np.ndarray:
        """Loss of the last completed epoch of every configuration (NaN if even epoch 1 diverged)."""
        finite = np.isfinite(self.losses)
        last = np.where(finite.any(axis=-1), finite.shape[-1] - 1 - np.argmax(finite[..., ::-1], axis=-1), 0)
        values = np.take_along_axis(self.losses, last[..., None], axis=-1)[..., 0]
        return np.where(finite.any(axis=-1), values, np.nan)

    def params_at(self, *index) -> Params:
        """The final parameters of one configuration: one whole-number index per grid axis (self.axes)."""
        grid = self.diverged_at.shape
        allowed = f"{len(grid)} whole-number indices, one per axis {self.axes}, within the grid's shape {grid}"
        if len(index) != len(grid):
            raise refuse("index", index, allowed)
        for i, size in zip(index, grid):
            if size == 0:
                raise refuse("index", index, allowed)
            check("index", i, Whole(-size, size - 1))
        return Params.from_array(self.params[tuple(int(i) for i in index)])
