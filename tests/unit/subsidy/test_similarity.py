"""Similar or duplicate programs (유사·중복 사업): normalisation, similarity, keys, and the index against the scan."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.application.subsidy import SubsidyService, _index_entries
from shared.domain.subsidy.grams import MAX_TEXT_CHARS, jaccard, ngrams, normalise, similarity
from shared.domain.subsidy.model import GrantSummary, Period, SimilarProgram
from shared.domain.subsidy.similarity import (
    NATIONAL,
    SIMILAR_AT,
    BlockingIndex,
    blocking_keys,
    gram_keys,
    gram_probe_keys,
    index_keys,
    min_overlap,
    naive_find,
    peer_lgs,
    probe_keys,
    purpose_keys,
    recipient_keys,
)

RECIPIENT = "2048631263"
OTHER = "6028131841"
FIELD = "산업중소기업"
LG = "11110"
OTHER_LG = "11140"
BASE = GrantSummary(
    grant_id="G-1",
    lg_code=LG,
    title="청년 창업 지원 사업",
    purpose="관내 청년의 창업 역량 강화",
    field=FIELD,
    recipient_brn=RECIPIENT,
    period=Period(date(2025, 3, 1), date(2025, 12, 31)),
    categories=("307-02",),
)


def grant(grant_id: str, **changes: object) -> GrantSummary:
    return replace(BASE, grant_id=grant_id, **changes)  # type: ignore[arg-type]


def national(grant_id: str, **changes: object) -> GrantSummary:
    return grant(grant_id, lg_code=NATIONAL, source="national", **changes)


# --- normalise, n-grams, similarity --------------------------------------------------------------------------------


def test_normalise_drops_spaces_punctuation_generic_words_and_editions() -> None:
    assert normalise("청년 창업 지원 사업") == "청년창업"
    assert normalise("청년창업 지원사업 2차") == "청년창업"
    assert normalise("제3회 해운대 모래축제(2025년)") == "해운대모래축제"
    assert normalise("（청년）창업·지원 프로그램") == "청년창업"  # full-width forms folded by NFKC
    assert normalise("Youth Startup Support Program") == "youthstartup"


def test_ngrams_are_character_bigrams_of_the_normalised_text() -> None:
    assert ngrams("청년 창업 지원") == {"청년", "년창", "창업"}
    assert ngrams("꿈") == {"꿈"}
    assert ngrams("지원 사업") == frozenset()
    assert ngrams("청년창업", n=3) == {"청년창", "년창업"}


def test_only_the_first_max_text_chars_of_a_text_count() -> None:
    long = "가나다라마바사아자차카타파하" * 20  # 280 syllables, 14 distinct bigrams repeated
    assert normalise(long)[:MAX_TEXT_CHARS] == long[:MAX_TEXT_CHARS]
    assert ngrams(long) == ngrams(long[:MAX_TEXT_CHARS]) == ngrams(long[:MAX_TEXT_CHARS] + "꿈꿈꿈")


def test_jaccard_of_empty_texts_is_zero() -> None:
    assert jaccard(frozenset(), frozenset()) == 0.0
    assert jaccard(frozenset({"ab"}), frozenset({"ab"})) == 1.0


def test_obviously_similar_titles_match() -> None:
    a, b = grant("G-1"), grant("G-2", title="청년창업 지원사업 2차", purpose="지역 소상공인 경영 안정")
    assert similarity(a, b) >= SIMILAR_AT


def test_renamed_program_matches() -> None:
    a = grant("G-1", title="청년 창업 아카데미 운영")
    b = grant("G-2", title="청년 창업아카데미 운영 지원사업", purpose="지역 소상공인 경영 안정")
    assert similarity(a, b) >= SIMILAR_AT


def test_unrelated_titles_in_the_same_field_do_not_match() -> None:
    pairs = [
        ("청년 창업 지원 사업", "청년 주거 지원 사업"),
        ("어르신 일자리 지원", "어르신 건강 지원"),
        ("전통시장 시설현대화 사업", "전통시장 상품권 할인 지원"),
        ("소상공인 경영 컨설팅", "중소기업 수출 컨설팅"),
    ]
    for first, second in pairs:
        a, b = grant("G-1", title=first, purpose="가"), grant("G-2", title=second, purpose="나")
        assert similarity(a, b) < SIMILAR_AT, (first, second)


def test_similar_purposes_alone_match() -> None:
    a = grant("G-1", title="희망 키움 사업", purpose="저소득 가구 아동의 방과후 학습 지원")
    b = grant("G-2", title="꿈나무 교실", purpose="저소득 가구 아동 방과후 학습 지원")
    assert jaccard(ngrams(a.title), ngrams(b.title)) == 0.0
    assert similarity(a, b) >= SIMILAR_AT


# --- keys ---------------------------------------------------------------------------------------------------------


def test_blocking_keys_are_lg_field_year_and_every_title_bigram() -> None:
    two_years = grant("G-1", title="청년 창업", period=Period(date(2025, 11, 1), date(2026, 2, 28)))
    assert blocking_keys(two_years) == {
        f"{LG}#{FIELD}#{year}#{gram}" for year in (2025, 2026) for gram in ("청년", "년창", "창업")
    }
    assert blocking_keys(national("N-1", title="청년 창업")) == {
        f"NATIONAL#{FIELD}#2025#{gram}" for gram in ("청년", "년창", "창업")
    }


def test_purpose_and_recipient_keys() -> None:
    g = grant("G-1", purpose="창업 역량", categories=("307-02", "402-01"))
    assert purpose_keys(g) == {f"{LG}#{FIELD}#2025#p#{gram}" for gram in ("창업", "업역", "역량")}
    assert recipient_keys(g) == {f"{RECIPIENT}#307-02", f"{RECIPIENT}#402-01"}
    assert gram_keys(g) == blocking_keys(g) | purpose_keys(g)
    assert index_keys(g) == gram_keys(g) | recipient_keys(g)


def test_a_grant_compares_with_its_own_lg_and_national_a_national_one_with_national_only() -> None:
    assert peer_lgs(BASE) == (LG, NATIONAL)
    assert peer_lgs(national("N-1")) == (NATIONAL,)


def test_probe_reads_about_half_the_grams_per_year_for_each_peer_lg() -> None:
    g = grant("G-1", title="가나다라마바사아", purpose="")  # 7 bigrams: at least 4 shared needed, so read 4
    assert min_overlap(7) == 4
    first = ("가나", "나다", "다라", "라마")  # no posting sizes (DynamoDB): the first in code-point order
    assert gram_probe_keys(g) == {f"{lg}#{FIELD}#2025#{gram}" for lg in (LG, NATIONAL) for gram in first}
    assert probe_keys(g) == gram_probe_keys(g) | recipient_keys(g)
    sizes = {f"{lg}#{FIELD}#2025#{gram}": 100 for lg in (LG, NATIONAL) for gram in ("가나", "나다", "다라")}
    assert gram_probe_keys(g, lambda key: sizes.get(key, 0)) == {
        f"{lg}#{FIELD}#2025#{gram}" for lg in (LG, NATIONAL) for gram in ("라마", "마바", "바사", "사아")
    }  # rarest
    assert gram_probe_keys(national("N-1", title="가나다라마바사아", purpose="")) == {
        f"NATIONAL#{FIELD}#2025#{gram}" for gram in first
    }


def test_probes_are_bounded_by_the_compared_length() -> None:
    long = "".join(chr(0xAC00 + i) for i in range(1000))  # 999 distinct bigrams, of which 99 are compared
    g = grant("G-1", title=long, purpose=long[500:], period=Period(date(2025, 1, 1), date(2026, 12, 31)))
    per_text = 99 - min_overlap(99) + 1
    assert per_text == MAX_TEXT_CHARS // 2
    assert len(gram_probe_keys(g)) == 2 * 2 * 2 * per_text  # peer LGs x years x texts


def test_the_signature_test_counts_the_fewest_bits_the_needed_grams_can_share() -> None:
    index = BlockingIndex([grant("G-1", title="가나다라마바사", purpose="")], signature_bits=2)
    # bits by first sight: 가나 0, 나다 1, 다라 0, 라마 1, 마바 0, 바사 1
    signature, fewest = index._signature_test(frozenset({"가나", "나다", "다라"}))  # 2 needed: 가나, 다라 share bit 0
    assert (signature, fewest) == (0b11, 1)
    assert index._signature_test(frozenset({"가나", "꿈꿈", "꿈나", "나무"})) is None  # 2 needed, 1 indexed
    assert BlockingIndex([grant("G-1", title="가나다라마바사", purpose="")])._signature_test(
        frozenset({"가나", "나다", "다라"})
    ) == (0b111, 2)


# --- P01 duplicate funding, P02 similar program --------------------------------------------------------------------


def index_of(*grants: GrantSummary) -> BlockingIndex:
    return BlockingIndex(grants)


def test_p01_periods_touching_on_one_day_overlap() -> None:
    first = grant("G-1", title="가나다", purpose="", period=Period(date(2025, 1, 1), date(2025, 6, 30)))
    second = grant("G-2", title="라마바", purpose="", period=Period(date(2025, 6, 30), date(2025, 12, 31)))
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id, f.score) for f in found] == [("P01", "G-1", 1.0)]
    assert found[0].reason == (
        "same recipient funded twice for category 307-02 over overlapping periods "
        "(overlap 2025-06-30..2025-06-30, 1 day)"
    )
    assert found == naive_find(second, [first])


def test_p01_adjacent_periods_do_not_overlap() -> None:
    first = grant("G-1", title="가나다", purpose="", period=Period(date(2025, 1, 1), date(2025, 6, 30)))
    second = grant("G-2", title="라마바", purpose="", period=Period(date(2025, 7, 1), date(2025, 12, 31)))
    assert index_of(first).find(second) == [] == naive_find(second, [first])


def test_p01_needs_the_same_category_and_recipient() -> None:
    first = grant("G-1", title="가나다", purpose="")
    other_category = grant("G-2", title="라마바", purpose="", categories=("402-01",))
    other_recipient = grant("G-3", title="라마바", purpose="", recipient_brn=OTHER)
    assert index_of(first).find(other_category) == []
    assert index_of(first).find(other_recipient) == []


def test_p01_names_every_shared_category() -> None:
    first = grant("G-1", title="가나다", purpose="", categories=("307-02", "402-01", "308-10"))
    second = grant("G-2", title="라마바", purpose="", categories=("402-01", "307-02"))
    (found,) = index_of(first).find(second)
    assert "category 307-02, 402-01 " in found.reason


def test_p02_similar_title_same_field_overlapping_years() -> None:
    first = grant("G-1", recipient_brn=OTHER, period=Period(date(2024, 3, 1), date(2025, 2, 28)))
    second = grant(
        "G-2",
        title="청년창업 지원사업 2차",
        purpose="지역 소상공인 경영 안정",
        period=Period(date(2025, 11, 1), date(2026, 10, 31)),
    )  # the periods do not overlap, the years do
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id, f.score) for f in found] == [("P02", "G-1", 1.0)]
    assert found[0].reason == (
        "similar program in 산업중소기업 in 2025: score 1.00 (title 1.00, purpose 0.00): "
        "'청년창업 지원사업 2차' vs '청년 창업 지원 사업'"
    )
    assert found[0].as_dict()["source"] == "local"


def test_p02_at_exactly_similar_at() -> None:
    first = grant("G-1", title="가나다라마", purpose="", recipient_brn=OTHER)  # 가나 나다 다라 라마
    second = grant("G-2", title="가나다", purpose="")  # 가나 나다: 2 of 4
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id, f.score) for f in found] == [("P02", "G-1", SIMILAR_AT)]
    assert found == naive_find(second, [first])
    assert index_of(second).find(grant("G-3", title="가나다라마바", purpose="", recipient_brn=OTHER)) == []  # 2 of 5


def test_p02_needs_the_same_field_and_overlapping_years() -> None:
    first = grant("G-1", recipient_brn=OTHER)
    other_field = grant("G-2", field="사회복지")
    other_year = grant("G-3", period=Period(date(2026, 1, 1), date(2026, 12, 31)))
    assert index_of(first).find(other_field) == []
    assert index_of(first).find(other_year) == []


def test_both_findings_sorted_by_score_then_id() -> None:
    same_title_same_recipient = grant("G-2")
    half_similar = grant("G-1", title="청년 창업 교실", purpose="", recipient_brn=OTHER)  # 청년, 년창, 창업, 업교, 교실
    national = grant("N-0", purpose="", recipient_brn=OTHER, source="national", lg_code="NATIONAL")
    query = grant("G-9")
    index = index_of(same_title_same_recipient, half_similar, national)
    found = index.find(query)
    assert [(f.code, f.other_grant_id) for f in found] == [
        ("P01", "G-2"),
        ("P02", "G-2"),
        ("P02", "N-0"),
        ("P02", "G-1"),
    ]
    assert found[2].other_source == "national"
    assert found[3].score == 3 / 5
    assert found == naive_find(query, [same_title_same_recipient, half_similar, national])


def test_the_index_finds_a_similar_purpose_under_an_unrelated_title() -> None:
    first = grant("G-1", title="희망 키움 사업", purpose="저소득 가구 아동의 방과후 학습 지원", recipient_brn=OTHER)
    second = grant("G-2", title="꿈나무 교실", purpose="저소득 가구 아동 방과후 학습 지원")
    assert not blocking_keys(first) & blocking_keys(second)
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id) for f in found] == [("P02", "G-1")]
    assert "score 0.77 (title 0.00, purpose 0.77)" in found[0].reason
    assert found == naive_find(second, [first])


def test_the_grant_itself_is_never_a_finding() -> None:
    index = index_of(BASE, grant("G-2"))
    assert [(f.code, f.other_grant_id) for f in index.find(BASE)] == [("P01", "G-2"), ("P02", "G-2")]
    assert BASE.grant_id not in index.candidates(BASE)
    assert naive_find(BASE, [BASE]) == []


def test_p02_within_the_lg_and_with_national_grants_p01_everywhere() -> None:
    same_lg = grant("G-2", recipient_brn=OTHER)
    other_lg = grant("G-3", recipient_brn=OTHER, lg_code=OTHER_LG)
    other_lg_same_recipient = grant("G-4", lg_code=OTHER_LG)
    nationally = national("N-1", recipient_brn=OTHER)
    everything = [same_lg, other_lg, other_lg_same_recipient, nationally]
    index = index_of(*everything)
    query = grant("G-9")
    found = index.find(query)
    assert [(f.code, f.other_grant_id) for f in found] == [("P02", "G-2"), ("P01", "G-4"), ("P02", "N-1")]
    assert found == naive_find(query, everything)
    national_query = national("N-9", recipient_brn=RECIPIENT)
    found = index.find(national_query)
    assert [(f.code, f.other_grant_id) for f in found] == [("P01", "G-4"), ("P02", "N-1")]
    assert found == naive_find(national_query, everything)


def test_a_grant_of_another_lg_is_not_even_a_candidate_for_p02() -> None:
    other_lg = grant("G-3", recipient_brn=OTHER, lg_code=OTHER_LG)
    assert not probe_keys(BASE) & index_keys(other_lg)
    assert not gram_probe_keys(national("N-9")) & gram_keys(BASE)  # a national grant reads national keys only
    assert gram_probe_keys(BASE) & gram_keys(national("N-1"))


def test_adding_a_grant_again_replaces_its_keys() -> None:
    index = index_of(grant("G-1", recipient_brn=OTHER))
    renamed = grant("G-1", title="어르신 건강 교실", purpose="", recipient_brn=OTHER)
    index.add(renamed)
    assert len(index) == 1
    assert index.find(grant("G-2")) == []
    assert not any("청년" in key for key in index.stored_keys())
    assert set(index.stored_keys()) == index_keys(renamed)


# --- properties ---------------------------------------------------------------------------------------------------

SYLLABLES = "청년창업주거돌봄문화축제농업교실"
titles = st.text(alphabet=SYLLABLES + " 사업지원2차", max_size=12)
fields = st.sampled_from(["사회복지", "산업중소기업"])
periods = st.builds(
    lambda start, days: Period(start, start + timedelta(days=days)),
    st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    st.integers(0, 800),
)


lgs = st.sampled_from([LG, OTHER_LG, "26440", NATIONAL])


@st.composite
def grant_lists(draw: st.DrawFn, max_size: int = 25) -> list[GrantSummary]:
    """Grants spread over three LGs and national ones."""
    count = draw(st.integers(0, max_size))
    found = []
    for i in range(count):
        lg_code = draw(lgs)
        found.append(
            GrantSummary(
                grant_id=f"G-{i:03d}",
                lg_code=lg_code,
                title=draw(titles),
                purpose=draw(titles),
                field=draw(fields),
                recipient_brn=draw(st.sampled_from([RECIPIENT, OTHER])),
                period=draw(periods),
                categories=tuple(draw(st.sets(st.sampled_from(["307-02", "402-01", "307-05"]), min_size=1))),
                source="national" if lg_code == NATIONAL else "local",
            )
        )
    return found


class IndexTable:
    """The DynamoDB side of ``SubsidyService.similar_programs``: the items ``_index_entries`` stores, answered by
    key (one Query each), and the grants' summaries (BatchGet)."""

    @dataclass(frozen=True)
    class Entry:
        grant_id: str

    def __init__(self, grants: list[GrantSummary]) -> None:
        self.items: dict[str, list[IndexTable.Entry]] = {}
        self.grants = {g.grant_id: g for g in grants}
        self.queried: list[str] = []
        for g in grants:
            for key in _index_entries(g):
                self.items.setdefault(key, []).append(self.Entry(g.grant_id))

    def index_lookup(self, keys: list[str]) -> dict[str, list[IndexTable.Entry]]:
        self.queried += keys
        return {key: self.items.get(key, []) for key in keys}

    def grant_summaries(self, grant_ids: list[str]) -> list[GrantSummary]:
        return [self.grants[g] for g in grant_ids]


def dynamodb_find(query: GrantSummary, grants: list[GrantSummary]) -> tuple[list[SimilarProgram], list[str]]:
    table = IndexTable(grants)
    return SubsidyService(table).similar_programs(query), table.queried


def test_the_dynamodb_entries_are_the_index_keys() -> None:
    g = grant("G-1", period=Period(date(2025, 11, 1), date(2026, 2, 28)))
    entries = _index_entries(g)
    assert set(entries) == {f"BLOCK#{k}" for k in gram_keys(g)} | {f"RECIP#{k}" for k in recipient_keys(g)}
    assert {k.split("#", 1)[1] for k in entries} == index_keys(g)
    assert entries[f"RECIP#{RECIPIENT}#307-02"] == {"start": "2025-11-01", "end": "2026-02-28"}
    assert all(entries[f"BLOCK#{k}"] == {} for k in gram_keys(g))


def test_the_dynamodb_search_queries_the_probe_keys_only() -> None:
    same_lg, nationally = grant("G-2", recipient_brn=OTHER), national("N-1", recipient_brn=OTHER)
    other_lg = grant("G-3", lg_code=OTHER_LG)
    found, queried = dynamodb_find(BASE, [BASE, same_lg, nationally, other_lg])
    assert queried == [f"BLOCK#{k}" for k in sorted(gram_probe_keys(BASE))] + [f"RECIP#{RECIPIENT}#307-02"]
    assert len(queried) == len(set(queried)) == len(probe_keys(BASE))
    assert [(f.code, f.other_grant_id) for f in found] == [("P02", "G-2"), ("P01", "G-3"), ("P02", "N-1")]


@given(titles, titles, fields, periods, periods)
def test_titles_similar_enough_share_a_blocking_key(
    first: str, second: str, field: str, p1: Period, p2: Period
) -> None:
    a = grant("G-1", title=first, field=field, period=p1)
    b = grant("G-2", title=second, field=field, period=p2)
    if jaccard(ngrams(first), ngrams(second)) >= SIMILAR_AT and set(p1.years) & set(p2.years):
        assert blocking_keys(a) & blocking_keys(b)


@given(
    titles,
    titles,
    periods,
    periods,
    st.dictionaries(st.text(SYLLABLES, min_size=1, max_size=2), st.integers(0, 1000)),
    st.sampled_from([LG, NATIONAL]),
)
def test_any_probe_choice_reaches_every_similar_title(
    first: str, second: str, p1: Period, p2: Period, sizes: dict[str, int], other_lg: str
) -> None:
    query = grant("Q", title=first, purpose="", period=p1)
    other = grant("B", title=second, purpose="", period=p2, lg_code=other_lg)  # of the query's LG, or national
    if jaccard(ngrams(first), ngrams(second)) >= SIMILAR_AT and set(p1.years) & set(p2.years):
        probes = probe_keys(query, lambda key: sizes.get(key.rsplit("#", 1)[-1], 0))
        assert probes & blocking_keys(other)


def queries_for(
    grants: list[GrantSummary], pick: int, title: str, purpose: str, period: Period, lg_code: str, tail: str
) -> list[GrantSummary]:
    """A new grant; an indexed one (never its own finding); and a near copy of that one, of its LG, or of
    ``lg_code`` when it is national (titles and purposes at and around SIMILAR_AT)."""
    queries = [
        grant(
            "Q-1",
            title=title,
            purpose=purpose,
            period=period,
            lg_code=lg_code,
            source="national" if lg_code == NATIONAL else "local",
        )
    ]
    if grants:
        base = grants[pick % len(grants)]
        near_lg = lg_code if base.lg_code == NATIONAL else base.lg_code
        queries += [
            base,
            replace(
                base,
                grant_id="Q-2",
                title=base.title + tail,
                purpose=tail + base.purpose,
                lg_code=near_lg,
                source="national" if near_lg == NATIONAL else "local",
            ),
        ]
    return queries


tails = st.text(alphabet=SYLLABLES, max_size=5)


@settings(max_examples=200, deadline=None)
@given(grant_lists(), st.integers(0, 30), titles, titles, periods, lgs, tails, st.sampled_from([1, 3, 256]))
def test_index_find_equals_the_pairwise_scan(
    grants: list[GrantSummary],
    pick: int,
    title: str,
    purpose: str,
    period: Period,
    lg_code: str,
    tail: str,
    signature_bits: int,
) -> None:
    index = BlockingIndex(grants, signature_bits)  # few bits: many grams on one bit, the signature test still holds
    for query in queries_for(grants, pick, title, purpose, period, lg_code, tail):
        assert index.find(query) == naive_find(query, grants)


@settings(max_examples=150, deadline=None)
@given(grant_lists(), st.integers(0, 30), titles, titles, periods, lgs, tails)
def test_the_dynamodb_search_equals_the_pairwise_scan(
    grants: list[GrantSummary], pick: int, title: str, purpose: str, period: Period, lg_code: str, tail: str
) -> None:
    for query in queries_for(grants, pick, title, purpose, period, lg_code, tail):
        found, queried = dynamodb_find(query, grants)
        assert found == naive_find(query, grants)
        assert len(queried) == len(probe_keys(query))
