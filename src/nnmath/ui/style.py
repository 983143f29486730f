"""Colours and limits every figure of the course shares, live (bqplot) or static (matplotlib)."""
from ..core.checks import OrNone, Real

DIVERGED_COLOR = "#c0392b"
CONVERGED_COLOR = "#1e8449"
POINT_COLOR = "#2c7fb8"
TRAIN_COLOR, TEST_COLOR = "#1f77b4", "#ff7f0e"   # matplotlib's C0 and C1
LINE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
GREY = "#888888"
# Log-axis limits stay inside these: a diverging loss may approach 1e308, where a log
# axis's arithmetic (matplotlib's tick locator, a browser's d3 scale) overflows.
LOG_LIMITS = (1e-300, 1e300)

LEVEL_LIMITS = (1e-100, 1e100)
"""A level drawn across a log axis (a floor, a bound) lies within these: a log axis laid out near 1e300 overflows."""
FLOOR = OrNone(Real(low=LEVEL_LIMITS[0], high=LEVEL_LIMITS[1]), "no floor line")
"""A loss floor drawn as a dashed line on a log axis (training panels, plot_loss_curves): None, or a number there."""
