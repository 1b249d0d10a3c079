"""The example resource and where it is stored."""

import uuid
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class NewItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    quantity: int = Field(ge=0, le=1_000_000)


class Item(NewItem):
    id: str


class ItemStore(Protocol):
    def open(self) -> None: ...
    def create(self, item: NewItem) -> Item: ...
    def get(self, item_id: str) -> Item | None: ...
    def list(self) -> list[Item]: ...
    def ping(self) -> None: ...
    def close(self) -> None: ...


class MemoryItemStore:
    """In-memory store: tests, and local runs without a database."""

    def __init__(self) -> None:
        self._items: dict[str, Item] = {}

    def open(self) -> None:
        return None

    def create(self, item: NewItem) -> Item:
        created = Item(id=str(uuid.uuid4()), **item.model_dump())
        self._items[created.id] = created
        return created

    def get(self, item_id: str) -> Item | None:
        return self._items.get(item_id)

    def list(self) -> list[Item]:
        return list(self._items.values())

    def ping(self) -> None:
        return None

    def close(self) -> None:
        return None
{%- if values.database == 'postgres' %}


class PostgresItemStore:
    """PostgreSQL store (DATABASE_URL) over a connection pool.

    Requests run in FastAPI's thread pool; each borrows a connection for its
    statement and gives it back, so concurrent requests do not queue on one
    connection. open() (the app's start-up) connects, failing start-up when
    the database cannot be reached, and creates the table; close() (its
    shutdown) closes every connection. A connection the server dropped is
    found when it is borrowed and replaced.
    """

    def __init__(self, url: str, min_size: int = 1, max_size: int = 5, open_timeout: float = 10.0) -> None:
        from psycopg_pool import ConnectionPool

        self._open_timeout = open_timeout
        self._pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True, "connect_timeout": 2, "application_name": "${{ values.name }}"},
            check=ConnectionPool.check_connection,
            timeout=5,  # seconds a request waits for a free connection
            name="items",
            open=False,
        )

    def open(self) -> None:
        self._pool.open(wait=True, timeout=self._open_timeout)
        with self._pool.connection() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text NOT NULL, quantity integer NOT NULL)"
            )

    def create(self, item: NewItem) -> Item:
        created = Item(id=str(uuid.uuid4()), **item.model_dump())
        with self._pool.connection() as conn:
            conn.execute(
                "INSERT INTO items (id, name, quantity) VALUES (%s, %s, %s)",
                (created.id, created.name, created.quantity),
            )
        return created

    def get(self, item_id: str) -> Item | None:
        with self._pool.connection() as conn:
            row = conn.execute("SELECT id::text, name, quantity FROM items WHERE id = %s", (item_id,)).fetchone()
        return Item(id=row[0], name=row[1], quantity=row[2]) if row else None

    def list(self) -> list[Item]:
        with self._pool.connection() as conn:
            rows = conn.execute("SELECT id::text, name, quantity FROM items ORDER BY name LIMIT 100").fetchall()
        return [Item(id=r[0], name=r[1], quantity=r[2]) for r in rows]

    def ping(self) -> None:
        with self._pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")

    def close(self) -> None:
        self._pool.close()
{%- endif %}
