"""CSV files you can read and write: plain comma-separated columns with clear errors (08_data)."""
from __future__ import annotations

import csv
import math
import os
from typing import NamedTuple

import numpy as np

from .checks import check_data



class Table(NamedTuple):
    """A CSV file's column names and its numbers, one column per name: `columns, values = read_table(path)`."""

    columns: tuple[str, ...]
    values: np.ndarray


def _format_number(value: float) -> str:
    """Whole numbers without '.0' ("3"), others as the shortest text that reads back exactly."""
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def save_csv(path, X, y, columns=("x1", "x2", "y")) -> None:
    """Write X and y as a plain CSV file: one header line of column names, then one line per sample (08_data).

    Columns are X's columns followed by y. Numbers are written so that load_csv reads
    back exactly the same floats. No comment lines, no index column.
    """
    X, y = check_data(X, y, columns=None)
    columns = tuple(columns)
    if len(columns) != X.shape[1] + 1:
        raise ValueError(f"columns must name the {X.shape[1]} input columns and then the target "
                         f"({X.shape[1] + 1} names), got {len(columns)}: {columns!r}")
    for name in columns:
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise ValueError(f"column names must be non-empty text without surrounding spaces, got {name!r}")
    if len(set(columns)) != len(columns):
        raise ValueError(f"column names must be unique, got {columns!r}")
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(columns)
        for inputs, target in zip(X, y):
            writer.writerow([_format_number(v) for v in inputs] + [_format_number(target)])


def _read_rows(path):
    """The non-blank rows of a CSV file as (line number, cells), cells stripped of spaces."""
    name = os.fspath(path)
    if not os.path.exists(name):
        raise ValueError(f"{name}: no such file")
    if os.path.isdir(name):
        raise ValueError(f"{name}: is a folder, not a CSV file")
    rows = []
    try:
        # utf-8-sig drops the byte-order mark some spreadsheet programs put first.
        with open(name, newline="", encoding="utf-8-sig") as file:
            reader = csv.reader(file, skipinitialspace=True)  # so  , "x2"  reads as x2
            for cells in reader:
                if any(cell.strip() for cell in cells):  # blank lines are skipped
                    # reader.line_num is the file line where this row ended (1-based).
                    rows.append((reader.line_num, [cell.strip() for cell in cells]))
    except UnicodeDecodeError:
        raise ValueError(f"{name}: is not a UTF-8 text file; save it as CSV (comma-separated values)") from None
    except csv.Error as error:
        raise ValueError(f"{name}: line {reader.line_num}: cannot read it as CSV ({error})") from None
    return name, rows


def _looks_like_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_header(name, line, header):
    """Column names: non-empty, unique, not numbers (a missing header line is the usual mistake)."""
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        raise ValueError(f"{name}: line {line}: found one column {header[0]!r}; separate the cells with commas")
    for position, column in enumerate(header, start=1):
        if not column:
            raise ValueError(f"{name}: line {line}, column {position}: the header has an empty column name")
    if all(_looks_like_number(column) for column in header):
        raise ValueError(f"{name}: line {line}: the first line must name the columns (for example x1,x2,y), "
                         f"got numbers {','.join(header)}")
    for column in header:
        if header.count(column) > 1:
            raise ValueError(f"{name}: line {line}, column {column!r}: the header names this column twice; names must be unique")


def _parse_cell(name, line, column, text) -> float:
    """One cell as a finite float, or a ValueError naming file, line and column."""
    where = f"{name}: line {line}, column {column!r}"
    if not text:
        raise ValueError(f"{where}: the cell is empty; every cell needs a number")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {text!r} is not a number; allowed: numbers such as 3, -0.5 or 1e-3") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {text!r} is not a finite number; NaN and infinity are not allowed")
    return value


def _read_table(path):
    """read_table's work; also returns the file name and the header's line number for error messages."""
    name, rows = _read_rows(path)
    if not rows:
        raise ValueError(f"{name}: the file is empty; expected a header line such as x1,x2,y and then rows of numbers")
    header_line, header = rows[0]
    _check_header(name, header_line, header)
    if len(rows) == 1:
        raise ValueError(f"{name}: has a header (line {header_line}) but no rows of numbers")
    values = np.empty((len(rows) - 1, len(header)), dtype=np.float64)
    for index, (line, cells) in enumerate(rows[1:]):
        if len(cells) < len(header):
            missing = header[len(cells)]
            raise ValueError(f"{name}: line {line}, column {missing!r}: the row has {len(cells)} cells "
                             f"but the header names {len(header)} columns")
        if len(cells) > len(header):
            raise ValueError(f"{name}: line {line}, column {len(header) + 1} (no name in the header): the row has "
                             f"{len(cells)} cells but the header names {len(header)} columns")
        for position, (column, text) in enumerate(zip(header, cells)):
            values[index, position] = _parse_cell(name, line, column, text)
    return name, header_line, Table(tuple(header), values)


def read_table(path) -> Table:
    """Read a CSV file with a header line and numeric cells into column names and a float array (08_data).

    Returns Table(columns, values): columns a tuple of names, values of shape (rows, columns).
    Blank lines are skipped. Any problem raises a ValueError naming the file, the
    1-based line number in the file and the column: a missing or empty file, a header
    without rows, a row with too few or too many cells, an empty, non-numeric, NaN or
    infinite cell.
    """
    return _read_table(path)[2]


def load_csv(path, inputs=None, target=None):
    """Read chosen columns of a CSV file as X and y for training (08_data).

    inputs: a column name or a list of names (default: every column except the target);
    target: a column name (default: the last column). Returns X of shape (n, len(inputs))
    and y of shape (n,), float64. Errors as in read_table; a requested column that does
    not exist raises a ValueError listing the columns that do.
    """
    name, header_line, (columns, values) = _read_table(path)

    def position(column, argument):
        if not isinstance(column, str):
            raise ValueError(f"{argument} must be column names (text), got {column!r}")
        if column not in columns:
            raise ValueError(f"{name}: line {header_line} (the header): no column {column!r} (asked for as {argument}); "
                             f"available columns: {', '.join(columns)}")
        return columns.index(column)

    target = columns[-1] if target is None else target
    y_column = position(target, "target")
    if inputs is None:
        inputs = [column for column in columns if column != target]
        if not inputs:
            raise ValueError(f"{name}: has only the column {target!r}; need at least one input column besides the target")
    elif isinstance(inputs, str):
        inputs = [inputs]
    inputs = list(inputs)
    if not inputs:
        raise ValueError(f"inputs must name at least one column; available columns: {', '.join(columns)}")
    x_columns = [position(column, "inputs") for column in inputs]
    if len(set(inputs)) != len(inputs):
        raise ValueError(f"inputs must name each column once, got {inputs!r}")
    if target in inputs:
        raise ValueError(f"column {target!r} is both an input and the target; the network would be handed the answer")
    return values[:, x_columns], values[:, y_column].copy()


class TableCache:
    """read_table, re-read only when the file's size or modification time changes (08_data's CSV panel)."""

    def __init__(self):
        self.key = self.table = None

    def read(self, path):
        try:
            stat = os.stat(path)
            key = (os.path.abspath(path), stat.st_mtime_ns, stat.st_size)
        except (OSError, TypeError, ValueError):
            key = None  # let read_table say what is wrong
        if key is None or key != self.key:
            table = read_table(path)
            self.key, self.table = key, table
        return self.table


def choose_columns(columns, input1=None, input2=None, target=None, path="the file"):
    """Keep the chosen columns if the file has all three; otherwise the first two as inputs, the last as target.

    Raises a ValueError when the file has fewer than three columns or two choices name one column.
    """
    columns = tuple(columns)
    if len(columns) < 3:
        raise ValueError(f"{path}: has {len(columns)} column(s) ({', '.join(columns)}); need three numeric "
                         f"columns: two inputs and a target")
    if not {input1, input2, target} <= set(columns):
        return columns[0], columns[1], columns[-1]
    if input1 == input2:
        raise ValueError(f"input 1 and input 2 are both {input1!r}; pick two different input columns")
    if target in (input1, input2):
        raise ValueError(f"{target!r} is both an input and the target; the network would be handed the answer")
    return input1, input2, target


