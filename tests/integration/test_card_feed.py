"""보탬e 전용카드 집행: the card company drops its approvals under ``cards/<lg>/``; each clean one is settled from the
grant's restricted account (the public part only), each suspicious one waits for a review, bad ones are refused;
a cancellation gives the money back; concurrent approvals never overspend a category."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, time, timedelta

from shared.domain.calendar import SEOUL, is_business_day
from shared.domain.documents.brn import is_valid_brn
from tests.conftest import LG_CODE
from tests.integration.helpers import call_api, fund_treasury, operating_line
from tests.integration.test_revenue import drop_receipts_file
from tests.integration.test_settlement import FY, TODAY, run_settlement, trial_balance

RECIPIENT = "1208147521"
VENDORS = [str(n) for n in range(2148600000, 2148609999) if is_valid_brn(str(n))][:25]  # unrelated merchants
CATEGORY_AMOUNT = 10_000_000  # the 교부 pays 90% of it: 9,000,000


def _day(wanted) -> date:
    """The latest day of this fiscal year up to today that ``wanted`` accepts (Seoul's dates)."""
    day = TODAY
    while not wanted(day):
        day -= timedelta(days=1)
    assert day.year == FY, "no such day yet this year"
    return day


WORKDAY = _day(is_business_day)
DAY_OFF = _day(lambda d: d.weekday() >= 5)


def _at(day: date, hour: int, minute: int = 0) -> str:
    return datetime.combine(day, time(hour, minute), SEOUL).isoformat()


def _approval(number: str, grant_id: str, amount: int, moment: str, **extra: object) -> dict:
    """An approval at its own merchant (one merchant for all would be F09, concentration)."""
    return {
        "approvalNo": number,
        "grantId": grant_id,
        "category": "307-02",
        "vendorBrn": VENDORS[sum(map(ord, number)) % len(VENDORS)],
        "industryCode": "47111",
        "amount": amount,
        "localTime": moment,
        "cancelled": False,
    } | extra


def advanced_grant(aws, end: date | None = None) -> str:
    """A grant approved on its line and paid (교부) by a payment run: 9,000,000 in the restricted account. Its
    period runs from 1 January to ``end`` (default: two years, so today is far from the period's last tenth, where
    F14 would flag every approval)."""
    fund_treasury()
    line = operating_line("L-CARD", CATEGORY_AMOUNT) | {"object": "307", "statObject": "307-02"}
    assert call_api("POST", "/v1/budgets", "official", LG_CODE, {"fy": FY, "lines": [line]})[0] == 201
    application = {
        "lgCode": LG_CODE,
        "title": "마을 도서관 운영",
        "purpose": "주민 독서 모임과 도서 구입",
        "field": "문화및관광",
        "period": {"start": f"{FY}-01-01", "end": (end or date(FY + 1, 12, 31)).isoformat()},
        "budget": [{"category": "307-02", "amount": CATEGORY_AMOUNT}],
        "fundingShares": {"national": "0.3", "province": "0.2", "city": "0.4", "self": "0.1"},
    }
    status, applied = call_api("POST", "/v1/grants/applications", "business", RECIPIENT, application)
    assert status == 201, applied
    decision = {"decision": "approve", "lines": [{"category": "307-02", "lineId": "L-CARD"}]}
    path = f"/v1/grants/applications/{applied['grantId']}/decision"
    assert call_api("POST", path, "official", LG_CODE, decision)[0] == 200
    call_api("POST", "/v1/settlements/runs", "official", LG_CODE, {"type": "payment", "asOf": TODAY.isoformat()})
    run_settlement(aws)
    _, grant = call_api("GET", f"/v1/grants/{applied['grantId']}", "official", LG_CODE)
    assert grant["advancedOn"] == TODAY.isoformat(), grant
    return applied["grantId"]


def drop_cards(aws, name: str, lines: list[dict | str]) -> dict:
    text = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    return drop_receipts_file(aws, name, text, prefix="cards/")


def _balances() -> dict[str, int]:
    return {row["account"]: row["balance"] for row in trial_balance()["accounts"]}


def _category(grant_id: str) -> dict:
    _, grant = call_api("GET", f"/v1/grants/{grant_id}", "official", LG_CODE)
    return next(b for b in grant["budget"] if b["category"] == "307-02")


def test_clean_approvals_are_settled_suspicious_ones_wait_for_review_and_bad_ones_are_refused(aws):
    grant_id = advanced_grant(aws)
    clean = _approval("A-1", grant_id, 330_000, _at(WORKDAY, 10, 15))
    lines: list[dict | str] = [
        clean,
        _approval("A-2", grant_id, 120_000, _at(WORKDAY, 23, 40)),  # F05
        _approval("A-3", grant_id, 450_000, _at(WORKDAY, 20, 0), industryCode="56211"),  # F04: 유흥주점
        _approval("A-4", grant_id, 80_000, _at(DAY_OFF, 14, 0)),  # F15
        clean,  # delivered twice in the file: recorded once
        "{not json",
        _approval("A-5", grant_id, CATEGORY_AMOUNT, _at(WORKDAY, 11, 0)),  # more than is left
        _approval("A-6", "G-NOPE", 10_000, _at(WORKDAY, 11, 0)),
    ]

    result = drop_cards(aws, "2026-card.ndjson", lines)

    assert result["counts"] == {"executed": 1, "flagged": 3, "cancelled": 0, "already": 1, "refused": 3}, result
    assert {f["approvalNo"]: f["indicators"] for f in result["flagged"]} == {
        "A-2": ["F05"],
        "A-3": ["F04"],
        "A-4": ["F15"],
    }
    assert {e["approvalNo"]: e["code"] for e in result["errors"] if "approvalNo" in e} == {
        "A-5": "BUDGET_EXCEEDED",
        "A-6": "GRANT_NOT_FOUND",
    }
    assert (result["executedAmount"], result["funded"]) == (330_000, 297_000)
    category = _category(grant_id)
    assert (category["executed"], category["funded"], category["reserved"]) == (330_000, 297_000, 650_000)
    balances = _balances()
    # the restricted account paid the public part of the clean one only; the 자부담 33,000 is not the LG's money
    assert (balances["1310"], balances["5410"]) == (9_000_000 - 297_000, 297_000)

    _, reviews = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    by_approval = {r["claimId"].removeprefix(f"CARD-{LG_CODE}-{grant_id}-"): r for r in reviews["items"]}
    restricted = by_approval["A-3"]
    (hit,) = restricted["indicators"]
    assert hit["code"] == "F04" and "지방보조금 관리기준" in hit["evidence"]["source"]
    status, cleared = call_api(
        "POST", f"/v1/reviews/{by_approval['A-2']['reviewId']}/resolve", "official", LG_CODE,
        {"outcome": "cleared", "note": "행사 야간 운영: 영수증 확인"},
    )  # fmt: skip
    assert status == 200 and cleared["cardPayment"]["executed"] is True, cleared
    status, fraud = call_api(
        "POST", f"/v1/reviews/{restricted['reviewId']}/resolve", "official", LG_CODE,
        {"outcome": "fraud", "note": "유흥주점 결제: 보조금 용도 외 사용"},
    )  # fmt: skip
    assert status == 200 and fraud["cardPayment"]["released"] is True, fraud
    assert fraud["sanctionOffer"]["brn"] == RECIPIENT and fraud["sanctionOffer"]["surchargeUpTo"] == 5 * 450_000
    category = _category(grant_id)
    assert (category["executed"], category["funded"], category["reserved"]) == (450_000, 405_000, 80_000)
    assert _balances()["1310"] == 9_000_000 - 405_000

    # the card company cancels the first approval: the account gets its public part back
    cancelled = drop_cards(aws, "2026-card-2.ndjson", [clean | {"cancelled": True}, clean | {"cancelled": True}])
    assert cancelled["counts"]["cancelled"] == 1 and cancelled["counts"]["already"] == 1, cancelled
    assert _category(grant_id)["executed"] == 120_000
    balances = _balances()
    assert (balances["1310"], balances["5410"]) == (9_000_000 - 108_000, 108_000)
    assert trial_balance()["balanced"]


def test_a_sanctioned_recipients_card_is_refused_and_nothing_moves(aws):
    grant_id = advanced_grant(aws)
    sanction = {"brn": RECIPIENT, "reason": "부정수급 확정", "from": TODAY.isoformat(), "until": f"{FY + 5}-12-31"}
    assert call_api("POST", "/v1/sanctions", "official", "11680", sanction)[0] == 201
    before = _balances()

    result = drop_cards(aws, "after-sanction.ndjson", [_approval("S-1", grant_id, 50_000, _at(WORKDAY, 10))])

    assert [e["code"] for e in result["errors"]] == ["SANCTIONED"]
    assert "11680" not in result["errors"][0]["message"]
    assert _balances() == before and _category(grant_id)["executed"] == 0


def test_twenty_concurrent_approvals_never_overspend_the_category(aws):
    from shared.application.wiring import grant_executions
    from shared.domain.subsidy.cards import parse_approval

    grant_id = advanced_grant(aws)
    approvals = [
        parse_approval(LG_CODE, _approval(f"P-{n}", grant_id, 700_001, _at(WORKDAY, 10, n), vendorBrn=VENDORS[n]))
        for n in range(20)
    ]
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(grant_executions().record, approvals))

    executed = [o for o in outcomes if o.status == "executed"]
    assert len(executed) == CATEGORY_AMOUNT // 700_001 == 14
    assert {o.codes[0] for o in outcomes if o.status == "refused"} == {"BUDGET_EXCEEDED"}
    category = _category(grant_id)
    assert category["executed"] == 14 * 700_001 and category["remaining"] == CATEGORY_AMOUNT - 14 * 700_001
    assert _balances()["5410"] == sum(o.funded for o in executed) == 14 * 630_000


def test_the_review_queue_is_sorted_by_score_and_filtered_by_indicator(aws):
    grant_id = advanced_grant(aws)
    lines: list[dict | str] = [
        _approval("Q-1", grant_id, 120_000, _at(WORKDAY, 23, 40)),  # F05: 20
        _approval("Q-2", grant_id, 450_000, _at(WORKDAY, 20, 0), industryCode="56211"),  # F04: 50
        _approval("Q-3", grant_id, 80_000, _at(DAY_OFF, 14, 0)),  # F15: 15
    ]
    assert drop_cards(aws, "2026-queue.ndjson", lines)["counts"]["flagged"] == 3

    def listed(query: str) -> list[tuple[str, int]]:
        status, page = call_api("GET", f"/v1/reviews?{query}", "official", LG_CODE)
        assert status == 200, page
        return [(r["claimId"].removeprefix(f"CARD-{LG_CODE}-{grant_id}-"), r["score"]) for r in page["items"]]

    assert listed("sort=score") == [("Q-2", 50), ("Q-1", 20), ("Q-3", 15)]
    assert listed("sort=score&limit=2") == [("Q-2", 50), ("Q-1", 20)]
    assert listed("indicator=F15") == [("Q-3", 15)]
    assert listed("indicator=F07") == []
    by_q2 = call_api("GET", "/v1/reviews?indicator=F04", "official", LG_CODE)[1]["items"][0]
    resolved = {"outcome": "cleared", "note": "행사 후 식당: 영수증 확인"}
    assert call_api("POST", f"/v1/reviews/{by_q2['reviewId']}/resolve", "official", LG_CODE, resolved)[0] == 200
    assert listed("sort=score") == [("Q-1", 20), ("Q-3", 15)]  # resolved: off the open queue, in both orders
    assert listed("status=cleared&sort=score") == [("Q-2", 50)]
    status, problem = call_api("GET", "/v1/reviews?sort=risk", "official", LG_CODE)
    assert status == 400 and problem["errors"], problem
