"""The charts of a report page, as inline SVG: horizontal bars of 집행률 by 분야, a donut of payment timeliness.

``charts_for`` picks the charts a report has data for; ``svg`` draws one. Every string is escaped, every chart has
a title and a text description (its values), so the figure reads without the picture.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from shared.domain.settlement.render.formatting import percent
from shared.domain.settlement.reports import ratio


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    rate: Decimal | None  # a fraction; None draws no bar and shows "—"


@dataclass(frozen=True, slots=True)
class BarChart:
    """Horizontal bars of rates (집행률 by 분야), with the value written next to each bar."""

    title: str
    bars: tuple[Bar, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Slice:
    label: str
    count: int
    amount: int | None = None
    color: str = "#2f6fb3"


@dataclass(frozen=True, slots=True)
class DonutChart:
    """A donut of counts (payment timeliness: on time vs late) with a legend of counts, shares and amounts."""

    title: str
    slices: tuple[Slice, ...]
    description: str = ""


Chart = BarChart | DonutChart

_SVG_FONT = "Apple SD Gothic Neo, Malgun Gothic, Noto Sans KR, NanumGothic, sans-serif"
_BAR_COLOR = "#2f6fb3"
_OVER_COLOR = "#b3412f"
_ON_TIME_COLOR = "#2e8b57"
_LATE_COLOR = "#d9822b"


def execution_chart(rows: Iterable[Mapping[str, Any]], *, key: str = "field", title: str = "분야별 집행률") -> BarChart:
    """Bars of executionRate per ``key`` from the byField (or executionByField) rows."""
    bars = tuple(Bar(str(row[key]), row.get("executionRate")) for row in rows)
    return BarChart(title, bars, "집행률 = 지출액 / 예산현액")


def timeliness_chart(timeliness: Mapping[str, Any], *, title: str = "대금 지급 적기성") -> DonutChart:
    """On time vs late, by count, from a payment_timeliness report."""
    on_time, late = timeliness["onTime"], timeliness["late"]
    return DonutChart(
        title,
        (
            Slice("기한 내 지급", on_time["count"], on_time.get("amount"), _ON_TIME_COLOR),
            Slice("지연 지급", late["count"], late.get("amount"), _LATE_COLOR),
        ),
        "기한 내 지급: 지급일 ≤ 지급기한",
    )


def charts_for(report: Mapping[str, Any]) -> list[Chart]:
    """The standard charts a report has data for: execution by field, payment timeliness."""
    charts: list[Chart] = []
    rows = report.get("byField") or report.get("executionByField")
    if rows:
        charts.append(execution_chart(rows))
    timeliness = report.get("paymentTimeliness")
    if not isinstance(timeliness, Mapping) and "onTime" in report and "late" in report:
        timeliness = report
    if isinstance(timeliness, Mapping):
        charts.append(timeliness_chart(timeliness))
    return charts


def _short(text: str, limit: int = 10) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _n(x: float) -> str:
    """An SVG coordinate: two decimals at most, no trailing zeros, never "-0"."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _svg_open(chart_id: str, width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" font-family="{_SVG_FONT}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]


def bar_chart_svg(chart: BarChart, chart_id: str = "chart") -> str:
    label_w, bar_w, value_w, row_h, bar_h, top = 150, 400, 70, 30, 18, 36
    width = label_w + bar_w + value_w + 10
    height = top + row_h * max(1, len(chart.bars)) + 10
    scale = max([Decimal(1)] + [bar.rate for bar in chart.bars if bar.rate is not None])
    summary = "; ".join(f"{bar.label} {percent(bar.rate)}" for bar in chart.bars)
    parts = _svg_open(chart_id, width, height, chart.title, f"{chart.description}. {summary}".strip(". "))
    parts.append(f'<text x="0" y="20" font-size="15" font-weight="600" fill="#1f2933">{escape(chart.title)}</text>')
    if not chart.bars:
        parts.append(f'<text x="{label_w}" y="{top + 18}" font-size="13" fill="#52606d">자료 없음</text>')
    for i, bar in enumerate(chart.bars):
        y = top + i * row_h
        length = 0.0 if bar.rate is None else max(0.0, float(bar.rate / scale) * bar_w)
        color = _OVER_COLOR if bar.rate is not None and bar.rate > 1 else _BAR_COLOR
        text = percent(bar.rate)
        parts.append(f'<g class="row"><title>{escape(bar.label)}: {escape(text)}</title>')
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" font-size="13" fill="#1f2933">'
            f"{escape(_short(bar.label))}</text>"
        )
        parts.append(
            f'<rect class="track" x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" rx="3" fill="#e4e7eb"/>'
        )
        parts.append(
            f'<rect class="bar" x="{label_w}" y="{y}" width="{_n(length)}" height="{bar_h}" rx="3" fill="{color}"/>'
        )
        parts.append(
            f'<text class="value" x="{_n(label_w + min(length, bar_w) + 6)}" y="{y + 13}" font-size="13" '
            f'fill="#1f2933">{escape(text)}</text></g>'
        )
    if scale > 1:  # overspent lines push the scale past 100%: mark where 100% is
        x = _n(label_w + bar_w / float(scale))
        parts.append(
            f'<line x1="{x}" y1="{top - 6}" x2="{x}" y2="{height - 8}" stroke="#52606d" '
            f'stroke-dasharray="4 3"><title>100%</title></line>'
        )
    parts.append("</svg>")
    return "".join(parts)


def donut_svg(chart: DonutChart, chart_id: str = "chart") -> str:
    width, height, cx, cy, r, stroke = 520, 196, 100, 108, 62, 28
    total = sum(s.count for s in chart.slices)
    circumference = 2 * math.pi * r
    summary = "; ".join(f"{s.label} {s.count:,}건 ({percent(ratio(s.count, total))})" for s in chart.slices)
    parts = _svg_open(chart_id, width, height, chart.title, f"{chart.description}. {summary}".strip(". "))
    parts.append(f'<text x="0" y="20" font-size="15" font-weight="600" fill="#1f2933">{escape(chart.title)}</text>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="#e4e7eb" stroke-width="{stroke}"/>')
    offset = 0.0
    for s in chart.slices:
        if total == 0 or s.count == 0:
            continue
        length = circumference * s.count / total
        parts.append(
            f'<circle class="slice" cx="{cx}" cy="{cy}" r="{r}" fill="none" stroke="{escape(s.color)}" '
            f'stroke-width="{stroke}" stroke-dasharray="{_n(length)} {_n(circumference - length)}" '
            f'stroke-dashoffset="{_n(-offset)}" transform="rotate(-90 {cx} {cy})">'
            f"<title>{escape(s.label)}: {s.count:,}건 ({escape(percent(ratio(s.count, total)))})</title></circle>"
        )
        offset += length
    first = chart.slices[0] if chart.slices else None
    centre = percent(ratio(first.count, total)) if first and total else "—"
    parts.append(
        f'<text x="{cx}" y="{cy + 2}" text-anchor="middle" font-size="18" font-weight="600" '
        f'fill="#1f2933">{escape(centre)}</text>'
    )
    caption = first.label if first and total else "지급 없음"
    parts.append(
        f'<text x="{cx}" y="{cy + 20}" text-anchor="middle" font-size="11" fill="#52606d">{escape(caption)}</text>'
    )
    for i, s in enumerate(chart.slices):
        y = 70 + i * 44
        amount = f" · {s.amount:,}원" if s.amount is not None else ""
        parts.append(f'<rect x="210" y="{y - 11}" width="14" height="14" rx="2" fill="{escape(s.color)}"/>')
        parts.append(f'<text x="232" y="{y}" font-size="13" fill="#1f2933">{escape(s.label)}</text>')
        parts.append(
            f'<text class="value" x="232" y="{y + 18}" font-size="13" fill="#52606d">'
            f"{s.count:,}건 ({escape(percent(ratio(s.count, total)))}){escape(amount)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def svg(chart: Chart, chart_id: str = "chart") -> str:
    if isinstance(chart, BarChart):
        return bar_chart_svg(chart, chart_id)
    return donut_svg(chart, chart_id)
