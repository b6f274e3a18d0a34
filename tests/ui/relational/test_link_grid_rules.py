"""The grid's widget-free rules: how wide a context cell is, how cells shrink to fit, and what
a save would refuse about a cell's value (the checks `FormState.check` makes)."""

from __future__ import annotations

from dataclasses import replace

from studio.engine.schema import FieldInfo
from studio.ui.widgets.link_grid_rules import (
    GAP,
    MIN_CELL,
    cell_problem,
    cell_width,
    fit_widths,
)

QUANTITY = FieldInfo(
    collection="recipes_ingredients",
    field="quantity",
    type="string",
    name="Quantity",
    db_type="VARCHAR(255)",
    max_length=255,
    width="half",
)
LEVEL = FieldInfo(
    collection="pages_sections",
    field="level",
    type="integer",
    name="Level",
    db_type="INTEGER",
    validation={"level": {"_between": [1, 6]}},
    validation_message="A heading level is 1 to 6.",
)


def test_a_cell_is_as_wide_as_its_values_usually_are() -> None:
    assert cell_width(LEVEL) == 8
    assert cell_width(QUANTITY) == 18  # half width text
    assert cell_width(replace(QUANTITY, width="full")) == 28
    assert cell_width(replace(QUANTITY, max_length=3)) == MIN_CELL
    assert cell_width(replace(QUANTITY, max_length=10)) == 12
    choices = {"choices": [{"text": "tablespoon", "value": "tbsp"}, {"text": "g", "value": "g"}]}
    assert cell_width(replace(QUANTITY, interface="select-dropdown", options=choices)) == 14


def test_cells_shrink_to_leave_the_title_its_room() -> None:
    fields = [QUANTITY, LEVEL]
    assert fit_widths(fields, 80, 20) == [18, 8]  # they fit as they are
    narrow = fit_widths(fields, 40, 20)
    assert sum(narrow) + GAP * len(narrow) <= 40 - 20
    assert narrow[0] > narrow[1] >= MIN_CELL
    assert fit_widths(fields, 10, 20) == [MIN_CELL, MIN_CELL]  # never below a few cells


def test_a_value_is_refused_as_a_save_would_refuse_it() -> None:
    assert cell_problem(LEVEL, 3, {}) is None
    assert cell_problem(LEVEL, 9, {}) == "A heading level is 1 to 6."
    assert cell_problem(LEVEL, None, {}) is None  # empty: no rule to break, may be null
    required = replace(LEVEL, required=True)
    assert cell_problem(required, None, {}) == "Level is required."
    not_null = replace(QUANTITY, nullable=False)
    assert cell_problem(not_null, None, {}) == "Quantity is required."
    assert cell_problem(not_null, "", {}) is None  # an empty text is a value
    assert cell_problem(replace(QUANTITY, required=True), "  ", {}) == "Quantity is required."


def test_rules_and_conditions_see_the_links_other_values() -> None:
    rule = {"_or": [{"unit": {"_neq": "piece"}}, {"quantity": {"_regex": "^[0-9]+$"}}]}
    pieces = replace(QUANTITY, validation=rule, validation_message="Count pieces in numbers.")
    assert cell_problem(pieces, "2 g", {"unit": "piece"}) == "Count pieces in numbers."
    assert cell_problem(pieces, "2", {"unit": "piece"}) is None
    assert cell_problem(pieces, "2 g", {"unit": "g"}) is None
    condition = {"name": "cups", "rule": {"unit": {"_eq": "cup"}}, "required": True}
    conditional = replace(QUANTITY, conditions=(condition,))
    assert cell_problem(conditional, "", {"unit": "cup"}) == "Quantity is required."
    assert cell_problem(conditional, "", {"unit": "g"}) is None
    locked = replace(QUANTITY, conditions=({"rule": {}, "readonly": True, "required": True},))
    assert cell_problem(locked, None, {}) is None  # read-only: the cell is not the user's
