"""Producer and consumer of the service's queue, behind one interface."""

{% if values.queue != 'none' -%}
import json
import threading
{% endif -%}
{% if values.queue == 'sqs' -%}
import time
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

    def __init__(self, url: str, client: Any = None) -> None:
        if client is None:
            import boto3

            client = boto3.client("sqs")
        self._url = url
        self._client = client
        self._running = False
        self._thread: threading.Thread | None = None

    def publish(self, message: dict[str, Any]) -> None:
        self._client.send_message(QueueUrl=self._url, MessageBody=json.dumps(message))

    def poll_once(self, handler: Handler) -> int:
        """One long poll: handles each message and deletes the processed ones.

        A message whose handler fails stays on the queue: SQS redelivers it
        after the visibility timeout, then the DLQ takes it.
        """
        res = self._client.receive_message(QueueUrl=self._url, WaitTimeSeconds=20, MaxNumberOfMessages=10)
        processed = 0
        for m in res.get("Messages", []):
            try:
                handler(json.loads(m["Body"]))
            except Exception:  # the message stays for a retry
                continue
            self._client.delete_message(QueueUrl=self._url, ReceiptHandle=m["ReceiptHandle"])
            processed += 1
        return processed

    def consume(self, handler: Handler) -> None:
        self._running = True

        def loop() -> None:
            while self._running:
                try:
                    self.poll_once(handler)
                except Exception:  # back off instead of spinning
                    time.sleep(1)

        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def ping(self) -> None:
        self._client.get_queue_attributes(QueueUrl=self._url, AttributeNames=["QueueArn"])

    def close(self) -> None:
        self._running = False
{%- elif values.queue == 'rabbitmq' %}


class RabbitQueue:
    """RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME).

    The publisher connection serves every request thread behind a lock and
    reconnects when the broker closed it; the consumer has its own
    connection in a background thread.
    """

    def __init__(self, url: str, name: str) -> None:
        import pika

        self._pika = pika
        self._params = pika.URLParameters(url)
        self._name = name
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._consumer: threading.Thread | None = None
        self._connect()

    def _connect(self) -> None:
        self._publisher = self._pika.BlockingConnection(self._params)
        self._channel = self._publisher.channel()
        # publish returns once the broker has confirmed the message
        self._channel.confirm_delivery()
        self._channel.queue_declare(queue=self._name, durable=True)

    def _with_channel(self, call: Callable[[Any], None]) -> None:
        with self._lock:
            if self._publisher.is_closed or self._channel.is_closed:
                self._connect()
            try:
                call(self._channel)
            except self._pika.exceptions.AMQPConnectionError:
                self._connect()
                call(self._channel)

    def publish(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode()
        properties = self._pika.BasicProperties(content_type="application/json", delivery_mode=2)
        self._with_channel(
            lambda ch: ch.basic_publish(exchange="", routing_key=self._name, body=body, properties=properties)
        )

    def consume(self, handler: Handler) -> None:
        def loop() -> None:
            connection = self._pika.BlockingConnection(self._params)
            channel = connection.channel()
            channel.queue_declare(queue=self._name, durable=True)
            for method, _props, body in channel.consume(self._name, inactivity_timeout=1):
                if self._stopping.is_set():
                    break
                if method is None:
                    continue
                try:
                    handler(json.loads(body))
                except Exception:  # dead-lettered by the broker's policy
                    channel.basic_nack(method.delivery_tag, requeue=False)
                    continue
                channel.basic_ack(method.delivery_tag)
            channel.cancel()
            connection.close()

        self._consumer = threading.Thread(target=loop, daemon=True)
        self._consumer.start()

    def ping(self) -> None:
        self._with_channel(lambda ch: ch.queue_declare(queue=self._name, durable=True, passive=True))

    def close(self) -> None:
        self._stopping.set()
        if self._consumer is not None:
            self._consumer.join(timeout=5)
        with self._lock:
            if self._publisher.is_open:
                self._publisher.close()
{%- endif %}
