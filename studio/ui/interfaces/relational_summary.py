"""A read-only line for a relational field until the relational interfaces replace it: the
related item's title (M2O/O2O), or how many items are linked and the first few titles.

Each summary is one engine read for its field (two when there are more items than it shows:
the count), never one per linked item.
"""

from __future__ import annotations

import re
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.engine.templates import render_template, template_fields
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.values import visible

SHOWN = 3


def summary_text(count: int, titles: list[str]) -> str:
    if count == 0:
        return "no items"
    noun = "item" if count == 1 else "items"
    more = ", …" if count > len(titles) else ""
    return f"{count} {noun}: {', '.join(titles)}{more}"


class RelationalSummaryInterface(Interface):
    interface_ids = (
        "relational-summary",
        "select-dropdown-m2o",
        "list-o2m",
        "list-m2m",
        "list-m2a",
        "translations",
        "list-o2m-tree-view",
        "file",
        "files",
        "file-image",
    )
    relational = True

    DEFAULT_CSS = """
    RelationalSummaryInterface Static { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static("…", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_value(self.value)

    def apply_readonly(self, readonly: bool) -> None:
        """Always read-only; nothing here takes focus."""

    def show_value(self, value: Any) -> None:
        self._load(value)

    def _show(self, text: str) -> None:
        self.query_one(Static).update(visible(text))

    @work(exclusive=True, group="summary", exit_on_error=False)
    async def _load(self, value: Any) -> None:
        try:
            text = await self.summary(value)
        except StudioError as error:
            text = f"(cannot read: {error.message})"
        self._show(text)

    async def summary(self, value: Any) -> str:
        relation = self.context.relation
        session = self.context.session
        if relation is None or session is None or relation.kind == RelationKind.NONE:
            return "(relation not set up)"
        overview = session.overview
        if relation.kind in (RelationKind.M2O, RelationKind.O2O, RelationKind.A2O):
            if value is None:
                return "no item"
            related = relation.related_collection
            if related is None or related not in overview.collections:
                return str(value)
            info = overview.collection(related)
            template = info.display_template or "{{" + str(info.primary_key) + "}}"
            found = await session.items(related).read_by_keys([value], template_fields(template))
            if not found:
                return f"{value} (missing in {info.name})"
            return render_template(template, found[0]) or str(value)
        if self.context.key is None:
            return "no items yet (linked items are edited once relational editing arrives)"
        many, fk, template = self._to_many_source()
        items_service = session.items(many)
        condition = {fk: {"_eq": self.context.key}}
        page = await items_service.read_many(
            {"fields": template_fields(template) or ["*"], "filter": condition, "limit": SHOWN}
        )
        titles = [render_template(template, item) or "?" for item in page]
        count = len(page)
        if count == SHOWN:
            count = (await items_service.count(condition)).value
        return summary_text(count, titles)

    def _to_many_source(self) -> tuple[str, str, str]:
        """(collection holding the links, its FK to this item, the template for a link)."""
        relation = self.context.relation
        session = self.context.session
        assert relation is not None and session is not None
        overview = session.overview
        if relation.kind == RelationKind.O2M:
            many = relation.related_collection or ""
            info = overview.collection(many)
            template = info.display_template or "{{" + str(info.primary_key) + "}}"
            return many, relation.related_field or "", template
        junction = overview.collection(relation.junction_collection or "")
        template = junction.display_template
        if not template and relation.kind != RelationKind.M2A and relation.related_collection:
            related = overview.collection(relation.related_collection)
            inner = related.display_template or "{{" + str(related.primary_key) + "}}"
            prefix = str(relation.junction_related_field)
            template = re.sub(r"\{\{\s*", "{{" + prefix + ".", inner)
        if not template:
            template = "{{" + str(relation.junction_related_field) + "}}"
        return junction.collection, relation.junction_field or "", template
