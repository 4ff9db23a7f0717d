"""E-invoice documents: hardened XML intake, parsers into one canonical model, and the business rules.

Public surface: :func:`validate_document` and the model types. Parsers for each format are imported lazily
so that a handler pays only for what it uses.
"""

from shared.domain.documents.model import (
    DocumentRefused,
    Finding,
    Invoice,
    InvoiceLine,
    Party,
    ValidationResult,
    VatBreakdown,
)
from shared.domain.documents.validate import FORMATS, MAX_DOCUMENT_BYTES, validate_document

__all__ = [
    "FORMATS",
    "MAX_DOCUMENT_BYTES",
    "DocumentRefused",
    "Finding",
    "Invoice",
    "InvoiceLine",
    "Party",
    "ValidationResult",
    "VatBreakdown",
    "validate_document",
]
