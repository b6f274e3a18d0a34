"""The form's rules without widgets: conditions, layout, edits, the payload and the checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from studio.engine.schema import CollectionInfo, FieldInfo, freeze
from studio.ui.form.conditions import field_state
from studio.ui.form.layout import FieldNode, GroupNode, build_layout, field_nodes, width_of
from studio.ui.form.state import FormState, default_values, duplicate_values


def field(key: str, kind: str = "string", **extra: Any) -> FieldInfo:
    for name in ("conditions", "validation", "options"):
        if name in extra:
            extra[name] = freeze(extra[name])
    db_type = None if kind == "alias" else kind
    return FieldInfo("posts", key, kind, key.title(), db_type=db_type, **extra)


def collection(*fields: FieldInfo) -> CollectionInfo:
    return CollectionInfo("posts", "Posts", {f.field: f for f in fields}, "id", editable=True)


PUBLISHED_ONLY = [
    {"name": "Only when published", "rule": {"status": {"_neq": "published"}}, "hidden": True}
]


def test_a_condition_applies_while_its_rule_matches() -> None:
    publish = field("publish_date", "date", conditions=PUBLISHED_ONLY)
    assert field_state(publish, {"status": "draft"}).hidden
    assert not field_state(publish, {"status": "published"}).hidden


def test_the_last_matching_condition_wins_and_merges_options() -> None:
    conditions = [
        {"name": "a", "rule": {"n": {"_gt": 1}}, "readonly": True, "options": {"x": {"y": 1}}},
        {"name": "b", "rule": {"n": {"_gt": 5}}, "required": True, "options": {"x": {"z": 2}}},
        {"name": "two keys", "rule": {"n": {"_gt": 0}, "m": {"_null": True}}, "hidden": True},
    ]
    info = field("title", options={"x": {"w": 0}, "keep": True}, conditions=conditions)
    state = field_state(info, {"n": 9})
    assert state.condition == "b"
    assert state.required and not state.readonly  # b's flags, over the field's own
    assert not state.hidden  # a rule with two top-level keys never counts
    assert state.options == {"x": {"w": 0, "z": 2}, "keep": True}
    assert field_state(info, {"n": 3}).readonly
    assert field_state(info, {"n": 0}).condition is None
    # A forced read-only (a locked collection) wins over any condition.
    assert field_state(info, {"n": 0}, readonly=True).readonly


def test_layout_orders_by_sort_and_nests_groups() -> None:
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True),
        field("late", sort=9),
        field("details", "alias", special=("alias", "no-data", "group"), sort=2),
        field("inner_b", group="details", sort=2, width="half"),
        field("inner_a", group="details", sort=1, width="half-left"),
        field("early", sort=1),
        field("divider", "alias", special=("alias", "no-data")),
        field("empty_group", "alias", special=("alias", "no-data", "group"), sort=3),
        field("orphan", group="missing", sort=5),
    )
    nodes = build_layout(info, lambda f: not f.is_alias and f.field != "id")

    def shape(node: FieldNode | GroupNode) -> object:
        if isinstance(node, FieldNode):
            return node.field.field
        return (node.field.field, [shape(child) for child in node.children])

    assert [shape(n) for n in nodes] == [
        "early",
        ("details", ["inner_a", "inner_b"]),
        "orphan",
        "late",
    ]
    assert isinstance(nodes[1], GroupNode)
    assert [f.field for f in field_nodes(nodes)] == [
        "early",
        "inner_a",
        "inner_b",
        "orphan",
        "late",
    ]
    assert width_of(info.fields["inner_a"]) == "half"
    assert width_of(field("x", width="fill")) == "fill"
    assert width_of(field("x", width="weird")) == "full"


def test_edits_are_what_differs_from_the_opening_values() -> None:
    info = collection(
        field("id", "integer", is_primary_key=True), field("title"), field("n", "integer")
    )
    state = FormState(info, info.fields.values(), {"id": 1, "title": "a", "n": 1}, creating=False)
    assert not state.dirty
    state.set("title", "b")
    state.set("n", 1)
    assert state.edited() == ["title"]
    state.set("title", "a")
    assert not state.dirty
    state.set("n", None, "N must be a whole number")
    assert state.edited() == ["n"]  # text that is not a value yet is an edit too
    assert state.message("n") == "N must be a whole number"
    state.reset()
    assert not state.dirty and state.message("n") is None


def test_true_is_not_one() -> None:
    info = collection(field("flag", "boolean"))
    state = FormState(info, info.fields.values(), {"flag": 1}, creating=False)
    state.set("flag", True)
    assert state.is_edited("flag")


def test_the_payload_holds_only_edited_writable_fields() -> None:
    clear = [{"name": "c", "rule": {"status": {"_eq": "draft"}}, "hidden": True,
              "clear_hidden_value_on_save": True}]  # fmt: skip
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True),
        field("status"),
        field("title"),
        field("publish_date", "date", conditions=clear),
    )
    initial = {"id": 1, "status": "published", "title": "t", "publish_date": date(2025, 1, 1)}
    state = FormState(info, info.fields.values(), initial, creating=False)
    state.set("id", 5)  # read-only: never sent
    state.set("status", "draft")
    assert state.payload() == {"status": "draft", "publish_date": None}


def test_checks_find_required_not_null_and_validation_problems_at_once() -> None:
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True, nullable=False),
        field("title", required=True),
        field(
            "slug",
            nullable=False,
            validation={"slug": {"_regex": "^[a-z-]+$"}},
            validation_message="Lowercase letters and dashes only.",
        ),
        field("minutes", "integer", validation={"minutes": {"_gte": 1}}),
        field("code", nullable=False),
        field("level", "integer", nullable=False, default_value=1),
    )
    state = FormState(info, info.fields.values(), default_values(info), creating=True)
    assert state.values["level"] == 1
    state.set("slug", "Bad Slug")
    state.set("minutes", 0)
    assert state.check() == {
        "title": "Title is required.",
        "slug": "Lowercase letters and dashes only.",
        "minutes": "Minutes does not pass its validation rule.",
        "code": "Code is required.",
    }
    state.set("title", "x")
    state.set("slug", "good-slug")
    state.set("minutes", 3)
    state.set("code", "c")
    assert state.check() == {}
    assert state.payload() == {"title": "x", "slug": "good-slug", "minutes": 3, "code": "c"}


def test_a_hidden_required_field_is_not_demanded() -> None:
    info = collection(field("status"), field("reason", required=True, conditions=PUBLISHED_ONLY))
    state = FormState(info, info.fields.values(), {"status": "draft"}, creating=False)
    assert state.check() == {}
    state.set("status", "published")
    assert state.check() == {"reason": "Reason is required."}


def test_a_copy_leaves_out_keys_unique_and_generated_fields() -> None:
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True),
        field("slug", is_unique=True),
        field("title"),
        field("created", "timestamp", special=("date-created",)),
        field("tags", "json"),
        field("related", "alias", special=("m2m",)),
    )
    values = {"id": 1, "slug": "s", "title": "T", "created": "x", "tags": ["a"], "related": None}
    assert duplicate_values(info, values) == {"title": "T", "tags": ["a"]}


def test_prefilled_values_are_edits_of_a_new_item() -> None:
    info = collection(field("title"), field("status", default_value="draft"))
    state = FormState(
        info, info.fields.values(), default_values(info), creating=True, prefilled={"title": "T"}
    )
    assert state.values == {"title": "T", "status": "draft"}
    assert state.edited() == ["title"]


def test_a_column_without_null_or_default_is_marked_as_one_to_fill() -> None:
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True, nullable=False),
        field("code", nullable=False),
        field("name", nullable=False, default_value=""),
        field("note"),
    )
    state = FormState(info, info.fields.values(), {}, creating=True)
    assert [name for name in info.fields if state.must_fill(name)] == ["code"]


def test_a_hidden_group_hides_its_fields_and_its_clear_writes_their_defaults() -> None:
    drafts = [{"name": "drafts", "rule": {"status": {"_eq": "draft"}}, "hidden": True,
               "clear_hidden_value_on_save": True}]  # fmt: skip
    info = collection(
        field("id", "integer", is_primary_key=True, has_auto_increment=True),
        field("status"),
        field("details", "alias", special=("alias", "no-data", "group"), conditions=drafts),
        field("featured", "boolean", group="details", default_value=False),
        field("rating", "decimal", group="details", required=True),
    )
    data_fields = field_nodes(build_layout(info, lambda f: True))
    initial = {"id": 1, "status": "published", "featured": True, "rating": None}
    state = FormState(info, data_fields, initial, creating=False)
    assert state.check() == {"rating": "Rating is required."}
    state.set("status", "draft")
    assert state.state("rating").hidden and state.state("featured").hidden
    assert state.check() == {}  # a required field the editor cannot see is not demanded
    assert state.payload() == {"status": "draft", "featured": False}  # its default, not null


def test_problems_come_in_the_forms_order() -> None:
    info = collection(field("title", required=True), field("minutes", "integer"))
    state = FormState(info, info.fields.values(), {}, creating=True)
    state.set("minutes", None, "Minutes must be a whole number.")
    assert list(state.check()) == ["title", "minutes"]
