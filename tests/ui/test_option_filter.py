"""Placeholders in a relational field's `filter` option are filled from the form's values."""

from __future__ import annotations

from studio.ui.option_filter import fill_placeholders


def test_a_placeholder_takes_the_form_value_with_its_type() -> None:
    rule = {"id": {"_neq": "{{id}}"}}
    assert fill_placeholders(rule, {"id": 7}) == {"id": {"_neq": 7}}


def test_a_rule_whose_placeholder_has_no_value_is_left_out() -> None:
    rule = {"_and": [{"id": {"_neq": "{{id}}"}}, {"status": {"_eq": "published"}}]}
    assert fill_placeholders(rule, {"id": None}) == {"_and": [{"status": {"_eq": "published"}}]}
    assert fill_placeholders({"id": {"_neq": "{{id}}"}}, {}) is None


def test_text_around_a_placeholder_is_rendered() -> None:
    rule = {"slug": {"_starts_with": "{{slug}}-"}}
    assert fill_placeholders(rule, {"slug": "home"}) == {"slug": {"_starts_with": "home-"}}


def test_rules_without_placeholders_pass_unchanged() -> None:
    rule = {"name": {"_in": ["a", "b"]}, "level": {"_gte": 2}}
    assert fill_placeholders(rule, {}) == rule
    assert fill_placeholders({}, {}) is None
    assert fill_placeholders(None, {}) is None
