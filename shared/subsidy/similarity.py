"""Similar or duplicate programs (유사·중복 사업): the findings on a new grant, and the blocking keys that find them.

Two findings, after the brief:

* P01 duplicate funding (중복 지원): the same recipient funded for the same expense category (통계목) over
  overlapping periods. Score 1.0.
* P02 similar program (유사 사업): same field (분야), overlapping years, and ``similarity >= SIMILAR_AT``.

Similarity is the Jaccard index of character bigrams of the normalised texts, taken for the titles and for the
purposes separately; the grant's score is the larger of the two. Max rather than a mean because each text alone is
evidence: a renamed program keeps its purpose text, and a vague purpose ("주민 복리 증진") must not hide an
identical title. Bigrams suit Korean: words are short (2-4 syllables), glued into compounds without spaces
("청년창업" vs "청년 창업"), and a bigram of syllables is already quite specific.

Blocking (the index) and why it misses nothing. Every grant is stored under

* ``blocking_keys``: ``{field}#{year}#{gram}`` for every year of its period and EVERY bigram of its normalised
  title (titles are short: 5-20 bigrams, so no cap is needed and none can break the guarantee);
* ``purpose_keys``: ``{field}#{year}#p#{gram}`` likewise for the purpose (a separate namespace: a purpose bigram
  must meet a purpose bigram, since the two Jaccard indexes are computed separately);
* ``recipient_keys``: ``{recipient_brn}#{category}`` per category, for P01.

A query need not read all its keys. If ``J(Q, B) >= t`` then ``|Q & B| >= t * |Q | B| >= t * |Q|``, so at least
``a = ceil(t * |Q|)`` of Q's grams are in B; any ``|Q| - a + 1`` of Q's grams therefore contain one of them (only
``a - 1`` are left out). So per year and per text the query reads only that many keys, choosing the ones with the
shortest posting lists (the rarest grams, known to the index); the choice is free, the guarantee holds for any
choice (``probe_keys``). Candidates are then verified with exactly the rules of ``naive_find``, so
``BlockingIndex.find`` and ``naive_find`` agree.

Two departures from a titles-only index capped at 12 grams: (1) no cap, since a cap at the rarest 12 grams could
leave two similar long titles without a common key, while the probe rule above already halves what a query reads;
(2) purposes are indexed too, because P02 also fires on a similar purpose under an unrelated title, and a
titles-only index would miss what the pairwise scan finds. Purposes are the larger part of the fan-out (in the
benchmark about 47 purpose, 15 title and 1 recipient keys per grant, for periods of one or two years).
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable

from shared.subsidy.model import GrantSummary, Period, SimilarProgram

SIMILAR_AT = 0.5  # half the bigrams in common: renamed or re-run programs pass, same-target-other-topic do not
GRAM = 2
# Words that say nothing about what a program does, removed after the spaces are (Korean compounds them freely:
# "지원사업"). Kept small on purpose: every word removed is a word that can no longer tell programs apart.
# 프로그램 program, 사업 project, 지원 support, 운영 operation, 추진 promotion, 및 and.
GENERIC_WORDS = ("프로그램", "사업", "지원", "운영", "추진", "및")
_LATIN_GENERIC = re.compile(r"\b(?:programmes?|programs?|projects?|support)\b")
# Round or year markers ("2차", "2025년", "제3회", "2단계") name an edition of a program, not a different one.
_EDITION = re.compile(r"(?:제\s*)?\d+\s*(?:차년도|년도|차|년|기|회|단계)?")
_EPSILON = 1e-9  # floats: round the required overlap down, never up (a longer probe only costs a little)

TextGrams = tuple[frozenset[str], frozenset[str]]  # (title grams, purpose grams)
StoredGrams = tuple[tuple[str, ...], tuple[str, ...]]  # the same, as compact tuples (each gram once)


def normalise(text: str) -> str:
    """NFKC, lower case, edition markers and generic words removed, only letters and digits kept."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _LATIN_GENERIC.sub(" ", text)
    text = _EDITION.sub(" ", text)
    text = "".join(ch for ch in text if ch.isalnum())
    for word in GENERIC_WORDS:
        text = text.replace(word, "")
    return text


def ngrams(text: str, n: int = GRAM) -> frozenset[str]:
    """Character n-grams of the normalised text; a normalised text shorter than n is its own single gram."""
    norm = normalise(text)
    if len(norm) <= n:
        return frozenset((sys.intern(norm),)) if norm else frozenset()
    # Interned: the same gram is one object in every grant (less memory, and set intersection compares identities).
    return frozenset(sys.intern(norm[i:i + n]) for i in range(len(norm) - n + 1))


def jaccard(a: frozenset[str], b: Collection[str]) -> float:
    """|a & b| / |a | b|; 0.0 when either is empty (no text, no evidence of similarity). ``b``: distinct grams, a set
    or a tuple (a tuple is read in order, which is faster for the many stored grants than probing their sets)."""
    if not a or not b:
        return 0.0
    common = len(a.intersection(b))
    return common / (len(a) + len(b) - common)


def text_grams(grant: GrantSummary) -> TextGrams:
    return ngrams(grant.title), ngrams(grant.purpose)


def similarity(a: GrantSummary, b: GrantSummary) -> float:
    """The larger of the title and the purpose Jaccard indexes (0.0 .. 1.0)."""
    (title_a, purpose_a), (title_b, purpose_b) = text_grams(a), text_grams(b)
    return max(jaccard(title_a, title_b), jaccard(purpose_a, purpose_b))


# --- keys (pure: the DynamoDB version stores the same strings as items) -----------------------------------------


PURPOSE_MARKER = "p#"


def _gram_keys(grant: GrantSummary, grams: Iterable[str], marker: str = "") -> set[str]:
    return {f"{grant.field}#{year}#{marker}{gram}" for year in grant.period.years for gram in grams}


def blocking_keys(grant: GrantSummary) -> set[str]:
    """``{field}#{year}#{gram}`` for each year of the period and every bigram of the normalised title."""
    return _gram_keys(grant, ngrams(grant.title))


def purpose_keys(grant: GrantSummary) -> set[str]:
    """``{field}#{year}#p#{gram}`` for each year of the period and every bigram of the normalised purpose."""
    return _gram_keys(grant, ngrams(grant.purpose), PURPOSE_MARKER)


def recipient_keys(grant: GrantSummary) -> set[str]:
    """``{recipient_brn}#{category}`` per expense category (P01)."""
    return {f"{grant.recipient_brn}#{category}" for category in grant.categories}


def index_keys(grant: GrantSummary, grams: TextGrams | StoredGrams | None = None) -> set[str]:
    """Every key a grant is stored under: title, purpose and recipient keys (``grams``: its text grams if known)."""
    title, purpose = grams if grams is not None else text_grams(grant)
    return _gram_keys(grant, title) | _gram_keys(grant, purpose, PURPOSE_MARKER) | recipient_keys(grant)


def min_overlap(size: int) -> int:
    """Grams a set of ``size`` grams must share with another to reach SIMILAR_AT with it (at least 1)."""
    return max(1, math.ceil(SIMILAR_AT * size - _EPSILON))


def probe_keys(grant: GrantSummary, posting_size: Callable[[str], int] = lambda _key: 0,
               grams: TextGrams | None = None) -> set[str]:
    """The keys a query must read: per year and per text, the ``size - min_overlap(size) + 1`` grams with the
    shortest posting lists (ties by key), and every recipient key. Any choice of that many grams finds every grant
    at or above SIMILAR_AT (module docstring); the rarest ones give the fewest candidates."""
    keys = recipient_keys(grant)
    for text, marker in zip(grams if grams is not None else text_grams(grant), ("", PURPOSE_MARKER), strict=True):
        if not text:
            continue
        count = len(text) - min_overlap(len(text)) + 1
        for year in grant.period.years:
            year_keys = [f"{grant.field}#{year}#{marker}{gram}" for gram in text]
            keys.update(sorted(year_keys, key=lambda key: (posting_size(key), key))[:count])
    return keys


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
    reason = (f"same recipient funded twice for category {', '.join(shared)} over overlapping periods "
              f"(overlap {start.isoformat()}..{end.isoformat()}, {days} day{'s' if days > 1 else ''})")
    return SimilarProgram("P01", other.grant_id, other.source, 1.0, reason)


def _similar_program(grant: GrantSummary, other: GrantSummary, title: float, purpose: float) -> SimilarProgram:
    """P02: same field, overlapping years (checked by the caller), similar title or purpose."""
    score = max(title, purpose)
    first = max(grant.period.start.year, other.period.start.year)
    last = min(grant.period.end.year, other.period.end.year)
    years = str(first) if first == last else f"{first}-{last}"
    reason = (f"similar program in {grant.field} in {years}: score {score:.2f} (title {title:.2f}, purpose "
              f"{purpose:.2f}): '{grant.title}' vs '{other.title}'")
    return SimilarProgram("P02", other.grant_id, other.source, score, reason)


def findings(grant: GrantSummary, other: GrantSummary, grams: TextGrams | None = None,
             other_grams: TextGrams | StoredGrams | None = None) -> list[SimilarProgram]:
    """P01 and P02 of ``other`` against ``grant`` (empty for the grant itself). ``grams`` and ``other_grams``: the
    grants' text grams if already known (computed here otherwise, and only when field and years match)."""
    found: list[SimilarProgram] = []
    if other.grant_id == grant.grant_id:
        return found
    if other.recipient_brn == grant.recipient_brn and (p01 := _duplicate_funding(grant, other)) is not None:
        found.append(p01)
    if other.field == grant.field and _years_overlap(grant.period, other.period):
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


class BlockingIndex:
    """Key -> grant ids, and grant id -> grant: the in-memory reference of the DynamoDB index."""

    def __init__(self, grants: Iterable[GrantSummary] = ()) -> None:
        self.postings: dict[str, set[str]] = {}
        self.grants: dict[str, GrantSummary] = {}
        self.grams: dict[str, StoredGrams] = {}  # computed once per grant, as the stored items would carry them
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
        for key in index_keys(grant, grams):
            self.postings.setdefault(key, set()).add(grant.grant_id)

    def _remove(self, grant: GrantSummary) -> None:
        for key in index_keys(grant, self.grams.pop(grant.grant_id)):
            ids = self.postings.get(key)
            if ids is not None:
                ids.discard(grant.grant_id)
                if not ids:
                    del self.postings[key]

    def posting_size(self, key: str) -> int:
        return len(self.postings.get(key, ()))

    def candidates(self, grant: GrantSummary, grams: TextGrams | None = None) -> set[str]:
        """Ids of the grants sharing a probed key with ``grant`` (a superset of its findings), itself excluded."""
        found: set[str] = set()
        for key in probe_keys(grant, self.posting_size, grams):
            found |= self.postings.get(key, set())
        found.discard(grant.grant_id)
        return found

    def find(self, grant: GrantSummary) -> list[SimilarProgram]:
        """P01 and P02 findings, by score (desc) then grant id: the same as ``naive_find`` over the indexed grants."""
        own = text_grams(grant)
        return _ranked(item for other_id in self.candidates(grant, own)
                       for item in findings(grant, self.grants[other_id], own, self.grams[other_id]))
