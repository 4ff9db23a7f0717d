"""The national link (e나라도움): JSON lines of national grants, executions and business registry facts, from the
national feed or from an LG official's import. Every line is a put by its key, so a file imported twice changes
nothing; a bad line is reported and skipped. An execution whose invoice a local subsidy claim holds as evidence
flags that claim for review (F12 reused evidence, or F03 cancelled evidence)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any

from shared.application.subsidy import (
    SHARE_NAMES,
    GrantRequest,
    _grant_request_findings,
    _index_entries,
    invoice_key,
)
from shared.domain.calendar import now_seoul
from shared.domain.claims.ports import ClaimReader, DocumentStore, MissingObject, TooLargeObject
from shared.domain.documents import MAX_DOCUMENT_BYTES, Finding
from shared.domain.errors import Invalid
from shared.domain.subsidy.model import BusinessFacts, CategoryBudget, Grant, Period, Review, Wage
from shared.domain.subsidy.payroll import grant_ref, person_key_findings
from shared.domain.subsidy.ports import GrantTaken, LinkageStore

NATIONAL = "NATIONAL"  # the scope of national grants, and the writer of the national feed
MAX_LINKAGE_LINES = 50_000
MAX_AMOUNT = 10**15  # whole won, as the API models
MAX_INVOICE_ID = 256
_LG_CODE = re.compile(r"[0-9]{5}")
_BRN = re.compile(r"[0-9]{10}")
_EXTERNAL_ID = re.compile(r"[A-Za-z0-9._:\-]{1,64}")  # the API's grantId, contractId
_CATEGORY = re.compile(r"[0-9]{3}-[0-9]{2}")


class LinkageRefused(Exception):
    """A well-formed linkage line this import may not apply; ``code`` is reported with the line."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NationalLink:
    """Imports the national link's files: ``POST /v1/linkage/national`` and the S3 ``linkage/`` path."""

    def __init__(
        self,
        repository: LinkageStore,
        claims: ClaimReader,
        documents: DocumentStore | None = None,
        clock: Callable[[], datetime] = now_seoul,
    ) -> None:
        self._repo = repository
        self._claims = claims
        self._documents = documents
        self._clock = clock

    def import_file(self, key: str) -> dict[str, object]:
        """A national link file dropped under the bucket's ``linkage/`` prefix: read it (size-limited) and import
        it. A file that is gone, too large or not UTF-8 is reported, not retried."""
        if self._documents is None:
            raise RuntimeError("importing a file needs the document store")
        try:
            stored = self._documents.get(key, MAX_DOCUMENT_BYTES * 10)
        except (MissingObject, TooLargeObject) as error:
            return {"errors": [{"line": 0, "code": type(error).__name__, "message": key}]}
        try:
            text = stored.content.decode("utf-8")
        except UnicodeDecodeError:
            return {"errors": [{"line": 0, "code": "MALFORMED", "message": "not UTF-8"}]}
        return self.import_linkage(text)

    def import_linkage(self, text: str, importer: str | None = None) -> dict[str, object]:
        """Import JSON lines of national grants, executions and business facts. Every line is a put by its key,
        so importing the same file twice changes nothing; a bad line is reported and skipped.

        National facts have one writer, the national feed: ``importer`` None, the S3 ``linkage/`` path or the
        ``national`` role on ``POST /v1/linkage/national``. It imports lines of any LG and NATIONAL ones, and
        replaces any national-source grant (never a local grant, 교부결정 of an LG).

        ``importer`` is the LG of an official who sent the file through the API: the import stays within that LG.
        Its grant lines are of that LG only (``lgCode`` absent or NATIONAL: ``LINKAGE_LG_FORBIDDEN``) and replace
        only what its officials imported before (``LINKAGE_GRANT_TAKEN``); its executions name a grant of that
        LG (``LINKAGE_GRANT_UNKNOWN``), are evidence for that LG's claims only and flag only that LG's claims; its
        business lines are refused (``LINKAGE_BUSINESS_FORBIDDEN``): registry facts weigh on every LG's claims."""
        counts = {"grants": 0, "executions": 0, "businesses": 0, "wages": 0, "flagged": 0}
        errors: list[dict[str, object]] = []
        lines = text.splitlines()
        if len(lines) > MAX_LINKAGE_LINES:
            raise Invalid("Too many lines", [Finding("TOO_LARGE", f"At most {MAX_LINKAGE_LINES} lines a file", "")])
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line, parse_constant=_not_a_number)
                if not isinstance(record, dict):
                    raise ValueError("a line must be a JSON object")
                kind = record.get("type")
                if kind == "grant":
                    self._import_grant(record, importer)
                    counts["grants"] += 1
                elif kind == "execution":
                    counts["flagged"] += self._import_execution(record, importer)
                    counts["executions"] += 1
                elif kind == "business":
                    business = _business(record)
                    if importer is not None:
                        raise LinkageRefused(
                            "LINKAGE_BUSINESS_FORBIDDEN",
                            "Business registry lines come from the "
                            "national feed only, not from an LG official's import",
                        )
                    self._repo.put_business(business)
                    counts["businesses"] += 1
                elif kind == "wage":
                    wage = _wage(record)
                    if importer is not None:
                        raise LinkageRefused(
                            "LINKAGE_WAGE_FORBIDDEN",
                            "National grants' wage lines come from the national feed only",
                        )
                    self._repo.put_national_wage(wage)
                    counts["wages"] += 1
                else:
                    raise ValueError(f"unknown type {str(kind)[:50]!r}")
            except LinkageRefused as refused:
                errors.append({"line": number, "code": refused.code, "message": str(refused)[:300]})
            except (ValueError, KeyError, TypeError, InvalidOperation, OverflowError, RecursionError) as error:
                message = "nested too deeply" if isinstance(error, RecursionError) else str(error)[:300]
                errors.append({"line": number, "code": "LINKAGE_INVALID", "message": message})
        return {**counts, "errors": errors}

    def _import_grant(self, record: dict[str, Any], importer: str | None) -> None:
        request = _grant_request(record)
        findings = _grant_request_findings(request)
        if findings:
            raise ValueError("; ".join(f.message for f in findings))
        lg_code = record.get("lgCode") or NATIONAL
        if not isinstance(lg_code, str) or not (lg_code == NATIONAL or _LG_CODE.fullmatch(lg_code)):
            raise ValueError(f"lgCode is a 5-digit LG code or {NATIONAL}")
        if importer is not None and lg_code != importer:
            raise LinkageRefused(
                "LINKAGE_LG_FORBIDDEN",
                f"An official of LG {importer} imports grants of LG "
                f"{importer} only (lgCode {importer}); national and other LGs' grants come from "
                "the national feed",
            )
        grant = Grant(
            grant_id=request.grant_id or "",
            lg_code=lg_code,
            title=request.title,
            purpose=request.purpose,
            field=request.field,
            recipient_brn=request.recipient_brn,
            period=Period(request.start, request.end),
            budget=[CategoryBudget(c, a) for c, a in request.budget],
            funding_shares=request.funding_shares,
            created_at=self._clock().isoformat(),
            source="national",
        )
        try:
            self._repo.put_national_grant(grant, _index_entries(grant.summary()), importer=importer)
        except GrantTaken:
            raise LinkageRefused(
                "LINKAGE_GRANT_TAKEN",
                f"Grant {grant.grant_id} exists and is not a national grant this import may replace",
            ) from None

    def _import_execution(self, record: dict[str, Any], importer: str | None) -> int:
        grant_id = _linkage_id(record.get("grantId"), "grantId")
        vendor = _linkage_brn(record.get("vendorBrn"), "vendorBrn")
        invoice_id = _linkage_text(record.get("invoiceId"), "invoiceId", MAX_INVOICE_ID)
        amount = _linkage_amount(record.get("amount"), "amount")
        day = _linkage_day(record.get("date"), "date")
        cancelled = record.get("cancelled")
        if cancelled is not None and not isinstance(cancelled, bool):
            raise ValueError("cancelled is true or false")
        cancelled = bool(cancelled)
        if importer is not None and self._repo.get_grant(importer, grant_id) is None:
            raise LinkageRefused(
                "LINKAGE_GRANT_UNKNOWN",
                f"An official of LG {importer} imports executions of "
                f"grants of LG {importer} only; it has no grant {grant_id}",
            )
        # an official's import marks a local claim's evidence cancelled only once the claim is known to be its own
        holder = self._repo.put_national_execution(
            grant_id, vendor, invoice_id, amount, day, cancelled, mark_local=importer is None, importer=importer
        )
        if not holder:
            return 0
        claim = self._claims.get(holder)
        if claim is None or not claim.grant_id:
            return 0
        if importer is not None:
            if claim.lg_code != importer:
                return 0  # another LG's claim: its own officials or the system feed flag it, never this import
            if cancelled:
                self._repo.mark_evidence_cancelled(vendor, invoice_id, day)
        code, title = ("F03", "cancelled evidence") if cancelled else ("F12", "reused evidence (national)")
        evidence = {
            "invoiceKey": invoice_key(vendor, invoice_id),
            "nationalGrant": grant_id,
            "nationalAmount": amount,
            "date": day.isoformat(),
        }
        review = Review(
            review_id=f"R-{holder}-{code}",
            claim_id=holder,
            grant_id=claim.grant_id,
            lg_code=claim.lg_code,
            score=50,
            indicators=[{"code": code, "weight": 50, "title": title, "evidence": evidence}],
            status="open",
            created_at=self._clock().isoformat(),
        )
        return 1 if self._repo.add_review(review) else 0


# -- a line's fields ---------------------------------------------------------------------------------------------


def _grant_request(record: dict[str, Any]) -> GrantRequest:
    """A linkage grant line, shaped like ``POST /v1/grants`` (the API models' limits); the rules come after."""
    period = record["period"]
    if not isinstance(period, dict):
        raise ValueError("period is an object with start and end")
    budget = record.get("budget", [])
    if not isinstance(budget, list) or len(budget) > 50 or not all(isinstance(b, dict) for b in budget):
        raise ValueError("budget is a list of at most 50 objects with category and amount")
    shares = record.get("fundingShares") or {"national": "1"}
    if not isinstance(shares, dict) or not set(shares) <= set(SHARE_NAMES):
        raise ValueError(f"fundingShares is an object of {', '.join(SHARE_NAMES)}")
    if not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) and len(str(v)) <= 30 for v in shares.values()
    ):
        raise ValueError("fundingShares are decimal fractions")
    categories = []
    for line in budget:
        category = _linkage_text(line.get("category"), "budget category", 6)
        if not _CATEGORY.fullmatch(category):
            raise ValueError("a budget category is a 통계목 code such as 307-02")
        categories.append((category, _linkage_amount(line.get("amount"), "budget amount")))
    return GrantRequest(
        title=_linkage_text(record.get("title"), "title", 200),
        purpose=_linkage_text(record.get("purpose") or "", "purpose", 2000, required=False),
        field=_linkage_text(record.get("field"), "field", 50),
        recipient_brn=_linkage_brn(record.get("recipientBrn"), "recipientBrn"),
        start=_linkage_day(period.get("start"), "period start"),
        end=_linkage_day(period.get("end"), "period end"),
        budget=tuple(categories),
        funding_shares={k: str(v) for k, v in shares.items()},
        grant_id=_linkage_id(record.get("grantId"), "grantId"),
    )


def _not_a_number(name: str) -> object:
    raise ValueError(f"{name} is not a JSON number")


def _linkage_amount(value: object, name: str) -> int:
    """Whole won: a JSON integer (not true/false, not 1.0 or 1e3) from 0 to 10^15."""
    if type(value) is not int or not 0 <= value <= MAX_AMOUNT:
        raise ValueError(f"{name} is whole won, a JSON integer from 0 to {MAX_AMOUNT}")
    return value


def _linkage_text(value: object, name: str, max_length: int, required: bool = True) -> str:
    if not isinstance(value, str) or len(value) > max_length or (required and not value.strip()):
        raise ValueError(f"{name} is a{' non-empty' if required else ''} string of at most {max_length} characters")
    if any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in value):
        raise ValueError(f"{name} has control characters")
    return value


def _linkage_id(value: object, name: str) -> str:
    if not isinstance(value, str) or not _EXTERNAL_ID.fullmatch(value):
        raise ValueError(f"{name} is 1 to 64 letters, digits and . _ : -")
    return value


def _linkage_brn(value: object, name: str) -> str:
    if not isinstance(value, str) or not _BRN.fullmatch(value):
        raise ValueError(f"{name} is a 10-digit business registration number")
    return value


def _linkage_day(value: object, name: str) -> date:
    if not isinstance(value, str) or len(value) != 10:
        raise ValueError(f"{name} is a date, YYYY-MM-DD")
    return date.fromisoformat(value)


def _wage(record: dict[str, Any]) -> Wage:
    """A national grant's wage line (인건비): its person key, grant, period and amount; the line's key is the grant,
    the person and the period's start, so the same line twice is one wage."""
    grant_id = _linkage_id(record.get("grantId"), "grantId")
    person_key = _linkage_text(record.get("personKey"), "personKey", 64)
    refused = person_key_findings(person_key, "personKey")
    if refused:
        raise LinkageRefused(refused[0].code, refused[0].message)
    start, end = _linkage_day(record.get("start"), "start"), _linkage_day(record.get("end"), "end")
    if end < start:
        raise ValueError("end is before start")
    amount = _linkage_amount(record.get("amount"), "amount")
    line = f"{NATIONAL}-{grant_id}-{person_key}-{start.isoformat()}"
    return Wage(person_key, grant_ref(NATIONAL, grant_id), Period(start, end), amount, line)


def _business(record: dict[str, Any]) -> BusinessFacts:
    status = record.get("status", "active")
    if status not in ("active", "suspended", "closed"):
        raise ValueError(f"unknown business status {str(status)[:20]!r}")

    def day(name: str) -> date | None:
        return _linkage_day(record[name], name) if record.get(name) else None

    def digest(name: str) -> str | None:
        return _linkage_text(record[name], name, 256, required=False) if record.get(name) is not None else None

    return BusinessFacts(
        _linkage_brn(record.get("brn"), "brn"),
        status,
        day("statusSince"),
        day("registeredOn"),
        digest("representativeHash"),
        digest("accountHolderHash"),
    )
