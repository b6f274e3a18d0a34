"""How a related item is named when parts of its template are empty: no empty brackets and no
loose separator, so a link without a quantity reads "Egg", not "Egg —"."""

from __future__ import annotations

import pytest

from studio.ui.related import title_of


@pytest.mark.parametrize(
    ("template", "item", "title"),
    [
        ("{{a}} — {{b}}", {"a": "Egg", "b": "3"}, "Egg — 3"),
        ("{{a}} — {{b}}", {"a": "Egg", "b": None}, "Egg"),
        ("{{a}} — {{b}}", {"a": None, "b": "3"}, "3"),
        ("{{a}} — {{b}} — {{c}}", {"a": "A", "c": "C"}, "A — C"),
        ("{{a}}: {{b}}", {"a": "Headings", "b": ""}, "Headings"),
        ("{{a}} ({{b}})", {"a": "Lyon"}, "Lyon"),
        ("{{a}}", {"a": "x - y"}, "x - y"),  # separators inside a value stay
        ("{{a}}", {"a": "-"}, "-"),
    ],
)
def test_empty_parts_leave_no_brackets_or_separators(
    template: str, item: dict[str, object], title: str
) -> None:
    assert title_of(template, item) == title


def test_a_template_that_renders_nothing_names_the_key() -> None:
    assert title_of("{{a}} — {{b}}", {"id": 7}, "id") == "7"
