"""The chart of accounts after the 지방자치단체 회계기준: account codes, types, normal sides and limits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from shared.domain.settlement.ledger.errors import InvalidEntry

AccountType = Literal["asset", "liability", "net_assets", "expense", "revenue", "budget"]
Side = Literal["debit", "credit"]
Limit = Literal["debits_must_not_exceed_credits", "credits_must_not_exceed_debits"]


@dataclass(frozen=True, slots=True)
class Account:
    code: str
    name: str  # Korean, as in the statements
    name_en: str
    type: AccountType
    normal: Side  # the side its balance is reported on
    note: str
    limit: Limit | None = None
    internal: bool = False  # 내부거래: between two 회계 of the LG, eliminated when the 회계 are added up

    @property
    def budget(self) -> bool:
        return self.type == "budget"


_ACCOUNTS = (
    Account(
        "1110",
        "현금및현금성자산",
        "Cash and cash equivalents",
        "asset",
        "debit",
        "금고·은행 예금. Debited by receipts and refunds, credited by every payment (지급). Never below zero: a "
        "write that would take it there is refused, whatever wrote it.",
        limit="credits_must_not_exceed_debits",
    ),
    Account(
        "1310",
        "선급보조금",
        "Subsidy advances",
        "asset",
        "debit",
        "보조금 교부: a grant paid to its recipient ahead of execution; reduced as the recipient executes "
        "(-> 5410) or returns the unspent balance at 정산 (-> 1110).",
    ),
    Account(
        "1210",
        "미수세금",
        "Local taxes receivable",
        "asset",
        "debit",
        "지방세 assessed (징수결정) and not yet received; reduced by receipts (수납) and write-offs (불납결손).",
    ),
    Account(
        "1220",
        "미수세외수입금",
        "Non-tax revenue receivable",
        "asset",
        "debit",
        "세외수입 assessed and not yet received.",
    ),
    Account(
        "1230",
        "기타미수금",
        "Other receivables (transfers, bonds)",
        "asset",
        "debit",
        "교부세·조정교부금·보조금, 지방채 and 전입금 decided (징수결정) before the money arrives.",
    ),
    Account(
        "1510",
        "유형자산",
        "Property, plant and equipment",
        "asset",
        "debit",
        "Capital spending (편성목 401, 404, 405: 시설비, 자산취득비) is capitalised here, not expensed.",
    ),
    Account(
        "2110",
        "미지급금",
        "Payables",
        "liability",
        "credit",
        "Accepted claims owed to suppliers, until the payment run pays them.",
    ),
    Account(
        "2120",
        "미지급비용",
        "Accrued expenses (interest payable)",
        "liability",
        "credit",
        "지연이자 accrued but not yet paid (when interest is not paid together with the claim).",
    ),
    Account(
        "2130",
        "과오납금",
        "Over-receipts owed back",
        "liability",
        "credit",
        "A receipt above what its assessment had outstanding: owed back to the payer (환급), not revenue.",
    ),
    Account(
        "2140",
        "보조금반환미지급금",
        "Grant returns owed onward",
        "liability",
        "credit",
        "The 국비 and 시도비 parts of a settled grant's 반납: owed to the governments that funded them.",
    ),
    Account(
        "2210",
        "지방채",
        "Local bonds (long-term borrowing)",
        "liability",
        "credit",
        "지방채 issued: 세입 of the budget, but a liability in the statements, not revenue.",
    ),
    Account(
        "3100",
        "순자산",
        "Net assets",
        "net_assets",
        "credit",
        "기본순자산 and 적립금 together: revenues and expenses are closed to it at year end.",
    ),
    Account("4110", "지방세수익", "Local tax revenue", "revenue", "credit", "지방세 (취득세, 재산세, 주민세, ...)."),
    Account("4210", "세외수익", "Non-tax revenue", "revenue", "credit", "사용료, 수수료, 과징금, 이자수익, ..."),
    Account(
        "4310",
        "교부세·보조금수익",
        "Transfers received",
        "revenue",
        "credit",
        "지방교부세, 조정교부금, 국고·시도비 보조금 received.",
    ),
    Account(
        "4910",
        "전입금",
        "Transfers in from other funds (internal)",
        "revenue",
        "credit",
        "내부거래: money moved in from another 회계 of the same LG; eliminated when the funds are added up.",
        internal=True,
    ),
    Account("5110", "인건비", "Personnel expense", "expense", "debit", "편성목 1xx (보수, 기타직보수, ...)."),
    Account(
        "5210",
        "운영비",
        "Operating expense (goods and services)",
        "expense",
        "debit",
        "편성목 2xx except 203: 일반운영비, 여비, 직무수행경비, 재료비, 연구개발비.",
    ),
    Account("5220", "업무추진비", "Business promotion expense", "expense", "debit", "편성목 203."),
    Account(
        "5290",
        "지연이자",
        "Late-payment interest expense",
        "expense",
        "debit",
        "Interest owed to a supplier paid after the deadline: floor(amount x rate x days / 365).",
    ),
    Account(
        "5310",
        "감가상각비",
        "Depreciation",
        "expense",
        "debit",
        "How capital spending held in 1510 becomes expense over the asset's life (year-end entry).",
    ),
    Account(
        "5410",
        "보조금",
        "Subsidy expense (transfers)",
        "expense",
        "debit",
        "이전경비 (편성목 3xx) and capital transfers (402, 403, 406): recognised when the recipient executes.",
    ),
    Account(
        "5910",
        "대손상각비",
        "Receivables written off",
        "expense",
        "debit",
        "불납결손: an assessed revenue that will not be collected, written off against its receivable.",
    ),
    Account(
        "5920",
        "전출금",
        "Transfers out to other funds (internal)",
        "expense",
        "debit",
        "내부거래 (편성목 701 내부거래지출): money moved out to another 회계 of the same LG; eliminated with the "
        "other 회계's 4910 when the funds are added up.",
        internal=True,
    ),
    Account(
        "9100",
        "예산통제",
        "Budget control",
        "budget",
        "debit",
        "The counterpart of budget authorisations, so that the budget accounts balance among themselves.",
    ),
    Account(
        "9110",
        "예산",
        "Budget authorised (uncommitted)",
        "budget",
        "credit",
        "Credit column: 예산현액 authorised; debit column: commitments. Its balance is the budget not yet "
        "committed, and may never go below zero.",
        "debits_must_not_exceed_credits",
    ),
    Account(
        "9120",
        "지출원인행위",
        "Commitments",
        "budget",
        "credit",
        "Credit column: commitments (contracts, grants); debit column: executions posted and pending. Its "
        "balance is committed but not yet executed, and may never go below zero.",
        "debits_must_not_exceed_credits",
    ),
    Account("9130", "집행", "Expended", "budget", "credit", "Credit column: 지출액 (executions posted)."),
)
CHART: Mapping[str, Account] = {account.code: account for account in _ACCOUNTS}

# Where each account stands in the statements after the 지방자치단체 회계기준에 관한 규칙: the 재정상태표's sections
# (자산: 유동자산, 투자자산, 일반유형자산, 주민편의시설, 사회기반시설, 기타비유동자산; 부채: 유동부채, 장기차입부채,
# 기타비유동부채; 순자산, split by the statements into 고정·특정·일반순자산) and the 재정운영표's (사업순원가,
# 관리운영비, 비배분비용, 비배분수익, 일반수익). Our reading, where this chart is coarser than the 회계기준's: a
# subsidy advance is a current asset (it is executed or returned within the grant's year); every 지방채 is 장기차입부채;
# 인건비 and 업무추진비 are 관리운영비 (the organisation's running cost), 운영비, 보조금 and 감가상각비 the programs'
# 사업순원가; 지연이자, 대손상각비 and 전출금 are 비배분비용, allocated to no program; every revenue is 일반수익 (the
# chart does not tell a program's own 사업수익 from the others), 전입금 as 기타재원조달 및 이전수익 within it.
STATEMENT_SECTIONS: Mapping[str, str] = {
    "1110": "유동자산",
    "1210": "유동자산",
    "1220": "유동자산",
    "1230": "유동자산",
    "1310": "유동자산",
    "1510": "일반유형자산",
    "2110": "유동부채",
    "2120": "유동부채",
    "2130": "유동부채",
    "2140": "유동부채",
    "2210": "장기차입부채",
    "3100": "순자산",
    "4110": "일반수익",
    "4210": "일반수익",
    "4310": "일반수익",
    "4910": "일반수익",
    "5110": "관리운영비",
    "5220": "관리운영비",
    "5210": "사업순원가",
    "5410": "사업순원가",
    "5310": "사업순원가",
    "5290": "비배분비용",
    "5910": "비배분비용",
    "5920": "비배분비용",
}

CASH, SUBSIDY_ADVANCE, FIXED_ASSETS = "1110", "1310", "1510"
PAYABLE, ACCRUED = "2110", "2120"
NET_ASSETS = "3100"
PERSONNEL, OPERATING, PROMOTION, LATE_INTEREST, DEPRECIATION, SUBSIDY_EXPENSE = (
    "5110",
    "5210",
    "5220",
    "5290",
    "5310",
    "5410",
)
BUDGET_CONTROL, BUDGET_AUTHORISED, COMMITMENTS, EXPENDED = "9100", "9110", "9120", "9130"
OVER_RECEIVED, WRITTEN_OFF = "2130", "5910"
RECEIVABLES = ("1210", "1220", "1230")  # 미수세금, 미수세외수입금, 기타미수금
TRANSFER_IN, TRANSFER_OUT = "4910", "5920"  # 내부거래: 전입금 and 전출금

# 세입 kind -> (the receivable an assessment debits, what it credits: revenue by nature, or a liability for bonds)
_REVENUE_ACCOUNTS = {
    "localTax": ("1210", "4110"),
    "nonTax": ("1220", "4210"),
    "localShareTax": ("1230", "4310"),
    "adjustmentGrant": ("1230", "4310"),
    "subsidy": ("1230", "4310"),
    "bond": ("1230", "2210"),
    "transfer": ("1230", "4910"),
}


PROGRAM_COST = "사업순원가"


def line_program_cost(budget_item: str, accrued: int, subsidy_executed: int) -> int:
    """What of a budget line's recognised cost is 사업순원가: its payment claims' (``accrued``, debited to the account
    its 편성목 maps to: counted when that account is a program cost) and its grants' executions (5410, always)."""
    try:
        own = accrued if STATEMENT_SECTIONS.get(expense_account(budget_item)) == PROGRAM_COST else 0
    except InvalidEntry:  # a 편성목 the ledger does not map took no claim
        own = 0
    return own + subsidy_executed


def revenue_accounts(kind: str) -> tuple[str, str]:
    """The receivable and the credited account of a 세입 kind (``shared.domain.settlement.revenue.REVENUE_KINDS``)."""
    try:
        return _REVENUE_ACCOUNTS[kind]
    except KeyError:
        raise InvalidEntry(f"unknown revenue kind {kind!r}") from None


def account(code: str) -> Account:
    try:
        return CHART[code]
    except KeyError:
        raise InvalidEntry(f"unknown account {code!r}") from None


def expense_account(budget_item: str) -> str:
    """The account a claim debits, from its 편성목 (e.g. ``"201-01"``, ``"307-02"``, ``"401"``)."""
    major = budget_item.strip()[:3]
    if not (len(major) == 3 and major.isdigit()):
        raise InvalidEntry(f"not a 편성목: {budget_item!r}")
    if major[0] == "1":
        return PERSONNEL
    if major == "203":
        return PROMOTION
    if major[0] == "2":
        return OPERATING
    if major[0] == "3" or major in ("402", "403", "406"):
        return SUBSIDY_EXPENSE
    if major[0] == "4":
        return FIXED_ASSETS
    if major == "701":  # 내부거래지출 (기타회계·기금 전출금): eliminated against the other 회계's 4910 전입금
        return TRANSFER_OUT
    raise InvalidEntry(f"편성목 {budget_item!r} is not an expenditure the ledger maps (5xx-8xx)")
