"""The canonical :class:`Invoice` of a KEC tax invoice: net total = 공급가액, tax total = 세액, grand total = 합계금액,
and an EN 16931-style VAT category from the type code."""

from __future__ import annotations

from decimal import Decimal

from shared.domain.documents.brn import compact_brn
from shared.domain.documents.kec.codes import TAX_INVOICE_KINDS, is_tax_invoice, known_type, standard_rated, yyyymmdd
from shared.domain.documents.kec.model import KecDocument
from shared.domain.documents.model import Invoice, InvoiceLine, Party, VatBreakdown


def _vat_category(doc: KecDocument) -> tuple[str | None, Decimal | None]:
    """EN 16931-style category: S (standard, 10 %), Z (zero-rated), E (exempt); unknown types have none."""
    type_code = known_type(doc.type_code)
    if type_code is None:
        return None, None
    if type_code[:2] not in TAX_INVOICE_KINDS:
        return "E", Decimal(0)
    return ("S", Decimal(10)) if standard_rated(type_code) else ("Z", Decimal(0))


def to_invoice(doc: KecDocument) -> Invoice:
    """The canonical invoice: net total = 공급가액, tax total = 세액 (0 on a 계산서 without one), grand = 합계."""
    category, rate = _vat_category(doc)
    tax = doc.tax if doc.tax is not None or is_tax_invoice(doc) else Decimal(0)
    lines = [
        InvoiceLine(
            line_id=line.sequence or str(index),
            name=line.name,
            quantity=line.quantity,
            unit_price=line.unit_price,
            net_amount=line.amount,
            tax_amount=line.tax,
            vat_category=category,
            vat_rate=rate,
        )
        for index, line in enumerate(doc.lines, 1)
    ]
    return Invoice(
        format="kec",
        document_type=doc.type_code or "",
        invoice_id=doc.issue_id or "",
        issue_date=yyyymmdd(doc.issue_date),
        currency="KRW",
        supplier=Party(
            legal_id=compact_brn(doc.supplier_id) if doc.supplier_id else None,
            name=doc.supplier_name or None,
            country="KR",
        ),
        buyer=Party(
            legal_id=compact_brn(doc.buyer_id) if doc.buyer_id else None, name=doc.buyer_name or None, country="KR"
        ),
        lines=lines,
        net_total=doc.charge,
        tax_total=tax,
        grand_total=doc.grand,
        payable_amount=doc.grand,
        vat_breakdown=[VatBreakdown(category, rate, doc.charge, tax)] if category else [],
    )
