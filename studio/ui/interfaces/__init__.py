"""The interface registry: which widget edits a field, keyed by interface id (Directus's ids).

`interface_class(field, kind)` picks the class: the field's interface if it is registered,
otherwise the default for its type (`input` at worst). A field with a relation (or a
relational interface id) gets a relational interface; until those exist, the read-only
`RelationalSummaryInterface`. The relational interfaces issue plugs in with `register`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from studio.engine.schema import FieldInfo
from studio.engine.types import default_interface
from studio.ui.interfaces.base import Interface, InterfaceContext
from studio.ui.interfaces.boolean import BooleanInterface
from studio.ui.interfaces.datetime import DatetimeInterface
from studio.ui.interfaces.input import InputInterface
from studio.ui.interfaces.input_code import InputCodeInterface
from studio.ui.interfaces.input_multiline import MultilineInterface
from studio.ui.interfaces.m2a import M2AInterface
from studio.ui.interfaces.m2m import M2MInterface
from studio.ui.interfaces.m2o import M2OInterface
from studio.ui.interfaces.o2m import O2MInterface
from studio.ui.interfaces.relational_summary import RelationalSummaryInterface
from studio.ui.interfaces.select_dropdown import SelectDropdownInterface
from studio.ui.interfaces.tags import TagsInterface
from studio.ui.interfaces.translations import TranslationsInterface

__all__ = [
    "RELATIONAL_IDS",
    "Interface",
    "InterfaceContext",
    "create_interface",
    "interface_class",
    "register",
    "registry",
]

# Interface ids that edit a relation, whatever the field's relation metadata says.
RELATIONAL_IDS = frozenset(RelationalSummaryInterface.interface_ids) - {"relational-summary"}

_REGISTRY: dict[str, type[Interface]] = {}


def register(cls: type[Interface], *ids: str) -> type[Interface]:
    """File `cls` under `ids` (default: its own `interface_ids`), replacing what was there."""
    for interface_id in ids or cls.interface_ids:
        _REGISTRY[interface_id] = cls
    return cls


def registry() -> Mapping[str, type[Interface]]:
    return MappingProxyType(_REGISTRY)


for _cls in (
    InputInterface,
    MultilineInterface,
    BooleanInterface,
    DatetimeInterface,
    SelectDropdownInterface,
    InputCodeInterface,
    TagsInterface,
    RelationalSummaryInterface,
    M2OInterface,
    O2MInterface,
    M2AInterface,
    M2MInterface,
    TranslationsInterface,
):
    register(_cls)


# The interface a relation gets when its field names none that edits this kind of relation.
KIND_DEFAULTS = {
    "m2o": "select-dropdown-m2o",
    "o2o": "select-dropdown-m2o",
    "o2m": "list-o2m",
    "m2m": "list-m2m",
    "m2a": "list-m2a",
    "translations": "translations",
}


def interface_class(field: FieldInfo, relation_kind: str = "none") -> type[Interface]:
    found = _REGISTRY.get(field.interface or "")
    if relation_kind != "none" or (field.interface or "") in RELATIONAL_IDS:
        if found is not None and found.relational and found.edits(relation_kind):
            return found
        fallback = _REGISTRY.get(KIND_DEFAULTS.get(relation_kind, ""))
        if fallback is not None and fallback.relational and fallback.edits(relation_kind):
            return fallback
        return _REGISTRY.get("relational-summary", RelationalSummaryInterface)
    if found is None or found.relational:
        found = _REGISTRY.get(default_interface(field.type) or "input")
    return found or InputInterface


def create_interface(
    field: FieldInfo,
    options: Mapping[str, Any] | None,
    value: Any,
    context: InterfaceContext,
) -> Interface:
    kind = context.relation.kind.value if context.relation is not None else "none"
    return interface_class(field, kind)(field, options, value, context)
