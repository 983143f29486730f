"""CSV files: write a data set, read one back, with errors that say file, line and column (08_data).

Files arrive as students have them: with an `id` or `date` column beside the numbers, separated by
commas, semicolons or tabs, sometimes with a decimal comma. The reader's rules:

- the delimiter is the one of `,` `;` and tab that the header line uses most (commas when it uses none);
- a column whose first non-empty cell is text (an id, a date, a name) is a *text column*: it is kept
  out of the numbers (`Table.text_columns`) and only an error if you ask for it;
- every other column is a *numeric column*: each of its cells must be a plain ASCII number such as 3,
  -0.5 or 1e-3 (in a `;` or tab file a decimal comma, 1,5, too). Empty cells, NaN, infinity, full-width
  digits (１２), digit separators (1_000) and thousands separators (1.000,5) are refused with their
  line and column, the cell shortened.

Reading is linear in the file's size: a million rows of three columns take about two seconds.
"""
from __future__ import annotations

import csv
import gc
import io
import math
import os
import re
import unicodedata

import numpy as np

from .checks import MAX_CELLS, MAX_PATH_LENGTH, Text, check_data, refuse, shown, validate

MAX_FILE_BYTES = 256 * 2**20
"""Largest CSV file read (256 MB): beyond MAX_CELLS cells anyway."""
MAX_UPLOAD_BYTES = 10 * 2**20
"""Largest file read from bytes handed over whole (08_data's upload button: the browser sends it in one message)."""

DELIMITERS = (",", ";", "\t")

_DIGITS = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(rf"[+-]?{_DIGITS}", re.ASCII)
_NUMBER_OR_COMMA = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?", re.ASCII)
"""A plain number; with a decimal comma allowed (files separated by ; or tabs)."""


class Table(tuple):
    """A CSV file's numeric columns and their numbers: `columns, values = read_table(path)`.

    columns: the names of the numeric columns; values: shape (rows, len(columns)).
    text_columns: the names of the columns that hold text (an id, a date), kept out of values.
    """

    def __new__(cls, columns, values, text_columns=(), lines=None):
        table = super().__new__(cls, (tuple(columns), values))
        table.text_columns = tuple(text_columns)
        table.lines = lines  # the file's line number of each row (blank lines are skipped), or None
        return table

    def line_of(self, row: int) -> int | None:
        """The file's line number of row `row` (0: the first row after the header), if known."""
        return None if self.lines is None else int(self.lines[row])

    @property
    def columns(self) -> tuple[str, ...]:
        return self[0]

    @property
    def values(self) -> np.ndarray:
        return self[1]

    def __repr__(self):
        text = f", text columns {list(self.text_columns)}" if self.text_columns else ""
        return f"Table(numeric columns {list(self.columns)}, {self.values.shape[0]} rows{text})"


def _format_number(value: float) -> str:
    """Whole numbers without '.0' ("3"), others as the shortest text that reads back exactly."""
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


# ----------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------

def save_csv(path, X, y, columns=("x1", "x2", "y"), overwrite: bool = False) -> None:
    """Write X and y as a plain CSV file: one header line of column names, then one line per sample (08_data).

    Columns are X's columns followed by y. Numbers are written so that load_csv reads
    back exactly the same floats. No comment lines, no index column. An existing file is
    refused unless overwrite=True: nothing is replaced by accident.
    """
    path, overwrite, columns = validate(path=path, overwrite=overwrite, columns=columns)
    X, y = check_data(X, y, columns=None)
    if len(columns) != X.shape[1] + 1:
        raise ValueError(f"columns must name the {X.shape[1]} input columns of X and then the target "
                         f"({X.shape[1] + 1} names), got {len(columns)}: {shown(columns)}")
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise ValueError(f"path must be a file to write, got a folder: {shown(path)}")
    if not os.path.isdir(folder):
        raise ValueError(f"path must be in an existing folder; no folder {shown(folder)} (for {shown(path)})")
    if os.path.exists(path) and not overwrite:
        raise ValueError(f"path {shown(path)} already exists; pass overwrite=True to replace it, or choose a new name")
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(columns)
    for inputs, target in zip(X, y):
        writer.writerow([_format_number(v) for v in inputs] + [_format_number(target)])
    try:
        with open(path, "w", newline="", encoding="utf-8") as file:
            file.write(text.getvalue())
    except OSError as error:  # no permission, a full disk, a name the file system refuses
        raise ValueError(f"path {shown(path)} cannot be written: {error.strerror or error}; allowed: a file in a "
                         "folder you can write to") from None


# ----------------------------------------------------------------------------------
# Reading
# ----------------------------------------------------------------------------------

def _read_text(path):
    """The file's name (as given) and its text, or a ValueError naming the file and, for a bad byte, its line."""
    name = validate(path=path)
    shown_name = name if len(name) <= 200 else shown(name)
    try:
        if not os.path.exists(name):
            where = "" if os.path.isabs(name) else f" (a relative path starts from the current folder, {shown(os.getcwd())})"
            raise ValueError(f"{shown_name}: no such file{where}")
        if os.path.isdir(name):
            raise ValueError(f"{shown_name}: is a folder, not a CSV file")
        size = os.path.getsize(name)
        if size > MAX_FILE_BYTES:
            raise ValueError(f"{shown_name}: is {size / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB "
                             f"(about {MAX_CELLS:,} cells) can be read")
        with open(name, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ValueError(f"{shown_name}: cannot be read ({error.strerror or error})") from None
    return shown_name, _decode(shown_name, data)


def _decode(shown_name, data: bytes) -> str:
    """UTF-8 text of a file's bytes (a byte-order mark dropped), or a ValueError naming the line of a bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):  # the byte-order mark some spreadsheet programs put first
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        start = data.rfind(b"\n", 0, error.start) + 1
        raise ValueError(f"{shown_name}: line {line}: is not a UTF-8 text file (byte 0x{data[error.start]:02x} at "
                         f"character {error.start - start + 1} of the line; Latin-1 or Windows text?); save it as "
                         "CSV UTF-8") from None


def _delimiter(text: str) -> str:
    """The one of , ; and tab the header line uses most (commas when it uses none)."""
    for line in io.StringIO(text):
        if line.strip():
            counts = [line.count(d) for d in DELIMITERS]
            return DELIMITERS[counts.index(max(counts))] if max(counts) else ","
    return ","


def _read_rows(name, text, delimiter):
    """The non-blank rows as (line number, cells), cells stripped of spaces; at most MAX_CELLS cells.

    A file without quotes or lone carriage returns (the usual case) is split directly, which is
    several times faster than the csv module and gives the same cells and line numbers.
    """
    if '"' not in text and "\r" not in text.replace("\r\n", "") and "\0" not in text:
        return _split_rows(name, text, delimiter)
    rows = []
    cells_read = 0
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):  # blank lines are skipped
                # reader.line_num is the file line where this row ended (1-based).
                rows.append((reader.line_num, [cell.strip() for cell in cells]))
                cells_read += len(cells)
                if cells_read > MAX_CELLS:
                    raise ValueError(f"{name}: has more than {MAX_CELLS:,} cells (line {reader.line_num}); "
                                     "at most that many can be read")
    except csv.Error as error:
        raise ValueError(f"{name}: line {reader.line_num}: cannot read it as CSV ({error})") from None
    return rows


def _split_rows(name, text, delimiter):
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    if len(lines) > MAX_CELLS:
        raise ValueError(f"{name}: has more than {MAX_CELLS:,} lines; at most {MAX_CELLS:,} cells can be read")
    spaces = " " in text or (delimiter != "\t" and "\t" in text)
    rows = []
    cells_read = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # blank lines are skipped
        cells = line.rstrip("\r").split(delimiter)
        if spaces:
            cells = [cell.strip() for cell in cells]
        rows.append((number, cells))
        cells_read += len(cells)
        if cells_read > MAX_CELLS:
            raise ValueError(f"{name}: has more than {MAX_CELLS:,} cells (line {number}); at most that many can be read")
    return rows


def _looks_like_number(text: str, decimal_comma: bool) -> bool:
    """What Python's float() accepts (NaN, full-width digits, 1_000 too) or a decimal comma: a numeric column's cell."""
    try:
        float(text)
        return True
    except ValueError:
        return bool(decimal_comma and _NUMBER_OR_COMMA.fullmatch(text))


def _check_header(name, line, header):
    """Column names: non-empty, unique, not numbers (a missing header line is the usual mistake). Linear in columns."""
    if len(header) == 1 and any(mark in header[0] for mark in "|: "):
        raise ValueError(f"{name}: line {line}: found one column {shown(header[0])}; separate the cells with commas, "
                         "semicolons or tabs")
    for position, column in enumerate(header, start=1):
        if not column:
            raise ValueError(f"{name}: line {line}, column {position}: the header has an empty column name")
    if all(_looks_like_number(column, False) for column in header):
        raise ValueError(f"{name}: line {line}: the first line must name the columns (for example x1,x2,y), "
                         f"got numbers {shown(','.join(header[:20]))}")
    seen = set()
    for column in header:
        if column in seen:
            raise ValueError(f"{name}: line {line}, column {shown(column)}: the header names this column twice; "
                             "names must be unique")
        seen.add(column)


def _why_not(text: str, decimal_comma: bool) -> str:
    """Why one cell of a numeric column is refused, and what is allowed."""
    if not text:
        return "the cell is empty; every cell needs a number"
    cell = shown(text)
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is not None and not math.isfinite(value):
        return f"{cell} is not a finite number; NaN and infinity are not allowed"
    if any(ch.isdigit() and not ch.isascii() for ch in text) or any(unicodedata.category(ch) == "Nd" and
                                                                      not ch.isascii() for ch in text):
        return f"{cell} is not a number: it has non-ASCII (full-width) digits; type the digits 0-9"
    if "_" in text and value is not None:
        return f"{cell} is not a number: '_' between digits is not allowed; write the digits together (1000)"
    if "," in text and "." in text:
        return f"{cell} is not a number: it has a thousands separator; write 1000.5, not 1,000.5 or 1.000,5"
    if "," in text and not decimal_comma:
        return (f"{cell} is not a number: a decimal comma needs a file separated by semicolons or tabs; "
                "write 1.5")
    return f"{cell} is not a number; allowed: numbers such as 3, -0.5 or 1e-3"


def _numeric_column(cells, decimal_comma):
    """A column's cells as floats, or None when some cell is not a plain finite number (the slow path finds it)."""
    pattern = _NUMBER_OR_COMMA if decimal_comma else _NUMBER
    if not all(map(pattern.fullmatch, cells)):
        return None
    if decimal_comma:
        cells = [cell.replace(",", ".") for cell in cells]
    values = np.array(cells, dtype=np.float64)
    return values if np.isfinite(values).all() else None


def _read_table(path):
    """read_table's work; also returns the file name, the header, its line number and the text columns' first cells.

    Python's cycle collector is paused while the millions of short-lived cells exist (they hold no cycles):
    it halves the time of a million-row file.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_table(path)
    finally:
        if paused:
            gc.enable()


def _parse_table(path):
    name, text = _read_text(path)
    return _parse_text(name, text)


def _parse_text(name, text):
    delimiter = _delimiter(text)
    decimal_comma = delimiter != ","
    rows = _read_rows(name, text, delimiter)
    if not rows:
        raise ValueError(f"{name}: the file is empty; expected a header line such as x1,x2,y and then rows of numbers")
    header_line, header = rows[0]
    _check_header(name, header_line, header)
    if len(rows) == 1:
        raise ValueError(f"{name}: has a header (line {header_line}) but no rows of numbers")
    body = rows[1:]
    lengths = set(map(len, (cells for _, cells in body)))
    for line, cells in body if lengths != {len(header)} else ():
        if len(cells) < len(header):
            raise ValueError(f"{name}: line {line}, column {shown(header[len(cells)])}: the row has {len(cells)} cells "
                             f"but the header names {len(header)} columns")
        if len(cells) > len(header):
            raise ValueError(f"{name}: line {line}, column {len(header) + 1} (no name in the header): the row has "
                             f"{len(cells)} cells but the header names {len(header)} columns")
    lines = [line for line, _ in body]
    numeric, values, text_cells = [], [], {}
    for column, cells in zip(header, zip(*(cells for _, cells in body))):
        first = next((k for k, cell in enumerate(cells) if cell), None)
        if first is None or not _looks_like_number(cells[first], decimal_comma):
            text_cells[column] = (lines[first if first is not None else 0], cells[first] if first is not None else "")
            continue
        column_values = _numeric_column(cells, decimal_comma)
        if column_values is None:
            pattern = _NUMBER_OR_COMMA if decimal_comma else _NUMBER
            for line, cell in zip(lines, cells):
                if not pattern.fullmatch(cell) or not math.isfinite(float(cell.replace(",", ".") if decimal_comma
                                                                           else cell)):
                    raise ValueError(f"{name}: line {line}, column {shown(column)}: {_why_not(cell, decimal_comma)}")
            raise AssertionError("a numeric column failed the fast path but no cell was refused")
        numeric.append(column)
        values.append(column_values)
    table = Table(numeric, np.column_stack(values) if values else np.empty((len(body), 0)), tuple(text_cells),
                  np.array(lines, dtype=np.int64))
    return name, header_line, tuple(header), table, text_cells


def read_table(path) -> Table:
    """Read a CSV file with a header line into its numeric columns' names and a float array (08_data).

    Returns Table(columns, values): columns a tuple of the numeric columns' names, values of shape
    (rows, columns); text columns (an id, a date) are listed in `Table.text_columns`. Blank lines are
    skipped; commas, semicolons or tabs separate the cells (see the module docstring). Any problem
    raises a ValueError naming the file, the 1-based line number in the file and the column: a missing,
    empty or non-UTF-8 file, a header without rows, a row with too few or too many cells, an empty,
    non-numeric, NaN or infinite cell in a numeric column.
    """
    return _read_table(path)[3]


def read_table_bytes(name, data) -> Table:
    """A CSV file's table from its bytes (or text), e.g. a file uploaded from a panel (08_data): as read_table.

    name: the file's name, used in every message ("marks.csv: line 3, column 'x1': ..."); data: bytes (UTF-8,
    a byte-order mark allowed) or text, at most MAX_UPLOAD_BYTES. The same rules and errors as read_table.
    """
    name = Text("a file name", longest=MAX_PATH_LENGTH)("name", name)
    shown_name = name if len(name) <= 200 else shown(name)
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if not isinstance(data, (bytes, str)):
        raise refuse("data", data, "the file's contents: bytes (UTF-8) or text")
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > MAX_UPLOAD_BYTES:
        raise ValueError(f"{shown_name}: is {size / 2**20:.1f} MB; at most {MAX_UPLOAD_BYTES // 2**20} MB can be read "
                         "this way (put a larger file in a folder and read it by its path)")
    text = _decode(shown_name, data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    paused = gc.isenabled()
    gc.disable()
    try:
        return _parse_text(shown_name, text)[3]
    finally:
        if paused:
            gc.enable()


def load_csv(path, inputs=None, target=None):
    """Read chosen numeric columns of a CSV file as X and y for training (08_data).

    inputs: a column name or a list of names (default: every numeric column except the target, if the
    file has no text columns); target: a column name (default: the last column). Returns X of shape
    (n, len(inputs)) and y of shape (n,), float64. Errors as in read_table; a requested column that
    does not exist, or holds text, raises a ValueError listing the numeric columns.
    """
    inputs, target = validate(inputs=inputs, target=target)
    name, header_line, header, (columns, values), text_cells = _read_table(path)

    def position(column, argument):
        if column in text_cells:
            line, cell = text_cells[column]
            raise ValueError(f"{name}: line {line}, column {shown(column)} (asked for as {argument}): "
                             f"{_why_not(cell, False) if cell else 'the column is empty'}; this column holds text, "
                             f"not numbers; numeric columns: {_names(columns)}")
        if column not in columns:
            raise ValueError(f"{name}: line {header_line} (the header): no column {shown(column)} (asked for as "
                             f"{argument}); available columns: {_names(header)}")
        return columns.index(column)

    target = header[-1] if target is None else target
    y_column = position(target, "target")
    if inputs is None:
        if text_cells:
            first = next(iter(text_cells))
            line, cell = text_cells[first]
            raise ValueError(f"{name}: line {line}, column {shown(first)}: {_why_not(cell, False) if cell else 'empty'}; "
                             f"the file has text columns ({_names(text_cells)}), so inputs=None cannot take every "
                             f"other column; name the inputs among the numeric columns {_names(columns)}, e.g. "
                             f"inputs={[c for c in columns if c != target][:2]}")
        inputs = tuple(column for column in columns if column != target)
        if not inputs:
            raise ValueError(f"{name}: has only the column {target!r}; need at least one input column besides the target")
    x_columns = [position(column, "inputs") for column in inputs]
    if target in inputs:
        raise ValueError(f"column {target!r} is both an input and the target; the network would be handed the answer; "
                         "use other columns as inputs")
    return values[:, x_columns], values[:, y_column].copy()


def _names(names, most=20) -> str:
    """Column names for a message: the first `most`, then how many more."""
    names = list(names)
    text = ", ".join(name if len(name) <= 40 else shown(name) for name in names[:most])
    return text + (f", ... ({len(names):,} columns)" if len(names) > most else "")


class TableCache:
    """read_table, re-read only when the file's size or modification time changes (08_data's CSV panel)."""

    def __init__(self):
        self.key = self.table = None

    def read(self, path):
        try:
            name = validate(path=path)
            stat = os.stat(name)
            key = (os.path.abspath(name), stat.st_mtime_ns, stat.st_size)
        except (OSError, ValueError):
            key = None  # let read_table say what is wrong
        if key is None or key != self.key:
            table = read_table(path)
            self.key, self.table = key, table
        return self.table


def choose_columns(columns, input1=None, input2=None, target=None, path="the file"):
    """Keep the chosen columns if the file has all three; otherwise the first two as inputs, the last as target.

    Raises a ValueError when the file has fewer than three columns or two choices name one column.
    """
    columns, input1, input2, target = validate(columns=columns, input1=input1, input2=input2, target=target)
    path = validate(path=path)
    path = path if len(path) <= 200 else shown(path)
    if len(columns) < 3:
        raise ValueError(f"{path}: has {len(columns)} column(s) ({_names(columns)}); need three numeric "
                         f"columns: two inputs and a target")
    if not {input1, input2, target} <= set(columns):
        return columns[0], columns[1], columns[-1]
    if input1 == input2:
        raise ValueError(f"input 1 and input 2 are both {input1!r}; pick two different input columns")
    if target in (input1, input2):
        raise ValueError(f"{target!r} is both an input and the target; the network would be handed the answer")
    return input1, input2, target
