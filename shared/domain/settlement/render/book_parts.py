"""The parts every page of a 결산서 is made of: its print stylesheet (A4), tables, rows and verdicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from shared.domain.settlement.render.formatting import display, percent
from shared.domain.settlement.reports import ratio

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
:root { color-scheme: light; --ink: #111827; --muted: #4b5563; --line: #9ca3af; --soft: #f3f4f6; }
* { box-sizing: border-box; }
html { background: #e5e7eb; }
body { margin: 0; color: var(--ink);
  font: 10.5pt/1.45 "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif; }
.page { background: #fff; width: 210mm; min-height: 297mm; margin: 12px auto; padding: 16mm 14mm 18mm; }
.cover { display: flex; flex-direction: column; justify-content: center; text-align: center; }
.cover h1 { font-size: 24pt; margin: 0 0 8mm; letter-spacing: 0.08em; }
.cover .fund { font-size: 16pt; margin: 0 0 30mm; }
.cover dl { margin: 0 auto; display: grid; grid-template-columns: auto auto; gap: 2mm 8mm; text-align: left; }
.cover dt { color: var(--muted); }
.cover dd { margin: 0; }
.mark { display: inline-block; border: 2px solid #b91c1c; color: #b91c1c; padding: 1mm 4mm; margin-top: 10mm; }
h2 { font-size: 14pt; margin: 0 0 4mm; padding-bottom: 1.5mm; border-bottom: 1.5pt solid var(--ink); }
h3 { font-size: 11.5pt; margin: 6mm 0 2mm; }
p.unit { text-align: right; color: var(--muted); margin: 0 0 1mm; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin-bottom: 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid var(--line); padding: 1.2mm 1.8mm; vertical-align: top; word-break: keep-all; }
tbody th { text-align: left; font-weight: 600; }
thead th { background: var(--soft); font-weight: 600; text-align: center; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total th, tr.total td { font-weight: 700; background: #f9fafb; border-top: 1pt solid var(--ink); }
tr.group th, tr.group td { font-weight: 600; background: #fcfcfd; }
td.indent { padding-left: 6mm; }
.ok { color: #166534; font-weight: 600; }
.bad { color: #b91c1c; font-weight: 600; }
ol.policies li { margin-bottom: 1.5mm; }
figure { margin: 2mm 0 4mm; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 9pt; }
nav ol { line-height: 2; }
@media print {
  html { background: #fff; }
  .page { width: auto; min-height: 0; margin: 0; padding: 0; break-after: page; }
  .page:last-child { break-after: auto; }
}
"""


def contents(names: list[str]) -> str:
    items = "".join(f'<li><a href="#ch{i}">{escape(name)}</a></li>' for i, name in enumerate(names, start=1))
    return f'<section class="page"><h2>목차</h2><nav><ol type="I">{items}</ol></nav></section>'


def roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[number - 1]


def unit() -> str:
    return '<p class="unit">(단위: 원)</p>'


def verdict(ok: bool, difference: int = 0) -> str:
    if ok:
        return '<span class="ok">일치</span>'
    return (
        f'<span class="bad">불일치 (차이 {difference:,}원)</span>' if difference else '<span class="bad">불일치</span>'
    )


def rate(numerator: int, denominator: int) -> Any:
    return ratio(numerator, denominator)


def total_of(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> dict[str, Any]:
    return {key: sum(int(row.get(key) or 0) for row in rows) for key in keys}


def cell(key: str, value: Any) -> str:
    if key.endswith("Rate"):
        return f'<td class="num">{escape(percent(value))}</td>'
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{escape(display(key, value))}</td>"


def table(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    total: Callable[[Mapping[str, Any]], bool] | None = None,
) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name, _ in columns)
    body = []
    for row in rows:
        kind = ' class="total"' if total is not None and total(row) else ""
        body.append(f"<tr{kind}>" + "".join(cell(key, row.get(key)) for _, key in columns) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def figure_row(texts: Sequence[str], amounts: Sequence[int], kind: str, *, indent: bool = False) -> str:
    cls = f' class="{kind}"' if kind else ""
    first = f'<td class="indent">{escape(texts[0].strip())}</td>' if indent else f"<th>{escape(texts[0])}</th>"
    cells = "".join(f"<td>{escape(text)}</td>" for text in texts[1:])
    figures = "".join(f'<td class="num">{amount:,}</td>' for amount in amounts)
    return f"<tr{cls}>{first}{cells}{figures}</tr>"
