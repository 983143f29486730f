"""train and sweep: check the arguments, run the compiled loops in chunks, report divergence as a state.

Taught in 04_training_loop (train), 05_learning_rate and 06_initialisation (sweep,
schedules). A run whose numbers run away (NaN, inf or beyond 1e100) stops at that
epoch and says so; it never raises and never floods the notebook with warnings.
A long run is computed in chunks of about a tenth of a second, so Ctrl-C stops it
within that time and returns what it had, marked `interrupted`.
"""
from __future__ import annotations

import numpy as np

from ..core.checks import (MAX_STEPWISE_EPOCHS, check_data, check_stored, check_work, not_applicable, one_or_many, refuse,
                           validate)
from ..core.params import Params, check_params
from ..core.runs import Run, SweepResult
from ..core.schedules import ReduceOnPlateau, StepDecay
from . import engine

CHUNK_SAMPLE_STEPS = 5_000_000
"""Sample-steps per compiled call (about 0.1 s online): how soon Ctrl-C is answered."""


def _chunks(epochs: int, samples: int, configurations: int = 1):
    """(first, stop) epoch ranges of about CHUNK_SAMPLE_STEPS each."""
    size = max(1, CHUNK_SAMPLE_STEPS // max(samples * configurations, 1))
    return [(first, min(first + size, epochs)) for first in range(0, epochs, size)]


class _Orders:
    """Sample order per epoch: data order (one row reused), or a seeded permutation per epoch, drawn a chunk
    at a time (in epoch order, so the numbers do not depend on the chunks) to keep memory small."""

    def __init__(self, n, batch_size, shuffle_seed):
        self.fixed = shuffle_seed is None or batch_size == n
        self.n = n
        self.rng = None if self.fixed else np.random.default_rng(shuffle_seed)

    def take(self, first, stop):
        """The orders of epochs first .. stop - 1 (called with consecutive ranges), shape (epochs or 1, n)."""
        if self.fixed:
            return np.arange(self.n, dtype=np.int64)[None, :]
        return np.array([self.rng.permutation(self.n) for _ in range(max(stop - first, 1))], dtype=np.int64)


def _batch_size(mode, batch_size, shuffle_seed, n):
    """The batch size a mode implies (online 1, batch n, minibatch as given), refusing what does not apply."""
    if mode == "online":
        not_applicable("batch_size", batch_size, None, "in mode='online' (one update per sample)")
        return 1
    if mode == "batch":
        not_applicable("batch_size", batch_size, None, "in mode='batch' (one update per epoch on all samples)")
        not_applicable("shuffle_seed", shuffle_seed, None,
                       "in mode='batch' (every epoch uses all samples; their order changes nothing but rounding)")
        return n
    if batch_size is None:
        raise ValueError(f"mode='minibatch' needs batch_size, a whole number from 1 to {n} (the number of samples), "
                         "got None")
    batch_size = validate(batch_size=batch_size)
    if batch_size > n:
        raise refuse("batch_size", batch_size, f"a whole number from 1 to {n} (the number of samples)")
    return batch_size


def _run_engine(start, X, y, lrs, size, orders, shuffled, relu_out, record):
    """One run through the engine, chunk by chunk. Returns (final, diverged_at, losses, trajectory, interrupted)."""
    epochs = len(lrs)
    losses = np.full(epochs, np.nan)
    trajectory = np.full((epochs + 1, 9), np.nan) if record else np.empty((1, 9))
    current, diverged_at, interrupted = start, 0, False
    if record:
        trajectory[0] = start
    for first, stop in _chunks(epochs, len(y)):
        rows = trajectory[first:stop + 1] if record else trajectory
        try:
            chunk_orders = orders.take(first, stop)
            if size == 1 and not shuffled:
                current, d = engine.train_online(current, X, y, lrs[first:stop], relu_out, losses[first:stop],
                                                 rows, record)
            else:
                current, d = engine.train_batches(current, X, y, lrs[first:stop], chunk_orders, size, relu_out,
                                                  losses[first:stop], rows, record)
        except KeyboardInterrupt:  # arrives when the chunk returns: keep what the earlier chunks made
            interrupted = True
            losses[first:] = np.nan
            break
        if d:
            diverged_at = first + int(d)
            break
    return current, diverged_at, losses, trajectory, interrupted


def _make_run(start, final, losses, diverged_at, lrs, trajectory, interrupted=False):
    ran = diverged_at - 1 if diverged_at else int(np.sum(np.isfinite(losses)))
    return Run(
        start=start,
        params=Params.from_array(final),
        losses=losses[:ran].copy(),
        diverged_at=diverged_at or None,
        lrs=np.asarray(lrs)[: max(ran, diverged_at or 0)].copy(),
        trajectory=None if trajectory is None else trajectory[: ran + 1].copy(),
        interrupted=interrupted,
    )


def train(params: Params, X, y, lr, epochs: int, mode: str = "online", output: str = "linear",
          batch_size: int | None = None, shuffle_seed: int | None = None, record: bool = False,
          schedule=None) -> Run:
    """Train the lecture network by gradient descent and return a Run (04_training_loop).

    mode "online" updates after every sample in data order (the lecture's loop), or in a
    new seeded order each epoch with `shuffle_seed`; "batch" makes one update per epoch on
    the mean gradient; "minibatch" one per `batch_size` samples (in data order, or shuffled
    each epoch with `shuffle_seed`). An argument that does not apply to the mode is refused.
    schedule: None (constant lr), StepDecay(...) or ReduceOnPlateau(...) (05_learning_rate).
    The compiled loops equal core.reference.train_reference (bit for bit online).
    """
    start = check_params(params)
    X, y = check_data(X, y)
    lr, epochs, output, mode, shuffle_seed, record = validate(
        lr=lr, epochs=epochs, output=output, mode=mode, shuffle_seed=shuffle_seed, record=record)
    check_work(len(y), epochs)
    if record:
        check_stored("record=True (9 numbers per epoch)", 9 * (epochs + 1))
    size = _batch_size(mode, batch_size, shuffle_seed, len(y))
    orders = _Orders(len(y), size, shuffle_seed)
    shuffled = shuffle_seed is not None
    relu_out = output == "relu"

    if isinstance(schedule, ReduceOnPlateau):
        if epochs > MAX_STEPWISE_EPOCHS:
            raise refuse("epochs", epochs, f"at most {MAX_STEPWISE_EPOCHS:,} with ReduceOnPlateau (it decides each "
                         "epoch's rate from the last loss, one epoch at a time: about half a minute)")
        return _train_on_plateau(start, X, y, lr, epochs, size, orders, shuffled, relu_out, record, schedule)
    if schedule is None:
        lrs = np.full(epochs, lr)
    elif isinstance(schedule, StepDecay):
        lrs = schedule.rates(lr, epochs)
    else:
        raise refuse("schedule", schedule, "None, StepDecay(...) or ReduceOnPlateau(...)")

    final, diverged_at, losses, trajectory, interrupted = _run_engine(
        start.to_array(), X, y, lrs, size, orders, shuffled, relu_out, record)
    return _make_run(start, final, losses, diverged_at, lrs, trajectory if record else None, interrupted)


def _train_on_plateau(start, X, y, lr, epochs, size, orders, shuffled, relu_out, record, schedule):
    """Reduce-on-plateau needs each epoch's loss before choosing the next rate: one engine call per epoch."""
    params = start.to_array()
    losses, lrs, path, state = [], [], [params], {}
    rate = lr
    try:
        for e in range(epochs):
            final, diverged_at, epoch_loss, _, interrupted = _run_engine(params, X, y, np.array([rate]), size,
                                                                         orders, shuffled, relu_out, False)
            if interrupted:
                raise KeyboardInterrupt
            lrs.append(rate)
            if diverged_at:
                return _make_run(start, params, np.array(losses), e + 1, np.array(lrs),
                                 np.array(path) if record else None)
            params = final
            losses.append(float(epoch_loss[0]))
            path.append(params)
            rate = schedule.next_rate(rate, losses, state)
    except KeyboardInterrupt:
        return _make_run(start, params, np.array(losses), 0, np.array(lrs[:len(losses)]),
                         np.array(path) if record else None, interrupted=True)
    return _make_run(start, params, np.array(losses), 0, np.array(lrs), np.array(path) if record else None)


# ----------------------------------------------------------------------------------
# sweep
# ----------------------------------------------------------------------------------

def sweep(starts, X, y, lr, epochs: int, mode: str = "online", output: str = "linear",
          batch_size: int | None = None, seed=None, record: bool = False) -> SweepResult:
    """Train every combination of learning rate x start x seed in one compiled call (05, 06).

    Each configuration's numbers are bit-identical to train(...) run on its own.
    A scalar argument adds no axis: sweep(p, X, y, lr=[...], epochs) has shape (len(lr), epochs).
    `seed` shuffles the sample order each epoch (minibatch or online), like train's shuffle_seed;
    None keeps the data order.
    """
    X, y = check_data(X, y)
    epochs, output, mode, record = validate(epochs=epochs, output=output, mode=mode, record=record)
    lr_list, lr_axis = one_or_many("lr", lr, lambda v: validate(lr=v))
    start_list, start_axis = one_or_many("starts", starts, lambda p: check_params(p, "each start"))
    seed_list, seed_axis = one_or_many("seed", seed, lambda s: validate(shuffle_seed=s))
    size = _batch_size(mode, batch_size, None, len(y))
    if mode == "batch" and any(s is not None for s in seed_list):
        not_applicable("seed", seed, None, "in mode='batch' (every epoch uses all samples)")
    n_lr, n_start, n_seed = len(lr_list), len(start_list), len(seed_list)
    configurations = n_lr * n_start * n_seed
    check_work(len(y), epochs, configurations)
    check_stored("this sweep (its losses" + (" and trajectories)" if record else ")"),
                 configurations * (epochs + (9 * (epochs + 1) if record else 0)))

    losses = np.full((n_lr, n_start, n_seed, epochs), np.nan)
    finals = np.empty((n_lr, n_start, n_seed, 9))
    diverged = np.zeros((n_lr, n_start, n_seed), dtype=np.int64)
    paths = np.full((n_lr, n_start, n_seed, epochs + 1, 9), np.nan) if record else None
    interrupted = False

    # Configurations that share a sample order run together in one vectorised call.
    P0 = np.array([[p.to_array() for p in start_list] for _ in lr_list]).reshape(-1, 9).T.copy()
    rates = np.repeat(np.array(lr_list), n_start)
    C = P0.shape[1]
    relu_out = output == "relu"
    for k, s in enumerate(seed_list):
        orders = _Orders(len(y), size, s)
        LR = np.ascontiguousarray(np.broadcast_to(rates, (epochs, C)))
        out = np.full((C, epochs), np.nan)
        traj = np.full((epochs + 1, 9, C), np.nan) if record else np.empty((1, 9, 1))
        P, good = P0.copy(), P0.copy()
        alive, div = np.ones(C), np.zeros(C, dtype=np.int64)
        if not interrupted:
            for first, stop in _chunks(epochs, len(y), C):
                rows = traj[first:stop + 1] if record else traj
                try:
                    if size == 1 and s is None:
                        engine.sweep_online(P, good, alive, div, first, X, y, LR[first:stop], relu_out,
                                            out[:, first:stop], rows, record)
                    else:
                        chunk_orders = orders.take(first, stop)
                        engine.sweep_batches(P, good, alive, div, first, X, y, LR[first:stop], chunk_orders, size,
                                             relu_out, out[:, first:stop], rows, record)
                except KeyboardInterrupt:
                    interrupted = True
                    out[:, first:] = np.nan
                    break
                if not alive.any():
                    break
        losses[:, :, k, :] = out.reshape(n_lr, n_start, epochs)
        finals[:, :, k, :] = good.T.reshape(n_lr, n_start, 9)
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
        interrupted=interrupted,
    )
