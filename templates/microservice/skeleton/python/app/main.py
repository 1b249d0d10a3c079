"""HTTP app: health, metrics and the example resource.

Run with `python -m app` (uvicorn; SIGTERM stops accepting connections,
finishes in-flight requests, then the lifespan closes the clients).
"""

import logging
import os
import re
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from .items import Item, ItemStore, MemoryItemStore, NewItem
from .queue import InMemoryQueue, Queue, QueueUnavailableError

log = logging.getLogger("${{ values.name }}")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def create_app(store: ItemStore, queue: Queue | None, service: str = "${{ values.name }}") -> FastAPI:
    registry = CollectorRegistry()
    # process_cpu_seconds_total, process_resident_memory_bytes: the dashboard's saturation panels
    ProcessCollector(registry=registry)
    requests_total = Counter(
        "http_requests_total",
        "HTTP requests by method, route and status.",
        ["service", "method", "route", "status"],
        registry=registry,
    )
    duration = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency by method, route and status.",
        ["service", "method", "route", "status"],
        registry=registry,
        # 0.3, 0.5 and 1 s are the latency SLO thresholds of tiers 1, 2 and 3.
        buckets=(0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5),
    )
    consumed = Counter("queue_messages_consumed_total", "Messages consumed from the queue.", registry=registry)

    def on_message(message: dict[str, Any]) -> None:
        consumed.inc()
        log.info("message consumed: %s", message.get("type"))

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # start-up: connect the store (a database's pool) and start consuming
        store.open()
        if queue is not None:
            queue.consume(on_message)
        yield
        log.info("shutting down")
        if queue is not None:
            queue.close()
        store.close()

    app = FastAPI(title="${{ values.name }}", lifespan=lifespan)
    app.state.queue = queue

    @app.exception_handler(QueueUnavailableError)
    async def queue_unavailable(_request: Request, error: QueueUnavailableError) -> JSONResponse:
        # the broker is down and the queue reconnects: the client retries later
        log.warning("request failed: %s", error)
        return JSONResponse({"error": "queue unavailable"}, status_code=503)

    @app.middleware("http")
    async def observe(request: Request, call_next):
        start = time.perf_counter()
        # the caller's X-Request-Id when it sends a usable one, else a new one; echoed back
        request_id = request.headers.get("x-request-id", "")
        if not REQUEST_ID.fullmatch(request_id):
            request_id = uuid.uuid4().hex
        response = await call_next(request)
        response.headers["X-Request-Id"] = request_id
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        labels = (service, request.method, path, str(response.status_code))
        requests_total.labels(*labels).inc()
        duration.labels(*labels).observe(time.perf_counter() - start)
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "route": path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
            },
        )
        return response

    @app.get("/health/live")
    def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready")
    def ready() -> JSONResponse:
        checks: dict[str, str] = {}
        for name, dependency in (("store", store), ("queue", queue)):
            if dependency is None:
                continue
            try:
                dependency.ping()
                checks[name] = "ok"
            except Exception:  # noqa: BLE001 - any failure means not ready
                log.warning("readiness check failed: %s", name, exc_info=True)
                checks[name] = "unavailable"
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)

    @app.get("/metrics")
    def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v1/items", status_code=201)
    def create_item(item: NewItem) -> Item:
        created = store.create(item)
        if queue is not None:
            queue.publish({"type": "item.created", "payload": created.model_dump()})
        return created

    @app.get("/v1/items")
    def list_items() -> dict[str, list[Item]]:
        return {"items": store.list()}

    @app.get("/v1/items/{item_id}")
    def get_item(item_id: str) -> Item:
        item = store.get(item_id)
        if item is None:
            return JSONResponse({"error": "not found"}, status_code=404)  # type: ignore[return-value]
        return item

    return app


def app_from_env() -> FastAPI:
    store: ItemStore = MemoryItemStore()
{%- if values.database == 'postgres' %}
    if os.environ.get("DATABASE_URL"):
        from .items import PostgresItemStore

        store = PostgresItemStore(os.environ["DATABASE_URL"])
{%- endif %}
    queue: Queue | None = None
{%- if values.queue == 'sqs' %}
    if os.environ.get("QUEUE_URL"):
        from .queue import SqsQueue

        queue = SqsQueue(os.environ["QUEUE_URL"])
    else:
        queue = InMemoryQueue()
{%- elif values.queue == 'rabbitmq' %}
    if os.environ.get("AMQP_URL"):
        from .queue import RabbitQueue

        queue = RabbitQueue(os.environ["AMQP_URL"], os.environ.get("QUEUE_NAME", "${{ values.name }}"))
    else:
        queue = InMemoryQueue()
{%- else %}
    _ = InMemoryQueue  # no queue chosen for this service
{%- endif %}
    return create_app(store, queue, os.environ.get("SERVICE_NAME", "${{ values.name }}"))
