"""주석 (notes to the statements): the accounting policies the figures follow, receivables by the year they were
assessed in, what is carried into the next year, and the accepted claims the year leaves unpaid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.domain.settlement.reports.arithmetic import won

# 유의적인 회계정책: what a reader needs to know to read these figures, each as this system applies it
ACCOUNTING_POLICIES = (
    "회계실체: 자치단체의 회계(일반회계, 특별회계, 기금)별로 재무제표를 작성하고, 합계는 "
    "회계 간 내부거래(전입금·전출금)를 제거하여 작성한다 (지방회계법 제3조, 지방자치단체 "
    "회계기준에 관한 규칙).",
    "인식기준: 재무회계는 발생주의·복식부기에 따른다. 지출은 검사와 지출결의로 대가 청구가 "
    "승인된 때 비용(또는 자산)과 미지급금으로 인식하고 지급할 때 현금을 줄인다. 세입은 "
    "징수결정한 때 수익과 미수금으로 인식하고 수납할 때 현금을 늘린다.",
    "예산회계: 세입·세출 결산은 현금주의에 따른다. 회계연도 말(12월 31일) 출납을 "
    "폐쇄하고, 출납정리기한(다음 연도 2월 10일)까지 수납·지출한 그 연도의 세입·세출을 "
    "포함한다.",
    "유형자산: 시설비·자산취득비(편성목 401, 404, 405)로 취득한 자산은 "
    "취득원가로 일반유형자산에 계상한다. 감가상각은 아직 반영하지 않았다.",
    "부채: 지방채는 장기차입부채로, 과오납금(징수결정을 넘어 수납된 금액)은 돌려줄 때까지 유동부채로 계상한다.",
    "순자산: 고정순자산은 일반유형자산·주민편의시설·사회기반시설에서 그 재원인 장기차입부채를 "
    "뺀 금액, 특정순자산은 기금의 순자산(고정순자산 제외), 일반순자산은 그 나머지이다.",
    "금액 단위는 원이며, 끝수 처리 없이 표시한다.",
)


@dataclass(frozen=True, slots=True)
class Receivable:
    """A receivable account of one 회계 at the close: its balance, and of it what was brought in from earlier years
    (the year's opening balance of the account: a prior year's assessment is not collected in this year's books)."""

    fund: str
    account: str
    name: str
    balance: int
    prior_years: int = 0

    def __post_init__(self) -> None:
        won(self.balance, "balance", signed=True)
        won(self.prior_years, "prior years", signed=True)


def statement_notes(
    *,
    receivables: Iterable[Receivable],
    carried_over: Mapping[str, int],
    carried_lines: Iterable[Mapping[str, Any]],
    unpaid: Mapping[str, Mapping[str, int]],
) -> dict[str, Any]:
    """The notes: ``policies`` (ACCOUNTING_POLICIES); ``receivables`` by account and 회계, split into this year's
    assessments (``currentYear``) and those brought in (``priorYears``); ``carriedOver``, the 다음연도이월액 by type
    with the lines that carry; ``unpaidClaims``, per 회계 the accepted claims the year leaves unpaid (their expense
    is in the statements, their payable a liability carried into the next year)."""
    rows = [
        {
            "fund": r.fund,
            "account": r.account,
            "name": r.name,
            "currentYear": r.balance - r.prior_years,
            "priorYears": r.prior_years,
            "balance": r.balance,
        }
        for r in sorted(receivables, key=lambda r: (r.fund, r.account))
        if r.balance or r.prior_years
    ]
    lines = [dict(line) for line in carried_lines if line.get("carriedOver")]
    return {
        "policies": list(ACCOUNTING_POLICIES),
        "receivables": rows,
        "receivablesTotal": {
            "currentYear": sum(r["currentYear"] for r in rows),
            "priorYears": sum(r["priorYears"] for r in rows),
            "balance": sum(r["balance"] for r in rows),
        },
        "carriedOver": {**{k: won(v, k) for k, v in carried_over.items()}, "lines": lines},
        "unpaidClaims": [
            {"fund": fund, "payables": amounts.get("payables", 0), "subsidyExecutions": amounts.get("subsidy", 0)}
            for fund, amounts in sorted(unpaid.items())
            if any(amounts.values())
        ],
    }
