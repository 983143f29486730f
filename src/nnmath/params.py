"""The nine numbers of the lecture network: weights w1..w6 and biases b1..b3.

Taught in 01_forward_pass. The order w1..w6, b1..b3 is the order of every flat
array in the course (sweeps, trajectories, tables).
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, fields, replace as _replace
from typing import ClassVar

import numpy as np

NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


@dataclass(frozen=True)
class Params:
    """Weights and biases of the 2-2-1 network, an immutable value compared by value.

    Wiring: h1 = relu(x1*w1 + x2*w3 + b1), h2 = relu(x1*w2 + x2*w4 + b2),
    out = h1*w5 + h2*w6 + b3.
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

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(
                    f"Params.{f.name} must be a real number, got {value!r} "
                    f"({type(value).__name__}); allowed: int or float"
                )
            object.__setattr__(self, f.name, float(value))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={_short(getattr(self, name))}" for name in NAMES)
        return f"Params({inner})"

    def to_array(self) -> np.ndarray:
        """The nine values as a float64 array in the order w1..w6, b1..b3."""
        return np.array([getattr(self, name) for name in NAMES], dtype=np.float64)

    @classmethod
    def from_array(cls, values) -> "Params":
        """Build Params from nine numbers in the order w1..w6, b1..b3."""
        array = np.asarray(values, dtype=np.float64)
        if array.shape != (9,):
            raise ValueError(
                f"Params.from_array needs 9 values (w1..w6, b1..b3), got shape {array.shape}"
            )
        return cls(*(float(v) for v in array))

    @classmethod
    def from_lists(cls, weights, biases) -> "Params":
        """Build Params from (w1..w6) and (b1, b2, b3), the way the lecture writes a start."""
        weights, biases = tuple(weights), tuple(biases)
        if len(weights) != 6 or len(biases) != 3:
            raise ValueError(
                f"need 6 weights and 3 biases, got {len(weights)} weights and {len(biases)} biases"
            )
        return cls(*weights, *biases)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in NAMES}

    def replace(self, **changes) -> "Params":
        """A copy with some values changed, e.g. p.replace(b3=0.0)."""
        unknown = set(changes) - set(NAMES)
        if unknown:
            raise ValueError(
                f"unknown parameter name(s) {sorted(unknown)}; allowed: {', '.join(NAMES)}"
            )
        return _replace(self, **changes)

    @property
    def weights(self) -> tuple[float, ...]:
        return (self.w1, self.w2, self.w3, self.w4, self.w5, self.w6)

    @property
    def biases(self) -> tuple[float, ...]:
        return (self.b1, self.b2, self.b3)

    def is_finite(self) -> bool:
        return all(math.isfinite(getattr(self, name)) for name in NAMES)


def _short(value: float) -> str:
    """Up to 6 significant digits, so a repr fits on one line and still reads as a number."""
    text = f"{value:.6g}"
    return text


def check_params(params, argument: str = "params") -> Params:
    """Return params if it is a Params, else raise a ValueError that says what is allowed."""
    if not isinstance(params, Params):
        raise ValueError(
            f"{argument} must be a nnmath.Params (w1..w6, b1..b3), got {type(params).__name__}; "
            "build one with Params(w1=..., ..., b3=...) or Params.from_array(values)"
        )
    return params
