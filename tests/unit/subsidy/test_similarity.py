"""Similar or duplicate programs (유사·중복 사업): normalisation, similarity, keys, and the index against the scan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.subsidy.model import GrantSummary, Period
from shared.subsidy.similarity import (
    SIMILAR_AT,
    BlockingIndex,
    blocking_keys,
    jaccard,
    min_overlap,
    naive_find,
    ngrams,
    normalise,
    probe_keys,
    purpose_keys,
    recipient_keys,
    similarity,
)

RECIPIENT = "2048631263"
OTHER = "6028131841"
FIELD = "산업중소기업"
BASE = GrantSummary(
    grant_id="G-1", lg_code="11110", title="청년 창업 지원 사업", purpose="관내 청년의 창업 역량 강화", field=FIELD,
    recipient_brn=RECIPIENT, period=Period(date(2025, 3, 1), date(2025, 12, 31)), categories=("307-02",))


def grant(grant_id: str, **changes: object) -> GrantSummary:
    return replace(BASE, grant_id=grant_id, **changes)  # type: ignore[arg-type]


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
    pairs = [("청년 창업 지원 사업", "청년 주거 지원 사업"), ("어르신 일자리 지원", "어르신 건강 지원"),
             ("전통시장 시설현대화 사업", "전통시장 상품권 할인 지원"),
             ("소상공인 경영 컨설팅", "중소기업 수출 컨설팅")]
    for first, second in pairs:
        a, b = grant("G-1", title=first, purpose="가"), grant("G-2", title=second, purpose="나")
        assert similarity(a, b) < SIMILAR_AT, (first, second)


def test_similar_purposes_alone_match() -> None:
    a = grant("G-1", title="희망 키움 사업", purpose="저소득 가구 아동의 방과후 학습 지원")
    b = grant("G-2", title="꿈나무 교실", purpose="저소득 가구 아동 방과후 학습 지원")
    assert jaccard(ngrams(a.title), ngrams(b.title)) == 0.0
    assert similarity(a, b) >= SIMILAR_AT


# --- keys ---------------------------------------------------------------------------------------------------------


def test_blocking_keys_are_field_year_and_every_title_bigram() -> None:
    two_years = grant("G-1", title="청년 창업", period=Period(date(2025, 11, 1), date(2026, 2, 28)))
    assert blocking_keys(two_years) == {f"{FIELD}#{year}#{gram}" for year in (2025, 2026)
                                        for gram in ("청년", "년창", "창업")}


def test_purpose_and_recipient_keys() -> None:
    g = grant("G-1", purpose="창업 역량", categories=("307-02", "402-01"))
    assert purpose_keys(g) == {f"{FIELD}#2025#p#{gram}" for gram in ("창업", "업역", "역량")}
    assert recipient_keys(g) == {f"{RECIPIENT}#307-02", f"{RECIPIENT}#402-01"}


def test_probe_reads_about_half_the_grams_per_year() -> None:
    g = grant("G-1", title="가나다라마바사아", purpose="")  # 7 bigrams: at least 4 shared needed, so read 4
    assert min_overlap(7) == 4
    assert len(probe_keys(g) - recipient_keys(g)) == 4
    sizes = {f"{FIELD}#2025#{gram}": 100 for gram in ("가나", "나다", "다라")}
    assert probe_keys(g, lambda key: sizes.get(key, 0)) - recipient_keys(g) == {
        f"{FIELD}#2025#{gram}" for gram in ("라마", "마바", "바사", "사아")}  # the rarest


# --- P01 duplicate funding, P02 similar program --------------------------------------------------------------------


def index_of(*grants: GrantSummary) -> BlockingIndex:
    return BlockingIndex(grants)


def test_p01_periods_touching_on_one_day_overlap() -> None:
    first = grant("G-1", title="가나다", purpose="", period=Period(date(2025, 1, 1), date(2025, 6, 30)))
    second = grant("G-2", title="라마바", purpose="", period=Period(date(2025, 6, 30), date(2025, 12, 31)))
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id, f.score) for f in found] == [("P01", "G-1", 1.0)]
    assert found[0].reason == ("same recipient funded twice for category 307-02 over overlapping periods "
                               "(overlap 2025-06-30..2025-06-30, 1 day)")
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
    second = grant("G-2", title="청년창업 지원사업 2차", purpose="지역 소상공인 경영 안정",
                   period=Period(date(2025, 11, 1), date(2026, 10, 31)))  # the periods do not overlap, the years do
    found = index_of(first).find(second)
    assert [(f.code, f.other_grant_id, f.score) for f in found] == [("P02", "G-1", 1.0)]
    assert found[0].reason == ("similar program in 산업중소기업 in 2025: score 1.00 (title 1.00, purpose 0.00): "
                               "'청년창업 지원사업 2차' vs '청년 창업 지원 사업'")
    assert found[0].as_dict()["source"] == "local"


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
    assert [(f.code, f.other_grant_id) for f in found] == [("P01", "G-2"), ("P02", "G-2"), ("P02", "N-0"),
                                                           ("P02", "G-1")]
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


def test_adding_a_grant_again_replaces_its_keys() -> None:
    index = index_of(grant("G-1", recipient_brn=OTHER))
    index.add(grant("G-1", title="어르신 건강 교실", purpose="", recipient_brn=OTHER))
    assert len(index) == 1
    assert index.find(grant("G-2")) == []
    assert not any("청년" in key for key in index.postings)


# --- properties ---------------------------------------------------------------------------------------------------

SYLLABLES = "청년창업주거돌봄문화축제농업교실"
titles = st.text(alphabet=SYLLABLES + " 사업지원2차", max_size=12)
fields = st.sampled_from(["사회복지", "산업중소기업"])
periods = st.builds(lambda start, days: Period(start, start + timedelta(days=days)),
                    st.dates(date(2024, 1, 1), date(2027, 12, 31)), st.integers(0, 800))


@st.composite
def grant_lists(draw: st.DrawFn, max_size: int = 25) -> list[GrantSummary]:
    count = draw(st.integers(0, max_size))
    return [GrantSummary(
        grant_id=f"G-{i:03d}", lg_code="11110", title=draw(titles), purpose=draw(titles), field=draw(fields),
        recipient_brn=draw(st.sampled_from([RECIPIENT, OTHER])), period=draw(periods),
        categories=tuple(draw(st.sets(st.sampled_from(["307-02", "402-01", "307-05"]), min_size=1))),
        source=draw(st.sampled_from(["local", "national"]))) for i in range(count)]


@given(titles, titles, fields, periods, periods)
def test_titles_similar_enough_share_a_blocking_key(first: str, second: str, field: str, p1: Period,
                                                    p2: Period) -> None:
    a = grant("G-1", title=first, field=field, period=p1)
    b = grant("G-2", title=second, field=field, period=p2)
    if jaccard(ngrams(first), ngrams(second)) >= SIMILAR_AT and set(p1.years) & set(p2.years):
        assert blocking_keys(a) & blocking_keys(b)


@given(titles, titles, periods, periods, st.dictionaries(st.text(SYLLABLES, min_size=1, max_size=2),
                                                         st.integers(0, 1000)))
def test_any_probe_choice_reaches_every_similar_title(first: str, second: str, p1: Period, p2: Period,
                                                      sizes: dict[str, int]) -> None:
    query = grant("Q", title=first, purpose="", period=p1)
    other = grant("B", title=second, purpose="", period=p2)
    if jaccard(ngrams(first), ngrams(second)) >= SIMILAR_AT and set(p1.years) & set(p2.years):
        probes = probe_keys(query, lambda key: sizes.get(key.rsplit("#", 1)[-1], 0))
        assert probes & blocking_keys(other)


@settings(max_examples=150, deadline=None)
@given(grant_lists(), st.integers(0, 30), titles, titles, periods)
def test_index_find_equals_the_pairwise_scan(grants: list[GrantSummary], pick: int, title: str, purpose: str,
                                             period: Period) -> None:
    index = BlockingIndex(grants)
    queries = [grant("Q-1", title=title, purpose=purpose, period=period)]
    if grants:
        queries.append(grants[pick % len(grants)])  # an indexed grant: never matches itself
    for query in queries:
        assert index.find(query) == naive_find(query, grants)
