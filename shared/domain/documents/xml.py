"""Hardened XML intake: parse untrusted bytes with lxml, never reading a file or URL, never expanding an entity.

Defence in depth, cheapest first:

1. a prescan of the raw bytes (decoded first when the document is UTF-16/32) refuses a document type declaration
   before the root element and any ``<!ENTITY`` declaration: a billion-laughs or XXE file is refused before lxml
   sees it, in microseconds whatever its size;
2. the lxml parser is locked down: no DTD loading or validation, no entity substitution, no network, no huge
   trees (libxml2's depth and size limits stay on), comments and processing instructions dropped, and a resolver
   that answers every load request with an empty document instead of the file or URL;
3. after parsing, any DTD that got through (an encoding the prescan cannot read) is refused, and so is any
   XInclude element (lxml never processes XInclude unless asked, but such a document is hostile).

An undefined entity reference (``&xxe;`` without a DTD) or any other entity error, and a document that hits one of
libxml2's resource limits (entity amplification, nesting depth), are refused as ``FORBIDDEN_CONTENT``; every other
parse failure (empty, not XML, unsupported encoding, mismatched tags) is ``MALFORMED``.
"""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import AnyStr, Generic, cast

from lxml import etree

from shared.domain.documents.model import DocumentRefused

XINCLUDE_NAMESPACES = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")

_ENTITY_ERRORS = frozenset(
    {
        etree.ErrorTypes.ERR_UNDECLARED_ENTITY,
        etree.ErrorTypes.WAR_UNDECLARED_ENTITY,
        etree.ErrorTypes.ERR_ENTITY_LOOP,
        etree.ErrorTypes.ERR_ENTITY_BOUNDARY,
        etree.ErrorTypes.ERR_ENTITY_IS_EXTERNAL,
        etree.ErrorTypes.ERR_ENTITY_IS_PARAMETER,
        etree.ErrorTypes.ERR_EXT_ENTITY_STANDALONE,
        etree.ErrorTypes.ERR_ENTITY_PE_INTERNAL,
        etree.ErrorTypes.ERR_ENTITY_PROCESSING,
        etree.ErrorTypes.ERR_ENTITYREF_IN_PROLOG,
        etree.ErrorTypes.ERR_ENTITYREF_IN_EPILOG,
        etree.ErrorTypes.ERR_ENTITYREF_IN_DTD,
        etree.ErrorTypes.ERR_UNPARSED_ENTITY,
    }
)
_LIMIT_ERRORS = frozenset(
    {
        etree.ErrorTypes.ERR_RESOURCE_LIMIT,  # entity amplification (billion laughs), nesting depth, huge nodes
    }
)

# (byte signature, codec) of encodings in which "<" is not the single byte 0x3C; longest signatures first.
_WIDE_ENCODINGS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


class _DenyResolver(etree.Resolver):
    """Answers every external load (DTD, entity, XInclude) with an empty document: nothing is ever read."""

    # lxml calls resolve(system_url, public_id, context); lxml-stubs 0.5.1 omits the context argument.
    def resolve(self, system_url: str, public_id: str, context: object) -> object:  # type: ignore[override]
        return self.resolve_string("", context, base_url=None)


def _new_parser() -> etree.XMLParser:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        recover=False,
    )
    parser.resolvers.add(_DenyResolver())
    return parser


_local = threading.local()


def _parser() -> etree.XMLParser:
    """One parser per thread: an lxml parser must not be used by two threads at once."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = _new_parser()
    return parser


def _readable(content: bytes) -> str | bytes:
    """The document as text "<!DOCTYPE" can be searched in: decoded for UTF-16/32, else the bytes themselves.

    Every other encoding libxml2 reads without a byte-order mark (UTF-8, EUC-KR, ISO-8859-x ...) writes markup
    in ASCII, so searching the bytes finds the same markup at the same place (and copies nothing).
    """
    head = content[:4]
    for signature, codec in _WIDE_ENCODINGS:
        if head.startswith(signature):
            return content.decode(codec, errors="replace")
    return content


@dataclass(frozen=True, slots=True)
class _Markup(Generic[AnyStr]):
    """The markup the prescan searches for, as text (a decoded UTF-16/32 document) or as bytes (every other one)."""

    entity: AnyStr
    open: AnyStr
    pi: AnyStr
    pi_end: AnyStr
    comment: AnyStr
    comment_end: AnyStr
    declaration: AnyStr
    xinclude: AnyStr


_TEXT_MARKUP: _Markup[str] = _Markup("<!ENTITY", "<", "<?", "?>", "<!--", "-->", "<!", "XInclude")
_BYTES_MARKUP: _Markup[bytes] = _Markup(b"<!ENTITY", b"<", b"<?", b"?>", b"<!--", b"-->", b"<!", b"XInclude")


def _refuse_declarations(text: str | bytes) -> None:
    """Refuse a document type declaration in the prolog, or an entity declaration anywhere.

    Only the prolog is walked for ``<!DOCTYPE``, skipping the XML declaration, processing instructions and
    comments, so that a note quoting ``<!DOCTYPE html>`` inside the body is not taken for one.
    """
    if isinstance(text, str):
        _refuse_in(text, _TEXT_MARKUP)
    else:
        _refuse_in(text, _BYTES_MARKUP)


def _refuse_in(text: AnyStr, m: _Markup[AnyStr]) -> None:
    if m.entity in text:
        raise DocumentRefused("FORBIDDEN_CONTENT", "entity declarations are not accepted")
    position = 0
    while True:
        start = text.find(m.open, position)
        if start < 0:
            return
        if text.startswith(m.pi, start):
            end, skip = text.find(m.pi_end, start + 2), 2
        elif text.startswith(m.comment, start):
            end, skip = text.find(m.comment_end, start + 4), 3
        elif text.startswith(m.declaration, start):
            raise DocumentRefused("FORBIDDEN_CONTENT", "document type declarations (DOCTYPE) are not accepted")
        else:
            return  # the root element starts here
        if end < 0:
            return  # unterminated: the parser reports it
        position = end + skip


def _has_xinclude(text: str | bytes, root: etree._Element) -> bool:
    mentioned = _TEXT_MARKUP.xinclude in text if isinstance(text, str) else _BYTES_MARKUP.xinclude in text
    if not mentioned:
        return False
    return any(next(root.iter(f"{{{ns}}}*"), None) is not None for ns in XINCLUDE_NAMESPACES)


def parse_xml(content: bytes) -> etree._Element:
    """Parse untrusted ``content`` and return the root element, or raise :class:`DocumentRefused`."""
    if not content or content.isspace():
        raise DocumentRefused("MALFORMED", "the document is empty")
    text = _readable(content)
    _refuse_declarations(text)
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as exc:
        code = exc.code  # type: ignore[attr-defined]  # lxml-stubs 0.5.1 omits ParseError.code (libxml2's error)
        if code in _ENTITY_ERRORS:
            raise DocumentRefused("FORBIDDEN_CONTENT", "entity references are not accepted") from None
        if code in _LIMIT_ERRORS:
            raise DocumentRefused("FORBIDDEN_CONTENT", f"the document exceeds the parser's limits: {exc.msg}") from None
        raise DocumentRefused("MALFORMED", f"not well-formed XML: {exc.msg}") from None
    except (ValueError, LookupError) as exc:  # e.g. an encoding lxml cannot handle
        raise DocumentRefused("MALFORMED", f"not parseable XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    doctype = docinfo.doctype  # type: ignore[union-attr]  # lxml-stubs 0.5.1 omits DocInfo.doctype
    if doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise DocumentRefused("FORBIDDEN_CONTENT", "document type declarations (DOCTYPE) are not accepted")
    if _has_xinclude(text, root):
        raise DocumentRefused("FORBIDDEN_CONTENT", "XInclude is not accepted")
    return root


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def text_of(element: etree._Element | None) -> str | None:
    """The stripped text of ``element``; ``None`` when it is absent, ``""`` when it is empty."""
    if element is None:
        return None
    value = element.text
    return value.strip() if value else ""


def parse_decimal(text: str | None) -> Decimal | None:
    """An ``xs:decimal`` literal as a ``Decimal`` (no exponent, NaN or infinity); ``None`` when it is not one."""
    if text is None or not _DECIMAL.fullmatch(text):
        return None
    return Decimal(text)


Lookup = Callable[[etree._Element], "etree._Element | None"]


def first_of(path: str, namespaces: dict[str, str]) -> Lookup:
    """A precompiled XPath lookup giving the first element at ``path`` below an element, or ``None``.

    Compiled once at import: several times faster per call than ``find`` with a multi-step path.
    """
    xpath = etree.XPath(path, namespaces=namespaces, smart_strings=False)

    def lookup(element: etree._Element) -> etree._Element | None:
        # The paths given to first_of select elements, so lxml returns a list of elements (stubs: any XPath result).
        found = cast("list[etree._Element]", xpath(element))
        return found[0] if found else None

    lookup.__name__ = lookup.__qualname__ = f"first_of({path!r})"
    return lookup
