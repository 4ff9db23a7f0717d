"""Settlement reports (결산): the year-end and month-end figures as pure functions over plain inputs.

No AWS, no I/O, no clock: the runs gather the inputs (budget lines, ledger balances, grants, paid claims), call
these functions and hand the dicts to ``render`` (JSON, CSV, HTML). Every report is a plain dict with the
contract's camelCase keys.

Money is integer won (``int``) everywhere, never float. Ratios are ``Decimal`` fractions (``0.7806`` = 78.06%),
rounded half-up to four places, ``None`` when the denominator is zero; keys holding one end in ``Rate`` so the
renderers show them as percentages with one decimal. Averages of days are ``Decimal`` with one decimal. Every
rounding is done in exact integer arithmetic (no binary floats, no Decimal context surprises).

Reports, their functions and formulas (brief, sections 3 and 4):

- 세출 결산 (budget settlement), ``budget_settlement``: 예산현액 = 예산액 + 전년도이월액 + 예비비지출
  + 전용·이용·이체 (signed); 불용액 = 예산현액 - 지출액 - 다음연도이월액; 집행률 = 지출액 / 예산현액;
  totals per 분야 (byField), per 회계 (byFund) and overall.
- 재무결산 (financial statements), ``financial_statements``: balances on the normal side (asset and expense:
  debit - credit; the others: credit - debit); 재정운영표 surplus = 수익 - 비용; 순자산 = net-asset accounts
  + surplus; the 재정상태표 balances when 자산 = 부채 + 순자산, true exactly when the trial balance does.
- 사업순원가 by 분야, ``program_cost_by_field``: the section's amount split by the lines' recognised costs, the
  remainder ``unattributed``.
- 세계잉여금 대사 (reconciliation), ``reconcile``: per fund, 세계잉여금 = 세입 - 세출; matches when cash equals it.
- the budget execution check, ``execution_check``: per line, 지출액 = what the payment runs paid from it.
- 세입 결산 (revenue settlement), ``revenue_settlement``: per 세입과목 징수결정액 = 수납액 + 불납결손액 + 미수납액,
  징수율 = 수납액 / 징수결정액, totals per kind and 회계; ``fund_summary``: 세입세출결산 총괄 per 회계, 결산상잉여금 =
  수납액 - 지출액, 순세계잉여금 = 결산상잉여금 - 다음연도이월액 - 보조금 반환금.
- 보조금 정산 (grant settlement), ``grant_settlement``: 반납액 = 교부액 - 집행액 + 이자, split by funding shares:
  each share is floor(반납액 x 비율), then cut to a multiple of 10 won (share - share % 10), which is how this
  module reads "amounts under 10 won dropped"; what is cut is reported as ``dropped`` (under 10 won a share).
- 대금 지급 적기성 (payment timeliness), ``payment_timeliness``: on time when paidOn <= dueDate; days late =
  paidOn - dueDate; 지연이자 = floor(amount x rate x days late / 365), ``late_interest``.
- 지방재정365 (public indicators), ``public_indicators``: budget and settlement size, execution by 분야,
  재정자립도 = (지방세 + 세외수입) / 일반회계 예산 and 재정자주도 = (지방세 + 세외수입 + 지방교부세 +
  조정교부금) / 일반회계 예산 (fractions, and x 100 as ``financialIndependence``, ``financialAutonomy``), 지방세
  징수율, subsidies, timeliness:
  aggregates only, no ids, no BRNs, no personal data.
"""

from __future__ import annotations

from shared.domain.settlement.reports.arithmetic import (
    ACCOUNT_TYPES,
    BUDGET_TYPE,
    DAYS_PER_YEAR,
    DAYS_PLACES,
    DEBIT_NORMAL,
    RATE_PLACES,
    RETURN_UNIT,
    SHARE_KEYS,
    average,
    floor_times,
    late_interest,
    ratio,
    to_decimal,
    won,
)
from shared.domain.settlement.reports.budget_settlement import (
    BUDGET_LINE_COLUMNS,
    BudgetLine,
    LineExecution,
    SettlementLine,
    budget_settlement,
    execution_by,
    settle_line,
)
from shared.domain.settlement.reports.grants import (
    GrantSettlementInput,
    grant_settlement,
    normalise_shares,
    settle_grant,
    split_return,
)
from shared.domain.settlement.reports.indicators import (
    OwnRevenue,
    financial_autonomy_rate,
    financial_independence_rate,
    public_indicators,
)
from shared.domain.settlement.reports.notes import ACCOUNTING_POLICIES, Receivable, statement_notes
from shared.domain.settlement.reports.program_cost import UNATTRIBUTED_FIELD, LineCost, program_cost_by_field
from shared.domain.settlement.reports.reconciliation import (
    FundCash,
    check_failures,
    execution_check,
    reconcile,
    reconcile_fund,
)
from shared.domain.settlement.reports.revenue_settlement import (
    REVENUE_LINE_COLUMNS,
    fund_summary,
    revenue_settlement,
)
from shared.domain.settlement.reports.statements import (
    ASSET_SECTIONS,
    LIABILITY_SECTIONS,
    NET_ASSET_SECTIONS,
    StatementLine,
    StatementRow,
    financial_statements,
    fund_statement_rows,
    restricted_fund,
    section_amount,
)
from shared.domain.settlement.reports.timeliness import PaidClaim, TimelinessTally, payment_timeliness

__all__ = [
    "UNATTRIBUTED_FIELD",
    "LineCost",
    "program_cost_by_field",
    "ACCOUNTING_POLICIES",
    "Receivable",
    "statement_notes",
    "ASSET_SECTIONS",
    "LIABILITY_SECTIONS",
    "NET_ASSET_SECTIONS",
    "restricted_fund",
    "fund_statement_rows",
    "section_amount",
    "REVENUE_LINE_COLUMNS",
    "financial_autonomy_rate",
    "fund_summary",
    "revenue_settlement",
    "ACCOUNT_TYPES",
    "BUDGET_LINE_COLUMNS",
    "BUDGET_TYPE",
    "BudgetLine",
    "DAYS_PER_YEAR",
    "DAYS_PLACES",
    "DEBIT_NORMAL",
    "FundCash",
    "GrantSettlementInput",
    "LineExecution",
    "OwnRevenue",
    "PaidClaim",
    "RATE_PLACES",
    "RETURN_UNIT",
    "SHARE_KEYS",
    "SettlementLine",
    "TimelinessTally",
    "StatementLine",
    "StatementRow",
    "average",
    "budget_settlement",
    "execution_by",
    "financial_independence_rate",
    "financial_statements",
    "floor_times",
    "grant_settlement",
    "late_interest",
    "normalise_shares",
    "payment_timeliness",
    "public_indicators",
    "ratio",
    "check_failures",
    "execution_check",
    "reconcile",
    "reconcile_fund",
    "settle_grant",
    "settle_line",
    "split_return",
    "to_decimal",
    "won",
]
