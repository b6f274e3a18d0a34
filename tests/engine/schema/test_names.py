"""Keys suggested from labels, and the `_1`, `_2` rule."""

from __future__ import annotations

import pytest

from studio.engine import StudioError
from studio.engine.names import check_key, sanitize_key, unique_key


@pytest.mark.parametrize(
    ("label", "key"),
    [("Date Created", "date_created"), ("Crème brûlée!", "creme_brulee"),
     ("  Price (EUR) ", "price_eur"), ('"; DROP TABLE x', "drop_table_x")],
)  # fmt: skip
def test_sanitize_key(label: str, key: str) -> None:
    assert sanitize_key(label) == key
    check_key(key, what="field", field="field")


def test_unique_key_suffixes() -> None:
    assert unique_key("recipes_ingredients", set()) == "recipes_ingredients"
    taken = {"recipes_ingredients", "recipes_ingredients_1"}
    assert unique_key("recipes_ingredients", taken) == "recipes_ingredients_2"


def test_refusal_suggests_a_key() -> None:
    with pytest.raises(StudioError, match="try 'date_created'") as caught:
        check_key("Date Created", what="field", field="field")
    assert caught.value.field == "field"
