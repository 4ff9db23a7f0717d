"""The card company's feed of a grant's card approvals (전용카드 승인·취소 내역): NDJSON the card company drops under
the bucket's ``cards/<lgCode>/`` prefix (the layout is in ``shared.domain.subsidy.cards``), each line recorded by
``shared.application.grant_executions``.

A file delivered again records nothing twice (each approval is keyed by its number); a bad line is reported with
its number and code and skipped, never failing the rest; what the import did is kept among the LG's reports
(``reports/cards/<lgCode>/<name>.result.json``: counts per outcome, each refused line with its codes, each flagged
one with its review) for its officials. The folder names the LG: the card company writes only its LG's folder (the
bucket policy in AWS), and no client is ever handed a URL under this prefix."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from shared.application.grant_executions import GrantExecutions
from shared.domain.claims.ports import DocumentStore, MissingObject, TooLargeObject
from shared.domain.settlement import render
from shared.domain.settlement.ports import ReportStore
from shared.domain.subsidy.cards import CARDS_PREFIX, parse_approval

MAX_CARD_FILE_BYTES = 50 * 1024 * 1024  # a day's approvals of every grant card of a large 구
MAX_CARD_LINES = 200_000
OUTCOMES = ("executed", "flagged", "cancelled", "already", "refused")


@dataclass(slots=True)
class ImportedCards:
    lg_code: str | None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))
    executed_amount: int = 0
    funded: int = 0
    flagged: list[dict[str, object]] = field(default_factory=list)
    errors: list[dict[str, object]] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "lgCode": self.lg_code,
            "counts": self.counts,
            "executedAmount": self.executed_amount,
            "funded": self.funded,
            "flagged": self.flagged,
            "errors": self.errors,
        }


class CardFeed:
    def __init__(self, executions: GrantExecutions, documents: DocumentStore, reports: ReportStore) -> None:
        self._executions = executions
        self._documents = documents
        self._reports = reports

    def import_file(self, key: str) -> ImportedCards:
        """Record every approval of the file at ``key`` (``cards/<lgCode>/<name>``) and keep the result beside it.
        A file that is gone, too large or not UTF-8 is reported, not retried; a line's transient failure raises
        (the message is delivered again, and the approvals recorded before it are recognised by their numbers)."""
        lg_code = _lg_of(key)
        result = ImportedCards(lg_code)
        if lg_code is None:
            result.errors.append(_error(0, "CARDS_KEY", f"a card feed is {CARDS_PREFIX}<lgCode>/<name>"))
            return result
        try:
            text = self._documents.get(key, MAX_CARD_FILE_BYTES).content.decode("utf-8-sig")
        except (MissingObject, TooLargeObject) as error:
            result.errors.append(_error(0, type(error).__name__, "the file is gone or too large"))
        except UnicodeDecodeError:
            result.errors.append(_error(0, "MALFORMED", "the file is not UTF-8"))
        else:
            self._lines(text, lg_code, result)
        self._reports.put_report(f"{key}.result.json", render.to_json(result.to_dict()), "application/json")
        return result

    def _lines(self, text: str, lg_code: str, result: ImportedCards) -> None:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            if number > MAX_CARD_LINES:
                result.errors.append(_error(number, "TOO_LARGE", f"at most {MAX_CARD_LINES:,} lines a file"))
                return
            try:
                approval = parse_approval(lg_code, json.loads(line))
            except (ValueError, RecursionError) as error:  # json.JSONDecodeError is a ValueError
                message = str(error) if not isinstance(error, json.JSONDecodeError) else "not a JSON object"
                result.errors.append(_error(number, "MALFORMED", message))
                result.counts["refused"] += 1
                continue
            outcome = self._executions.record(approval)
            result.counts[outcome.status] += 1
            if outcome.status == "executed":
                result.executed_amount += outcome.amount
                result.funded += outcome.funded
            elif outcome.status == "flagged":
                result.flagged.append(
                    {"line": number, "approvalNo": approval.approval_no, "reviewId": outcome.review_id}
                    | {"indicators": outcome.codes}
                )
            elif outcome.status == "refused":
                result.errors.append(
                    _error(number, ",".join(outcome.codes), outcome.message) | {"approvalNo": approval.approval_no}
                )


def _lg_of(key: str) -> str | None:
    parts = key.removeprefix(CARDS_PREFIX).split("/")
    if not key.startswith(CARDS_PREFIX) or len(parts) != 2 or not parts[0].isdigit() or not parts[1]:
        return None
    return parts[0]


def _error(line: int, code: str, message: str) -> dict[str, object]:
    return {"line": line, "code": code, "message": message}
