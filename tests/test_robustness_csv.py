"""Hostile input, CSV files (issue 15): files as students' real files arrive, and save_csv's safety.

Every error must name the file, the line and the column and show the offending cell shortened;
every probe ends within a few seconds (test_robustness.time_limit) with warnings as errors.
"""
from __future__ import annotations

import math
import os
import pathlib
import time

import numpy as np
import pytest
from hypothesis import given, strategies as st

from nnmath.core.csvfiles import TableCache, choose_columns, load_csv, read_table, save_csv
from test_robustness import HYPOTHESIS, MAX_MESSAGE, SHIPPED, attempt, refusal_problem

pytestmark = pytest.mark.filterwarnings("error")


def write(folder: pathlib.Path, name: str, content) -> pathlib.Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# ----------------------------------------------------------------------------------
# Files that load: extra text columns, other delimiters, a decimal comma, spreadsheet habits
# ----------------------------------------------------------------------------------

LOADS = [
    # name, content, numeric columns, text columns, the numbers
    ("an id and a date column", "id,date,x1,x2,y\nS01,2024-03-01,1,2,3\nS02,2024-03-02,4,5,6\n",
     ("x1", "x2", "y"), ("id", "date"), [[1, 2, 3], [4, 5, 6]]),
    ("a name column last", "x1,x2,y,name\n1,2,3,Ada\n4,5,6,Bob\n", ("x1", "x2", "y"), ("name",), [[1, 2, 3], [4, 5, 6]]),
    ("an empty notes column", "x1,notes,y\n1,,3\n4,,6\n", ("x1", "y"), ("notes",), [[1, 3], [4, 6]]),
    ("semicolons", "x1;x2;y\n1;2;3\n4;5;6\n", ("x1", "x2", "y"), (), [[1, 2, 3], [4, 5, 6]]),
    ("tabs", "x1\tx2\ty\n1\t2\t3\n4\t5\t6\n", ("x1", "x2", "y"), (), [[1, 2, 3], [4, 5, 6]]),
    ("a decimal comma with semicolons", "x1;x2;y\n1,5;2;3,25\n-0,5;5;6\n", ("x1", "x2", "y"), (),
     [[1.5, 2, 3.25], [-0.5, 5, 6]]),
    ("a decimal comma with tabs", "x1\tx2\ty\n1,5\t2\t3\n4\t,5\t6\n", ("x1", "x2", "y"), (), [[1.5, 2, 3], [4, 0.5, 6]]),
    ("decimal points with semicolons", "x1;x2;y\n1.5;2;3\n", ("x1", "x2", "y"), (), [[1.5, 2, 3]]),
    ("Windows line ends, a byte-order mark, blank lines, spaces, quotes",
     b'\xef\xbb\xbf x1 , "x2",y\r\n\r\n 1 , 2.5 ,"3"\r\n4,-5e-1,6\r\n\r\n', ("x1", "x2", "y"), (),
     [[1, 2.5, 3], [4, -0.5, 6]]),
    ("no newline at the end", "x1,x2,y\n1,2,3", ("x1", "x2", "y"), (), [[1, 2, 3]]),
    ("exponents and signs", "x1,x2,y\n+1e3,-2E-2,.5\n", ("x1", "x2", "y"), (), [[1000, -0.02, 0.5]]),
]


@pytest.mark.parametrize("name, content, numeric, text, numbers", LOADS, ids=[c[0] for c in LOADS])
def test_real_files_load_their_numeric_columns(tmp_path, name, content, numeric, text, numbers):
    path = write(tmp_path, "students.csv", content)
    outcome = attempt(lambda: read_table(path))
    assert outcome.error is None, outcome.error
    table = outcome.result
    columns, values = table  # still unpacks as before
    assert columns == numeric and table.text_columns == text, table
    np.testing.assert_array_equal(values, numbers)
    X, y = load_csv(path, inputs=list(numeric[:-1]), target=numeric[-1])
    np.testing.assert_array_equal(np.column_stack([X, y]), numbers)


def test_a_text_column_is_refused_only_when_it_is_asked_for(tmp_path):
    path = write(tmp_path, "ids.csv", "id,date,x1,x2,y\nS01,2024-03-01,1,2,3\nS02,2024-03-02,4,5,6\n")
    X, y = load_csv(path, inputs=["x1", "x2"])       # the last column is the target
    np.testing.assert_array_equal(X, [[1, 2], [4, 5]])
    for call, argument, column, cell in [
        (lambda: load_csv(path, inputs=["id", "x1"]), "inputs", "id", "'S01'"),
        (lambda: load_csv(path, inputs=["x1"], target="date"), "target", "date", "'2024-03-01'"),
        (lambda: load_csv(path), "inputs", "id", "'S01'"),   # default inputs: name them, the file has text columns
    ]:
        message = str(attempt(call).error)
        assert str(path) in message and "line 2" in message and f"'{column}'" in message and cell in message, message
        assert "numeric columns x1, x2, y" in message or "numeric columns: x1, x2, y" in message, message
    assert "text columns ['id', 'date']" in repr(read_table(path))
    assert choose_columns(read_table(path).columns) == ("x1", "x2", "y")
    assert TableCache().read(path).text_columns == ("id", "date")


# ----------------------------------------------------------------------------------
# Files that are refused: the message names file, line and column and shows the cell, shortened
# ----------------------------------------------------------------------------------

REFUSED = [
    # name, content, line, column, words in the message
    ("full-width digits", "x1,x2,y\n1,2,3\n１２,5,6\n", 3, "'x1'", "full-width"),
    ("full-width digits first", "x1,x2,y\n１２,5,6\n", 2, "'x1'", "full-width"),
    ("Arabic-Indic digits", "x1,x2,y\n1,2,3\n٣,5,6\n", 3, "'x1'", "full-width"),
    ("a digit separator", "x1,x2,y\n1,2,3\n4,1_000,6\n", 3, "'x2'", "'_'"),
    ("a thousands separator", "x1;x2;y\n1;2;3\n4;1.000,5;6\n", 3, "'x2'", "thousands"),
    ("a decimal comma in a comma file", 'x1,x2,y\n1,2,3\n4,"1,5",6\n', 3, "'x2'", "decimal comma"),
    ("a word in a numeric column", "x1,x2,y\n1,2,3\n4,five,6\n", 3, "'x2'", "'five' is not a number"),
    ("NaN", "x1,x2,y\n1,2,3\n4,5,nan\n", 3, "'y'", "not a finite number"),
    ("NaN first", "x1,x2,y\nNaN,2,3\n", 2, "'x1'", "not a finite number"),
    ("infinity", "x1,x2,y\n1,2,3\n4,-inf,6\n", 3, "'x2'", "not a finite number"),
    ("beyond the float range", "x1,x2,y\n1,2,3\n4,1e999,6\n", 3, "'x2'", "not a finite number"),
    ("an empty cell", "x1,x2,y\n1,2,3\n4,,6\n", 3, "'x2'", "empty"),
    ("a short row", "x1,x2,y\n1,2,3\n4,5\n", 3, "'y'", "has 2 cells"),
    ("a long row", "x1,x2,y\n1,2,3\n4,5,6,7\n", 3, "column 4", "has 4 cells"),
    ("a hex number", "x1,x2,y\n1,2,3\n0x10,5,6\n", 3, "'x1'", "not a number"),
    ("a 100 kB cell", "x1,x2,y\n1,2,3\n4,5," + "9" * 100_000 + "x\n", 3, "'y'", "characters)"),
    ("a duplicate column", "x1,x2,x1\n1,2,3\n", 1, "'x1'", "twice"),
    ("an empty column name", "x1,,y\n1,2,3\n", 1, "column 2", "empty column name"),
    ("a Latin-1 byte", "x1,x2,y\n1,2,3\n4,5,6\ncafé,1,2\n".encode("latin-1"), 4, "", "UTF-8"),
    ("a NUL byte", b"x1,x2,y\n1,2,3\n4,5\x00,6\n", 3, "", ""),
]


@pytest.mark.parametrize("name, content, line, column, words", REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_files_name_file_line_column_and_the_cell(tmp_path, name, content, line, column, words):
    path = write(tmp_path, "students.csv", content)
    for call in (lambda: read_table(path), lambda: load_csv(path)):
        outcome = attempt(call)
        assert isinstance(outcome.error, ValueError), outcome
        message = str(outcome.error)
        assert str(path) in message and f"line {line}" in message and column in message and words in message, message
        assert len(message) <= MAX_MESSAGE, message[:200]


@pytest.mark.parametrize("content, words", [
    ("", "empty"),
    ("\n\n  \n", "empty"),
    ("x1,x2,y\n", "no rows"),
    ("1,2,3\n4,5,6\n", "must name the columns"),
    ("x1|x2|y\n1|2|3\n", "separate the cells with commas, semicolons or tabs"),
    ("id,name\nS01,Ada\n", "holds text"),
])
def test_files_without_numbers_say_why(tmp_path, content, words):
    path = write(tmp_path, "students.csv", content)
    outcome = attempt(lambda: load_csv(path))
    assert isinstance(outcome.error, ValueError) and words in str(outcome.error) and str(path) in str(outcome.error), \
        outcome


def test_paths_are_checked_and_shortened(tmp_path):
    huge = "p" * 1_000_000
    for value, words in [(huge, "characters)"), (str(tmp_path), "folder"), (str(tmp_path / "missing.csv"), "no such file"),
                         (True, "path must be"), (5, "path must be"), (None, "path must be"), ("a\0b", "path must be"),
                         ([str(tmp_path)], "path must be")]:
        for call in (lambda: read_table(value), lambda: load_csv(value), lambda: TableCache().read(value)):
            outcome = attempt(call)
            assert refusal_problem(outcome.error, ("path", str(tmp_path), str(tmp_path / "missing.csv")), [value]) is None, outcome
            assert words in str(outcome.error) and len(str(outcome.error)) <= MAX_MESSAGE


# ----------------------------------------------------------------------------------
# Any cell text: a plain number loads as float() reads it; anything else names its line and column
# ----------------------------------------------------------------------------------

CELL = st.one_of(
    st.text(alphabet="0123456789.,eE+-_ x１٣", max_size=8),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["nan", "inf", "-Infinity", "1e999", "1_000", "１２", "0x1f", "1,5", "1.000,5", "", " 7 ", "é"]),
)


@HYPOTHESIS
@given(cell=CELL, delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_cell_loads_exactly_or_is_named_with_line_and_column(tmp_path_factory, cell, delimiter):
    if '"' in cell or delimiter in cell or "\n" in cell or "\r" in cell:
        cell = cell.replace(delimiter, "").replace('"', "")
    path = tmp_path_factory.mktemp("cells") / "one.csv"
    path.write_text(delimiter.join(["x1", "x2", "y"]) + "\n" + delimiter.join(["1", "2", "3"]) + "\n" +
                    delimiter.join(["4", cell, "6"]) + "\n", encoding="utf-8")
    outcome = attempt(lambda: load_csv(path, inputs=["x1", "x2"]))
    text = cell.strip()
    if outcome.error is None:
        X, _ = outcome.result
        expected = float(text.replace(",", ".") if delimiter != "," else text)
        assert math.isfinite(expected) and X[1, 1] == expected and text.isascii() and "_" not in text, (cell, X)
    else:
        message = str(outcome.error)
        assert isinstance(outcome.error, ValueError) and str(path) in message and "line 3" in message, message
        assert "'x2'" in message and len(message) <= MAX_MESSAGE, message


# ----------------------------------------------------------------------------------
# Size: a 50,000-column header in linear time; a million rows in a few seconds
# ----------------------------------------------------------------------------------

def test_a_50000_column_header_is_checked_in_linear_time(tmp_path):
    columns = [f"c{k}" for k in range(50_000)]
    path = write(tmp_path, "wide.csv", ",".join(columns + ["c7"]) + "\n" + ",".join(["1"] * 50_001) + "\n")
    outcome = attempt(lambda: read_table(path), 3.0)   # 83 s before: header.count per column
    assert isinstance(outcome.error, ValueError) and "'c7'" in str(outcome.error) and "twice" in str(outcome.error)
    path = write(tmp_path, "wide.csv", ",".join(columns) + "\n" + ",".join(["1"] * 50_000) + "\n")
    outcome = attempt(lambda: read_table(path), 3.0)
    assert outcome.error is None and outcome.result.values.shape == (1, 50_000), outcome


def test_a_million_rows_load_in_seconds(tmp_path):
    rng = np.random.default_rng(0)
    X = np.round(rng.uniform(-5, 5, (1_000_000, 2)), 6)
    y = np.round(X[:, 0] ** 2 + X[:, 1], 6)
    path = tmp_path / "million.csv"
    lines = np.char.add(np.char.add(np.char.add(np.char.add(X[:, 0].astype(str), ","), X[:, 1].astype(str)), ","),
                        y.astype(str))
    path.write_text("x1,x2,y\n" + "\n".join(lines.tolist()) + "\n")
    begin = time.perf_counter()
    outcome = attempt(lambda: load_csv(path), 30.0)
    seconds = time.perf_counter() - begin
    print(f"\nload_csv of a {path.stat().st_size / 1e6:.0f} MB file of 1,000,000 rows: {seconds:.1f} s")
    assert outcome.error is None, outcome.error
    np.testing.assert_array_equal(outcome.result[0], X)
    assert seconds < 30


def test_more_cells_than_the_limit_are_refused_while_reading(tmp_path, monkeypatch):
    monkeypatch.setattr("nnmath.core.csvfiles.MAX_CELLS", 30)
    path = write(tmp_path, "long.csv", "x1,x2,y\n" + "1,2,3\n" * 20)
    outcome = attempt(lambda: read_table(path))
    assert isinstance(outcome.error, ValueError) and "more than 30 cells" in str(outcome.error), outcome


# ----------------------------------------------------------------------------------
# save_csv: where it writes, and never over a file by accident
# ----------------------------------------------------------------------------------

X3, Y3 = np.array([[1.0, 2.0], [3.0, 4.5]]), np.array([3.0, 7.5])


def test_save_csv_never_overwrites_without_being_asked(tmp_path):
    path = tmp_path / "mine.csv"
    save_csv(path, X3, Y3)
    before = path.read_bytes()
    outcome = attempt(lambda: save_csv(path, X3 * 2, Y3))
    assert refusal_problem(outcome.error, ("path",), [0]) is None and "overwrite=True" in str(outcome.error), outcome
    assert path.read_bytes() == before
    save_csv(path, X3 * 2, Y3, overwrite=True)
    np.testing.assert_array_equal(load_csv(path)[0], X3 * 2)


def test_save_csv_leaves_the_shipped_data_alone():
    before = SHIPPED.read_bytes()
    for path in (SHIPPED, str(SHIPPED)):
        outcome = attempt(lambda: save_csv(path, X3, Y3))
        assert isinstance(outcome.error, ValueError) and "already exists" in str(outcome.error), outcome
    assert SHIPPED.read_bytes() == before


@pytest.mark.parametrize("path, words", [
    (True, "path must be"), (1, "path must be"), (None, "path must be"), ("", "path must be"), ("a\0b.csv", "path must be"),
    ("p" * 1_000_000, "characters)"),
], ids=["True (was stdout)", "1 (a file descriptor)", "None", "empty", "NUL", "1 MB"])
def test_save_csv_refuses_what_is_not_a_path(path, words, capfd):
    outcome = attempt(lambda: save_csv(path, X3, Y3))
    assert refusal_problem(outcome.error, ("path",), path) is None and words in str(outcome.error), outcome
    assert capfd.readouterr().out == ""   # nothing written to stdout (save_csv(True, ...) did, and closed it)


def test_save_csv_refuses_folders_and_missing_folders(tmp_path):
    for path, words in [(tmp_path, "folder"), (tmp_path / "no" / "such" / "x.csv", "existing folder")]:
        outcome = attempt(lambda: save_csv(path, X3, Y3))
        assert refusal_problem(outcome.error, ("path",), [0]) is None and words in str(outcome.error), outcome


def test_save_csv_refuses_a_file_it_cannot_write(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root may write anywhere")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        outcome = attempt(lambda: save_csv(folder / "x.csv", X3, Y3))
        assert refusal_problem(outcome.error, ("path",), [0]) is None and "cannot be written" in str(outcome.error)
    finally:
        folder.chmod(0o700)
