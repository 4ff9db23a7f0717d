"""Renderers for settlement reports: JSON and CSV for machines, one self-contained HTML page for people.

Pure functions from a report dict (``reports``) to text; the run writes the text to S3.

- ``to_json``, ``to_csv`` (``data``): JSON with exact Decimals and no floats; RFC 4180 CSV, defused against
  formula injection.
- ``to_html`` (``page``): a page with no external assets and no script: title, summary figures, inline SVG charts
  (``charts``: horizontal bars of 집행률 by 분야; a donut of payment timeliness, on time vs late), then every part
  of the report as tables (``tables``). Amounts get thousands separators; keys ending in ``Rate`` are fractions
  shown as percentages with one decimal (``formatting``). Every string from the report or the caller is escaped.
- ``settlement_book`` (``book``): the year close's 결산서, one printable A4 document per 회계 and one for the total.
"""

from __future__ import annotations

from shared.domain.settlement.render.book import book_name, settlement_book
from shared.domain.settlement.render.charts import (
    Bar,
    BarChart,
    Chart,
    DonutChart,
    Slice,
    bar_chart_svg,
    charts_for,
    donut_svg,
    execution_chart,
    svg,
    timeliness_chart,
)
from shared.domain.settlement.render.data import decimal_text, plain, to_csv, to_json
from shared.domain.settlement.render.formatting import LABELS, display, is_rate, label, percent
from shared.domain.settlement.render.page import to_html

__all__ = [
    "book_name",
    "settlement_book",
    "LABELS",
    "Bar",
    "BarChart",
    "Chart",
    "DonutChart",
    "Slice",
    "bar_chart_svg",
    "charts_for",
    "decimal_text",
    "display",
    "donut_svg",
    "execution_chart",
    "is_rate",
    "label",
    "percent",
    "plain",
    "svg",
    "timeliness_chart",
    "to_csv",
    "to_html",
    "to_json",
]
