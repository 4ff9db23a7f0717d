"""Domain errors with stable codes; the API turns each into RFC 9457 problem JSON, the intake into an upload's
rejection. Logic raises these; it never builds HTTP answers itself."""

from __future__ import annotations

from shared.domain.documents.model import Finding


class ClaimsError(Exception):
    """Base: ``status`` is the HTTP status an API client sees, ``code`` the stable rule id."""

    status = 400
    code = "BAD_REQUEST"
    title = "Bad request"

    def __init__(self, detail: str, findings: list[Finding] | None = None, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.findings = findings or [Finding(self.code, detail)]
        self.extra = extra


class Malformed(ClaimsError):
    status, code, title = 400, "MALFORMED", "Malformed document or request"


class ForbiddenContent(ClaimsError):
    status, code, title = 400, "FORBIDDEN_CONTENT", "Forbidden XML content"


class TooLarge(ClaimsError):
    status, code, title = 413, "TOO_LARGE", "Document too large"


class Invalid(ClaimsError):
    """Every failing rule, at once."""

    status, code, title = 422, "INVALID", "The document or claim breaks business rules"


class Forbidden(ClaimsError):
    status, code, title = 403, "FORBIDDEN", "Not allowed"


class NotFound(ClaimsError):
    status, code, title = 404, "NOT_FOUND", "Not found"


class Duplicate(ClaimsError):
    status, code, title = 409, "DUPLICATE", "Invoice already claimed"

    def __init__(self, detail: str, claim_id: str | None) -> None:
        """``claim_id`` names the earlier claim only when the caller may see it (else None: no id leaks)."""
        super().__init__(detail)
        if claim_id:
            self.extra["claimId"] = claim_id
        self.claim_id = claim_id


class Conflict(ClaimsError):
    status, code, title = 409, "INVALID_TRANSITION", "The claim is not in a state that allows this"


class RunExists(ClaimsError):
    status, code, title = 409, "RUN_EXISTS", "A run of this type and date exists already, started otherwise"


class IdempotencyKeyReused(ClaimsError):
    status, code, title = 422, "IDEMPOTENCY_KEY_REUSED", "Idempotency key reused with another body"


REFUSAL_BY_CODE: dict[str, type[ClaimsError]] = {
    "MALFORMED": Malformed,
    "FORBIDDEN_CONTENT": ForbiddenContent,
    "TOO_LARGE": TooLarge,
}
