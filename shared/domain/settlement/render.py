"""Renderers for settlement reports: JSON and CSV for machines, one self-contained HTML page for people.

Pure functions from a report dict (``reports``) to text; the run writes the text to S3.

- ``to_json``: UTF-8 text (non-ASCII kept), ints as ints, Decimals as strings in fixed-point notation with the
  places the report gave them ("0.7806", "11.7"), dates as ISO strings. A float anywhere is an error: money is
  integer won, and a float rate would not survive the trip.
- ``to_csv``: a header of column names, then one row per item, RFC 4180 (CRLF). No BOM. Ints without thousands
  separators, Decimals as in JSON, None empty. A text cell starting with = + - @ (or a tab or CR) gets a leading
  apostrophe, so a spreadsheet never runs it as a formula (CSV injection); numbers are never touched.
- ``to_html``: a page with no external assets and no script: title, summary figures, inline SVG charts (horizontal
  bars of 집행률 by 분야; a donut of payment timeliness, on time vs late), then every part of the report as tables.
  Amounts get thousands separators; keys ending in ``Rate`` are fractions shown as percentages with one decimal.
  Every string from the report or the caller is escaped.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from typing import Any

from shared.domain.settlement.reports import ratio

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
    value = plain(value)
    if isinstance(value, int):
        return str(value)
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


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


# ---------------------------------------------------------------------------------------------------------------
# formatting for people

LABELS = {
    "lineId": "과목 ID",
    "fund": "회계",
    "field": "분야",
    "sector": "부문",
    "program": "정책사업",
    "unit": "단위사업",
    "project": "세부사업",
    "object": "편성목",
    "statObject": "통계목",
    "budget": "예산액",
    "carriedIn": "전년도이월액",
    "reserveSpending": "예비비지출",
    "transfers": "전용·이용·이체",
    "budgetCurrent": "예산현액",
    "expended": "지출액",
    "carriedOver": "다음연도이월액",
    "unused": "불용액",
    "executionRate": "집행률",
    "lineCount": "과목 수",
    "lines": "과목별 결산",
    "byField": "분야별 결산",
    "byFund": "회계별 결산",
    "total": "합계",
    "overspent": "초과 지출 과목",
    "balanced": "대차 일치",
    "difference": "차이",
    "trialBalance": "합계잔액시산표",
    "debit": "차변",
    "credit": "대변",
    "financialPosition": "재정상태표",
    "assets": "자산",
    "liabilities": "부채",
    "netAssets": "순자산",
    "accounts": "계정",
    "account": "계정 코드",
    "name": "계정명",
    "type": "구분",
    "balance": "잔액",
    "operations": "재정운영표",
    "revenues": "수익",
    "expenses": "비용",
    "surplus": "잉여",
    "byNature": "성질별",
    "changesInNetAssets": "순자산변동표",
    "opening": "기초순자산",
    "adjustments": "순자산 조정",
    "closing": "기말순자산",
    "funds": "회계별 대사",
    "cash": "현금",
    "receipts": "세입",
    "expenditure": "세출",
    "matches": "일치",
    "mismatched": "불일치 회계",
    "grants": "보조사업별 정산",
    "grantId": "보조사업 ID",
    "grantCount": "보조사업 수",
    "granted": "교부액",
    "executed": "집행액",
    "interest": "이자",
    "unspent": "반납 대상",
    "shares": "재원별 반납액",
    "returned": "반납액",
    "dropped": "10원 미만 절사",
    "fractions": "분담 비율",
    "national": "국비",
    "province": "시도비",
    "city": "시군구비",
    "self": "자부담",
    "count": "건수",
    "amount": "금액",
    "onTime": "기한 내 지급",
    "late": "지연 지급",
    "onTimeRate": "기한 내 지급률",
    "onTimeAmountRate": "기한 내 지급률(금액)",
    "averageDaysLate": "평균 지연일수",
    "maxDaysLate": "최대 지연일수",
    "averageDaysToPay": "평균 지급일수",
    "lateInterest": "지연이자",
    "interestRate": "지연이자율",
    "lgCode": "자치단체 코드",
    "fy": "회계연도",
    "asOf": "기준일",
    "budgetSize": "예산 규모",
    "settlementSize": "결산 규모",
    "executionByField": "분야별 집행률",
    "financialIndependenceRate": "재정자립도",
    "ownRevenue": "자체수입",
    "localTax": "지방세",
    "nonTaxRevenue": "세외수입",
    "generalBudget": "일반회계 예산",
    "subsidies": "지방보조금",
    "paymentTimeliness": "대금 지급 적기성",
}
_NO_SEPARATOR = frozenset({"fy", "year"})
_PERCENT_PLACES = Decimal("0.1")


def label(key: str) -> str:
    return LABELS.get(key, key)


def is_rate(key: str) -> bool:
    return key.endswith("Rate") or key == "rate"


def percent(value: Decimal | None) -> str:
    """A fraction as a percentage with one decimal: Decimal("0.7806") -> "78.1%"."""
    if value is None:
        return "—"
    return f"{(value * 100).quantize(_PERCENT_PLACES, rounding=ROUND_HALF_UP)}%"


def display(key: str, value: Any) -> str:
    """A value as a person reads it (not escaped)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if is_rate(key) and isinstance(value, Decimal | int):
        return percent(Decimal(value))
    if isinstance(value, int):
        return str(value) if key in _NO_SEPARATOR else f"{value:,}"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(display(key, item) for item in value) or "—"
    return str(value)


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


# ---------------------------------------------------------------------------------------------------------------
# charts


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


# ---------------------------------------------------------------------------------------------------------------
# HTML

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


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def _is_table(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(isinstance(item, Mapping) for item in value)


def _flatten(row: Mapping[str, Any]) -> dict[str, Any]:
    """One level of nested dicts becomes columns ("shares" -> "national", "province", ...)."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            for sub, item in value.items():
                flat[f"{key}.{sub}"] = item if _is_scalar(item) else to_json(item, indent=None)
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


def _section(key: str, value: Any, level: int) -> str:
    tag = f"h{min(level, 6)}"
    heading = f"<{tag}>{escape(label(key))}</{tag}>"
    if _is_table(value):
        return heading + _table(value)
    if isinstance(value, list | tuple):
        return heading + f"<p>{escape(display(key, list(value)))}</p>"
    scalars = [(k, v) for k, v in value.items() if _is_scalar(v) or (isinstance(v, list | tuple) and not _is_table(v))]
    parts = [heading]
    if scalars:
        parts.append(_pairs(scalars))
    elif not value:
        parts.append("<p>—</p>")
    for k, v in value.items():
        if isinstance(v, Mapping) or _is_table(v):
            parts.append(_section(k, v, level + 1))
    return "".join(parts)


def _figures(report: Mapping[str, Any]) -> list[tuple[str, Any]]:
    items = [(k, v) for k, v in report.items() if _is_scalar(v)]
    total = report.get("total")
    if isinstance(total, Mapping):
        items += [(k, v) for k, v in total.items() if _is_scalar(v)]
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
        if _is_scalar(value) or key == "total" and isinstance(value, Mapping) and all(map(_is_scalar, value.values())):
            continue
        parts.append(f"<section>{_section(key, value, 2)}</section>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
