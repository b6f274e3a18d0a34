"""Step 2 of the wizard (the "Name" tab in advanced mode): the field's key and, for relational
kinds, the related collection (an existing one, or a new name that will be created) or, for a
many-to-any, the collections its items can come from.

The key is sanitised as it is typed (`KeyInput`: "Date Created" becomes `date_created`) and
checked against the collection's fields at once, so a clash is seen before anything is asked of
the engine.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from studio.engine.errors import StudioError
from studio.engine.names import check_key, sanitize_key
from studio.engine.schema import CollectionInfo
from studio.ui.widgets.key_input import KeyInput
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.pane import DraftPane

NEEDS_RELATED = frozenset({"m2o", "o2o", "o2m", "m2m"})


class KeyPane(DraftPane):
    DEFAULT_CSS = """
    KeyPane { height: auto; padding: 0 1; }
    KeyPane .key-label { text-style: bold; margin-top: 1; }
    KeyPane .key-label:first-of-type { margin-top: 0; }
    KeyPane .key-hint { color: $text-muted; }
    KeyPane .key-error { color: $error; height: auto; }
    KeyPane .key-error.-empty { display: none; }
    KeyPane Input { width: 1fr; }
    KeyPane #related-list { height: auto; max-height: 7; border: none; padding: 0; }
    KeyPane #related-list.-empty { display: none; }
    KeyPane #allowed-list { height: auto; max-height: 10; }
    """

    TITLE: ClassVar[str] = "Name"
    INPUTS: ClassVar[frozenset[str]] = frozenset(
        {"field", "related_collection", "allowed_collections", "collection"}
    )

    @classmethod
    def applies(cls, draft: FieldDraft) -> bool:
        return draft.editing is None

    @property
    def relation(self) -> str | None:
        return self.draft.kind.relation

    def collections(self) -> list[CollectionInfo]:
        """The collections a relation can point at: tables with a key."""
        found = self.overview.collections.values()
        return [c for c in found if not c.is_folder and c.primary_key is not None]

    def taken(self) -> set[str]:
        info = self.overview.collections.get(self.draft.collection)
        return {name.lower() for name in (info.fields if info is not None else ())}

    def compose(self) -> ComposeResult:
        yield Static("Key", classes="key-label")
        key_input = KeyInput(self.draft.key, placeholder="field_key", id="key-input", compact=True)
        yield key_input
        yield Static(Content(self._key_hint()), id="key-hint", classes="key-hint")
        yield Static("", id="key-error", classes="key-error -empty")
        if self.relation in NEEDS_RELATED:
            yield Static("Related collection", classes="key-label")
            names = [c.collection for c in self.collections()]
            yield Input(
                self.draft.related,
                placeholder="an existing collection, or a new name",
                suggester=SuggestFromList(names, case_sensitive=False),
                id="related-input",
                compact=True,
            )
            yield Static(Content(self._related_hint()), id="related-hint", classes="key-hint")
            yield Static("", id="related-error", classes="key-error -empty")
            listing = OptionList(*self._related_options(self.draft.related), id="related-list")
            listing.set_class(listing.option_count == 0, "-empty")
            yield listing
        elif self.relation == "m2a":
            yield Static("Collections the items can come from", classes="key-label")
            chosen = set(self.draft.allowed)
            yield SelectionList[str](
                *[
                    (c.name, c.collection, c.collection in chosen)
                    for c in self.collections()
                    if c.collection != self.draft.collection and not c.singleton
                ],
                id="allowed-list",
            )
            yield Static("", id="related-error", classes="key-error -empty")
        elif self.relation == "translations":
            hint = "The languages collection is 'languages' (created with 8 languages if missing)."
            yield Static(Content(hint), classes="key-hint")

    def on_mount(self) -> None:
        if not self.draft.key and self.relation == "translations":
            self.query_one("#key-input", Input).value = "translations"

    def focus_first(self) -> None:
        self.query_one("#key-input", Input).focus()

    # key ------------------------------------------------------------------------------------

    @on(Input.Changed, "#key-input")
    def _key_typed(self, event: Input.Changed) -> None:
        self.draft.type_key(event.value)
        self.query_one("#key-hint", Static).update(Content(self._key_hint()))
        problem = self._key_problem() if self.draft.key else None
        self._show("#key-error", problem or "")

    def _key_hint(self) -> str:
        if not self.draft.key:
            return "Lowercase letters, digits and underscores; typed text is converted."
        return f"Creates {self.draft.collection}.{self.draft.key}"

    def _key_problem(self) -> str | None:
        key = self.draft.key
        try:
            check_key(key, what="field", field="field")
        except StudioError as error:
            return error.message
        if key.lower() in self.taken():
            return f"Collection {self.draft.collection!r} already has a field {key!r}."
        return None

    # related collection ---------------------------------------------------------------------

    def _related_options(self, typed: str) -> list[Option]:
        needle = typed.strip().lower()
        return [
            Option(Content.assemble((c.collection, "bold"), "  ", (c.name, "dim")), id=c.collection)
            for c in self.collections()
            if needle in c.collection.lower() or needle in c.name.lower()
        ]

    @on(Input.Changed, "#related-input")
    def _related_typed(self, event: Input.Changed) -> None:
        self.draft.related = event.value.strip()
        self.query_one("#related-hint", Static).update(Content(self._related_hint()))
        self._show("#related-error", "")
        listing = self.query_one("#related-list", OptionList)
        listing.set_options(self._related_options(event.value))
        listing.set_class(listing.option_count == 0, "-empty")
        listing.highlighted = 0 if listing.option_count else None

    @on(OptionList.OptionSelected, "#related-list")
    def _related_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        related = self.query_one("#related-input", Input)
        related.value = event.option.id or ""
        related.cursor_position = len(related.value)
        related.focus()

    def _existing(self, name: str) -> str | None:
        for info in self.collections():
            if info.collection == name or info.collection.lower() == name.lower():
                return info.collection
        return None

    def _related_hint(self) -> str:
        related = self.draft.related
        if not related:
            return "Type a name, or pick one below (tab, then enter)."
        existing = self._existing(related)
        if existing is not None:
            return f"Existing collection {existing}"
        return f"New collection {sanitize_key(related) or '?'} will be created (key: id)"

    # the pane contract ----------------------------------------------------------------------

    def store(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        key_input = self.query_one("#key-input", Input)
        self.draft.type_key(key_input.value)
        problem = self._key_problem()
        if problem:
            problems["field"] = problem
        if self.relation in NEEDS_RELATED:
            typed = self.query_one("#related-input", Input).value.strip()
            existing = self._existing(typed) if typed else None
            related = existing or sanitize_key(typed)
            if not typed:
                problems["related_collection"] = "Choose a related collection or type a new name."
            elif existing is None:
                try:
                    check_key(related, what="collection", field="related_collection")
                except StudioError as error:
                    problems["related_collection"] = error.message
            if "related_collection" not in problems:
                self.draft.related = related
        elif self.relation == "m2a":
            allowed = tuple(self.query_one("#allowed-list", SelectionList).selected)
            if not allowed:
                problems["allowed_collections"] = (
                    "Choose at least one collection the items can come from."
                )
            else:
                self.draft.allowed = allowed
        return problems

    def show_error(self, input_name: str, message: str) -> None:
        if input_name in ("related_collection", "allowed_collections") and (
            self.relation in NEEDS_RELATED or self.relation == "m2a"
        ):
            self._show("#related-error", message)
            target = "#related-input" if self.relation in NEEDS_RELATED else "#allowed-list"
            self.query_one(target).focus()
            return
        self._show("#key-error", message)
        self.query_one("#key-input", Input).focus()

    def _show(self, selector: str, message: str) -> None:
        line = self.query_one(selector, Static)
        line.update(Content(message))
        line.set_class(not message, "-empty")
