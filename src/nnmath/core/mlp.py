"""A small fully connected network of any layer sizes: the 8-3-8 encoder (09_encoder).

Goal: the lecture's arithmetic for a whole layer at once, readable and fast enough
for sweeps. Non-goal: a deep-learning library (no mini-batches, no optimisers
beyond plain gradient descent, no autodiff).

Notation (layers counted from 0, as in the code):

    a[0] = X                                  shape (n, sizes[0]), one sample per row
    z[l] = a[l] @ W[l] + b[l]                 W[l] has shape (sizes[l], sizes[l+1])
    a[l+1] = f(z[l])                          f = `hidden` for every layer but the last,
                                              f = `output` for the last

Losses, averaged over all n * m numbers (n samples, m outputs), like np.mean:

    mse            L = 1/(n m) sum_i sum_k (a_ik - y_ik)**2
    cross_entropy  L = -1/(n m) sum_i sum_k [y_ik log a_ik + (1 - y_ik) log(1 - a_ik)]
    weight decay   + lambda * sum_l sum_ij W[l]_ij**2          (weights only, never biases)

`mse` is the lecture's (out - y)**2 per output, averaged like np.mean((out - y)**2).
It is the definition under which the students' 8-3-8 figures reproduce. Measured
(xavier, seeds 0-9, one-hot X = Y, every output within 0.5 of its target):
lr 10 mse converges after 601-2533 updates (median 1512), cross-entropy after
192-646 (median 297), 2.2 to 7.6 times sooner per seed (median 4.7); lr 0.01 has
not converged after 20000; lambda 0.1 never learns, 1e-5 barely slows it. Not
reproduced: lr 100 converges smoothly with mse (median 174 updates); it oscillates
only with cross-entropy. Summing over the outputs instead of averaging makes every
gradient m = 8 times larger (lr 10 then acts like lr 80 here and converges in about
100 updates). benchmarks/encoder_speed.py --experiments prints these numbers.

Everything that can be computed for many configurations at once is written with
the sample axis at -2 and the feature axis at -1, so the same functions serve one
network (W[l] of shape (n_in, n_out)) and a stack of C networks (C, n_in, n_out)
in `sweep`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .checks import (ACTIVATIONS, CRITERIA, INITS, LOSSES, MAX_MAGNITUDE, MAX_MLP_WORK, MAX_READABLE_ITERATIONS, MAX_WIDTH,
                     RULES,
                     Whole, check, not_applicable, one_or_many, real_array, refuse, shown, validate)
from .gradcheck import central_differences, relative_error

__all__ = [
    "ACTIVATIONS", "LOSSES", "INITS", "CRITERIA", "MLP", "MLPRun", "MLPSweep", "GradientCheck", "HiddenCode",
    "sigmoid", "softplus", "activate", "slope", "forward", "predict", "loss", "gradients", "train_reference", "sweep",
    "iterations_to_converge", "gradient_check", "one_hot", "hidden_code",
]



# ----------------------------------------------------------------------------------
# Activations: each with its slope written in terms of its own output a = f(z)
# ----------------------------------------------------------------------------------

def _values(argument, z) -> np.ndarray:
    """A formula's input as a float array: a real number or an array of them (NaN and inf pass: arithmetic)."""
    if isinstance(z, np.ndarray) and z.dtype == np.float64:
        return z
    return real_array(argument, z, None, min_rows=0, max_rows=10**8, finite=False)


def sigmoid(z):
    """sigmoid(z) = 1 / (1 + exp(-z)), computed without overflow for any z.

    exp is only ever taken of -|z| <= 0, so it lies in (0, 1]:
    z >= 0: 1 / (1 + e),   z < 0: e / (1 + e),   with e = exp(-|z|).
    """
    z = _values("z", z)
    e = np.exp(-np.abs(z))
    s = 1.0 / (1.0 + e)                # sigmoid(|z|)
    return np.where(z >= 0, s, e * s)  # sigmoid(-|z|) = e / (1 + e)


def softplus(z):
    """softplus(z) = log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|)), without overflow."""
    z = _values("z", z)
    with np.errstate(invalid="ignore"):  # NaN in, NaN out
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def activate(name: str, z):
    """f(z) for f in ACTIVATIONS."""
    name, z = validate(activation=name), _values("z", z)
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    return z  # linear


def slope(name: str, a):
    """f'(z) from the output a = f(z): sigmoid a(1 - a), tanh 1 - a**2, relu 1 if a > 0 else 0, linear 1.

    relu: a > 0 exactly when z > 0, so relu'(0) = 0 as in the lecture.
    """
    name, a = validate(activation=name), _values("a", a)
    if name == "sigmoid":
        with np.errstate(over="ignore", invalid="ignore"):  # arithmetic: a huge or NaN a gives what it gives
            return a * (1.0 - a)
    if name == "tanh":
        with np.errstate(over="ignore", invalid="ignore"):
            return 1.0 - a * a
    if name == "relu":
        return (a > 0.0).astype(np.float64)
    return np.ones_like(a)  # linear


# ----------------------------------------------------------------------------------
# Argument checks
# ----------------------------------------------------------------------------------

def _check_rows(value, argument, columns):
    """Data: one sample per row, `columns` numbers per sample."""
    return real_array(argument, value, 2, columns, max_rows=100_000)


def check_net(net, argument: str = "net") -> "MLP":
    """net must be an nnmath.mlp.MLP."""
    if not isinstance(net, MLP):
        raise refuse(argument, net, "an nnmath.mlp.MLP, e.g. MLP(sizes=(8, 3, 8))")
    if not all(np.isfinite(values).all() and np.abs(values).max(initial=0.0) <= MAX_MAGNITUDE
               for values in (*net.W, *net.b)):
        raise refuse(argument, net, "a network whose weights and biases are finite, |value| <= 1e100 "
                     "(one was changed to NaN, infinity or more after it was built)")
    return net


def _check_data(net, X, Y, loss):
    """X of shape (n, sizes[0]), Y of shape (n, sizes[-1]), n >= 1, finite; Y in [0, 1] for cross-entropy."""
    check_net(net)
    X = _check_rows(X, "X", net.sizes[0])
    Y = _check_rows(Y, "Y", net.sizes[-1])
    if X.shape[0] != Y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but Y has {Y.shape[0]}; they must match (one row per sample)")
    loss = _check_loss(net, loss)
    if loss == "cross_entropy" and ((Y < 0) | (Y > 1)).any():
        raise ValueError("cross_entropy needs targets Y in [0, 1]; use loss='mse' for other targets")
    return X, Y, loss


def _check_loss(net, loss):
    loss = validate(loss=loss)
    if loss == "cross_entropy" and net.output != "sigmoid":
        raise ValueError(f"loss='cross_entropy' needs output='sigmoid' (outputs in (0, 1)), "
                         f"but the network's output is {net.output!r}; use loss='mse' or a sigmoid output")
    return loss


def _check_iterations(iterations, net=None, samples=1, configurations=1, readable=True):
    """Iterations up to MAX_ITERATIONS, iterations x samples x weights within MAX_MLP_WORK, and for the NumPy loop
    iterations x configurations within MAX_READABLE_ITERATIONS."""
    iterations = validate(iterations=iterations)
    if readable and iterations * configurations > MAX_READABLE_ITERATIONS:
        raise ValueError(f"iterations{' x configurations' if configurations > 1 else ''} must be at most "
                         f"{MAX_READABLE_ITERATIONS:,} in the NumPy loop (about half a minute), got {iterations:,}"
                         f"{f' x {configurations:,}' if configurations > 1 else ''}; nnmath.train_mlp runs the "
                         "8-3-8 encoder compiled")
    if net is not None:
        weights = sum(w.size for w in net.W)
        work = iterations * samples * weights * configurations
        if work > MAX_MLP_WORK:
            raise ValueError(f"iterations x samples x weights{' x configurations' if configurations > 1 else ''} "
                             f"must be at most {MAX_MLP_WORK:,} (about a minute), got {work:,}; use fewer iterations")
    return iterations


# ----------------------------------------------------------------------------------
# The network
# ----------------------------------------------------------------------------------

def _initial_weights(sizes, init, scale, rng):
    """One weight matrix per layer; biases start at 0 for every init."""
    W = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if init == "xavier":  # Glorot uniform: keeps the variance of z about that of the inputs
            limit = math.sqrt(6.0 / (fan_in + fan_out))
            W.append(rng.uniform(-limit, limit, (fan_in, fan_out)))
        elif init == "he":  # He normal, for ReLU layers: variance 2 / fan_in
            W.append(rng.normal(0.0, math.sqrt(2.0 / fan_in), (fan_in, fan_out)))
        else:  # uniform: U(-scale, scale)
            W.append(rng.uniform(-scale, scale, (fan_in, fan_out)))
    return W


class MLP:
    """A fully connected network: weight matrices W[l] (n_in, n_out) and biases b[l] (n_out,) (09_encoder).

    MLP(sizes=(8, 3, 8), hidden="sigmoid", output="sigmoid", init="xavier", seed=0)
    draws the weights (biases 0):
      xavier   W ~ U(-a, a), a = sqrt(6 / (n_in + n_out))
      he       W ~ N(0, 2 / n_in)
      uniform  W ~ U(-scale, scale)
    MLP.from_arrays(W, b, ...) builds one from numbers you choose.
    Functions in this module never change a network; training returns a new one.
    """

    def __init__(self, sizes=(8, 3, 8), hidden: str = "sigmoid", output: str = "sigmoid",
                 init: str = "xavier", seed: int = 0, scale: float = 0.5):
        sizes = validate(sizes=sizes)
        init, scale, seed = validate(init=init, scale=scale, seed=seed)
        if init != "uniform":
            not_applicable("scale", scale, 0.5, f"with init={init!r} (only init='uniform' draws from U(-scale, scale))")
        rng = np.random.default_rng(seed)
        self._set(_initial_weights(sizes, init, scale, rng),
                  [np.zeros(n) for n in sizes[1:]], hidden, output)

    def _set(self, W, b, hidden, output):
        self.hidden = validate(hidden=hidden)
        self.output = check("output", output, RULES["activation"])
        self.W = list(W)
        self.b = list(b)

    @classmethod
    def from_arrays(cls, W, b, hidden: str = "sigmoid", output: str = "sigmoid") -> "MLP":
        """A network with the weights and biases given: W[l] of shape (n_in, n_out), b[l] of shape (n_out,)."""
        allowed = "a list of 1 to 9 arrays, one per layer (W[l]: (n_in, n_out), b[l]: (n_out,))"
        for argument, value in (("W", W), ("b", b)):
            if not isinstance(value, (list, tuple)):
                raise refuse(argument, value, allowed)
        W, b = list(W), list(b)
        if len(W) != len(b):
            raise ValueError(f"W and b must be lists of the same length (one entry per layer), "
                             f"got {len(W)} weight matrices and {len(b)} bias vectors")
        if not 1 <= len(W) <= 9:
            raise refuse("W", W, allowed)
        matrices = [real_array(f"W[{l}]", w, 2, max_rows=1000) for l, w in enumerate(W)]
        biases = [real_array(f"b[{l}]", v, 1, max_rows=1000) for l, v in enumerate(b)]
        for l, w in enumerate(matrices):
            if not 1 <= w.shape[1] <= 1000:
                raise ValueError(f"W[{l}] must have 1 to 1000 columns, got shape {w.shape}")
        for l, (w, bias) in enumerate(zip(matrices, biases)):
            if l > 0 and w.shape[0] != matrices[l - 1].shape[1]:
                raise ValueError(f"W[{l}] must have {matrices[l - 1].shape[1]} rows (the outputs of W[{l - 1}]), "
                                 f"got shape {w.shape}")
            if bias.shape != (w.shape[1],):
                raise ValueError(f"b[{l}] must have shape ({w.shape[1]},), one bias per column of W[{l}], "
                                 f"got shape {bias.shape}")
        net = cls.__new__(cls)
        net._set(matrices, biases, hidden, output)
        return net

    @property
    def sizes(self) -> tuple[int, ...]:
        return (self.W[0].shape[0], *(w.shape[1] for w in self.W))

    def copy(self) -> "MLP":
        return MLP.from_arrays([w.copy() for w in self.W], [v.copy() for v in self.b], self.hidden, self.output)

    def __repr__(self):
        return f"MLP(sizes={self.sizes}, hidden={self.hidden!r}, output={self.output!r})"


# ----------------------------------------------------------------------------------
# Forward pass, loss, gradients: the same code for one network or a stack of them
# ----------------------------------------------------------------------------------

def _per_matrix(value):
    """A scalar, or one value per stacked network shaped to scale (C, n_in, n_out) arrays."""
    return np.asarray(value)[..., None, None]


def _layers(W, b, X, hidden, output):
    """Activations [a0 = X, a1, ..., aL] and the last pre-activation zL (needed by stable cross-entropy)."""
    activations = [X]
    last = len(W) - 1
    for l in range(len(W)):
        z = activations[-1] @ W[l] + b[l][..., None, :]
        activations.append(activate(output if l == last else hidden, z))
    return activations, z


def _data_loss(kind, out, z_out, Y):
    """mse or cross-entropy, averaged over samples and outputs (one value per stacked network).

    Cross-entropy from z, not from a = sigmoid(z):
    -[y log a + (1 - y) log(1 - a)] = softplus(z) - y z, finite even when a rounds to 0 or 1.
    """
    if kind == "mse":
        per_output = (out - Y) ** 2
    else:
        per_output = softplus(z_out) - Y * z_out
    return per_output.sum(axis=(-2, -1)) / Y.size


def _penalty(W, weight_decay):
    """lambda * sum of every squared weight (biases are not penalised); weight_decay None means 0."""
    if weight_decay is None:
        return 0.0
    return weight_decay * sum((w * w).sum(axis=(-2, -1)) for w in W)


def _decay_or_none(weight_decay):
    """None when every lambda is 0, so the loop skips the penalty's arithmetic entirely."""
    return weight_decay if np.any(weight_decay) else None


def _backward(W, activations, Y, kind, hidden, output, weight_decay):
    """dL/dW[l] and dL/db[l] by backpropagation.

    delta = dL/dz at the output layer (n m = Y.size, the number of averaged terms):
      mse:                      2 (a - y) / (n m) * f'(z)
      cross_entropy + sigmoid:  (a - y) / (n m)        (the sigmoid's slope a(1 - a) cancels)
    then, layer by layer from the last:
      dW[l] = a[l]^T delta + 2 lambda W[l],   db[l] = sum of delta over samples,
      delta <- (delta W[l]^T) * f'(z[l-1]).
    (.mT transposes the last two axes, so a stack of networks works the same way.)
    """
    out = activations[-1]
    if kind == "cross_entropy":
        delta = (out - Y) / Y.size
    else:
        delta = 2.0 * (out - Y) / Y.size * slope(output, out)
    dW, db = [None] * len(W), [None] * len(W)
    for l in reversed(range(len(W))):
        dW[l] = activations[l].mT @ delta
        if weight_decay is not None:
            dW[l] += 2.0 * _per_matrix(weight_decay) * W[l]
        db[l] = delta.sum(axis=-2)
        if l > 0:
            delta = (delta @ W[l].mT) * slope(hidden, activations[l])
    return dW, db


def forward(net: MLP, X) -> list[np.ndarray]:
    """Every layer's activations [X, a1, ..., out] for the samples in the rows of X (09_encoder).

    A value beyond the float range (weights and inputs near 1e100) comes out as inf, as a diverged network's does.
    """
    X = _check_rows(X, "X", check_net(net).sizes[0])
    with np.errstate(over="ignore", invalid="ignore"):
        return _layers(net.W, net.b, X, net.hidden, net.output)[0]


def predict(net: MLP, X) -> np.ndarray:
    """The network's outputs, one row per sample."""
    return forward(net, X)[-1]


def loss(net: MLP, X, Y, loss: str = "mse", weight_decay: float = 0.0) -> float:
    """The loss of the module docstring: mse or cross_entropy, plus lambda * sum W**2 (09_encoder)."""
    X, Y, loss = _check_data(net, X, Y, loss)
    weight_decay = validate(weight_decay=weight_decay)
    return _total_loss(net, X, Y, loss, weight_decay)


def _total_loss(net, X, Y, kind, weight_decay):
    """loss(...) without the argument checks, for callers that already made them."""
    with np.errstate(over="ignore", invalid="ignore"):
        activations, z_out = _layers(net.W, net.b, X, net.hidden, net.output)
        return float(_data_loss(kind, activations[-1], z_out, Y) + _penalty(net.W, _decay_or_none(weight_decay)))


def gradients(net: MLP, X, Y, loss: str = "mse", weight_decay: float = 0.0):
    """(dW, db): dL/dW[l] and dL/db[l] for every layer, same shapes as net.W and net.b (09_encoder)."""
    X, Y, loss = _check_data(net, X, Y, loss)
    weight_decay = validate(weight_decay=weight_decay)
    with np.errstate(over="ignore", invalid="ignore"):
        activations, _ = _layers(net.W, net.b, X, net.hidden, net.output)
        return _backward(net.W, activations, Y, loss, net.hidden, net.output, _decay_or_none(weight_decay))


# ----------------------------------------------------------------------------------
# Gradient descent: one loop for a stack of C networks; `train` runs a stack of one
# ----------------------------------------------------------------------------------

def _criterion_met(criterion, out, Y):
    """Per stacked network: does the output reproduce the targets?

    rounded: every output within 0.5 of its target (thresholding the outputs at 0.5 gives Y back);
    argmax:  in every row the largest output sits where the target is largest.
    """
    if criterion == "rounded":
        return np.abs(out - Y).max(axis=(-2, -1)) < 0.5
    return (out.argmax(axis=-1) == Y.argmax(axis=-1)).all(axis=-1)


def _descend(W, b, X, Y, lr, weight_decay, iterations, kind, hidden, output, criterion, tol, stop_when_converged):
    """Full-batch gradient descent on C stacked networks (W[l]: (C, n_in, n_out), b[l]: (C, n_out)).

    lr and weight_decay: (C,). Returns (W, b, losses (C, iterations + 1), converged_at (C,), diverged_at (C,)),
    -1 meaning never. losses[:, k] is the loss after k updates (column 0: the start).
    A network whose update k gives a runaway number (NaN, inf or beyond 1e100) stops: diverged_at = k, it keeps the
    net after k - 1 updates and its later losses are NaN. The others carry on.
    """
    C = len(lr)
    W, b = [w.copy() for w in W], [v.copy() for v in b]  # never write into the caller's arrays
    decay = _decay_or_none(weight_decay)
    rate = np.array(lr, dtype=np.float64)
    rate_W, rate_b = rate[:, None, None], rate[:, None]    # views: a diverged network's rate set to 0 shows here
    losses = np.full((C, iterations + 1), np.nan)
    converged_at = np.full(C, -1)
    diverged_at = np.full(C, -1)
    running = np.ones(C, dtype=bool)
    waiting = True                                          # some running network has not converged yet
    kept_W, kept_b = [w.copy() for w in W], [v.copy() for v in b]  # the last finite nets of diverged ones
    previous_W, previous_b = W, b
    done = (W, b, -1)                                       # the nets whose loss was recorded last, and k
    interrupted = False
    k = 0
    with np.errstate(all="ignore"):  # overflow is detected below and reported as divergence
        try:
            for k in range(iterations + 1):
                activations, z_out = _layers(W, b, X, hidden, output)
                L = _data_loss(kind, activations[-1], z_out, Y) + _penalty(W, decay)
                losses[:, k] = L
                # Per network: the loss and every weight and bias within +-1e100 (reference.within_limits).
                sensible = np.abs(L) <= MAX_MAGNITUDE
                for w, v in zip(W, b):
                    sensible &= ((np.abs(w) <= MAX_MAGNITUDE).all(axis=(-2, -1))
                                 & (np.abs(v) <= MAX_MAGNITUDE).all(axis=-1))
                broken = running & ~sensible
                if broken.any():
                    diverged_at[broken] = k
                    running &= ~broken
                    rate[broken] = 0.0
                    for l in range(len(W)):
                        kept_W[l][broken] = previous_W[l][broken]
                        kept_b[l][broken] = previous_b[l][broken]
                    waiting = bool((converged_at[running] < 0).any())
                if waiting:
                    met = running & (converged_at < 0) & _criterion_met(criterion, activations[-1], Y)
                    if tol is not None:
                        met &= L < tol
                    if met.any():
                        converged_at[met] = k
                        waiting = bool((converged_at[running] < 0).any())
                done = (W, b, k)
                if k == iterations or not running.any() or (stop_when_converged and not waiting):
                    break
                dW, db = _backward(W, activations, Y, kind, hidden, output, decay)
                previous_W, previous_b = W, b
                W = [w - rate_W * g for w, g in zip(W, dW)]
                b = [v - rate_b * g for v, g in zip(b, db)]
        except KeyboardInterrupt:  # Ctrl-C: keep the nets whose loss was recorded last
            W, b, k = done
            if k < 0:
                raise
            interrupted = True
            diverged_at[diverged_at > k] = -1
            converged_at[converged_at > k] = -1
    for c in np.flatnonzero(diverged_at >= 0):
        losses[c, diverged_at[c]:] = np.nan
        for l in range(len(W)):
            W[l][c], b[l][c] = kept_W[l][c], kept_b[l][c]
    return W, b, losses[:, : k + 1], converged_at, diverged_at, interrupted


@dataclass(frozen=True)
class MLPRun:
    """One training run of an MLP (09_encoder).

    losses[k] is the loss after k updates, so losses[0] is the start's loss and a
    run that neither diverged nor stopped early has iterations + 1 entries.
    converged_at: the number of updates after which the criterion first held (0: the start
    already met it), None if it never did. diverged_at: the update that produced a non-finite
    number, None if none did; `net` is then the last finite network.
    """

    start: MLP
    net: MLP
    losses: np.ndarray
    lr: float
    loss: str
    weight_decay: float
    criterion: str
    converged_at: int | None
    diverged_at: int | None
    interrupted: bool = False       # stopped by Ctrl-C: holds the updates made so far

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    @property
    def converged(self) -> bool:
        return self.converged_at is not None

    @property
    def final_loss(self) -> float:
        """The loss of `net` (NaN if even the start's loss overflowed)."""
        return float(self.losses[-1]) if len(self.losses) else float("nan")

    @property
    def iterations_run(self) -> int:
        """Updates made and kept."""
        return max(len(self.losses) - 1, 0)

    def describe(self) -> str:
        """One line for a student: how the run ended."""
        if self.diverged_at == 0:
            return "the starting network's loss is already not finite (overflow); nothing was trained"
        if self.diverged:
            return f"diverged at iteration {self.diverged_at} (lr {self.lr:g}): a number overflowed"
        met = (f"criterion '{self.criterion}' met after {self.converged_at} iterations"
               if self.converged else f"criterion '{self.criterion}' not met")
        stopped = " (interrupted)" if self.interrupted else ""
        return f"{met}; loss {self.final_loss:.4g} after {self.iterations_run} iterations{stopped}"


def train_reference(net: MLP, X, Y, lr: float, iterations: int, loss: str = "mse", weight_decay: float = 0.0,
          tol: float | None = None, criterion: str = "rounded", stop_when_converged: bool = False) -> MLPRun:
    """Full-batch gradient descent: W[l] -= lr * dL/dW[l], b[l] -= lr * dL/db[l] (09_encoder).

    Converged when `criterion` holds ("rounded": every output within 0.5 of its target;
    "argmax": every row's largest output where its target is largest) and, if tol is given,
    also the loss < tol. converged_at counts updates; stop_when_converged ends the run there.
    Overflow stops the run and is reported in `diverged_at`, never as a NumPy warning.
    The readable loop and the oracle of the compiled trainer `nnmath.train_mlp` (which runs
    this one for networks it does not compile). The 8-3-8 encoder runs 5000 iterations in about 0.3 s.
    """
    X, Y, loss = _check_data(net, X, Y, loss)
    lr, weight_decay, tol, criterion, stop_when_converged = validate(
        lr=lr, weight_decay=weight_decay, tol=tol, criterion=criterion, stop_when_converged=stop_when_converged)
    iterations = _check_iterations(iterations, net, len(X))
    W, b, losses, converged_at, diverged_at, interrupted = _descend(
        [w[None] for w in net.W], [v[None] for v in net.b], X, Y, np.array([lr]), np.array([weight_decay]),
        iterations, loss, net.hidden, net.output, criterion, tol, stop_when_converged)
    losses = losses[0]
    ran = diverged_at[0] if diverged_at[0] >= 0 else len(losses)
    return MLPRun(
        start=net.copy(),
        net=MLP.from_arrays([w[0] for w in W], [v[0] for v in b], net.hidden, net.output),
        losses=losses[:ran].copy(),
        lr=lr, loss=loss, weight_decay=weight_decay, criterion=criterion,
        converged_at=int(converged_at[0]) if converged_at[0] >= 0 else None,
        diverged_at=int(diverged_at[0]) if diverged_at[0] >= 0 else None,
        interrupted=interrupted,
    )


# ----------------------------------------------------------------------------------
# Sweeps: many configurations in one stacked computation
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MLPSweep:
    """Every combination of lr x weight_decay x start network, trained together (09_encoder).

    Arrays have the grid shape (len(lrs), len(weight_decays), len(nets)) in front.
    converged_at and diverged_at are floats with NaN for "never", so they print and plot directly.
    losses[..., k] is the loss after k updates, NaN after a divergence.
    """

    lrs: np.ndarray
    weight_decays: np.ndarray
    losses: np.ndarray
    converged_at: np.ndarray
    diverged_at: np.ndarray
    nets: list = field(repr=False)  # final networks, flat in grid order (C order)
    interrupted: bool = False       # stopped by Ctrl-C: every configuration holds the updates made so far

    @property
    def diverged(self) -> np.ndarray:
        return ~np.isnan(self.diverged_at)

    @property
    def final_loss(self) -> np.ndarray:
        """The loss of each configuration's last finite network."""
        finite = np.isfinite(self.losses)
        last = finite.shape[-1] - 1 - np.argmax(finite[..., ::-1], axis=-1)
        return np.take_along_axis(self.losses, last[..., None], axis=-1)[..., 0]

    def net_at(self, i_lr: int, i_decay: int, i_net: int) -> MLP:
        """The final network of one configuration: an index into lrs, weight_decays and the nets."""
        shape = self.converged_at.shape
        index = tuple(check(name, i, Whole(-size, size - 1))
                      for name, i, size in zip(("i_lr", "i_decay", "i_net"), (i_lr, i_decay, i_net), shape))
        return self.nets[np.ravel_multi_index(tuple(i % size for i, size in zip(index, shape)), shape)]


def sweep(nets, X, Y, lr, iterations: int, loss: str = "mse", weight_decay=0.0, tol: float | None = None,
          criterion: str = "rounded", stop_when_converged: bool = False) -> MLPSweep:
    """Train every combination of lr x weight_decay x net at once (09_encoder).

    nets: one MLP or a list of them (e.g. [MLP(seed=s) for s in range(5)]), all with the same
    sizes and activations. lr and weight_decay: a number or a list. Each configuration follows
    exactly the same arithmetic as train_reference(...) on its own; the stacking only removes Python
    overhead. With stop_when_converged, the stack stops once every configuration has converged
    or diverged.
    """
    nets = one_or_many("nets", nets, lambda n: check_net(n, "each of nets"), limit=1000)[0]
    first = nets[0]
    for n in nets:
        if (n.sizes, n.hidden, n.output) != (first.sizes, first.hidden, first.output):
            raise ValueError("every net in a sweep must have the same sizes and activations, got "
                             f"{first!r} and {n!r}")
    X, Y, loss = _check_data(first, X, Y, loss)
    lrs = one_or_many("lr", lr, lambda v: validate(lr=v))[0]
    decays = one_or_many("weight_decay", weight_decay, lambda v: validate(weight_decay=v))[0]
    tol, criterion, stop_when_converged = validate(tol=tol, criterion=criterion,
                                                   stop_when_converged=stop_when_converged)
    iterations = _check_iterations(iterations, first, len(X), len(lrs) * len(decays) * len(nets))

    grid = (len(lrs), len(decays), len(nets))
    lr_c, decay_c, net_c = (a.ravel() for a in np.meshgrid(lrs, decays, np.arange(len(nets)), indexing="ij"))
    W = [np.stack([nets[i].W[l] for i in net_c]) for l in range(len(first.W))]
    b = [np.stack([nets[i].b[l] for i in net_c]) for l in range(len(first.b))]
    W, b, losses, converged_at, diverged_at, interrupted = _descend(
        W, b, X, Y, lr_c, decay_c, iterations, loss, first.hidden, first.output, criterion, tol,
        stop_when_converged)
    finals = [MLP.from_arrays([w[c] for w in W], [v[c] for v in b], first.hidden, first.output)
              for c in range(len(lr_c))]
    return MLPSweep(np.array(lrs), np.array(decays), losses.reshape(*grid, -1),
                    _nan_for_never(converged_at).reshape(grid), _nan_for_never(diverged_at).reshape(grid), finals,
                    interrupted)


def _nan_for_never(iteration):
    """-1 (never) becomes NaN, so a table or plot shows a gap instead of a fake iteration."""
    return np.where(iteration >= 0, iteration, np.nan)


def iterations_to_converge(nets, X, Y, lr, iterations: int, loss: str = "mse", weight_decay=0.0,
                           tol: float | None = None, criterion: str = "rounded") -> np.ndarray:
    """Updates until the criterion first holds, for every lr x weight_decay x net; NaN = not within `iterations`.

    The grid shape is (len(lr), len(weight_decay), len(nets)); see `sweep` (09_encoder).
    """
    return sweep(nets, X, Y, lr, iterations, loss=loss, weight_decay=weight_decay, tol=tol,
                 criterion=criterion, stop_when_converged=True).converged_at


# ----------------------------------------------------------------------------------
# Finite differences: the test of every gradient above
# ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradientCheck:
    """Analytic against central-difference gradients, one entry per parameter (09_encoder).

    relative_error = |analytic - numeric| / max(|analytic|, |numeric|, floor): relative for
    ordinary gradients, absolute (divided by `floor`) for gradients near 0, where finite
    differences cannot be relative-accurate.
    """

    names: list[str]
    analytic: np.ndarray
    numeric: np.ndarray
    relative_error: np.ndarray

    @property
    def max_relative_error(self) -> float:
        return float(self.relative_error.max())

    def table(self, rows: int | None = None) -> str:
        """The worst `rows` parameters (all if None) as aligned text."""
        rows = validate(rows=rows)
        order = np.argsort(-self.relative_error)[:rows]
        width = max(len(n) for n in self.names)
        lines = [f"{'parameter':<{width}}  {'analytic':>13}  {'numeric':>13}  {'rel. error':>10}"]
        for i in order:
            lines.append(f"{self.names[i]:<{width}}  {self.analytic[i]:>13.6g}  {self.numeric[i]:>13.6g}"
                         f"  {self.relative_error[i]:>10.2e}")
        return "\n".join(lines)


def _parameters(net):
    """(name, array) for every weight matrix and bias vector, in layer order."""
    for l in range(len(net.W)):
        yield f"W[{l}]", net.W[l]
        yield f"b[{l}]", net.b[l]


def flat_parameters(net: MLP) -> np.ndarray:
    """Every weight and bias in one vector, in the order W[0], b[0], W[1], b[1], ... (09_encoder)."""
    return np.concatenate([values.ravel() for _, values in _parameters(check_net(net))])


def with_parameters(net: MLP, theta) -> MLP:
    """A network shaped like `net` holding the values of the vector theta (the order of flat_parameters).

    theta may hold any real numbers (NaN and inf too): finite differences probe networks that may overflow.
    """
    check_net(net)
    theta = real_array("theta", theta, 1, finite=False, max_rows=10**7)
    size = sum(values.size for _, values in _parameters(net))
    if len(theta) != size:
        raise refuse("theta", theta, f"{size} numbers, one per weight and bias of {net!r}")
    arrays, start = [], 0
    for _, values in _parameters(net):
        arrays.append(np.asarray(theta[start:start + values.size], dtype=np.float64).reshape(values.shape))
        start += values.size
    probe = MLP.__new__(MLP)
    probe._set(arrays[0::2], arrays[1::2], net.hidden, net.output)
    return probe


def gradient_check(net: MLP, X, Y, loss: str = "mse", weight_decay: float = 0.0, eps: float = 1e-5,
                   floor: float = 1e-4) -> GradientCheck:
    """Compare every analytic gradient with (L(p + eps) - L(p - eps)) / (2 eps) (09_encoder).

    Why eps = 1e-5: the central difference is off by about eps**2 / 6 times the third derivative
    (truncation) plus about 1e-16 * L / eps (rounding in L); their sum is smallest near
    eps = 1e-5, where it is around 1e-11. Gradients smaller than `floor` therefore cannot be
    checked relatively and are compared absolutely (see GradientCheck).
    """
    X, Y, loss = _check_data(net, X, Y, loss)
    weight_decay, eps, floor = validate(weight_decay=weight_decay, eps=eps, floor=floor)
    dW, db = gradients(net, X, Y, loss, weight_decay)
    names = [f"{name}[{', '.join(map(str, index))}]" for name, values in _parameters(net)
             for index in np.ndindex(values.shape)]
    analytic = np.concatenate([g.ravel() for pair in zip(dW, db) for g in pair])
    try:
        numeric = central_differences(lambda theta: _total_loss(with_parameters(net, theta), X, Y, loss, weight_decay),
                                      flat_parameters(net), eps)
    except ValueError:
        raise _overflow() from None
    if not (np.isfinite(analytic).all() and np.abs(analytic).max() <= MAX_MAGNITUDE):
        raise _overflow()
    return GradientCheck(names, analytic, numeric, relative_error(analytic, numeric, floor))


# ----------------------------------------------------------------------------------
# Helpers for the encoder notebook
# ----------------------------------------------------------------------------------

def _overflow() -> ValueError:
    return ValueError("the loss or its gradient overflows for this net and X, Y (a number beyond 1e100): allowed: "
                      "networks and data whose loss stays finite; use smaller weights or scale the data")


def one_hot(n: int) -> np.ndarray:
    """The n one-hot patterns as rows of the n x n identity: the encoder's inputs and targets."""
    return np.eye(check("n", n, Whole(1, MAX_WIDTH)))


@dataclass(frozen=True)
class HiddenCode:
    """The hidden layer's answer to each input, thresholded into bits (09_encoder).

    activations (n, hidden): the values; bits: activations > threshold as 0/1;
    codes: each row of bits read as a binary number (first hidden node = most significant);
    distinct: True if no two inputs share a code.
    """

    activations: np.ndarray
    bits: np.ndarray
    codes: np.ndarray
    distinct: bool


def hidden_code(net: MLP, X, threshold: float = 0.5, layer: int = 1) -> HiddenCode:
    """Threshold the activations of hidden layer `layer` (1 = the first) into a binary code per input."""
    if len(check_net(net).W) < 2:
        raise refuse("net", net, "a network with a hidden layer (this one has no hidden layer)")
    layer = validate(layer=layer)
    if layer > len(net.W) - 1:
        raise ValueError(f"layer must be a hidden layer from 1 to {len(net.W) - 1}, got {layer}")
    threshold = validate(threshold=threshold)
    activations = forward(net, X)[layer]
    bits = (activations > threshold).astype(np.int64)
    if bits.shape[1] <= 62:
        codes = bits @ (2 ** np.arange(bits.shape[1] - 1, -1, -1))
    else:  # too many bits for int64: Python's whole numbers
        codes = np.array([int("".join(map(str, row)), 2) for row in bits.tolist()], dtype=object)
    return HiddenCode(activations, bits, codes, len(set(codes.tolist())) == len(codes))
