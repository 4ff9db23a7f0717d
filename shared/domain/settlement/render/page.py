"""The HTML page of a report: one self-contained page with no external assets and no script.

Title, summary figures, inline SVG charts, then every part of the report as tables; the styles are inline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from shared.domain.settlement.render.charts import Chart, charts_for, svg
from shared.domain.settlement.render.formatting import display, label
from shared.domain.settlement.render.tables import is_scalar, section

_CSS = """
:root { color-scheme: light; --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --soft: #f5f7fa; --accent: #2f6fb3; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--soft); color: var(--ink);
  font: 15px/1.5 "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", system-ui, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 20px 48px; }
h1 { margin: 0 0 4px; font-size: 26px; }
h2 { margin: 36px 0 12px; font-size: 19px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { margin: 24px 0 8px; font-size: 16px; color: var(--muted); }
.note { color: var(--muted); margin: 0 0 24px; font-size: 13px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; margin: 0; }
.figures div { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.figures dt { color: var(--muted); font-size: 13px; }
.figures dd { margin: 2px 0 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 24px; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px;
  max-width: 100%; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
.scroll { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: #eef2f7; position: sticky; top: 0; white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
tbody th { font-weight: 500; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.neg { color: #b3412f; }
td.ok { color: #2e8b57; font-weight: 600; }
td.bad { color: #b3412f; font-weight: 600; }
small.key { color: var(--muted); font-weight: 400; font-size: 11px; }
@media print { body { background: #fff; } .scroll, figure, .figures div { border-color: #999; } }
"""


def _figures(report: Mapping[str, Any]) -> list[tuple[str, Any]]:
    items = [(k, v) for k, v in report.items() if is_scalar(v)]
    total = report.get("total")
    if isinstance(total, Mapping):
        items += [(k, v) for k, v in total.items() if is_scalar(v)]
    return items


def to_html(
    title: str,
    report: Mapping[str, Any],
    charts: Sequence[Chart] | None = None,
    *,
    note: str = "금액 단위: 원 · 비율: %",
) -> str:
    """A self-contained page: title, summary figures (the report's top-level values and its ``total``), charts
    (``charts_for(report)`` when ``charts`` is None; pass () for none), then a section per part of the report."""
    if charts is None:
        charts = charts_for(report)
    parts = [
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>",
        f'<header><h1>{escape(title)}</h1><p class="note">{escape(note)}</p></header>',
    ]
    figures = _figures(report)
    if figures:
        parts.append('<section aria-label="요약"><dl class="figures">')
        parts.extend(f"<div><dt>{escape(label(k))}</dt><dd>{escape(display(k, v))}</dd></div>" for k, v in figures)
        parts.append("</dl></section>")
    if charts:
        parts.append('<section class="charts" aria-label="차트">')
        parts.extend(
            f'<figure>{svg(chart, f"chart{i + 1}")}<figcaption class="note">'
            f"{escape(chart.description or chart.title)}</figcaption></figure>"
            for i, chart in enumerate(charts)
        )
        parts.append("</section>")
    for key, value in report.items():
        if is_scalar(value) or key == "total" and isinstance(value, Mapping) and all(map(is_scalar, value.values())):
            continue
        parts.append(f"<section>{section(key, value, 2)}</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
