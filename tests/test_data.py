"""nnmath.data: generators against independent computations, scalers, CSV round trips and every CSV error."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import nnmath.core.data as data
from nnmath.core.csvfiles import load_csv, read_table, save_csv
from nnmath.core.data import (lecture_data, noise_variance, quadratic_data, random_target_data, skewed_data,
                              train_test_split, uniform_integer_variance)
from nnmath.core.scaling import MinMaxScaler, ZScoreScaler, scale_dataset

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def lecture_loop(draw, n):
    """The lecture notebook's loop, written out again: draw is a randint function."""
    rows = []
    for _ in range(n):
        n1 = draw(0, 5)
        n2 = draw(3, 7)
        n3 = int(n1**2 + n2 + draw(0, 5))
        rows.append((n1, n2, n3))
    return np.array(rows, dtype=np.float64)


# ---------------------------------------------------------------- lecture data


def test_lecture_data_matches_the_global_legacy_generator_and_leaves_it_alone():
    saved = np.random.get_state()
    try:
        np.random.seed(123)
        expected = lecture_loop(np.random.randint, 100)
        np.random.seed(7)
        before = np.random.get_state()
        X, y = lecture_data()
        after = np.random.get_state()
        # the caller's global stream is exactly where it was
        assert before[0] == after[0] and np.array_equal(before[1], after[1]) and before[2:] == after[2:]
        assert np.random.randint(0, 2**31) == np.random.RandomState(7).randint(0, 2**31)
    finally:
        np.random.set_state(saved)
    assert X.shape == (100, 2) and y.shape == (100,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    np.testing.assert_array_equal(X, expected[:, :2])
    np.testing.assert_array_equal(y, expected[:, 2])


def test_lecture_data_equals_a_private_randomstate_loop_for_other_seeds_and_sizes():
    for seed, n in ((0, 5), (123, 37), (2024, 250)):
        expected = lecture_loop(np.random.RandomState(seed).randint, n)
        X, y = lecture_data(n=n, seed=seed)
        np.testing.assert_array_equal(np.column_stack([X, y]), expected)
    # a shorter set is the start of a longer one: one draw sequence, row by row
    np.testing.assert_array_equal(lecture_data(10)[0], lecture_data(100)[0][:10])


def test_lecture_data_values_follow_the_lecture_formula():
    X, y = lecture_data()
    x1, x2 = X[:, 0], X[:, 1]
    noise = y - x1**2 - x2
    assert set(x1) <= {0, 1, 2, 3, 4} and set(x2) <= {3, 4, 5, 6}
    assert set(noise) <= {0, 1, 2, 3, 4}
    assert len(set(noise)) == 5  # all five noise values occur in 100 rows


# ---------------------------------------------------------------- quadratic data


def test_quadratic_data_is_x1_squared_plus_x2_plus_integer_noise_0_to_4():
    X, y = quadratic_data()
    assert X.shape == (300, 2) and y.shape == (300,)
    x1, x2 = X[:, 0], X[:, 1]
    assert x1.min() >= -5 and x1.max() < 5 and x2.min() >= -10 and x2.max() < 10
    # the draws cover the ranges, not one corner
    assert x1.min() < -4.5 and x1.max() > 4.5 and x2.min() < -9 and x2.max() > 9
    noise = y - x1**2 - x2
    whole = np.round(noise)
    np.testing.assert_allclose(noise, whole, atol=1e-12)
    assert set(whole) == {0, 1, 2, 3, 4}


def test_quadratic_data_draws_x1_then_x2_then_noise_from_default_rng():
    rng = np.random.default_rng(42)
    x1 = rng.uniform(-2, 3, 50)
    x2 = rng.uniform(0, 1, 50)
    noise = rng.integers(0, 7, 50)  # 0..6
    X, y = quadratic_data(50, seed=42, x1_range=(-2, 3), x2_range=(0, 1), noise_max=6)
    np.testing.assert_array_equal(X, np.column_stack([x1, x2]))
    np.testing.assert_array_equal(y, x1**2 + x2 + noise)


def test_quadratic_noise_has_the_variance_noise_variance_predicts():
    X, y = quadratic_data(n=200_000, seed=1)
    noise = y - X[:, 0] ** 2 - X[:, 1]
    assert abs(noise.mean() - 2.0) < 0.02
    # variance of 0..4 is 2; the sampling error here is about 0.004
    assert abs(noise.var() - 2.0) < 0.02
    assert noise_variance(4) == 2.0


def test_quadratic_data_seeds_and_noise_max_zero():
    a, b, c = quadratic_data(seed=3), quadratic_data(seed=3), quadratic_data(seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    X, y = quadratic_data(n=20, noise_max=0)
    np.testing.assert_allclose(y, X[:, 0] ** 2 + X[:, 1], rtol=0, atol=1e-12)


def test_wider_ranges_are_honoured():
    X, _ = quadratic_data(n=2000, x1_range=(-50, 50), x2_range=(-100, 100))
    assert -50 <= X[:, 0].min() < -45 and 45 < X[:, 0].max() < 50
    assert -100 <= X[:, 1].min() < -90 and 90 < X[:, 1].max() < 100


def test_skewed_data_bunches_inputs_at_the_low_end():
    n = 20_000
    Xs, ys = skewed_data(n=n, seed=5)
    Xu, _ = quadratic_data(n=n, seed=5)
    for column, (low, high) in enumerate(((-5, 5), (-10, 10))):
        in_low_fifth = lambda X: np.mean(X[:, column] < low + (high - low) / 5)
        # Beta(1, 4): P(u < 0.2) = 1 - 0.8**4 = 0.5904; uniform: 0.2
        assert abs(in_low_fifth(Xs) - 0.5904) < 0.02
        assert abs(in_low_fifth(Xu) - 0.2) < 0.02
        assert abs(Xs[:, column].mean() - (low + 0.2 * (high - low))) < 0.05 * (high - low)
        assert low <= Xs[:, column].min() and Xs[:, column].max() <= high
    noise = ys - Xs[:, 0] ** 2 - Xs[:, 1]
    assert set(np.round(noise)) == {0, 1, 2, 3, 4}
    np.testing.assert_array_equal(skewed_data(n=50, seed=9)[0], quadratic_data(n=50, seed=9, distribution="skewed")[0])


# ---------------------------------------------------------------- random target


def test_random_target_is_whole_numbers_0_to_99_with_variance_833():
    X, y = random_target_data(n=200_000, seed=2)
    assert np.array_equal(y, np.round(y)) and y.min() == 0 and y.max() == 99
    assert abs(y.mean() - 49.5) < 0.3
    assert abs(y.var() - 833.25) < 10  # sampling error here is about 1.7
    assert uniform_integer_variance(0, 99) == 833.25
    X300, y300 = random_target_data()
    assert X300.shape == (300, 2) and y300.shape == (300,)
    # same inputs as quadratic_data with the same seed (x1, x2 drawn first), unrelated target
    np.testing.assert_array_equal(X300, quadratic_data()[0])
    assert abs(np.corrcoef(X300[:, 0] ** 2 + X300[:, 1], y300)[0, 1]) < 0.2


def test_random_target_custom_bounds():
    _, y = random_target_data(n=1000, low=-3, high=2)
    assert set(y) == {-3, -2, -1, 0, 1, 2}


@pytest.mark.parametrize("low, high", [(0, 4), (0, 0), (-3, 2), (10, 99), (0, 1)])
def test_uniform_integer_variance_equals_the_variance_of_the_values(low, high):
    assert uniform_integer_variance(low, high) == pytest.approx(np.var(np.arange(low, high + 1)), abs=1e-12)


def test_noise_variance_values():
    assert noise_variance(0) == 0.0
    assert noise_variance(1) == 0.25
    assert noise_variance(4) == 2.0


# ---------------------------------------------------------------- split


def test_train_test_split_is_a_seeded_partition():
    X = np.column_stack([np.arange(20.0), -np.arange(20.0)])
    y = np.arange(20.0) * 10
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.25, seed=3)
    assert len(X_test) == 5 and len(X_train) == 15
    assert sorted(np.concatenate([X_train[:, 0], X_test[:, 0]])) == list(range(20))
    # rows stay together
    np.testing.assert_array_equal(y_train, X_train[:, 0] * 10)
    np.testing.assert_array_equal(X_test[:, 1], -X_test[:, 0])
    again = train_test_split(X, y, test_fraction=0.25, seed=3)
    np.testing.assert_array_equal(again[1], X_test)
    assert not np.array_equal(train_test_split(X, y, seed=4)[1], X_test)
    # never an empty part
    assert [len(part) for part in train_test_split(X[:2], y[:2], test_fraction=0.01)] == [1, 1, 1, 1]
    assert [len(part) for part in train_test_split(X[:3], y[:3], test_fraction=0.99)] == [1, 2, 1, 2]


# ---------------------------------------------------------------- scaling


@pytest.fixture
def raw():
    X, y = quadratic_data(n=500, seed=11, x1_range=(-50, 50), x2_range=(100, 300))
    return X, y


def test_zscore_scaler_gives_mean_0_std_1_and_round_trips(raw):
    X, y = raw
    scaler = ZScoreScaler()
    Z = scaler.fit_transform(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(scaler.mean, X.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(scaler.std, X.std(axis=0), rtol=1e-15)
    np.testing.assert_allclose(scaler.inverse_transform(Z), X, rtol=1e-12, atol=1e-12)
    ys = ZScoreScaler().fit(y)
    zy = ys.transform(y)
    assert zy.shape == (500,)
    assert abs(zy.mean()) < 1e-12 and abs(zy.std() - 1) < 1e-12
    np.testing.assert_allclose(ys.inverse_transform(zy), y, rtol=1e-12, atol=1e-12)
    # one new value maps with the remembered statistics
    assert ys.transform(y.mean() + y.std()) == pytest.approx(1.0, abs=1e-12)


def test_minmax_scaler_gives_0_to_1_and_round_trips(raw):
    X, y = raw
    scaler = MinMaxScaler()
    M = scaler.fit_transform(X)
    np.testing.assert_array_equal(M.min(axis=0), [0, 0])
    np.testing.assert_allclose(M.max(axis=0), [1, 1], atol=1e-15)
    np.testing.assert_allclose(scaler.min, X.min(axis=0))
    np.testing.assert_allclose(scaler.max, X.max(axis=0), rtol=1e-15)
    np.testing.assert_allclose(scaler.inverse_transform(M), X, rtol=1e-12, atol=1e-12)
    my = MinMaxScaler().fit_transform(y)
    assert my.min() == 0 and abs(my.max() - 1) < 1e-15


@pytest.mark.parametrize("Scaler", [ZScoreScaler, MinMaxScaler])
def test_constant_column_becomes_zeros_not_a_division_by_zero(Scaler):
    X = np.column_stack([np.full(7, 0.1), np.arange(7.0)])
    scaler = Scaler().fit(X)
    assert scaler.scale[0] == 1.0
    T = scaler.transform(X)
    np.testing.assert_allclose(T[:, 0], 0, atol=1e-15)
    np.testing.assert_allclose(scaler.inverse_transform(T), X, rtol=1e-12)
    one_sample = Scaler().fit(np.array([3.0]))
    assert one_sample.transform(np.array([3.0]))[0] == 0.0 and one_sample.scale == 1.0


def test_scaler_errors():
    with pytest.raises(ValueError, match="not fitted"):
        ZScoreScaler().transform([1.0, 2.0])
    with pytest.raises(ValueError, match="not fitted"):
        MinMaxScaler().unscale_mse(1.0)
    scaler = ZScoreScaler().fit(np.ones((3, 2)) * [[1], [2], [3]])
    with pytest.raises(ValueError, match=r"values must be an array of shape \(n, 2\)"):
        scaler.transform(np.ones((3, 3)))
    with pytest.raises(ValueError, match="fitted on y"):
        scaler.unscale_mse(1.0)
    with pytest.raises(ValueError, match=r"first at index \(1,\)"):
        ZScoreScaler().fit([1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match="values is empty"):
        MinMaxScaler().fit(np.empty(0))


@pytest.mark.parametrize("method", ["zscore", "minmax"])
def test_scale_dataset_unscales_predictions_and_mse(raw, method):
    X, y = raw
    scaled = scale_dataset(X, y, method=method)
    Xs, ys, x_scaler, y_scaler = scaled  # unpacks like a tuple
    np.testing.assert_allclose(x_scaler.inverse_transform(Xs), X, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(scaled.unscale_predictions(ys), y, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(scaled.scale_inputs(X), Xs)
    # some imperfect predictions made in scaled units
    pred_scaled = ys + np.random.default_rng(0).normal(0, 0.1, len(ys))
    mse_scaled = np.mean((pred_scaled - ys) ** 2)
    mse_original = np.mean((scaled.unscale_predictions(pred_scaled) - y) ** 2)
    assert scaled.unscale_mse(mse_scaled) == pytest.approx(mse_original, rel=1e-10)
    expected_scale = y.std() if method == "zscore" else y.max() - y.min()
    assert scaled.unscale_mse(1.0) == pytest.approx(expected_scale**2, rel=1e-12)


def test_scale_dataset_none_changes_nothing(raw):
    X, y = raw
    scaled = scale_dataset(X, y, method=None)
    np.testing.assert_array_equal(scaled.X, X)
    np.testing.assert_array_equal(scaled.y, y)
    assert scaled.unscale_mse(2.5) == 2.5
    with pytest.raises(ValueError, match="method must be one of"):
        scale_dataset(X, y, method="standard")
    with pytest.raises(ValueError, match="rows but y has"):
        scale_dataset(X, y[:-1])


# ---------------------------------------------------------------- CSV round trips


def test_save_and_load_round_trip_is_exact(tmp_path):
    X = np.array([[0.1, -2.5e17], [1e-300, 3.0], [-0.0, 123456789.123456789], [2 / 3, -7.0]])
    y = np.array([np.pi, -1.0, 5e-324, 1e100])
    path = tmp_path / "round.csv"
    save_csv(path, X, y)
    X2, y2 = load_csv(path)
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)
    lines = path.read_text().splitlines()
    assert lines[0] == "x1,x2,y" and lines[2] == "1e-300,3,-1"  # whole numbers without ".0"
    columns, values = read_table(path)
    assert columns == ("x1", "x2", "y")
    np.testing.assert_array_equal(values, np.column_stack([X, y]))


def test_load_csv_picks_columns_by_name(tmp_path):
    path = tmp_path / "three.csv"
    path.write_text("a,b,c,d\n1,2,3,4\n5,6,7,8\n")
    X, y = load_csv(path)
    np.testing.assert_array_equal(X, [[1, 2, 3], [5, 6, 7]])
    np.testing.assert_array_equal(y, [4, 8])
    X, y = load_csv(path, inputs=["d", "a"], target="b")
    np.testing.assert_array_equal(X, [[4, 1], [8, 5]])
    np.testing.assert_array_equal(y, [2, 6])
    X, y = load_csv(path, target="a")
    np.testing.assert_array_equal(X, [[2, 3, 4], [6, 7, 8]])
    X, _ = load_csv(path, inputs="c")
    assert X.shape == (2, 1)


def test_reader_tolerates_spaces_blank_lines_quotes_and_a_byte_order_mark(tmp_path):
    path = tmp_path / "loose.csv"
    path.write_bytes(b'\xef\xbb\xbf x1 , "x2",y\r\n\r\n 1 , 2.5 ,"3"\r\n4,-5e-1,6\r\n\r\n')
    columns, values = read_table(path)
    assert columns == ("x1", "x2", "y")
    np.testing.assert_array_equal(values, [[1, 2.5, 3], [4, -0.5, 6]])


def test_committed_csvs_load_to_what_the_generators_return():
    for name, (X, y) in {
        "lecture_100.csv": lecture_data(100, 123),
        "quadratic_300.csv": quadratic_data(300, 0),
        "random_target_300.csv": random_target_data(300, 0),
    }.items():
        X2, y2 = load_csv(DATA_DIR / name)
        np.testing.assert_array_equal(X2, X)
        np.testing.assert_array_equal(y2, y)
    # the lecture file's first row, from the lecture loop written out in this test
    state = np.random.RandomState(123)
    first = lecture_loop(state.randint, 1)[0]
    assert (DATA_DIR / "lecture_100.csv").read_text().splitlines()[1] == ",".join(str(int(v)) for v in first)


def test_stackloss_file_is_brownleys_data():
    columns, values = read_table(DATA_DIR / "stackloss.csv")
    assert columns == ("air_flow", "water_temp", "stack_loss")
    assert values.shape == (21, 3)
    # published facts about Brownlee's 21 days (R: summary(datasets::stackloss))
    np.testing.assert_array_equal(values[0], [80, 27, 42])
    np.testing.assert_array_equal(values[-1], [70, 20, 15])
    assert (values.min(axis=0) == [50, 17, 7]).all() and (values.max(axis=0) == [80, 27, 42]).all()
    assert values[:, 2].sum() == 368  # mean stack loss 17.52
    text = (DATA_DIR / "stackloss.csv").read_text()
    assert "#" not in text and text.endswith("\n")


def test_regenerating_gives_byte_identical_files(tmp_path):
    spec = importlib.util.spec_from_file_location("make_data", DATA_DIR / "make_data.py")
    make_data = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_data)
    written = make_data.write_all(tmp_path)
    generated = {path.name for path in written}
    assert generated == {"lecture_100.csv", "quadratic_300.csv", "random_target_300.csv"}
    # every CSV in data/ is either generated or the documented real-world file
    assert {path.name for path in DATA_DIR.glob("*.csv")} == generated | {"stackloss.csv"}
    for path in written:
        assert path.read_bytes() == (DATA_DIR / path.name).read_bytes(), path.name


# ---------------------------------------------------------------- CSV errors


def write(tmp_path, text, name="bad_file.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, line, column, what", [
    ("x1,x2,y\n1,2,3\n4,abc,6\n", 3, "'x2'", "not a number"),
    ("x1,x2,y\n1,2,3\n4,,6\n", 3, "'x2'", "empty"),
    ("x1,x2,y\n1,2,nan\n", 2, "'y'", "NaN"),
    ("x1,x2,y\n1,2,3\n-inf,2,3\n", 3, "'x1'", "not a finite number"),
    ("x1,x2,y\n1,2,3\n4,5\n", 3, "'y'", "has 2 cells"),
    ("x1,x2,y\n1,2,3\n\n\n4,5,6,7\n", 5, "column 4", "has 4 cells"),
    ("x1,x2,y\n1,2,3\n\n7,8,1.2.3\n", 4, "'y'", "not a number"),
    ("x1,,y\n1,2,3\n", 1, "column 2", "empty column name"),
    ("x1,x2,x1\n1,2,3\n", 1, "'x1'", "twice"),
])
def test_bad_cells_name_file_line_and_column(tmp_path, text, line, column, what):
    path = write(tmp_path, text)
    with pytest.raises(ValueError) as error:
        read_table(path)
    message = str(error.value)
    assert str(path) in message and f"line {line}," in message and column in message and what in message
    with pytest.raises(ValueError, match=what):
        load_csv(path)


def test_missing_column_lists_the_available_ones(tmp_path):
    path = write(tmp_path, "x1,x2,y\n1,2,3\n")
    with pytest.raises(ValueError) as error:
        load_csv(path, target="price")
    message = str(error.value)
    assert str(path) in message and "line 1" in message and "'price'" in message and "x1, x2, y" in message
    with pytest.raises(ValueError, match="no column 'x3'.*available columns: x1, x2, y"):
        load_csv(path, inputs=["x1", "x3"])
    with pytest.raises(ValueError, match="both an input and the target"):
        load_csv(path, inputs=["x1", "y"], target="y")
    with pytest.raises(ValueError, match="each column once"):
        load_csv(path, inputs=["x1", "x1"])


@pytest.mark.parametrize("text, what", [
    ("", "empty"),
    ("\n\n  \n", "empty"),
    ("x1,x2,y\n", "no rows of numbers"),
    ("x1,x2,y\n\n", "no rows of numbers"),
    ("1,2,3\n4,5,6\n", "must name the columns"),
    ("x1|x2|y\n1|2|3\n", "separate the cells with commas"),
])
def test_file_level_errors_name_the_file(tmp_path, text, what):
    path = write(tmp_path, text)
    with pytest.raises(ValueError, match=what) as error:
        read_table(path)
    assert str(path) in str(error.value)


def test_missing_file_folder_and_binary_file(tmp_path):
    missing = tmp_path / "nowhere.csv"
    with pytest.raises(ValueError, match="no such file") as error:
        load_csv(missing)
    assert str(missing) in str(error.value)
    with pytest.raises(ValueError, match="folder"):
        read_table(tmp_path)
    binary = tmp_path / "picture.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(ValueError, match="not a UTF-8 text file"):
        read_table(binary)


def test_save_csv_checks_its_arguments(tmp_path):
    X, y = quadratic_data(n=3)
    with pytest.raises(ValueError, match="3 names"):
        save_csv(tmp_path / "a.csv", X, y, columns=("x1", "y"))
    with pytest.raises(ValueError, match="unique"):
        save_csv(tmp_path / "a.csv", X, y, columns=("x", "x", "y"))
    with pytest.raises(ValueError, match="non-empty"):
        save_csv(tmp_path / "a.csv", X, y, columns=("x1", "", "y"))
    with pytest.raises(ValueError, match="NaN or infinity"):
        save_csv(tmp_path / "a.csv", X, np.array([1.0, np.nan, 2.0]))
    assert not (tmp_path / "a.csv").exists()


# ---------------------------------------------------------------- argument checks


@pytest.mark.parametrize("call, match", [
    (lambda: lecture_data(n=0), "n must be a whole number from 1 to 1,000,000"),
    (lambda: lecture_data(n=2.5), "n must be a whole number from 1 to 1,000,000"),
    (lambda: lecture_data(n=True), "n must be a whole number from 1 to 1,000,000"),
    (lambda: lecture_data(seed=-1), "seed must be a whole number from 0"),
    (lambda: lecture_data(seed=2**32), "seed must be a whole number from 0"),
    (lambda: quadratic_data(seed=None), "seed must be a whole number"),
    (lambda: quadratic_data(x1_range=(5, -5)), r"x1_range must be a pair \(low, high\) of finite numbers with low < high.*got \(5, -5\)"),
    (lambda: quadratic_data(x2_range=(1, 1)), r"x2_range must be a pair .* got \(1, 1\)"),
    (lambda: quadratic_data(x1_range=5), "x1_range must be a pair"),
    (lambda: quadratic_data(x1_range=(0, np.inf)), "x1_range must be a pair"),
    (lambda: quadratic_data(noise_max=-1), "noise_max must be a whole number from 0 to 1,000,000"),
    (lambda: quadratic_data(noise_max=2.0), "noise_max must be a whole number from 0 to 1,000,000"),
    (lambda: quadratic_data(distribution="normal"), "distribution must be one of"),
    (lambda: skewed_data(n=-3), "n must be"),
    (lambda: random_target_data(low=5, high=5), "low < high"),
    (lambda: random_target_data(high=9.5), "high must be a whole number"),
    (lambda: noise_variance(-2), "noise_max must be a whole number from 0 to 1,000,000"),
    (lambda: uniform_integer_variance(3, 1), "low <= high"),
    (lambda: train_test_split(np.ones((4, 2)), np.ones(4), test_fraction=1.0), "test_fraction must be a finite number > 0 and < 1"),
    (lambda: train_test_split(np.ones((1, 2)), np.ones(1)), "at least 2 samples"),
    (lambda: train_test_split(np.ones(4), np.ones(4)), r"X must be a 2-D array of numbers, got shape \(4,\)"),
])
def test_invalid_arguments_say_what_is_allowed(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_numpy_integers_are_accepted():
    X, _ = quadratic_data(n=np.int64(5), seed=np.int32(1), noise_max=np.int64(2))
    assert X.shape == (5, 2)
    assert data.noise_variance(np.int64(4)) == 2.0
