"""Which fields a form shows, in what order, and inside which group.

Fields are ordered by `sort` within their group (fields without one keep the schema's order,
after those with one). A field whose `group` names a group field of the collection (an alias
with the `group` flag) goes inside it; groups nest. Presentation-only aliases (dividers,
notices) hold no data and are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from studio.engine.schema import CollectionInfo, FieldInfo

WIDTHS = ("half", "full", "fill")


@dataclass
class FieldNode:
    field: FieldInfo


@dataclass
class GroupNode:
    field: FieldInfo
    children: list[FieldNode | GroupNode] = field(default_factory=list)


Node = FieldNode | GroupNode


def is_group(field: FieldInfo) -> bool:
    return field.is_alias and "group" in field.special


def width_of(field: FieldInfo) -> str:
    """half, full or fill (Directus's half-left/half-right are halves here)."""
    width = (field.width or "full").lower()
    if width.startswith("half"):
        return "half"
    return width if width in WIDTHS else "full"


def ordered(fields: Sequence[FieldInfo]) -> list[FieldInfo]:
    position = {f.field: index for index, f in enumerate(fields)}
    return sorted(fields, key=lambda f: (f.sort is None, f.sort or 0, position[f.field]))


def build_layout(
    info: CollectionInfo,
    shown: Callable[[FieldInfo], bool],
) -> list[Node]:
    """The form's tree; `shown` says which data fields belong on it (groups come with their
    children: an empty group is left out)."""
    fields = list(info.fields.values())
    groups = {f.field: f for f in fields if is_group(f)}
    children: dict[str | None, list[FieldInfo]] = {}
    for item in fields:
        parent = item.group if item.group in groups and item.group != item.field else None
        children.setdefault(parent, []).append(item)

    def build(parent: str | None, seen: frozenset[str]) -> list[Node]:
        nodes: list[Node] = []
        for item in ordered(children.get(parent, [])):
            if is_group(item):
                if item.field in seen:
                    continue
                inner = build(item.field, seen | {item.field})
                if inner:
                    nodes.append(GroupNode(item, inner))
            elif shown(item):
                nodes.append(FieldNode(item))
        return nodes

    return build(None, frozenset())


def field_nodes(nodes: Sequence[Node]) -> list[FieldInfo]:
    """Every data field in the tree, in form order."""
    found: list[FieldInfo] = []
    for node in nodes:
        if isinstance(node, GroupNode):
            found.extend(field_nodes(node.children))
        else:
            found.append(node.field)
    return found
