"""The item stores: in memory{% if values.database == 'postgres' %}, and PostgreSQL's connection pool against a real server (DATABASE_TEST_URL){% endif %}."""
{%- if values.database == 'postgres' %}

import os
import threading
import time

import psycopg
import pytest
from psycopg_pool import PoolClosed, PoolTimeout

from app.items import MemoryItemStore, NewItem, PostgresItemStore
{%- else %}

from app.items import MemoryItemStore, NewItem
{%- endif %}


def test_memory_store_creates_reads_and_lists():
    store = MemoryItemStore()
    store.open()
    created = store.create(NewItem(name="pen", quantity=3))
    assert store.get(created.id) == created
    assert store.get("unknown") is None
    assert store.list() == [created]
    store.ping()
    store.close()
{%- if values.database == 'postgres' %}


# A database the tests may empty; without it (a laptop without PostgreSQL)
# they are skipped. The generated service's own connections carry its name.
DATABASE_TEST_URL = os.environ.get("DATABASE_TEST_URL", "")
APPLICATION_NAME = "${{ values.name }}"
needs_database = pytest.mark.skipif(not DATABASE_TEST_URL, reason="DATABASE_TEST_URL is not set")


def server_pids() -> set[int]:
    """The backends of the service's connections to the test database, as the server lists them."""
    with psycopg.connect(DATABASE_TEST_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()",
            (APPLICATION_NAME,),
        ).fetchall()
    return {row[0] for row in rows}


def eventually(check, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def store():
    store = PostgresItemStore(DATABASE_TEST_URL, min_size=1, max_size=2)
    store.open()
    with psycopg.connect(DATABASE_TEST_URL, autocommit=True) as admin:
        admin.execute("TRUNCATE items")
    yield store
    store.close()


@needs_database
def test_pool_opens_creates_the_table_and_stores_items(store):
    created = store.create(NewItem(name="pen", quantity=3))
    assert store.get(created.id) == created
    assert store.list() == [created]
    store.ping()


@needs_database
def test_concurrent_requests_share_at_most_max_size_connections(store):
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def create(i: int) -> None:
        start.wait()
        try:
            store.create(NewItem(name=f"item-{i}", quantity=i))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(item.name for item in store.list()) == [f"item-{i}" for i in range(8)]
    # the pool never opened more than max_size connections
    eventually(lambda: 1 <= len(server_pids()) <= 2)


@needs_database
def test_replaces_a_connection_the_server_closed(store):
    before = server_pids()
    assert before
    with psycopg.connect(DATABASE_TEST_URL, autocommit=True) as admin:
        for pid in before:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    eventually(lambda: not server_pids() & before)
    created = store.create(NewItem(name="after", quantity=1))
    assert store.list() == [created]


@needs_database
def test_close_closes_every_connection():
    store = PostgresItemStore(DATABASE_TEST_URL, min_size=2, max_size=2)
    store.open()
    opened = server_pids()
    assert len(opened) >= 2
    store.close()
    eventually(lambda: not server_pids() & opened)
    with pytest.raises(PoolClosed):
        store.list()


def test_open_fails_when_the_database_cannot_be_reached():
    # nothing listens on port 1: start-up fails instead of serving without a database
    store = PostgresItemStore("postgresql://nobody@127.0.0.1:1/none", max_size=1, open_timeout=1)
    with pytest.raises(PoolTimeout):
        store.open()
    store.close()
{%- endif %}
