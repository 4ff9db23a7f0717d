"""Soft fraud indicators (부정수급 지표) of one subsidy claim, and the risk score they add up to.

Hard rules (sanctioned recipient, F16 outside the grant period, budget exhausted, F12 reused evidence) reject a
claim elsewhere; the indicators below only flag it for a human reviewer. Precision is low by nature (SFDS confirmed
about 6% of its flags), so every hit carries evidence an official can check: which records, which numbers. Evidence
never carries personal data: representative and account-holder hashes are compared, never copied.

code  weight  indicator: fires when -- why
----  ------  ---------------------------------------------------------------------------------------------------
F01   40      related parties (특수관계자): vendor BRN = recipient BRN, or both have the same representative (hash
              of name + birth date) -- the grant pays the recipient itself or its own people
F03   50      cancelled evidence (증빙 취소): the claim's invoice key is among the cancelled invoices or card
              payments -- the evidence no longer exists: usually a refund that was kept
F08   30      closed vendor (휴업·폐업): vendor suspended or closed with status_since <= claim day -- a closed
              business cannot supply
F09   15      concentration (거래 집중): one vendor > 50% of the grant's spending (earlier + this), once the grant
              has >= 3 executions or has spent >= 10% of its budget (a first claim alone is 100%) -- common in
              collusion, but also in honest small grants: low weight
F10   15      new vendor (신설 업체): vendor registered 0..29 days before the claim day -- shell companies are
              created for the grant; honest start-ups too: low weight
F11   25      split purchases (쪼개기): >= 2 purchases from the vendor within 30 days of this claim (either side),
              each < 20,000,000 won (수의계약 limit for goods/services), together > 20,000,000 -- splitting dodges
              the tender (입찰) obligation
F14   10      end-of-period rush (기말 집중): the claim is in the last 10% of the grant period (the last
              ``days // 10`` days) and that tail holds > 40% of the grant's spending -- often only poor planning
F17   40      self-payment (자기 계좌 지급): vendor's account holder = recipient's representative or recipient's
              account holder (hashes) -- the money flows back to the recipient
F18   10      round amounts (끝수 없는 금액): this amount and >= 2 other amounts of the grant are multiples of
              100,000 won -- invented invoices tend to be round; weak alone

The score is the sum of the weights of the hits, capped at 100. Thresholds compare exactly in integer won (no
floats), so a boundary case (exactly 50%, exactly 20,000,000 won) never fires. A missing fact (no vendor or recipient
record, no registration date, no hash) never fires an indicator and never raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from shared.domain.subsidy.model import GrantSummary, IndicatorContext, IndicatorHit, Spend

WEIGHTS: dict[str, int] = {
    "F01": 40,
    "F03": 50,
    "F08": 30,
    "F09": 15,
    "F10": 15,
    "F11": 25,
    "F14": 10,
    "F17": 40,
    "F18": 10,
}
TITLES: dict[str, str] = {
    "F01": "related parties (특수관계자)",
    "F03": "cancelled evidence (증빙 취소)",
    "F08": "closed vendor (휴업·폐업)",
    "F09": "concentration on one vendor (거래 집중)",
    "F10": "new vendor (신설 업체)",
    "F11": "split purchases (쪼개기)",
    "F14": "end-of-period rush (기말 집중)",
    "F17": "self-payment (자기 계좌 지급)",
    "F18": "repeated round amounts (끝수 없는 금액 반복)",
}
MAX_SCORE = 100

SOLE_CONTRACT_LIMIT = 20_000_000  # 수의계약 limit for goods and services, won
SPLIT_WINDOW_DAYS = 30
NEW_VENDOR_DAYS = 30
CONCENTRATION_PERCENT = 50
CONCENTRATION_MIN_EXECUTIONS = 3
CONCENTRATION_MIN_BUDGET_PERCENT = 10
RUSH_TAIL_PERCENT = 10
RUSH_PERCENT = 40
ROUND_UNIT = 100_000
ROUND_MIN_REPEATS = 3  # this claim included
STATUS_NAMES = {"suspended": "suspended (휴업)", "closed": "closed (폐업)"}


def outside_period(grant: GrantSummary, day: date) -> bool:
    """F16 (a hard rule, applied elsewhere): the transaction day is outside the grant period."""
    return not grant.period.contains(day)


def evaluate(ctx: IndicatorContext) -> list[IndicatorHit]:
    """Every soft indicator that fires for the claim, in code order."""
    return [hit for indicator in INDICATORS if (hit := indicator(ctx)) is not None]


def risk_score(hits: Iterable[IndicatorHit]) -> int:
    """Sum of the hits' weights, 0..100."""
    return min(MAX_SCORE, sum(max(0, hit.weight) for hit in hits))


# --- helpers -------------------------------------------------------------------------------------------------------


def _hit(code: str, evidence: dict[str, object]) -> IndicatorHit:
    return IndicatorHit(code=code, weight=WEIGHTS[code], title=TITLES[code], evidence=evidence)


def _spends(ctx: IndicatorContext) -> list[Spend]:
    """The grant's spending including this claim (a copy of the claim among ``earlier`` is counted once)."""
    return [s for s in ctx.earlier if s.claim_id != ctx.claim.claim_id] + [ctx.claim]


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%"


def _present(value: str | None) -> bool:
    return bool(value)


def _ordered(spends: Iterable[Spend]) -> list[Spend]:
    return sorted(spends, key=lambda s: (s.day, s.claim_id))


def _rows(spends: Iterable[Spend]) -> list[dict[str, object]]:
    return [{"claimId": s.claim_id, "day": s.day.isoformat(), "amount": s.amount} for s in _ordered(spends)]


def rush_tail(grant: GrantSummary) -> tuple[date, date] | None:
    """The last 10% of the grant period (``days // 10`` whole days, so a period under 10 days has none)."""
    length = (grant.period.end - grant.period.start).days + 1
    tail_days = length * RUSH_TAIL_PERCENT // 100
    if tail_days < 1:
        return None
    return grant.period.end - timedelta(days=tail_days - 1), grant.period.end


# --- the indicators --------------------------------------------------------------------------------------------------


def related_parties(ctx: IndicatorContext) -> IndicatorHit | None:
    """F01: the vendor is the recipient itself (same BRN) or has the same representative."""
    matches = []
    if _present(ctx.claim.vendor_brn) and ctx.claim.vendor_brn == ctx.grant.recipient_brn:
        matches.append("vendor BRN is the recipient's BRN")
    vendor, recipient = ctx.vendor, ctx.recipient
    if (
        vendor is not None
        and recipient is not None
        and _present(vendor.representative_hash)
        and vendor.representative_hash == recipient.representative_hash
    ):
        matches.append("same representative (hash match)")
    if not matches:
        return None
    return _hit(
        "F01",
        {
            "claimId": ctx.claim.claim_id,
            "vendorBrn": ctx.claim.vendor_brn,
            "recipientBrn": ctx.grant.recipient_brn,
            "matches": matches,
        },
    )


def cancelled_evidence(ctx: IndicatorContext) -> IndicatorHit | None:
    """F03: the invoice (or card payment) behind the claim was cancelled."""
    key = ctx.claim.invoice_key
    if not key or key not in ctx.cancelled_invoice_keys:
        return None
    return _hit("F03", {"claimId": ctx.claim.claim_id, "invoiceKey": key, "amount": ctx.claim.amount})


def closed_vendor(ctx: IndicatorContext) -> IndicatorHit | None:
    """F08: the vendor was suspended (휴업) or closed (폐업) on the claim day."""
    vendor = ctx.vendor
    if vendor is None or vendor.status not in STATUS_NAMES or vendor.status_since is None:
        return None
    if vendor.status_since > ctx.claim.day:
        return None
    return _hit(
        "F08",
        {
            "claimId": ctx.claim.claim_id,
            "vendorBrn": vendor.brn,
            "status": STATUS_NAMES[vendor.status],
            "since": vendor.status_since.isoformat(),
            "claimDay": ctx.claim.day.isoformat(),
        },
    )


def concentration(ctx: IndicatorContext) -> IndicatorHit | None:
    """F09: one vendor holds more than half of the grant's spending (once the grant has some history)."""
    spends = _spends(ctx)
    grant_total = sum(s.amount for s in spends)
    budget = ctx.grant.budget_total
    enough = len(spends) >= CONCENTRATION_MIN_EXECUTIONS or (
        budget > 0 and grant_total * 100 >= budget * CONCENTRATION_MIN_BUDGET_PERCENT
    )
    if not enough or grant_total <= 0:
        return None
    mine = [s for s in spends if s.vendor_brn == ctx.claim.vendor_brn]
    vendor_total = sum(s.amount for s in mine)
    if vendor_total * 100 <= grant_total * CONCENTRATION_PERCENT:
        return None
    return _hit(
        "F09",
        {
            "vendorBrn": ctx.claim.vendor_brn,
            "vendorTotal": vendor_total,
            "grantTotal": grant_total,
            "share": _percent(vendor_total, grant_total),
            "threshold": f"{CONCENTRATION_PERCENT}%",
            "executions": len(spends),
            "claimIds": [s.claim_id for s in _ordered(mine)],
        },
    )


def new_vendor(ctx: IndicatorContext) -> IndicatorHit | None:
    """F10: the vendor registered less than 30 days before the claim day."""
    vendor = ctx.vendor
    if vendor is None or vendor.registered_on is None:
        return None
    days = (ctx.claim.day - vendor.registered_on).days
    if not 0 <= days < NEW_VENDOR_DAYS:
        return None
    return _hit(
        "F10",
        {
            "claimId": ctx.claim.claim_id,
            "vendorBrn": vendor.brn,
            "registeredOn": vendor.registered_on.isoformat(),
            "claimDay": ctx.claim.day.isoformat(),
            "daysBefore": days,
        },
    )


def split_purchases(ctx: IndicatorContext) -> IndicatorHit | None:
    """F11 (쪼개기): purchases from the vendor within 30 days of this claim, each under the 수의계약 limit, together
    above it."""
    claim = ctx.claim
    if not 0 < claim.amount < SOLE_CONTRACT_LIMIT:
        return None
    group = [
        s
        for s in _spends(ctx)
        if s.vendor_brn == claim.vendor_brn
        and abs((s.day - claim.day).days) <= SPLIT_WINDOW_DAYS
        and 0 < s.amount < SOLE_CONTRACT_LIMIT
    ]
    total = sum(s.amount for s in group)
    if len(group) < 2 or total <= SOLE_CONTRACT_LIMIT:
        return None
    return _hit(
        "F11",
        {
            "vendorBrn": claim.vendor_brn,
            "purchases": _rows(group),
            "sum": total,
            "limit": SOLE_CONTRACT_LIMIT,
            "windowDays": SPLIT_WINDOW_DAYS,
        },
    )


def end_of_period_rush(ctx: IndicatorContext) -> IndicatorHit | None:
    """F14: the claim falls in the last 10% of the grant period, which holds more than 40% of the spending."""
    tail = rush_tail(ctx.grant)
    if tail is None or not tail[0] <= ctx.claim.day <= tail[1]:
        return None
    spends = _spends(ctx)
    grant_total = sum(s.amount for s in spends)
    late = [s for s in spends if tail[0] <= s.day <= tail[1]]
    late_total = sum(s.amount for s in late)
    if grant_total <= 0 or late_total * 100 <= grant_total * RUSH_PERCENT:
        return None
    return _hit(
        "F14",
        {
            "tailFrom": tail[0].isoformat(),
            "periodEnd": tail[1].isoformat(),
            "tailAmount": late_total,
            "grantTotal": grant_total,
            "share": _percent(late_total, grant_total),
            "threshold": f"{RUSH_PERCENT}%",
            "claimIds": [s.claim_id for s in _ordered(late)],
        },
    )


def self_payment(ctx: IndicatorContext) -> IndicatorHit | None:
    """F17: the vendor's bank account belongs to the recipient's representative or to the recipient."""
    vendor, recipient = ctx.vendor, ctx.recipient
    if vendor is None or recipient is None or not _present(vendor.account_holder_hash):
        return None
    matches = []
    if vendor.account_holder_hash == recipient.representative_hash:
        matches.append("vendor account holder is the recipient's representative (hash match)")
    if vendor.account_holder_hash == recipient.account_holder_hash:
        matches.append("vendor account holder is the recipient's account holder (hash match)")
    if not matches:
        return None
    return _hit("F17", {"claimId": ctx.claim.claim_id, "vendorBrn": vendor.brn, "matches": matches})


def _round(amount: int) -> bool:
    return amount > 0 and amount % ROUND_UNIT == 0


def round_amounts(ctx: IndicatorContext) -> IndicatorHit | None:
    """F18: this amount and at least two earlier ones of the grant are multiples of 100,000 won."""
    if not _round(ctx.claim.amount):
        return None
    rounds = [s for s in _spends(ctx) if _round(s.amount)]
    if len(rounds) < ROUND_MIN_REPEATS:
        return None
    return _hit("F18", {"roundUnit": ROUND_UNIT, "count": len(rounds), "claims": _rows(rounds)})


INDICATORS: tuple[Callable[[IndicatorContext], IndicatorHit | None], ...] = (
    related_parties,
    cancelled_evidence,
    closed_vendor,
    concentration,
    new_vendor,
    split_purchases,
    end_of_period_rush,
    self_payment,
    round_amounts,
)
