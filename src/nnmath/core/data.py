"""Data for the course: generators, scalers, and CSV files you can read and write.

* `lecture_data`: the lecture notebook's 100 integer samples, bit for bit.
* `quadratic_data`: the course's main set, y = x1**2 + x2 + integer noise 0..4
  (04_training_loop, 05_learning_rate); `skewed_data` bunches the inputs on one side (08_data).
* `random_target_data`: y drawn at random, no pattern to learn (07_random_target).
* `noise_variance`, `uniform_integer_variance`: the loss floor no model can beat.
* `train_test_split`: hold back part of the data (08_data).

Scaling lives in `scaling.py`, CSV files in `csvfiles.py`.

Every random choice takes a seed, so every number in a notebook can be reproduced.
Arrays follow the course's shapes: X is (n, 2) with columns x1, x2; y is (n,).
"""
from __future__ import annotations

import numpy as np

from .checks import INPUT_RANGES, check_data, validate

# The skewed inputs: Beta(1, 4) has density 4*(1 - u)**3 on [0, 1], mean 0.2, so about
# 59% of the points land in the lowest fifth of each range (1 - 0.8**4 = 0.5904).
SKEW_BETA = (1.0, 4.0)


# ---------------------------------------------------------------- generators


def lecture_data(n: int = 100, seed: int = 123):
    """The lecture notebook's data set, number for number (04_training_loop).

    The lecture ran `np.random.seed(seed)` and then, per row:
        n1 = randint(0, 5); n2 = randint(3, 7); n3 = int(n1**2 + n2 + randint(0, 5))
    so y = x1**2 + x2 + noise with integers x1 in 0..4, x2 in 3..6, noise in 0..4.
    A private `np.random.RandomState(seed)` gives exactly the same stream as the
    global legacy generator, and leaves the caller's global random state untouched.

    Returns X of shape (n, 2) (columns x1, x2) and y of shape (n,), both float64.
    """
    n, seed = validate(n=n, seed=seed)
    rng = np.random.RandomState(seed)
    X = np.empty((n, 2), dtype=np.float64)
    y = np.empty(n, dtype=np.float64)
    for row in range(n):
        # The three draws per row, in the lecture's order: the stream must stay identical.
        n1 = rng.randint(0, 5)
        n2 = rng.randint(3, 7)
        n3 = int(n1**2 + n2 + rng.randint(0, 5))
        X[row] = n1, n2
        y[row] = n3
    return X, y


def _draw_inputs(rng, n, x1_range, x2_range, distribution):
    """x1 then x2, uniform on their ranges or Beta(1, 4)-skewed towards each range's low end."""
    columns = []
    for low, high in (x1_range, x2_range):
        if distribution == "uniform":
            columns.append(rng.uniform(low, high, n))
        else:
            columns.append(low + (high - low) * rng.beta(*SKEW_BETA, n))
    return np.column_stack(columns)


def quadratic_data(n: int = 300, seed: int = 0, x1_range=(-5, 5), x2_range=(-10, 10), noise_max: int = 4,
                   distribution: str = "uniform"):
    """The course's main data set: y = x1**2 + x2 + noise (04_training_loop, 05_learning_rate, 08_data).

    x1 and x2 are drawn from their ranges (uniformly, or with distribution="skewed"
    most points near each range's low end, Beta(1, 4) mapped onto the range); noise
    is a whole number drawn uniformly from 0..noise_max. The noise sets the loss
    floor: mean squared error cannot fall below about noise_variance(noise_max),
    which is 2 for 0..4. Drawn with `np.random.default_rng(seed)`: x1, then x2, then noise.

    Returns X of shape (n, 2) (columns x1, x2) and y of shape (n,), both float64.
    """
    n, seed, x1_range, x2_range, noise_max, distribution = validate(
        n=n, seed=seed, x1_range=x1_range, x2_range=x2_range, noise_max=noise_max, distribution=distribution)
    rng = np.random.default_rng(seed)
    X = _draw_inputs(rng, n, x1_range, x2_range, distribution)
    noise = rng.integers(0, noise_max, size=n, endpoint=True)
    y = X[:, 0] ** 2 + X[:, 1] + noise
    return X, y


def skewed_data(n: int = 300, seed: int = 0, x1_range=(-5, 5), x2_range=(-10, 10), noise_max: int = 4):
    """quadratic_data with most inputs bunched near the low end of each range (08_data).

    Skewed inputs fit worse: the network sees few examples of the far side of the
    curve x1**2, so it learns that side poorly.
    """
    return quadratic_data(n, seed, x1_range, x2_range, noise_max, distribution="skewed")


def random_target_data(n: int = 300, seed: int = 0, low: int = 0, high: int = 99, x1_range=(-5, 5),
                       x2_range=(-10, 10)):
    """Inputs as in quadratic_data, but y is a whole number drawn uniformly from low..high (07_random_target).

    There is no pattern to learn: the best any model can do on average is predict the
    mean (low + high) / 2 and be left with the variance ((high - low + 1)**2 - 1) / 12,
    about 833.25 for 0..99. Drawn with `np.random.default_rng(seed)`: x1, then x2, then y.
    """
    n, seed, low, high, x1_range, x2_range = validate(
        n=n, seed=seed, low=low, high=high, x1_range=x1_range, x2_range=x2_range)
    if not low < high:
        raise ValueError(f"random_target_data needs low < high, got low={low}, high={high}")
    rng = np.random.default_rng(seed)
    X = _draw_inputs(rng, n, x1_range, x2_range, "uniform")
    y = rng.integers(low, high, size=n, endpoint=True).astype(np.float64)
    return X, y


def uniform_integer_variance(low: int, high: int) -> float:
    """Variance of a whole number drawn uniformly from low..high: ((high - low + 1)**2 - 1) / 12 (07_random_target).

    With m = high - low + 1 equally likely values, the variance is (m**2 - 1) / 12:
    2.0 for 0..4, 833.25 for 0..99.
    """
    low, high = validate(low=low, high=high)
    if not low <= high:
        raise ValueError(f"uniform_integer_variance needs low <= high, got low={low}, high={high}")
    m = high - low + 1
    return (m * m - 1) / 12


def noise_variance(noise_max: int) -> float:
    """Variance of the integer noise 0..noise_max: ((noise_max + 1)**2 - 1) / 12 (05_learning_rate, 08_data).

    This is the loss floor: even the true curve x1**2 + x2 (plus the noise's mean)
    leaves this mean squared error, 2.0 for the course's noise 0..4.
    """
    return uniform_integer_variance(0, validate(noise_max=noise_max))


def train_test_split(X, y, test_fraction: float = 0.25, seed: int = 0):
    """Shuffle the samples and hold back a fraction for testing (08_data).

    Returns X_train, X_test, y_train, y_test, each part in shuffled order.
    The test part has round(n * test_fraction) samples, kept between 1 and n - 1
    so neither part is empty; n must therefore be at least 2.
    """
    X, y = check_data(X, y, columns=None)
    test_fraction, seed = validate(test_fraction=test_fraction, seed=seed)
    n = len(y)
    if n < 2:
        raise ValueError(f"train_test_split needs at least 2 samples (one for each part), got {n}")
    n_test = min(max(round(n * test_fraction), 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


# ---------------------------------------------------------------- the data panel's data sets (08_data)

SIZES = (30, 100, 300, 500, 1000, 3000)
"""The data set sizes 08_data's panel offers (all samples, before a quarter is held out)."""

RANGES = {"normal": ((-5.0, 5.0), (-10.0, 10.0)), "wide": ((-50.0, 50.0), (-100.0, 100.0))}
"""Input ranges (x1_range, x2_range): the lecture's, and the students' ten times wider ones."""
assert tuple(RANGES) == INPUT_RANGES, "core.checks.INPUT_RANGES names the RANGES, in order"

TEST_FRACTION = 0.25


def make_dataset(n=300, distribution="uniform", input_range="normal", noise=4, seed=0):
    """The panel's data: quadratic_data with the chosen size, distribution, range and noise, split 75/25.

    Returns X_train, X_test, y_train, y_test (train_test_split with the same seed).
    """
    n, distribution, input_range, noise, seed = validate(n=n, distribution=distribution, input_range=input_range,
                                                         noise=noise, seed=seed)
    x1_range, x2_range = RANGES[input_range]
    X, y = quadratic_data(n=n, seed=seed, x1_range=x1_range, x2_range=x2_range, noise_max=noise,
                          distribution=distribution)
    return train_test_split(X, y, test_fraction=TEST_FRACTION, seed=seed)


