"""The payroll index (F07): each person's wages on every grant, under the person's non-identifying key
(pk=PERSON#<personKey>), from payroll executions and from the national link."""

from __future__ import annotations

from datetime import date

from pynamodb.transactions import TransactWrite

from shared.adapters.dynamodb.subsidy_models import WageItem
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.domain.subsidy.model import Period, Wage


def _item(wage: Wage) -> WageItem:
    return WageItem(
        f"PERSON#{wage.person_key}",
        f"WAGE#{wage.grant_ref}#{wage.spend_id}",
        grant_ref=wage.grant_ref,
        spend_id=wage.spend_id,
        start=wage.period.start.isoformat(),
        end=wage.period.end.isoformat(),
        amount=wage.amount,
    )


class PayrollIndex(SubsidyTable):
    def wages_of(self, person_keys: list[str]) -> list[Wage]:
        """Every wage on record for each person: one Query per person key, never a scan."""
        found = []
        for key in sorted(set(person_keys)):
            for item in WageItem.query(f"PERSON#{key}"):
                period = Period(date.fromisoformat(item.start), date.fromisoformat(item.end))
                found.append(Wage(key, item.grant_ref, period, int(item.amount), item.spend_id))
        return found

    def put_national_wage(self, wage: Wage) -> None:
        """A national grant's wage line (e나라도움): a put by its key, so the same line twice changes nothing."""
        _item(wage).save()

    @staticmethod
    def add_wages(tx: TransactWrite, wages: tuple[Wage, ...]) -> None:
        """A payroll execution's wages, indexed in the execution's transaction (a put each: filed again, the same)."""
        for wage in wages:
            tx.save(_item(wage))
