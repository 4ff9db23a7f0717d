"""The 재정운영표's 사업순원가 by 분야, read from what each budget line's acceptances recognised."""

from __future__ import annotations

import re
from datetime import timedelta

import requests

from infra.local.samples import Line, kec_invoice
from tests.conftest import LG_CODE, SUPPLIER
from tests.integration.helpers import OPERATING_LINE, accept, call_api, claim_body, fund_treasury, operating_line
from tests.integration.test_settlement import FY, TODAY, _year_close_report


def _accept_on(lg_tax_id: str, serial: int, amount: int, line_id: str) -> None:
    doc = kec_invoice(SUPPLIER, lg_tax_id, TODAY - timedelta(days=2), serial, [Line("용역", 1, amount)])
    status, created = call_api("POST", "/v1/claims", "business", SUPPLIER, claim_body(doc))
    assert status == 201, created
    status, decided = accept(created["claimId"], line_id=line_id)
    assert status == 200, decided


def test_program_cost_is_split_by_field_from_what_each_line_recognised(aws, lg_tax_id):
    """사업순원가 by 분야: a payment claim counts in its line's 분야 (운영비: program cost; 인건비: 관리운영비, in no
    분야), a recipient's execution in the 분야 of the line its grant's category names; an execution whose category
    names no line stays 분야 미지정, never spread over the others. The rows add up to the ledger's 사업순원가."""
    from tests.integration.test_subsidy import RECIPIENT, create_grant, subsidy_claim

    fund_treasury(amount=100_000_000)
    welfare = operating_line("L-WELFARE") | {"field": "사회복지", "sector": "노인·청소년", "object": "307"}
    personnel = operating_line("L-STAFF") | {"object": "101", "statObject": "101-01"}
    body = {"fy": FY, "lines": [operating_line(), welfare, personnel]}
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, body)[0] == 201
    _accept_on(lg_tax_id, 1, 100_000, OPERATING_LINE)  # 110,000: 일반공공행정
    _accept_on(lg_tax_id, 2, 200_000, "L-WELFARE")  # 220,000: 사회복지 (5410)
    _accept_on(lg_tax_id, 3, 300_000, "L-STAFF")  # 330,000: 인건비, 관리운영비
    create_grant("G-WELFARE", amount=5_000_000, line="L-WELFARE")
    create_grant("G-NOLINE", amount=1_000_000)
    for serial, grant in ((77, "G-WELFARE"), (78, "G-NOLINE")):
        _, created = call_api("POST", "/v1/claims", "business", RECIPIENT, subsidy_claim(grant, serial, 400_000))
        path = f"/v1/claims/{created['claimId']}/decision"
        assert call_api("POST", path, "official", LG_CODE, {"decision": "accept"})[0] == 200
    run, report = _year_close_report(aws, {"asOf": TODAY.isoformat(), "provisional": True})
    assert run["status"] == "SUCCEEDED", run
    operations = report["operations"]
    # each execution of 440,000 is 90% 지방비 (396,000) and 10% the recipient's 자부담, outside the LG's books
    assert operations["programCost"] == 110_000 + 220_000 + 396_000 * 2
    assert operations["administrativeCost"] == 330_000
    split = operations["programCostByField"]
    assert {row["field"]: row["netCost"] for row in split["rows"]} == {
        "일반공공행정": 110_000,
        "사회복지": 220_000 + 396_000,
        "분야 미지정": 396_000,
    }
    assert split["attributed"] + split["unattributed"] == operations["programCost"]
    assert report["fundStatements"]["일반회계"]["operations"]["programCostByField"]["rows"] == split["rows"]
    # the 결산서 prints them under 사업순원가, as the 회계기준's form does
    url = next(r["url"] for r in run["reports"] if r["name"] == "settlement-book.html")
    text = re.sub(r"<[^>]+>", "|", requests.get(url, timeout=10).text)
    assert re.search(r"사회복지\|+616,000", text), "the 분야's row in the 재정운영표"


def test_a_final_close_refuses_lines_that_record_more_program_cost_than_the_ledger(aws, lg_tax_id, after_the_year):
    """The lines' costs and the ledger are written in one transaction; a line that says it recognised more than the
    ledger holds means the records disagree, and 결산 is not signed on them."""
    from shared.adapters.dynamodb.budget_models import BudgetLineItem
    from shared.adapters.dynamodb.budget_repository import budget_key

    fund_treasury(amount=1_000_000)
    _accept_on(lg_tax_id, 1, 100_000, OPERATING_LINE)
    item = BudgetLineItem.get(budget_key(LG_CODE, FY), f"LINE#{OPERATING_LINE}")
    assert int(item.accrued) == 110_000
    item.update(actions=[BudgetLineItem.accrued.add(1_000_000)])

    run, _ = _year_close_report(aws, {"asOf": after_the_year()})
    assert run["status"] == "FAILED", run
    assert "lines record 1,110,000 won of 사업순원가, its ledger 110,000" in run["error"]
