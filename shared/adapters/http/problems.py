"""RFC 9457 ``application/problem+json`` answers with stable codes."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from shared.domain.documents.model import Finding

PROBLEM_TYPE_BASE = "https://claims.localfinance.example/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(
    status: int, code: str, title: str, detail: str, findings: Sequence[Finding | Mapping[str, object]], **extra: object
) -> str:
    errors = [f.as_dict() if isinstance(f, Finding) else f for f in findings]
    body = {
        "type": PROBLEM_TYPE_BASE + code.lower().replace("_", "-"),
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors,
        **extra,
    }
    return json.dumps(body, ensure_ascii=False)
