"""The text side of similar programs (유사 사업): normalised texts, their character bigrams, the Jaccard index.

Similarity is the Jaccard index of character bigrams of the normalised texts, taken for the titles and for the
purposes separately; the grant's score is the larger of the two. Max rather than a mean because each text alone is
evidence: a renamed program keeps its purpose text, and a vague purpose ("주민 복리 증진") must not hide an
identical title. Bigrams suit Korean: words are short (2-4 syllables), glued into compounds without spaces
("청년창업" vs "청년 창업"), and a bigram of syllables is already quite specific. Only the first
``MAX_TEXT_CHARS`` characters of a normalised text are compared and indexed: the API takes purposes of up to 2,000
characters, which would otherwise need about 1,000 index reads per peer LG and year (``similarity``). Real titles and
purposes are mostly far shorter; the cut-off is a bound on the reads, not a measured optimum.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Collection

from shared.domain.subsidy.model import GrantSummary

GRAM = 2
MAX_TEXT_CHARS = 100  # of a normalised text, compared and indexed: bounds the keys a query reads (module docstring)
# Words that say nothing about what a program does, removed after the spaces are (Korean compounds them freely:
# "지원사업"). Kept small on purpose: every word removed is a word that can no longer tell programs apart.
# 프로그램 program, 사업 project, 지원 support, 운영 operation, 추진 promotion, 및 and.
GENERIC_WORDS = ("프로그램", "사업", "지원", "운영", "추진", "및")
_LATIN_GENERIC = re.compile(r"\b(?:programmes?|programs?|projects?|support)\b")
# Round or year markers ("2차", "2025년", "제3회", "2단계") name an edition of a program, not a different one.
_EDITION = re.compile(r"(?:제\s*)?\d+\s*(?:차년도|년도|차|년|기|회|단계)?")

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
    """Character n-grams of the first MAX_TEXT_CHARS characters of the normalised text; a normalised text shorter
    than n is its own single gram."""
    norm = normalise(text)[:MAX_TEXT_CHARS]
    if len(norm) <= n:
        return frozenset((sys.intern(norm),)) if norm else frozenset()
    # Interned: the same gram is one object in every grant (less memory, and set intersection compares identities).
    return frozenset(sys.intern(norm[i : i + n]) for i in range(len(norm) - n + 1))


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
    """The larger of the title and the purpose Jaccard indexes (0.0 .. 1.0), whatever the LGs."""
    (title_a, purpose_a), (title_b, purpose_b) = text_grams(a), text_grams(b)
    return max(jaccard(title_a, title_b), jaccard(purpose_a, purpose_b))
