"""The 결산서 document: one per 회계 and one for the total, printable on A4, escaping what it prints."""

from __future__ import annotations

from typing import Any

from lxml import html

from shared.domain.settlement.render import book_name, settlement_book
from shared.domain.settlement.reports import StatementLine, financial_statements, statement_notes

GENERAL, WATER = "일반회계", "상수도<특별>회계"


def _statements(cash: int, revenue: int) -> dict[str, Any]:
    rows = [
        StatementLine("1110", "현금및현금성자산", "asset", debit=cash, section="유동자산"),
        StatementLine("4110", "지방세수익", "revenue", credit=revenue, section="일반수익"),
        StatementLine("5210", "운영비", "expense", debit=revenue - cash, section="사업순원가"),
    ]
    return financial_statements(rows)


def _line(fund: str, line_id: str, current: int, spent: int) -> dict[str, Any]:
    return {
        "lineId": line_id,
        "fund": fund,
        "field": "환경" if fund == WATER else "일반공공행정",
        "program": "프로그램",
        "project": f"사업 {line_id}",
        "statObject": "201-01",
        "budgetCurrent": current,
        "expended": spent,
        "carriedOver": 0,
        "carriedOverByType": {"explicit": 0, "accident": 0, "continuing": 0},
        "unused": current - spent,
        "executionRate": None,
    }


def _report() -> dict[str, Any]:
    total = _statements(700, 1_000)
    return {
        "lgCode": "11110",
        "fy": 2026,
        "asOf": "2026-12-31",
        "provisional": False,
        **total,
        "fundStatements": {GENERAL: _statements(600, 800), WATER: _statements(100, 200)},
        "summary": [
            {"fund": GENERAL, "received": 800, "expended": 200},
            {"fund": WATER, "received": 200, "expended": 100},
            {"fund": "합계", "received": 1_000, "expended": 300},
        ],
        "revenueSettlement": {"lines": []},
        "budgetSettlement": {"lines": [_line(GENERAL, "G-1", 500, 200), _line(WATER, "W-1", 300, 100)]},
        "notes": statement_notes(receivables=[], carried_over={}, carried_lines=[], unpaid={}),
        "reconciliation": {"funds": [], "internalDifference": 0},
    }


def test_a_funds_book_prints_its_own_lines_and_statements_only():
    page = html.fromstring(settlement_book(_report(), GENERAL))
    text = page.text_content()
    assert "사업 G-1" in text and "사업 W-1" not in text
    position = page.xpath("//section[h2[contains(., '재정상태표')]]//tr[th='자산']/td[last()]")[0].text_content()
    assert position == "600"
    assert page.xpath("//title")[0].text_content() == "2026 회계연도 세입·세출 결산서 (일반회계)"


def test_the_total_book_has_every_fund_and_the_lgs_statements():
    page = html.fromstring(settlement_book(_report()))
    text = page.text_content()
    assert "사업 G-1" in text and "사업 W-1" in text and "내부거래" in text
    position = page.xpath("//section[h2[contains(., '재정상태표')]]//tr[th='자산']/td[last()]")[0].text_content()
    assert position == "700"


def test_the_book_is_an_a4_document_with_a_page_per_chapter_and_korean_fonts():
    document = settlement_book(_report())
    assert "@page { size: A4" in document and "break-after: page" in document
    assert '"Noto Sans CJK KR"' in document and '<html lang="ko">' in document
    assert "<script" not in document
    chapters = [h.text_content() for h in html.fromstring(document).xpath("//section/h2")]
    assert chapters[1:] == [
        "I. 세입세출결산 총괄",
        "II. 세입결산",
        "III. 세출결산",
        "IV. 재정상태표",
        "V. 재정운영표",
        "VI. 순자산변동표",
        "VII. 주석",
        "VIII. 결산 검증",
    ]


def test_names_are_escaped_and_file_names_are_one_safe_segment():
    document = settlement_book(_report(), WATER)
    assert "상수도&lt;특별&gt;회계" in document and "<특별>" not in document
    assert book_name(WATER).startswith("settlement-book-상수도_특별_회계-") and book_name(WATER).endswith(".html")
    assert (
        book_name("A B") != book_name("A_B")
        and book_name("상수도사업특별회계") == "settlement-book-상수도사업특별회계.html"
    )
    assert book_name(None) == "settlement-book.html" and "/" not in book_name("a/b")
