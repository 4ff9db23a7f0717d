"""The claims table's item keys: plain strings, importable without the table's models (the validation function
marks a claim's risk and needs no more of the claims table than this)."""

from __future__ import annotations


def claim_key(claim_id: str) -> tuple[str, str]:
    return f"CLAIM#{claim_id}", "CLAIM"


def upload_key(upload_id: str) -> tuple[str, str]:
    return f"UPLOAD#{upload_id}", "UPLOAD"
