"""pynamodb models of the ledger in the settlement table (see ``shared/adapters/dynamodb/tables.py`` for the key
design):

- entry    pk=LEDGER#<lg>#<fy>  sk=ENTRY#<entryId>    immutable lines; ``state`` pending -> posted | voided
- balance  pk=LEDGER#<lg>#<fy>  sk=BALANCE#<account>  an 일반회계 account's posted and pending debits and credits
           (ADD only);  sk=BALANCE#<회계>#<account> another 회계's (``fund`` names it)
- period   pk=PERIOD#<lg>       sk=<yyyy-mm>          a closed month
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute

from shared.adapters.dynamodb.binding import SettlementModel, bind_models
from shared.domain.settlement.ledger import GENERAL_FUND


def ledger_key(lg_code: str, fy: int) -> str:
    return f"LEDGER#{lg_code}#{fy}"


def entry_sort_key(entry_id: str) -> str:
    return f"ENTRY#{entry_id}"


def balance_sort_key(account: str, fund: str = GENERAL_FUND) -> str:
    """An 일반회계 account keeps the key it had before the ledger kept 회계 apart; another 회계's names it."""
    return f"BALANCE#{account}" if fund == GENERAL_FUND else f"BALANCE#{fund}#{account}"


def period_key(lg_code: str) -> str:
    return f"PERIOD#{lg_code}"


class LineAttribute(MapAttribute[str, str | float]):
    account = UnicodeAttribute()
    debit = NumberAttribute(default=0)
    credit = NumberAttribute(default=0)


class EntryItem(SettlementModel):
    """A journal entry. Its content (``contentHash`` covers it) never changes; a pending entry's ``state`` changes
    once, with the day (``finalDay``) and the post/void that did it (``finalBy``, ``finalHash``)."""

    entry_id = UnicodeAttribute(attr_name="entryId")
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    day = UnicodeAttribute()
    description = UnicodeAttribute()
    kind = UnicodeAttribute()  # posted | pending
    fund = UnicodeAttribute(null=True)  # 회계; none: the 일반회계
    lines = ListAttribute(of=LineAttribute)
    refs_json = UnicodeAttribute(attr_name="refs", default="{}")
    content_hash = UnicodeAttribute(attr_name="contentHash")
    state = UnicodeAttribute()  # posted | pending | voided
    final_day = UnicodeAttribute(attr_name="finalDay", null=True)
    final_by = UnicodeAttribute(attr_name="finalBy", null=True)
    final_hash = UnicodeAttribute(attr_name="finalHash", null=True)
    recorded_at = UnicodeAttribute(attr_name="recordedAt")


class BalanceItem(SettlementModel):
    """An account's totals, only ever changed by ``ADD`` in the transaction that writes the entries. ``available``
    is kept for limited (budget) accounts so that "never below zero" is one condition (``available >= :amount``)."""

    account = UnicodeAttribute()
    lg_code = UnicodeAttribute(attr_name="lgCode")
    fy = NumberAttribute()
    fund = UnicodeAttribute(null=True)  # 회계; none: the 일반회계
    debit = NumberAttribute(default=0)
    credit = NumberAttribute(default=0)
    pending_debit = NumberAttribute(attr_name="pendingDebit", default=0)
    pending_credit = NumberAttribute(attr_name="pendingCredit", default=0)
    available = NumberAttribute(null=True)


class PeriodItem(SettlementModel):
    """A closed month: entries, posts and voids dated in it are refused."""

    lg_code = UnicodeAttribute(attr_name="lgCode")
    month = UnicodeAttribute()
    closed_at = UnicodeAttribute(attr_name="closedAt")
    closed_by = UnicodeAttribute(attr_name="closedBy", null=True)


LEDGER_MODELS = (EntryItem, BalanceItem, PeriodItem)


def bind(table: str, region: str) -> None:
    bind_models(LEDGER_MODELS, table, region)
