"""The interface registry and the interfaces' text ⇄ value rules, without an app."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from studio.engine.schema import FieldInfo
from studio.ui.interfaces import (
    Interface,
    InterfaceContext,
    interface_class,
    register,
    registry,
)
from studio.ui.interfaces.boolean import BooleanInterface
from studio.ui.interfaces.datetime import DatetimeInterface, parse_moment
from studio.ui.interfaces.input import InputInterface
from studio.ui.interfaces.input_code import InputCodeInterface, json_text, parse_json
from studio.ui.interfaces.input_multiline import MultilineInterface
from studio.ui.interfaces.relational_summary import RelationalSummaryInterface, summary_text
from studio.ui.interfaces.select_dropdown import OTHER, SelectDropdownInterface, choices_of
from studio.ui.interfaces.tags import TagsInterface, clean_tag, tags_of
from studio.ui.interfaces.values import display_text, parse_text, visible


def field(kind: str, interface: str | None = None, **extra: object) -> FieldInfo:
    return FieldInfo("things", extra.pop("key", "value"), kind, "Value", interface=interface,
                     db_type=None if kind == "alias" else kind, **extra)  # type: ignore[arg-type]  # fmt: skip


def test_every_standard_interface_id_is_registered() -> None:
    expected = {
        "input": InputInterface,
        "input-multiline": MultilineInterface,
        "boolean": BooleanInterface,
        "datetime": DatetimeInterface,
        "select-dropdown": SelectDropdownInterface,
        "input-code": InputCodeInterface,
        "tags": TagsInterface,
    }
    for interface_id, cls in expected.items():
        assert registry()[interface_id] is cls


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("string", InputInterface),
        ("integer", InputInterface),
        ("uuid", InputInterface),
        ("text", MultilineInterface),
        ("boolean", BooleanInterface),
        ("date", DatetimeInterface),
        ("timestamp", DatetimeInterface),
        ("json", InputCodeInterface),
        ("csv", TagsInterface),
    ],
)
def test_an_unknown_interface_falls_back_to_the_types_default(kind: str, expected: type) -> None:
    assert interface_class(field(kind, "some-plugin-interface")) is expected
    assert interface_class(field(kind, None)) is expected


def test_relational_fields_get_an_interface_for_their_kind() -> None:
    from studio.ui.interfaces.m2a import M2AInterface
    from studio.ui.interfaces.m2o import M2OInterface
    from studio.ui.interfaces.o2m import O2MInterface

    assert interface_class(field("integer", "select-dropdown-m2o"), "m2o") is M2OInterface
    assert interface_class(field("integer", "select-dropdown-m2o"), "o2o") is M2OInterface
    # A field whose interface does not edit relations gets its kind's default.
    assert interface_class(field("integer", "input"), "m2o") is M2OInterface
    assert interface_class(field("alias", "list-o2m"), "o2m") is O2MInterface
    # An interface id of another kind is not trusted with this relation.
    assert interface_class(field("alias", "list-o2m"), "m2o") is M2OInterface
    assert interface_class(field("alias", "list-m2a"), "m2a") is M2AInterface
    from studio.ui.interfaces.translations import TranslationsInterface

    assert interface_class(field("alias", "translations"), "translations") is (
        TranslationsInterface
    )
    # A relational interface id without a relation still never becomes a text box.
    assert interface_class(field("alias", "list-o2m")) is RelationalSummaryInterface
    # And a relational interface is never used for a plain field.
    assert interface_class(field("string", "translations"), "none") is (RelationalSummaryInterface)


def test_register_replaces_an_interface_for_its_ids() -> None:
    from studio.ui.interfaces.m2o import M2OInterface

    class Picker(Interface):
        interface_ids = ("select-dropdown-m2o",)
        relational = True
        relation_kinds = frozenset({"m2o"})

    try:
        register(Picker)
        assert interface_class(field("integer", "select-dropdown-m2o"), "m2o") is Picker
        # It is also the default for its kind, but not for a kind it does not edit.
        assert interface_class(field("integer", "input"), "m2o") is Picker
        assert interface_class(field("integer", "select-dropdown-m2o"), "o2o") is (
            RelationalSummaryInterface
        )
    finally:
        register(M2OInterface)
    assert registry()["select-dropdown-m2o"] is M2OInterface


def test_numbers_are_checked_as_typed() -> None:
    assert parse_text(field("integer"), " 42 ") == (42, None)
    value, error = parse_text(field("integer"), "4.5")
    assert value is None and error == 'Value must be a whole number; "4.5" is not.'
    assert parse_text(field("integer"), "") == (None, None)
    assert parse_text(field("decimal", numeric_scale=2), "4.5") == (Decimal("4.50"), None)
    assert parse_text(field("float"), "1e3") == (1000.0, None)
    assert parse_text(field("float"), "abc")[1] == 'Value must be a number; "abc" is not.'
    too_big = parse_text(field("integer"), "99999999999")[1]
    assert too_big is not None and "out of range" in too_big
    assert parse_text(field("integer"), "0", options={"min": 1})[1] == "Value must be at least 1."
    assert parse_text(field("integer"), "7", options={"max": 5})[1] == "Value must be at most 5."


def test_uuids_are_checked_as_typed() -> None:
    key = uuid.uuid4()
    assert parse_text(field("uuid"), str(key)) == (key, None)
    error = parse_text(field("uuid"), "not-a-uuid")[1]
    assert error is not None and error.startswith("Value must be a UUID")


def test_strings_keep_their_text_and_respect_the_length() -> None:
    assert parse_text(field("string", max_length=5), "  ab ") == ("  ab ", None)
    assert parse_text(field("string"), "  ab ", options={"trim": True}) == ("ab", None)
    error = parse_text(field("string", max_length=5), "abcdefg")[1]
    assert error == "Value is 7 characters long; at most 5 fit."
    # Cleared: null where the column allows it, "" where it does not.
    assert parse_text(field("string"), "") == (None, None)
    assert parse_text(field("string", nullable=False), "") == ("", None)
    assert parse_text(field("string"), "[/x]") == ("[/x]", None)


def test_dates_and_times_are_checked_as_typed() -> None:
    assert parse_text(field("date"), "2025-02-28") == (date(2025, 2, 28), None)
    assert parse_text(field("date"), "2025-02-30")[1] == (
        'Value must be a date such as 2024-02-29; "2025-02-30" is not.'
    )
    assert parse_text(field("time"), "14:30") == (time(14, 30), None)
    assert parse_text(field("time"), "25:00")[1] is not None
    assert parse_text(field("dateTime"), "2025-02-28 14:30") == (
        datetime(2025, 2, 28, 14, 30),
        None,
    )
    assert parse_text(field("timestamp"), "2025-02-28 14:30") == (
        datetime(2025, 2, 28, 14, 30, tzinfo=UTC),
        None,
    )
    assert parse_text(field("timestamp"), "2025-02-28T16:30+02:00")[0] == datetime(
        2025, 2, 28, 14, 30, tzinfo=UTC
    )
    assert parse_text(field("date"), "  ") == (None, None)


def test_values_display_as_text_that_parses_back_to_them() -> None:
    cases = [
        (field("date"), date(2025, 1, 6)),
        (field("time"), time(9, 5)),
        (field("dateTime"), datetime(2025, 1, 6, 9, 0)),
        (field("timestamp"), datetime(2025, 1, 6, 9, 0, tzinfo=UTC)),
        (field("decimal", numeric_scale=2), Decimal("4.50")),
        (field("uuid"), uuid.UUID("0b7f3c1e-5d1a-4c52-9a35-3f4f8f1e2a6b")),
        (field("integer"), -3),
    ]
    for info, value in cases:
        text = display_text(info, value)
        assert parse_text(info, text) == (value, None), text
    assert display_text(field("time"), time(9, 5)) == "09:05:00"
    assert display_text(field("timestamp"), datetime(2025, 1, 6, 9, tzinfo=UTC)) == (
        "2025-01-06 09:00:00"
    )


def test_now_and_today_fill_in_the_moment() -> None:
    today = datetime.now(UTC).date().isoformat()
    assert parse_moment("date", "today") == today
    assert parse_moment("date", "now") == today
    assert parse_moment("dateTime", "today") == today
    assert parse_moment("dateTime", "now").startswith(today)
    assert len(parse_moment("time", "now")) == 8
    assert parse_moment("time", "today") == "today"
    assert parse_moment("date", "2025-01-01") == "2025-01-01"


def test_json_is_checked_with_where_it_goes_wrong() -> None:
    assert parse_json("Metadata", '{"a": [1, 2]}') == ({"a": [1, 2]}, None)
    assert parse_json("Metadata", "  ") == (None, None)
    value, error = parse_json("Metadata", '{"a": }')
    assert value is None
    assert error == "Metadata is not valid JSON: Expecting value (line 1, column 7)."
    assert json_text({"b": 1}) == '{\n  "b": 1\n}'


def test_tags_read_from_lists_and_csv_and_follow_the_options() -> None:
    assert tags_of(None) == []
    assert tags_of("a, b,,c") == ["a", "b", "c"]
    assert tags_of(["x", "", None, 3]) == ["x", "3"]
    assert clean_tag("  Big Data ", {}) == "Big Data"
    assert clean_tag("Big Data", {"capitalization": "lowercase", "whitespace": "-"}) == ("big-data")
    assert clean_tag("ab", {"capitalization": "uppercase"}) == "AB"


def test_choices_come_from_objects_or_bare_values() -> None:
    assert choices_of({"choices": [{"text": "Draft", "value": "draft"}, "x", {"value": 3}]}) == [
        ("Draft", "draft"),
        ("x", "x"),
        ("3", 3),
    ]
    assert choices_of({}) == []


def test_a_summary_says_how_many_and_shows_a_few() -> None:
    assert summary_text(0, []) == "no items"
    assert summary_text(1, ["Paris"]) == "1 item: Paris"
    assert summary_text(12, ["A", "B", "C"]) == "12 items: A, B, C, …"


def test_the_context_knows_when_it_creates() -> None:
    assert InterfaceContext("things").creating
    assert not InterfaceContext("things", key=3).creating


def test_tags_are_stored_in_the_fields_own_format() -> None:
    def stored(kind: str, tags: list[str], **extra: object) -> object:
        interface = TagsInterface(field(kind, "tags", **extra), {}, None, InterfaceContext("t"))
        return interface._stored(tags)

    assert stored("json", ["a", "b"]) == ["a", "b"]
    assert stored("csv", ["a", "b"]) == ["a", "b"]  # the engine joins a csv field's list
    assert stored("string", ["a", "b"]) == "a,b"
    assert stored("json", []) is None
    assert stored("json", [], nullable=False) == []
    assert stored("string", [], nullable=False) == ""


def test_control_characters_are_shown_as_visible_marks() -> None:
    assert visible("a\x1b[2Jb\x07") == "a\u241b[2Jb\u2407"
    assert visible("one\ntwo\tx") == "one\u240atwo\tx"
    assert visible("one\r\ntwo", multiline=True) == "one\r\ntwo"
    assert visible("\x7f\x9b") == "\u2421\ufffd"
    assert display_text(field("string"), "x\x1by") == "x\u241by"


def test_select_keeps_an_unlisted_value_and_offers_none_and_other_when_asked() -> None:
    choices = {"choices": [{"text": "Draft", "value": "draft"}, {"text": "Done", "value": "done"}]}

    def select(value: object, **options: object) -> SelectDropdownInterface:
        info = field("string", "select-dropdown")
        return SelectDropdownInterface(info, {**choices, **options}, value, InterfaceContext("t"))

    plain = select("draft")
    assert [str(text) for text, _ in plain._select_options("draft")] == ["Draft", "Done"]
    assert not plain._allow_blank()
    assert select(None)._allow_blank()  # an empty value stays representable
    assert select("draft", allowNone=True)._allow_blank()
    legacy = select("old")
    assert [str(t) for t, _ in legacy._select_options("old")][-1] == "old (not a listed choice)"
    assert legacy._selection_for("old") == "old"
    other = select("old", allowOther=True)
    assert [str(t) for t, _ in other._select_options("old")][-1] == "Other…"
    assert other._selection_for("old") == OTHER
