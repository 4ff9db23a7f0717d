"""Payroll executions (인건비 집행): the recipient pays its staff's wages for a period from the grant's restricted
account (보조금 전용계좌), and files the payroll with the execution (``POST /v1/grants/{id}/payroll``)::

    {"payrollId": "2026-11", "category": "101-01",
     "wages": [{"personKey": "k7Qm2v...", "start": "2026-11-01", "end": "2026-11-30", "amount": 2800000}]}

A person is named by a non-identifying key (``personKey``): the recipient's salted hash of the person, the same
for that person on every grant it files, never a name, a phone or a resident registration number (주민등록번호: a
key that is or holds a valid one is refused, ``PERSONAL_DATA``). The key lets F07 find the same person's wages on
another grant over an overlapping period (``shared.domain.subsidy.evidence_indicators.payroll_overlap``) without
the platform ever holding who the person is. That the national system (e나라도움) keys persons the same way, so its
wage lines meet ours, is our reading of the link, not a published format.

A payroll is one execution of its category: ``PAY-<lg>-<grantId>-<payrollId>``; filed again, it records nothing
twice. Its hard rules are a card payment's (the grant open and paid, no sanction, the category and what is left
of it), and each wage's period lies within the grant period (F16).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.kr import rrn

from shared.domain.documents import Finding
from shared.domain.subsidy.cards import ID_CHARACTERS, account_findings, category_findings
from shared.domain.subsidy.model import CategoryBudget, Grant, Period, Sanction, Wage

PAYROLL_SPEND_PREFIX = "PAY-"
MAX_WAGES = 80  # wages a filing: each is an index entry in the execution's one transaction (100 items at most)
PERSON_KEY = re.compile(r"[A-Za-z0-9_\-]{16,64}")
_RRN_LIKE = re.compile(r"[0-9]{6}-?[0-9]{7}")


@dataclass(frozen=True, slots=True)
class Payroll:
    """One filing of wages paid from a grant's account: its id (the recipient's, e.g. the month), category and
    wages. ``recipient_brn`` pays them; ``day`` is the payment's business date (Seoul's)."""

    payroll_id: str
    lg_code: str
    grant_id: str
    recipient_brn: str
    category: str
    wages: tuple[Wage, ...]
    day: date

    @property
    def spend_id(self) -> str:
        return payroll_spend_id(self.lg_code, self.grant_id, self.payroll_id)

    @property
    def evidence_key(self) -> str:
        """The execution's evidence: the recipient's payroll of that id (used once, as an invoice is)."""
        return f"{self.recipient_brn}#PAYROLL-{self.payroll_id}"

    @property
    def amount(self) -> int:
        return sum(wage.amount for wage in self.wages)


def payroll_spend_id(lg_code: str, grant_id: str, payroll_id: str) -> str:
    return f"{PAYROLL_SPEND_PREFIX}{lg_code}-{grant_id}-{payroll_id}"


def is_payroll_spend(spend_id: str) -> bool:
    return spend_id.startswith(PAYROLL_SPEND_PREFIX)


def evidence_reference(evidence_key: str) -> str:
    """What an execution's evidence key names beside its vendor: a card's approval number, a payroll's id."""
    reference = evidence_key.partition("#")[2]
    return reference.removeprefix("PAYROLL-")


def grant_ref(lg_code: str, grant_id: str) -> str:
    """A grant as a wage names it: ``<lg>#<grantId>``, ``NATIONAL#<grantId>`` for a national one."""
    return f"{lg_code}#{grant_id}"


def person_key_findings(key: str, pointer: str) -> list[Finding]:
    """A person key is 16 to 64 letters, digits, '_' or '-', not all digits, and holds no resident number."""
    if any(rrn.is_valid(candidate.replace("-", "")) for candidate in _RRN_LIKE.findall(key)):
        return [Finding("PERSONAL_DATA", "A person key never holds a resident registration number", pointer)]
    if not PERSON_KEY.fullmatch(key) or key.isdigit():
        return [
            Finding(
                "PERSON_KEY",
                "A person key is the recipient's salted hash of the person: 16 to 64 letters, digits, '_' or '-', "
                "not all digits",
                pointer,
            )
        ]
    return []


def payroll_findings(
    payroll: Payroll,
    grant: Grant | None,
    category: CategoryBudget | None,
    sanctions: list[Sanction],
    evidence_holder: str | None,
) -> list[Finding]:
    """Every hard rule the payroll breaks (the account pays none of it): the grant and its 교부, sanctions on the
    payment's day, each wage (its person key, its period within the grant's: F16), the payroll used once (F12),
    the category and what is left of it."""
    if grant is None or grant.lg_code != payroll.lg_code:
        return [Finding("GRANT_NOT_FOUND", f"No grant {payroll.grant_id} for this recipient", "/grantId")]
    findings = account_findings(grant, sanctions, (payroll.day,))
    if not ID_CHARACTERS.fullmatch(payroll.payroll_id):
        findings.append(Finding("PAYROLL_ID", "letters, digits, '.', '_', ':' and '-' only", "/payrollId"))
    if not payroll.wages or len(payroll.wages) > MAX_WAGES:
        findings.append(Finding("WAGES", f"A payroll has 1 to {MAX_WAGES} wages", "/wages"))
    seen: set[tuple[str, Period]] = set()
    for index, wage in enumerate(payroll.wages):
        pointer = f"/wages/{index}"
        findings += person_key_findings(wage.person_key, f"{pointer}/personKey")
        if wage.period.end < wage.period.start:
            findings.append(Finding("PERIOD", "The wage's period ends before it starts", f"{pointer}/end"))
        elif not (grant.period.contains(wage.period.start) and grant.period.contains(wage.period.end)):
            findings.append(
                Finding(
                    "F16",
                    f"The wage's period {wage.period.start} to {wage.period.end} is outside the grant period "
                    f"{grant.period.start} to {grant.period.end}",
                    f"{pointer}/start",
                )
            )
        if (wage.person_key, wage.period) in seen:
            findings.append(Finding("WAGE_REPEATED", "The same person and period appear twice", pointer))
        seen.add((wage.person_key, wage.period))
    if evidence_holder is not None and evidence_holder != payroll.spend_id:
        findings.append(Finding("F12", "This payroll is already evidence of another execution", "/payrollId"))
    return findings + category_findings(grant, category, payroll.amount, "/category")
