"""One exception family, so every layer above can show `message` to a person as it is.

`field` names the field a message belongs to (the UI puts the message next to it); it is None
when the message concerns the whole operation.
"""

from __future__ import annotations


class StudioError(Exception):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidDatabaseURL(StudioError):
    """The text given as a database location is not one Studio can open."""


class DatabaseUnavailable(StudioError):
    """The database exists in principle but could not be reached or opened."""


class UnknownCollection(StudioError):
    def __init__(self, collection: str) -> None:
        super().__init__(f"There is no collection named {collection!r}.")
        self.collection = collection


class UnknownField(StudioError):
    def __init__(self, collection: str, field: str) -> None:
        super().__init__(f"Collection {collection!r} has no field named {field!r}.", field=field)
        self.collection = collection


class InvalidQuery(StudioError):
    """A query names something that does not exist or asks for something Studio cannot do."""


class InvalidValue(StudioError):
    """A value for an item that cannot be written; `field` says which one, when one is to blame.

    For a value inside a nested item, `field` is the relational field that holds it and `path`
    goes on into the nested item (`("ingredients", 2, "ingredients_id", "name")`). When that
    field's value was a change-set, `change` says which of its lists ("create" or "update") the
    index in `path` counts in.
    """

    path: tuple[str | int, ...] = ()
    change: str | None = None


class ItemNotFound(StudioError):
    def __init__(self, collection: str, key: object) -> None:
        super().__init__(f"There is no item {key!r} in {collection!r}.")
        self.collection = collection
        self.key = key
