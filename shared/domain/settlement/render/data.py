"""Renderers for machines: a report as JSON, its rows as CSV.

- ``to_json``: UTF-8 text (non-ASCII kept), ints as ints, Decimals as strings in fixed-point notation with the
  places the report gave them ("0.7806", "11.7"), dates as ISO strings. A float anywhere is an error: money is
  integer won, and a float rate would not survive the trip.
- ``to_csv``: a header of column names, then one row per item, RFC 4180 (CRLF). No BOM. Ints without thousands
  separators, Decimals as in JSON, None empty. A text cell starting with = + - @ (or a tab or CR) gets a leading
  apostrophe, so a spreadsheet never runs it as a formula (CSV injection); numbers are never touched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# ---------------------------------------------------------------------------------------------------------------
# JSON


def plain(value: Any) -> Any:
    """The report as JSON-ready values: Decimal -> fixed-point string, date -> ISO string, tuple -> list."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        raise TypeError(f"floats are not allowed in a report (money is integer won): {value!r}")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    raise TypeError(f"cannot render {type(value).__name__} in a report")


def decimal_text(value: Decimal) -> str:
    """Fixed-point notation, never exponent notation, with the Decimal's own places (Decimal("1E+1") -> "10")."""
    if not value.is_finite():
        raise ValueError(f"a report holds finite numbers only: {value}")
    return format(value, "f")


def to_json(report: Any, *, indent: int | None = 2) -> str:
    return json.dumps(plain(report), ensure_ascii=False, indent=indent)


# ---------------------------------------------------------------------------------------------------------------
# CSV

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list | tuple):
        return to_json(value, indent=None)
    text: int | str = plain(value)  # a scalar that is not None or bool: an int, or text
    if isinstance(text, int):
        return str(text)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str | tuple[str, str]]) -> str:
    """One header line, then one line per row. ``columns`` are keys, or (key, header) pairs to rename a column.
    A key missing from a row gives an empty cell."""
    keys = [column if isinstance(column, str) else column[0] for column in columns]
    headers = [column if isinstance(column, str) else column[1] for column in columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in keys])
    return out.getvalue()
