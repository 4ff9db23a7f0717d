"""The similar-program blocking index (유사중복 사업): an entry per blocking key (``BLOCK#...``, ``RECIP#...``) naming a
grant by its reference ``<lg>#<id>``; read one Query a key (never a scan), then the grants it names in BatchGets."""

from __future__ import annotations

from shared.adapters.dynamodb.subsidy_models import GrantItem, IndexEntryItem
from shared.adapters.dynamodb.subsidy_repository.keys import grant_key, grant_ref, ref_key
from shared.adapters.dynamodb.subsidy_repository.mapping import grant_of
from shared.adapters.dynamodb.subsidy_repository.table import SubsidyTable
from shared.domain.subsidy.model import GrantSummary


def put_index_entries(lg_code: str, grant_id: str, entries: dict[str, dict[str, str]]) -> None:
    """The grant's entries under each of its blocking keys (``extra``: the entry's period), in batches: idempotent
    puts, so a grant written again writes the same entries."""
    with IndexEntryItem.batch_write() as batch:
        for key, extra in entries.items():
            batch.save(
                IndexEntryItem(
                    key,
                    grant_key(lg_code, grant_id),
                    grant_id=grant_ref(lg_code, grant_id),
                    start=extra.get("start"),
                    end=extra.get("end"),
                )
            )


class BlockingIndex(SubsidyTable):
    def put_index_entries(self, lg_code: str, grant_id: str, entries: dict[str, dict[str, str]]) -> None:
        put_index_entries(lg_code, grant_id, entries)

    def index_lookup(self, keys: list[str]) -> dict[str, list[IndexEntryItem]]:
        """Every grant entry under each blocking key: one Query per key, never a scan."""
        return {key: list(IndexEntryItem.query(key)) for key in keys}

    def grant_summaries(self, refs: list[str]) -> list[GrantSummary]:
        """The grants of the given blocking-index references (``<lg>#<id>``): BatchGets of 100."""
        found: list[GrantSummary] = []
        for start in range(0, len(refs), 100):
            keys = [(ref_key(ref), "GRANT") for ref in refs[start : start + 100]]
            found += [grant_of(item).summary() for item in GrantItem.batch_get(keys)]
        return found
