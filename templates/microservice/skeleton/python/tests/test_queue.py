"""The queue adapters: {% if values.queue == 'sqs' %}SQS with botocore's Stubber (exact calls){% elif values.queue == 'rabbitmq' %}RabbitMQ against a real broker (AMQP_TEST_URL){% else %}the in-memory queue{% endif %}."""
{%- if values.queue == 'sqs' %}

import hashlib
import json

import botocore.session
import pytest
from botocore.stub import Stubber

from app.queue import SqsQueue

QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/111122223333/${{ values.name }}"


@pytest.fixture
def sqs():
    client = botocore.session.get_session().create_client(
        "sqs", region_name="eu-west-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def test_publish_sends_one_message_with_the_json_body(sqs):
    client, stubber = sqs
    body = json.dumps({"type": "item.created", "payload": {"id": "1"}})
    stubber.add_response(
        "send_message",
        {"MessageId": "m-1", "MD5OfMessageBody": md5(body)},
        {"QueueUrl": QUEUE_URL, "MessageBody": body},
    )
    SqsQueue(QUEUE_URL, client).publish({"type": "item.created", "payload": {"id": "1"}})


def test_poll_once_handles_messages_and_deletes_only_the_processed_ones(sqs):
    client, stubber = sqs
    ok, failing = '{"type": "a", "payload": 1}', '{"type": "fails", "payload": 2}'
    stubber.add_response(
        "receive_message",
        {
            "Messages": [
                {"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": ok, "MD5OfBody": md5(ok)},
                {"MessageId": "m-2", "ReceiptHandle": "r-2", "Body": failing, "MD5OfBody": md5(failing)},
            ]
        },
        {"QueueUrl": QUEUE_URL, "WaitTimeSeconds": 20, "MaxNumberOfMessages": 10},
    )
    stubber.add_response("delete_message", {}, {"QueueUrl": QUEUE_URL, "ReceiptHandle": "r-1"})
    received = []

    def handler(message):
        received.append(message)
        if message["type"] == "fails":
            raise RuntimeError("handler failed")

    assert SqsQueue(QUEUE_URL, client).poll_once(handler) == 1
    assert received == [{"type": "a", "payload": 1}, {"type": "fails", "payload": 2}]


def test_ping_asks_for_the_queue_arn_and_fails_when_sqs_refuses(sqs):
    client, stubber = sqs
    expected = {"QueueUrl": QUEUE_URL, "AttributeNames": ["QueueArn"]}
    stubber.add_response("get_queue_attributes", {"Attributes": {"QueueArn": "arn"}}, expected)
    stubber.add_client_error("get_queue_attributes", "AccessDenied", expected_params=expected)
    queue = SqsQueue(QUEUE_URL, client)
    queue.ping()
    with pytest.raises(client.exceptions.ClientError, match="AccessDenied"):
        queue.ping()
{%- elif values.queue == 'rabbitmq' %}

import logging
import os
import queue as stdqueue
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from app.queue import QueueUnavailableError, RabbitQueue, reconnect_delay

# A real broker: `make test AMQP_TEST_URL=amqp://guest:guest@127.0.0.1:5672`
# (CI starts RabbitMQ as a service). Without it these tests are skipped.
AMQP_TEST_URL = os.environ.get("AMQP_TEST_URL", "")
broker = pytest.mark.skipif(not AMQP_TEST_URL, reason="AMQP_TEST_URL is not set (no RabbitMQ broker to test against)")


@broker
def test_publishes_and_consumes_through_the_broker_in_order():
    name = f"test-{uuid.uuid4()}"
    q = RabbitQueue(AMQP_TEST_URL, name)
    received: stdqueue.Queue = stdqueue.Queue()
    try:
        q.ping()
        q.consume(received.put)
        q.publish({"type": "a", "payload": 1})
        q.publish({"type": "b", "payload": {"nested": True}})
        assert received.get(timeout=10) == {"type": "a", "payload": 1}
        assert received.get(timeout=10) == {"type": "b", "payload": {"nested": True}}
    finally:
        q.close()


@broker
def test_keeps_messages_published_while_no_consumer_runs():
    name = f"test-{uuid.uuid4()}"
    producer = RabbitQueue(AMQP_TEST_URL, name)
    producer.publish({"type": "later", "payload": 42})
    producer.close()
    consumer = RabbitQueue(AMQP_TEST_URL, name)
    received: stdqueue.Queue = stdqueue.Queue()
    try:
        consumer.consume(received.put)
        assert received.get(timeout=10) == {"type": "later", "payload": 42}
    finally:
        consumer.close()


def test_fails_to_connect_where_no_broker_listens():
    import pika

    with pytest.raises(pika.exceptions.AMQPConnectionError):
        RabbitQueue("amqp://guest:guest@127.0.0.1:1/%2F?connection_attempts=1", "nothing")


def test_reconnect_delays_double_up_to_the_cap_with_jitter():
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (7, 30.0), (100, 30.0)):
        for _ in range(50):
            assert ceiling / 2 <= reconnect_delay(attempt, 0.5, 30.0) <= ceiling


# The reconnect tests act on the broker too: AMQP_TEST_CTL is a rabbitmqctl
# command for it (e.g. `docker exec rabbitmq rabbitmqctl`). They close every
# connection of the broker's default vhost and restart its application.
AMQP_TEST_CTL = os.environ.get("AMQP_TEST_CTL", "")
broker_ctl = pytest.mark.skipif(
    not (AMQP_TEST_URL and AMQP_TEST_CTL), reason="AMQP_TEST_URL or AMQP_TEST_CTL is not set (no rabbitmqctl)"
)
# fast reconnects: the defaults are 0.5 s doubling to 30 s
FAST = {"min_reconnect_delay": 0.1, "max_reconnect_delay": 1.0}


def ctl(*args: str) -> None:
    subprocess.run(
        ["sh", "-c", f'{AMQP_TEST_CTL} "$@"', "rabbitmqctl", *args], check=True, timeout=60, capture_output=True
    )


def eventually(check: Callable[[], Any], seconds: float = 20) -> Any:
    """Retries `check` every 100 ms until it passes; fails with its last error after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return check()
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class Recording(logging.Handler):
    """Keeps what a queue logged."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.logger = logging.getLogger(f"test-queue-{uuid.uuid4()}")
        self.logger.propagate = False
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def messages(self) -> list[str]:
        return [r.getMessage() for r in list(self.records)]

    def logged(self, msg: str) -> None:
        assert msg in self.messages(), self.messages()


def threads_of(name: str) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(f"rabbitmq-{name}")]


def expect_recovered(q: RabbitQueue, received: stdqueue.Queue, log: Recording, first: str, after: dict) -> None:
    """Waits for the reconnect that began with the log line `first`, then proves ping, publish and consume."""
    eventually(lambda: log.logged("rabbitmq reconnected"))
    assert log.messages()[0] == first
    q.ping()
    q.publish(after)
    assert received.get(timeout=10) == after


@broker_ctl
def test_reconnects_after_the_broker_closed_its_connection():
    log = Recording()
    q = RabbitQueue(AMQP_TEST_URL, f"test-closed-{uuid.uuid4()}", logger=log.logger, **FAST)
    received: stdqueue.Queue = stdqueue.Queue()
    try:
        q.consume(received.put)
        q.publish({"type": "before", "payload": 1})
        assert received.get(timeout=10) == {"type": "before", "payload": 1}

        ctl("close_all_connections", "reconnect test")
        expect_recovered(q, received, log, "rabbitmq connection lost, reconnecting", {"type": "after", "payload": 2})
    finally:
        q.close()


@broker_ctl
def test_declares_the_queue_again_when_the_broker_deleted_it():
    log = Recording()
    name = f"test-deleted-{uuid.uuid4()}"
    q = RabbitQueue(AMQP_TEST_URL, name, logger=log.logger, **FAST)
    received: stdqueue.Queue = stdqueue.Queue()
    try:
        q.consume(received.put)

        ctl("delete_queue", name)
        expect_recovered(
            q,
            received,
            log,
            "rabbitmq consumer cancelled by the broker, reopening",
            {"type": "after-delete", "payload": 4},
        )
    finally:
        q.close()


@broker_ctl
def test_fails_fast_while_the_broker_is_stopped_recovers_and_closes_while_reconnecting():
    log, idle_log = Recording(), Recording()
    name = f"test-restart-{uuid.uuid4()}"
    q = RabbitQueue(AMQP_TEST_URL, name, logger=log.logger, **FAST)
    idle = RabbitQueue(AMQP_TEST_URL, f"{name}-idle", logger=idle_log.logger, **FAST)
    received: stdqueue.Queue = stdqueue.Queue()
    try:
        q.consume(received.put)

        ctl("stop_app")
        try:
            # readiness fails and publish fails at once, while reconnect attempts fail
            def ping_fails() -> None:
                try:
                    q.ping()
                except QueueUnavailableError:
                    return
                raise AssertionError("ping passed while the broker is stopped")

            eventually(ping_fails)
            started = time.monotonic()
            with pytest.raises(QueueUnavailableError, match="connection is down, reconnecting"):
                q.publish({"type": "during", "payload": 0})
            assert time.monotonic() - started < 1
            eventually(lambda: log.logged("rabbitmq reconnect failed"))
            failed = next(r for r in log.records if r.getMessage() == "rabbitmq reconnect failed")
            assert getattr(failed, "attempt", 0) >= 1 and getattr(failed, "delay_ms", -1) >= 0
            assert "error" in failed.__dict__

            # closed while reconnecting: close() returns with no thread left, and no attempt follows
            eventually(lambda: idle_log.logged("rabbitmq reconnect failed"))
            closing = threading.Thread(target=idle.close)
            closing.start()
            closing.join(timeout=10)
            assert not closing.is_alive(), "close() hangs while reconnecting"
            assert threads_of(f"{name}-idle") == []
            logged = len(idle_log.records)
            time.sleep(2 * FAST["max_reconnect_delay"])
            assert len(idle_log.records) == logged, idle_log.messages()[logged:]
            with pytest.raises(QueueUnavailableError, match="the queue is closed"):
                idle.publish({"type": "closed", "payload": 0})
        finally:
            ctl("start_app")

        eventually(q.ping, 30)

        def reconnected_last() -> None:
            assert log.messages()[-1] == "rabbitmq reconnected", log.messages()

        eventually(reconnected_last)
        q.publish({"type": "after-restart", "payload": 3})
        assert received.get(timeout=10) == {"type": "after-restart", "payload": 3}
    finally:
        q.close()
        idle.close()
    assert threads_of(name) == []
{%- else %}

from app.queue import InMemoryQueue


def test_delivers_published_messages_to_the_consumer():
    queue = InMemoryQueue()
    received = []
    queue.consume(received.append)
    queue.publish({"type": "a", "payload": 1})
    assert received == [{"type": "a", "payload": 1}]
    assert queue.published == [{"type": "a", "payload": 1}]
{%- endif %}
