"""보탬e 인건비 집행: the recipient files the wages it paid from the grant's account. A clean payroll is executed at
once (the public part booked); one whose person is paid by another grant over an overlapping period (F07, here a
national grant through the link) waits for a review, and the review decides; bad payrolls change nothing."""

from __future__ import annotations

import hashlib

from tests.conftest import LG_CODE
from tests.integration.helpers import call_api
from tests.integration.test_card_feed import CATEGORY_AMOUNT, RECIPIENT, _balances, _category, advanced_grant
from tests.integration.test_linkage_hardening import national_feed
from tests.integration.test_settlement import FY, trial_balance


def person(name: str) -> str:
    """The recipient's salted hash of a person: what the platform holds instead of who the person is."""
    return hashlib.sha256(f"recipient-salt:{name}".encode()).hexdigest()[:32]


def wage(name: str, month: int, amount: int = 2_000_000) -> dict:
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return {
        "personKey": person(name),
        "start": f"{FY}-{month:02d}-01",
        "end": f"{FY}-{month:02d}-{last}",
        "amount": amount,
    }


def file_payroll(grant_id: str, payroll_id: str, wages: list[dict], org: str = RECIPIENT) -> tuple[int, dict]:
    body = {"lgCode": LG_CODE, "payrollId": payroll_id, "category": "307-02", "wages": wages}
    return call_api("POST", f"/v1/grants/{grant_id}/payroll", "business", org, body)


def test_a_clean_payroll_is_executed_once_and_an_overlapping_one_waits_for_its_review(aws):
    grant_id = advanced_grant(aws)
    status, executed = file_payroll(grant_id, f"{FY}-03", [wage("김민지", 3), wage("이서준", 3, 1_500_000)])
    assert status == 201, executed
    assert executed["status"] == "executed" and executed["amount"] == 3_500_000, executed
    assert executed["funded"] == 3_150_000  # 90% public: the 자부담 350,000 is the recipient's own
    again = file_payroll(grant_id, f"{FY}-03", [wage("김민지", 3), wage("이서준", 3, 1_500_000)])
    assert again[0] == 200 and again[1]["status"] == "already"
    balances = _balances()
    assert (balances["1310"], balances["5410"]) == (9_000_000 - 3_150_000, 3_150_000)

    # e나라도움 pays 이서준 from a national grant for March and April: the same person's time, paid twice
    national = {"type": "wage", "grantId": "N-2026-00988", "personKey": person("이서준")}
    answer = national_feed(national | {"start": f"{FY}-03-15", "end": f"{FY}-04-30", "amount": 3_000_000})
    assert answer["wages"] == 1 and not answer["errors"], answer
    status, flagged = file_payroll(grant_id, f"{FY}-04", [wage("김민지", 4), wage("이서준", 4, 1_500_000)])
    assert status == 201 and flagged["status"] == "flagged" and flagged["indicators"] == ["F07"], flagged
    category = _category(grant_id)
    assert (category["executed"], category["reserved"]) == (3_500_000, 3_500_000)
    assert _balances()["5410"] == 3_150_000  # held: the account has not paid it

    status, reviews = call_api("GET", "/v1/reviews?status=open", "official", LG_CODE)
    review = next(r for r in reviews["items"] if r["reviewId"] == flagged["reviewId"])
    (hit,) = review["indicators"]
    (overlap,) = hit["evidence"]["overlaps"]
    assert overlap["otherGrant"] == "NATIONAL#N-2026-00988" and overlap["personKey"] == person("이서준")
    assert "이서준" not in str(review)  # a key, never the person
    status, fraud = call_api(
        "POST", f"/v1/reviews/{flagged['reviewId']}/resolve", "official", LG_CODE,
        {"outcome": "fraud", "note": "국고보조사업과 같은 기간 인건비 중복 청구"},
    )  # fmt: skip
    assert status == 200 and fraud["payroll"] == {"executed": False, "released": True, "amount": 3_500_000}, fraud
    assert fraud["sanctionOffer"]["brn"] == RECIPIENT
    category = _category(grant_id)
    assert (category["executed"], category["reserved"], category["remaining"]) == (
        3_500_000,
        0,
        CATEGORY_AMOUNT - 3_500_000,
    )
    assert trial_balance()["balanced"]


def test_bad_payrolls_are_refused_with_every_finding_and_change_nothing(aws):
    grant_id = advanced_grant(aws)
    before = _category(grant_id)
    resident_number = "8001011234560"  # shaped like a 주민등록번호 with a valid check digit
    status, problem = file_payroll(
        grant_id,
        f"{FY}-05",
        [
            wage("박지호", 5) | {"personKey": resident_number},
            wage("최유나", 5) | {"personKey": "short"},
            wage("정하늘", 5) | {"start": f"{FY - 1}-12-01"},  # before the grant period
            wage("한도윤", 5, CATEGORY_AMOUNT),  # more than the category holds
        ],
    )
    assert status == 422, problem
    codes = {(e["code"], e["path"]) for e in problem["errors"]}
    assert codes == {
        ("PERSONAL_DATA", "/wages/0/personKey"),
        ("PERSON_KEY", "/wages/1/personKey"),
        ("F16", "/wages/2/start"),
        ("BUDGET_EXCEEDED", "/category"),
    }, problem
    assert resident_number not in str(problem)
    # another business filing on this grant sees no grant at all
    status, other = file_payroll(grant_id, f"{FY}-05", [wage("박지호", 5)], org="2148600016")
    assert status == 422 and [e["code"] for e in other["errors"]] == ["GRANT_NOT_FOUND"], other
    assert _category(grant_id) == before
