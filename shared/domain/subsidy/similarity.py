"""Similar or duplicate programs (유사·중복 사업): the findings on a new grant, and the blocking keys that find them.

Two findings, after the brief:

* P01 duplicate funding (중복 지원): the same recipient funded for the same expense category (통계목) over
  overlapping periods, in ANY LG or nationally. Score 1.0.
* P02 similar program (유사 사업): same field (분야), overlapping years, ``similarity >= SIMILAR_AT``, and a peer:
  a grant of the same LG (``lg_code``) or a national one (e나라도움, ``lg_code == NATIONAL``). Two LGs running the
  same kind of program is no finding (every LG has its 경로당 program); a local program repeating a national one
  is. A NATIONAL grant's peers are the NATIONAL grants only: searching every LG for it would be a fan-out over all
  243 of them. So the rule, ``other.lg_code in (grant.lg_code, NATIONAL)``, is not symmetric for a national and a
  local grant: the pair is named on the local grant's side only. A national-link grant that carries an ``lgCode``
  is a grant of that LG here (the rule reads ``lg_code``, not ``source``).

Similarity (``grams``) is the Jaccard index of character bigrams of the normalised texts, the larger of the
title's and the purpose's; only the first ``MAX_TEXT_CHARS`` characters of a normalised text are compared and
indexed, which bounds the reads (below).

Blocking (the index) and why it misses nothing. Every grant is stored under

* ``blocking_keys``: ``{lg_code}#{field}#{year}#{gram}`` for every year of its period and EVERY bigram of its
  normalised title;
* ``purpose_keys``: ``{lg_code}#{field}#{year}#p#{gram}`` likewise for the purpose (a separate namespace: a purpose
  bigram must meet a purpose bigram, since the two Jaccard indexes are computed separately);
* ``recipient_keys``: ``{recipient_brn}#{category}`` per category, for P01 (no LG: P01 spans every LG).

A grant is stored under its own ``lg_code`` only; a query reads the keys of its ``peer_lgs``: its LG and NATIONAL.
Within one group (peer LG, field, year, text) it need not read all its keys either. If ``J(Q, B) >= t`` then
``|Q & B| >= t * |Q | B| >= t * |Q|``, so at least ``a = ceil(t * |Q|)`` of Q's grams are in B; any
``|Q| - a + 1`` of Q's grams therefore contain one of them (only ``a - 1`` are left out). So per group the query
reads only that many keys (``probe_count``, ``probe_keys``). The choice is free, the guarantee holds for any choice:
the in-memory index takes the grams with the shortest posting lists (the rarest, known to it); the DynamoDB version,
which cannot know the list sizes without reading them, takes the first grams in code-point order
(``posting_size=None``). Candidates are then verified with exactly the rules of ``naive_find``, so
``BlockingIndex.find``, ``SubsidyService.similar_programs`` and ``naive_find`` agree.

Reads per new grant (DynamoDB Queries) are therefore bounded: at most 2 peer LGs x years x (50 title + 50 purpose
grams) (``probe_count`` of the 99 bigrams of ``MAX_TEXT_CHARS`` characters is 50), that is 200 a year of the
period, plus one per expense category. In the benchmark a local grant reads 75 on average (1.8 years; 5.6 title
and 15.2 purpose grams per peer LG and year; 1.2 categories), at most 157; it is stored under 63 keys. Purposes
are the larger part; they are indexed because P02 also fires on a similar purpose under an unrelated title, and a
titles-only index would miss what the pairwise scan finds.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator

from shared.domain.subsidy.grams import StoredGrams, TextGrams, jaccard, ngrams, text_grams
from shared.domain.subsidy.model import GrantSummary, Period, SimilarProgram

SIMILAR_AT = 0.5  # half the bigrams in common: renamed or re-run programs pass, same-target-other-topic do not
NATIONAL = "NATIONAL"  # the lg_code of a national (e나라도움) grant
_EPSILON = 1e-9  # floats: round the required overlap down, never up (a longer probe only costs a little)

PostingSize = Callable[[str], int]


def peer_lgs(grant: GrantSummary) -> tuple[str, ...]:
    """The LGs whose grants P02 compares ``grant`` with: its own and NATIONAL (only NATIONAL for a national one)."""
    return (NATIONAL,) if grant.lg_code == NATIONAL else (grant.lg_code, NATIONAL)


def is_peer(grant: GrantSummary, other: GrantSummary) -> bool:
    """``other`` is of ``grant``'s LG, or national (P02 only; P01 spans every LG)."""
    return other.lg_code == grant.lg_code or other.lg_code == NATIONAL


# --- keys (pure: the DynamoDB version stores the same strings as items) -----------------------------------------
#
# A gram key is ``{group}#{gram}``, its group ``{lg_code}#{field}#{year}`` (title) or ``{lg_code}#{field}#{year}#p``
# (purpose): one group per LG, year and text, within which a query picks the grams it reads.

PURPOSE_MARKER = "#p"


def groups(grant: GrantSummary, lgs: Iterable[str], marker: str = "") -> list[str]:
    """The key groups of ``grant``'s field and years in each of ``lgs``, for the title (``marker`` "") or the
    purpose (PURPOSE_MARKER)."""
    return [f"{lg}#{grant.field}#{year}{marker}" for lg in lgs for year in grant.period.years]


def _gram_keys(grant: GrantSummary, grams: Iterable[str], marker: str = "") -> set[str]:
    return {f"{group}#{gram}" for group in groups(grant, (grant.lg_code,), marker) for gram in grams}


def blocking_keys(grant: GrantSummary) -> set[str]:
    """``{lg_code}#{field}#{year}#{gram}`` for each year of the period and every bigram of the normalised title."""
    return _gram_keys(grant, ngrams(grant.title))


def purpose_keys(grant: GrantSummary) -> set[str]:
    """``{lg_code}#{field}#{year}#p#{gram}`` for each year of the period and every bigram of the normalised purpose."""
    return _gram_keys(grant, ngrams(grant.purpose), PURPOSE_MARKER)


def recipient_keys(grant: GrantSummary) -> set[str]:
    """``{recipient_brn}#{category}`` per expense category (P01, every LG)."""
    return {f"{grant.recipient_brn}#{category}" for category in grant.categories}


def gram_keys(grant: GrantSummary, grams: TextGrams | StoredGrams | None = None) -> set[str]:
    """The P02 keys a grant is stored under: its title and purpose keys (``grams``: its text grams if known)."""
    title, purpose = grams if grams is not None else text_grams(grant)
    return _gram_keys(grant, title) | _gram_keys(grant, purpose, PURPOSE_MARKER)


def index_keys(grant: GrantSummary, grams: TextGrams | StoredGrams | None = None) -> set[str]:
    """Every key a grant is stored under: title, purpose and recipient keys (``grams``: its text grams if known)."""
    return gram_keys(grant, grams) | recipient_keys(grant)


def min_overlap(size: int) -> int:
    """Grams a set of ``size`` grams must share with another to reach SIMILAR_AT with it (at least 1)."""
    return max(1, math.ceil(SIMILAR_AT * size - _EPSILON))


def probe_count(size: int) -> int:
    """Of a text of ``size`` grams, how many a query reads per group: any that many include a shared gram of every
    text at or above SIMILAR_AT with it (``size - min_overlap(size) + 1``; 0 for no text)."""
    return size - min_overlap(size) + 1 if size else 0


def gram_probe_keys(
    grant: GrantSummary, posting_size: PostingSize | None = None, grams: TextGrams | None = None
) -> set[str]:
    """The P02 keys a query must read: in each group of its peer LGs and years, ``probe_count`` of each text's
    grams. With ``posting_size``, those with the shortest posting lists (ties by key); without, the first in
    code-point order (the choice that needs no reads). Any choice of that many grams finds every peer grant at or
    above SIMILAR_AT (module docstring); the rarest ones give the fewest candidates."""
    keys: set[str] = set()
    lgs = peer_lgs(grant)
    for text, marker in zip(grams if grams is not None else text_grams(grant), ("", PURPOSE_MARKER), strict=True):
        count, ordered = probe_count(len(text)), sorted(text)
        for group in groups(grant, lgs, marker) if count else ():
            group_keys = [f"{group}#{gram}" for gram in ordered]  # in key order; sorted() keeps ties in it
            keys.update(sorted(group_keys, key=posting_size)[:count] if posting_size else group_keys[:count])
    return keys


def probe_keys(
    grant: GrantSummary, posting_size: PostingSize | None = None, grams: TextGrams | None = None
) -> set[str]:
    """Every key a query reads: its ``gram_probe_keys`` and all its recipient keys."""
    return gram_probe_keys(grant, posting_size, grams) | recipient_keys(grant)


# --- verdicts (shared by the index and the pairwise scan) -------------------------------------------------------


def _years_overlap(a: Period, b: Period) -> bool:
    return a.start.year <= b.end.year and b.start.year <= a.end.year


def _duplicate_funding(grant: GrantSummary, other: GrantSummary) -> SimilarProgram | None:
    """P01: same recipient (checked by the caller), same category, overlapping periods."""
    if not grant.period.overlaps(other.period):
        return None
    shared = sorted(set(grant.categories) & set(other.categories))
    if not shared:
        return None
    start, end = max(grant.period.start, other.period.start), min(grant.period.end, other.period.end)
    days = (end - start).days + 1
    reason = (
        f"same recipient funded twice for category {', '.join(shared)} over overlapping periods "
        f"(overlap {start.isoformat()}..{end.isoformat()}, {days} day{'s' if days > 1 else ''})"
    )
    return SimilarProgram("P01", other.grant_id, other.source, 1.0, reason)


def _similar_program(grant: GrantSummary, other: GrantSummary, title: float, purpose: float) -> SimilarProgram:
    """P02: a peer, same field, overlapping years (checked by the caller), similar title or purpose."""
    score = max(title, purpose)
    first = max(grant.period.start.year, other.period.start.year)
    last = min(grant.period.end.year, other.period.end.year)
    years = str(first) if first == last else f"{first}-{last}"
    reason = (
        f"similar program in {grant.field} in {years}: score {score:.2f} (title {title:.2f}, purpose "
        f"{purpose:.2f}): '{grant.title}' vs '{other.title}'"
    )
    return SimilarProgram("P02", other.grant_id, other.source, score, reason)


def findings(
    grant: GrantSummary,
    other: GrantSummary,
    grams: TextGrams | None = None,
    other_grams: TextGrams | StoredGrams | None = None,
) -> list[SimilarProgram]:
    """P01 and P02 of ``other`` against ``grant`` (empty for the grant itself). ``grams`` and ``other_grams``: the
    grants' text grams if already known (computed here otherwise, and only when LG, field and years match)."""
    found: list[SimilarProgram] = []
    if other.grant_id == grant.grant_id and other.lg_code == grant.lg_code:  # ids are scoped per LG
        return found
    if other.recipient_brn == grant.recipient_brn and (p01 := _duplicate_funding(grant, other)) is not None:
        found.append(p01)
    if other.field == grant.field and is_peer(grant, other) and _years_overlap(grant.period, other.period):
        own = grams if grams is not None else text_grams(grant)
        theirs = other_grams if other_grams is not None else text_grams(other)
        title, purpose = jaccard(own[0], theirs[0]), jaccard(own[1], theirs[1])
        if title >= SIMILAR_AT or purpose >= SIMILAR_AT:
            found.append(_similar_program(grant, other, title, purpose))
    return found


def _ranked(found: Iterable[SimilarProgram]) -> list[SimilarProgram]:
    return sorted(found, key=lambda item: (-item.score, item.other_grant_id, item.code))


def naive_find(grant: GrantSummary, grants: Iterable[GrantSummary]) -> list[SimilarProgram]:
    """The pairwise scan: every grant checked against ``grant`` (the reference for the index; grant ids unique)."""
    own = text_grams(grant)
    return _ranked(item for other in grants for item in findings(grant, other, own))


# --- the in-memory index -------------------------------------------------------------------------------------------

SIGNATURE_BITS = 256  # of a text's signature in the in-memory index (the grams' bits, each gram one bit)


class BlockingIndex:
    """The DynamoDB index in memory: every grant under each of its ``index_keys``, and the grants with their grams.

    A key ``{head}#{last}`` (``last``: a gram, or a category) is held as ``postings[head][last]``, so a query looks
    a group's grams up in one small dict instead of building every key. ``find`` reads, in each group of the query,
    the ``probe_count`` rarest grams (the keys of ``probe_keys(grant, index.posting_size)``) and every recipient key.
    Before the full rules it keeps, of the grants met under a gram key, those whose text is similar to the query's,
    and checks first, more cheaply, that they can share ``min_overlap`` grams of it: each gram has one of
    SIGNATURE_BITS bits, a text's signature is the bits of its grams, and ``need`` shared grams leave at least as
    many common bits as the fewest bits ``need`` of the query's grams occupy (one AND and a bit count a grant,
    where the Jaccard index costs a set intersection)."""

    def __init__(self, grants: Iterable[GrantSummary] = (), signature_bits: int = SIGNATURE_BITS) -> None:
        self.signature_bits = signature_bits
        self.postings: dict[str, dict[str, list[str]]] = {}
        self.grants: dict[str, GrantSummary] = {}
        self.grams: dict[str, StoredGrams] = {}  # computed once per grant, as the stored items would carry them
        self.signatures: tuple[dict[str, int], dict[str, int]] = ({}, {})  # title, purpose: grant id -> signature
        self._bits: dict[str, int] = {}  # gram -> its bit: in the order first seen, modulo signature_bits
        for grant in grants:
            self.add(grant)

    def __len__(self) -> int:
        return len(self.grants)

    def add(self, grant: GrantSummary) -> None:
        """Store (or replace) a grant under all its keys."""
        old = self.grants.get(grant.grant_id)
        if old is not None:
            self._remove(old)
        self.grants[grant.grant_id] = grant
        title, purpose = text_grams(grant)
        grams = self.grams[grant.grant_id] = (tuple(sorted(title)), tuple(sorted(purpose)))
        for signatures, text in zip(self.signatures, grams, strict=True):
            signatures[grant.grant_id] = self._signature(text)
        for key in index_keys(grant, grams):
            head, _, last = key.rpartition("#")
            self.postings.setdefault(head, {}).setdefault(sys.intern(last), []).append(grant.grant_id)

    def _remove(self, grant: GrantSummary) -> None:
        for signatures in self.signatures:
            del signatures[grant.grant_id]
        for key in index_keys(grant, self.grams.pop(grant.grant_id)):
            head, _, last = key.rpartition("#")
            group = self.postings.get(head, {})
            ids = group.get(last)
            if ids is not None and grant.grant_id in ids:
                ids.remove(grant.grant_id)
                if not ids:
                    del group[last]
                    if not group:
                        del self.postings[head]

    def _signature(self, grams: Iterable[str]) -> int:
        signature = 0
        for gram in grams:
            bit = self._bits.get(gram)
            if bit is None:
                bit = self._bits[gram] = len(self._bits) % self.signature_bits
            signature |= 1 << bit
        return signature

    def _signature_test(self, text: frozenset[str]) -> tuple[int, int] | None:
        """The query text's signature, and the fewest bits a grant sharing ``min_overlap`` of its grams has in common
        with it; None when no indexed grant can share that many (the query's grams no grant has have no bit)."""
        need, bits = min_overlap(len(text)), [self._bits[gram] for gram in text if gram in self._bits]
        signature = covered = fewest = 0
        for bit in bits:
            signature |= 1 << bit
        for grams_on_bit in sorted(Counter(bits).values(), reverse=True):  # the fullest bits cover need the soonest
            if covered >= need:
                break
            covered, fewest = covered + grams_on_bit, fewest + 1
        return (signature, fewest) if covered >= need else None

    def ids(self, key: str) -> Collection[str]:
        """The grants stored under ``key`` (what a DynamoDB Query of the key returns)."""
        head, _, last = key.rpartition("#")
        return self.postings.get(head, {}).get(last, ())

    def stored_keys(self) -> Iterator[str]:
        """Every key some grant is stored under."""
        for head, group in self.postings.items():
            for last in group:
                yield f"{head}#{last}"

    def posting_size(self, key: str) -> int:
        return len(self.ids(key))

    def candidates(self, grant: GrantSummary, grams: TextGrams | None = None) -> set[str]:
        """Ids of the grants that may be findings of ``grant`` (a superset), itself excluded: every grant under one
        of its recipient keys, and every grant under its probe keys whose text (the one of the key) is similar to
        the grant's: first the signature test, then the Jaccard index."""
        own = grams if grams is not None else text_grams(grant)
        found: set[str] = set()
        for key in recipient_keys(grant):
            found.update(self.ids(key))
        lgs = peer_lgs(grant)
        empty: dict[str, list[str]] = {}
        for position, (text, marker) in enumerate(zip(own, ("", PURPOSE_MARKER), strict=True)):
            count = probe_count(len(text))
            test = self._signature_test(text) if count else None
            if test is None:
                continue
            met: set[str] = set()
            ordered = sorted(text)
            for group_key in groups(grant, lgs, marker):
                group = self.postings.get(group_key, empty)
                if group:  # the rarest, ties in key order: the keys of probe_keys(grant, self.posting_size)
                    met.update(*sorted([group.get(gram, ()) for gram in ordered], key=len)[:count])
            signature, fewest = test
            signatures, stored = self.signatures[position], self.grams
            maybe = [other for other in met if (signature & signatures[other]).bit_count() >= fewest]
            found.update([other for other in maybe if jaccard(text, stored[other][position]) >= SIMILAR_AT])
        found.discard(grant.grant_id)
        return found

    def find(self, grant: GrantSummary) -> list[SimilarProgram]:
        """P01 and P02 findings, by score (desc) then grant id: the same as ``naive_find`` over the indexed grants."""
        own = text_grams(grant)
        return _ranked(
            item
            for other_id in self.candidates(grant, own)
            for item in findings(grant, self.grants[other_id], own, self.grams[other_id])
        )
