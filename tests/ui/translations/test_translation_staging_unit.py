"""The translations field's staging (drafts → change-set, change-set → drafts, a refusal →
its language) and the tab strip's wrapping, without an app or a database."""

from __future__ import annotations

from studio.engine.schema import FieldInfo
from studio.ui.translation_setup import TranslationSetup
from studio.ui.translation_staging import (
    Draft,
    Restored,
    blamed,
    blank,
    change_set,
    effect,
    filled,
    is_change_set,
    restore,
)
from studio.ui.widgets.language_tabs import Tab, wrap

SETUP = TranslationSetup(
    collection="articles",
    field="translations",
    junction="articles_translations",
    junction_key="id",
    parent_field="articles_id",
    language_field="languages_code",
    languages="languages",
    language_key="code",
    label_field="name",
    direction_field="direction",
    fields=("title", "summary"),
    default_language="en-US",
)
FIELDS = {
    name: FieldInfo("articles_translations", name, kind, name.title(), db_type=kind)
    for name, kind in (("title", "string"), ("summary", "text"))
}
ROWS = [
    {"id": 7, "languages_code": "en-US", "title": "Hello", "summary": "Hi."},
    {"id": 9, "languages_code": "fr-FR", "title": "Bonjour", "summary": None},
]


def test_filled_counts_as_the_engine_s_nempty() -> None:
    assert filled(FIELDS, {"title": "Hello", "summary": ""}) == 1
    assert filled(FIELDS, {"title": "Hello", "summary": "Hi."}) == 2
    assert blank(FIELDS, {"title": None, "summary": ""})
    assert not blank(FIELDS, {"title": " ", "summary": None})  # a space is a value


def test_a_language_without_a_row_is_created_only_with_a_typed_value() -> None:
    assert effect(FIELDS, Draft("de-DE")) is None
    assert effect(FIELDS, Draft("de-DE", changes={"title": "Hallo"})) == "create"
    # typed and cleared again (a NOT NULL text column reports ""): nothing to create
    assert effect(FIELDS, Draft("de-DE", changes={"title": ""})) is None
    assert effect(FIELDS, Draft("de-DE", changes={"title": None, "summary": "x"})) == "create"
    assert effect(FIELDS, Draft("de-DE", changes={"title": "Hallo"}, deleted=True)) is None


def test_a_language_with_a_row_is_updated_or_deleted() -> None:
    assert effect(FIELDS, Draft("en-US", 7)) is None
    assert effect(FIELDS, Draft("en-US", 7, {"title": None})) == "update"
    assert effect(FIELDS, Draft("en-US", 7, {"title": None}, deleted=True)) == "delete"


def test_the_change_set_names_languages_for_creates_and_rows_for_the_rest() -> None:
    drafts = [
        Draft("ar-SA", 3),
        Draft("de-DE", None, {"title": "Hallo", "summary": "Kurz."}),
        Draft("en-US", 7, {"title": "Hello!"}),
        Draft("es-ES", None, {"title": ""}),
        Draft("fr-FR", 9, {"title": None, "summary": None}, deleted=True),
    ]
    assert change_set(SETUP, FIELDS, drafts) == {
        "create": [{"languages_code": "de-DE", "title": "Hallo", "summary": "Kurz."}],
        "update": [{"id": 7, "title": "Hello!"}],
        "delete": [9],
    }
    assert change_set(SETUP, FIELDS, [Draft("en-US", 7, {"title": "x"})]) == {
        "update": [{"id": 7, "title": "x"}]
    }
    assert change_set(SETUP, FIELDS, [Draft("ar-SA", 3), Draft("de-DE")]) is None
    assert change_set(SETUP, FIELDS, []) is None


def test_a_change_set_is_restored_per_language() -> None:
    staged = {
        "create": [{"languages_code": "de-DE", "title": "Hallo", "stray": 1}],
        "update": [{"id": 7, "summary": "Hi there."}],
        "delete": [9],
    }
    assert restore(SETUP, staged, ROWS) == {
        "de-DE": Restored({"title": "Hallo"}),
        "en-US": Restored({"summary": "Hi there."}),
        "fr-FR": Restored({}, deleted=True),
    }
    # rows gone meanwhile are dropped; a create for a language that has a row edits it
    gone = {"update": [{"id": 99, "title": "x"}], "delete": [98]}
    assert restore(SETUP, gone, ROWS) == {}
    again = {"create": [{"languages_code": "en-US", "title": "Hello"}]}
    assert restore(SETUP, again, ROWS) == {"en-US": Restored({"title": "Hello"})}
    assert restore(SETUP, None, ROWS) == {}
    assert restore(SETUP, [{"languages_code": "de-DE"}], ROWS) == {}  # a whole set: not ours


def test_a_change_set_is_told_from_other_values() -> None:
    assert is_change_set({"create": [], "delete": [1]})
    assert not is_change_set({})
    assert not is_change_set({"title": "x"})
    assert not is_change_set({"create": "x"})
    assert not is_change_set([1, 2])


def test_a_refusal_is_traced_to_its_language() -> None:
    staged = {
        "create": [{"languages_code": "de-DE", "title": "x"}, {"languages_code": "es-ES"}],
        "update": [{"id": 9, "title": "y"}],
    }
    assert blamed(SETUP, staged, "create", 1, ROWS) == "es-ES"
    assert blamed(SETUP, staged, "update", 0, ROWS) == "fr-FR"
    assert blamed(SETUP, staged, "update", 1, ROWS) is None
    assert blamed(SETUP, staged, "delete", 0, ROWS) is None
    assert blamed(SETUP, staged, None, 0, ROWS) is None
    assert blamed(SETUP, None, "create", 0, ROWS) is None


def test_tabs_wrap_whole_and_keep_every_language_on_a_line() -> None:
    tabs = [
        Tab("Arabic (RTL)", "2/2", "complete"),
        Tab("German", "—"),
        Tab("English", "2/2", "complete", "●", "edited"),
        Tab("Spanish", "—"),
        Tab("French", "0/2", "missing", "✕", "deleted"),
    ]
    assert [tab.text for tab in tabs[:3]] == [" Arabic (RTL) 2/2 ", " German — ", " ● English 2/2 "]
    assert [tab.width for tab in tabs] == [18, 10, 15, 11, 14]
    assert wrap(tabs, 200) == [[0, 1, 2, 3, 4]]
    assert wrap(tabs, 45) == [[0, 1, 2], [3, 4]]  # 18 + 1 + 10 + 1 + 15 = 45
    assert wrap(tabs, 44) == [[0, 1], [2, 3, 4]]  # German does not fit: English below
    assert wrap(tabs, 41) == [[0, 1], [2, 3], [4]]
    assert wrap(tabs, 5) == [[0], [1], [2], [3], [4]]  # wider than the line: one each
    assert wrap([], 80) == []
