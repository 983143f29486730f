"""The function the network computes: out(x1, x2) over the input plane, and its two hinges (04, 06, 08).

    out = relu(z1) w5 + relu(z2) w6 + b3,   z1 = w1 x1 + w3 x2 + b1,   z2 = w2 x1 + w4 x2 + b2

Where both hidden nodes keep their on/off state, out is a plane. The planes meet along the
hinge lines z1 = 0 and z2 = 0: on one side of z1 = 0 node h1 is on (z1 > 0), on the other it is
off and w5 does not matter. So the whole fitted surface is at most four planes glued along two
lines, and what goes wrong shows up as where those lines lie:
- a dead node: every sample on the off side of its line (the line lies outside the data cloud);
- biases of 100: every sample on the on side of both lines: the network is one plane on the data;
- symmetric starts (h1 = h2): the two lines coincide, and stay together during training.

`surface_grid` evaluates out on a grid with `reference.network` (the same arithmetic as
`nnmath.predict`); `hinges` finds each line, the part of it inside a box, the side where its node
is on, and how the samples fall on its two sides; `view_box` widens the data's box just enough to
show a hinge that misses the data but lies near it. A network trained on scaled inputs and
targets (`scaling.ScaledData`) is evaluated and drawn in the data's own units.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .checks import ANY_NUMBER, FRACTION, check, real_array, refuse, validate
from .params import Params, check_params
from .reference import network
from .scaling import check_scaled


@dataclass(frozen=True)
class Surface:
    """out on a grid: out[i, j] is the output at (x1[j], x2[i]) (rows follow x2, as an image's rows)."""

    x1: np.ndarray                  # (m,)
    x2: np.ndarray                  # (k,)
    out: np.ndarray                 # (k, m)


@dataclass(frozen=True)
class Hinge:
    """The line z = a x1 + b x2 + c = 0 of one hidden node, in the plotted (original) units."""

    node: str                       # "h1" or "h2"
    a: float
    b: float
    c: float
    segment: tuple | None           # ((x1, x2), (x1, x2)): the line inside the box; None if it misses the box
    on_side: tuple | None           # unit vector (in x1, x2) pointing to z > 0; None when a = b = 0 (no line)
    on_fraction: float              # share of the samples with z > 0 (node on)
    state: str                      # "dead" (off for every sample), "always on", or "splits the data"

    @property
    def outside(self) -> bool:
        """The line misses the data cloud: every sample lies on the same side of it."""
        return self.state != "splits the data"

    @property
    def label(self) -> str:
        """What a student should read off the line, e.g. 'h2 dead: off for every sample'."""
        if self.state == "dead":
            return f"{self.node} dead: off for every sample"
        if self.state == "always on":
            return f"{self.node} on for every sample (no bend in the data)"
        return f"z{self.node[1]} = 0: {self.node} on for {self.on_fraction:.0%} of the samples"


def _inputs_for_network(X: np.ndarray, scaled) -> np.ndarray:
    return X if scaled is None else scaled.scale_inputs(X)


def surface_grid(params: Params, x1_range, x2_range, resolution: int = 41, output: str = "linear",
                 scaled=None) -> Surface:
    """out(x1, x2) on a resolution x resolution grid over the two ranges (04_training_loop, 06, 08).

    Each value is `reference.network`'s output, the arithmetic of `nnmath.predict`, so
    surface.out[i, j] == nnmath.predict(params, [[x1[j], x2[i]]])[0]. scaled: the `ScaledData`
    the network was trained on (inputs scaled before, outputs mapped back after), or None.
    """
    check_params(params)
    x1_range, x2_range, resolution, output = validate(x1_range=x1_range, x2_range=x2_range,
                                                      resolution=resolution, output=output)
    scaled = check_scaled(scaled)
    x1 = np.linspace(*x1_range, resolution)
    x2 = np.linspace(*x2_range, resolution)
    G1, G2 = np.meshgrid(x1, x2)
    points = _inputs_for_network(np.column_stack([G1.ravel(), G2.ravel()]), scaled)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run's huge parameters: inf, drawn as such
        out = network(*params.values, points[:, 0], points[:, 1], output).out
        if scaled is not None:
            out = scaled.unscale_predictions(out)
    return Surface(x1, x2, np.asarray(out, dtype=np.float64).reshape(G1.shape))


def data_box(X, pad: float = 0.08) -> tuple[tuple[float, float], tuple[float, float]]:
    """The data's range in x1 and x2, widened by `pad` of its span on each side (1 if a column is constant).

    A box is never flat: a constant column at pad 0, or one so large that a span of 1 is lost in rounding,
    is widened by half its size (at least 1) on each side.
    """
    X = real_array("X", X, 2, 2)
    pad = validate(pad=pad)
    ranges = []
    for column in X.T:
        low, high = float(column.min()), float(column.max())
        span = high - low or 1.0
        widened = (low - pad * span, high + pad * span)
        if not widened[0] < widened[1]:
            width = 0.5 * max(1.0, abs(low), abs(high))
            widened = (low - width, high + width)
        ranges.append(widened)
    return tuple(ranges)


def _coefficients(params: Params, node: int, scaled) -> tuple[float, float, float]:
    """z of a hidden node as a x1 + b x2 + c in the plotted units (undoing the input scaling)."""
    a, b, c = ((params.w1, params.w3, params.b1) if node == 1 else (params.w2, params.w4, params.b2))
    if scaled is None:
        return a, b, c
    offset, scale = scaled.x_scaler.offset, scaled.x_scaler.scale  # z = a (x1 - o1)/s1 + b (x2 - o2)/s2 + c
    a1, b1 = a / scale[0], b / scale[1]
    return float(a1), float(b1), float(c - a1 * offset[0] - b1 * offset[1])


def _clip(a, b, c, box):
    """The part of the line a x1 + b x2 + c = 0 inside the box (Liang-Barsky on its two end points), or None."""
    (x_low, x_high), (y_low, y_high) = box
    norm = math.hypot(a, b)
    if norm == 0 or not math.isfinite(norm) or not math.isfinite(c):
        return None
    # a point on the line and its direction
    px, py = -a * c / norm ** 2, -b * c / norm ** 2
    dx, dy = -b / norm, a / norm
    t_low, t_high = -math.inf, math.inf
    for p, d, low, high in ((px, dx, x_low, x_high), (py, dy, y_low, y_high)):
        if d == 0:
            if not low <= p <= high:
                return None
            continue
        t1, t2 = (low - p) / d, (high - p) / d
        t_low, t_high = max(t_low, min(t1, t2)), min(t_high, max(t1, t2))
    if not t_low < t_high:
        return None
    return ((px + t_low * dx, py + t_low * dy), (px + t_high * dx, py + t_high * dy))


def hinges(params: Params, X, box, scaled=None) -> tuple[Hinge, Hinge]:
    """The hinge lines z1 = 0 and z2 = 0: each within `box`, its on side, and how the samples X fall.

    A node is "dead" when z <= 0 for every sample (relu' = 0 there: it never learns again),
    "always on" when z > 0 for every sample (its ReLU never bends inside the data), else it
    "splits the data". on_side points from the line towards z > 0.
    """
    check_params(params)
    X = real_array("X", X, 2, 2)
    box = validate(box=box)
    scaled = check_scaled(scaled)
    inputs = _inputs_for_network(X, scaled)
    f = network(*params.values, inputs[:, 0], inputs[:, 1])
    found = []
    for node, z in ((1, f.z1), (2, f.z2)):
        a, b, c = _coefficients(params, node, scaled)
        on = float(np.mean(z > 0))
        state = "dead" if on == 0 else "always on" if on == 1 else "splits the data"
        norm = math.hypot(a, b)
        side = (a / norm, b / norm) if norm > 0 and math.isfinite(norm) else None
        found.append(Hinge(f"h{node}", a, b, c, _clip(a, b, c, box), side, on, state))
    return tuple(found)


def check_hinge(hinge, argument: str = "hinge") -> Hinge:
    """hinge must be a Hinge (one of what `hinges` returns)."""
    if not isinstance(hinge, Hinge):
        raise refuse(argument, hinge, "a Hinge, one of the two lines hinges(params, X, box) returns")
    return hinge


def coincide(first: Hinge, second: Hinge, rtol: float = 1e-9) -> bool:
    """The two hinge lines are one line (h1 and h2 bend at the same place, e.g. after a symmetric start)."""
    check_hinge(first, "first")
    check_hinge(second, "second")
    rtol = validate(rtol=rtol)
    u = np.array([first.a, first.b, first.c])
    v = np.array([second.a, second.b, second.c])
    nu, nv = np.linalg.norm(u[:2]), np.linalg.norm(v[:2])
    if nu == 0 or nv == 0 or not (np.isfinite(nu) and np.isfinite(nv)):
        return False
    u, v = u / nu, v / nv
    return bool(np.allclose(u, v, rtol=rtol, atol=rtol) or np.allclose(u, -v, rtol=rtol, atol=rtol))


def view_box(params_list, X, pad: float = 0.08, reach: float = 3.0, scaled=None):
    """The data's box, widened to show every hinge that misses it but passes within `reach` box-halves.

    A dead node's line usually lies just outside the data cloud: widening the view to the point of
    the line nearest the data's centre (plus a margin) shows it. A line further out than `reach`
    half-widths (biases of 100) is not chased: the panel says where it is instead.
    """
    if not isinstance(params_list, (list, tuple)) or not all(isinstance(p, Params) for p in params_list):
        raise refuse("params_list", params_list, "a list of Params (the starts or ends whose hinges to show)")
    box = data_box(X, pad)
    reach = validate(reach=reach)
    scaled = check_scaled(scaled)
    (x_low, x_high), (y_low, y_high) = box
    centre = np.array([(x_low + x_high) / 2, (y_low + y_high) / 2])
    half = np.array([(x_high - x_low) / 2, (y_high - y_low) / 2])
    lows, highs = np.array([x_low, y_low]), np.array([x_high, y_high])
    for params in params_list:
        for node in (1, 2):
            a, b, c = _coefficients(params, node, scaled)
            point = nearest_point(a, b, c, centre, half)
            if point is None:
                continue
            distance = np.max(np.abs(point - centre) / half)
            if 1.0 < distance <= 1.0 + reach:
                margin = 0.15 * half
                lows = np.minimum(lows, point - margin)
                highs = np.maximum(highs, point + margin)
    return (float(lows[0]), float(highs[0])), (float(lows[1]), float(highs[1]))


def nearest_point(a, b, c, centre, half):
    """The point of a x1 + b x2 + c = 0 nearest `centre`, measured in units of the box's half-widths.

    a, b, c: any real numbers (a line with infinite or NaN coefficients has no nearest point: None);
    centre: a point; half: the box's half-width and half-height, both > 0.
    """
    a, b, c = (check(name, value, ANY_NUMBER) for name, value in (("a", a), ("b", b), ("c", c)))
    centre = real_array("centre", centre, 1, min_rows=2, max_rows=2)
    half = real_array("half", half, 1, min_rows=2, max_rows=2)
    if not np.all(half > 0):
        raise refuse("half", half, "two numbers > 0: half the box's width and half its height")
    # in u = (x - centre) / half the line reads (a h1) u1 + (b h2) u2 + (a c1 + b c2 + c) = 0
    with np.errstate(over="ignore", invalid="ignore"):  # a line too far out or too steep for floats: no point
        A, B = a * half[0], b * half[1]
        C = a * centre[0] + b * centre[1] + c
        norm2 = A * A + B * B
        if norm2 == 0 or not math.isfinite(norm2) or not math.isfinite(C):
            return None
        point = centre + -C / norm2 * np.array([A, B]) * half
    return point if np.all(np.isfinite(point)) else None


def side_marker(hinge: Hinge, box, length: float = 0.08, at: float = 0.5):
    """A short arrow from a point of a hinge's segment towards its node's on side (z > 0): (start, end).

    `at` is where along the segment it starts (0.5: the middle); `length` is a fraction of the box;
    the arrow is perpendicular to the line as drawn in a square plot of the box (x1 and x2 may have
    different units). None when the line misses the box.
    """
    check_hinge(hinge)
    box = validate(box=box)
    length, at = check("length", length, FRACTION), check("at", at, FRACTION)
    if hinge.segment is None or hinge.on_side is None:
        return None
    (p, q), ((x_low, x_high), (y_low, y_high)) = hinge.segment, box
    width, height = x_high - x_low, y_high - y_low
    normal = np.array([hinge.a * width, hinge.b * height])   # the normal in box fractions
    normal = normal / np.linalg.norm(normal)
    mid = (p[0] + at * (q[0] - p[0]), p[1] + at * (q[1] - p[1]))
    return mid, (mid[0] + length * width * normal[0], mid[1] + length * height * normal[1])


__all__ = ["Surface", "Hinge", "surface_grid", "data_box", "hinges", "check_hinge", "coincide", "view_box",
           "nearest_point", "side_marker"]
