"""Typed bridges to pynamodb's attributes where its annotations fall short (pynamodb 6.1 ships ``py.typed``, but
``MapAttribute.__init__`` and ``MapAttribute.as_dict`` are unannotated, and ``Attribute.set`` leaves out None).

Each bridge is the library's own call under a narrow ``cast``: what is stored and read does not change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from pynamodb.attributes import Attribute, MapAttribute
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action

_Map = TypeVar("_Map", bound="MapAttribute[Any, Any]")
_T = TypeVar("_T")
_V = TypeVar("_V")


def new_map(kind: type[_Map], **values: object) -> _Map:
    """``kind(**values)``: a map attribute's value (e.g. one history entry), or with attribute options (``default``,
    ``attr_name`` ...) a map attribute of a model."""
    return cast(Callable[..., _Map], kind)(**values)


def map_values(value: MapAttribute[str, _V]) -> dict[str, _V]:
    """``value.as_dict()``: the map's values by attribute name (the maps stored here nest no maps)."""
    return cast(Callable[[], dict[str, _V]], value.as_dict)()


def set_nullable(attribute: Attribute[_T], value: _T | None) -> Action:
    """``attribute.set(value)`` for an attribute declared ``null=True``, where None writes NULL: what
    ``Attribute.set`` does (it is ``Path(attribute).set``), typed to take None."""
    return Path(attribute).set(value)
