"""UN/CEFACT Cross Industry Invoice (CII D16B, ``rsm:CrossIndustryInvoice``) into the canonical model and the facts.

It fills the same :class:`~shared.domain.documents.facts.En16931Document` as the UBL parser, following the EN 16931-3-3
syntax binding, so that the same EN 16931 rules run on it. Like the UBL parser: one pass over each aggregate's
children dispatching on the element name, absent values ``None``, unreadable ones ``None`` plus a ``SYNTAX-*``
finding.

Modules: ``names`` (element names, business term paths, what occurs once), ``reader`` (the reader's state and the
groups header and lines share), ``parties`` (header trade agreement and delivery), ``settlement`` (header trade
settlement and monetary summation), ``lines`` (line items) and ``document`` (the root pass, :func:`parse_cii`).
"""

from shared.domain.documents.cii.document import parse_cii

__all__ = ["parse_cii"]
