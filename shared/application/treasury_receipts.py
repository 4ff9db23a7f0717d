"""The treasury bank's daily receipts file (금고 수납 자료): a CSV the LG's 금고 drops under the bucket's
``receipts/<lgCode>/`` prefix, one receipt (수납) a line, each recorded as ``POST /v1/revenues/receipts`` records it.

Columns (a header line first, UTF-8, a BOM allowed): ``receiptId`` (the bank's 수납번호: the idempotency key),
``date`` (수납일자, yyyy-mm-dd), ``amount`` (won), and either ``assessmentId`` (수납 of a 징수결정) or ``lineId`` (a
receipt assessed at once, 교부세 and the like). The layout is our own: the 금고 banks' file formats are not public.

Each line is one receipt by its id: a file delivered again records nothing twice, a line whose id was recorded
with other figures is refused (``RECORD_EXISTS``), and a bad line is reported with its number and code and
skipped, never failing the rest. The folder names the LG: the bank writes only its LG's folder (the bucket policy
in AWS), and no client is ever handed a URL under this prefix."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from shared.application.revenue import RevenueService
from shared.domain.actor import Actor
from shared.domain.claims.ports import DocumentStore, MissingObject, TooLargeObject
from shared.domain.errors import ClaimsError
from shared.domain.settlement import render
from shared.domain.settlement.ports import ReportStore
from shared.domain.settlement.revenue import RECEIPTS_PREFIX

MAX_RECEIPT_FILE_BYTES = 20 * 1024 * 1024  # a day's receipts of a large 구: about 200,000 lines
MAX_RECEIPT_LINES = 200_000
COLUMNS = ("receiptId", "date", "amount", "assessmentId", "lineId")
BANK = "treasury-bank"  # who records the file's receipts, in the ledger's history


@dataclass(slots=True)
class ImportedReceipts:
    """What a receipts file did: receipts recorded now, lines already recorded (a redelivery), lines refused."""

    lg_code: str | None
    received: int = 0
    already: int = 0
    amount: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "lgCode": self.lg_code,
            "received": self.received,
            "alreadyRecorded": self.already,
            "amount": self.amount,
            "refused": len(self.errors),
            "errors": self.errors,
        }


class TreasuryReceipts:
    def __init__(self, revenue: RevenueService, documents: DocumentStore, reports: ReportStore) -> None:
        self._revenue = revenue
        self._documents = documents
        self._reports = reports

    def import_file(self, key: str) -> ImportedReceipts:
        """Record the receipts of the file at ``key`` (``receipts/<lgCode>/<name>``), and keep what the import did
        beside the LG's reports (``receipts/<lgCode>/<name>.result.json``: counts, and each refused line with its
        number and code) for the LG's officials. A file that is gone, too large, not UTF-8 or not in this layout
        is reported, not retried; a line's transient failure raises (the message is delivered again, and the lines
        recorded before it are recognised by their ids)."""
        lg_code = _lg_of(key)
        if lg_code is None:
            result = ImportedReceipts(None)
            result.errors.append(_error(0, "RECEIPTS_KEY", f"a receipts file is {RECEIPTS_PREFIX}<lgCode>/<name>"))
            return result
        result = self._import(key, lg_code)
        self._reports.put_report(f"{key}.result.json", render.to_json(result.to_dict()), "application/json")
        return result

    def _import(self, key: str, lg_code: str) -> ImportedReceipts:
        result = ImportedReceipts(lg_code)
        try:
            stored = self._documents.get(key, MAX_RECEIPT_FILE_BYTES)
            text = stored.content.decode("utf-8-sig")
        except (MissingObject, TooLargeObject) as error:
            result.errors.append(_error(0, type(error).__name__, "the file is gone or too large"))
            return result
        except UnicodeDecodeError:
            result.errors.append(_error(0, "MALFORMED", "the file is not UTF-8"))
            return result
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in ("receiptId", "date", "amount") if c not in (reader.fieldnames or [])]
        if missing:
            result.errors.append(_error(1, "RECEIPTS_HEADER", f"the header lacks {', '.join(missing)}"))
            return result
        bank = Actor("official", lg_code, BANK)
        for number, row in enumerate(reader, start=2):
            if number - 1 > MAX_RECEIPT_LINES:
                result.errors.append(_error(number, "TOO_LARGE", f"at most {MAX_RECEIPT_LINES:,} lines a file"))
                break
            try:
                receipt_id, day, amount = _parsed(row)
            except ValueError as error:
                result.errors.append(_error(number, "MALFORMED", str(error)))
                continue
            before = self._revenue.receipt_of(bank, receipt_id)
            try:
                self._revenue.receive(
                    bank,
                    amount,
                    day,
                    assessment_id=(row.get("assessmentId") or "").strip() or None,
                    line_id=(row.get("lineId") or "").strip() or None,
                    receipt_id=receipt_id,
                )
            except ClaimsError as error:  # the line breaks a rule: reported, the others go on
                code = error.findings[0].code if error.findings else error.code
                result.errors.append(_error(number, code, str(error)))
                continue
            if before is None:
                result.received += 1
                result.amount += amount
            else:
                result.already += 1
        return result


def _lg_of(key: str) -> str | None:
    parts = key.removeprefix(RECEIPTS_PREFIX).split("/")
    if not key.startswith(RECEIPTS_PREFIX) or len(parts) != 2 or not parts[0].isdigit() or not parts[1]:
        return None
    return parts[0]


def _parsed(row: dict[str, str | None]) -> tuple[str, date, int]:
    receipt_id = (row.get("receiptId") or "").strip()
    if not receipt_id or len(receipt_id) > 100:
        raise ValueError("receiptId: 1 to 100 characters")
    try:
        day = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        raise ValueError("date: yyyy-mm-dd") from None
    text = (row.get("amount") or "").strip()
    if not text.isdigit() or len(text) > 15 or int(text) <= 0:
        raise ValueError("amount: a positive whole number of won")
    return receipt_id, day, int(text)


def _error(line: int, code: str, message: str) -> dict[str, object]:
    return {"line": line, "code": code, "message": message}
