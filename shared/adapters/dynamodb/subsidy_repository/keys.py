"""The subsidy table's keys and the states its items move through (the key design is in ``tables.py``)."""

from __future__ import annotations

SPEND_RESERVED, SPEND_RELEASED, SPEND_EXECUTED = "RESERVED", "RELEASED", "EXECUTED"
SPEND_CANCELLED = "CANCELLED"  # a card payment the card company reported cancelled (취소)
EVIDENCE_ACTIVE, EVIDENCE_RELEASED = "ACTIVE", "RELEASED"
NATIONAL = "NATIONAL"  # the scope of national (e나라도움) grants, and the writer name of the national feed


def grant_key(lg_code: str, grant_id: str) -> str:
    """Grant ids are scoped per LG: ``GRANT#<lg>#<id>``, national grants ``GRANT#NATIONAL#<id>``."""
    if not lg_code or not grant_id:
        raise ValueError("a grant is named by its LG (or NATIONAL) and its id")
    return f"GRANT#{lg_code}#{grant_id}"


def grant_ref(lg_code: str, grant_id: str) -> str:
    """A grant's reference in the blocking index: ``<lg>#<id>`` (ids never contain ``#``)."""
    return f"{lg_code}#{grant_id}"


def ref_key(ref: str) -> str:
    """The grant key of a blocking-index reference ``<lg>#<id>``."""
    lg_code, _, grant_id = ref.partition("#")
    return grant_key(lg_code, grant_id)


def link_sort_key(lg_code: str) -> str:
    """The sort key of an execution an LG official imported, beside the invoice's shared guard (sk=EVIDENCE)."""
    return f"LINK#{lg_code}"


def evidence_key(vendor_brn: str, invoice_id: str) -> str:
    return f"{vendor_brn}#{invoice_id}"
