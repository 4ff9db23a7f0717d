"""``make demo``: the whole intake scenario, start to finish, on a local stack over HTTP.

Starts the local stack, then: businesses claim payment with a KEC tax invoice and a UBL invoice by API and a
KEC invoice by S3 upload (through the presigned URL); a faulty document is refused with every finding; a
duplicate is refused; a hostile document is refused; an official accepts one claim (payment due date) and
returns one with a reason, and the returned invoice is claimed again. Prints a summary and writes
``out/demo-summary.json``, ``out/claims.csv`` and ``out/demo.html``; stops the stack; exits 0 only when every step
answered as expected.
"""

from __future__ import annotations

import argparse
import base64
import csv
import html
import json
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import requests
from rich.console import Console
from rich.table import Table

from infra.local.samples import Line, kec_invoice, ubl_invoice
from infra.local.tokens import mint
from shared.domain.calendar import now_seoul

OUT = Path(__file__).resolve().parents[2] / "out"
BUSINESS = "2048631263"  # (주)한빛정보기술, supplier
SECOND_BUSINESS = "6028131841"
LG_CODE = "11110"  # 종로구
# the applicant's staff as its payroll names them: its salted hashes of the persons, never who they are
STAFF = ("3f9a1c77e2b04d5a8c61f0e9b2d4a7c3", "b71e04d2c9a35f8e1d6c0a7b4e2f9d18")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TaxInvoice>&lol3;</TaxInvoice>"""


@dataclass
class Step:
    name: str
    expected: str
    got: str
    ok: bool
    detail: str = ""


@dataclass
class Scenario:
    api: str
    console: Console
    steps: list[Step] = field(default_factory=list)
    claims: dict[str, dict] = field(default_factory=dict)
    listing: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    stack_idle: object = lambda: None

    def call(
        self, method: str, path: str, token: str | None, body: dict | None = None, headers: dict | None = None
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.api + path, json=body, headers=all_headers, timeout=30)

    def check(self, name: str, answer: requests.Response, expected: int, detail: str = "") -> dict:
        data = answer.json() if answer.content else {}
        ok = answer.status_code == expected
        if not detail and ok and isinstance(data, dict) and data.get("errors"):
            detail = ", ".join(sorted({e["code"] for e in data["errors"]}))
        if not detail and not ok:
            detail = json.dumps(data, ensure_ascii=False)[:300]
        self.steps.append(Step(name, str(expected), str(answer.status_code), ok, detail))
        mark = "[green]ok[/]" if ok else "[red]UNEXPECTED[/]"
        self.console.print(f"  {mark} {name}: {answer.status_code} {detail}")
        return data


def _document(fmt: str, content: bytes) -> dict:
    return {"format": fmt, "content": base64.b64encode(content).decode()}


def run(api: str, console: Console, idle=lambda: None) -> Scenario:
    s = Scenario(api, console, stack_idle=idle)
    business = mint("business", BUSINESS)
    official = mint("official", LG_CODE)
    other_business = mint("business", SECOND_BUSINESS)
    today = now_seoul().date()
    serial = int(time.time() * 1000) % 10**12

    lgs = s.check("anyone lists the LGs (public)", s.call("GET", "/v1/public/lgs", None), 200)
    lg = next(x for x in lgs if x["lgCode"] == LG_CODE)
    console.print(f"  buyer: {lg['name']} ({lg['nameEn']}), tax id {lg['taxId']}, {len(lgs)} LGs in the registry")

    kec = kec_invoice(
        BUSINESS,
        lg["taxId"],
        today - timedelta(days=3),
        serial,
        [Line("행정정보시스템 유지보수 (11월)", 1, 4_800_000), Line("서버 점검", 2, 350_000)],
    )
    checked = s.check(
        "validate a KEC tax invoice (nothing stored)",
        s.call("POST", "/v1/documents/validate", business, _document("kec", kec)),
        200,
    )
    s.steps[-1].detail = "valid" if checked.get("valid") else f"invalid: {checked.get('findings')}"
    s.steps[-1].ok = s.steps[-1].ok and bool(checked.get("valid"))
    key = str(uuid.uuid4())
    body = {"lgCode": LG_CODE, "kind": "payment", "document": _document("kec", kec)}
    first = s.check(
        "claim by API: KEC tax invoice", s.call("POST", "/v1/claims", business, body, {"Idempotency-Key": key}), 201
    )
    s.claims["kec-api"] = first
    retry = s.call("POST", "/v1/claims", business, body, {"Idempotency-Key": key})
    s.check(
        "the same request retried with its Idempotency-Key",
        retry,
        201,
        "same claimId" if retry.json().get("claimId") == first.get("claimId") else "DIFFERENT claimId",
    )
    if retry.json().get("claimId") != first.get("claimId"):
        s.steps[-1].ok = False

    ubl = ubl_invoice(
        BUSINESS,
        lg["taxId"],
        today - timedelta(days=2),
        f"NDS-{serial}",
        [Line("Cloud backup service, November", 1, 1_200_000), Line("Setup", 1, 300_000)],
    )
    s.claims["ubl-api"] = s.check(
        "claim by API: UBL 2.1 invoice",
        s.call(
            "POST", "/v1/claims", business, {"lgCode": LG_CODE, "kind": "payment", "document": _document("ubl", ubl)}
        ),
        201,
    )

    upload_doc = kec_invoice(
        BUSINESS, lg["taxId"], today - timedelta(days=1), serial + 1, [Line("민원실 키오스크 임대", 3, 650_000)]
    )
    slot = s.check(
        "ask for an upload slot",
        s.call(
            "POST",
            "/v1/uploads",
            business,
            {"lgCode": LG_CODE, "kind": "payment", "format": "kec", "fileName": "kiosk-2026-11.xml"},
        ),
        201,
    )
    put = requests.put(slot["url"], data=upload_doc, headers=slot["headers"], timeout=30)
    s.steps.append(Step("PUT the document to S3 (presigned URL)", "200", str(put.status_code), put.ok))
    status = {}
    for _ in range(100):
        status = s.call("GET", f"/v1/uploads/{slot['uploadId']}", business).json()
        if status.get("status") != "PENDING":
            break
        time.sleep(0.1)
    ok = status.get("status") == "ACCEPTED"
    s.steps.append(
        Step(
            "the upload becomes a claim (S3 -> SQS -> intake)",
            "ACCEPTED",
            status.get("status", "?"),
            ok,
            status.get("claimId", ""),
        )
    )
    console.print(f"  {'[green]ok[/]' if ok else '[red]UNEXPECTED[/]'} upload -> {status}")
    s.claims["kec-upload"] = {"claimId": status.get("claimId")}

    faulty = kec_invoice(
        BUSINESS,
        "1234567890",
        today + timedelta(days=30),
        serial + 2,
        [Line("용역", 1, 1_000_000)],
        tax_override=55_555,
    )
    refused = s.check(
        "a faulty document is refused with every finding",
        s.call(
            "POST", "/v1/claims", business, {"lgCode": LG_CODE, "kind": "payment", "document": _document("kec", faulty)}
        ),
        422,
    )
    s.steps[-1].detail = ", ".join(sorted({e["code"] for e in refused.get("errors", [])}))
    dup = s.check(
        "the same invoice claimed again",
        s.call(
            "POST", "/v1/claims", business, {"lgCode": LG_CODE, "kind": "payment", "document": _document("kec", kec)}
        ),
        409,
    )
    s.steps[-1].detail = f"earlier claim {dup.get('claimId')}"
    s.check(
        "a hostile document (billion laughs)",
        s.call(
            "POST",
            "/v1/claims",
            business,
            {"lgCode": LG_CODE, "kind": "payment", "document": _document("kec", BILLION_LAUGHS)},
        ),
        400,
    )
    s.check(
        "another business cannot see the claim",
        s.call("GET", f"/v1/claims/{first.get('claimId')}", other_business),
        404,
    )

    listed = s.check(
        "the official lists the LG's received claims", s.call("GET", "/v1/claims?status=RECEIVED", official), 200
    )
    s.steps[-1].detail = f"{len(listed.get('items', []))} claims"
    refused = s.check(
        "an acceptance naming no budget line is refused",
        s.call("POST", f"/v1/claims/{first.get('claimId')}/decision", official, {"decision": "accept"}),
        422,
    )
    s.steps[-1].detail = ", ".join(e.get("code", "?") for e in refused.get("errors", []))
    s.steps[-1].ok = s.steps[-1].ok and s.steps[-1].detail == "CLAIM_LINE_REQUIRED"
    returned = s.check(
        "the official returns the UBL claim with a reason",
        s.call(
            "POST",
            f"/v1/claims/{s.claims['ubl-api'].get('claimId')}/decision",
            official,
            {"decision": "return", "reason": "검수 확인서 누락: attach the inspection report"},
        ),
        200,
    )
    s.claims["ubl-api"] = returned
    s.check(
        "a returned claim cannot be accepted",
        s.call("POST", f"/v1/claims/{returned.get('claimId')}/decision", official, {"decision": "accept"}),
        409,
    )
    s.claims["ubl-resubmitted"] = s.check(
        "the returned invoice is claimed again",
        s.call(
            "POST", "/v1/claims", business, {"lgCode": LG_CODE, "kind": "payment", "document": _document("ubl", ubl)}
        ),
        201,
    )
    mine = s.check("the business lists its claims", s.call("GET", "/v1/claims", business), 200)
    s.listing = mine.get("items", [])
    subsidies(s, official, today, serial)
    settlement(s, official, business, lg, today, serial)
    return s


def settlement(s: Scenario, official: str, business: str, lg: dict, today, serial: int) -> None:
    """결산: last year's final close (legal since 11 February) carrying an open contract into this year; this year's
    budget and a contract, claims accepted under it, the payment run, the trial balance, last month's close, a
    provisional close of this year, and the closed year's public indicators."""
    s.console.rule("Settlement (결산)")
    line = {
        "lineId": "IT-01",
        "fund": "일반회계",
        "field": "일반공공행정",
        "sector": "일반행정",
        "program": "행정정보화",
        "unit": "정보시스템 운영",
        "project": "행정정보시스템 유지보수",
        "object": "201 일반운영비",
        "statObject": "201-01",
        "budget": 120_000_000,
        "carriedIn": 8_000_000,
    }
    culture = {
        **line,
        "lineId": "CU-01",
        "field": "문화및관광",
        "sector": "문화예술",
        "program": "생활문화",
        "unit": "축제 지원",
        "project": "종로 문화의 밤",
        "statObject": "307-02",
        "budget": 40_000_000,
        "carriedIn": 0,
    }
    youth = {  # the line the youth start-up grant's 자본보조 (402-01) is paid from
        **culture,
        "lineId": "YS-01",
        "field": "산업중소기업",
        "sector": "산업진흥고도화",
        "program": "청년창업 지원",
        "unit": "창업공간 조성",
        "project": "청년 창업 공간 운영 지원",
        "object": "402 자본보조",
        "statObject": "402-01",
        "budget": 15_000_000,
    }

    def run(body: dict, label: str) -> dict:
        started = s.check(label, s.call("POST", "/v1/settlements/runs", official, body), 202)
        s.stack_idle()
        done = s.call("GET", f"/v1/settlements/runs/{started.get('runId')}", official).json()
        ok = done.get("status") == "SUCCEEDED"
        s.steps.append(
            Step(
                f"  {body['type']} run finished",
                "SUCCEEDED",
                done.get("status", "?"),
                ok,
                ", ".join(f"{k} {v:,}" for k, v in {**done.get("counts", {}), **done.get("totals", {})}.items()),
            )
        )
        for report in done.get("reports", []):
            answer = requests.get(report["url"], timeout=30)
            if answer.ok:
                OUT.mkdir(exist_ok=True)
                (OUT / f"{'provisional-' if body.get('provisional') else ''}{report['name']}").write_bytes(
                    answer.content
                )
        return done

    # the previous fiscal year: its budget and an open contract; its 출납정리기간 ended on 10 February, so its
    # final close (결산 확정) is legal today, and carries the contract into this year (사고이월)
    last_year = today.year - 1
    previous = {**line, "budget": 90_000_000, "carriedIn": 0}
    s.check(
        f"last year's budget ({last_year}), as the LG held it",
        s.call("POST", "/v1/budgets", official, {"fy": last_year, "lines": [previous], "revenueLines": REVENUE_LINES}),
        201,
    )
    revenue(s, official, last_year, f"{last_year}-03-20", f"{last_year}-07-10", (80_000_000, 40_000_000, 36_000_000))
    carried_contract = f"C-{serial}-{last_year}"
    s.check(
        f"a {last_year} contract, open at the year's end",
        s.call(
            "POST",
            "/v1/contracts",
            official,
            {
                "contractId": carried_contract,
                "supplierBrn": BUSINESS,
                "amount": 25_000_000,
                "lineId": line["lineId"],
                "fy": last_year,
            },
        ),
        201,
    )
    unjustified = s.check(
        "a carry-over beyond the open contract, with no 명시이월 approved, is refused",
        s.call(
            "POST",
            "/v1/settlements/runs",
            official,
            {"type": "year-close", "asOf": f"{last_year}-12-31", "carryOver": {line["lineId"]: 30_000_000}},
        ),
        422,
    )
    s.steps[-1].detail = ", ".join(e.get("code", "") for e in unjustified.get("errors", []))
    final = run(
        {"type": "year-close", "asOf": f"{last_year}-12-31", "carryOver": {line["lineId"]: 25_000_000}},
        f"the final close of {last_year} (결산 확정) carries 25,000,000 over",
    )
    report = next((r["url"] for r in final.get("reports", []) if r["name"] == "year-close.json"), None)
    carried = requests.get(report, timeout=30).json().get("carriedInto", {}) if report else {}
    moved = [c.get("contractId") for c in carried.get("contracts", [])]
    s.steps.append(
        Step(
            "the open contract moves into this year (사고이월)",
            carried_contract,
            ", ".join(map(str, moved)),
            moved == [carried_contract],
            ", ".join(
                f"{x['lineId']} 전년도이월액 {x['carriedIn']:,} in {carried.get('fy')}"
                for x in carried.get("lines", [])
            )
            + "; "
            + ", ".join(
                f"{row['lineId']} 명시 {row['carriedOverByType']['explicit']:,} · 사고 "
                f"{row['carriedOverByType']['accident']:,} · 계속비 {row['carriedOverByType']['continuing']:,}"
                for row in closed_lines(report)
                if row.get("carriedOver")
            ),
        )
    )
    closed = requests.get(report, timeout=30).json() if report else {}
    carried_cash = next(
        (x["balance"] for x in closed.get("yearEnd", {}).get("carried", []) if x["account"] == "1110"), None
    )
    held = sum(fund["surplus"] for fund in closed.get("reconciliation", {}).get("funds", []))
    s.steps.append(
        Step(
            f"the books of {last_year} close, and {last_year + 1} opens with their balance sheet (기초잔액)",
            f"현금 {held:,}",
            f"현금 {carried_cash:,}" if carried_cash is not None else "no opening entry",
            carried_cash == held,
            "the cash carried in equals what the revenue and payment records say is held",
        )
    )
    line["carriedIn"] = 25_000_000  # this year's load carries in what the close carried over

    loaded = s.check(
        "the official loads the budget (예산)",
        s.call(
            "POST",
            "/v1/budgets",
            official,
            {
                "fy": today.year,
                "lines": [line, culture, youth, WATER_LINE, TRANSFER_LINE],
                "revenueLines": [*REVENUE_LINES, WATER_REVENUE, WATER_TRANSFER_IN, GRANT_RETURNS],
            },
        ),
        201,
    )
    s.steps[-1].detail = ", ".join(f"{x['lineId']} 예산현액 {x['budgetCurrent']:,}" for x in loaded.get("lines", []))
    early = max(today.replace(month=1, day=1), today - timedelta(days=20)).isoformat()
    revenue(s, official, today.year, early, early, (90_000_000, 50_000_000, 30_000_000))
    contract_id = f"C-{serial}"
    s.check(
        "a contract commits the budget (지출원인행위)",
        s.call(
            "POST",
            "/v1/contracts",
            official,
            {
                "contractId": contract_id,
                "supplierBrn": BUSINESS,
                "amount": 60_000_000,
                "lineId": line["lineId"],
                "fy": today.year,
            },
        ),
        201,
    )
    accepted = s.check(
        f"the official accepts the KEC claim, paid from line {line['lineId']} (지출원인행위 at acceptance)",
        s.call(
            "POST",
            f"/v1/claims/{s.claims['kec-api'].get('claimId')}/decision",
            official,
            {"decision": "accept", "lineId": line["lineId"]},
        ),
        200,
    )
    s.steps[-1].detail = f"payment due {accepted.get('dueDate')}"
    s.claims["kec-api"] = accepted
    claim_ids = [accepted.get("claimId")]
    for n, (item, amount) in enumerate([("11월 유지보수", 7_500_000), ("서버 교체", 12_000_000)], start=20):
        doc = kec_invoice(BUSINESS, lg["taxId"], today - timedelta(days=1), serial + n, [Line(item, 1, amount)])
        created = s.call(
            "POST",
            "/v1/claims",
            business,
            {"lgCode": LG_CODE, "kind": "payment", "contractId": contract_id, "document": _document("kec", doc)},
        ).json()
        s.call("POST", f"/v1/claims/{created.get('claimId')}/decision", official, {"decision": "accept"})
        claim_ids.append(created.get("claimId"))
    s.steps.append(
        Step(
            "the KEC claim and two under the contract, accepted",
            "3",
            str(len([c for c in claim_ids if c])),
            all(claim_ids),
        )
    )

    water_claim = water(s, official, business, lg, today, serial)
    application = grant_application(s, official, today, {"307-02": culture["lineId"], "402-01": youth["lineId"]})
    ended = ended_grant(s, official, today, culture["lineId"])
    paying = run({"type": "payment", "asOf": today.isoformat()}, "the official starts the payment run (지급)")
    report_url = next((r["url"] for r in paying.get("reports", []) if r["name"] == "payment-run.json"), None)
    held_grants = requests.get(report_url, timeout=30).json().get("heldAdvances", []) if report_url else []
    codes = sorted({h.get("code", "?") for h in held_grants})
    s.steps.append(
        Step(
            "the sanctioned recipient's 교부 is held, not paid",
            "SANCTIONED",
            ", ".join(codes) or "none held",
            codes == ["SANCTIONED"],
            "; ".join(h.get("reason", "") for h in held_grants),
        )
    )
    s.steps.append(
        Step(
            "the approved grant's 교부 pays the LG's share only (국비+시도비+시군구비, not the 자부담)",
            f"{application.get('granted', 0) + ended.get('granted', 0):,}",
            f"{paying.get('totals', {}).get('advanced', 0):,}",
            paying.get("totals", {}).get("advanced")
            == application.get("granted", 0) + ended.get("granted", 0)
            == 27_000_000 + 4_500_000,
            f"of programs of {APPLICATION_TOTAL:,} and {ENDED_TOTAL:,}, into the restricted 보조금 account (1310)",
        )
    )
    card_feed(s, official, application.get("grantId", ""), today)
    payroll(s, official, application.get("grantId", ""), today)
    settle_and_recover(s, official, ended.get("grantId", ""), today)
    paid = [s.call("GET", f"/v1/claims/{c}", business).json().get("status") for c in [*claim_ids, water_claim]]
    s.steps.append(Step("the claims are paid", "PAID", ", ".join(map(str, paid)), paid == ["PAID"] * 4))
    water_cash = s.call("GET", f"/v1/ledger/trial-balance?fund={WATER_FUND}", official).json()
    held = next((r["balance"] for r in water_cash.get("accounts", []) if r["account"] == "1110"), None)
    s.steps.append(
        Step(
            f"the {WATER_FUND} pays from its own cash (회계별 현금)",
            f"현금 {8_000_000 + TRANSFERRED - 3_300_000:,}",
            f"현금 {held:,}" if held is not None else "no cash row",
            held == 8_000_000 + TRANSFERRED - 3_300_000,
            f"상수도요금 8,000,000 received, {TRANSFERRED:,} transferred in, a 3,300,000 claim on its own line paid",
        )
    )
    balance = s.check("the trial balance (합계잔액시산표)", s.call("GET", "/v1/ledger/trial-balance", official), 200)
    s.steps[
        -1
    ].detail = (
        f"debit {balance.get('totals', {}).get('debit', 0):,} = credit {balance.get('totals', {}).get('credit', 0):,}"
    )
    s.steps[-1].ok = s.steps[-1].ok and bool(balance.get("balanced"))
    last_month = today.replace(day=1) - timedelta(days=1)
    run({"type": "month-close", "asOf": last_month.isoformat()}, f"the month close (월 마감) locks {last_month:%Y-%m}")
    provisional = run(
        {"type": "year-close", "asOf": today.isoformat(), "provisional": True},
        f"a provisional close of {today.year} (가결산) before the year ends",
    )
    url = next((r["url"] for r in provisional.get("reports", []) if r["name"] == "year-close.json"), None)
    this_year = requests.get(url, timeout=30).json() if url else {}
    funds = this_year.get("reconciliation", {}).get("funds", [])
    changes = this_year.get("changesInNetAssets", {})
    s.steps.append(
        Step(
            f"{today.year}'s cash = what {last_year} carried in + 세입 - 세출 (재정자금 대사)",
            "일치",
            "일치" if funds and all(f["matches"] for f in funds) else "불일치",
            bool(funds) and all(f["matches"] for f in funds),
            ", ".join(
                f"{f['fund']}: 이월 {f['openingCash']:,} + 세입 {f['receipts']:,} - 세출 {f['expenditure']:,} = "
                f"현금 {f['cash']:,}"
                for f in funds
            )
            + f"; 기초순자산 {changes.get('opening', 0):,}, 조정 {changes.get('adjustments', 0):,}",
        )
    )
    indicators = s.check(
        "citizens read the public indicators (지방재정365)",
        requests.get(f"{s.api}/v1/public/lgs/{LG_CODE}/indicators?fy={last_year}", timeout=30),
        200,
    )
    s.steps[-1].detail = (
        f"재정자립도 {indicators.get('financialIndependence')}%, 재정자주도 {indicators.get('financialAutonomy')}%, "
        f"지방세 징수율 {indicators.get('taxCollectionRate')}%"
    )
    s.steps[-1].ok = s.steps[-1].ok and indicators.get("financialIndependence") is not None


WATER_FUND = "상수도사업특별회계"
WATER_LINE = {  # a 특별회계 of its own: its 세출 line, paid from its own cash
    "lineId": "WS-01",
    "fund": WATER_FUND,
    "field": "환경",
    "sector": "상하수도·수질",
    "program": "상수도 운영",
    "unit": "급수시설 관리",
    "project": "노후 급수관 점검",
    "object": "201 일반운영비",
    "statObject": "201-01",
    "budget": 20_000_000,
    "carriedIn": 0,
}
WATER_REVENUE = {"lineId": "R-W-220", "fund": WATER_FUND, "code": "220-01-01", "kind": "nonTax"} | {
    "name": "상수도요금",
    "budget": 15_000_000,
}
TRANSFER_LINE = WATER_LINE | {  # the 일반회계's 내부거래지출 to the 특별회계 (편성목 701)
    "lineId": "GT-701",
    "fund": "일반회계",
    "field": "환경",
    "program": "상수도 지원",
    "unit": "특별회계 전출",
    "project": "상수도사업특별회계 전출금",
    "object": "701 내부거래지출",
    "statObject": "701-01",
    "budget": 5_000_000,
}
WATER_TRANSFER_IN = {"lineId": "R-W-290", "fund": WATER_FUND, "code": "290-01-01", "kind": "transfer"} | {
    "name": "일반회계전입금",
    "budget": 5_000_000,
}
TRANSFERRED = 2_000_000


def water(s: Scenario, official: str, business: str, lg: dict, today, serial: int) -> str | None:
    """The 상수도사업특별회계's year: 상수도요금 received into its own cash, a claim on its own line accepted."""
    day = max(today.replace(month=1, day=1), today - timedelta(days=15)).isoformat()
    s.check(
        f"상수도요금 received into the {WATER_FUND} (수납)",
        s.call(
            "POST",
            "/v1/revenues/receipts",
            official,
            {"receiptId": f"W-{today.year}-1", "lineId": WATER_REVENUE["lineId"], "amount": 8_000_000, "date": day},
        ),
        201,
    )
    moved = s.check(
        f"the 일반회계 transfers {TRANSFERRED:,} to the {WATER_FUND} (전출·전입)",
        s.call(
            "POST",
            "/v1/funds/transfers",
            official,
            {
                "transferId": f"T-{today.year}-1",
                "amount": TRANSFERRED,
                "date": day,
                "fromLineId": TRANSFER_LINE["lineId"],
                "toLineId": WATER_TRANSFER_IN["lineId"],
                "reason": "상수도 노후관 교체 지원",
            },
        ),
        201,
    )
    s.steps[-1].detail = f"{moved.get('fromFund')} 701 전출금 -> {moved.get('toFund')} 전입금, eliminated in the total"
    doc = kec_invoice(
        BUSINESS, lg["taxId"], today - timedelta(days=1), serial + 40, [Line("급수관 점검", 1, 3_000_000)]
    )
    created = s.call(
        "POST",
        "/v1/claims",
        business,
        {"lgCode": LG_CODE, "kind": "payment", "lineId": WATER_LINE["lineId"], "document": _document("kec", doc)},
    ).json()
    decided = s.check(
        f"a claim on the {WATER_FUND}'s line {WATER_LINE['lineId']}, accepted",
        s.call("POST", f"/v1/claims/{created.get('claimId')}/decision", official, {"decision": "accept"}),
        200,
    )
    return decided.get("claimId")


def closed_lines(report_url: str | None) -> list[dict]:
    """The lines of a year close's report (with their 다음연도이월액 by type)."""
    return requests.get(report_url, timeout=30).json().get("lines", []) if report_url else []


# 세입과목 of the demo LG's budget (관-항-목 after the 세입 classification; the codes are illustrative)
REVENUE_LINES = [
    {"lineId": "R-110-11", "fund": "일반회계", "code": "110-11-01", "kind": "localTax", "name": "재산세"}
    | {"budget": 60_000_000},
    {"lineId": "R-120-21", "fund": "일반회계", "code": "120-21-01", "kind": "nonTax", "name": "사용료수입"}
    | {"budget": 10_000_000},
    {"lineId": "R-210-11", "fund": "일반회계", "code": "210-11-01", "kind": "localShareTax", "name": "보통교부세"}
    | {"budget": 120_000_000},
]


def revenue(s: Scenario, official: str, fy: int, granted_on: str, assessed_on: str, amounts: tuple) -> None:
    """A year's 세입: 보통교부세 received at once, 재산세 assessed (징수결정) and partly received (수납)."""
    share_tax, assessed, received = amounts
    s.check(
        f"{fy} 보통교부세 received (수납, assessed at once)",
        s.call(
            "POST",
            "/v1/revenues/receipts",
            official,
            {"receiptId": f"T-{fy}-1", "lineId": "R-210-11", "amount": share_tax, "date": granted_on},
        ),
        201,
    )
    assessment = s.check(
        f"{fy} 재산세 assessed (징수결정)",
        s.call(
            "POST",
            "/v1/revenues/assessments",
            official,
            {"assessmentId": f"A-{fy}-1", "fy": fy, "lineId": "R-110-11", "amount": assessed, "date": assessed_on},
        ),
        201,
    )
    paid = s.check(
        f"{fy} 재산세 received in part (수납)",
        s.call(
            "POST",
            "/v1/revenues/receipts",
            official,
            {"receiptId": f"T-{fy}-2", "assessmentId": assessment.get("assessmentId"), "amount": received}
            | {"date": assessed_on},
        ),
        201,
    )
    s.steps[-1].detail = f"{paid.get('applied', 0):,} of {assessed:,}: {assessed - received:,} outstanding (미수납)"


RECIPIENT = "1208812341"  # 보조사업자: (사)청년창업협동조합, the grant's recipient
ESTABLISHED_VENDOR = "2148600016"  # a long-standing office supplier
NEW_VENDOR = "1058777770"  # registered last week, same representative as the recipient


def subsidies(s: Scenario, official: str, today, serial: int) -> None:
    """보탬e: a grant, the national link, a clean claim, a refused one (reused invoice), a flagged one, and the
    review that confirms fraud."""
    s.console.rule("Subsidy validation (보탬e)")
    recipient = mint("business", RECIPIENT)
    linkage = "\n".join(
        json.dumps(line, ensure_ascii=False)
        for line in [
            {
                "type": "business",
                "brn": ESTABLISHED_VENDOR,
                "status": "active",
                "registeredOn": "2012-05-14",
                "representativeHash": "9f1c0a",
                "accountHolderHash": "77ab01",
            },
            {
                "type": "business",
                "brn": NEW_VENDOR,
                "status": "active",
                "registeredOn": (today - timedelta(days=6)).isoformat(),
                "representativeHash": "5e2d44",
                "accountHolderHash": "c0ffee",
            },
            {
                "type": "business",
                "brn": RECIPIENT,
                "status": "active",
                "registeredOn": "2019-02-01",
                "representativeHash": "5e2d44",
                "accountHolderHash": "d00d11",
            },
            {
                "type": "business",
                "brn": APPLICANT,
                "status": "active",
                "registeredOn": "2021-08-30",
                "representativeHash": "a1b2c3",
                "accountHolderHash": "d4e5f6",
            },
            {
                "type": "grant",
                "grantId": "N-2026-00988",
                "title": "청년 공방 창업 교육",
                "purpose": "청년 목공 교육 과정",
                "field": "산업중소기업",
                "recipientBrn": APPLICANT,
                "period": {"start": f"{today.year}-03-01", "end": f"{today.year}-12-31"},
                "budget": [{"category": "307-02", "amount": 8_000_000}],
                "fundingShares": {"national": "1"},
            },
            {  # the national grant pays one of the applicant's staff this month (인건비): F07's other half
                "type": "wage",
                "grantId": "N-2026-00988",
                "personKey": STAFF[1],
                "start": today.replace(day=1).isoformat(),
                "end": today.isoformat(),
                "amount": 2_100_000,
            },
            {
                "type": "grant",
                "grantId": "N-2026-00417",
                "title": "청년 창업 공간 조성 지원사업",
                "purpose": "청년 창업 공유 공간",
                "field": "산업중소기업",
                "recipientBrn": RECIPIENT,
                "period": {"start": f"{today.year}-01-01", "end": f"{today.year}-12-31"},
                "budget": [{"category": "307-02", "amount": 40_000_000}],
                "fundingShares": {"national": "1"},
            },
        ]
    )
    national = mint("national")  # the national feed (e나라도움): the one writer of national data
    imported = s.check(
        "the national feed imports its lines (e나라도움, JSON lines)",
        requests.post(
            s.api + "/v1/linkage/national",
            data=linkage.encode(),
            timeout=30,
            headers={"Authorization": f"Bearer {national}", "Content-Type": "application/x-ndjson"},
        ),
        202,
    )
    s.steps[-1].ok = (
        s.steps[-1].ok and not imported.get("errors") and imported.get("businesses") == 4 and imported.get("wages") == 1
    )
    s.steps[-1].detail = (
        f"{imported.get('grants')} grants, {imported.get('businesses')} businesses, {imported.get('wages')} wage, "
        f"{len(imported.get('errors', []))} errors"
    )
    grant_id = f"G-{LG_CODE}-{serial}"
    grant_request = {
        "grantId": grant_id,
        "title": "청년 창업 공간 운영 지원",
        "purpose": "청년 창업가에게 공유 사무실과 장비 제공",
        "field": "산업중소기업",
        "recipientBrn": RECIPIENT,
        "period": {
            "start": (today - timedelta(days=40)).isoformat(),
            "end": (today + timedelta(days=320)).isoformat(),
        },
        "budget": [
            # no 세출 line named yet: a 교부결정 commits the lines it names, and the year's budget loads later
            {"category": "307-02", "amount": 30_000_000},
            {"category": "402-01", "amount": 12_000_000},
        ],
        "fundingShares": {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
    }
    unresolved = s.check(
        "a grant with unresolved similar programs is refused",
        s.call("POST", "/v1/grants", official, grant_request),
        422,
    )
    named = [re.match(r"(P0[12]) against grant (\S+) ", e["message"]) for e in unresolved.get("errors", [])]
    acknowledged = [
        {
            "code": m.group(1),
            "grantId": m.group(2),
            "reason": "국비 사업과 지원 대상 공간이 달라 중복이 아님 (현장 확인)",
        }
        for m in named
        if m
    ]
    grant = s.check(
        "the official acknowledges each finding and decides the grant (교부결정)",
        s.call("POST", "/v1/grants", official, grant_request | {"acknowledgedFindings": acknowledged}),
        201,
    )
    s.steps[-1].detail = "similar programs: " + (
        ", ".join(f"{f['code']} {f['grantId']}" for f in grant.get("findings", [])) or "none"
    )

    def subsidy_claim(vendor: str, number: int, lines: list[Line]) -> dict:
        doc = kec_invoice(
            vendor,
            RECIPIENT,
            today - timedelta(days=2),
            number,
            lines,
            supplier_name="공급업체",
            buyer_name="(사)청년창업협동조합",
        )
        return {
            "lgCode": LG_CODE,
            "kind": "subsidy",
            "grantId": grant_id,
            "category": "307-02",
            "document": _document("kec", doc),
        }

    clean_body = subsidy_claim(ESTABLISHED_VENDOR, serial + 10, [Line("사무용 책상", 6, 210_000)])
    clean = s.check(
        "the recipient claims a subsidy spend (clean)", s.call("POST", "/v1/claims", recipient, clean_body), 201
    )
    reused = s.check(
        "the same invoice in another claim (reused evidence, F12)",
        s.call("POST", "/v1/claims", recipient, clean_body),
        422,
    )
    s.steps[-1].ok = s.steps[-1].ok and [e["code"] for e in reused.get("errors", [])] == ["F12"]
    flagged = s.check(
        "the recipient claims a spend at a related, new vendor",
        s.call("POST", "/v1/claims", recipient, subsidy_claim(NEW_VENDOR, serial + 11, [Line("컨설팅", 1, 4_500_000)])),
        201,
    )
    s.stack_idle()
    grant = s.call("GET", f"/v1/grants/{grant_id}", official).json()
    line = next(b for b in grant.get("budget", []) if b["category"] == "307-02")
    s.steps.append(
        Step(
            "the grant's budget shows both reservations",
            "2 reserved",
            f"{line['reserved']:,} won",
            line["reserved"] == 1_386_000 + 4_950_000,
            f"remaining {line['remaining']:,} of {line['amount']:,} won",
        )
    )
    reviews = s.check("the official opens the review queue", s.call("GET", "/v1/reviews?status=open", official), 200)
    items = reviews.get("items", [])
    flagged_review = next((r for r in items if r["claimId"] == flagged.get("claimId")), None)
    ok = flagged_review is not None and not any(r["claimId"] == clean.get("claimId") for r in items)
    detail = (
        ""
        if flagged_review is None
        else f"score {flagged_review['score']}: "
        + "; ".join(f"{i['code']} {i['title']}" for i in flagged_review["indicators"])
    )
    s.steps.append(
        Step(
            "only the suspicious claim is flagged, every indicator with its evidence",
            "1 review",
            f"{len(items)} review(s)",
            ok,
            detail,
        )
    )
    s.reviews = items
    if flagged_review is None:
        return
    resolved = s.check(
        "the official confirms fraud: the claim is returned, a sanction offered",
        s.call(
            "POST",
            f"/v1/reviews/{flagged_review['reviewId']}/resolve",
            official,
            {"outcome": "fraud", "note": "공급업체 대표자가 보조사업자 대표자와 동일, 등록 6일 만의 거래"},
        ),
        200,
    )
    offer = resolved.get("sanctionOffer", {})
    s.steps[-1].detail = f"claim {resolved.get('claim', {}).get('status')}, offer until {offer.get('until')}"
    s.check(
        "the official registers the sanction (shared by every LG)",
        s.call("POST", "/v1/sanctions", official, {k: offer[k] for k in ("brn", "reason", "from", "until")}),
        201,
    )
    next_claim = subsidy_claim(ESTABLISHED_VENDOR, serial + 12, [Line("의자", 4, 90_000)])
    refused = s.check(
        "the sanctioned recipient's next claim is refused", s.call("POST", "/v1/claims", recipient, next_claim), 422
    )
    s.steps[-1].detail = ", ".join(sorted({e["code"] for e in refused.get("errors", [])}))


APPLICANT = "1098100010"  # 보조사업자: (사)마을청년공방, a second recipient, applying through 보탬e
APPLICATION_TOTAL = 30_000_000


def grant_application(s: Scenario, official: str, today, lines: dict[str, str]) -> dict:
    """보탬e 교부신청 -> 교부결정: the sanctioned recipient's application is refused; another recipient applies,
    the answer names its duplicate national funding (P01) at once, and the official acknowledges it with a reason
    and approves on the loaded 세출 lines, which commits the LG's share (90%) of each."""
    applicant = mint("business", APPLICANT)
    application = {
        "lgCode": LG_CODE,
        "title": "마을 청년 공방 운영",
        "purpose": "청년 목공 공방의 장비와 교육 프로그램",
        "field": "산업중소기업",
        "period": {"start": f"{today.year}-01-01", "end": f"{today.year + 1}-12-31"},  # a two-year program
        "budget": [{"category": "307-02", "amount": 20_000_000}, {"category": "402-01", "amount": 10_000_000}],
        "fundingShares": {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
    }
    refused = s.check(
        "the sanctioned recipient applies for a new grant (교부신청): refused",
        s.call("POST", "/v1/grants/applications", mint("business", RECIPIENT), application),
        422,
    )
    s.steps[-1].detail = ", ".join(e.get("code", "") for e in refused.get("errors", []))
    s.steps[-1].ok = s.steps[-1].ok and s.steps[-1].detail == "SANCTIONED"
    applied = s.check(
        "another recipient applies (교부신청); similar programs are named at once",
        s.call("POST", "/v1/grants/applications", applicant, application),
        201,
    )
    findings = applied.get("findings", [])
    s.steps[-1].detail = ", ".join(f"{f['code']} {f['grantId']}" for f in findings) or "none"
    s.steps[-1].ok = s.steps[-1].ok and "P01" in {f["code"] for f in findings}
    decision = {
        "decision": "approve",
        "lines": [{"category": category, "lineId": line_id} for category, line_id in lines.items()],
        "acknowledgedFindings": [
            {"code": f["code"], "grantId": f["grantId"], "reason": "국비 사업은 교육, 본 사업은 장비: 비목 분리 확인"}
            for f in findings
        ],
    }
    path = f"/v1/grants/applications/{applied.get('grantId')}/decision"
    approved = s.check(
        "the official acknowledges P01 and approves on the 세출 lines (교부결정)",
        s.call("POST", path, official, decision),
        200,
    )
    s.steps[
        -1
    ].detail = (
        f"{approved.get('status')}, 교부액 {approved.get('granted', 0):,} committed in {approved.get('committedFy')}"
    )
    return approved


GRANT_RETURNS = {"lineId": "R-120-50", "fund": "일반회계", "code": "120-50-01", "kind": "nonTax"} | {
    "name": "보조금 반환금",
    "budget": 5_000_000,
}
ENDED_RECIPIENT = "1168100018"  # (사)전통시장상인회: a grant whose period ended yesterday
ENDED_TOTAL = 5_000_000


def ended_grant(s: Scenario, official: str, today, line_id: str) -> dict:
    """A program that ran from 1 January to yesterday, approved on its 세출 line (paid by the run below)."""
    program = {
        "lgCode": LG_CODE,
        "title": "전통시장 주말 공연",
        "purpose": "시장 활성화를 위한 주말 거리 공연",
        "field": "문화및관광",
        "period": {"start": f"{today.year}-01-01", "end": (today - timedelta(days=1)).isoformat()},
        "budget": [{"category": "307-02", "amount": ENDED_TOTAL}],
        "fundingShares": {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
    }
    applied = s.call("POST", "/v1/grants/applications", mint("business", ENDED_RECIPIENT), program).json()
    decision = {
        "decision": "approve",
        "lines": [{"category": "307-02", "lineId": line_id}],
        "acknowledgedFindings": [
            {"code": f["code"], "grantId": f["grantId"], "reason": "대상 시장과 공연 내용이 다름 (현장 확인)"}
            for f in applied.get("findings", [])
        ],
    }
    return s.check(
        "a program that ended yesterday, approved on its line (교부결정)",
        s.call("POST", f"/v1/grants/applications/{applied.get('grantId')}/decision", official, decision),
        200,
    )


def settle_and_recover(s: Scenario, official: str, grant_id: str, today) -> None:
    """정산: the recipient's card payment, its 정산보고서 with interest, the approval splitting the 반납; then 환수
    with a 제재부가금 after a fraud is confirmed."""
    from shared.adapters.aws import client
    from shared.adapters.config import settings
    from shared.domain.calendar import is_business_day

    day = today.replace(month=1, day=5)
    while not is_business_day(day):
        day += timedelta(days=1)
    approval = {
        "approvalNo": "71003001",
        "grantId": grant_id,
        "category": "307-02",
        "vendorBrn": "2208100020",
        "industryCode": "90199",  # 기타 창작 및 예술관련 서비스업: the performers
        "amount": 420_000,
        "localTime": f"{day.isoformat()}T15:00:00+09:00",
    }
    key = f"cards/{LG_CODE}/{day.isoformat()}-market.ndjson"
    client("s3").put_object(Bucket=settings().document_bucket, Key=key, Body=json.dumps(approval).encode())
    s.stack_idle()
    recipient = mint("business", ENDED_RECIPIENT)
    report = {"executed": [{"category": "307-02", "amount": 420_000}], "interest": 18_250}
    s.check(
        "the recipient files its 정산보고서 (executed per category, the account's interest)",
        s.call("POST", f"/v1/grants/{grant_id}/settlement", recipient, report),
        200,
    )
    approved = s.check(
        "the official approves it: 반납 = 교부액 - 집행액 + 이자, split by the public shares",
        s.call(
            "POST",
            f"/v1/grants/{grant_id}/settlement/decision",
            official,
            {"decision": "approve", "revenueLineId": GRANT_RETURNS["lineId"]},
        ),
        200,
    )
    returned = approved.get("settlement", {}).get("return", {})
    # 4,500,000 - 378,000 (the public part of 420,000) + 18,250 = 4,140,250, split 3 : 2 : 4 in 10-won units
    s.steps[-1].ok = s.steps[-1].ok and returned.get("returned") == 4_140_240
    s.steps[-1].detail = (
        f"반납 {returned.get('returned', 0):,} (dropped {returned.get('dropped', 0)}): 세입 (시군구비) "
        f"{returned.get('revenue', 0):,}, owed onward "
        + ", ".join(f"{k} {v:,}" for k, v in returned.get("payable", {}).items())
    )
    recovered = s.check(
        "a fraud confirmed later: 환수 with a 제재부가금 of twice the amount",
        s.call(
            "POST",
            f"/v1/grants/{grant_id}/recoveries",
            official,
            {
                "recoveryId": "F-1",
                "amount": 378_000,
                "surcharge": 756_000,
                "revenueLineId": GRANT_RETURNS["lineId"],
                "reason": "공연 없이 출연료 영수증만 제출 (현장 확인)",
            },
        ),
        201,
    )
    recovery = (recovered.get("recoveries") or [{}])[-1]
    s.steps[-1].detail = (
        f"세입 {recovery.get('revenue', 0):,} + 제재부가금 {recovery.get('surcharge', 0):,} assessed, "
        f"owed onward {sum(recovery.get('payable', {}).values()):,}; history: "
        + " → ".join(str(e.get("event")) for e in recovered.get("history", []))
    )


def card_feed(s: Scenario, official: str, grant_id: str, today) -> None:
    """보탬e 전용카드: the card company drops the day's approvals of the grant's card under ``cards/<lg>/``; the
    daytime one is settled from the restricted account at once (its public part), the one at 23:40 is held for a
    review (F05)."""
    from shared.adapters.aws import client
    from shared.adapters.config import settings
    from shared.application.wiring import document_store
    from shared.domain.calendar import is_business_day

    day = today - timedelta(days=1)  # yesterday's approvals, or the last business day's before it
    while not is_business_day(day):
        day -= timedelta(days=1)

    def approval(number: str, vendor: str, amount: int, hour: int, minute: int) -> str:
        moment = f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+09:00"
        return json.dumps(
            {
                "approvalNo": number,
                "grantId": grant_id,
                "category": "307-02",
                "vendorBrn": vendor,
                "industryCode": "47612",  # 문구용품 소매업
                "amount": amount,
                "localTime": moment,
                "cancelled": False,
            }
        )

    key = f"cards/{LG_CODE}/{day.isoformat()}-approvals.ndjson"
    feed = [
        approval("71002001", ESTABLISHED_VENDOR, 1_287_000, 14, 5),
        approval("71002002", "2208100016", 385_000, 23, 40),
    ]
    client("s3").put_object(Bucket=settings().document_bucket, Key=key, Body="\n".join(feed).encode())
    s.stack_idle()
    try:
        result = json.loads(document_store().get_report(f"{key}.result.json"))
    except Exception:  # noqa: BLE001 - the step below reports the missing result
        result = {}
    counts = result.get("counts", {})
    flagged = {f["approvalNo"]: f["indicators"] for f in result.get("flagged", [])}
    s.steps.append(
        Step(
            "the card company's feed: the daytime approval settled, the 23:40 one held for review",
            "1 executed, F05",
            f"{counts.get('executed', 0)} executed, {', '.join(flagged.get('71002002', [])) or 'not flagged'}",
            counts.get("executed") == 1 and flagged.get("71002002") == ["F05"],
            f"지방비 {result.get('funded', 0):,} of {result.get('executedAmount', 0):,} won paid from 1310",
        )
    )
    reviews = s.call("GET", "/v1/reviews?status=open", official).json().get("items", [])
    late = next((r for r in reviews if r["claimId"].endswith("71002002")), None)
    s.steps.append(
        Step(
            "the late-night card payment is in the review queue with its evidence",
            "F05",
            ", ".join(i["code"] for i in late["indicators"]) if late else "no review",
            late is not None and [i["code"] for i in late["indicators"]] == ["F05"],
            ", ".join(f"{k} {v}" for k, v in (late["indicators"][0]["evidence"].items() if late else [])),
        )
    )


def payroll(s: Scenario, official: str, grant_id: str, today) -> None:
    """보탬e 인건비: the applicant files this month's wages paid from the grant's account; one of its two staff is
    paid by the national grant for the same days (e나라도움's wage line), so the payroll waits for a review (F07),
    and the official confirms the double payment."""
    applicant = mint("business", APPLICANT)
    wages = [
        {"personKey": key, "start": today.replace(day=1).isoformat(), "end": today.isoformat(), "amount": amount}
        for key, amount in zip(STAFF, (2_400_000, 2_100_000), strict=True)
    ]
    body = {"lgCode": LG_CODE, "payrollId": f"{today:%Y-%m}", "category": "307-02", "wages": wages}
    filed = s.check(
        "the recipient files its payroll (인건비): held, one person is paid by a national grant too",
        s.call("POST", f"/v1/grants/{grant_id}/payroll", applicant, body),
        201,
    )
    s.steps[-1].ok = s.steps[-1].ok and filed.get("status") == "flagged" and filed.get("indicators") == ["F07"]
    s.steps[-1].detail = f"{filed.get('status')} {', '.join(filed.get('indicators', []))}: {filed.get('amount', 0):,}"
    reviews = s.call("GET", "/v1/reviews?status=open", official).json().get("items", [])
    review = next((r for r in reviews if r["reviewId"] == filed.get("reviewId")), None)
    overlaps = review["indicators"][0]["evidence"].get("overlaps", []) if review else []
    s.steps.append(
        Step(
            "the payroll's review names the other grant paying the same person",
            "NATIONAL#N-2026-00988",
            ", ".join(o["otherGrant"] for o in overlaps) or "no review",
            [o["otherGrant"] for o in overlaps] == ["NATIONAL#N-2026-00988"],
            "; ".join(f"{o['personKey'][:8]}… {o['otherPeriod']['start']}~{o['otherPeriod']['end']}" for o in overlaps),
        )
    )
    resolved = s.check(
        "the official confirms the double payment: the account never pays it",
        s.call(
            "POST",
            f"/v1/reviews/{filed.get('reviewId')}/resolve",
            official,
            {"outcome": "fraud", "note": "국고보조사업(N-2026-00988)과 같은 기간 인건비 중복"},
        ),
        200,
    )
    s.steps[-1].ok = s.steps[-1].ok and resolved.get("payroll", {}).get("released") is True
    s.steps[-1].detail = f"sanction offered until {resolved.get('sanctionOffer', {}).get('until')}"


def write_reports(s: Scenario) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    summary = {"steps": [step.__dict__ for step in s.steps], "claims": s.listing, "reviews": s.reviews}
    (OUT / "demo-summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    with (OUT / "claims.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["claimId", "status", "format", "invoiceId", "grandTotal", "currency", "dueDate"])
        for c in s.listing:
            writer.writerow(
                [
                    c["claimId"],
                    c["status"],
                    c["invoice"]["format"],
                    c["invoice"]["id"],
                    c["invoice"]["grandTotal"],
                    c["invoice"]["currency"],
                    c.get("dueDate", ""),
                ]
            )
    rows = "".join(
        f"<tr class={'ok' if st.ok else 'bad'}><td>{html.escape(st.name)}</td><td>{st.expected}</td><td>{st.got}</td>"
        f"<td>{html.escape(st.detail)}</td></tr>"
        for st in s.steps
    )
    claims = "".join(
        f"<tr><td>{c['claimId'][:8]}</td><td>{c['status']}</td><td>{c['invoice']['format']}</td>"
        f"<td class=num>{c['invoice']['grandTotal']:,}</td><td>{c.get('dueDate', '')}</td></tr>"
        for c in s.listing
    )
    (OUT / "demo.html").write_text(
        f"""<!doctype html><meta charset=utf-8>
<title>Local finance claims platform: demo</title>
<style>body{{font:14px system-ui;margin:2em}}td,th{{padding:4px 10px;border-bottom:1px solid #ddd}}
.ok td:nth-child(3){{color:#080}}.bad td{{color:#b00}}.num{{text-align:right}}</style>
<h1>Local finance claims platform: the demo</h1>
<p>e호조+BILL claims, 보탬e subsidy checks and 결산 runs, step by step over HTTP on the local stack.
Each run's own report is beside this page in <code>out/</code>.</p>
<h2>Steps</h2><table><tr><th>step<th>expected<th>got<th>detail</tr>{rows}</table>
<h2>The business's claims</h2><table><tr><th>claim<th>status<th>format<th>total<th>due</tr>{claims}</table>""",
        encoding="utf-8",
    )
    return [OUT / "demo-summary.json", OUT / "claims.csv", OUT / "demo.html"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make demo", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.parse_args(argv)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # the summary is the output; logs would bury it
    from infra.local.stack import LocalStack, free_port

    console = Console(width=None if sys.stdout.isatty() else 120)
    with console.status("starting the local stack (moto, API front, queue pollers)"):
        stack = LocalStack(api_port=free_port(), aws_port=free_port()).start()
    console.print(f"local stack: api={stack.api_url} aws={stack.aws_url}")
    try:
        scenario = run(stack.api_url, console, stack.wait_until_idle)
        files = write_reports(scenario)
    finally:
        stack.stop()
    table = Table(title="Local finance claims platform (e호조+BILL, 보탬e, 결산): what happened")
    for column in ("step", "expected", "got", "detail"):
        table.add_column(column)
    for step in scenario.steps:
        style = None if step.ok else "red"
        table.add_row(step.name, step.expected, step.got, step.detail, style=style)
    console.print(table)
    console.print("reports: " + ", ".join(str(f.relative_to(OUT.parent)) for f in files))
    failed = [step.name for step in scenario.steps if not step.ok]
    if failed:
        console.print(f"[red]{len(failed)} step(s) did not answer as expected[/]")
        return 1
    console.print(f"[green]all {len(scenario.steps)} steps answered as expected[/]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
