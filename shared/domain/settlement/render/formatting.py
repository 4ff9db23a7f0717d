"""Formatting for people: the Korean label of a report key, and a value as a person reads it.

Amounts get thousands separators (not the fiscal year); keys ending in ``Rate`` are fractions shown as percentages
with one decimal; None is a dash. Nothing here escapes: the HTML renderers do.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from shared.domain.settlement.render.data import decimal_text

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
    "carriedOverByType": "이월 유형",
    "refunded": "과오납금 환급액",
    "explicit": "명시이월",
    "accident": "사고이월",
    "continuing": "계속비이월",
    "explicitCarryOverApproved": "명시이월 승인액",
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
    "statementsByFund": "회계별 재무제표 (내부거래 제거 전)",
    "openingNetAssets": "기초순자산",
    "internalDifference": "내부거래 차이 (전입금 - 전출금)",
    "closingEntries": "회계별 마감분개",
    "openingEntries": "회계별 기초잔액",
    "carriedByFund": "회계별 이월 잔액",
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
    "budgetSettlement": "세출결산",
    "revenueSettlement": "세입결산",
    "summary": "세입세출결산 총괄",
    "reconciliation": "재정자금 대사",
    "openingCash": "전년도 이월 현금",
    "yearEnd": "마감 및 다음 연도 기초잔액",
    "closingEntry": "마감분개",
    "openingEntry": "기초잔액 분개",
    "openingFy": "기초 회계연도",
    "carried": "이월 잔액",
    "carriedInto": "다음 연도 이월",
    "code": "세입과목 (관-항-목)",
    "kind": "세입 종류",
    "byKind": "세입 종류별",
    "assessed": "징수결정액",
    "received": "수납액",
    "writtenOff": "불납결손액",
    "outstanding": "미수납액",
    "overReceived": "과오납금",
    "collectionRate": "징수율",
    "unbalanced": "불일치 과목",
    "budgetRevenue": "세입예산",
    "budgetExpenditure": "세출예산현액",
    "subsidyReturns": "보조금 반환금",
    "netSurplus": "순세계잉여금",
    "unbudgetedOutflow": "예산 외 지급",
    "financialIndependence": "재정자립도(%)",
    "financialAutonomy": "재정자주도(%)",
    "taxCollectionRate": "지방세 징수율(%)",
    "localShareTax": "지방교부세",
    "adjustmentGrant": "조정교부금",
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
