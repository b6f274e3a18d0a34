"""The filter builder's model: rules become the engine's nested filters, operators fit types."""

from __future__ import annotations

import pytest

from studio.engine import types as ft
from studio.engine.errors import InvalidValue
from studio.engine.schema import FieldInfo
from studio.ui.filter_rules import FilterRule, check_value, combine, operators_for, summary


def field(kind: str) -> FieldInfo:
    return FieldInfo("cities", "f", kind, "Population", db_type="x")


def test_a_rule_through_an_m2o_nests_and_rules_combine_with_and() -> None:
    france = FilterRule("country.name", "_eq", "France", "Country → Name")
    known = FilterRule("population", "_nnull", None, "Population")
    assert france.to_filter() == {"country": {"name": {"_eq": "France"}}}
    assert known.to_filter() == {"population": {"_nnull": True}}
    assert combine([france]) == france.to_filter()
    assert combine([france], [{"status": {"_neq": "archived"}}]) == {
        "_and": [france.to_filter(), {"status": {"_neq": "archived"}}]
    }
    assert combine([]) is None
    assert summary([france, known]) == "Country → Name equals France and Population is not null"


def test_operators_fit_the_type() -> None:
    numbers = [op.key for op in operators_for(field(ft.INTEGER))]
    assert {"_lt", "_between", "_in"} <= set(numbers) and "_icontains" not in numbers
    assert operators_for(field(ft.STRING))[0].key == "_icontains"
    assert [op.key for op in operators_for(field(ft.BOOLEAN))] == ["_eq", "_neq", "_null", "_nnull"]
    assert "_lt" not in [op.key for op in operators_for(field(ft.JSON))]


def test_values_are_checked_against_the_type() -> None:
    number = field(ft.INTEGER)
    assert check_value(number, "_gt", "12") == "12"
    assert check_value(number, "_between", "1, 5") == "1, 5"
    assert check_value(number, "_null", "") is True
    with pytest.raises(InvalidValue, match="whole number"):
        check_value(number, "_in", "1, two")
    with pytest.raises(InvalidValue, match="two values"):
        check_value(number, "_between", "1")
    with pytest.raises(InvalidValue, match="Type a value"):
        check_value(number, "_eq", "")
    assert check_value(number, "_icontains", "12") == "12"  # a substring is never coerced
