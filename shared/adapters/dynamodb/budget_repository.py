"""Data access for budget lines and contracts: commitments never exceed a line's budget current (예산현액), and a
claim never takes more than its contract's remaining amount — both as conditional updates, never read-then-write."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.budget_models import BudgetLineItem, ContractItem, YearContractItem, bind
from shared.adapters.dynamodb.ledger_models import PeriodItem, period_key
from shared.domain.settlement.budget import BudgetLine, Contract, ContractDraw, LineCommitment
from shared.domain.settlement.ledger import FiscalYearClosed, PeriodClosed, fiscal_period, period_of
from shared.domain.settlement.ports import ContractExists, LineUnknown, OverCommitted  # noqa: F401 (re-exported)

if TYPE_CHECKING:  # the ledger's rules load with the first budget change, not with this module
    from shared.domain.settlement.ledger import JournalEntry


def budget_key(lg_code: str, fy: int) -> str:
    return f"BUDGET#{lg_code}#{fy}"


def contract_key(lg_code: str, contract_id: str) -> str:
    return f"CONTRACT#{lg_code}#{contract_id}"


class BudgetRepository:
    def __init__(self, table: str, region: str) -> None:
        bind(table, region)
        self._connection = Connection(region=region)

    def load(self, lg_code: str, fy: int, lines: list[BudgetLine], day: date) -> list[BudgetLine]:
        """Load or reload a fiscal year's lines. Commitments made stay; a line may not drop below them. Each line's
        change of 예산현액 is posted to the ledger's budget accounts (Dr 9100 / Cr 9110, or back) in the same
        transaction as the line, under the line's next revision (so a reload is a new entry, a replay a no-op)."""
        from shared.adapters.dynamodb.ledger_repository import LedgerRepository

        current = {line.line_id: line for line in self.lines(lg_code, fy)}
        revisions = {
            i.line_id: int(i.revision or 0)
            for i in BudgetLineItem.query(budget_key(lg_code, fy), BudgetLineItem.sk.startswith("LINE#"))
        }
        refused = []
        for line in lines:
            old = current.get(line.line_id)
            revision = revisions.get(line.line_id, 0)
            delta = line.budget_current - (old.budget_current if old else 0)
            item = BudgetLineItem(budget_key(lg_code, fy), f"LINE#{line.line_id}")
            actions: list[Action] = [
                BudgetLineItem.line_id.set(line.line_id),
                BudgetLineItem.fund.set(line.fund),
                BudgetLineItem.field.set(line.field),
                BudgetLineItem.sector.set(line.sector),
                BudgetLineItem.program.set(line.program),
                BudgetLineItem.unit.set(line.unit),
                BudgetLineItem.project.set(line.project),
                BudgetLineItem.object.set(line.object),
                BudgetLineItem.stat_object.set(line.stat_object),
                BudgetLineItem.budget.set(line.budget),
                BudgetLineItem.carried_in.set(line.carried_in),
                BudgetLineItem.reserve_spending.set(line.reserve_spending),
                BudgetLineItem.transfers.set(line.transfers),
                BudgetLineItem.explicit_carry_over_approved.set(line.explicit_carry_over_approved),
                BudgetLineItem.continuing.set(line.continuing),
                BudgetLineItem.budget_current.set(line.budget_current),
                BudgetLineItem.uncommitted.set(line.budget_current - (BudgetLineItem.committed | 0)),
                BudgetLineItem.committed.set(BudgetLineItem.committed | 0),
                BudgetLineItem.revision.set(revision + 1),
            ]
            if old is None:
                condition = BudgetLineItem.pk.does_not_exist()
            else:  # nobody reloaded it meanwhile, and it stays above its commitments
                unchanged = (
                    BudgetLineItem.revision == revision if revision else BudgetLineItem.revision.does_not_exist()
                )
                condition = unchanged & (BudgetLineItem.committed <= line.budget_current)
            entries = [_budget_changed(lg_code, fy, line, delta, day, revision + 1)] if delta else []
            try:
                with TransactWrite(connection=self._connection) as tx:
                    tx.update(item, actions=actions, condition=condition)
                    if entries:
                        LedgerRepository.add_to(tx, LedgerRepository.plan(entries))
                    else:  # no budget change to post: the year must still be open (the ledger checks it otherwise)
                        tx.condition_check(
                            PeriodItem,
                            period_key(lg_code),
                            fiscal_period(fy),
                            condition=PeriodItem.pk.does_not_exist(),
                        )
            except TransactWriteError as error:
                self._explain_load(error, lg_code, fy, day)
                refused.append(line.line_id)
        if refused:
            raise OverCommitted(*refused)
        return self.lines(lg_code, fy)

    def line(self, lg_code: str, fy: int, line_id: str) -> BudgetLine | None:
        try:
            return _line(BudgetLineItem.get(budget_key(lg_code, fy), f"LINE#{line_id}"))
        except BudgetLineItem.DoesNotExist:
            return None

    @staticmethod
    def _explain_load(error: TransactWriteError, lg_code: str, fy: int, day: date) -> None:
        """A line's load was cancelled because its fiscal year is finally closed, or the month of its ledger entry
        is: say so. Anything else is the line refusing to fall below its commitments (reported with the other
        refused lines)."""
        closed = {item.month for item in PeriodItem.query(period_key(lg_code), consistent_read=True)}
        if fiscal_period(fy) in closed:
            raise FiscalYearClosed(f"fiscal year {fy} is closed for LG {lg_code}") from error
        if period_of(day) in closed:
            raise PeriodClosed(f"{day:%Y-%m} is closed for LG {lg_code}") from error

    def lines(self, lg_code: str, fy: int) -> list[BudgetLine]:
        return [_line(i) for i in BudgetLineItem.query(budget_key(lg_code, fy), BudgetLineItem.sk.startswith("LINE#"))]

    def record_carry_over(self, lg_code: str, fy: int, carry_over: dict[str, int]) -> None:
        """Write what the final year close carried over on every line of the year (0 where nothing was), so that
        the next year's loads can be held to it. Absolute values: a retried close writes the same."""
        line_ids = [line.line_id for line in self.lines(lg_code, fy)]
        for start in range(0, len(line_ids), 100):
            with TransactWrite(connection=self._connection) as tx:
                for line_id in line_ids[start : start + 100]:
                    tx.update(
                        BudgetLineItem(budget_key(lg_code, fy), f"LINE#{line_id}"),
                        actions=[BudgetLineItem.carried_over.set(carry_over.get(line_id, 0))],
                    )

    def add_contract(self, contract: Contract, day: date) -> None:
        """The contract, the line's commitment and its ledger entry (Dr 9110 / Cr 9120) in one transaction; the
        line must have the room."""
        from shared.adapters.dynamodb.ledger_repository import LedgerRepository
        from shared.domain.settlement import ledger

        line = self.line(contract.lg_code, contract.fy, contract.line_id)  # its 회계 (an unknown line: refused below)
        entry = ledger.commitment(
            lg_code=contract.lg_code,
            fy=contract.fy,
            contract_id=contract.contract_id,
            amount=contract.amount,
            day=day,
            fund=line.fund if line is not None else ledger.GENERAL_FUND,
        )
        try:
            with TransactWrite(connection=self._connection) as tx:
                LedgerRepository.add_to(tx, LedgerRepository.plan([entry]))
                tx.save(
                    ContractItem(
                        contract_key(contract.lg_code, contract.contract_id),
                        "CONTRACT",
                        contract_id=contract.contract_id,
                        lg_code=contract.lg_code,
                        fy=contract.fy,
                        supplier_brn=contract.supplier_brn,
                        amount=contract.amount,
                        line_id=contract.line_id,
                        accepted=0,
                        remaining=contract.amount,
                        created_at="",
                    ),
                    condition=ContractItem.pk.does_not_exist(),
                )
                tx.update(
                    BudgetLineItem(budget_key(contract.lg_code, contract.fy), f"LINE#{contract.line_id}"),
                    actions=[
                        BudgetLineItem.committed.add(contract.amount),
                        BudgetLineItem.uncommitted.add(-contract.amount),
                    ],
                    condition=BudgetLineItem.uncommitted >= contract.amount,
                )
                tx.save(
                    YearContractItem(
                        budget_key(contract.lg_code, contract.fy),
                        f"CONTRACT#{contract.contract_id}",
                        contract_id=contract.contract_id,
                        line_id=contract.line_id,
                    )
                )
        except TransactWriteError as error:
            self._explain(contract)
            raise error

    def year_contracts(self, lg_code: str, fy: int) -> list[Contract]:
        """The contracts registered in (or carried into) a fiscal year, as they stand now: one Query of the year's
        partition, one BatchGetItem per 100 contracts."""
        ids = [
            item.contract_id
            for item in YearContractItem.query(budget_key(lg_code, fy), YearContractItem.sk.startswith("CONTRACT#"))
        ]
        found = self.contracts(lg_code, ids)
        return [found[i] for i in sorted(found)]

    def carry_contract(self, contract: Contract, day: date) -> bool:
        """사고이월: what is left of ``contract`` is committed again in the next fiscal year, on the same line there
        (which must have the room), and the contract moves to that year, all in one transaction. False when the
        contract changed meanwhile or the line lacks the room; a contract already carried is left as it is."""
        from shared.adapters.dynamodb.ledger_repository import LedgerRepository
        from shared.domain.settlement import ledger

        to_fy, left = contract.fy + 1, contract.remaining
        line = self.line(contract.lg_code, to_fy, contract.line_id)
        entry = ledger.commitment(
            lg_code=contract.lg_code,
            fy=to_fy,
            contract_id=contract.contract_id,
            amount=left,
            day=day,
            carried=True,
            fund=line.fund if line is not None else ledger.GENERAL_FUND,
        )
        try:
            with TransactWrite(connection=self._connection) as tx:
                LedgerRepository.add_to(tx, LedgerRepository.plan([entry]))
                tx.update(
                    ContractItem(contract_key(contract.lg_code, contract.contract_id), "CONTRACT"),
                    actions=[ContractItem.fy.set(to_fy)],
                    condition=(ContractItem.fy == contract.fy) & (ContractItem.remaining == left),
                )
                tx.update(
                    BudgetLineItem(budget_key(contract.lg_code, to_fy), f"LINE#{contract.line_id}"),
                    actions=[BudgetLineItem.committed.add(left), BudgetLineItem.uncommitted.add(-left)],
                    condition=BudgetLineItem.uncommitted >= left,
                )
                tx.save(
                    YearContractItem(
                        budget_key(contract.lg_code, to_fy),
                        f"CONTRACT#{contract.contract_id}",
                        contract_id=contract.contract_id,
                        line_id=contract.line_id,
                    )
                )
        except TransactWriteError:
            return False
        return True

    def _explain(self, contract: Contract) -> None:
        if self.contract(contract.lg_code, contract.contract_id) is not None:
            raise ContractExists(contract.contract_id)
        try:
            BudgetLineItem.get(
                budget_key(contract.lg_code, contract.fy), f"LINE#{contract.line_id}", consistent_read=True
            )
        except BudgetLineItem.DoesNotExist:
            raise LineUnknown(contract.line_id) from None
        self._raise_if_closed(contract.lg_code, contract.fy)
        raise OverCommitted(contract.line_id)

    @staticmethod
    def _raise_if_closed(lg_code: str, fy: int) -> None:
        try:
            PeriodItem.get(period_key(lg_code), fiscal_period(fy), consistent_read=True)
        except PeriodItem.DoesNotExist:
            return
        raise FiscalYearClosed(f"fiscal year {fy} is closed for LG {lg_code}")

    def contract(self, lg_code: str, contract_id: str) -> Contract | None:
        try:
            item = ContractItem.get(contract_key(lg_code, contract_id), "CONTRACT", consistent_read=True)
        except ContractItem.DoesNotExist:
            return None
        return Contract(
            item.contract_id,
            item.lg_code,
            int(item.fy),
            item.supplier_brn,
            int(item.amount),
            item.line_id,
            int(item.accepted),
        )

    def contracts(self, lg_code: str, contract_ids: list[str]) -> dict[str, Contract]:
        """Many contracts in one BatchGetItem (a payment run's page)."""
        keys = [(contract_key(lg_code, c), "CONTRACT") for c in dict.fromkeys(contract_ids)]
        found = {}
        for start in range(0, len(keys), 100):
            for item in ContractItem.batch_get(keys[start : start + 100]):
                found[item.contract_id] = Contract(
                    item.contract_id,
                    item.lg_code,
                    int(item.fy),
                    item.supplier_brn,
                    int(item.amount),
                    item.line_id,
                    int(item.accepted),
                )
        return found

    @staticmethod
    def add_expended(tx: TransactWrite, lg_code: str, fy: int, line_id: str, amount: int) -> None:
        """Add to a payment run's transaction: what the line spent (지출액), merged per line by the caller."""
        tx.update(
            BudgetLineItem(budget_key(lg_code, fy), f"LINE#{line_id}"),
            actions=[BudgetLineItem.expended.add(amount)],
            condition=BudgetLineItem.pk.exists(),
        )

    @staticmethod
    def add_line_commitment(
        tx: TransactWrite, commitment: LineCommitment, spend: bool = False, accrue: bool = False
    ) -> None:
        """Add to an acceptance's transaction: a claim without a contract commits its amount on its line (지출원인행위),
        if the line has the room, and with ``accrue`` records it as the line's recognised cost; with ``spend`` (a
        grant's 교부) the line also executes it (지출액), in the same update (a transaction touches an item once)."""
        actions: list[Action] = [
            BudgetLineItem.committed.add(commitment.amount),
            BudgetLineItem.uncommitted.add(-commitment.amount),
        ]
        if spend:
            actions.append(BudgetLineItem.expended.add(commitment.amount))
        if accrue:
            actions.append(BudgetLineItem.accrued.add(commitment.amount))
        tx.update(
            BudgetLineItem(budget_key(commitment.lg_code, commitment.fy), f"LINE#{commitment.line_id}"),
            actions=actions,
            condition=BudgetLineItem.uncommitted >= commitment.amount,
        )

    @staticmethod
    def add_accrued(tx: TransactWrite, lg_code: str, fy: int, line_id: str, amount: int, subsidy: bool) -> None:
        """Add to an acceptance's transaction: the claim's cost recorded on the line it is spent from."""
        attribute = BudgetLineItem.subsidy_executed if subsidy else BudgetLineItem.accrued
        tx.update(
            BudgetLineItem(budget_key(lg_code, fy), f"LINE#{line_id}"),
            actions=[attribute.add(amount)],
            condition=BudgetLineItem.pk.exists(),
        )

    @staticmethod
    def add_draw(tx: TransactWrite, draw: ContractDraw) -> None:
        """Add to an acceptance's transaction: take the claim's amount from its contract, if it has the room."""
        tx.update(
            ContractItem(contract_key(draw.lg_code, draw.contract_id), "CONTRACT"),
            actions=[ContractItem.accepted.add(draw.amount), ContractItem.remaining.add(-draw.amount)],
            condition=(ContractItem.remaining >= draw.amount) & (ContractItem.supplier_brn == draw.supplier_brn),
        )


def _line(item: BudgetLineItem) -> BudgetLine:
    return BudgetLine(
        item.line_id,
        item.fund,
        item.field,
        item.sector,
        item.program,
        item.unit,
        item.project,
        item.object,
        item.stat_object,
        int(item.budget),
        int(item.carried_in),
        int(item.reserve_spending),
        int(item.transfers),
        int(item.committed),
        int(item.expended or 0),
        None if item.carried_over is None else int(item.carried_over),
        int(item.explicit_carry_over_approved or 0),
        bool(item.continuing),
        int(item.accrued or 0),
        int(item.subsidy_executed or 0),
    )


def _budget_changed(lg_code: str, fy: int, line: BudgetLine, delta: int, day: date, revision: int) -> JournalEntry:
    """The ledger's entry of the change, in the line's 회계 (built by the ledger's domain code:
    ``postings.budget_changed``)."""
    from shared.domain.settlement.ledger import budget_changed

    return budget_changed(
        lg_code=lg_code, fy=fy, line_id=line.line_id, delta=delta, day=day, revision=revision, fund=line.fund
    )
