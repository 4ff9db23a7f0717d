"""The 결산서 (settlement book) of a year close: one printable document per 회계 and one for the LG's total.

A person reads it as a 결산서, in the order a published one runs: 세입세출결산 총괄, 세입결산 by 과목, 세출결산 by
line (with the 분야 chart), 재정상태표, 재정운영표 and 순자산변동표 after the 회계기준's form, the 주석 (policies,
receivables, carry-over, unpaid claims) and the checks the close ran (재정자금 대사, 내부거래). Each chapter starts
a page when printed (A4, Korean fonts named in the CSS, table headers repeated on every page); on screen it is the
same pages, one under the other. Pure: from the year close's report dict to HTML; every string is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from shared.domain.settlement.render.charts import execution_chart, svg
from shared.domain.settlement.render.formatting import display, percent
from shared.domain.settlement.reports import ratio

TOTAL = None  # the LG's total book, 내부거래 eliminated

_CSS = """
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


def book_name(fund: str | None) -> str:
    """The file name of a book: ``settlement-book.html`` for the total, ``settlement-book-<회계>.html`` for a 회계
    (letters and digits of its name kept, anything else an underscore, so the name is one safe path segment)."""
    if fund is None:
        return "settlement-book.html"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in fund)
    return f"settlement-book-{safe}.html"


def book_title(report: Mapping[str, Any], fund: str | None) -> str:
    return f"{report['fy']} 회계연도 세입·세출 결산서 ({fund or '합계'})"


def settlement_book(report: Mapping[str, Any], fund: str | None = TOTAL) -> str:
    """The 결산서 of one 회계 (``fund``), or of the LG's total (``TOTAL``), from a year close's report."""
    part = _Part(report, fund)
    chapters = [
        ("세입세출결산 총괄", part.summary),
        ("세입결산", part.revenue),
        ("세출결산", part.expenditure),
        ("재정상태표", part.position),
        ("재정운영표", part.operations),
        ("순자산변동표", part.changes),
        ("주석", part.notes),
        ("결산 검증", part.checks),
    ]
    title = book_title(report, fund)
    pages = [part.cover(title), _contents([name for name, _ in chapters])]
    for number, (name, body) in enumerate(chapters, start=1):
        pages.append(
            f'<section class="page" id="ch{number}"><h2>{_roman(number)}. {escape(name)}</h2>{body()}</section>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n" + "\n".join(pages) + "\n</body></html>\n"
    )


class _Part:
    """The figures of one book: a 회계's own rows, or every row and the LG's total statements."""

    def __init__(self, report: Mapping[str, Any], fund: str | None) -> None:
        self.report = report
        self.fund = fund
        statements = report if fund is None else report.get("fundStatements", {}).get(fund)
        if statements is None:
            raise ValueError(f"the report has no statements of 회계 {fund!r}")
        self.statements: Mapping[str, Any] = statements

    def _mine(self, rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return [row for row in rows if self.fund is None or row.get("fund") == self.fund]

    def cover(self, title: str) -> str:
        report = self.report
        facts = [
            ("자치단체 코드", report["lgCode"]),
            ("회계연도", f"{report['fy']}년 1월 1일 ~ 12월 31일"),
            ("출납정리기한", f"{report['fy'] + 1}년 2월 10일"),
            ("결산 기준일", report["asOf"]),
            ("회계", self.fund or "합계 (" + ", ".join(self._funds()) + ")"),
        ]
        mark = '<p><span class="mark">가결산 (provisional)</span></p>' if report.get("provisional") else ""
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
        return (
            f'<section class="page cover"><h1>{escape(title.split(" (")[0])}</h1>'
            f'<p class="fund">{escape(self.fund or "합계")}</p><dl>{rows}</dl>{mark}</section>'
        )

    def _funds(self) -> list[str]:
        return sorted(self.report.get("fundStatements", {}))

    def summary(self) -> str:
        rows = self.report.get("summary", [])
        if self.fund is not None:
            rows = [row for row in rows if row["fund"] == self.fund]
        columns = [
            ("회계", "fund"),
            ("세입예산", "budgetRevenue"),
            ("세입 수납액", "received"),
            ("세출예산현액", "budgetExpenditure"),
            ("세출 지출액", "expended"),
            ("결산상잉여금", "surplus"),
            ("다음연도이월액", "carriedOver"),
            ("보조금 반환금", "subsidyReturns"),
            ("순세계잉여금", "netSurplus"),
        ]
        note = (
            "<p>결산상잉여금 = 세입 수납액 - 세출 지출액; 순세계잉여금 = 결산상잉여금 - 다음연도이월액 - 보조금 반환금."
            "</p>"
        )
        return _unit() + _table(columns, rows, total=lambda row: row["fund"] == "합계") + note

    def revenue(self) -> str:
        settlement = self.report.get("revenueSettlement", {})
        rows = self._mine(settlement.get("lines", []))
        columns = [
            ("과목 (관-항-목)", "code"),
            ("과목명", "name"),
            ("예산액", "budgetCurrent"),
            ("징수결정액", "assessed"),
            ("수납액", "received"),
            ("불납결손액", "writtenOff"),
            ("미수납액", "outstanding"),
            ("과오납금", "overReceived"),
            ("징수율", "collectionRate"),
        ]
        if not rows:
            return "<p>이 회계에 세입 과목이 없다.</p>"
        total = _sum(rows, [key for _, key in columns[2:-1]]) | {"code": "합계", "name": ""}
        total["collectionRate"] = _rate(total["received"], total["assessed"])
        check = "징수결정액 = 수납액 + 불납결손액 + 미수납액: " + _verdict(
            all(r["assessed"] == r["received"] + r["writtenOff"] + r["outstanding"] for r in rows)
        )
        return _unit() + _table(columns, [*rows, total], total=lambda row: row is total) + f"<p>{check}</p>"

    def expenditure(self) -> str:
        settlement = self.report.get("budgetSettlement", {})
        rows = self._mine(settlement.get("lines", []))
        if not rows:
            return "<p>이 회계에 세출 과목이 없다.</p>"
        flat = [
            {
                **row,
                "explicit": row.get("carriedOverByType", {}).get("explicit", 0),
                "accident": row.get("carriedOverByType", {}).get("accident", 0),
                "continuing": row.get("carriedOverByType", {}).get("continuing", 0),
                "where": f"{row['field']} / {row['program']} / {row['project']}",
            }
            for row in rows
        ]
        columns = [
            ("분야 / 정책사업 / 세부사업", "where"),
            ("편성목", "statObject"),
            ("예산현액", "budgetCurrent"),
            ("지출액", "expended"),
            ("명시이월", "explicit"),
            ("사고이월", "accident"),
            ("계속비이월", "continuing"),
            ("불용액", "unused"),
            ("집행률", "executionRate"),
        ]
        total = _sum(flat, ["budgetCurrent", "expended", "explicit", "accident", "continuing", "unused"])
        total |= {"where": "합계", "statObject": "", "executionRate": _rate(total["expended"], total["budgetCurrent"])}
        by_field: dict[str, list[int]] = {}
        for row in flat:
            figures = by_field.setdefault(row["field"], [0, 0])
            figures[0] += row["expended"]
            figures[1] += row["budgetCurrent"]
        chart = execution_chart(
            [{"field": name, "executionRate": _rate(spent, current)} for name, (spent, current) in by_field.items()]
        )
        figure = f"<figure>{svg(chart, 'execution')}<figcaption>{escape(chart.description)}</figcaption></figure>"
        note = "<p>불용액 = 예산현액 - 지출액 - 다음연도이월액 (명시이월 + 사고이월 + 계속비이월).</p>"
        return figure + _unit() + _table(columns, [*flat, total], total=lambda row: row is total) + note

    def position(self) -> str:
        position = self.statements["financialPosition"]
        groups = (("assets", "자산"), ("liabilities", "부채"), ("netAssets", "순자산"))
        body = []
        for group, name in groups:
            body.append(_row([name, ""], [position[group]], "group"))
            for section in (s for s in position["sections"] if s["group"] == group):
                body.append(_row([f"  {section['section']}", ""], [section["amount"]], "", indent=True))
                for account in section["accounts"]:
                    if account["balance"]:
                        body.append(_row(["", f"{account['name']} ({account['account']})"], [account["balance"]], ""))
        body.append(_row(["부채와 순자산 합계", ""], [position["liabilities"] + position["netAssets"]], "total"))
        balanced = "자산 = 부채 + 순자산: " + _verdict(position["balanced"], position["difference"])
        return (
            _unit()
            + "<table><thead><tr><th>구분</th><th>계정</th><th class='num'>금액</th></tr></thead>"
            + f"<tbody>{''.join(body)}</tbody></table><p>{balanced}</p>"
        )

    def operations(self) -> str:
        ops = self.statements["operations"]
        body = []
        for section in ops["sections"]:
            sign = "" if section["group"] == "expenses" else "(-) "
            body.append(_row([sign + section["section"], ""], [section["amount"]], "group"))
            for account in section["accounts"]:
                if account["balance"]:
                    body.append(_row(["", f"{account['name']} ({account['account']})"], [account["balance"]], ""))
        body.append(_row(["재정운영결과", ""], [ops["operatingResult"]], "total"))
        note = (
            "<p>재정운영결과 = 사업순원가 + 관리운영비 + 비배분비용 - 비배분수익 - 일반수익 "
            "(음수이면 수익이 비용보다 많다).</p>"
        )
        return (
            _unit()
            + "<table><thead><tr><th>구분</th><th>계정</th><th class='num'>금액</th></tr></thead>"
            + f"<tbody>{''.join(body)}</tbody></table>{note}"
        )

    def changes(self) -> str:
        changes = self.statements["changesInNetAssets"]
        rows = [
            ("기초순자산", changes["opening"], ""),
            ("(-) 재정운영결과", changes["operatingResult"], ""),
            ("(+) 순자산 조정", changes["adjustments"], ""),
            ("기말순자산", changes["closing"], "total"),
        ]
        body = "".join(_row([name, ""], [amount], kind) for name, amount, kind in rows)
        return (
            _unit()
            + "<table><thead><tr><th>구분</th><th></th><th class='num'>금액</th></tr></thead>"
            + f"<tbody>{body}</tbody></table>"
            + "<p>기말순자산은 다음 회계연도의 기초순자산이 된다 (기초 = 기말).</p>"
        )

    def notes(self) -> str:
        notes = self.report.get("notes", {})
        parts = ["<h3>1. 유의적인 회계정책</h3><ol class='policies'>"]
        parts += [f"<li>{escape(text)}</li>" for text in notes.get("policies", [])]
        parts.append("</ol><h3>2. 미수금 (징수결정 연도별)</h3>")
        receivables = self._mine(notes.get("receivables", []))
        if receivables:
            columns = [("회계", "fund"), ("계정", "name"), ("당해연도", "currentYear"), ("과년도", "priorYears")]
            columns.append(("잔액", "balance"))
            parts.append(_unit() + _table(columns, receivables))
        else:
            parts.append("<p>미수금이 없다.</p>")
        parts.append("<h3>3. 다음연도이월액</h3>")
        carried = self._mine(notes.get("carriedOver", {}).get("lines", []))
        if carried:
            flat = [{**line, **line.get("carriedOverByType", {})} for line in carried]
            columns = [("과목 ID", "lineId"), ("회계", "fund"), ("명시이월", "explicit"), ("사고이월", "accident")]
            columns += [("계속비이월", "continuing"), ("이월액", "carriedOver")]
            parts.append(_unit() + _table(columns, flat))
        else:
            parts.append("<p>다음 연도로 이월하는 금액이 없다.</p>")
        parts.append("<h3>4. 지급되지 않은 승인 청구</h3>")
        unpaid = self._mine(notes.get("unpaidClaims", []))
        if unpaid:
            columns = [("회계", "fund"), ("미지급금", "payables"), ("미정산 보조금 집행", "subsidyExecutions")]
            parts.append(_unit() + _table(columns, unpaid))
            parts.append(
                "<p>검사와 지출결의를 마쳤으나 출납정리기한까지 지급되지 않은 청구: 비용은 이 연도에 인식하고 "
                "미지급금은 다음 연도로 이월한다 (과년도지출).</p>"
            )
        else:
            parts.append("<p>승인되고 지급되지 않은 청구가 없다.</p>")
        return "".join(parts)

    def checks(self) -> str:
        reconciliation = self.report.get("reconciliation", {})
        rows = self._mine(reconciliation.get("funds", []))
        columns = [
            ("회계", "fund"),
            ("전년도 이월 현금", "openingCash"),
            ("세입 수납", "receipts"),
            ("세출 지출", "expenditure"),
            ("세계잉여금", "surplus"),
            ("현금 (재정상태표)", "cash"),
            ("차이", "difference"),
        ]
        parts = [
            "<h3>재정자금 대사</h3><p>재정상태표의 현금은 세입·세출 기록으로 계산한 세계잉여금 (전년도 이월 + 수납 - "
            "지출)과 같아야 한다.</p>",
            _unit() + _table(columns, rows),
            f"<p>{_verdict(all(row['matches'] for row in rows))}</p>",
        ]
        execution = self.report.get("executionCheck", {})
        if execution:
            parts.append(
                "<h3>예산 집행 대사</h3><p>과목별 지출액은 지급 실행이 그 과목에서 지급한 금액과 같아야 한다: "
                f"{_verdict(bool(execution.get('matches')))}</p>"
            )
        if self.fund is None:
            difference = reconciliation.get("internalDifference", 0)
            parts.append(
                "<h3>내부거래</h3><p>회계 간 전입금과 전출금은 합계에서 제거한다. 전입금 - 전출금 = "
                f"{display('difference', difference)}: {_verdict(difference == 0, difference)}</p>"
            )
        return "".join(parts)


def _contents(names: list[str]) -> str:
    items = "".join(f'<li><a href="#ch{i}">{escape(name)}</a></li>' for i, name in enumerate(names, start=1))
    return f'<section class="page"><h2>목차</h2><nav><ol type="I">{items}</ol></nav></section>'


def _roman(number: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[number - 1]


def _unit() -> str:
    return '<p class="unit">(단위: 원)</p>'


def _verdict(ok: bool, difference: int = 0) -> str:
    if ok:
        return '<span class="ok">일치</span>'
    return (
        f'<span class="bad">불일치 (차이 {difference:,}원)</span>' if difference else '<span class="bad">불일치</span>'
    )


def _rate(numerator: int, denominator: int) -> Any:
    return ratio(numerator, denominator)


def _sum(rows: Sequence[Mapping[str, Any]], keys: Sequence[str]) -> dict[str, Any]:
    return {key: sum(int(row.get(key) or 0) for row in rows) for key in keys}


def _cell(key: str, value: Any) -> str:
    if key.endswith("Rate"):
        return f'<td class="num">{escape(percent(value))}</td>'
    if isinstance(value, int) and not isinstance(value, bool):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{escape(display(key, value))}</td>"


def _table(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    total: Callable[[Mapping[str, Any]], bool] | None = None,
) -> str:
    head = "".join(f"<th>{escape(name)}</th>" for name, _ in columns)
    body = []
    for row in rows:
        kind = ' class="total"' if total is not None and total(row) else ""
        body.append(f"<tr{kind}>" + "".join(_cell(key, row.get(key)) for _, key in columns) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _row(texts: Sequence[str], amounts: Sequence[int], kind: str, *, indent: bool = False) -> str:
    cls = f' class="{kind}"' if kind else ""
    first = f'<td class="indent">{escape(texts[0].strip())}</td>' if indent else f"<th>{escape(texts[0])}</th>"
    cells = "".join(f"<td>{escape(text)}</td>" for text in texts[1:])
    figures = "".join(f'<td class="num">{amount:,}</td>' for amount in amounts)
    return f"<tr{cls}>{first}{cells}{figures}</tr>"
