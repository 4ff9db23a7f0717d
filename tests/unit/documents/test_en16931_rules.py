"""EN 16931 rules on real examples: a finding names the rule, its severity and the XPath of the offending node, in
UBL and in CII alike; the registry holds every rule once, each with a statement."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from shared.domain.documents import validate_document
from shared.domain.documents.en16931 import REGISTRY, RULE_IDS
from shared.domain.documents.rules import family_of

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "en16931"
UBL = DATA / "ubl" / "examples" / "ubl-tc434-example2.xml"
CII = DATA / "cii" / "examples" / "CII_example2.xml"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"


def edited(path: Path, xpath: str, text: str | None, namespaces: dict[str, str]) -> bytes:
    """``path`` with the first node at ``xpath`` given ``text`` (or removed when ``text`` is None)."""
    root = etree.fromstring(path.read_bytes())
    node = root.xpath(xpath, namespaces=namespaces)[0]
    if text is None:
        node.getparent().remove(node)
    else:
        node.text = text
    return etree.tostring(root)


def test_the_examples_have_no_finding_at_all() -> None:
    for fmt, path in (("ubl", UBL), ("cii", CII)):
        result = validate_document(fmt, path.read_bytes())
        assert result.findings == [], [f.as_dict() for f in result.findings]


def test_a_wrong_total_is_an_error_at_its_xpath_in_ubl() -> None:
    content = edited(UBL, "/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount", "1.00", {"cac": CAC, "cbc": CBC})
    result = validate_document("ubl", content)
    [finding] = [f for f in result.findings if f.code == "BR-CO-10"]
    assert finding.severity == "error"
    assert finding.path == "/Invoice/cac:LegalMonetaryTotal/cbc:LineExtensionAmount"
    assert not result.valid


def test_the_same_rule_reports_the_cii_xpath() -> None:
    xpath = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount"
    result = validate_document("cii", edited(CII, xpath, "1.00", {"ram": RAM}))
    [finding] = [f for f in result.findings if f.code == "BR-CO-10"]
    assert finding.path == (
        "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
        "/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount"
    )


def test_a_missing_element_is_reported_where_it_belongs() -> None:
    content = edited(UBL, "/*/cac:InvoiceLine[2]/cac:Item/cbc:Name", None, {"cac": CAC, "cbc": CBC})
    [finding] = [f for f in validate_document("ubl", content).findings if f.code == "BR-25"]
    assert finding.path == "/Invoice/cac:InvoiceLine[2]/cac:Item/cbc:Name"


def test_a_warning_does_not_reject_the_document() -> None:
    root = etree.fromstring(UBL.read_bytes())
    means = root.find(f"{{{CAC}}}PaymentMeans")
    card = etree.SubElement(means, f"{{{CAC}}}CardAccount")
    etree.SubElement(card, f"{{{CBC}}}PrimaryAccountNumberID").text = "4111111111111111"
    etree.SubElement(card, f"{{{CBC}}}NetworkID").text = "VISA"
    result = validate_document("ubl", etree.tostring(root))
    assert [(f.code, f.severity) for f in result.findings] == [("BR-51", "warning")]
    assert result.valid


def test_a_vat_category_family_runs_only_for_its_category() -> None:
    # An export line without any G breakdown: BR-G-01 fires; BR-G-10 (about G breakdowns) has nothing to check.
    content = edited(
        UBL, "/*/cac:InvoiceLine[1]/cac:Item/cac:ClassifiedTaxCategory/cbc:ID", "G", {"cac": CAC, "cbc": CBC}
    )
    codes = {f.code for f in validate_document("ubl", content).findings}
    assert "BR-G-01" in codes and "BR-G-10" not in codes


def test_every_rule_is_registered_once_with_a_statement() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS)) == len(REGISTRY)
    for rule_id, rule in REGISTRY.items():
        assert rule.id == rule_id and rule.statement and rule.severity in ("error", "warning")
    assert REGISTRY["BR-51"].severity == "warning"
    assert {family_of(r) for r in RULE_IDS} >= {
        "BR",
        "BR-CO",
        "BR-DEC",
        "BR-CL",
        "BR-S",
        "BR-Z",
        "BR-E",
        "BR-AE",
        "BR-IC",
        "BR-G",
        "BR-O",
        "BR-AF",
        "BR-AG",
        "UBL-SR",
        "UBL-DT",
    }


@pytest.mark.parametrize(
    ("rule_id", "family"),
    [("BR-S-08", "BR-S"), ("BR-12", "BR"), ("UBL-SR-44", "UBL-SR"), ("BR-CL-14", "BR-CL"), ("BR-DEC-23", "BR-DEC")],
)
def test_family_of(rule_id: str, family: str) -> None:
    assert family_of(rule_id) == family
