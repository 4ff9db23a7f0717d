"""UBL 2.1 Invoice and CreditNote into the canonical :class:`Invoice` and the EN 16931 facts (EN 16931-3-2 binding).

One pass over the root's children, dispatching on the element name; below them single-step ``find``/``iterchildren``
with Clark names (the cheapest lxml lookups). Absent values become ``None``; an amount or date that is present but
unreadable becomes ``None`` plus a ``SYNTAX-*`` finding: the rules report what is missing, the parser never raises on
content.

Modules: ``names`` (element names, business term paths, Invoice and CreditNote kinds), ``reader`` (the reader's
state and the groups header and lines share), ``header`` (parties, delivery, payment means, document references),
``totals`` (tax totals and breakdowns, the monetary total), ``lines`` (lines, items, prices) and ``document`` (the
root pass, :func:`parse_ubl`).
"""

from shared.domain.documents.ubl.document import parse_ubl

__all__ = ["parse_ubl"]
