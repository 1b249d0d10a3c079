"""Producer and consumer of the service's queue, behind one interface."""

{% if values.queue != 'none' -%}
import json
import threading
{% endif -%}
from collections.abc import Callable
from typing import Any, Protocol

Handler = Callable[[dict[str, Any]], None]


class Queue(Protocol):
    def publish(self, message: dict[str, Any]) -> None: ...
    def consume(self, handler: Handler) -> None: ...
    def ping(self) -> None: ...
    def close(self) -> None: ...


class InMemoryQueue:
    """In-memory queue: tests, and local runs without a broker."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []
        self._handler: Handler | None = None

    def publish(self, message: dict[str, Any]) -> None:
        self.published.append(message)
        if self._handler:
            self._handler(message)

    def consume(self, handler: Handler) -> None:
        self._handler = handler

    def ping(self) -> None:
        return None

    def close(self) -> None:
        self._handler = None
{%- if values.queue == 'sqs' %}


class SqsQueue:
    """Amazon SQS (QUEUE_URL; credentials from IRSA)."""

    def __init__(self, url: str) -> None:
        import boto3

        self._url = url
        self._client = boto3.client("sqs")
        self._running = False

    def publish(self, message: dict[str, Any]) -> None:
        self._client.send_message(QueueUrl=self._url, MessageBody=json.dumps(message))

    def consume(self, handler: Handler) -> None:
        self._running = True

        def loop() -> None:
            while self._running:
                res = self._client.receive_message(QueueUrl=self._url, WaitTimeSeconds=20, MaxNumberOfMessages=10)
                for m in res.get("Messages", []):
                    handler(json.loads(m["Body"]))
                    self._client.delete_message(QueueUrl=self._url, ReceiptHandle=m["ReceiptHandle"])

        threading.Thread(target=loop, daemon=True).start()

    def ping(self) -> None:
        self._client.get_queue_attributes(QueueUrl=self._url, AttributeNames=["QueueArn"])

    def close(self) -> None:
        self._running = False
{%- elif values.queue == 'rabbitmq' %}


class RabbitQueue:
    """RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME)."""

    def __init__(self, url: str, name: str) -> None:
        import pika

        self._params = pika.URLParameters(url)
        self._name = name
        self._publisher = pika.BlockingConnection(self._params)
        self._channel = self._publisher.channel()
        self._channel.queue_declare(queue=name, durable=True)

    def publish(self, message: dict[str, Any]) -> None:
        self._channel.basic_publish(exchange="", routing_key=self._name, body=json.dumps(message).encode())

    def consume(self, handler: Handler) -> None:
        import pika

        def loop() -> None:
            connection = pika.BlockingConnection(self._params)
            channel = connection.channel()
            for method, _props, body in channel.consume(self._name):
                handler(json.loads(body))
                channel.basic_ack(method.delivery_tag)

        threading.Thread(target=loop, daemon=True).start()
        _ = pika

    def ping(self) -> None:
        self._channel.queue_declare(queue=self._name, durable=True, passive=True)

    def close(self) -> None:
        self._publisher.close()
{%- endif %}
