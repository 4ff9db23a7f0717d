"""Benchmark: similar/duplicate program search (유사·중복 사업), the blocking index against the pairwise scan.

Generates ``grants`` realistic grants deterministically (Korean titles composed from per-field word lists, a pool of
recipient BRNs, periods within 2024..2027, four expense categories), spread over the 243 LGs plus about 5% national
(e나라도움) grants, indexes them all in a ``BlockingIndex``, then times ``find`` for ``queries`` new grants of random
LGs (a third made deliberately similar to an existing grant of the same LG or to a national one, a sixth funding an
existing recipient again for the same category, possibly in another LG) against ``naive_find`` over the same list
(the same rule: P02 among the LG's own and national grants, P01 everywhere), checking that both give identical
findings. The pairwise scan is slow, so it runs on the first ``naive_queries`` queries only (the index runs on all of
them; the speedup compares both on those same queries). Goal: the index at least 50x faster per query. A second
scan, given every grant's grams up front, separates the gain of pruning from the gain of computing each grant's grams
once (the index stores them); with P02 confined to the LG and national grants the plain scan computes the grams of
few grants, so this one is slower than the plain scan (a dict lookup a grant costs more than it saves).

The DynamoDB version is run too: ``SubsidyService.similar_programs`` against a stand-in repository that answers each
``BLOCK#``/``RECIP#`` Query from the same postings (the items ``_index_entries`` stores, checked on a sample) and
each BatchGet from the grants. It reads the probe keys chosen without posting sizes, so it gives the Queries and the
BatchGet items per new grant, and its findings must equal the index's.

    python -m bench.similar_programs [--grants 100000] [--queries 200] [--naive-queries 50] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from shared.application.subsidy import SubsidyService, _index_entries  # noqa: E402
from shared.domain.subsidy.grams import text_grams  # noqa: E402
from shared.domain.subsidy.model import GrantSummary, Period, SimilarProgram  # noqa: E402
from shared.domain.subsidy.similarity import (  # noqa: E402
    NATIONAL,
    BlockingIndex,
    findings,
    index_keys,
    naive_find,
)

GOAL_SPEEDUP = 50
LG_CODES = tuple(f"{11000 + n * 10}" for n in range(243))  # 243 local governments (5-digit codes, illustrative)
NATIONAL_SHARE = 0.05
YEARS = (2024, 2027)
CATEGORIES = ("307-02", "402-01", "307-05", "308-10")
# Per field (분야): what a program is about, and what it does with it. A title is [place] [target] subject
# [activity] [form] [edition], so a field has about 20 x 12 distinct programs, each in many places and years.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "사회복지": (
        "경로당",
        "노인복지관",
        "지역아동센터",
        "장애인 보호작업장",
        "푸드뱅크",
        "무료 경로식당",
        "다함께돌봄센터",
        "청소년 쉼터",
        "노인 일자리",
        "장애인 활동보조",
        "자활센터",
        "방문건강관리",
        "치매안심센터",
        "마음건강",
        "종합사회복지관",
        "그룹홈",
        "아동 급식",
        "산모 도우미",
        "독거노인 안부확인",
        "긴급 생계",
    ),
    "문화관광": (
        "야시장",
        "지역 축제",
        "문화예술 공연",
        "생활문화 동호회",
        "관광안내소",
        "한옥 체험관",
        "둘레길",
        "향토문화",
        "작은도서관",
        "문화재",
        "공공미술",
        "거리 공연",
        "야간 관광",
        "관광기념품",
        "국악 공연",
        "박물관",
        "미술관",
        "템플스테이",
        "캠핑장",
        "전통 공예",
    ),
    "농림해양수산": (
        "친환경 농산물",
        "스마트팜",
        "귀농귀촌",
        "농산물 가공",
        "로컬푸드 직매장",
        "양식 어가",
        "수산물 유통",
        "산림 병해충",
        "가축 방역",
        "농기계 임대",
        "어촌 뉴딜",
        "조림",
        "과수 재배",
        "시설 원예",
        "어업인 안전",
        "벼 육묘",
        "양봉",
        "축산 악취",
        "어선 장비",
        "임산물",
    ),
    "산업중소기업": (
        "소상공인 경영",
        "창업 보육센터",
        "전통시장",
        "수출 마케팅",
        "기술 개발",
        "스마트공장",
        "사회적경제기업",
        "특허 출원",
        "지역상품권",
        "벤처기업",
        "판로 개척",
        "공동 브랜드",
        "산업단지",
        "일자리 박람회",
        "온라인 판매",
        "지식산업센터",
        "뿌리기업",
        "골목상권",
        "협동조합",
        "시제품 제작",
    ),
    "환경": (
        "미세먼지",
        "전기자동차",
        "하천",
        "재활용 선별장",
        "음식물 쓰레기",
        "태양광",
        "생태공원",
        "탄소중립",
        "수질",
        "노후 경유차",
        "실내공기질",
        "야생동물",
        "녹색건축",
        "빗물 이용시설",
        "친환경 보일러",
        "도시숲",
        "슬레이트 지붕",
        "소음 진동",
        "석면",
        "자원순환",
    ),
    "교육": (
        "방과후 학교",
        "진로 체험",
        "평생학습",
        "원어민 영어",
        "코딩 교육",
        "학교 급식",
        "학습 멘토링",
        "독서 교육",
        "마을교육공동체",
        "통학 차량",
        "기초학력",
        "영재 교육",
        "학부모 교육",
        "청소년 수련관",
        "대학생 장학",
        "학교 도서관",
        "과학 교실",
        "다문화 교육",
        "학교 체육",
        "돌봄교실",
    ),
}
ACTIVITIES: dict[str, tuple[str, ...]] = {
    "사회복지": (
        "기능보강",
        "차량 구입",
        "인건비",
        "환경 개선",
        "안전 점검",
        "물품 구입",
        "종사자 교육",
        "연계망 구축",
        "프로그램 개발",
        "시설 개보수",
        "급식비",
        "냉난방비",
    ),
    "문화관광": (
        "개최",
        "홍보 마케팅",
        "시설 개보수",
        "콘텐츠 개발",
        "해설사 양성",
        "안내판 정비",
        "전시 기획",
        "체험 행사",
        "상설 공연",
        "기념품 개발",
        "야간 경관 조성",
        "관광상품 개발",
    ),
    "농림해양수산": (
        "기반 조성",
        "장비 구입",
        "교육 훈련",
        "시설 현대화",
        "판로 확대",
        "방제 약품",
        "인증 취득",
        "저온 저장고",
        "포장재 구입",
        "품질 관리",
        "체험 농장",
        "컨설팅",
    ),
    "산업중소기업": (
        "시설 현대화",
        "컨설팅",
        "홍보 마케팅",
        "인증 취득",
        "입주 지원",
        "장비 구입",
        "시제품 개발",
        "전시회 참가",
        "디자인 개발",
        "금융 비용",
        "역량 강화 교육",
        "공동 물류",
    ),
    "환경": (
        "저감 장치",
        "구입 보조",
        "정화 활동",
        "시설 설치",
        "모니터링",
        "교육 홍보",
        "감량 기기",
        "철거 처리",
        "복원 사업",
        "측정망 구축",
        "실천 캠페인",
        "기술 진단",
    ),
    "교육": (
        "강사비",
        "교재 구입",
        "체험 활동",
        "프로그램 운영",
        "기자재 구입",
        "환경 개선",
        "장학금",
        "멘토 양성",
        "교육과정 개발",
        "공간 조성",
        "캠프",
        "차량 임차",
    ),
}
TARGETS: dict[str, tuple[str, ...]] = {
    "사회복지": (
        "청년",
        "어르신",
        "아동",
        "장애인",
        "한부모가족",
        "다문화가족",
        "저소득층",
        "독거노인",
        "노숙인",
        "경력단절여성",
    ),
    "문화관광": ("시민", "관광객", "청소년", "예술인", "외국인", "가족"),
    "농림해양수산": ("농업인", "어업인", "청년농", "임업인", "여성농업인", "귀농인"),
    "산업중소기업": ("소상공인", "중소기업", "청년", "여성기업", "전통시장 상인", "창업기업"),
    "환경": ("시민", "주민", "학교", "공동주택", "사업장", "농가"),
    "교육": ("초등학생", "중학생", "고등학생", "학부모", "성인 학습자", "다문화 학생"),
}
FORMS = ("지원사업", "육성", "활성화 사업", "프로그램 운영", "조성사업", "지원", "강화", "시범사업", "확대", "사업")
PLACES = (
    "수원",
    "용인",
    "고양",
    "창원",
    "청주",
    "전주",
    "천안",
    "해운대",
    "강릉",
    "춘천",
    "제주",
    "서귀포",
    "목포",
    "여수",
    "순천",
    "안동",
    "경주",
    "포항",
    "김해",
    "진주",
    "원주",
    "충주",
    "제천",
    "익산",
    "군산",
    "정읍",
    "남원",
    "나주",
    "광양",
    "통영",
    "거제",
    "양산",
    "구미",
    "영주",
    "상주",
    "문경",
    "속초",
    "삼척",
    "태백",
    "평창",
    "홍천",
    "공주",
    "보령",
    "아산",
    "서산",
    "논산",
    "당진",
    "김포",
    "파주",
    "이천",
    "안성",
    "평택",
    "화성",
    "시흥",
    "광명",
    "하남",
    "남양주",
    "의정부",
    "포천",
    "종로",
)
PURPOSES = (
    "{target}의 {topic} 여건을 개선하여 {goal}",
    "{place} 지역 {target}을 위한 {topic} 기반을 마련하고 {goal}에 기여",
    "{topic}을 통해 {target}의 참여를 넓히고 {goal}을 도모",
    "관내 {target} 대상 {topic} 서비스 제공으로 {goal}",
    "{target} 맞춤형 {topic} 체계를 구축하여 {goal}",
    "{place}의 {topic} 수요에 대응하고 {target}의 {goal}",
)
GOALS = (
    "삶의 질 향상",
    "지역경제 활성화",
    "일자리 창출",
    "공동체 회복",
    "안전한 생활환경 조성",
    "경쟁력 강화",
    "사회안전망 확충",
    "지속가능한 성장",
    "균형발전",
    "복지 사각지대 해소",
)


def brn(rng: random.Random) -> str:
    """A BRN with a valid check digit (brief, section 1)."""
    digits = [rng.randrange(10) for _ in range(9)]
    total = sum(d * w for d, w in zip(digits, (1, 3, 7, 1, 3, 7, 1, 3, 5), strict=True)) + digits[8] * 5 // 10
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def period(rng: random.Random) -> Period:
    start = date(rng.randint(*YEARS), rng.randint(1, 12), 1)
    end = min(start + timedelta(days=rng.choice((90, 180, 270, 365, 540, 730))), date(YEARS[1], 12, 31))
    return Period(start, end)


def title_and_purpose(rng: random.Random, field: str) -> tuple[str, str]:
    """A program title, [place] [target] subject [activity] [form] [edition], and a purpose sentence."""
    place, target = rng.choice(PLACES), rng.choice(TARGETS[field])
    subject, activity = rng.choice(SUBJECTS[field]), rng.choice(ACTIVITIES[field])
    parts = [place] if rng.random() < 0.5 else []
    parts += [target] if rng.random() < 0.3 else []
    parts += [subject]
    parts += [activity] if rng.random() < 0.7 else []
    parts += [rng.choice(FORMS)] if rng.random() < 0.6 else []
    if rng.random() < 0.15:
        parts.append(f"{rng.randint(2, 5)}차")
    topic = f"{subject} {activity}"
    purpose = rng.choice(PURPOSES).format(place=place, target=target, topic=topic, goal=rng.choice(GOALS))
    return " ".join(parts), purpose


def grant(rng: random.Random, number: int, recipients: list[str], lg_code: str | None = None) -> GrantSummary:
    """A grant of ``lg_code``; without one, of a random LG, or national (NATIONAL_SHARE of them)."""
    field = rng.choice(tuple(SUBJECTS))
    title, purpose = title_and_purpose(rng, field)
    if lg_code is None:
        lg_code = NATIONAL if rng.random() < NATIONAL_SHARE else rng.choice(LG_CODES)
    return GrantSummary(
        grant_id=f"G{number:07d}",
        lg_code=lg_code,
        title=title,
        purpose=purpose,
        field=field,
        recipient_brn=rng.choice(recipients),
        period=period(rng),
        categories=tuple(sorted(rng.sample(CATEGORIES, rng.choice((1, 1, 1, 2))))),
        budget_total=rng.randrange(5, 500) * 1_000_000,
        source="national" if lg_code == NATIONAL else "local",
    )


def similar_to(
    rng: random.Random, number: int, base: GrantSummary, lg_code: str, recipients: list[str]
) -> GrantSummary:
    """A new grant of ``lg_code`` deliberately close to ``base`` (of that LG, or national): the same program renamed
    a little, overlapping years."""
    words = base.title.split()
    if len(words) > 2 and rng.random() < 0.5:
        words.pop(0)
    words.append(rng.choice(("2차", "확대", "(신규)", "시범")))
    start = base.period.start + timedelta(days=rng.randrange(0, 200))
    return replace(
        base,
        grant_id=f"Q{number:07d}",
        lg_code=lg_code,
        source="local",
        title=" ".join(words),
        recipient_brn=rng.choice(recipients),
        period=Period(start, start + timedelta(days=365)),
    )


def again_for(rng: random.Random, number: int, base: GrantSummary, lg_code: str, recipients: list[str]) -> GrantSummary:
    """A new grant of ``lg_code`` funding ``base``'s recipient (any LG) again for the same category over an
    overlapping period."""
    other = grant(rng, number, recipients, lg_code)
    start = base.period.start + timedelta(days=rng.randrange(0, 60))
    return replace(
        other,
        grant_id=f"Q{number:07d}",
        recipient_brn=base.recipient_brn,
        categories=base.categories,
        period=Period(start, start + timedelta(days=180)),
    )


def make_queries(
    rng: random.Random, existing: list[GrantSummary], count: int, recipients: list[str]
) -> list[GrantSummary]:
    """New grants of random LGs: kinds 0 and 3 similar to a grant of the same LG (or, one in three, a national
    one), kind 1 a recipient funded again, the rest random."""
    by_lg: dict[str, list[GrantSummary]] = {}
    for existing_grant in existing:
        by_lg.setdefault(existing_grant.lg_code, []).append(existing_grant)
    queries = []
    for number in range(count):
        kind, lg_code = number % 6, rng.choice(LG_CODES)
        if kind in (0, 3):
            pool = by_lg.get(NATIONAL if rng.random() < 1 / 3 else lg_code) or existing
            queries.append(similar_to(rng, number, rng.choice(pool), lg_code, recipients))
        elif kind == 1:
            queries.append(again_for(rng, number, rng.choice(existing), lg_code, recipients))
        else:
            queries.append(replace(grant(rng, number, recipients, lg_code), grant_id=f"Q{number:07d}"))
    return queries


@dataclass(frozen=True, slots=True)
class _Entry:
    grant_id: str


class IndexTable:
    """A stand-in for the repository of ``SubsidyService.similar_programs``: one Query per key, answered from the
    index's postings (the stored items are ``_index_entries``: the index keys, prefixed), and BatchGets from the
    grants. Counts both."""

    def __init__(self, index: BlockingIndex) -> None:
        self.index = index
        self.queries = 0
        self.fetched = 0

    def index_lookup(self, keys: list[str]) -> dict[str, list[_Entry]]:
        self.queries += len(keys)
        return {key: [_Entry(g) for g in self.index.ids(key.split("#", 1)[1])] for key in keys}

    def grant_summaries(self, grant_ids: list[str]) -> list[GrantSummary]:
        self.fetched += len(grant_ids)
        return [self.index.grants[g] for g in grant_ids]


def stored_as_index_keys(grants: list[GrantSummary]) -> bool:
    """What ``_index_entries`` stores is the index keys, BLOCK# before the text keys and RECIP# before the others."""
    for g in grants:
        entries = _index_entries(g)
        if {k.split("#", 1)[1] for k in entries} != index_keys(g):
            return False
        if any(k.startswith("RECIP#") != bool(extra) for k, extra in entries.items()):
            return False
    return True


def scan_with_grams(query: GrantSummary, grants: list[GrantSummary], grams: dict) -> list[SimilarProgram]:
    """The pairwise scan given every grant's grams up front, so that only the pruning of the index is compared."""
    own = text_grams(query)
    found = [item for other in grants for item in findings(query, other, own, grams[other.grant_id])]
    return sorted(found, key=lambda item: (-item.score, item.other_grant_id, item.code))


def timed_ms(
    call: Callable[[GrantSummary], list[SimilarProgram]], items: list[GrantSummary]
) -> tuple[list[float], list[list[SimilarProgram]]]:
    """Milliseconds per call, and the results."""
    times, results = [], []
    for item in items:
        started = time.perf_counter()
        results.append(call(item))
        times.append((time.perf_counter() - started) * 1000)
    return times, results


def run(grants: int = 100_000, queries: int = 200, seed: int = 7, naive_queries: int = 50) -> dict:
    """Build the index over ``grants`` generated grants, time ``queries`` finds, compare with the pairwise scan on
    the first ``naive_queries`` of them (the speedup compares the two on those same queries)."""
    rng = random.Random(seed)
    recipients = [brn(rng) for _ in range(max(10, grants // 5))]
    existing = [grant(rng, number, recipients) for number in range(grants)]
    started = time.perf_counter()
    gc.disable()  # millions of posting lists: the cyclic collector would walk them all, again and again
    try:
        index = BlockingIndex(existing)
    finally:
        gc.enable()
    build_s = time.perf_counter() - started
    gc.freeze()  # the grants and the index live to the end: no collection during the timings walks them
    asked = make_queries(rng, existing, queries, recipients)
    warm_up = replace(grant(rng, queries, recipients, LG_CODES[0]), grant_id="W")
    index.find(warm_up)  # untimed, as the scan below: first-call costs kept out of the first timings
    naive_find(warm_up, existing)
    index_ms, found = timed_ms(index.find, asked)
    compared = asked[:naive_queries]
    naive_ms, expected = timed_ms(lambda q: naive_find(q, existing), compared)
    scan_ms, scanned = timed_ms(lambda q: scan_with_grams(q, existing, index.grams), compared)
    mismatched = [q.grant_id for q, a, b, c in zip(compared, found, expected, scanned, strict=False) if not a == b == c]
    assert not mismatched, f"index and pairwise scan disagree on {mismatched}"
    assert stored_as_index_keys(existing[:500] + asked[:50]), "the DynamoDB entries are not the index keys"
    table = IndexTable(index)
    service = SubsidyService(table)
    queries_per_grant, fetched_per_grant = [], []
    for query, expected_found in zip(asked, found, strict=True):
        queries_before, fetched_before = table.queries, table.fetched
        assert service.similar_programs(query) == expected_found, f"DynamoDB search disagrees on {query.grant_id}"
        queries_per_grant.append(table.queries - queries_before)
        fetched_per_grant.append(table.fetched - fetched_before)
    same = statistics.fmean(index_ms[: len(compared)])
    return {
        "grants": grants,
        "queries": queries,
        "naive_queries": len(compared),
        "index_ms_per_query": round(statistics.fmean(index_ms), 3),
        "index_ms_median": round(statistics.median(index_ms), 3),
        "index_ms_on_naive_queries": round(same, 3),
        "naive_ms_per_query": round(statistics.fmean(naive_ms), 3),
        "speedup": round(statistics.fmean(naive_ms) / same, 1),
        "goal_speedup": GOAL_SPEEDUP,
        "speedup_of_medians": round(statistics.median(naive_ms) / statistics.median(index_ms[: len(compared)]), 1),
        "scan_with_grams_ms_per_query": round(statistics.fmean(scan_ms), 3),
        "speedup_pruning_only": round(statistics.fmean(scan_ms) / same, 1),
        "hits": sum(len(f) for f in found),
        "hits_by_code": {code: sum(1 for f in found for s in f if s.code == code) for code in ("P01", "P02")},
        "queries_with_hits": sum(1 for f in found if f),
        "candidates_per_query": round(statistics.fmean(len(index.candidates(q)) for q in asked), 1),
        "keys_per_grant": round(statistics.fmean(len(index_keys(g)) for g in existing[:2000]), 1),
        "build_s": round(build_s, 2),
        "lgs": len(LG_CODES),
        "national_grants": sum(1 for g in existing if g.lg_code == NATIONAL),
        "dynamodb_queries_per_new_grant": round(statistics.fmean(queries_per_grant), 1),
        "dynamodb_queries_max": max(queries_per_grant),
        "dynamodb_batch_get_items_per_new_grant": round(statistics.fmean(fetched_per_grant), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grants", type=int, default=100_000, help="grants in the index (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="new grants searched with the index (default 200)")
    parser.add_argument(
        "--naive-queries", type=int, default=50, help="of those, how many also run the pairwise scan (default 50)"
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    r = run(args.grants, args.queries, args.seed, args.naive_queries)
    met = r["speedup"] >= GOAL_SPEEDUP
    rows = [
        ("grants indexed", f"{r['grants']:,}", f"built in {r['build_s']:.1f} s, {r['keys_per_grant']} keys a grant"),
        (
            "index find, mean per query",
            f"{r['index_ms_per_query']:.2f} ms",
            f"{r['queries']} queries (median {r['index_ms_median']:.2f} ms)",
        ),
        (
            "candidates verified per query",
            f"{r['candidates_per_query']:,.0f}",
            f"of {r['grants']:,} grants ({r['lgs']} LGs, {r['national_grants']:,} national)",
        ),
        (
            "DynamoDB Queries per new grant",
            f"{r['dynamodb_queries_per_new_grant']:.1f}",
            f"max {r['dynamodb_queries_max']}; BatchGet items {r['dynamodb_batch_get_items_per_new_grant']:,.0f}",
        ),
        (
            "pairwise scan (naive_find)",
            f"{r['naive_ms_per_query']:.1f} ms",
            f"first {r['naive_queries']} queries; index on those: {r['index_ms_on_naive_queries']:.2f} ms",
        ),
        (
            "speedup",
            f"{r['speedup']:.1f} x",
            f"goal >= {GOAL_SPEEDUP} x: {'met' if met else 'NOT met'} "
            f"(of the medians: {r['speedup_of_medians']:.1f} x)",
        ),
        (
            "scan with precomputed grams",
            f"{r['scan_with_grams_ms_per_query']:.1f} ms",
            f"pruning alone: {r['speedup_pruning_only']:.1f} x",
        ),
        (
            "findings",
            f"{r['hits']:,}",
            f"P01 {r['hits_by_code']['P01']}, P02 {r['hits_by_code']['P02']}; "
            f"{r['queries_with_hits']} queries with any; all identical to the scan",
        ),
    ]
    print(f"{'measure':<32} {'figure':>12}  note")
    for label, figure, note in rows:
        print(f"{label:<32} {figure:>12}  {note}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
