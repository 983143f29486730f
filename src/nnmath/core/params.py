"""The nine numbers of the lecture network: weights w1..w6 and biases b1..b3.

Taught in 01_forward_pass. The order w1..w6, b1..b3 is the order of every flat
array in the course (sweeps, trajectories, tables).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace as _replace
from typing import ClassVar

import numpy as np

from .checks import MAX_MAGNITUDE, NAMES, RULES, check, real_array, refuse, shown

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
            hints = [(key if len(key) <= 40 else shown(key)) + (f" (did you mean {_OTHER_NAMES[key]}?)"
                                                                 if key in _OTHER_NAMES else "") for key in unknown[:3]]
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
            object.__setattr__(self, name, check(f"Params.{name}", given[name], RULES["value"]))

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
        return cls(*_numbers("values", values, 9, "9 numbers in the order w1..w6, b1..b3").tolist())

    @classmethod
    def from_lists(cls, weights, biases) -> "Params":
        """Build Params from (w1..w6) and (b1, b2, b3), the way the lecture writes a start."""
        weights = _numbers("weights", weights, 6, "6 numbers, w1..w6")
        biases = _numbers("biases", biases, 3, "3 numbers, b1..b3")
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


def _numbers(argument, values, count, allowed, finite=True) -> np.ndarray:
    """`count` numbers as a float array (a list, tuple or 1-D array), or the course's ValueError."""
    array = real_array(argument, values, 1, finite=finite)
    if len(array) != count:
        raise refuse(argument, values, allowed)
    return array


def check_params(params, argument: str = "params") -> Params:
    """Return params if it is a Params, else the course's ValueError saying what is allowed."""
    if not isinstance(params, Params):
        raise refuse(argument, params, "a nnmath.Params (w1..w6, b1..b3); build one with Params(w1=..., ..., b3=...) "
                     "or Params.from_array(values)")
    return params


def params_or_none(array) -> Params | None:
    """Params from nine numbers, or None when any is not finite or too large (a diverged state)."""
    array = _numbers("array", array, 9, "9 numbers in the order w1..w6, b1..b3 (NaN allowed)", finite=False)
    with np.errstate(invalid="ignore"):
        sensible = np.all(np.abs(array) <= MAX_MAGNITUDE)
    if not sensible:
        return None
    return Params(*array.tolist())


__all__ = ["NAMES", "Params", "check_params", "params_or_none", "shown"]
