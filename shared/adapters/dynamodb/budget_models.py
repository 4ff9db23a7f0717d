"""pynamodb models of budget lines and contracts in the settlement table (see
``shared/adapters/dynamodb/tables.py``)."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute

from shared.adapters.dynamodb.binding import SettlementModel, bind_models


class BudgetLineItem(SettlementModel):
    """``uncommitted`` = budgetCurrent - committed is kept so that a commitment is one conditional update."""

    line_id = UnicodeAttribute(attr_name="lineId")
    fund = UnicodeAttribute()
    field = UnicodeAttribute()
    sector = UnicodeAttribute()
    program = UnicodeAttribute()
    unit = UnicodeAttribute()
    project = UnicodeAttribute()
    object = UnicodeAttribute()
    stat_object = UnicodeAttribute(attr_name="statObject")
    budget = NumberAttribute()
    carried_in = NumberAttribute(attr_name="carriedIn", default=0)
    reserve_spending = NumberAttribute(attr_name="reserveSpending", default=0)
    transfers = NumberAttribute(default=0)
    budget_current = NumberAttribute(attr_name="budgetCurrent")
    committed = NumberAttribute(default=0)
    uncommitted = NumberAttribute()
    revision = NumberAttribute(null=True)  # loads so far: the id of the next budget-change ledger entry
    expended = NumberAttribute(null=True)  # 지출액: paid by payment runs (claims under contracts on this line)
    carried_over = NumberAttribute(attr_name="carriedOver", null=True)  # 다음연도이월액, from the final year close
    explicit_carry_over_approved = NumberAttribute(attr_name="explicitCarryOverApproved", null=True)  # 명시이월
    continuing = BooleanAttribute(null=True)  # 계속비
    accrued = NumberAttribute(null=True)  # accepted payment claims' recognised cost on the line (발생주의)
    subsidy_executed = NumberAttribute(attr_name="subsidyExecuted", null=True)  # recipients' accepted executions


class ContractItem(SettlementModel):
    contract_id = UnicodeAttribute(attr_name="contractId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    supplier_brn = UnicodeAttribute(attr_name="supplierBrn")
    amount = NumberAttribute()
    line_id = UnicodeAttribute(attr_name="lineId")
    accepted = NumberAttribute(default=0)
    remaining = NumberAttribute()
    created_at = UnicodeAttribute(attr_name="createdAt")


class YearContractItem(SettlementModel):
    """A contract named in its fiscal year's budget partition (sk ``CONTRACT#id``), so that a year close finds
    the year's contracts with one Query; the contract itself stays the one item to change."""

    contract_id = UnicodeAttribute(attr_name="contractId")
    line_id = UnicodeAttribute(attr_name="lineId")


BUDGET_MODELS = (BudgetLineItem, ContractItem, YearContractItem)


def bind(table: str, region: str) -> None:
    bind_models(BUDGET_MODELS, table, region)
