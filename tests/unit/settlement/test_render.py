"""Report renderers: JSON round-trips, CSV has a header and a row per line, HTML is well-formed, escaped, charted."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import lxml.html
import pytest
from lxml import etree

from shared.domain.settlement.render import (
    BarChart,
    charts_for,
    execution_chart,
    percent,
    svg,
    timeliness_chart,
    to_csv,
    to_html,
    to_json,
)
from shared.domain.settlement.reports import (
    BUDGET_LINE_COLUMNS,
    BudgetLine,
    LineExecution,
    PaidClaim,
    StatementLine,
    budget_settlement,
    financial_statements,
    payment_timeliness,
    public_indicators,
)

LINES = (
    BudgetLine(
        "L1",
        "일반회계",
        "사회복지",
        project="경로당 운영",
        budget=100_000_000,
        carried_in=20_000_000,
        transfers=5_000_000,
    ),
    BudgetLine("L2", "일반회계", "사회복지", project='=HYPERLINK("http://x")', budget=50_000_000, transfers=-5_000_000),
    BudgetLine("L3", "일반회계", "환경", budget=80_000_000),
    BudgetLine("L4", "기타특별회계", "<b>문화</b>", budget=10_000_000),
    BudgetLine("L5", "일반회계", "환경", budget=0),  # 예산현액 0: no execution rate
)
EXECUTION = {
    "L1": LineExecution(90_000_000, 10_000_000),
    "L2": LineExecution(45_000_000),
    "L3": LineExecution(60_000_000, 15_000_000),
}
CLAIMS = (
    PaidClaim("C1", date(2025, 3, 10), date(2025, 3, 7), 10_000_000),
    PaidClaim("C2", date(2025, 3, 14), date(2025, 3, 14), 5_000_000),
    PaidClaim("C3", date(2025, 3, 20), date(2025, 3, 31), 12_345_678),
)


@pytest.fixture
def settlement():
    return budget_settlement(LINES, EXECUTION, fy=2025, as_of=date(2025, 12, 31))


class StrictParser(HTMLParser):
    """Fails on any end tag that does not close the element open at that point."""

    VOID = {"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr", "source", "track", "embed"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def well_formed(page: str) -> None:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    assert page.startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------------------------------------------------------
# JSON


def test_json_round_trips_with_ints_as_ints_and_decimals_as_fixed_strings(settlement):
    text = to_json(settlement)
    data = json.loads(text)
    assert "사회복지" in text  # not \uXXXX
    line = data["lines"][0]
    assert line["budgetCurrent"] == 125_000_000 and isinstance(line["budgetCurrent"], int)
    assert line["executionRate"] == "0.7200"  # 90 / 125, four places kept
    assert data["lines"][4]["executionRate"] is None
    assert data["asOf"] == "2025-12-31" and data["fy"] == 2025
    assert to_json(data) == text  # parsed and rendered again: identical
    assert {"lineId", "budgetCurrent", "expended", "carriedOver", "unused"} <= set(line)


def test_json_refuses_floats_and_non_finite_decimals():
    with pytest.raises(TypeError, match="float"):
        to_json({"amount": 1.5})
    with pytest.raises(ValueError):
        to_json({"rate": Decimal("NaN")})
    assert json.loads(to_json({"x": Decimal("1E+1"), "t": (1, 2)})) == {"x": "10", "t": [1, 2]}


# ---------------------------------------------------------------------------------------------------------------
# CSV


def test_csv_has_a_header_and_one_row_per_line(settlement):
    text = to_csv(settlement["lines"], BUDGET_LINE_COLUMNS)
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(BUDGET_LINE_COLUMNS)
    assert len(rows) == 1 + len(LINES) and len(text.splitlines()) == 1 + len(LINES)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["budgetCurrent"] == "125000000" and first["executionRate"] == "0.7200"
    assert first["project"] == "경로당 운영"
    assert first["transfers"] == "5000000"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["transfers"] == "-5000000"  # numbers are never touched
    assert second["project"].startswith("'=")  # a formula in a name is defused
    assert dict(zip(rows[0], rows[5], strict=True))["executionRate"] == ""  # None


def test_csv_columns_can_be_renamed_and_missing_keys_are_empty():
    text = to_csv([{"a": 1, "b": True}], [("a", "금액"), "b", "c"])
    assert text == "금액,b,c\r\n1,true,\r\n"


# ---------------------------------------------------------------------------------------------------------------
# HTML


def test_html_is_well_formed_and_self_contained(settlement):
    page = to_html("2025 회계연도 세출 결산", settlement)
    well_formed(page)
    tree = lxml.html.document_fromstring(page)
    assert tree.findtext(".//title") == "2025 회계연도 세출 결산"
    assert tree.find(".//style") is not None
    assert not tree.xpath("//script | //link | //img | //*[@src] | //*[@href]")  # no scripts, no external assets
    assert "125,000,000" in page  # thousands separators
    assert "72.0%" in page  # L1's 집행률 shown as a percentage


def test_html_has_one_bar_per_field_with_text_values(settlement):
    page = to_html("세출 결산", settlement)
    tree = lxml.html.document_fromstring(page)
    charts = tree.xpath("//svg")
    assert charts
    bars = charts[0].xpath(".//rect[@class='bar']")
    assert len(bars) == len(settlement["byField"]) == 3
    values = charts[0].xpath(".//text[@class='value']/text()")
    # 사회복지 (90 + 45) / (125 + 45) = 0.7941 -> 79.4%; 환경 60 / 80 = 75.0%; 문화 0 / 10 = 0.0%
    assert values == ["79.4%", "75.0%", "0.0%"]
    assert charts[0].find("title").text == "분야별 집행률"
    assert charts[0].get("role") == "img"


def test_every_svg_is_well_formed_xml(settlement):
    timeliness = payment_timeliness(CLAIMS)
    for chart in charts_for({**settlement, "paymentTimeliness": timeliness}):
        root = etree.fromstring(svg(chart, "c").encode())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.find("{http://www.w3.org/2000/svg}title") is not None


def test_html_escapes_every_string(settlement):
    page = to_html("<script>alert(1)</script> 결산", settlement)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>" not in page  # the field named "<b>문화</b>", in the tables and in the chart
    assert "&lt;b&gt;문화&lt;/b&gt;" in page
    well_formed(page)


def test_timeliness_donut_shows_on_time_and_late():
    timeliness = payment_timeliness(CLAIMS, rate=Decimal("0.12"))
    page = to_html("대금 지급 적기성", timeliness)
    well_formed(page)
    tree = lxml.html.document_fromstring(page)
    (chart,) = tree.xpath("//svg")
    assert len(chart.xpath(".//circle[@class='slice']")) == 2
    legend = chart.xpath(".//text[@class='value']/text()")
    assert legend == ["2건 (66.7%) · 15,000,000원", "1건 (33.3%) · 12,345,678원"]
    assert "12.0%" in page  # interestRate shown as a percentage
    empty = svg(timeliness_chart(payment_timeliness([])), "e")
    assert "지급 없음" in empty and 'class="slice"' not in empty


def test_html_renders_statements_and_public_indicators(settlement):
    statements = financial_statements(
        [
            StatementLine("111", "현금", "asset", debit=100),
            StatementLine("311", "순자산", "net_assets", credit=80),
            StatementLine("411", "지방세수익", "revenue", credit=20),
        ]
    )
    page = to_html("재무결산", statements)
    well_formed(page)
    assert "재정상태표" in page and "순자산변동표" in page and "<svg" not in page
    public = public_indicators("11110", 2025, settlement=settlement, timeliness=payment_timeliness(CLAIMS))
    page = to_html("지방재정365", public)
    well_formed(page)
    tree = lxml.html.document_fromstring(page)
    assert len(tree.xpath("//svg")) == 2  # execution by field, timeliness
    assert ">2025<" in page  # the year has no thousands separator


def test_bar_chart_scales_past_100_percent_and_handles_no_rate():
    chart = BarChart(
        "집행률",
        (
            execution_chart(
                [{"field": "a", "executionRate": Decimal("1.2500")}, {"field": "b", "executionRate": None}]
            ).bars
        ),
    )
    root = etree.fromstring(svg(chart, "x").encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    widths = [float(r.get("width")) for r in root.xpath(".//s:rect[@class='bar']", namespaces=ns)]
    assert widths == [400.0, 0.0]  # 125% fills the scale; a 100% mark is drawn
    assert root.xpath(".//s:line", namespaces=ns)
    assert root.xpath(".//s:text[@class='value']/text()", namespaces=ns) == ["125.0%", "—"]


def test_percent():
    assert percent(Decimal("0.7806")) == "78.1%"
    assert percent(Decimal("0.0005")) == "0.1%"  # half up
    assert percent(None) == "—"
