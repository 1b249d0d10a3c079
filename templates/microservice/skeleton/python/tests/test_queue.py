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

import os
import queue as stdqueue
import uuid

import pytest

from app.queue import RabbitQueue

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
