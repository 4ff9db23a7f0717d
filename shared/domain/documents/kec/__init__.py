"""Korean e-tax invoice (전자세금계산서, KEC standard XML, root ``TaxInvoice``): parser and the Korean rules.

The parser (``reading``) reads the KEC elements the platform uses into a ``KecDocument`` (``model``); the rules
(``rules``, and ``amendments`` for amended invoices) run on what it read and report every failure at once, and
``invoice`` turns it into the canonical :class:`Invoice`; ``codes`` holds the code lists and date reading. A missing
or unreadable value is a finding, never an exception. ``Finding.path`` is the XPath of the offending element
(``/TaxInvoice/TaxInvoiceTradeSettlement/InvoicerParty/ID``), or of where a missing one belongs; elements of the KEC
namespace are written without a prefix.

Type code (TypeCode, 4 digits) = document kind + taxation kind:

- kind: 01 tax invoice (세금계산서), 02 amended tax invoice (수정세금계산서), 03 VAT-exempt invoice (계산서),
  04 amended VAT-exempt invoice (수정계산서);
- taxation, for tax invoices (01, 02): 01 standard (일반), 02 zero-rated (영세율), 03 consignment (위수탁),
  04 import (수입), 05 zero-rated consignment (영세율 위수탁), 06 import with deferred VAT payment (수입 납부유예);
  for VAT-exempt invoices (03, 04): 01 standard, 03 consignment, 04 import only.

Standard-rated (10 %) types are 01xx/02xx with taxation 01, 03, 04 or 06; zero-tax types are 01xx/02xx with
taxation 02 or 05 (영세율) and every 03xx/04xx (면세: a 계산서 carries no VAT).

| code | rule |
|---|---|
| KR-REQUIRED | a mandatory element is present and not empty (list below) |
| KR-NUMBER | an amount, quantity or unit price is a decimal number |
| KR-WHOLE-WON | every amount (totals, line amounts, line taxes) is a whole number of won |
| KR-ISSUEID-FORMAT | the approval number (승인번호, IssueID) is 24 digits |
| KR-ISSUEID-DATE | the first 8 digits of the approval number are a real date (yyyyMMdd) |
| KR-ISSUEDATE-FORMAT | the date of issue (작성일자, TaxInvoiceDocument/IssueDateTime) is a real date (yyyyMMdd) |
| KR-DATE-FUTURE | neither the date of issue nor the approval number's date is after today (Asia/Seoul) |
| KR-DATE-RANGE | neither the date of issue nor the approval number's date is before 2000-01-01 |
| KR-BRN-SUPPLIER | the supplier's BRN (InvoicerParty/ID) has the BRN format and check digit |
| KR-BRN-BUYER | the buyer's BRN (InvoiceeParty/ID) has the BRN format and check digit (an LG's 고유번호 has it too) |
| KR-TYPECODE | TypeCode is one of the documented codes above |
| KR-PURPOSECODE | PurposeCode is 01 (receipt, 영수) or 02 (claim, 청구) |
| KR-AMENDMENT-CODE | an amended type (02xx, 04xx) has an AmendmentStatusCode (수정사유); any given is 01..06 |
| KR-AMENDMENT-ORIGINAL | an amended type has an OriginalIssueID (당초 승인번호): 24 digits, a real date first |
| KR-TOTAL-GRAND | GrandTotalAmount (합계금액) = ChargeTotalAmount (공급가액) + TaxTotalAmount (세액) |
| KR-TOTAL-CHARGE | ChargeTotalAmount = sum of the lines' InvoiceAmount |
| KR-TOTAL-TAX | TaxTotalAmount = sum of the lines' TotalTax/CalculatedAmount (a line without one counts 0) |
| KR-VAT-RATE | standard-rated: abs(TaxTotalAmount - floor(ChargeTotalAmount x 0.10)) <= number of lines |
| KR-VAT-ZERO | zero-rated and VAT-exempt: TaxTotalAmount and every line's tax are 0 |
| KR-AMEND-NEGATIVE | 수정사유 03, 04, 06: the supply value is negative, the tax and every line not positive |
| KR-AMEND-ZERO-RATED | 수정사유 05: a tax invoice, zero-rated (xx02, xx05) unless it cancels the original (negative) |
| KR-AMEND-DATE-AFTER | 수정사유 02, 03, 04: the date of issue is not before the original's date (OriginalIssueID[:8]) |
| KR-AMEND-DATE-ORIGINAL | 수정사유 01, 05, 06: the date of issue (the original's) is not after its approval date |

KR-DATE-FUTURE and KR-DATE-RANGE apply to UBL and CII invoices too (:mod:`shared.domain.documents.dates`). Totals are
compared exactly whatever their number of digits (:func:`shared.domain.documents.model.exact_arithmetic`).

Mandatory elements (KR-REQUIRED): TaxInvoiceDocument/IssueID, TypeCode, IssueDateTime and PurposeCode; ID and
NameText of InvoicerParty and InvoiceeParty; ChargeTotalAmount and GrandTotalAmount, and TaxTotalAmount on a tax
invoice; at least one TaxInvoiceTradeLineItem, each with an InvoiceAmount.

Amendment reasons (AmendmentStatusCode): 01 correction of an error (기재사항 착오·정정), 02 change of supply value
(공급가액 변동), 03 return of goods (환입), 04 cancellation of the contract (계약의 해제), 05 local letter of credit
opened later (내국신용장 사후개설), 06 duplicate issue by mistake (착오에 의한 이중발급). Their sign and date rules
(부가가치세법 시행령 §70): 01 and 02 may go either way (01 is issued as a pair, the negative copy of the original
and the corrected one; 02 as the increase or the decrease); 03, 04 and 06 only take away, so their amounts are
negative; 05 re-issues the supply as zero-rated (the original, standard-rated, is cancelled by a negative one).
01, 05 and 06 carry the original's date of issue; 02, 03 and 04 the date of the change, the return or the
cancellation, which cannot come before the original.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from shared.domain.documents.kec.invoice import to_invoice
from shared.domain.documents.kec.reading import read_kec
from shared.domain.documents.kec.rules import check_kec
from shared.domain.documents.model import Finding, Invoice

__all__ = ["validate_kec"]


def validate_kec(root: etree._Element, today: date) -> tuple[Invoice, list[Finding]]:
    """Read a KEC ``TaxInvoice`` root and run every Korean rule against ``today``."""
    doc = read_kec(root)
    return to_invoice(doc), check_kec(doc, today)
