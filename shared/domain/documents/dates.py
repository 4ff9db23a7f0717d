"""The platform's date rules, the same on every format (KEC, UBL, CII): an invoice is dated within reason.

| code | rule |
|---|---|
| KR-DATE-FUTURE | the date of issue is not after today (Asia/Seoul) |
| KR-DATE-RANGE | the date of issue is not before :data:`EARLIEST_ISSUE_DATE` (2000-01-01) |

On a KEC invoice both also hold for the approval number's date (its first 8 digits).

Neither is an EN 16931 rule: the standard only asks for a date (BR-03). They are the platform's, as the KR rules of
:mod:`shared.domain.documents.kec` are, and carry the same codes whatever the format so that a client handles one code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from shared.domain.documents.model import Finding

EARLIEST_ISSUE_DATE = date(2000, 1, 1)  # no claim the platform pays is older; 전자세금계산서 began in 2010


def issue_date_findings(
    issued: date | None, today: date, path: str | Callable[[], str], what: str = "the date of issue"
) -> list[Finding]:
    """[KR-DATE-FUTURE] ``issued`` is not after ``today``; [KR-DATE-RANGE] not before 2000-01-01.

    ``path`` is the XPath of the date, or a function giving it (only called for a finding)."""
    if issued is None or EARLIEST_ISSUE_DATE <= issued <= today:
        return []  # a missing or unreadable date is BR-03, SYNTAX-DATE, KR-REQUIRED or KR-ISSUEDATE-FORMAT
    where = path if isinstance(path, str) else path()
    if issued > today:
        return [Finding("KR-DATE-FUTURE", f"{what} {issued} is after today ({today})", where)]
    return [Finding("KR-DATE-RANGE", f"{what} {issued} is before {EARLIEST_ISSUE_DATE}", where)]
