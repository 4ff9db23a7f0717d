"""A report's parts as HTML: a table of rows (one level of nested dicts flattened into columns), a table of
key-value pairs, and a section per part, nested parts as subsections. Every string is escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape
from typing import Any

from shared.domain.settlement.render.data import to_json
from shared.domain.settlement.render.formatting import display, label


def _cell_class(value: Any) -> str:
    if isinstance(value, bool):
        return "ok" if value else "bad"
    if isinstance(value, int | Decimal):
        return "num neg" if value < 0 else "num"
    return ""


def _td(key: str, value: Any) -> str:
    cls = _cell_class(value)
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{escape(display(key, value))}</td>"


def _th(key: str, scope: str = "col") -> str:
    text = label(key)
    hint = f' <small class="key">{escape(key)}</small>' if text != key else ""
    return f'<th scope="{scope}">{escape(text)}{hint}</th>'


def is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _is_table(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _flatten(row: Mapping[str, Any]) -> dict[str, Any]:
    """One level of nested dicts becomes columns ("shares" -> "national", "province", ...)."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            for sub, item in value.items():
                flat[f"{key}.{sub}"] = item if is_scalar(item) else to_json(item, indent=None)
        else:
            flat[key] = value
    return flat


def _column_label(column: str) -> str:
    if "." in column:
        parent, child = column.split(".", 1)
        return f"{label(parent)} · {label(child)}"
    return label(column)


def _table(rows: Sequence[Mapping[str, Any]]) -> str:
    flat = [_flatten(row) for row in rows]
    columns: list[str] = []
    for row in flat:
        columns.extend(key for key in row if key not in columns)
    head = "".join(
        f'<th scope="col">{escape(_column_label(c))}'
        + (f' <small class="key">{escape(c)}</small>' if _column_label(c) != c else "")
        + "</th>"
        for c in columns
    )
    body = "".join("<tr>" + "".join(_td(c.rsplit(".", 1)[-1], row.get(c)) for c in columns) + "</tr>" for row in flat)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _pairs(items: Sequence[tuple[str, Any]]) -> str:
    body = "".join(f"<tr>{_th(key, 'row')}{_td(key, value)}</tr>" for key, value in items)
    return f'<div class="scroll"><table><tbody>{body}</tbody></table></div>'


def section(key: str, value: Any, level: int) -> str:
    tag = f"h{min(level, 6)}"
    heading = f"<{tag}>{escape(label(key))}</{tag}>"
    if _is_table(value):
        return heading + _table(value)
    if isinstance(value, list | tuple):
        return heading + f"<p>{escape(display(key, list(value)))}</p>"
    scalars = [(k, v) for k, v in value.items() if is_scalar(v) or (isinstance(v, list | tuple) and not _is_table(v))]
    parts = [heading]
    if scalars:
        parts.append(_pairs(scalars))
    elif not value:
        parts.append("<p>—</p>")
    for k, v in value.items():
        if isinstance(v, Mapping) or _is_table(v):
            parts.append(section(k, v, level + 1))
    return "".join(parts)
