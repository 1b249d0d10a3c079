"""Producer and consumer of the service's queue, behind one interface."""

{% if values.queue != 'none' -%}
import json
{% endif -%}
{% if values.queue == 'rabbitmq' -%}
import logging
import queue as stdqueue
import random
{% endif -%}
{% if values.queue != 'none' -%}
import threading
import time
{% endif -%}
from collections.abc import Callable
{% if values.queue == 'rabbitmq' -%}
from concurrent.futures import Future, InvalidStateError
{% endif -%}
from typing import Any, Protocol

Handler = Callable[[dict[str, Any]], None]


class QueueUnavailableError(Exception):
    """The broker connection is down (the queue is reconnecting, or closed): the app answers 503."""


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
    """Amazon SQS (QUEUE_URL; credentials from EKS Pod Identity)."""

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


log = logging.getLogger(__name__)


def reconnect_delay(attempt: int, min_delay: float, max_delay: float) -> float:
    """Seconds to wait before reconnect attempt `attempt` (1, 2, ...).

    `min_delay` doubling up to `max_delay`, with "equal jitter" (half of it
    fixed, half random) so that the replicas of a service do not reconnect
    in step after a broker restart.
    """
    ceiling = min(max_delay, min_delay * 2 ** min(attempt - 1, 30))
    return ceiling / 2 + random.random() * (ceiling / 2)


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "connection closed"
    # pika's connection errors often have an empty str() and an informative repr()
    return f"{type(error).__name__}: {error}" if str(error) else repr(error)


class RabbitQueue:
    """RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME).

    The constructor makes the first connection (start-up fails without a
    broker). One I/O thread owns the connection (pika's BlockingConnection is
    not thread-safe): request threads hand it their publishes and pings and
    wait for the answer, and consumed messages go to a handler thread, so a
    slow handler never starves the connection's heartbeats.

    When the connection or its channel is lost later (broker restart,
    connection closed by the broker, dead peer found by heartbeats), the I/O
    thread reconnects with capped exponential backoff, declares the queue
    again and resumes the consumer. While it is disconnected, publish() fails
    at once with QueueUnavailableError instead of waiting for the broker: the
    request gets a 503 now and its client retries, and nothing is buffered in
    memory where a restart would lose it. ping() fails too, so readiness
    takes the instance out of service until the broker is back.
    """

    def __init__(
        self,
        url: str,
        name: str,
        *,
        min_reconnect_delay: float = 0.5,
        max_reconnect_delay: float = 30.0,
        logger: logging.Logger | None = None,
    ) -> None:
        import pika

        self._pika = pika
        self._params = pika.URLParameters(url)
        self._name = name
        self._min_delay = min_reconnect_delay
        self._max_delay = max_reconnect_delay
        self._log = logger or log
        self._lock = threading.Lock()
        self._closing = threading.Event()
        # the current connection and channel; None while disconnected
        self._connection: Any = None
        self._channel: Any = None
        self._consumer_channel: Any = None
        self._consumer_tag: str | None = None
        self._last_error: BaseException | None = None
        self._cancelled = False
        # publishes and pings waiting for the I/O thread
        self._pending: dict[Future[Any], str] = {}
        self._handler: Handler | None = None
        self._deliveries: stdqueue.Queue[tuple[Any, int, bytes] | None] = stdqueue.Queue()
        self._handling: threading.Thread | None = None
        connection, channel = self._open()
        self._connection, self._channel = connection, channel
        self._io = threading.Thread(target=self._run, args=(connection, channel), name=f"rabbitmq-{name}", daemon=True)
        self._io.start()

    def _open(self) -> tuple[Any, Any]:
        """Connects, opens a channel in confirm mode and declares the durable queue."""
        connection = self._pika.BlockingConnection(self._params)
        try:
            channel = connection.channel()
            # publish returns once the broker has confirmed the message
            channel.confirm_delivery()
            channel.queue_declare(queue=self._name, durable=True)
            channel.add_on_cancel_callback(self._on_cancelled)
        except BaseException:
            _close_quietly(connection)
            raise
        return connection, channel

    # --- the I/O thread ---

    def _run(self, connection: Any, channel: Any) -> None:
        while True:
            error = self._serve(connection, channel)
            if error is None:
                return
            self._lost(connection, error)
            reconnected = self._reconnect()
            if reconnected is None:
                return
            connection, channel = reconnected

    def _serve(self, connection: Any, channel: Any) -> BaseException | None:
        """Runs the connection until it is lost (returns why) or the queue closes (None)."""
        try:
            while not self._closing.is_set():
                connection.process_data_events(time_limit=0.2)
                if self._cancelled:
                    self._cancelled = False
                    return RuntimeError("the broker cancelled the consumer")
                if not channel.is_open or not connection.is_open:
                    return RuntimeError("the RabbitMQ channel closed")
        except Exception as error:  # noqa: BLE001 - any failure means the connection is gone
            return error
        self._shut_down(connection)
        return None

    def _on_cancelled(self, *_frame: Any) -> None:
        # the queue was deleted: a new connection declares it again and resumes consuming
        self._log.warning("rabbitmq consumer cancelled by the broker, reopening", extra={"queue": self._name})
        self._cancelled = True

    def _lost(self, connection: Any, error: BaseException) -> None:
        with self._lock:
            self._connection = self._channel = self._consumer_channel = None
            self._last_error = error
            pending = list(self._pending.items())
        for future, what in pending:
            _settle(future, exception=self._unavailable(what))
        _close_quietly(connection)  # when only the channel closed
        if self._closing.is_set():
            return
        self._log.warning(
            "rabbitmq connection lost, reconnecting", extra={"queue": self._name, "error": _describe(error)}
        )

    def _reconnect(self) -> tuple[Any, Any] | None:
        """Connects with backoff until it succeeds, or returns None once the queue is closing."""
        attempt = 0
        while True:
            attempt += 1
            delay = reconnect_delay(attempt, self._min_delay, self._max_delay)
            if self._closing.wait(delay):
                return None
            try:
                connection, channel = self._open()
            except Exception as error:  # noqa: BLE001 - retried
                if self._closing.is_set():
                    return None
                with self._lock:
                    self._last_error = error
                self._log.warning(
                    "rabbitmq reconnect failed",
                    extra={
                        "queue": self._name,
                        "attempt": attempt,
                        "delay_ms": round(delay * 1000),
                        "error": _describe(error),
                    },
                )
                continue
            try:
                self._resume(connection, channel)
            except Exception:  # noqa: BLE001 - lost again at once, or closing
                _close_quietly(connection)
                if self._closing.is_set():
                    return None
                continue
            self._log.info("rabbitmq reconnected", extra={"queue": self._name, "attempts": attempt})
            return connection, channel

    def _resume(self, connection: Any, channel: Any) -> None:
        """Makes a new connection the current one and restarts the consumer on it."""
        with self._lock:
            if self._closing.is_set():
                raise QueueUnavailableError("the queue is closed")
            if self._handler is not None:
                self._start_consumer(channel)
            self._connection, self._channel = connection, channel

    def _start_consumer(self, channel: Any) -> None:
        self._consumer_tag = channel.basic_consume(self._name, on_message_callback=self._on_delivery)
        self._consumer_channel = channel

    def _start_consumer_if_current(self, channel: Any) -> None:
        with self._lock:
            if self._channel is channel and self._consumer_channel is not channel and self._handler is not None:
                self._start_consumer(channel)

    def _on_delivery(self, channel: Any, method: Any, _properties: Any, body: bytes) -> None:
        self._deliveries.put((channel, method.delivery_tag, body))

    def _shut_down(self, connection: Any) -> None:
        """Cancels the consumer, lets the messages being handled finish (up to 5 s), then closes."""
        with self._lock:
            consumer_channel, tag = self._consumer_channel, self._consumer_tag
        try:
            if consumer_channel is not None and consumer_channel.is_open and tag is not None:
                consumer_channel.basic_cancel(tag)
            deadline = time.monotonic() + 5
            while self._deliveries.unfinished_tasks and time.monotonic() < deadline:
                connection.process_data_events(time_limit=0.05)
            connection.process_data_events(time_limit=0)  # the last acks
        except Exception:  # noqa: BLE001 - closing anyway
            pass
        with self._lock:
            self._connection = self._channel = self._consumer_channel = None
            pending = list(self._pending.items())
        for future, what in pending:
            _settle(future, exception=self._unavailable(what))
        _close_quietly(connection)

    # --- the handler thread ---

    def _handle(self) -> None:
        while True:
            item = self._deliveries.get()
            try:
                if item is None:
                    return
                self._handle_one(*item)
            finally:
                self._deliveries.task_done()

    def _handle_one(self, channel: Any, tag: int, body: bytes) -> None:
        if not channel.is_open:
            return  # its connection is gone: the broker delivers the message again
        handler = self._handler
        ok = handler is not None
        try:
            if handler is not None:
                handler(json.loads(body))
        except Exception:  # noqa: BLE001 - rejected, dead-lettered by the broker's policy
            ok = False
        try:
            channel.connection.add_callback_threadsafe(lambda: _ack(channel, tag, ok))
        except self._pika.exceptions.AMQPError:
            pass  # the connection closed meanwhile: the broker delivers the message again

    # --- the request threads ---

    def _unavailable(self, what: str) -> QueueUnavailableError:
        if self._closing.is_set():
            return QueueUnavailableError(f"{what}: the queue is closed")
        return QueueUnavailableError(
            f"{what}: the RabbitMQ connection is down, reconnecting: {_describe(self._last_error)}"
        )

    def _call(self, what: str, call: Callable[[Any], Any], timeout: float) -> Any:
        """Runs `call(channel)` on the I/O thread and returns its result; fails at once while disconnected."""
        future: Future[Any] = Future()
        with self._lock:
            connection, channel = self._connection, self._channel
            if channel is None:
                raise self._unavailable(what)
            self._pending[future] = what

        def run() -> None:
            if future.done():
                return
            try:
                _settle(future, result=call(channel))
            except BaseException as error:  # noqa: BLE001 - handed to the caller
                _settle(future, exception=error)

        exceptions = self._pika.exceptions
        try:
            connection.add_callback_threadsafe(run)
            return future.result(timeout)
        except TimeoutError as error:
            raise QueueUnavailableError(f"{what}: RabbitMQ did not answer within {timeout:g} s") from error
        except (exceptions.NackError, exceptions.UnroutableError):
            raise
        except exceptions.AMQPError as error:
            # the connection or channel closed before this queue heard of it
            raise QueueUnavailableError(f"{what}: the RabbitMQ channel is closed: {_describe(error)}") from error
        finally:
            with self._lock:
                self._pending.pop(future, None)

    def publish(self, message: dict[str, Any]) -> None:
        """Returns once the broker has confirmed the (persistent) message.

        Fails at once with QueueUnavailableError while the connection is
        down; a message in flight when the connection drops fails with it too.
        """
        body = json.dumps(message).encode()
        properties = self._pika.BasicProperties(content_type="application/json", delivery_mode=2)
        self._call(
            "message not published",
            lambda ch: ch.basic_publish(exchange="", routing_key=self._name, body=body, properties=properties),
            timeout=10,
        )

    def consume(self, handler: Handler) -> None:
        """Starts consuming (and resumes after each reconnect).

        Acks what the handler processed; a failed message is rejected without
        requeueing (the broker's dead-letter policy takes it). While
        disconnected, it returns and the consumer starts with the next
        connection.
        """
        with self._lock:
            self._handler = handler
            if self._handling is None:
                self._handling = threading.Thread(
                    target=self._handle, name=f"rabbitmq-{self._name}-handler", daemon=True
                )
                self._handling.start()
            channel = self._channel
            started = channel is not None and self._consumer_channel is channel
        if channel is None or started:
            return
        try:
            self._call("consumer not started", self._start_consumer_if_current, timeout=10)
        except QueueUnavailableError:
            pass  # lost meanwhile: the next connection starts the consumer

    def ping(self) -> None:
        """Fails while disconnected, or when the broker does not answer within 2 s."""
        self._call(
            "RabbitMQ unavailable",
            lambda ch: ch.queue_declare(queue=self._name, durable=True, passive=True),
            timeout=2,
        )

    def close(self) -> None:
        """Stops reconnecting and consuming, lets messages being handled finish, then closes.

        Returns once the queue's threads have ended (a handler still running
        after 5 s is left behind).
        """
        self._closing.set()
        self._io.join()
        with self._lock:
            handling = self._handling
        if handling is not None:
            self._deliveries.put(None)
            handling.join(timeout=5)


def _settle(future: Future[Any], *, result: Any = None, exception: BaseException | None = None) -> None:
    try:
        if exception is not None:
            future.set_exception(exception)
        else:
            future.set_result(result)
    except InvalidStateError:
        pass  # answered already


def _ack(channel: Any, tag: int, ok: bool) -> None:
    if not channel.is_open:
        return  # the broker delivers the message again
    try:
        if ok:
            channel.basic_ack(tag)
        else:
            # not requeued: the broker's dead-letter policy takes it
            channel.basic_nack(tag, requeue=False)
    except Exception:  # noqa: BLE001 - closed meanwhile: delivered again
        pass


def _close_quietly(connection: Any) -> None:
    try:
        if connection.is_open:
            connection.close()
    except Exception:  # noqa: BLE001 - closing anyway
        pass
{%- endif %}
