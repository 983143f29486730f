"""The nine numbers of the lecture network: weights w1..w6 and biases b1..b3.

Taught in 01_forward_pass. The order w1..w6, b1..b3 is the order of every flat
array in the course (sweeps, trajectories, tables).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace as _replace
from typing import ClassVar

import numpy as np

from .checks import MAX_MAGNITUDE, NAMES, Real, check, real_array, refuse, shown

_VALUE = Real(low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE)

# Names students bring from other notes, mapped to the course's, so the error can say which was meant.
_OTHER_NAMES = {f"weight{k}": f"w{k}" for k in range(1, 7)} | {f"bias{k}": f"b{k}" for k in range(1, 4)} \
    | {f"W{k}": f"w{k}" for k in range(1, 7)} | {f"B{k}": f"b{k}" for k in range(1, 4)}


@dataclass(frozen=True, init=False)
class Params:
    """Weights and biases of the 2-2-1 network, an immutable value compared by value.

    Wiring: h1 = relu(x1*w1 + x2*w3 + b1), h2 = relu(x1*w2 + x2*w4 + b2),
    out = h1*w5 + h2*w6 + b3. Build one with Params(w1=..., ..., b3=...) or
    Params(1, 0.5, 1, -0.5, 1, 1, 0.5, 0, 0.5); every value finite, |value| <= 1e100.
    """

    w1: float
    w2: float
    w3: float
    w4: float
    w5: float
    w6: float
    b1: float
    b2: float
    b3: float

    NAMES: ClassVar[tuple[str, ...]] = NAMES

    def __init__(self, *values, **named):
        if len(values) > 9:
            raise ValueError(f"Params takes 9 values (w1..w6, b1..b3), got {len(values)}")
        unknown = [key for key in named if key not in NAMES]
        if unknown:
            hints = [f"{key} (did you mean {_OTHER_NAMES[key]}?)" if key in _OTHER_NAMES else key for key in unknown]
            raise ValueError(f"Params got unknown name(s) {', '.join(hints)}; allowed: {', '.join(NAMES)}")
        given = dict(zip(NAMES, values))
        twice = [key for key in named if key in given]
        if twice:
            raise ValueError(f"Params got {', '.join(twice)} twice (by position and by name)")
        given.update(named)
        missing = [name for name in NAMES if name not in given]
        if missing:
            raise ValueError(f"Params needs all nine of {', '.join(NAMES)}; missing {', '.join(missing)}")
        for name in NAMES:
            object.__setattr__(self, name, check(f"Params.{name}", given[name], _VALUE))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name):.6g}" for name in NAMES)
        return f"Params({inner})"

    def to_array(self) -> np.ndarray:
        """The nine values as a float64 array in the order w1..w6, b1..b3."""
        return np.array([getattr(self, name) for name in NAMES], dtype=np.float64)

    @property
    def values(self) -> tuple[float, ...]:
        """The nine values as a tuple in the order w1..w6, b1..b3."""
        return tuple(getattr(self, f.name) for f in fields(self))

    @classmethod
    def from_array(cls, values) -> "Params":
        """Build Params from nine numbers in the order w1..w6, b1..b3."""
        if isinstance(values, (str, bytes)) or np.ndim(values) != 1 or len(values) != 9:
            raise refuse("values", values, "9 numbers in the order w1..w6, b1..b3")
        return cls(*real_array("values", values, 1).tolist())

    @classmethod
    def from_lists(cls, weights, biases) -> "Params":
        """Build Params from (w1..w6) and (b1, b2, b3), the way the lecture writes a start."""
        for argument, value, count in (("weights", weights, 6), ("biases", biases, 3)):
            if isinstance(value, (str, bytes)) or np.ndim(value) != 1 or len(value) != count:
                raise refuse(argument, value, f"{count} numbers")
        weights, biases = real_array("weights", weights, 1), real_array("biases", biases, 1)
        return cls(*weights.tolist(), *biases.tolist())

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in NAMES}

    def replace(self, **changes) -> "Params":
        """A copy with some values changed, e.g. p.replace(b3=0.0)."""
        return Params(**{**self.as_dict(), **changes})

    @property
    def weights(self) -> tuple[float, ...]:
        return (self.w1, self.w2, self.w3, self.w4, self.w5, self.w6)

    @property
    def biases(self) -> tuple[float, ...]:
        return (self.b1, self.b2, self.b3)

    def is_finite(self) -> bool:
        return all(math.isfinite(getattr(self, name)) for name in NAMES)


def check_params(params, argument: str = "params") -> Params:
    """Return params if it is a Params, else the course's ValueError saying what is allowed."""
    if not isinstance(params, Params):
        raise refuse(argument, params, "a nnmath.Params (w1..w6, b1..b3); build one with Params(w1=..., ..., b3=...) "
                     "or Params.from_array(values)")
    return params


def params_or_none(array) -> Params | None:
    """Params from nine numbers, or None when any is not finite or too large (a diverged state)."""
    array = np.asarray(array, dtype=np.float64)
    if not (np.all(np.isfinite(array)) and np.all(np.abs(array) <= MAX_MAGNITUDE)):
        return None
    return Params(*array.tolist())


__all__ = ["NAMES", "Params", "check_params", "params_or_none", "shown"]
