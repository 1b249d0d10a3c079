from fastapi.testclient import TestClient

from app.items import MemoryItemStore
from app.main import create_app
from app.queue import InMemoryQueue, QueueUnavailableError


def make_client():
    store = MemoryItemStore()
    queue = InMemoryQueue()
    return TestClient(create_app(store, queue, service="test")), store, queue


def test_opens_the_store_at_start_up_and_closes_it_at_shutdown():
    events = []

    class RecordingStore(MemoryItemStore):
        def open(self) -> None:
            events.append("open")

        def close(self) -> None:
            events.append("close")

    with TestClient(create_app(RecordingStore(), None, service="test")) as client:
        assert events == ["open"]
        assert client.get("/health/ready").status_code == 200
    assert events == ["open", "close"]


def test_live_and_ready():
    client, _, _ = make_client()
    assert client.get("/health/live").status_code == 200
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"store": "ok", "queue": "ok"}


def test_not_ready_when_a_dependency_fails():
    client, store, _ = make_client()

    def broken():
        raise ConnectionError("refused")

    store.ping = broken
    ready = client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["store"] == "unavailable"


def test_create_read_list_and_publish():
    client, _, queue = make_client()
    created = client.post("/v1/items", json={"name": "pen", "quantity": 3})
    assert created.status_code == 201
    item = created.json()
    assert client.get(f"/v1/items/{item['id']}").json() == item
    assert len(client.get("/v1/items").json()["items"]) == 1
    assert queue.published == [{"type": "item.created", "payload": item}]


def test_answers_503_when_the_queue_is_unavailable():
    client, _, queue = make_client()

    def unavailable(_message):
        raise QueueUnavailableError("message not published: the RabbitMQ connection is down, reconnecting")

    queue.publish = unavailable
    res = client.post("/v1/items", json={"name": "pen", "quantity": 3})
    assert res.status_code == 503
    assert res.json() == {"error": "queue unavailable"}


def test_consumer_receives_published_messages():
    queue = InMemoryQueue()
    received = []
    queue.consume(received.append)
    queue.publish({"type": "ping", "payload": 1})
    assert received == [{"type": "ping", "payload": 1}]


def test_rejects_invalid_input():
    client, _, _ = make_client()
    invalid = (
        {},
        {"name": "", "quantity": 1},
        {"name": "x", "quantity": -1},
        {"name": "x", "quantity": 1, "extra": True},
    )
    for payload in invalid:
        assert client.post("/v1/items", json=payload).status_code == 422, payload
    assert client.get("/v1/items/unknown").status_code == 404


def test_metrics_by_route_and_status():
    client, _, _ = make_client()
    client.get("/health/live")
    client.post("/v1/items", json={})
    text = client.get("/metrics").text
    assert 'http_requests_total{method="GET",route="/health/live",service="test",status="200"} 1.0' in text
    assert 'http_requests_total{method="POST",route="/v1/items",service="test",status="422"} 1.0' in text
    assert 'http_request_duration_seconds_bucket{le="0.3"' in text
