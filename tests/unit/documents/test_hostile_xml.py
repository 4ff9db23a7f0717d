"""Hostile and broken XML is refused with the right code, quickly, without reading any file or URL."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from shared.domain.documents import MAX_DOCUMENT_BYTES, DocumentRefused, validate_document
from shared.domain.documents import xml as hardened

KEC_NS = "urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0"
KEC_OPEN = f'<TaxInvoice xmlns="{KEC_NS}">'.encode()
DECL = b'<?xml version="1.0" encoding="UTF-8"?>\n'
PASSWD = Path("/etc/passwd")
PASSWD_MARKER = "root:x:0:0"  # the first line of /etc/passwd on any Linux


def kec(body: bytes, prolog: bytes = b"") -> bytes:
    return DECL + prolog + KEC_OPEN + body + b"</TaxInvoice>"


def billion_laughs(levels: int = 10) -> bytes:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, levels)
    )
    return kec(b"<x>&lol%d;</x>" % (levels - 1), b"<!DOCTYPE TaxInvoice [" + entities + b"]>\n")


@pytest.fixture
def listener() -> Iterator[tuple[str, socket.socket]]:
    """A loopback TCP port that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield f"http://127.0.0.1:{server.getsockname()[1]}/x", server
    server.close()


def nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def refused(content: bytes, fmt: str = "kec") -> DocumentRefused:
    with pytest.raises(DocumentRefused) as info:
        validate_document(fmt, content)
    assert PASSWD_MARKER not in info.value.message
    return info.value


FORBIDDEN = {
    "doctype": kec(b"", b"<!DOCTYPE TaxInvoice>\n"),
    "doctype after a comment": kec(b"", b"<!-- hi --><!DOCTYPE TaxInvoice>\n"),
    "external DTD": kec(b"", b'<!DOCTYPE TaxInvoice SYSTEM "file:///etc/passwd">\n'),
    "internal entity": kec(b"<x>&a;</x>", b'<!DOCTYPE TaxInvoice [<!ENTITY a "x">]>\n'),
    "external file entity": kec(b"<x>&xxe;</x>", b'<!DOCTYPE TaxInvoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    "external http entity": kec(
        b"<x>&xxe;</x>", b'<!DOCTYPE TaxInvoice [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'
    ),
    "parameter entity": kec(b"", b'<!DOCTYPE TaxInvoice [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
    "billion laughs": billion_laughs(),
    "undeclared entity reference": kec(b"<x>&xxe;</x>"),
    "entity declaration in the body": kec(b'<!ENTITY a "b">'),
    "xinclude": kec(
        b'<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></x>'
    ),
    "utf-16 doctype": (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE TaxInvoice>{KEC_OPEN.decode()}</TaxInvoice>'
    ).encode("utf-16"),
    "utf-16 external entity": (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        f"{KEC_OPEN.decode()}<x>&x;</x></TaxInvoice>"
    ).encode("utf-16"),
    "nesting beyond the parser's depth limit": kec(b"<a>" * 300 + b"</a>" * 300),
}


@pytest.mark.parametrize("content", FORBIDDEN.values(), ids=FORBIDDEN.keys())
@pytest.mark.parametrize("fmt", ["kec", "ubl", "cii"])
def test_hostile_content_is_forbidden(content: bytes, fmt: str) -> None:
    assert refused(content, fmt).code == "FORBIDDEN_CONTENT"


MALFORMED = {
    "empty": b"",
    "blank": b"  \n\t ",
    "not xml": b"hello, invoice",
    "json": b'{"invoice": 1}',
    "truncated": kec(b"<x>")[:-20],
    "mismatched tags": kec(b"<a></b>"),
    "unknown encoding": b'<?xml version="1.0" encoding="x-no-such"?>' + KEC_OPEN + b"</TaxInvoice>",
    "ubl invoice as kec": b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>',
    "kec root without namespace": b"<TaxInvoice/>",
}


@pytest.mark.parametrize("content", MALFORMED.values(), ids=MALFORMED.keys())
def test_broken_documents_are_malformed(content: bytes) -> None:
    assert refused(content).code == "MALFORMED"


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        ("ubl", kec(b"")),
        ("cii", kec(b"")),
        ("pdf", kec(b"")),
        ("cii", b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'),
    ],
)
def test_a_wrong_root_or_format_is_malformed(fmt: str, content: bytes) -> None:
    assert refused(content, fmt).code == "MALFORMED"


def test_too_large_is_refused_before_parsing() -> None:
    content = b"<" * (MAX_DOCUMENT_BYTES + 1)  # not XML either: TOO_LARGE wins because nothing is parsed
    assert refused(content).code == "TOO_LARGE"


def test_the_limit_itself_is_accepted() -> None:
    content = kec(b"")
    content = content + b" " * (MAX_DOCUMENT_BYTES - len(content))
    assert validate_document("kec", content).invoice is not None


def test_a_5mb_billion_laughs_is_refused_within_a_second() -> None:
    content = billion_laughs()
    content = content.replace(b"<x>", b"<x>" + b" " * (MAX_DOCUMENT_BYTES - len(content)))
    assert len(content) == MAX_DOCUMENT_BYTES
    started = time.perf_counter()
    assert refused(content).code == "FORBIDDEN_CONTENT"
    assert time.perf_counter() - started < 1.0


def test_the_network_is_never_used(listener: tuple[str, socket.socket]) -> None:
    url, server = listener
    for prolog, body in [
        (f'<!DOCTYPE TaxInvoice [<!ENTITY x SYSTEM "{url}">]>', b"<x>&x;</x>"),
        (f'<!DOCTYPE TaxInvoice SYSTEM "{url}">', b""),
        ("", f'<x xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="{url}"/></x>'.encode()),
    ]:
        assert refused(kec(body, prolog.encode())).code == "FORBIDDEN_CONTENT"
    assert nobody_connected(server)


# Defence in depth: with the prescan switched off, the locked-down parser still reads nothing and expands nothing,
# and the checks after parsing still refuse the document.


@pytest.fixture
def no_prescan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hardened, "_refuse_declarations", lambda text: None)


@pytest.mark.usefixtures("no_prescan")
@pytest.mark.parametrize(
    "content",
    [
        kec(b"<x>&xxe;</x>", b'<!DOCTYPE TaxInvoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        kec(b"", b'<!DOCTYPE TaxInvoice [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'),
        kec(b"", b'<!DOCTYPE TaxInvoice SYSTEM "file:///etc/passwd">'),
        billion_laughs(),
    ],
    ids=["external entity", "parameter entity", "external DTD", "billion laughs"],
)
def test_without_the_prescan_the_parser_still_refuses(content: bytes) -> None:
    started = time.perf_counter()
    assert refused(content).code == "FORBIDDEN_CONTENT"
    assert time.perf_counter() - started < 1.0


def test_the_parser_itself_never_expands_an_external_entity(listener: tuple[str, socket.socket]) -> None:
    url, server = listener
    for target in ("file:///etc/passwd", url):
        content = kec(b"<x>&xxe;</x>", f'<!DOCTYPE TaxInvoice [<!ENTITY xxe SYSTEM "{target}">]>'.encode())
        root = etree.fromstring(content, hardened._parser())
        assert PASSWD_MARKER not in etree.tostring(root, encoding="unicode")
        assert "".join(root.itertext()) == "&xxe;"  # the reference is kept, never expanded
    assert nobody_connected(server)


def test_passwd_marker_is_meaningful() -> None:
    if not PASSWD.exists():  # pragma: no cover - every Linux CI has it
        pytest.skip("no /etc/passwd here")
    assert PASSWD_MARKER in PASSWD.read_text()


def test_a_doctype_quoted_in_the_body_is_not_a_doctype() -> None:
    content = kec(b"<x><![CDATA[<!DOCTYPE html><p>note</p>]]></x>")
    assert validate_document("kec", content).invoice is not None
