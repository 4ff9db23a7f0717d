"""The application services built as ``shared.application.wiring`` builds them, on the in-memory fakes and a fixed
clock (Seoul time), and the claims, grants and budget lines the tests start from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from shared.application.decisions import ClaimDecisions
from shared.application.grant_decisions import GrantDecisions
from shared.application.reviews import ReviewService
from shared.application.runs import RunService
from shared.application.settlement import BudgetService, LedgerService
from shared.application.subsidy import SubsidyService
from shared.domain.actor import Actor
from shared.domain.calendar import SEOUL
from shared.domain.claims.model import Claim, ClaimStatus, LocalGovernment
from shared.domain.errors import ClaimsError
from shared.domain.settlement.budget import BudgetLine, Contract
from shared.domain.settlement.grant_advances import commitment
from shared.domain.settlement.ledger import Ledger
from shared.domain.settlement.payment_run import PaymentRun
from shared.domain.subsidy.model import CategoryBudget, Grant, Period, Review
from shared.domain.unit_of_work import DecideGrant
from tests.unit.application.fakes import (
    FakeBudgets,
    FakeClaims,
    FakeLedger,
    FakePublisher,
    FakeQueue,
    FakeRegistry,
    FakeReports,
    FakeRevenue,
    FakeRuns,
    FakeSubsidy,
    FakeUnitOfWork,
)

LG, OTHER_LG = "11110", "11140"  # 종로구, 중구
LG_TAX_ID = "1248100998"
SUPPLIER, OTHER_SUPPLIER = "2048631263", "6028131841"  # businesses (valid BRNs)
RECIPIENT = "1028311107"  # a subsidy recipient
RATE = Decimal("0.12")  # late-payment interest a year
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)  # a Tuesday; a claim accepted now is due 2026-12-01

OFFICIAL = Actor("official", LG, "kim")
OTHER_OFFICIAL = Actor("official", OTHER_LG, "lee")
SUPPLIER_USER = Actor("business", SUPPLIER, "park")
RECIPIENT_USER = Actor("business", RECIPIENT, "choi")


class Clock:
    """A fixed, timezone-aware clock that a test may move."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, day: date, hour: int = 10) -> None:
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=SEOUL)


@dataclass
class World:
    """Every port faked once, shared by the services as the composition root shares the adapters."""

    clock: Clock = field(default_factory=Clock)
    book: Ledger = field(default_factory=Ledger)
    claims: FakeClaims = field(default_factory=FakeClaims)
    subsidy: FakeSubsidy = field(default_factory=FakeSubsidy)
    runs: FakeRuns = field(default_factory=FakeRuns)
    reports: FakeReports = field(default_factory=FakeReports)
    queue: FakeQueue = field(default_factory=FakeQueue)
    publisher: FakePublisher = field(default_factory=FakePublisher)
    registry: FakeRegistry = field(
        default_factory=lambda: FakeRegistry(
            LocalGovernment(LG, "종로구", "Jongno-gu", LG_TAX_ID),
            LocalGovernment(OTHER_LG, "중구", "Jung-gu", "2018300022"),
        )
    )

    def __post_init__(self) -> None:
        self.ledger = FakeLedger(self.book)
        self.revenue = FakeRevenue(self.book)
        self.budgets = FakeBudgets(self.book)
        self.unit_of_work = FakeUnitOfWork(self.claims, self.budgets, self.book, self.subsidy, self.runs)

    # -- the services, as wiring.py builds them -----------------------------------------------------------------------

    def decisions(self) -> ClaimDecisions:
        return ClaimDecisions(
            self.claims, self.budgets, self.unit_of_work, self.publisher, clock=self.clock, grants=self.subsidy
        )

    def reviews(self) -> ReviewService:
        return ReviewService(self.subsidy, self.claims, self.decisions(), clock=self.clock)

    def subsidy_service(self) -> SubsidyService:
        ids = iter(f"{n:04d}" for n in range(1, 10_000))
        return SubsidyService(self.subsidy, clock=self.clock, new_id=lambda: next(ids))

    def grant_decisions(self) -> GrantDecisions:
        ids = iter(f"{n:04d}" for n in range(1, 10_000))
        return GrantDecisions(
            self.subsidy_service(), self.subsidy, self.budgets, self.unit_of_work, self.clock, lambda: next(ids)
        )

    def budget_service(self) -> BudgetService:
        return BudgetService(self.budgets)

    def ledger_service(self) -> LedgerService:
        return LedgerService(self.ledger)

    def run_service(self) -> RunService:
        payment = PaymentRun(
            self.claims,
            self.runs,
            self.ledger,
            self.subsidy,
            self.unit_of_work,
            RATE,
            self.clock,
            budgets=self.budgets,
        )
        return RunService(
            self.runs,
            payment,
            self.ledger,
            self.budgets,
            self.subsidy,
            self.reports,
            self.queue,
            self.registry,
            RATE,
            clock=self.clock,
            revenue=self.revenue,
        )

    # -- what the tests start from ------------------------------------------------------------------------------------

    def received(self, claim: Claim) -> Claim:
        """The claim as the intake stored it (a subsidy claim with its reservation of the grant); the budget line a
        payment claim names is loaded into 2026's budget first when the year has no such line."""
        if claim.line_id and self.budgets.line(LG, 2026, claim.line_id) is None:
            self.budgets.load(LG, 2026, [budget_line(claim.line_id)], date(2026, 11, 2))
        self.claims.put(claim)
        reservation = claim.reservation()
        if reservation is not None:
            self.subsidy.add_reservation(claim.claim_id, reservation)
        return claim

    def fund(self, amount: int = 100_000_000, fy: int = 2026, receipt_id: str = "R-1", fund: str = "일반회계") -> None:
        """Cash in the LG's treasury for ``fy`` (in ``fund``, a 회계): a receipt (교부세 received at once) the payment
        runs pay from."""
        self.revenue.receive(LG, fy, receipt_id, amount, date(fy, 1, 5), fund)

    def grant(self, grant: Grant) -> Grant:
        """The grant, and the budget lines its categories are paid from, loaded into 2026's budget when missing."""
        for category in grant.budget:
            if category.line_id and self.budgets.line(LG, 2026, category.line_id) is None:
                self.budgets.load(LG, 2026, [budget_line(category.line_id, stat_object="307-02")], date(2026, 11, 2))
        # the 교부결정's commitment of its lines, as the decision writes it (a grant naming none commits nothing)
        intents = commitment(grant, self.budgets, self.clock().date()) if grant.status == "OPEN" else []
        self.unit_of_work.commit([DecideGrant(grant, new=True), *intents])
        return grant

    def contract(
        self, contract_id: str = "K-1", amount: int = 5_000_000, fy: int = 2026, stat_object: str = "201-01"
    ) -> Contract:
        """A contract with the supplier on line L-1 of ``fy`` (loaded first when the year has no such line)."""
        day = date(fy, 11, 2)
        if self.budgets.line(LG, fy, "L-1") is None:
            self.budgets.load(LG, fy, [budget_line(stat_object=stat_object)], day)
        contract = Contract(contract_id, LG, fy, SUPPLIER, amount, "L-1")
        self.budgets.add_contract(contract, day)
        return contract


def codes(error: ClaimsError) -> list[str]:
    """The rule ids a refusal names, as an API client reads them."""
    return [finding.code for finding in error.findings]


def payment_claim(
    claim_id: str = "C-1",
    amount: int = 1_000_000,
    contract_id: str | None = None,
    supplier: str = SUPPLIER,
    line_id: str | None = "L-1",
) -> Claim:
    """A received payment claim; one without a contract names its budget line (``line_id``, None for none)."""
    received_at = (NOW - timedelta(days=1)).isoformat()
    return Claim(
        claim_id=claim_id,
        status=ClaimStatus.RECEIVED,
        kind="payment",
        lg_code=LG,
        supplier=supplier,
        buyer=LG_TAX_ID,
        submitted_by=supplier,
        invoice={"id": f"INV-{claim_id}", "issueDate": "2026-11-20", "grandTotal": str(amount)},
        grand_total=str(amount),
        currency="KRW",
        received_at=received_at,
        source="api",
        document_key=f"claims/{claim_id}/original.xml",
        guard_key=f"GUARD#payment#{supplier}#0101#INV-{claim_id}",
        contract_id=contract_id,
        line_id=None if contract_id else line_id,
        history=[{"status": "RECEIVED", "at": received_at, "by": f"business:{supplier}:park"}],
    )


def subsidy_claim(
    claim_id: str = "S-1", amount: int = 300_000, grant_id: str = "G-1", category: str = "307-02"
) -> Claim:
    claim = payment_claim(claim_id, amount, line_id=None)
    claim.kind, claim.buyer, claim.submitted_by = "subsidy", RECIPIENT, RECIPIENT
    claim.grant_id, claim.category = grant_id, category
    claim.guard_key = f"GUARD#subsidy#{SUPPLIER}#0101#INV-{claim_id}"
    return claim


def grant(
    grant_id: str = "G-1",
    amount: int = 10_000_000,
    start: date = date(2026, 1, 1),
    end: date = date(2026, 12, 31),
    category: str = "307-02",
    line_id: str | None = "L-G",
) -> Grant:
    """A grant of the LG whose category is paid from ``line_id`` (None: a category on no line)."""
    return Grant(
        grant_id=grant_id,
        lg_code=LG,
        title="경로당 난방비 지원",
        purpose="경로당 겨울철 난방비",
        field="사회복지",
        recipient_brn=RECIPIENT,
        period=Period(start, end),
        budget=[CategoryBudget(category, amount, line_id=line_id)],
        funding_shares={"national": "0", "province": "0", "city": "1", "self": "0"},
        created_at=(NOW - timedelta(days=30)).isoformat(),
    )


def review(claim_id: str = "S-1", lg_code: str = LG, status: str = "open") -> Review:
    """The review the soft indicators opened on a subsidy claim (F08: its vendor is closed)."""
    return Review(
        review_id=f"R-{claim_id}",
        claim_id=claim_id,
        grant_id="G-1",
        lg_code=lg_code,
        score=30,
        indicators=[{"code": "F08", "weight": 30, "title": "closed vendor (휴업·폐업)", "evidence": {}}],
        status=status,
        created_at=(NOW - timedelta(hours=20)).isoformat(),
    )


def budget_line(line_id: str = "L-1", budget: int = 50_000_000, stat_object: str = "201-01", **more: int) -> BudgetLine:
    return BudgetLine(
        line_id,
        fund="일반회계",
        field="일반공공행정",
        sector="일반행정",
        program="청사관리",
        unit="청사유지",
        project="본청 유지보수",
        object=stat_object[:3],
        stat_object=stat_object,
        budget=budget,
        **more,
    )
