"""train and sweep: check the arguments, pick the engine loop, report divergence as a state.

Taught in 04_training_loop (train), 05_learning_rate and 06_initialisation (sweep,
schedules). A run that overflows stops at that epoch and says so; it never
raises and never floods the notebook with RuntimeWarnings.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field

import numpy as np

from . import engine
from .params import Params, check_params
from .reference import check_output
from .validate import check_data, check_epochs, check_lr, check_mode, check_seed


@dataclass(frozen=True)
class Run:
    """The result of one training run."""

    start: Params
    params: Params                  # final parameters (the last finite ones if the run diverged)
    losses: np.ndarray              # one loss per completed epoch
    diverged_at: int | None         # 1-based epoch where a non-finite number appeared
    lrs: np.ndarray                 # the learning rate used in each epoch
    trajectory: np.ndarray | None = field(default=None, repr=False)  # (epochs_run + 1, 9)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1]) if len(self.losses) else float("nan")

    @property
    def epochs_run(self) -> int:
        return len(self.losses)

    def describe(self) -> str:
        """One line for a student: how it ended."""
        if self.diverged:
            return f"diverged at epoch {self.diverged_at} (lr {self.lrs[self.diverged_at - 1]:.3g})"
        return f"final loss {self.final_loss:.6g} after {self.epochs_run} epochs"


@dataclass(frozen=True)
class SweepResult:
    """Many runs at once; arrays have the sweep's grid shape in front (lr, start, seed)."""

    losses: np.ndarray              # (*grid, epochs), NaN from the epoch a configuration diverged
    params: np.ndarray              # (*grid, 9) final (last finite) parameters
    diverged_at: np.ndarray         # grid, 0 = did not diverge, else the 1-based epoch
    axes: tuple[str, ...]           # names of the grid axes, e.g. ("lr", "start")
    trajectory: np.ndarray | None = field(default=None, repr=False)  # (*grid, epochs + 1, 9)

    @property
    def diverged(self) -> np.ndarray:
        return self.diverged_at > 0

    @property
    def final_loss(self) -> np.ndarray:
        """Loss of the last finite epoch of every configuration (NaN if even epoch 1 diverged)."""
        finite = np.isfinite(self.losses)
        last = np.where(finite.any(axis=-1), finite.shape[-1] - 1 - np.argmax(finite[..., ::-1], axis=-1), 0)
        values = np.take_along_axis(self.losses, last[..., None], axis=-1)[..., 0]
        return np.where(finite.any(axis=-1), values, np.nan)

    def params_at(self, *index) -> Params:
        return Params.from_array(self.params[index])


# ----------------------------------------------------------------------------------
# Learning-rate schedules (05_learning_rate)
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepDecay:
    """lr_epoch = lr * factor ** floor((epoch - 1) / every): cut the rate by `factor` every `every` epochs."""

    factor: float = 0.5
    every: int = 100

    def __post_init__(self):
        if not 0 < self.factor <= 1:
            raise ValueError(f"StepDecay factor must be in (0, 1], got {self.factor!r}")
        if isinstance(self.every, bool) or not isinstance(self.every, numbers.Integral) or self.every < 1:
            raise ValueError(f"StepDecay every must be a whole number >= 1, got {self.every!r}")

    def rates(self, lr: float, epochs: int) -> np.ndarray:
        return lr * self.factor ** (np.arange(epochs) // self.every)


@dataclass(frozen=True)
class ReduceOnPlateau:
    """Multiply the rate by `factor` when the loss has not fallen by `min_delta` (relative) for `patience` epochs."""

    factor: float = 0.5
    patience: int = 20
    min_delta: float = 1e-4
    min_lr: float = 1e-12

    def __post_init__(self):
        if not 0 < self.factor < 1:
            raise ValueError(f"ReduceOnPlateau factor must be in (0, 1), got {self.factor!r}")
        if isinstance(self.patience, bool) or not isinstance(self.patience, numbers.Integral) or self.patience < 1:
            raise ValueError(f"ReduceOnPlateau patience must be a whole number >= 1, got {self.patience!r}")
        if self.min_delta < 0 or self.min_lr < 0:
            raise ValueError("ReduceOnPlateau min_delta and min_lr must be >= 0")


# ----------------------------------------------------------------------------------
# train
# ----------------------------------------------------------------------------------

def _orders(n, epochs, batch_size, shuffle_seed):
    """Sample order per epoch: data order (one row reused), or a seeded permutation per epoch."""
    if shuffle_seed is None or batch_size == n:
        return np.arange(n, dtype=np.int64)[None, :]
    rng = np.random.default_rng(shuffle_seed)
    return np.array([rng.permutation(n) for _ in range(max(epochs, 1))], dtype=np.int64)


def _run_engine(start, X, y, lrs, mode_batch, orders, shuffled, relu_out, record):
    epochs = len(lrs)
    losses = np.full(epochs, np.nan)
    trajectory = np.full((epochs + 1, 9), np.nan) if record else np.empty((1, 9))
    if mode_batch == 1 and not shuffled:
        final, diverged_at = engine.train_online(start, X, y, lrs, relu_out, losses, trajectory, record)
    else:
        final, diverged_at = engine.train_batches(start, X, y, lrs, orders, mode_batch, relu_out,
                                                  losses, trajectory, record)
    return final, int(diverged_at), losses, trajectory


def train(params: Params, X, y, lr, epochs: int, mode: str = "online", output: str = "linear",
          batch_size: int | None = None, shuffle_seed: int | None = None, record: bool = False,
          schedule=None) -> Run:
    """Train the lecture network by gradient descent and return a Run (04_training_loop).

    mode "online" updates after every sample in data order (the lecture's loop);
    "batch" makes one update per epoch on the mean gradient; "minibatch" one per
    `batch_size` samples, shuffled each epoch when `shuffle_seed` is given.
    schedule: None (constant lr), StepDecay(...) or ReduceOnPlateau(...).
    """
    start = check_params(params)
    X, y = check_data(X, y)
    lr = check_lr(lr)
    epochs = check_epochs(epochs)
    output = check_output(output)
    size = check_mode(mode, batch_size, len(y))
    shuffle_seed = check_seed(shuffle_seed, "shuffle_seed")
    if shuffle_seed is not None and mode == "online":
        size = 1  # online in a shuffled order runs through the batch loop with batches of one
    orders = _orders(len(y), epochs, size, shuffle_seed)
    shuffled = shuffle_seed is not None
    relu_out = output == "relu"

    if isinstance(schedule, ReduceOnPlateau):
        return _train_on_plateau(start, X, y, lr, epochs, size, orders, shuffled, relu_out, record, schedule)
    if schedule is None:
        lrs = np.full(epochs, lr)
    elif isinstance(schedule, StepDecay):
        lrs = schedule.rates(lr, epochs)
    else:
        raise ValueError(f"schedule must be None, StepDecay(...) or ReduceOnPlateau(...), got {schedule!r}")

    final, diverged_at, losses, trajectory = _run_engine(start.to_array(), X, y, lrs, size, orders, shuffled,
                                                         relu_out, record)
    return _make_run(start, final, losses, diverged_at, lrs, trajectory if record else None)


def _make_run(start, final, losses, diverged_at, lrs, trajectory):
    ran = diverged_at - 1 if diverged_at else len(losses)
    return Run(
        start=start,
        params=Params.from_array(final),
        losses=losses[:ran].copy(),
        diverged_at=diverged_at or None,
        lrs=lrs[: max(ran, diverged_at or 0)].copy(),
        trajectory=None if trajectory is None else trajectory[: ran + 1].copy(),
    )


def _train_on_plateau(start, X, y, lr, epochs, size, orders, shuffled, relu_out, record, schedule):
    """Reduce-on-plateau needs each epoch's loss before choosing the next rate: one engine call per epoch."""
    params = start.to_array()
    losses, lrs, path = [], [], [params]
    best, waited, rate = np.inf, 0, lr
    for e in range(epochs):
        epoch_orders = orders[e : e + 1] if orders.shape[0] > 1 else orders
        final, diverged_at, epoch_loss, _ = _run_engine(params, X, y, np.array([rate]), size,
                                                        epoch_orders, shuffled, relu_out, False)
        lrs.append(rate)
        if diverged_at:
            return _make_run(start, params, np.array(losses), e + 1, np.array(lrs),
                             np.array(path) if record else None)
        params = final
        losses.append(float(epoch_loss[0]))
        path.append(params)
        if losses[-1] < best * (1 - schedule.min_delta):
            best, waited = losses[-1], 0
        else:
            waited += 1
            if waited >= schedule.patience:
                rate, waited = max(rate * schedule.factor, schedule.min_lr), 0
    return _make_run(start, params, np.array(losses), 0, np.array(lrs), np.array(path) if record else None)


# ----------------------------------------------------------------------------------
# sweep
# ----------------------------------------------------------------------------------

def _as_axis(value, name, check):
    """A scalar keeps no grid axis; a list or array becomes one."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = [check(v) for v in value]
        if not items:
            raise ValueError(f"{name} is an empty list; give at least one value")
        return items, True
    return [check(value)], False


def sweep(starts, X, y, lr, epochs: int, mode: str = "online", output: str = "linear",
          batch_size: int | None = None, seed=None, record: bool = False) -> SweepResult:
    """Train every combination of learning rate x start x seed in one compiled call (05, 06).

    Each configuration's numbers are bit-identical to train(...) run on its own.
    A scalar argument adds no axis: sweep(p, X, y, lr=[...], epochs) has shape (len(lr), epochs).
    `seed` shuffles the sample order each epoch (minibatch or online), like train's shuffle_seed.
    """
    X, y = check_data(X, y)
    epochs = check_epochs(epochs)
    output = check_output(output)
    size = check_mode(mode, batch_size, len(y))
    lr_list, lr_axis = _as_axis(lr, "lr", check_lr)
    start_list, start_axis = _as_axis(starts, "starts", lambda p: check_params(p, "each start"))
    seed_list, seed_axis = _as_axis(seed, "seed", lambda s: check_seed(s, "seed"))
    if any(s is not None for s in seed_list) and mode == "online":
        size = 1
    n_lr, n_start, n_seed = len(lr_list), len(start_list), len(seed_list)

    losses = np.full((n_lr, n_start, n_seed, epochs), np.nan)
    finals = np.empty((n_lr, n_start, n_seed, 9))
    diverged = np.zeros((n_lr, n_start, n_seed), dtype=np.int64)
    paths = np.full((n_lr, n_start, n_seed, epochs + 1, 9), np.nan) if record else None

    # Configurations that share a sample order run together in one vectorised call.
    P0 = np.array([[p.to_array() for p in start_list] for _ in lr_list]).reshape(-1, 9).T.copy()
    rates = np.repeat(np.array(lr_list), n_start)
    C = P0.shape[1]
    for k, s in enumerate(seed_list):
        orders = _orders(len(y), epochs, size, s)
        LR = np.ascontiguousarray(np.broadcast_to(rates, (epochs, C)))
        out = np.full((C, epochs), np.nan)
        traj = np.full((epochs + 1, 9, C), np.nan) if record else np.empty((1, 9, 1))
        relu_out = output == "relu"
        if size == 1 and s is None:
            final, div = engine.sweep_online(P0, X, y, LR, relu_out, out, traj, record)
        else:
            final, div = engine.sweep_batches(P0, X, y, LR, orders, size, relu_out, out, traj, record)
        losses[:, :, k, :] = out.reshape(n_lr, n_start, epochs)
        finals[:, :, k, :] = final.T.reshape(n_lr, n_start, 9)
        diverged[:, :, k] = div.reshape(n_lr, n_start)
        if record:
            paths[:, :, k] = traj.transpose(2, 0, 1).reshape(n_lr, n_start, epochs + 1, 9)

    keep = tuple(i for i, on in enumerate((lr_axis, start_axis, seed_axis)) if on)
    drop = tuple(i for i in range(3) if i not in keep)
    axes = tuple(name for name, on in zip(("lr", "start", "seed"), (lr_axis, start_axis, seed_axis)) if on)
    return SweepResult(
        losses=losses.squeeze(axis=drop) if drop else losses,
        params=finals.squeeze(axis=drop) if drop else finals,
        diverged_at=diverged.squeeze(axis=drop) if drop else diverged,
        axes=axes,
        trajectory=(paths.squeeze(axis=drop) if drop else paths) if record else None,
    )


def warm_up() -> float:
    """Compile (or load from numba's on-disk cache) every engine loop; returns the seconds it took.

    `./course` calls this once after installing, so a notebook's first slider move never waits.
    """
    import time

    begin = time.perf_counter()
    X, y = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([2.0, 1.0])
    start = Params(*[0.5] * 9)
    for output in ("linear", "relu"):
        train(start, X, y, 1e-3, 2, output=output, record=True)
        train(start, X, y, 1e-3, 2, mode="batch", output=output)
        sweep(start, X, y, [1e-3, 2e-3], 2, output=output, record=True)
        sweep(start, X, y, [1e-3, 2e-3], 2, mode="minibatch", batch_size=1, seed=0, output=output)
    from .data_panels import mse_per_epoch  # 08_data's held-out curves, compiled too

    mse_per_epoch(np.zeros((2, 9)), X, y)
    from .bug_panel import faulty_train_fast  # 10_find_the_bug's faulty loop, compiled too

    faulty_train_fast(start, X, y, 1e-3, 2, "swapped relu index", "relu")
    from .encoder_panel import train_encoder  # 09_encoder's compiled trainer
    from .mlp import MLP, one_hot

    for loss in ("mse", "cross_entropy"):
        train_encoder(MLP(seed=0), one_hot(8), one_hot(8), 1.0, 2, loss=loss)
    return time.perf_counter() - begin
