"""The 결산서 (settlement book) of a year close: one printable document per 회계 and one for the LG's total.

A person reads it as a 결산서, in the order a published one runs: 세입세출결산 총괄, 세입결산 by 과목, 세출결산 by
line (with the 분야 chart), 재정상태표, 재정운영표 and 순자산변동표 after the 회계기준's form, the 주석 (policies,
receivables, carry-over, unpaid claims) and the checks the close ran (재정자금 대사, 내부거래). Each chapter starts
a page when printed (A4, Korean fonts named in the CSS, table headers repeated on every page); on screen it is the
same pages, one under the other. Pure: from the year close's report dict to HTML; every string is escaped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from shared.domain.settlement.render.book_parts import (
    CSS,
    contents,
    figure_row,
    rate,
    roman,
    table,
    total_of,
    unit,
    verdict,
)
from shared.domain.settlement.render.charts import execution_chart, svg
from shared.domain.settlement.render.formatting import display

TOTAL = None  # the LG's total book, 내부거래 eliminated


def book_name(fund: str | None) -> str:
    """The file name of a book: ``settlement-book.html`` for the total, ``settlement-book-<회계>.html`` for a 회계
    (letters and digits of its name kept, anything else an underscore, so the name is one safe path segment)."""
    if fund is None:
        return "settlement-book.html"
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in fund)
    if safe != fund:  # two names that differ only where characters were replaced get two files
        safe += "-" + hashlib.sha256(fund.encode()).hexdigest()[:8]
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
    pages = [part.cover(title), contents([name for name, _ in chapters])]
    for number, (name, body) in enumerate(chapters, start=1):
        pages.append(
            f'<section class="page" id="ch{number}"><h2>{roman(number)}. {escape(name)}</h2>{body()}</section>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n" + "\n".join(pages) + "\n</body></html>\n"
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
        return unit() + table(columns, rows, total=lambda row: row["fund"] == "합계") + note

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
        total = total_of(rows, [key for _, key in columns[2:-1]]) | {"code": "합계", "name": ""}
        total["collectionRate"] = rate(total["received"], total["assessed"])
        # the revenue records' 미수납액 against the ledger's receivables of the year's assessments (another record)
        booked = sum(r["currentYear"] for r in self._mine(self.report.get("notes", {}).get("receivables", [])))
        difference = total["outstanding"] - booked
        check = (
            "미수납액 = 징수결정액 - 수납액 - 불납결손액. 세입 기록의 미수납액과 "
            "재정상태표의 미수금(당해연도 징수결정분): " + verdict(difference == 0, difference)
        )
        return unit() + table(columns, [*rows, total], total=lambda row: row is total) + f"<p>{check}</p>"

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
        total = total_of(flat, ["budgetCurrent", "expended", "explicit", "accident", "continuing", "unused"])
        total |= {"where": "합계", "statObject": "", "executionRate": rate(total["expended"], total["budgetCurrent"])}
        by_field: dict[str, list[int]] = {}
        for row in flat:
            figures = by_field.setdefault(row["field"], [0, 0])
            figures[0] += row["expended"]
            figures[1] += row["budgetCurrent"]
        chart = execution_chart(
            [{"field": name, "executionRate": rate(spent, current)} for name, (spent, current) in by_field.items()]
        )
        figure = f"<figure>{svg(chart, 'execution')}<figcaption>{escape(chart.description)}</figcaption></figure>"
        note = "<p>불용액 = 예산현액 - 지출액 - 다음연도이월액 (명시이월 + 사고이월 + 계속비이월).</p>"
        return figure + unit() + table(columns, [*flat, total], total=lambda row: row is total) + note

    def position(self) -> str:
        position = self.statements["financialPosition"]
        groups = (("assets", "자산"), ("liabilities", "부채"), ("netAssets", "순자산"))
        body = []
        for group, name in groups:
            body.append(figure_row([name, ""], [position[group]], "group"))
            for section in (s for s in position["sections"] if s["group"] == group):
                body.append(figure_row([f"  {section['section']}", ""], [section["amount"]], "", indent=True))
                for account in section["accounts"]:
                    if account["balance"]:
                        body.append(
                            figure_row(["", f"{account['name']} ({account['account']})"], [account["balance"]], "")
                        )
        body.append(figure_row(["부채와 순자산 합계", ""], [position["liabilities"] + position["netAssets"]], "total"))
        balanced = "자산 = 부채 + 순자산: " + verdict(position["balanced"], position["difference"])
        return (
            unit()
            + "<table><thead><tr><th>구분</th><th>계정</th><th class='num'>금액</th></tr></thead>"
            + f"<tbody>{''.join(body)}</tbody></table><p>{balanced}</p>"
        )

    def operations(self) -> str:
        ops = self.statements["operations"]
        body = []
        for section in ops["sections"]:
            sign = "" if section["group"] == "expenses" else "(-) "
            body.append(figure_row([sign + section["section"], ""], [section["amount"]], "group"))
            by_field = ops.get("programCostByField") if section["section"] == "사업순원가" else None
            if by_field is not None:  # the 회계기준 prints 사업순원가 by 분야 (총원가 - 사업수익 = 순원가)
                body += [figure_row(["", row["field"]], [row["netCost"]], "") for row in by_field["rows"]]
                continue
            for account in section["accounts"]:
                if account["balance"]:
                    body.append(figure_row(["", f"{account['name']} ({account['account']})"], [account["balance"]], ""))
        net_cost = (
            ops["programCost"] + ops["administrativeCost"] + ops["unallocatedExpense"] - ops["unallocatedRevenue"]
        )
        body.insert(
            next(i for i, row in enumerate(body) if "일반수익" in row),
            figure_row(["재정운영순원가", ""], [net_cost], "total"),
        )
        body.append(figure_row(["재정운영결과", ""], [ops["operatingResult"]], "total"))
        program = next(s for s in ops["sections"] if s["section"] == "사업순원가")
        accounts = ", ".join(f"{a['name']} {a['balance']:,}원" for a in program["accounts"] if a["balance"])
        note = (
            (
                f"<p>사업순원가는 분야별 순원가(총원가 - 사업수익, 사업수익 0)이며 계정별로는 {accounts}이다.</p>"
                if accounts
                else ""
            )
            + "<p>재정운영순원가 = 사업순원가 + 관리운영비 + 비배분비용 - 비배분수익; "
            "재정운영결과 = 재정운영순원가 - 일반수익 "
            "(음수이면 수익이 비용보다 많다).</p>"
        )
        return (
            unit()
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
        body = "".join(figure_row([name, ""], [amount], kind) for name, amount, kind in rows)
        return (
            unit()
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
            parts.append(unit() + table(columns, receivables))
        else:
            parts.append("<p>미수금이 없다.</p>")
        parts.append("<h3>3. 다음연도이월액</h3>")
        carried = self._mine(notes.get("carriedOver", {}).get("lines", []))
        if carried:
            flat = [{**line, **line.get("carriedOverByType", {})} for line in carried]
            columns = [("과목 ID", "lineId"), ("회계", "fund"), ("명시이월", "explicit"), ("사고이월", "accident")]
            columns += [("계속비이월", "continuing"), ("이월액", "carriedOver")]
            parts.append(unit() + table(columns, flat))
        else:
            parts.append("<p>다음 연도로 이월하는 금액이 없다.</p>")
        parts.append("<h3>4. 지급되지 않은 승인 청구</h3>")
        unpaid = self._mine(notes.get("unpaidClaims", []))
        if unpaid:
            columns = [("회계", "fund"), ("미지급금", "payables"), ("미정산 보조금 집행", "subsidyExecutions")]
            parts.append(unit() + table(columns, unpaid))
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
            unit() + table(columns, rows),
            f"<p>{verdict(all(row['matches'] for row in rows))}</p>",
        ]
        execution = self.report.get("executionCheck", {})
        if execution:
            parts.append(
                "<h3>예산 집행 대사</h3><p>과목별 지출액은 지급 실행이 그 과목에서 지급한 금액과 같아야 한다: "
                f"{verdict(bool(execution.get('matches')))}</p>"
            )
        if self.fund is None:
            difference = reconciliation.get("internalDifference", 0)
            parts.append(
                "<h3>내부거래</h3><p>회계 간 전입금과 전출금은 합계에서 제거한다. 전입금 - 전출금 = "
                f"{display('difference', difference)}: {verdict(difference == 0, difference)}</p>"
            )
        return "".join(parts)
