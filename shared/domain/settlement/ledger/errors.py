"""The ledger's refusals."""

from __future__ import annotations


class LedgerError(Exception):
    pass


class InvalidEntry(LedgerError, ValueError):
    """An entry that breaks a rule of double entry (unbalanced, zero, negative, unknown account, ...)."""


class EntryConflict(LedgerError):
    """The id is already recorded with other content (or the post/void id with another post/void)."""


class AlreadyFinal(LedgerError):
    """The pending entry was already posted or voided (by another post/void)."""


class UnknownEntry(LedgerError):
    """A post or void of a pending entry that is not recorded."""


class PeriodClosed(LedgerError):
    """An entry, post or void dated in a closed month."""


class FiscalYearClosed(PeriodClosed):
    """An entry, post or void of a fiscal year whose final close (결산 확정) has run: nothing more is written into it,
    whatever its date (the 출납정리기간's included)."""


class LimitExceeded(LedgerError):
    """A budget account would go negative (e.g. commitments above the authorised budget)."""
